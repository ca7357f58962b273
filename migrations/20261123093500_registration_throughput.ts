import type { Knex } from 'knex';
import { REGISTER_INSTANCE_FUNCTION } from './20261123091350_registration';

/** The caller registers for their own ente (what row-level security checked with caller's rights). */
const CALLER_MAY_REGISTER = `
        IF ente IS DISTINCT FROM scrivania.current_ente_id() THEN
          RAISE EXCEPTION 'Registration for another ente' USING ERRCODE = '42501', HINT = 'scrivania:registration_not_allowed';
        END IF;`;

/** The policy protocol_entries_visible (migration 20261123091300_protocol_register), on `e`. */
const ENTRY_VISIBLE_TO_CALLER = `
               AND (e.office_id = ANY (scrivania.current_office_ids()) OR scrivania.keeps_register(e.register_id))`;

/**
 * `register_submission`: with the caller's rights (row-level security applies to what it writes and
 * reads), or, from migration 20261123095100_registration_entry_point on, with its owner's, as the
 * only way in to `register_instance`: then it checks first that the caller registers for their own
 * ente, and shows an earlier registration of the same submission only if the caller could see it.
 */
export function registerSubmissionFunction({ ownerRights }: { ownerRights: boolean }): string {
  return `
    -- A whole registration in one call, with ${ownerRights ? "its owner's rights (what row-level security would check is checked here)" : "the caller's rights"}; the part under the register's
    -- lock runs in register_instance. \`files\` holds the bytes of p->'documents', in order.
    CREATE OR REPLACE FUNCTION scrivania.register_submission(p jsonb, files bytea[]) RETURNS jsonb
      LANGUAGE plpgsql${ownerRights ? ' SECURITY DEFINER' : ''} SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        ente integer := (p->>'enteId')::integer;
        case_id bigint := nextval('scrivania.instances_id_seq');
        claimed bigint;
        applicant jsonb;
        registered jsonb;
        doc jsonb;
        position integer := 0;
      BEGIN${ownerRights ? CALLER_MAY_REGISTER : ''}
        IF p->>'externalId' IS NOT NULL THEN
          -- A second registration of the same submission waits here for the first to end, then
          -- finds the key taken and answers with the first registration.
          INSERT INTO registration_keys (ente_id, source, external_id, instance_id)
            VALUES (ente, p->>'source', p->>'externalId', case_id)
            ON CONFLICT DO NOTHING RETURNING instance_id INTO claimed;
          IF claimed IS NULL THEN
            SELECT jsonb_build_object('alreadyRegistered', true, 'instanceId', e.instance_id, 'year', e.year, 'number', e.number,
                     'registeredAt', e.registered_at, 'segnatura', e.segnatura, 'fascicolo', coalesce(f.identifier, ''))
              INTO registered
              FROM registration_keys k
              JOIN protocol_entries e ON e.instance_id = k.instance_id
              LEFT JOIN fascicoli f ON f.id = e.fascicolo_id
             WHERE k.ente_id = ente AND k.source = p->>'source' AND k.external_id = p->>'externalId'${ownerRights ? ENTRY_VISIBLE_TO_CALLER : ''}
             ORDER BY e.id LIMIT 1;
            IF registered IS NULL THEN
              RAISE EXCEPTION 'Already registered by an office you cannot see' USING ERRCODE = '23505', HINT = 'scrivania:already_registered';
            END IF;
            RETURN registered;
          END IF;
        END IF;

        applicant := resolve_applicant(ente, p->'applicant');
        -- The bytes, content-addressed (as postgresFileStore.put): the same bytes are stored once.
        FOR doc IN SELECT * FROM jsonb_array_elements(p->'documents') LOOP
          position := position + 1;
          INSERT INTO stored_files (ente_id, sha256, size, content_type, bytes)
            VALUES (ente, doc->>'sha256', (doc->>'size')::bigint, doc->>'contentType', files[position])
            ON CONFLICT DO NOTHING;
        END LOOP;

        registered := register_instance(p || jsonb_build_object(
          'instanceId', case_id,
          'personId', applicant->'personId',
          'businessId', applicant->'businessId',
          'correspondentName', applicant->'name',
          'correspondentTaxCode', applicant->'taxCode',
          'correspondentAddress', coalesce(p->>'correspondentAddress', applicant->>'address')));
        RETURN registered || jsonb_build_object('alreadyRegistered', false, 'instanceId', case_id);
      END
      $$;
  `;
}

/**
 * Registration throughput: a registration in one statement, the protocol number taken last.
 *
 * Numbers are gapless, so registrations of one register follow each other from the moment one
 * takes its number until it commits (the counter row stays locked). Before, that stretch held the
 * case, its documents and history and a round trip to the client for the COMMIT; and a
 * registration went to the server a dozen times. Now:
 *
 * - `register_submission(p, files)` does the whole registration in one call, with the caller's
 *   rights (row-level security applies): it claims the sender's key, finds or records the
 *   applicant, stores the bytes, and hands over to `register_instance`.
 * - `register_submission_durably(p, files)`, a procedure, runs it as a transaction of its own,
 *   commits it at once (no round trip to the client while the number is held) without waiting for
 *   the disk, then waits for the disk outside the lock: one round trip for the whole registration.
 * - `register_instance(p)` writes the documents first, then queues for the register and, once its
 *   turn comes, opens the fascicolo and takes the protocol number: only the fascicolo, the entry,
 *   the case (it carries the number), the entry's documents and the history entry are written
 *   while the register is held.
 * - The documents' case reference is checked at commit when a registration asks for it (it writes
 *   them before the case), immediately otherwise, as before.
 * - The procedure and register the client computed the term with are checked against the
 *   database, so the client may keep them between registrations: a change refuses the
 *   registration with `registration_context_changed` and the client reloads them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE scrivania.documents ALTER CONSTRAINT documents_instance_id_fkey DEFERRABLE INITIALLY IMMEDIATE;

    -- The applicant of a registration, found in the people registry by codice fiscale or partita
    -- IVA or recorded when new (an existing record is not overwritten): the caller's rights apply.
    -- \`applicant\` is the record the client derived and validated (src/main/people/applicants.ts).
    CREATE FUNCTION scrivania.resolve_applicant(ente integer, applicant jsonb) RETURNS jsonb
      LANGUAGE plpgsql SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        fields jsonb := applicant->'record';
        found record;
      BEGIN
        -- Looked up first: most applicants are known, and a known one costs no insert attempt.
        -- A new one is inserted (a concurrent registration of the same person waits for the other
        -- insert, then does nothing) and read again.
        FOR attempt IN 1..2 LOOP
          IF applicant->>'kind' = 'person' THEN
            SELECT p.id, p.last_name || ' ' || p.first_name AS name, p.codice_fiscale AS tax_code, p.address, p.postal_code, p.city INTO found
              FROM persons p WHERE p.ente_id = ente AND p.codice_fiscale = fields->>'codice_fiscale';
          ELSE
            SELECT b.id, b.name, b.partita_iva AS tax_code, b.address, b.postal_code, b.city INTO found
              FROM businesses b WHERE b.ente_id = ente AND b.partita_iva = fields->>'partita_iva';
          END IF;
          EXIT WHEN found.id IS NOT NULL OR attempt = 2;
          IF applicant->>'kind' = 'person' THEN
            INSERT INTO persons (ente_id, codice_fiscale, last_name, first_name, sex, birth_date, birth_place, email, pec, address, postal_code, city)
              VALUES (ente, fields->>'codice_fiscale', fields->>'last_name', fields->>'first_name', fields->>'sex',
                      (fields->>'birth_date')::date, fields->>'birth_place', fields->>'email', fields->>'pec',
                      fields->>'address', fields->>'postal_code', fields->>'city')
              ON CONFLICT (ente_id, codice_fiscale) DO NOTHING;
          ELSE
            INSERT INTO businesses (ente_id, partita_iva, codice_fiscale, name, pec, email, address, postal_code, city)
              VALUES (ente, fields->>'partita_iva', fields->>'codice_fiscale', fields->>'name', fields->>'pec', fields->>'email',
                      fields->>'address', fields->>'postal_code', fields->>'city')
              ON CONFLICT (ente_id, partita_iva) DO NOTHING;
          END IF;
        END LOOP;
        IF found.id IS NULL THEN
          RAISE EXCEPTION 'The applicant cannot be recorded' USING ERRCODE = '42501', HINT = 'scrivania:applicant_not_visible';
        END IF;
        RETURN jsonb_build_object(
          'personId', CASE WHEN applicant->>'kind' = 'person' THEN found.id END,
          'businessId', CASE WHEN applicant->>'kind' = 'business' THEN found.id END,
          'name', found.name,
          'taxCode', found.tax_code,
          -- The postal address: street, then postal code and city.
          'address', CASE WHEN coalesce(found.address, '') <> '' THEN
            concat_ws(', ', found.address, nullif(concat_ws(' ', nullif(found.postal_code, ''), nullif(found.city, '')), '')) END);
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.resolve_applicant(integer, jsonb) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.resolve_applicant(integer, jsonb) TO scrivania_staff;

    ${registerSubmissionFunction({ ownerRights: false })}
    REVOKE ALL ON FUNCTION scrivania.register_submission(jsonb, bytea[]) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.register_submission(jsonb, bytea[]) TO scrivania_clerk, scrivania_technician, scrivania_manager, scrivania_admin;

    -- A registration and its durability in one call (CALL, outside any transaction): committed
    -- without waiting for the disk, so that the register's counter is unlocked as soon as the commit
    -- is recorded; then, in the procedure's second transaction, await_durable: its synchronous commit
    -- flushes the WAL up to itself and so the registration's commit, before the caller is answered.
    -- No SET clause (a procedure that ends transactions cannot have one): every name is qualified.
    CREATE PROCEDURE scrivania.register_submission_durably(p jsonb, files bytea[], INOUT registration jsonb DEFAULT NULL)
      LANGUAGE plpgsql
      AS $$
      BEGIN
        PERFORM pg_catalog.set_config('synchronous_commit', 'off', true);
        registration := scrivania.register_submission(p, files);
        COMMIT;
        PERFORM scrivania.await_durable();
      END
      $$;
    REVOKE ALL ON PROCEDURE scrivania.register_submission_durably(jsonb, bytea[], jsonb) FROM PUBLIC;
    GRANT EXECUTE ON PROCEDURE scrivania.register_submission_durably(jsonb, bytea[], jsonb)
      TO scrivania_clerk, scrivania_technician, scrivania_manager, scrivania_admin;

    -- Registering is the protocol office's job for every office of the ente, and each office's for
    -- itself: the function runs with its owner's rights (the case it opens belongs to an office
    -- the protocol clerk need not see), so it checks here what row-level security would.
    CREATE OR REPLACE FUNCTION scrivania.register_instance(p jsonb) RETURNS jsonb
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        ente integer := (p->>'enteId')::integer;
        case_id bigint := (p->>'instanceId')::bigint;
        proc_type record;
        fascicolo_year integer := extract(year FROM (clock_timestamp() AT TIME ZONE 'Europe/Rome'))::integer;
        fascicolo_number integer;
        fascicolo record;
        entry record;
        doc jsonb;
        doc_id bigint;
        doc_ids bigint[] := '{}';
        position integer := 0;
      BEGIN
        IF ente IS DISTINCT FROM scrivania.current_ente_id() THEN
          RAISE EXCEPTION 'Registration for another ente' USING ERRCODE = '42501', HINT = 'scrivania:registration_not_allowed';
        END IF;
        -- What the client computed the term with and where it registers: still so?
        SELECT pt.office_id, pt.classification_id, pt.legal_term_days, pt.clock_rule, pt.suspension_allowed, e.patron_day,
               (SELECT r.id FROM protocol_registers r WHERE r.ente_id = pt.ente_id AND r.active ORDER BY r.id LIMIT 1) AS register_id
          INTO proc_type
          FROM procedure_types pt JOIN enti e ON e.id = pt.ente_id
         WHERE pt.id = (p->>'procedureTypeId')::integer AND pt.code = p->>'procedureCode' AND pt.ente_id = ente AND pt.active;
        IF NOT FOUND OR (proc_type.office_id, proc_type.classification_id, proc_type.register_id, proc_type.legal_term_days,
                         proc_type.clock_rule, proc_type.suspension_allowed, proc_type.patron_day)
           IS DISTINCT FROM ((p->>'officeId')::integer, (p->>'classificationId')::integer, (p->>'registerId')::integer,
                             (p->>'legalTermDays')::integer, p->>'clockRule', (p->>'suspensionAllowed')::boolean, p->>'patronDay') THEN
          RAISE EXCEPTION 'The procedure or the register changed during the registration'
            USING ERRCODE = '40001', HINT = 'scrivania:registration_context_changed';
        END IF;
        IF NOT (proc_type.office_id = ANY (scrivania.current_office_ids()) OR scrivania.keeps_register(proc_type.register_id)) THEN
          RAISE EXCEPTION 'Only the protocol office or office % itself registers its instances', proc_type.office_id
            USING ERRCODE = '42501', HINT = 'scrivania:registration_not_allowed';
        END IF;

        -- The documents, before the case they belong to (checked at commit).
        SET CONSTRAINTS scrivania.documents_instance_id_fkey DEFERRED;
        FOR doc IN SELECT * FROM jsonb_array_elements(p->'documents') LOOP
          INSERT INTO documents (ente_id, instance_id, title, kind)
            VALUES (ente, case_id, doc->>'title', doc->>'kind') RETURNING id INTO doc_id;
          doc_ids := doc_ids || doc_id;
          INSERT INTO document_versions (document_id, ente_id, version, sha256, filename, content_type, size, name_check)
            VALUES (doc_id, ente, 1, doc->>'sha256', doc->>'filename', doc->>'contentType', (doc->>'size')::bigint,
                    coalesce(doc->>'nameCheck', 'matches'));
        END LOOP;

        -- The register, last: from here to the commit, registrations of the register follow each
        -- other. They queue on an advisory lock of the register, held until the commit as the counter
        -- row's lock is: its queue wakes only the next in line at each commit, where waiting for the
        -- row itself would wake every waiter at each commit to fight over the new row version.
        PERFORM pg_advisory_xact_lock('scrivania.protocol_counters'::regclass::oid::integer, proc_type.register_id);

        -- The fascicolo of the case (AgID), numbered per classification and year. Its counter is
        -- taken behind the register's queue: no registration holds it while waiting in that queue,
        -- so registrations of one classification do not queue twice.
        INSERT INTO fascicolo_counters AS c (ente_id, classification_id, year, last_number)
          VALUES (ente, proc_type.classification_id, fascicolo_year, 1)
          ON CONFLICT (ente_id, classification_id, year) DO UPDATE SET last_number = c.last_number + 1
          RETURNING last_number INTO fascicolo_number;
        INSERT INTO fascicoli (ente_id, classification_id, year, number, identifier, subject, owning_office_id, opened_on)
          SELECT ente, proc_type.classification_id, fascicolo_year, fascicolo_number,
                 fascicolo_year || '-' || cl.code || '-' || lpad(fascicolo_number::text, 6, '0'),
                 p->>'subject', proc_type.office_id, (clock_timestamp() AT TIME ZONE 'Europe/Rome')::date
            FROM classifications cl WHERE cl.id = proc_type.classification_id AND cl.ente_id = ente AND cl.active
          RETURNING id, identifier INTO fascicolo;
        IF fascicolo.id IS NULL THEN
          RAISE EXCEPTION 'Unknown classification %', proc_type.classification_id USING ERRCODE = '23503', HINT = 'scrivania:classification_missing';
        END IF;

        -- The protocol number: taken by this insert (trigger protocol_entries_number), under the
        -- counter row's lock until the commit. Only what carries the number follows.
        INSERT INTO protocol_entries (ente_id, register_id, year, number, registered_at, direction, channel,
            correspondent_name, correspondent_tax_code, correspondent_address, person_id, business_id, subject,
            external_ref, received_at, classification_id, fascicolo_id, office_id, instance_id, segnatura)
          VALUES (ente, proc_type.register_id, 0, 1, now(), 'incoming', p->>'entryChannel',
            p->>'correspondentName', p->>'correspondentTaxCode', p->>'correspondentAddress',
            (p->>'personId')::bigint, (p->>'businessId')::bigint, p->>'subject',
            p->>'externalRef', (p->>'receivedAt')::timestamptz, proc_type.classification_id, fascicolo.id, proc_type.office_id, case_id, '')
          RETURNING id, year, number, registered_at, segnatura INTO entry;

        INSERT INTO instances (id, ente_id, office_id, procedure_type_id, applicant_person_id, applicant_business_id,
            subject, channel, status, protocol_register_id, protocol_year, protocol_number, received_at, due_date,
            tacit_approval_on, classification_id, fascicolo_id)
          OVERRIDING SYSTEM VALUE
          VALUES (case_id, ente, proc_type.office_id, (p->>'procedureTypeId')::integer, (p->>'personId')::bigint, (p->>'businessId')::bigint,
            p->>'subject', p->>'channel', 'received', proc_type.register_id, entry.year, entry.number,
            (p->>'receivedAt')::timestamptz, (p->>'dueDate')::date, (p->>'tacitApprovalOn')::date, proc_type.classification_id, fascicolo.id);

        FOR doc IN SELECT * FROM jsonb_array_elements(p->'documents') LOOP
          position := position + 1;
          INSERT INTO protocol_entry_documents (entry_id, position, document_id, filename, content_type, size, sha256)
            VALUES (entry.id, position, doc_ids[position], doc->>'filename', doc->>'contentType', (doc->>'size')::bigint, doc->>'sha256');
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
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP PROCEDURE scrivania.register_submission_durably(jsonb, bytea[], jsonb);
    DROP FUNCTION scrivania.register_submission(jsonb, bytea[]);
    DROP FUNCTION scrivania.resolve_applicant(integer, jsonb);
    ${REGISTER_INSTANCE_FUNCTION}
    ALTER TABLE scrivania.documents ALTER CONSTRAINT documents_instance_id_fkey NOT DEFERRABLE;
  `);
}
