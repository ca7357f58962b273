import type { Knex } from 'knex';

/**
 * The protocol register (protocollo informatico, DPR 445/2000).
 *
 * - Numbers (art. 57): progressive per register (AOO) and calendar year, restarting at 1, never a
 *   gap, never a duplicate. They come from a counter row locked and incremented by the insert of the
 *   registration itself (trigger below), so a number exists only together with its registration,
 *   in the same transaction: a rollback returns the number, there is no sequence and no max()+1.
 * - Number, date, correspondent, subject and the documents' SHA-256 can never change (art. 53);
 *   nothing can be deleted; annulment (art. 54) keeps the data readable and records who, when, why
 *   and by which act. Classification, fascicolo and assigned office may change, traced by the audit log.
 * - Segnatura (art. 55): IPA code of the administration, AOO, register, date and number.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE scrivania.protocol_registers
      ADD COLUMN protocol_office_id integer REFERENCES scrivania.offices (id);
    COMMENT ON COLUMN scrivania.protocol_registers.protocol_office_id IS
      'The protocol office: its staff see and keep the whole register.';

    CREATE TABLE scrivania.protocol_counters (
      register_id  integer NOT NULL REFERENCES scrivania.protocol_registers (id),
      year         integer NOT NULL CHECK (year BETWEEN 1900 AND 2999),
      last_number  integer NOT NULL CHECK (last_number >= 0),
      PRIMARY KEY (register_id, year)
    );

    CREATE TABLE scrivania.protocol_entries (
      id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id                integer NOT NULL REFERENCES scrivania.enti (id),
      register_id            integer NOT NULL REFERENCES scrivania.protocol_registers (id),
      year                   integer NOT NULL,
      number                 integer NOT NULL CHECK (number BETWEEN 1 AND 9999999),
      registered_at          timestamptz NOT NULL,
      direction              text NOT NULL CHECK (direction IN ('incoming', 'outgoing', 'internal')),
      channel                text NOT NULL CHECK (channel IN ('online', 'pec', 'email', 'desk', 'post', 'internal')),
      correspondent_name     text NOT NULL CHECK (length(trim(correspondent_name)) > 0),
      correspondent_tax_code text,
      correspondent_address  text,
      person_id              bigint REFERENCES scrivania.persons (id),
      business_id            bigint REFERENCES scrivania.businesses (id),
      subject                text NOT NULL CHECK (length(trim(subject)) > 0),
      -- The sender's own reference (portal submission id, PEC message id): unique per register.
      external_ref           text,
      received_at            timestamptz,
      classification_id      integer NOT NULL REFERENCES scrivania.classifications (id),
      fascicolo_id           bigint REFERENCES scrivania.fascicoli (id),
      office_id              integer NOT NULL REFERENCES scrivania.offices (id),
      -- Deferred: a registration and the case it opens are inserted together, the entry first.
      instance_id            bigint REFERENCES scrivania.instances (id) DEFERRABLE INITIALLY DEFERRED,
      segnatura              text NOT NULL,
      registered_by          integer DEFAULT scrivania.current_staff_id() REFERENCES scrivania.staff (id),
      registered_login       text NOT NULL DEFAULT session_user,
      registered_xid         bigint NOT NULL DEFAULT txid_current(),
      annulled_at            timestamptz,
      annulled_by            integer REFERENCES scrivania.staff (id),
      annulled_login         text,
      annulment_reason       text,
      annulment_act          text,
      UNIQUE (register_id, year, number),
      CHECK (num_nonnulls(annulled_at, annulled_login, annulment_reason, annulment_act) IN (0, 4))
    );
    CREATE UNIQUE INDEX protocol_entries_external_ref_idx ON scrivania.protocol_entries (register_id, channel, external_ref)
      WHERE external_ref IS NOT NULL;
    CREATE INDEX protocol_entries_day_idx ON scrivania.protocol_entries (register_id, registered_at);
    CREATE INDEX protocol_entries_instance_idx ON scrivania.protocol_entries (instance_id) WHERE instance_id IS NOT NULL;
    CREATE INDEX protocol_entries_person_idx ON scrivania.protocol_entries (person_id) WHERE person_id IS NOT NULL;
    CREATE INDEX protocol_entries_business_idx ON scrivania.protocol_entries (business_id) WHERE business_id IS NOT NULL;

    -- The documents registered with an entry and their fingerprints, fixed at registration.
    CREATE TABLE scrivania.protocol_entry_documents (
      entry_id      bigint NOT NULL REFERENCES scrivania.protocol_entries (id),
      position      integer NOT NULL CHECK (position >= 1),
      document_id   bigint REFERENCES scrivania.documents (id),
      filename      text NOT NULL,
      content_type  text NOT NULL,
      size          bigint NOT NULL CHECK (size >= 0),
      sha256        char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      PRIMARY KEY (entry_id, position)
    );
  `);

  await knex.raw(`
    -- Numbering: the insert of a registration takes the next number of its register and year, under
    -- the counter row's lock, which is held until the registration commits or rolls back.
    CREATE FUNCTION scrivania.protocol_entries_number() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        register scrivania.protocol_registers%ROWTYPE;
        ipa text;
        day date;
      BEGIN
        SELECT * INTO register FROM scrivania.protocol_registers WHERE id = NEW.register_id;
        IF register.ente_id IS DISTINCT FROM NEW.ente_id OR NOT register.active THEN
          RAISE EXCEPTION 'Register % is not an active register of ente %', NEW.register_id, NEW.ente_id
            USING ERRCODE = '23503', HINT = 'scrivania:register_unavailable';
        END IF;
        NEW.registered_at := clock_timestamp();
        day := (NEW.registered_at AT TIME ZONE 'Europe/Rome')::date;
        NEW.year := extract(year FROM day)::integer;
        UPDATE scrivania.protocol_counters SET last_number = last_number + 1
         WHERE register_id = NEW.register_id AND year = NEW.year
         RETURNING last_number INTO NEW.number;
        IF NOT FOUND THEN
          -- First registration of the year: create the counter; a concurrent first registration
          -- waits on the primary key and then takes the next number.
          INSERT INTO scrivania.protocol_counters (register_id, year, last_number) VALUES (NEW.register_id, NEW.year, 1)
            ON CONFLICT (register_id, year) DO UPDATE SET last_number = scrivania.protocol_counters.last_number + 1
            RETURNING last_number INTO NEW.number;
        END IF;
        SELECT ipa_code INTO ipa FROM scrivania.enti WHERE id = NEW.ente_id;
        NEW.segnatura := ipa || '|' || register.aoo_code || '|' || to_char(day, 'YYYY-MM-DD') || '|' || lpad(NEW.number::text, 7, '0');
        NEW.registered_by := scrivania.current_staff_id();
        NEW.registered_login := session_user;
        NEW.registered_xid := txid_current();
        NEW.annulled_at := NULL; NEW.annulled_by := NULL; NEW.annulled_login := NULL;
        NEW.annulment_reason := NULL; NEW.annulment_act := NULL;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.protocol_entries_number() FROM PUBLIC;
    CREATE TRIGGER protocol_entries_number BEFORE INSERT ON scrivania.protocol_entries
      FOR EACH ROW EXECUTE FUNCTION scrivania.protocol_entries_number();

    -- Art. 53-54: what was registered never changes; annulment is the only way out, once, by a
    -- manager or administrator, with reason and authorising act.
    CREATE FUNCTION scrivania.protocol_entries_guard() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        role text := scrivania.current_staff_role();
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'Protocol registrations cannot be deleted (DPR 445/2000 art. 54)'
            USING ERRCODE = '42501', HINT = 'scrivania:protocol_immutable';
        END IF;
        IF OLD.annulled_at IS NOT NULL THEN
          RAISE EXCEPTION 'Registration %/% is annulled and cannot change', OLD.number, OLD.year
            USING ERRCODE = '42501', HINT = 'scrivania:protocol_annulled';
        END IF;
        IF (NEW.ente_id, NEW.register_id, NEW.year, NEW.number, NEW.registered_at, NEW.direction, NEW.channel,
            NEW.correspondent_name, NEW.correspondent_tax_code, NEW.correspondent_address, NEW.person_id, NEW.business_id,
            NEW.subject, NEW.external_ref, NEW.received_at, NEW.instance_id, NEW.segnatura, NEW.registered_by,
            NEW.registered_login, NEW.registered_xid)
           IS DISTINCT FROM
           (OLD.ente_id, OLD.register_id, OLD.year, OLD.number, OLD.registered_at, OLD.direction, OLD.channel,
            OLD.correspondent_name, OLD.correspondent_tax_code, OLD.correspondent_address, OLD.person_id, OLD.business_id,
            OLD.subject, OLD.external_ref, OLD.received_at, OLD.instance_id, OLD.segnatura, OLD.registered_by,
            OLD.registered_login, OLD.registered_xid) THEN
          RAISE EXCEPTION 'Number, date, correspondent and subject of a registration cannot change (DPR 445/2000 art. 53)'
            USING ERRCODE = '42501', HINT = 'scrivania:protocol_immutable';
        END IF;
        IF NEW.annulled_at IS NOT NULL THEN
          IF role IS NOT NULL AND role NOT IN ('manager', 'admin') THEN
            RAISE EXCEPTION 'Only the protocol manager may annul a registration'
              USING ERRCODE = '42501', HINT = 'scrivania:annulment_not_allowed';
          END IF;
          IF length(trim(coalesce(NEW.annulment_reason, ''))) < 5 OR length(trim(coalesce(NEW.annulment_act, ''))) < 3 THEN
            RAISE EXCEPTION 'Annulment needs a reason and the authorising act'
              USING ERRCODE = '23514', HINT = 'scrivania:annulment_incomplete';
          END IF;
          NEW.annulled_at := clock_timestamp();
          NEW.annulled_by := scrivania.current_staff_id();
          NEW.annulled_login := session_user;
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.protocol_entries_guard() FROM PUBLIC;
    CREATE TRIGGER protocol_entries_guard BEFORE UPDATE OR DELETE ON scrivania.protocol_entries
      FOR EACH ROW EXECUTE FUNCTION scrivania.protocol_entries_guard();
    CREATE TRIGGER protocol_entries_no_truncate BEFORE TRUNCATE ON scrivania.protocol_entries
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.refuse_change();
    CREATE TRIGGER protocol_counters_no_truncate BEFORE TRUNCATE ON scrivania.protocol_counters
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.refuse_change();

    -- The documents of a registration are those registered with it, in its own transaction.
    CREATE FUNCTION scrivania.protocol_entry_documents_guard() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          RAISE EXCEPTION 'The documents of a registration cannot change (DPR 445/2000 art. 53)'
            USING ERRCODE = '42501', HINT = 'scrivania:protocol_immutable';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM scrivania.protocol_entries e WHERE e.id = NEW.entry_id AND e.registered_xid = txid_current()) THEN
          RAISE EXCEPTION 'Documents can only be registered together with their registration'
            USING ERRCODE = '42501', HINT = 'scrivania:protocol_immutable';
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.protocol_entry_documents_guard() FROM PUBLIC;
    CREATE TRIGGER protocol_entry_documents_guard BEFORE INSERT OR UPDATE OR DELETE ON scrivania.protocol_entry_documents
      FOR EACH ROW EXECUTE FUNCTION scrivania.protocol_entry_documents_guard();
    CREATE TRIGGER protocol_entry_documents_no_truncate BEFORE TRUNCATE ON scrivania.protocol_entry_documents
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.refuse_change();
  `);

  await knex.raw(`
    ALTER TABLE scrivania.protocol_counters ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.protocol_counters FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.protocol_entries ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.protocol_entries FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.protocol_entry_documents ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.protocol_entry_documents FORCE ROW LEVEL SECURITY;

    -- Counters are written only by the numbering trigger (SECURITY DEFINER); staff may read them.
    GRANT SELECT ON scrivania.protocol_counters TO scrivania_staff;
    CREATE POLICY protocol_counters_of_my_ente ON scrivania.protocol_counters FOR SELECT TO scrivania_staff
      USING (register_id IN (SELECT r.id FROM scrivania.protocol_registers r));

    GRANT SELECT, INSERT ON scrivania.protocol_entries, scrivania.protocol_entry_documents TO scrivania_staff;
    -- A registration reserves its case's id before taking the number, to keep the numbering short.
    GRANT USAGE ON SEQUENCE scrivania.instances_id_seq TO scrivania_staff;
    GRANT UPDATE (classification_id, fascicolo_id, office_id, annulled_at, annulment_reason, annulment_act)
      ON scrivania.protocol_entries TO scrivania_staff;

    -- The protocol office and administrators see the whole register; others the entries assigned to
    -- their offices.
    CREATE FUNCTION scrivania.keeps_register(p_register_id integer) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
        SELECT scrivania.current_staff_role() = 'admin'
            OR EXISTS (SELECT 1 FROM scrivania.protocol_registers r
                        WHERE r.id = p_register_id AND r.ente_id = scrivania.current_ente_id()
                          AND r.protocol_office_id = ANY (scrivania.current_office_ids()))
      $$;
    REVOKE ALL ON FUNCTION scrivania.keeps_register(integer) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.keeps_register(integer) TO scrivania_staff;

    CREATE POLICY protocol_entries_visible ON scrivania.protocol_entries FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id())
             AND (office_id = ANY ((SELECT scrivania.current_office_ids())::integer[]) OR scrivania.keeps_register(register_id)));
    CREATE POLICY protocol_entries_insert ON scrivania.protocol_entries FOR INSERT TO scrivania_staff
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY protocol_entries_update ON scrivania.protocol_entries FOR UPDATE TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id())
             AND (office_id = ANY ((SELECT scrivania.current_office_ids())::integer[]) OR scrivania.keeps_register(register_id)))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));

    CREATE POLICY protocol_entry_documents_visible ON scrivania.protocol_entry_documents FOR SELECT TO scrivania_staff
      USING (EXISTS (SELECT 1 FROM scrivania.protocol_entries e WHERE e.id = entry_id));
    CREATE POLICY protocol_entry_documents_insert ON scrivania.protocol_entry_documents FOR INSERT TO scrivania_staff
      WITH CHECK (EXISTS (SELECT 1 FROM scrivania.protocol_entries e WHERE e.id = entry_id));

    CREATE TRIGGER protocol_entries_audit AFTER UPDATE ON scrivania.protocol_entries
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE scrivania.protocol_entry_documents;
    DROP TABLE scrivania.protocol_entries;
    DROP TABLE scrivania.protocol_counters;
    DROP FUNCTION scrivania.keeps_register(integer);
    DROP FUNCTION scrivania.protocol_entry_documents_guard();
    DROP FUNCTION scrivania.protocol_entries_guard();
    DROP FUNCTION scrivania.protocol_entries_number();
    ALTER TABLE scrivania.protocol_registers DROP COLUMN protocol_office_id;
  `);
}
