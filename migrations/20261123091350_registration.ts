import type { Knex } from 'knex';

/** As this migration created it (a later one replaces it and goes back to it on the way down). */
export const REGISTER_INSTANCE_FUNCTION = `
    CREATE OR REPLACE FUNCTION scrivania.register_instance(p jsonb) RETURNS jsonb
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        ente integer := (p->>'enteId')::integer;
        classification integer := (p->>'classificationId')::integer;
        office integer := (p->>'officeId')::integer;
        case_id bigint := (p->>'instanceId')::bigint;
        fascicolo_year integer := extract(year FROM (clock_timestamp() AT TIME ZONE 'Europe/Rome'))::integer;
        fascicolo_number integer;
        fascicolo record;
        entry record;
        doc jsonb;
        doc_id bigint;
        position integer := 0;
      BEGIN
        IF ente IS DISTINCT FROM scrivania.current_ente_id() THEN
          RAISE EXCEPTION 'Registration for another ente' USING ERRCODE = '42501', HINT = 'scrivania:registration_not_allowed';
        END IF;
        IF NOT (office = ANY (scrivania.current_office_ids()) OR scrivania.keeps_register((p->>'registerId')::integer)) THEN
          RAISE EXCEPTION 'Only the protocol office or office % itself registers its instances', office
            USING ERRCODE = '42501', HINT = 'scrivania:registration_not_allowed';
        END IF;

        -- The fascicolo of the case (AgID): numbered per classification and year.
        INSERT INTO fascicolo_counters AS c (ente_id, classification_id, year, last_number)
          VALUES (ente, classification, fascicolo_year, 1)
          ON CONFLICT (ente_id, classification_id, year) DO UPDATE SET last_number = c.last_number + 1
          RETURNING last_number INTO fascicolo_number;
        INSERT INTO fascicoli (ente_id, classification_id, year, number, identifier, subject, owning_office_id, opened_on)
          SELECT ente, classification, fascicolo_year, fascicolo_number,
                 fascicolo_year || '-' || cl.code || '-' || lpad(fascicolo_number::text, 6, '0'),
                 p->>'subject', office, (clock_timestamp() AT TIME ZONE 'Europe/Rome')::date
            FROM classifications cl WHERE cl.id = classification AND cl.ente_id = ente AND cl.active
          RETURNING id, identifier INTO fascicolo;
        IF fascicolo.id IS NULL THEN
          RAISE EXCEPTION 'Unknown classification %', classification USING ERRCODE = '23503', HINT = 'scrivania:classification_missing';
        END IF;

        -- The protocol number: taken by this insert (trigger protocol_entries_number).
        INSERT INTO protocol_entries (ente_id, register_id, year, number, registered_at, direction, channel,
            correspondent_name, correspondent_tax_code, correspondent_address, person_id, business_id, subject,
            external_ref, received_at, classification_id, fascicolo_id, office_id, instance_id, segnatura)
          VALUES (ente, (p->>'registerId')::integer, 0, 1, now(), 'incoming', p->>'entryChannel',
            p->>'correspondentName', p->>'correspondentTaxCode', p->>'correspondentAddress',
            (p->>'personId')::bigint, (p->>'businessId')::bigint, p->>'subject',
            p->>'externalRef', (p->>'receivedAt')::timestamptz, classification, fascicolo.id, office, case_id, '')
          RETURNING id, year, number, registered_at, segnatura INTO entry;

        INSERT INTO instances (id, ente_id, office_id, procedure_type_id, applicant_person_id, applicant_business_id,
            subject, channel, status, protocol_register_id, protocol_year, protocol_number, received_at, due_date,
            tacit_approval_on, classification_id, fascicolo_id)
          OVERRIDING SYSTEM VALUE
          VALUES (case_id, ente, office, (p->>'procedureTypeId')::integer, (p->>'personId')::bigint, (p->>'businessId')::bigint,
            p->>'subject', p->>'channel', 'received', (p->>'registerId')::integer, entry.year, entry.number,
            (p->>'receivedAt')::timestamptz, (p->>'dueDate')::date, (p->>'tacitApprovalOn')::date, classification, fascicolo.id);

        FOR doc IN SELECT * FROM jsonb_array_elements(p->'documents') LOOP
          position := position + 1;
          INSERT INTO documents (ente_id, instance_id, title, kind)
            VALUES (ente, case_id, doc->>'title', doc->>'kind') RETURNING id INTO doc_id;
          INSERT INTO document_versions (document_id, ente_id, version, sha256, filename, content_type, size, name_check)
            VALUES (doc_id, ente, 1, doc->>'sha256', doc->>'filename', doc->>'contentType', (doc->>'size')::bigint,
                    coalesce(doc->>'nameCheck', 'matches'));
          INSERT INTO protocol_entry_documents (entry_id, position, document_id, filename, content_type, size, sha256)
            VALUES (entry.id, position, doc_id, doc->>'filename', doc->>'contentType', (doc->>'size')::bigint, doc->>'sha256');
        END LOOP;

        INSERT INTO instance_events (ente_id, instance_id, action, to_status, effective_on, details)
          VALUES (ente, case_id, 'register', 'received', ((p->>'receivedAt')::timestamptz AT TIME ZONE 'Europe/Rome')::date,
                  jsonb_build_object('protocolYear', entry.year, 'protocolNumber', entry.number, 'segnatura', entry.segnatura,
                                     'fascicolo', fascicolo.identifier, 'channel', p->>'channel'));

        RETURN jsonb_build_object('entryId', entry.id, 'year', entry.year, 'number', entry.number,
          'registeredAt', entry.registered_at, 'segnatura', entry.segnatura,
          'fascicoloId', fascicolo.id, 'fascicolo', fascicolo.identifier);
      END
      $$;
`;

/**
 * Registration of an incoming instance: protocol entry, fascicolo, case, documents and history in
 * one transaction, each submission at most once.
 *
 * - `registration_keys`: the sender's id of a submission (portal submission id, PEC message id),
 *   claimed at the start of the registration. A retry, a replay or a second importer inserting the
 *   same key waits for the first transaction and then finds the key taken: nothing is registered
 *   twice, and a duplicate never touches the protocol counter.
 * - `register_instance(p jsonb)`: the part of a registration that runs while the register's counter
 *   is locked, in one round trip. Everything that can be done before (claiming the key, the
 *   applicant, storing the bytes) is done by the caller first, so the lock is held only for these
 *   inserts and the commit. It runs with its owner's rights (the case may belong to an office the
 *   protocol clerk cannot see) and checks the caller's ente and office itself.
 * - `await_durable()`: returns once every earlier commit is on disk (registrations commit without
 *   waiting for it).
 *
 * 20261123093500_registration_throughput replaces `register_instance` (and restores this one on
 * the way down).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE scrivania.registration_keys (
      ente_id      integer NOT NULL REFERENCES scrivania.enti (id),
      source       text NOT NULL CHECK (source IN ('portal', 'pec', 'email')),
      external_id  text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 300),
      instance_id  bigint NOT NULL REFERENCES scrivania.instances (id) DEFERRABLE INITIALLY DEFERRED,
      claimed_at   timestamptz NOT NULL DEFAULT now(),
      claimed_by   text NOT NULL DEFAULT session_user,
      PRIMARY KEY (ente_id, source, external_id)
    );
    ALTER TABLE scrivania.registration_keys ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.registration_keys FORCE ROW LEVEL SECURITY;
    GRANT SELECT, INSERT ON scrivania.registration_keys TO scrivania_staff;
    -- The whole ente's keys are visible: an importer must recognise a duplicate even when the
    -- first registration went to an office it cannot see (it learns only that it exists).
    CREATE POLICY registration_keys_of_my_ente ON scrivania.registration_keys FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY registration_keys_insert ON scrivania.registration_keys FOR INSERT TO scrivania_staff
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()) AND claimed_by = session_user);
    CREATE TRIGGER registration_keys_append_only BEFORE UPDATE OR DELETE ON scrivania.registration_keys
      FOR EACH ROW EXECUTE FUNCTION scrivania.refuse_change();
  `);

  await knex.raw(`
    -- Registering is the protocol office's job for every office of the ente, and each office's for
    -- itself: the function runs with its owner's rights (the case it opens belongs to an office
    -- the protocol clerk need not see), so it checks here what row-level security would.
    ${REGISTER_INSTANCE_FUNCTION}
    REVOKE ALL ON FUNCTION scrivania.register_instance(jsonb) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.register_instance(jsonb) TO scrivania_clerk, scrivania_technician, scrivania_manager, scrivania_admin;

    -- Returns once everything committed before the call is on disk. A registration commits with
    -- synchronous_commit off, so the register's counter is unlocked as soon as its commit record
    -- is written, not after the disk flush (which would serialise every registration on one
    -- fsync); the registering client then calls this before acknowledging. Called in its own
    -- (synchronously committed) transaction: the transactional message gives it a transaction id
    -- and a WAL record, so its commit flushes the WAL up to itself, and with it every earlier
    -- commit. Concurrent callers share the flush. WAL is replayed in order, so a crash can only
    -- lose a tail of the register that nobody was told about: never a number in the middle.
    CREATE FUNCTION scrivania.await_durable() RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        PERFORM pg_catalog.pg_logical_emit_message(true, 'scrivania.durable', '');
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.await_durable() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.await_durable() TO scrivania_staff;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP FUNCTION scrivania.await_durable();
    DROP FUNCTION scrivania.register_instance(jsonb);
    DROP TABLE scrivania.registration_keys;
  `);
}
