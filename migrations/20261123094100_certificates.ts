import type { Knex } from 'knex';

/**
 * Certificates at the desk (DPR 445/2000 artt. 40-41, DPR 642/1972, CAD art. 23-ter c.5).
 *
 * - `certificate_exemptions`: the closed list of exemptions from the imposta di bollo (Tabella B of
 *   DPR 642/1972 and special laws), each with the norm printed on the certificate. National law:
 *   written by migrations only.
 * - `certificate_types`: configuration per ente (data source, template, legal references, bollo and
 *   allowed exemptions, diritti, validity, protocol, issuing roles). Every change raises `version`;
 *   a certificate keeps the snapshot of the type it was issued with, so editing a type never
 *   changes what was issued.
 * - `certificates`: the register. Numbers per ente and calendar year come from a counter row locked
 *   and incremented by the insert itself (as the protocol register's): no sequence, no max()+1, a
 *   rollback returns the number. A certificate is never deleted; only its annulment (reason, who,
 *   when) may be written, once, by a manager or an administrator. The database refuses a role not allowed for the type, an exemption
 *   not allowed for it and a bollo on a type exempt by law, whatever the client.
 * - `certificate_pdfs`: the PDF as issued, with its SHA-256, written in the issuing transaction only.
 * - `certificate_duplicates`: every duplicate printed (who, when); none of an annulled certificate.
 * - `verify_certificate(code)`: what anyone holding a printed copy may learn from its contrassegno.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE scrivania.certificate_exemptions (
      code      text PRIMARY KEY CHECK (code ~ '^[A-Z0-9_]{2,40}$'),
      label     text NOT NULL CHECK (length(trim(label)) > 0),
      norm      text NOT NULL CHECK (length(trim(norm)) > 0),
      position  integer NOT NULL,
      active    boolean NOT NULL DEFAULT true
    );

    CREATE TABLE scrivania.certificate_settings (
      ente_id           integer PRIMARY KEY REFERENCES scrivania.enti (id),
      -- The address the QR code points to; the code is appended as the parameter codice.
      verification_url  text NOT NULL CHECK (verification_url ~ '^https://[^\\s]+$'),
      -- Printed under the signatory's title; null: the staff member who issues.
      signatory_name    text CHECK (length(trim(signatory_name)) > 0),
      -- "Luogo" of "luogo e data".
      place             text NOT NULL CHECK (length(trim(place)) > 0),
      updated_at        timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE scrivania.certificate_types (
      id                    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id               integer NOT NULL REFERENCES scrivania.enti (id),
      code                  text NOT NULL CHECK (code ~ '^[A-Z0-9_]{2,40}$'),
      name                  text NOT NULL CHECK (length(trim(name)) >= 3),
      source                text NOT NULL CHECK (source IN ('residence', 'household', 'birth', 'cdu')),
      template              text NOT NULL CHECK (length(trim(template)) >= 10),
      legal_references      text NOT NULL DEFAULT '',
      bollo_applies         boolean NOT NULL,
      bollo_cents           integer NOT NULL DEFAULT 1600 CHECK (bollo_cents >= 0),
      exemption_codes       text[] NOT NULL DEFAULT '{}',
      fee_with_bollo_cents  integer NOT NULL CHECK (fee_with_bollo_cents >= 0),
      fee_exempt_cents      integer NOT NULL CHECK (fee_exempt_cents >= 0),
      -- Art. 41 c.1 DPR 445/2000: null is unlimited validity (states, personal qualities and facts
      -- not subject to change); otherwise months, six unless a norm says otherwise.
      validity_months       integer DEFAULT 6 CHECK (validity_months BETWEEN 1 AND 120),
      protocolled           boolean NOT NULL DEFAULT false,
      -- The office that issues it (printed in the header) and, for a protocolled type issued
      -- without a case, the classification of its outgoing registration.
      office_id             integer REFERENCES scrivania.offices (id),
      classification_id     integer REFERENCES scrivania.classifications (id),
      issuing_roles         text[] NOT NULL
                              CHECK (cardinality(issuing_roles) > 0
                                     AND issuing_roles <@ ARRAY['clerk', 'technician', 'manager', 'admin']),
      signatory_title       text NOT NULL CHECK (length(trim(signatory_title)) >= 3),
      active                boolean NOT NULL DEFAULT true,
      version               integer NOT NULL DEFAULT 1,
      updated_at            timestamptz NOT NULL DEFAULT now(),
      updated_login         text NOT NULL DEFAULT session_user,
      UNIQUE (ente_id, code),
      -- Art. 10 c.10 L. 68/1993 (as updated): the CDU's diritti lie between €5.16 and €51.65.
      CHECK (source <> 'cdu' OR (fee_with_bollo_cents BETWEEN 516 AND 5165 AND fee_exempt_cents BETWEEN 516 AND 5165)),
      -- A type exempt by law is issued under one of its exemptions.
      CHECK (bollo_applies OR cardinality(exemption_codes) > 0)
    );

    CREATE TABLE scrivania.certificate_counters (
      ente_id      integer NOT NULL REFERENCES scrivania.enti (id),
      year         integer NOT NULL CHECK (year BETWEEN 1900 AND 2999),
      last_number  integer NOT NULL CHECK (last_number >= 0),
      PRIMARY KEY (ente_id, year)
    );

    CREATE TABLE scrivania.certificates (
      id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id                integer NOT NULL REFERENCES scrivania.enti (id),
      year                   integer NOT NULL,
      number                 integer NOT NULL CHECK (number >= 1),
      issued_at              timestamptz NOT NULL,
      -- Null: unlimited validity (the type's validity_months was null when issued).
      valid_until            date,
      type_id                integer NOT NULL REFERENCES scrivania.certificate_types (id),
      type_version           integer NOT NULL,
      -- The type as it was when issued (name, template, references, signatory, fees).
      type_snapshot          jsonb NOT NULL,
      person_id              bigint NOT NULL REFERENCES scrivania.persons (id),
      holder_name            text NOT NULL CHECK (length(trim(holder_name)) > 0),
      holder_tax_code        text NOT NULL,
      -- What the certificate certifies, as printed: the source's fields and table.
      data                   jsonb NOT NULL,
      use_kind               text NOT NULL CHECK (use_kind IN ('bollo_paper', 'bollo_digital', 'exempt')),
      marca_serial           text CHECK (marca_serial ~ '^[0-9]{14}$'),
      iubd                   text,
      exemption_code         text REFERENCES scrivania.certificate_exemptions (code),
      exemption_norm         text,
      bollo_cents            integer NOT NULL CHECK (bollo_cents >= 0),
      bollo_collected_cents  integer NOT NULL CHECK (bollo_collected_cents >= 0),
      fee_cents              integer NOT NULL CHECK (fee_cents >= 0),
      payment_method         text CHECK (payment_method IN ('cash', 'card', 'pagopa')),
      payment_cents          integer NOT NULL CHECK (payment_cents = bollo_collected_cents + fee_cents),
      pagopa_reference       text CHECK (pagopa_reference ~ '^[0-9]{17,18}$'),
      -- SHA-256 of the certificate's content (what a digital bollo is tied to), printed on it.
      content_sha256         char(64) NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
      verification_code      text NOT NULL UNIQUE CHECK (verification_code ~ '^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$'),
      idempotency_key        uuid NOT NULL,
      cdu_request_id         bigint,
      protocol_entry_id      bigint REFERENCES scrivania.protocol_entries (id),
      issued_by              integer REFERENCES scrivania.staff (id),
      issued_login           text NOT NULL DEFAULT session_user,
      issued_xid             bigint NOT NULL DEFAULT txid_current(),
      annulled_at            timestamptz,
      annulled_by            integer REFERENCES scrivania.staff (id),
      annulled_login         text,
      annulment_reason       text,
      UNIQUE (ente_id, year, number),
      UNIQUE (ente_id, idempotency_key),
      CHECK ((use_kind = 'bollo_paper') = (marca_serial IS NOT NULL)),
      CHECK (use_kind = 'bollo_digital' OR iubd IS NULL),
      CHECK ((use_kind = 'exempt') = (exemption_code IS NOT NULL AND exemption_norm IS NOT NULL)),
      CHECK ((payment_cents = 0) = (payment_method IS NULL)),
      CHECK (payment_method = 'pagopa' OR pagopa_reference IS NULL),
      CHECK (num_nonnulls(annulled_at, annulled_login, annulment_reason) IN (0, 3))
    );
    CREATE INDEX certificates_issued_idx ON scrivania.certificates (ente_id, issued_at DESC);
    CREATE INDEX certificates_person_idx ON scrivania.certificates (person_id);
    CREATE INDEX certificates_type_idx ON scrivania.certificates (type_id);

    CREATE TABLE scrivania.certificate_pdfs (
      certificate_id  bigint PRIMARY KEY REFERENCES scrivania.certificates (id),
      ente_id         integer NOT NULL REFERENCES scrivania.enti (id),
      sha256          char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size            integer NOT NULL CHECK (size > 0),
      bytes           bytea NOT NULL,
      CONSTRAINT certificate_pdfs_hash_matches CHECK (sha256 = encode(sha256(bytes), 'hex')),
      CONSTRAINT certificate_pdfs_size_matches CHECK (size = octet_length(bytes))
    );
    ALTER TABLE scrivania.certificate_pdfs ALTER COLUMN bytes SET STORAGE EXTERNAL;

    CREATE TABLE scrivania.certificate_duplicates (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      certificate_id  bigint NOT NULL REFERENCES scrivania.certificates (id),
      ente_id         integer NOT NULL REFERENCES scrivania.enti (id),
      printed_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
      printed_by      integer DEFAULT scrivania.current_staff_id() REFERENCES scrivania.staff (id),
      printed_login   text NOT NULL DEFAULT session_user
    );
    CREATE INDEX certificate_duplicates_certificate_idx ON scrivania.certificate_duplicates (certificate_id);
  `);

  await knex.raw(`
    -- A type's exemptions come from the catalogue; every save raises its version.
    CREATE FUNCTION scrivania.certificate_types_stamp() RETURNS trigger
      LANGUAGE plpgsql SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM unnest(NEW.exemption_codes) c
                    WHERE NOT EXISTS (SELECT 1 FROM certificate_exemptions e WHERE e.code = c AND e.active)) THEN
          RAISE EXCEPTION 'Unknown exemption in %', NEW.exemption_codes
            USING ERRCODE = '23503', HINT = 'scrivania:exemption_unknown';
        END IF;
        IF (SELECT count(DISTINCT c) FROM unnest(NEW.exemption_codes) c) <> cardinality(NEW.exemption_codes) THEN
          RAISE EXCEPTION 'An exemption is listed twice' USING ERRCODE = '23514', HINT = 'scrivania:exemption_repeated';
        END IF;
        IF TG_OP = 'UPDATE' THEN
          IF NEW.ente_id <> OLD.ente_id OR NEW.source <> OLD.source THEN
            RAISE EXCEPTION 'A certificate type keeps its ente and source' USING ERRCODE = '42501', HINT = 'scrivania:type_source_fixed';
          END IF;
          NEW.version := OLD.version + 1;
        ELSE
          NEW.version := 1;
        END IF;
        NEW.updated_at := clock_timestamp();
        NEW.updated_login := session_user;
        RETURN NEW;
      END
      $$;
    CREATE TRIGGER certificate_types_stamp BEFORE INSERT OR UPDATE ON scrivania.certificate_types
      FOR EACH ROW EXECUTE FUNCTION scrivania.certificate_types_stamp();
    CREATE TRIGGER certificate_types_no_delete BEFORE DELETE OR TRUNCATE ON scrivania.certificate_types
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.refuse_change();

    -- Issuing: the insert takes the next number of its ente and year under the counter row's lock
    -- (held until commit or rollback), stamps date, issuer and validity, and checks the use against
    -- the type as it is now.
    CREATE FUNCTION scrivania.certificates_issue() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        kind certificate_types%ROWTYPE;
        day date;
      BEGIN
        SELECT * INTO kind FROM certificate_types WHERE id = NEW.type_id;
        IF kind.ente_id IS DISTINCT FROM NEW.ente_id OR NOT kind.active THEN
          RAISE EXCEPTION 'Certificate type % is not active in ente %', NEW.type_id, NEW.ente_id
            USING ERRCODE = '23503', HINT = 'scrivania:certificate_type_unavailable';
        END IF;
        IF NOT (scrivania.current_staff_role() = ANY (kind.issuing_roles)) THEN
          RAISE EXCEPTION 'Role % may not issue certificates of type %', scrivania.current_staff_role(), kind.code
            USING ERRCODE = '42501', HINT = 'scrivania:certificate_role_not_allowed';
        END IF;
        IF NEW.use_kind = 'exempt' THEN
          IF NOT (NEW.exemption_code = ANY (kind.exemption_codes)) THEN
            RAISE EXCEPTION 'Exemption % is not allowed for %', NEW.exemption_code, kind.code
              USING ERRCODE = '23514', HINT = 'scrivania:certificate_exemption_not_allowed';
          END IF;
          SELECT norm INTO NEW.exemption_norm FROM certificate_exemptions WHERE code = NEW.exemption_code;
        ELSIF NOT kind.bollo_applies THEN
          RAISE EXCEPTION 'Certificates of type % are exempt from bollo by law', kind.code
            USING ERRCODE = '23514', HINT = 'scrivania:certificate_bollo_not_applicable';
        ELSE
          NEW.exemption_norm := NULL;
        END IF;
        IF NEW.type_version <> kind.version THEN
          RAISE EXCEPTION 'Certificate type % changed (version % now)', kind.code, kind.version
            USING ERRCODE = '40001', HINT = 'scrivania:certificate_type_changed';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM persons WHERE id = NEW.person_id AND ente_id = NEW.ente_id) THEN
          RAISE EXCEPTION 'Person % is not of ente %', NEW.person_id, NEW.ente_id
            USING ERRCODE = '23503', HINT = 'scrivania:certificate_person_unknown';
        END IF;

        NEW.issued_at := clock_timestamp();
        day := (NEW.issued_at AT TIME ZONE 'Europe/Rome')::date;
        NEW.year := extract(year FROM day)::integer;
        -- Art. 41 DPR 445/2000 and art. 2963 c.c.: same day number months later, or the month's last
        -- day; no last day for facts not subject to change (c.1).
        NEW.valid_until := CASE WHEN kind.validity_months IS NULL THEN NULL
                                ELSE (day + make_interval(months => kind.validity_months))::date END;
        UPDATE certificate_counters SET last_number = last_number + 1
         WHERE ente_id = NEW.ente_id AND year = NEW.year
         RETURNING last_number INTO NEW.number;
        IF NOT FOUND THEN
          INSERT INTO certificate_counters AS c (ente_id, year, last_number) VALUES (NEW.ente_id, NEW.year, 1)
            ON CONFLICT (ente_id, year) DO UPDATE SET last_number = c.last_number + 1
            RETURNING last_number INTO NEW.number;
        END IF;
        NEW.issued_by := scrivania.current_staff_id();
        NEW.issued_login := session_user;
        NEW.issued_xid := txid_current();
        NEW.annulled_at := NULL; NEW.annulled_by := NULL; NEW.annulled_login := NULL; NEW.annulment_reason := NULL;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.certificates_issue() FROM PUBLIC;
    CREATE TRIGGER certificates_issue BEFORE INSERT ON scrivania.certificates
      FOR EACH ROW EXECUTE FUNCTION scrivania.certificates_issue();

    -- A certificate never changes and is never deleted; annulment (reason, who, when) is written once.
    CREATE FUNCTION scrivania.certificates_guard() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'Certificates cannot be deleted, only annulled'
            USING ERRCODE = '42501', HINT = 'scrivania:certificate_immutable';
        END IF;
        IF OLD.annulled_at IS NOT NULL THEN
          RAISE EXCEPTION 'Certificate %/% is already annulled', OLD.number, OLD.year
            USING ERRCODE = '42501', HINT = 'scrivania:certificate_annulled';
        END IF;
        IF (to_jsonb(NEW) - ARRAY['annulled_at', 'annulled_by', 'annulled_login', 'annulment_reason'])
           IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['annulled_at', 'annulled_by', 'annulled_login', 'annulment_reason']) THEN
          RAISE EXCEPTION 'An issued certificate cannot change'
            USING ERRCODE = '42501', HINT = 'scrivania:certificate_immutable';
        END IF;
        -- Annulling is for the office's manager or an administrator (as the protocol's annulment,
        -- DPR 445/2000 art. 54): a clerk who issued one by mistake asks them.
        IF scrivania.current_staff_role() IS NOT NULL AND scrivania.current_staff_role() NOT IN ('manager', 'admin') THEN
          RAISE EXCEPTION 'Only a manager or an administrator may annul a certificate'
            USING ERRCODE = '42501', HINT = 'scrivania:certificate_annulment_not_allowed';
        END IF;
        IF length(trim(coalesce(NEW.annulment_reason, ''))) < 5 THEN
          RAISE EXCEPTION 'Annulment needs a reason' USING ERRCODE = '23514', HINT = 'scrivania:annulment_incomplete';
        END IF;
        NEW.annulled_at := clock_timestamp();
        NEW.annulled_by := scrivania.current_staff_id();
        NEW.annulled_login := session_user;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.certificates_guard() FROM PUBLIC;
    CREATE TRIGGER certificates_guard BEFORE UPDATE OR DELETE ON scrivania.certificates
      FOR EACH ROW EXECUTE FUNCTION scrivania.certificates_guard();
    CREATE TRIGGER certificates_no_truncate BEFORE TRUNCATE ON scrivania.certificates
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.refuse_change();
    CREATE TRIGGER certificate_counters_no_truncate BEFORE TRUNCATE ON scrivania.certificate_counters
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.refuse_change();

    -- The PDF is stored by the transaction that issued the certificate, and never replaced.
    CREATE FUNCTION scrivania.certificate_pdfs_guard() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          RAISE EXCEPTION 'The PDF of a certificate cannot change' USING ERRCODE = '42501', HINT = 'scrivania:certificate_immutable';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM certificates c WHERE c.id = NEW.certificate_id AND c.ente_id = NEW.ente_id
                          AND c.issued_xid = txid_current()) THEN
          RAISE EXCEPTION 'A certificate''s PDF is stored when it is issued'
            USING ERRCODE = '42501', HINT = 'scrivania:certificate_immutable';
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.certificate_pdfs_guard() FROM PUBLIC;
    CREATE TRIGGER certificate_pdfs_guard BEFORE INSERT OR UPDATE OR DELETE ON scrivania.certificate_pdfs
      FOR EACH ROW EXECUTE FUNCTION scrivania.certificate_pdfs_guard();
    CREATE TRIGGER certificate_pdfs_no_truncate BEFORE TRUNCATE ON scrivania.certificate_pdfs
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.refuse_change();
    -- An annulled certificate has no value: no duplicate of it is printed. The share lock waits for
    -- an annulment under way and keeps one from starting until the duplicate is logged.
    CREATE FUNCTION scrivania.certificate_duplicates_of_valid() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        annulled boolean;
      BEGIN
        SELECT c.annulled_at IS NOT NULL INTO annulled FROM certificates c WHERE c.id = NEW.certificate_id FOR SHARE;
        IF annulled THEN
          RAISE EXCEPTION 'Certificate % is annulled: no duplicate', NEW.certificate_id
            USING ERRCODE = '42501', HINT = 'scrivania:certificate_duplicate_of_annulled';
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.certificate_duplicates_of_valid() FROM PUBLIC;
    CREATE TRIGGER certificate_duplicates_of_valid BEFORE INSERT ON scrivania.certificate_duplicates
      FOR EACH ROW EXECUTE FUNCTION scrivania.certificate_duplicates_of_valid();
    CREATE TRIGGER certificate_duplicates_append_only BEFORE UPDATE OR DELETE ON scrivania.certificate_duplicates
      FOR EACH ROW EXECUTE FUNCTION scrivania.refuse_change();
    CREATE TRIGGER certificate_duplicates_no_truncate BEFORE TRUNCATE ON scrivania.certificate_duplicates
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.refuse_change();
    CREATE TRIGGER certificate_exemptions_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON scrivania.certificate_exemptions
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.refuse_change();
  `);

  await knex.raw(`
    -- Who deals with a type's certificates: the roles that issue it, and managers and administrators.
    CREATE FUNCTION scrivania.handles_certificate_type(p_type_id integer) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
        SELECT EXISTS (SELECT 1 FROM certificate_types t
                        WHERE t.id = p_type_id AND t.ente_id = scrivania.current_ente_id()
                          AND (scrivania.current_staff_role() IN ('manager', 'admin')
                               OR scrivania.current_staff_role() = ANY (t.issuing_roles)))
      $$;
    REVOKE ALL ON FUNCTION scrivania.handles_certificate_type(integer) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.handles_certificate_type(integer) TO scrivania_staff;

    ALTER TABLE scrivania.certificate_exemptions ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificate_exemptions FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificate_settings ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificate_settings FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificate_types ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificate_types FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificate_counters ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificate_counters FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificates ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificates FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificate_pdfs ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificate_pdfs FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificate_duplicates ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.certificate_duplicates FORCE ROW LEVEL SECURITY;

    GRANT SELECT ON scrivania.certificate_exemptions TO scrivania_staff;
    CREATE POLICY certificate_exemptions_readable ON scrivania.certificate_exemptions FOR SELECT TO scrivania_staff USING (true);

    GRANT SELECT ON scrivania.certificate_settings TO scrivania_staff;
    GRANT INSERT, UPDATE ON scrivania.certificate_settings TO scrivania_admin;
    CREATE POLICY certificate_settings_of_my_ente ON scrivania.certificate_settings FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY certificate_settings_admin ON scrivania.certificate_settings FOR ALL TO scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id())) WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));

    -- Every staff member of the ente reads the types (the desk lists those its role may issue);
    -- administrators configure them.
    GRANT SELECT ON scrivania.certificate_types TO scrivania_staff;
    GRANT INSERT, UPDATE ON scrivania.certificate_types TO scrivania_admin;
    CREATE POLICY certificate_types_of_my_ente ON scrivania.certificate_types FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY certificate_types_admin_insert ON scrivania.certificate_types FOR INSERT TO scrivania_admin
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY certificate_types_admin_update ON scrivania.certificate_types FOR UPDATE TO scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id())) WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));

    -- Counters are written only by the issuing trigger (SECURITY DEFINER).
    GRANT SELECT ON scrivania.certificate_counters TO scrivania_staff;
    CREATE POLICY certificate_counters_of_my_ente ON scrivania.certificate_counters FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()));

    GRANT SELECT, INSERT ON scrivania.certificates TO scrivania_staff;
    GRANT UPDATE (annulled_at, annulment_reason) ON scrivania.certificates TO scrivania_staff;
    CREATE POLICY certificates_visible ON scrivania.certificates FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()) AND scrivania.handles_certificate_type(type_id));
    CREATE POLICY certificates_issue ON scrivania.certificates FOR INSERT TO scrivania_staff
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id())
                  AND EXISTS (SELECT 1 FROM scrivania.certificate_types t
                               WHERE t.id = type_id AND t.ente_id = certificates.ente_id AND t.active
                                 AND (SELECT scrivania.current_staff_role()) = ANY (t.issuing_roles)));
    CREATE POLICY certificates_annul ON scrivania.certificates FOR UPDATE TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()) AND scrivania.handles_certificate_type(type_id))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));

    GRANT SELECT, INSERT ON scrivania.certificate_pdfs, scrivania.certificate_duplicates TO scrivania_staff;
    CREATE POLICY certificate_pdfs_visible ON scrivania.certificate_pdfs FOR SELECT TO scrivania_staff
      USING (EXISTS (SELECT 1 FROM scrivania.certificates c WHERE c.id = certificate_id));
    CREATE POLICY certificate_pdfs_insert ON scrivania.certificate_pdfs FOR INSERT TO scrivania_staff
      WITH CHECK (EXISTS (SELECT 1 FROM scrivania.certificates c WHERE c.id = certificate_id AND c.ente_id = certificate_pdfs.ente_id));
    CREATE POLICY certificate_duplicates_visible ON scrivania.certificate_duplicates FOR SELECT TO scrivania_staff
      USING (EXISTS (SELECT 1 FROM scrivania.certificates c WHERE c.id = certificate_id));
    CREATE POLICY certificate_duplicates_insert ON scrivania.certificate_duplicates FOR INSERT TO scrivania_staff
      WITH CHECK (EXISTS (SELECT 1 FROM scrivania.certificates c WHERE c.id = certificate_id AND c.ente_id = certificate_duplicates.ente_id)
                  AND printed_by = (SELECT scrivania.current_staff_id()) AND printed_login = session_user);

    CREATE TRIGGER certificate_types_audit AFTER INSERT OR UPDATE ON scrivania.certificate_types
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
    CREATE TRIGGER certificate_settings_audit AFTER INSERT OR UPDATE ON scrivania.certificate_settings
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
    CREATE TRIGGER certificates_audit AFTER INSERT OR UPDATE ON scrivania.certificates
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
    CREATE TRIGGER certificate_duplicates_audit AFTER INSERT ON scrivania.certificate_duplicates
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
  `);

  await knex.raw(`
    -- Verification of a printed copy by its contrassegno (CAD art. 23-ter c.5): the original's
    -- essentials, its state and the PDF, and nothing else, for whoever holds the code, whatever
    -- their ente. Status by today's date in Europe/Rome.
    CREATE FUNCTION scrivania.verify_certificate(p_code text)
      RETURNS TABLE (status text, ente_name text, type_name text, year integer, number integer, issued_at timestamptz,
                     valid_until date, holder_name text, annulled_at timestamptz, annulment_reason text,
                     sha256 text, pdf bytea)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
        SELECT CASE WHEN c.annulled_at IS NOT NULL THEN 'annulled'
                    WHEN c.valid_until IS NOT NULL AND (now() AT TIME ZONE 'Europe/Rome')::date > c.valid_until THEN 'expired'
                    ELSE 'valid' END,
               e.name, c.type_snapshot ->> 'name', c.year, c.number, c.issued_at, c.valid_until, c.holder_name,
               c.annulled_at, c.annulment_reason, p.sha256::text, p.bytes
          FROM certificates c
          JOIN enti e ON e.id = c.ente_id
          JOIN certificate_pdfs p ON p.certificate_id = c.id
         WHERE c.verification_code = p_code
      $$;
    REVOKE ALL ON FUNCTION scrivania.verify_certificate(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.verify_certificate(text) TO scrivania_staff;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP FUNCTION scrivania.verify_certificate(text);
    DROP TABLE scrivania.certificate_duplicates, scrivania.certificate_pdfs, scrivania.certificates,
      scrivania.certificate_counters, scrivania.certificate_types, scrivania.certificate_settings,
      scrivania.certificate_exemptions;
    DROP FUNCTION scrivania.handles_certificate_type(integer);
    DROP FUNCTION scrivania.certificate_duplicates_of_valid();
    DROP FUNCTION scrivania.certificate_pdfs_guard();
    DROP FUNCTION scrivania.certificates_guard();
    DROP FUNCTION scrivania.certificates_issue();
    DROP FUNCTION scrivania.certificate_types_stamp();
  `);
}
