import type { Knex } from 'knex';

const QUARANTINE_REASONS = [
  'malformed_json',
  'schema_violation',
  'sha256_mismatch',
  'invalid_codice_fiscale',
  'invalid_partita_iva',
  'unknown_procedure',
  'wrong_ente',
  'submission_id_reused',
  'attachment_type_not_allowed',
  'attachment_too_large',
  'attachment_empty',
  'attachment_name_mismatch',
  'file_too_large',
  'eml_malformed',
  'pec_missing_part',
  'pec_daticert_invalid',
  'pec_receipt',
  'pec_anomaly',
  'registration_refused',
  'registration_failed',
];

const WRITERS = 'scrivania_clerk, scrivania_manager, scrivania_admin';
const MY_ENTE = 'ente_id = (SELECT scrivania.current_ente_id())';

/**
 * Intake: what reaches the ente before it is registered.
 *
 * - `portal_submissions`: the queue the online portal delivers into (through
 *   `deliver_portal_submission`, as a login in the NOLOGIN group `scrivania_portal`) and the intake
 *   folder importer feeds; one row per (ente, submission id), whatever the number of deliveries.
 *   Importers drain it row by row (`FOR UPDATE SKIP LOCKED`), so each submission is registered once.
 * - `intake_items` and `intake_attachments`: the inbox of PEC and e-mail arrivals a clerk completes
 *   and registers (or discards, with a reason). The message as received and its attachments are kept
 *   in the document store (`stored_files`), content-addressed.
 * - `intake_quarantine`: what was refused, with its raw content, the reason and a readable detail,
 *   until a clerk reviews it. The same content refused again counts as one entry seen again.
 *
 * What arrived never changes: only the outcome columns move, forward, enforced by triggers.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'scrivania_portal') THEN
        CREATE ROLE scrivania_portal NOLOGIN;
      END IF;
    END
    $$;
    GRANT USAGE ON SCHEMA scrivania TO scrivania_portal;

    CREATE TABLE scrivania.intake_quarantine (
      id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id               integer NOT NULL DEFAULT scrivania.current_ente_id() REFERENCES scrivania.enti (id),
      source                text NOT NULL CHECK (source IN ('portal', 'pec')),
      origin                text NOT NULL CHECK (length(origin) BETWEEN 1 AND 500),
      external_id           text CHECK (length(external_id) <= 500),
      reason                text NOT NULL CHECK (reason IN (${QUARANTINE_REASONS.map((reason) => `'${reason}'`).join(', ')})),
      detail                text NOT NULL CHECK (length(detail) BETWEEN 1 AND 4000),
      -- The raw content as received; NULL only when too large to keep here (content_ref says where).
      content               bytea,
      content_ref           text,
      content_size          bigint NOT NULL CHECK (content_size >= 0),
      content_sha256        char(64) NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
      portal_submission_id  bigint,
      first_seen_at         timestamptz NOT NULL DEFAULT now(),
      last_seen_at          timestamptz NOT NULL DEFAULT now(),
      seen_count            integer NOT NULL DEFAULT 1 CHECK (seen_count >= 1),
      created_by            text NOT NULL DEFAULT session_user,
      reviewed_by           text,
      reviewed_at           timestamptz,
      resolution            text CHECK (resolution IN ('discarded', 'resubmitted')),
      resolution_note       text CHECK (length(trim(resolution_note)) >= 5),
      CONSTRAINT intake_quarantine_content_kept CHECK (content IS NOT NULL OR content_ref IS NOT NULL),
      CONSTRAINT intake_quarantine_content_matches CHECK (
        content IS NULL OR (content_sha256 = encode(sha256(content), 'hex') AND content_size = octet_length(content))),
      CONSTRAINT intake_quarantine_review_complete CHECK (
        (resolution IS NULL) = (reviewed_at IS NULL) AND (resolution IS NULL) = (reviewed_by IS NULL)
        AND (resolution IS NULL) = (resolution_note IS NULL))
    );
    -- One open entry per content: a replay of the same bad file is the same entry, seen again.
    CREATE UNIQUE INDEX intake_quarantine_open_content_idx ON scrivania.intake_quarantine (ente_id, source, content_sha256)
      WHERE resolution IS NULL;
    CREATE INDEX intake_quarantine_ente_seen_idx ON scrivania.intake_quarantine (ente_id, last_seen_at DESC);

    CREATE TABLE scrivania.portal_submissions (
      id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id             integer NOT NULL REFERENCES scrivania.enti (id),
      submission_id       text NOT NULL CHECK (submission_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$'),
      payload             jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
      delivered_by        text NOT NULL DEFAULT session_user,
      delivered_at        timestamptz NOT NULL DEFAULT now(),
      status              text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'registered', 'quarantined')),
      attempts            integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      last_error          text,
      processed_by        text,
      processed_at        timestamptz,
      instance_id         bigint REFERENCES scrivania.instances (id),
      protocol_segnatura  text,
      quarantine_id       bigint REFERENCES scrivania.intake_quarantine (id),
      CONSTRAINT portal_submissions_unique UNIQUE (ente_id, submission_id),
      CONSTRAINT portal_submissions_registered CHECK ((status = 'registered') = (instance_id IS NOT NULL)),
      CONSTRAINT portal_submissions_quarantined CHECK ((status = 'quarantined') = (quarantine_id IS NOT NULL))
    );
    CREATE INDEX portal_submissions_pending_idx ON scrivania.portal_submissions (ente_id, id) WHERE status = 'pending';
    ALTER TABLE scrivania.intake_quarantine
      ADD CONSTRAINT intake_quarantine_portal_submission_fk
      FOREIGN KEY (portal_submission_id) REFERENCES scrivania.portal_submissions (id);

    CREATE TABLE scrivania.intake_items (
      id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id                 integer NOT NULL DEFAULT scrivania.current_ente_id() REFERENCES scrivania.enti (id),
      source                  text NOT NULL CHECK (source IN ('pec', 'email')),
      external_id             text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 500),
      origin                  text NOT NULL CHECK (length(origin) BETWEEN 1 AND 500),
      received_at             timestamptz NOT NULL,
      sender_address          text NOT NULL CHECK (length(sender_address) BETWEEN 3 AND 320),
      sender_name             text,
      recipients              text[] NOT NULL DEFAULT '{}',
      subject                 text NOT NULL,
      body_text               text NOT NULL,
      certification           jsonb,
      raw_sha256              char(64) NOT NULL,
      imported_by             text NOT NULL DEFAULT session_user,
      imported_at             timestamptz NOT NULL DEFAULT now(),
      status                  text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'registered', 'discarded')),
      instance_id             bigint REFERENCES scrivania.instances (id),
      protocol_year           integer,
      protocol_number         integer,
      protocol_registered_at  timestamptz,
      protocol_segnatura      text,
      discard_reason          text CHECK (length(trim(discard_reason)) >= 5),
      handled_by              text,
      handled_at              timestamptz,
      CONSTRAINT intake_items_unique UNIQUE (ente_id, external_id),
      CONSTRAINT intake_items_raw_fk FOREIGN KEY (ente_id, raw_sha256) REFERENCES scrivania.stored_files (ente_id, sha256),
      CONSTRAINT intake_items_pec_certified CHECK ((source = 'pec') = (certification IS NOT NULL)),
      CONSTRAINT intake_items_registered CHECK (
        (status = 'registered') = (instance_id IS NOT NULL)
        AND (status = 'registered') = (protocol_segnatura IS NOT NULL AND protocol_year IS NOT NULL
                                       AND protocol_number IS NOT NULL AND protocol_registered_at IS NOT NULL)),
      CONSTRAINT intake_items_discarded CHECK ((status = 'discarded') = (discard_reason IS NOT NULL)),
      CONSTRAINT intake_items_handled CHECK ((status = 'pending') = (handled_at IS NULL) AND (handled_at IS NULL) = (handled_by IS NULL))
    );
    CREATE INDEX intake_items_status_idx ON scrivania.intake_items (ente_id, status, received_at);
    CREATE INDEX intake_items_sender_idx ON scrivania.intake_items (ente_id, lower(sender_address));
    CREATE INDEX intake_items_raw_idx ON scrivania.intake_items (ente_id, raw_sha256);

    CREATE TABLE scrivania.intake_attachments (
      id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      item_id       bigint NOT NULL REFERENCES scrivania.intake_items (id),
      ente_id       integer NOT NULL,
      position      integer NOT NULL CHECK (position >= 1),
      filename      text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
      content_type  text NOT NULL,
      size          bigint NOT NULL CHECK (size > 0),
      sha256        char(64) NOT NULL,
      CONSTRAINT intake_attachments_position_unique UNIQUE (item_id, position),
      CONSTRAINT intake_attachments_file_fk FOREIGN KEY (ente_id, sha256) REFERENCES scrivania.stored_files (ente_id, sha256)
    );
    CREATE INDEX intake_attachments_file_idx ON scrivania.intake_attachments (ente_id, sha256);
  `);

  await knex.raw(`
    -- What arrived never changes; only the outcome moves, and only forward.
    CREATE FUNCTION scrivania.intake_items_guard() RETURNS trigger
      LANGUAGE plpgsql SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'Arrivals cannot be deleted' USING ERRCODE = '42501', HINT = 'scrivania:arrival_immutable';
        END IF;
        IF (NEW.ente_id, NEW.source, NEW.external_id, NEW.origin, NEW.received_at, NEW.sender_address, NEW.sender_name,
            NEW.recipients, NEW.subject, NEW.body_text, NEW.certification, NEW.raw_sha256, NEW.imported_by, NEW.imported_at)
           IS DISTINCT FROM
           (OLD.ente_id, OLD.source, OLD.external_id, OLD.origin, OLD.received_at, OLD.sender_address, OLD.sender_name,
            OLD.recipients, OLD.subject, OLD.body_text, OLD.certification, OLD.raw_sha256, OLD.imported_by, OLD.imported_at) THEN
          RAISE EXCEPTION 'What arrived cannot be changed' USING ERRCODE = '42501', HINT = 'scrivania:arrival_immutable';
        END IF;
        IF OLD.status <> 'pending' AND ROW(NEW.*) IS DISTINCT FROM ROW(OLD.*) THEN
          RAISE EXCEPTION 'Arrival already handled' USING ERRCODE = '23514', HINT = 'scrivania:arrival_handled';
        END IF;
        RETURN NEW;
      END
      $$;
    CREATE TRIGGER intake_items_guard BEFORE UPDATE OR DELETE ON scrivania.intake_items
      FOR EACH ROW EXECUTE FUNCTION scrivania.intake_items_guard();

    CREATE FUNCTION scrivania.intake_attachments_immutable() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'Arrival attachments cannot be changed' USING ERRCODE = '42501', HINT = 'scrivania:arrival_immutable';
      END
      $$;
    CREATE TRIGGER intake_attachments_immutable BEFORE UPDATE OR DELETE ON scrivania.intake_attachments
      FOR EACH ROW EXECUTE FUNCTION scrivania.intake_attachments_immutable();

    -- The content of a quarantine entry is what was refused: it stays as it came. A re-arrival may
    -- update the reason and the counters of an open entry; a review is final.
    CREATE FUNCTION scrivania.intake_quarantine_guard() RETURNS trigger
      LANGUAGE plpgsql SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'Quarantine entries cannot be deleted' USING ERRCODE = '42501', HINT = 'scrivania:quarantine_immutable';
        END IF;
        IF (NEW.ente_id, NEW.source, NEW.content, NEW.content_ref, NEW.content_size, NEW.content_sha256, NEW.first_seen_at, NEW.created_by)
           IS DISTINCT FROM
           (OLD.ente_id, OLD.source, OLD.content, OLD.content_ref, OLD.content_size, OLD.content_sha256, OLD.first_seen_at, OLD.created_by) THEN
          RAISE EXCEPTION 'Quarantined content cannot be changed' USING ERRCODE = '42501', HINT = 'scrivania:quarantine_immutable';
        END IF;
        IF OLD.resolution IS NOT NULL AND ROW(NEW.*) IS DISTINCT FROM ROW(OLD.*) THEN
          RAISE EXCEPTION 'Quarantine entry already reviewed' USING ERRCODE = '23514', HINT = 'scrivania:quarantine_reviewed';
        END IF;
        RETURN NEW;
      END
      $$;
    CREATE TRIGGER intake_quarantine_guard BEFORE UPDATE OR DELETE ON scrivania.intake_quarantine
      FOR EACH ROW EXECUTE FUNCTION scrivania.intake_quarantine_guard();

    -- A delivered submission never changes; registered is final, a quarantined one may go back to
    -- pending when a clerk re-submits it.
    CREATE FUNCTION scrivania.portal_submissions_guard() RETURNS trigger
      LANGUAGE plpgsql SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'Portal submissions cannot be deleted' USING ERRCODE = '42501', HINT = 'scrivania:submission_immutable';
        END IF;
        IF (NEW.ente_id, NEW.submission_id, NEW.payload, NEW.delivered_by, NEW.delivered_at)
           IS DISTINCT FROM (OLD.ente_id, OLD.submission_id, OLD.payload, OLD.delivered_by, OLD.delivered_at) THEN
          RAISE EXCEPTION 'A delivered submission cannot be changed' USING ERRCODE = '42501', HINT = 'scrivania:submission_immutable';
        END IF;
        IF OLD.status = 'registered' AND ROW(NEW.*) IS DISTINCT FROM ROW(OLD.*) THEN
          RAISE EXCEPTION 'Submission already registered' USING ERRCODE = '23514', HINT = 'scrivania:submission_registered';
        END IF;
        RETURN NEW;
      END
      $$;
    CREATE TRIGGER portal_submissions_guard BEFORE UPDATE OR DELETE ON scrivania.portal_submissions
      FOR EACH ROW EXECUTE FUNCTION scrivania.portal_submissions_guard();

    -- The portal's way in: the ente by ISTAT code, the submission id from the document itself. The
    -- same document delivered again is accepted as already delivered; another document under an id
    -- already used is refused, so the portal learns of its own error at once.
    CREATE FUNCTION scrivania.deliver_portal_submission(p_ente_istat_code text, p_payload jsonb) RETURNS text
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        target_ente integer;
        submission text := p_payload ->> 'submissionId';
        existing jsonb;
      BEGIN
        SELECT id INTO target_ente FROM scrivania.enti WHERE istat_code = p_ente_istat_code;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'No ente with ISTAT code %', p_ente_istat_code USING ERRCODE = 'P0002', HINT = 'scrivania:ente_not_found';
        END IF;
        IF jsonb_typeof(p_payload) IS DISTINCT FROM 'object' OR submission IS NULL
           OR submission !~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$' THEN
          RAISE EXCEPTION 'The submission has no valid submissionId' USING ERRCODE = '23514', HINT = 'scrivania:submission_id';
        END IF;
        INSERT INTO scrivania.portal_submissions (ente_id, submission_id, payload)
        VALUES (target_ente, submission, p_payload)
        ON CONFLICT (ente_id, submission_id) DO NOTHING;
        IF FOUND THEN
          RETURN 'accepted';
        END IF;
        SELECT payload INTO existing FROM scrivania.portal_submissions WHERE ente_id = target_ente AND submission_id = submission;
        IF existing = p_payload THEN
          RETURN 'already_delivered';
        END IF;
        RAISE EXCEPTION 'Submission id % was already delivered with other content', submission
          USING ERRCODE = '23505', HINT = 'scrivania:submission_id_reused';
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.deliver_portal_submission(text, jsonb) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.deliver_portal_submission(text, jsonb) TO scrivania_portal;
  `);

  await knex.raw(`
    ALTER TABLE scrivania.portal_submissions ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.portal_submissions FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.intake_items ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.intake_items FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.intake_attachments ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.intake_attachments FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.intake_quarantine ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.intake_quarantine FORCE ROW LEVEL SECURITY;

    GRANT SELECT ON scrivania.portal_submissions, scrivania.intake_items, scrivania.intake_attachments,
      scrivania.intake_quarantine TO scrivania_staff;
    GRANT INSERT, UPDATE ON scrivania.portal_submissions, scrivania.intake_items, scrivania.intake_quarantine TO ${WRITERS};
    GRANT INSERT ON scrivania.intake_attachments TO ${WRITERS};
    -- The portal reads back the outcome of what it delivered, nothing else.
    GRANT SELECT (ente_id, submission_id, delivered_by, delivered_at, status, processed_at, protocol_segnatura)
      ON scrivania.portal_submissions TO scrivania_portal;

    CREATE POLICY portal_submissions_of_my_ente ON scrivania.portal_submissions FOR SELECT TO scrivania_staff
      USING (${MY_ENTE});
    CREATE POLICY portal_submissions_insert ON scrivania.portal_submissions FOR INSERT TO ${WRITERS}
      WITH CHECK (${MY_ENTE} AND delivered_by = session_user);
    CREATE POLICY portal_submissions_update ON scrivania.portal_submissions FOR UPDATE TO ${WRITERS}
      USING (${MY_ENTE}) WITH CHECK (${MY_ENTE});
    CREATE POLICY portal_submissions_delivered_by_me ON scrivania.portal_submissions FOR SELECT TO scrivania_portal
      USING (delivered_by = session_user);

    CREATE POLICY intake_items_of_my_ente ON scrivania.intake_items FOR SELECT TO scrivania_staff USING (${MY_ENTE});
    CREATE POLICY intake_items_insert ON scrivania.intake_items FOR INSERT TO ${WRITERS}
      WITH CHECK (${MY_ENTE} AND imported_by = session_user);
    CREATE POLICY intake_items_update ON scrivania.intake_items FOR UPDATE TO ${WRITERS}
      USING (${MY_ENTE}) WITH CHECK (${MY_ENTE} AND (handled_by IS NULL OR handled_by = session_user));

    CREATE POLICY intake_attachments_of_my_ente ON scrivania.intake_attachments FOR SELECT TO scrivania_staff USING (${MY_ENTE});
    CREATE POLICY intake_attachments_insert ON scrivania.intake_attachments FOR INSERT TO ${WRITERS}
      WITH CHECK (${MY_ENTE} AND EXISTS (SELECT 1 FROM scrivania.intake_items i WHERE i.id = item_id AND i.ente_id = intake_attachments.ente_id));

    CREATE POLICY intake_quarantine_of_my_ente ON scrivania.intake_quarantine FOR SELECT TO scrivania_staff USING (${MY_ENTE});
    CREATE POLICY intake_quarantine_insert ON scrivania.intake_quarantine FOR INSERT TO ${WRITERS}
      WITH CHECK (${MY_ENTE} AND created_by = session_user);
    CREATE POLICY intake_quarantine_update ON scrivania.intake_quarantine FOR UPDATE TO ${WRITERS}
      USING (${MY_ENTE}) WITH CHECK (${MY_ENTE} AND (reviewed_by IS NULL OR reviewed_by = session_user));

    -- The bytes of an arrival (the message as received and its attachments) are readable by the
    -- ente's staff through the inbox, before any document refers to them.
    CREATE POLICY stored_files_of_arrivals ON scrivania.stored_files FOR SELECT TO scrivania_staff
      USING (${MY_ENTE}
             AND (EXISTS (SELECT 1 FROM scrivania.intake_attachments a
                           WHERE a.ente_id = stored_files.ente_id AND a.sha256 = stored_files.sha256)
                  OR EXISTS (SELECT 1 FROM scrivania.intake_items i
                              WHERE i.ente_id = stored_files.ente_id AND i.raw_sha256 = stored_files.sha256)));

    CREATE TRIGGER intake_items_audit AFTER INSERT OR UPDATE ON scrivania.intake_items
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
    -- Inserts of these two carry whole files: the row itself is their record; every change is audited.
    CREATE TRIGGER intake_quarantine_audit AFTER UPDATE ON scrivania.intake_quarantine
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
    CREATE TRIGGER portal_submissions_audit AFTER UPDATE ON scrivania.portal_submissions
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP POLICY stored_files_of_arrivals ON scrivania.stored_files;
    DROP TABLE scrivania.intake_attachments;
    DROP TABLE scrivania.intake_items;
    ALTER TABLE scrivania.intake_quarantine DROP CONSTRAINT intake_quarantine_portal_submission_fk;
    DROP TABLE scrivania.portal_submissions;
    DROP TABLE scrivania.intake_quarantine;
    DROP FUNCTION scrivania.deliver_portal_submission(text, jsonb);
    DROP FUNCTION scrivania.portal_submissions_guard();
    DROP FUNCTION scrivania.intake_quarantine_guard();
    DROP FUNCTION scrivania.intake_attachments_immutable();
    DROP FUNCTION scrivania.intake_items_guard();
    REVOKE USAGE ON SCHEMA scrivania FROM scrivania_portal;
  `);
}
