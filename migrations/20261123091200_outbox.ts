import type { Knex } from 'knex';

/**
 * Communications to the applicant: per-ente overrides of the message templates, and the outbox.
 *
 * The outbox lives in the database so that it survives restarts and no clerk's desktop needs SMTP
 * credentials: staff queue messages (in the same transaction as the workflow step that causes
 * them), and a delivery worker signs in as a member of the NOLOGIN group `scrivania_mailer`, which
 * sees only what is waiting for delivery and may change only the delivery columns.
 *
 * A message's content (recipient, subject, body, its case) never changes after insert, whoever
 * tries — the table owner included; only its delivery status moves, along the transitions
 * queued → sending → sent | queued (retry later) | failed, and failed → queued when staff retry.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'scrivania_mailer') THEN
        CREATE ROLE scrivania_mailer NOLOGIN;
      END IF;
    END
    $$;
    GRANT USAGE ON SCHEMA scrivania TO scrivania_mailer;
    -- The worker refuses a schema it does not know, like the app.
    GRANT SELECT ON TABLE knex_migrations TO scrivania_mailer;
  `);

  await knex.raw(`
    CREATE TABLE scrivania.message_templates (
      id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id     integer NOT NULL REFERENCES scrivania.enti (id),
      code        text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{2,47}$'),
      subject     text NOT NULL CHECK (length(trim(subject)) > 0 AND subject !~ '[\\r\\n]'),
      body        text NOT NULL CHECK (length(trim(body)) > 0),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      updated_by  integer REFERENCES scrivania.staff (id) DEFAULT scrivania.current_staff_id(),
      UNIQUE (ente_id, code)
    );

    CREATE FUNCTION scrivania.message_templates_stamp() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        NEW.updated_at := now();
        NEW.updated_by := scrivania.current_staff_id();
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.message_templates_stamp() FROM PUBLIC;
    CREATE TRIGGER message_templates_stamp BEFORE INSERT OR UPDATE ON scrivania.message_templates
      FOR EACH ROW EXECUTE FUNCTION scrivania.message_templates_stamp();

    ALTER TABLE scrivania.message_templates ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.message_templates FORCE ROW LEVEL SECURITY;
    GRANT SELECT ON scrivania.message_templates TO scrivania_staff;
    GRANT INSERT (ente_id, code, subject, body), UPDATE (subject, body), DELETE ON scrivania.message_templates TO scrivania_admin;
    CREATE POLICY message_templates_of_my_ente ON scrivania.message_templates FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY message_templates_admin_insert ON scrivania.message_templates FOR INSERT TO scrivania_admin
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY message_templates_admin_update ON scrivania.message_templates FOR UPDATE TO scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id()))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    -- Deleting an override brings the default template back.
    CREATE POLICY message_templates_admin_delete ON scrivania.message_templates FOR DELETE TO scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id()));

    CREATE TRIGGER message_templates_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.message_templates
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
  `);

  await knex.raw(`
    CREATE TABLE scrivania.messages (
      id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id            integer NOT NULL REFERENCES scrivania.enti (id),
      instance_id        bigint NOT NULL REFERENCES scrivania.instances (id),
      template_code      text NOT NULL CHECK (template_code ~ '^[a-z][a-z0-9_]{2,47}$'),
      recipient_name     text NOT NULL CHECK (length(trim(recipient_name)) > 0 AND recipient_name !~ '[\\r\\n]'),
      recipient_address  text NOT NULL CHECK (recipient_address ~ '^[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+$'),
      subject            text NOT NULL CHECK (length(trim(subject)) > 0 AND subject !~ '[\\r\\n]'),
      body_text          text NOT NULL CHECK (length(trim(body_text)) > 0),
      -- The Message-ID header, stable across attempts so that a recipient can recognise a repeat.
      smtp_message_id    text NOT NULL UNIQUE,
      status             text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
      attempts           integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at    timestamptz NOT NULL DEFAULT now(),
      last_error         text,
      last_error_code    text,
      smtp_response      text,
      claimed_at         timestamptz,
      claimed_by         text,
      claim_token        uuid,
      queued_at          timestamptz NOT NULL DEFAULT now(),
      queued_by          integer REFERENCES scrivania.staff (id) DEFAULT scrivania.current_staff_id(),
      sent_at            timestamptz,
      CONSTRAINT messages_sent_at_when_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
      CONSTRAINT messages_claimed_when_sending CHECK (status <> 'sending' OR (claimed_at IS NOT NULL AND claim_token IS NOT NULL))
    );
    CREATE INDEX messages_instance_idx ON scrivania.messages (instance_id, queued_at);
    CREATE INDEX messages_due_idx ON scrivania.messages (next_attempt_at, id) WHERE status = 'queued';
    CREATE INDEX messages_sending_idx ON scrivania.messages (claimed_at) WHERE status = 'sending';
  `);

  await knex.raw(`
    -- On insert: the ente comes from the case, the Message-ID from the ente's IPA code, and the
    -- delivery columns start from scratch whatever the insert said.
    CREATE FUNCTION scrivania.messages_prepare_insert() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        ipa text;
      BEGIN
        SELECT i.ente_id, lower(e.ipa_code) INTO NEW.ente_id, ipa
          FROM scrivania.instances i JOIN scrivania.enti e ON e.id = i.ente_id
         WHERE i.id = NEW.instance_id;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'No such instance' USING ERRCODE = '23503', HINT = 'scrivania:instance_not_found';
        END IF;
        NEW.smtp_message_id := format('<outbox-%s@%s.scrivania>', NEW.id, regexp_replace(ipa, '[^a-z0-9_-]', '-', 'g'));
        NEW.status := 'queued';
        NEW.attempts := 0;
        NEW.next_attempt_at := now();
        NEW.queued_at := now();
        NEW.last_error := NULL;
        NEW.last_error_code := NULL;
        NEW.smtp_response := NULL;
        NEW.claimed_at := NULL;
        NEW.claimed_by := NULL;
        NEW.claim_token := NULL;
        NEW.sent_at := NULL;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.messages_prepare_insert() FROM PUBLIC;
    CREATE TRIGGER messages_prepare_insert BEFORE INSERT ON scrivania.messages
      FOR EACH ROW EXECUTE FUNCTION scrivania.messages_prepare_insert();

    -- On update: the content is frozen, and the status moves only along the delivery transitions.
    CREATE FUNCTION scrivania.messages_guard_update() RETURNS trigger
      LANGUAGE plpgsql SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF (NEW.id, NEW.ente_id, NEW.instance_id, NEW.template_code, NEW.recipient_name, NEW.recipient_address,
            NEW.subject, NEW.body_text, NEW.smtp_message_id, NEW.queued_at, NEW.queued_by)
           IS DISTINCT FROM
           (OLD.id, OLD.ente_id, OLD.instance_id, OLD.template_code, OLD.recipient_name, OLD.recipient_address,
            OLD.subject, OLD.body_text, OLD.smtp_message_id, OLD.queued_at, OLD.queued_by) THEN
          RAISE EXCEPTION 'The content of a message cannot be changed after it is queued'
            USING ERRCODE = '42501', HINT = 'scrivania:message_content_immutable';
        END IF;
        IF NOT ((OLD.status, NEW.status) IN (('queued', 'sending'), ('sending', 'sending'), ('sending', 'queued'),
                                             ('sending', 'sent'), ('sending', 'failed'), ('failed', 'queued'))) THEN
          RAISE EXCEPTION 'A message cannot go from % to %', OLD.status, NEW.status
            USING ERRCODE = '23514', HINT = 'scrivania:message_status_transition';
        END IF;
        IF NEW.status = 'sending' THEN
          NEW.claimed_at := now();
        ELSIF NEW.status = 'sent' THEN
          NEW.sent_at := now();
          NEW.last_error := NULL;
          NEW.last_error_code := NULL;
        END IF;
        IF NEW.status <> 'sending' THEN
          NEW.claim_token := NULL;
        END IF;
        IF OLD.status = 'failed' THEN
          -- A retry asked by staff starts a fresh series of attempts, now.
          NEW.attempts := 0;
          NEW.next_attempt_at := now();
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.messages_guard_update() FROM PUBLIC;
    CREATE TRIGGER messages_guard_update BEFORE UPDATE ON scrivania.messages
      FOR EACH ROW EXECUTE FUNCTION scrivania.messages_guard_update();

    -- Messages are the record of what the administration told the applicant: never deleted.
    CREATE FUNCTION scrivania.messages_refuse_delete() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'Messages cannot be deleted' USING ERRCODE = '42501', HINT = 'scrivania:message_content_immutable';
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.messages_refuse_delete() FROM PUBLIC;
    CREATE TRIGGER messages_refuse_delete BEFORE DELETE OR TRUNCATE ON scrivania.messages
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.messages_refuse_delete();

    -- Wakes the delivery workers (LISTEN scrivania_outbox) when a message becomes due; delivered
    -- at commit, so a worker never sees a message of a transaction that rolls back.
    CREATE FUNCTION scrivania.messages_notify_outbox() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('scrivania_outbox', NEW.id::text);
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.messages_notify_outbox() FROM PUBLIC;
    CREATE TRIGGER messages_notify_outbox AFTER INSERT OR UPDATE OF status ON scrivania.messages
      FOR EACH ROW WHEN (NEW.status = 'queued' AND NEW.next_attempt_at <= now())
      EXECUTE FUNCTION scrivania.messages_notify_outbox();

    CREATE TRIGGER messages_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.messages
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
  `);

  await knex.raw(`
    ALTER TABLE scrivania.messages ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.messages FORCE ROW LEVEL SECURITY;

    -- Staff: the messages of the cases they can see (the EXISTS relies on the instances policy).
    GRANT SELECT ON scrivania.messages TO scrivania_staff;
    GRANT INSERT (instance_id, template_code, recipient_name, recipient_address, subject, body_text)
      ON scrivania.messages TO scrivania_staff;
    GRANT UPDATE (status) ON scrivania.messages TO scrivania_staff;
    CREATE POLICY messages_of_visible_instances ON scrivania.messages FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id())
             AND EXISTS (SELECT 1 FROM scrivania.instances i WHERE i.id = messages.instance_id));
    CREATE POLICY messages_queue ON scrivania.messages FOR INSERT TO scrivania_staff
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id())
                  AND EXISTS (SELECT 1 FROM scrivania.instances i WHERE i.id = messages.instance_id));
    -- Whoever can see the case may send a permanently failed message again (failed → queued only).
    CREATE POLICY messages_retry ON scrivania.messages FOR UPDATE TO scrivania_staff
      USING (status = 'failed' AND ente_id = (SELECT scrivania.current_ente_id())
             AND EXISTS (SELECT 1 FROM scrivania.instances i WHERE i.id = messages.instance_id))
      WITH CHECK (status = 'queued');

    -- The delivery worker: what waits for delivery, plus (for an hour) what it handled itself —
    -- PostgreSQL checks an updated row against the SELECT policy too, so a worker must be able to
    -- see the message it has just marked sent or failed.
    GRANT SELECT ON scrivania.messages TO scrivania_mailer;
    GRANT UPDATE (status, attempts, next_attempt_at, last_error, last_error_code, smtp_response,
                  claimed_at, claimed_by, claim_token) ON scrivania.messages TO scrivania_mailer;
    CREATE POLICY messages_awaiting_delivery ON scrivania.messages FOR SELECT TO scrivania_mailer
      USING (status IN ('queued', 'sending')
             OR (claimed_by = session_user AND claimed_at > now() - interval '1 hour'));
    CREATE POLICY messages_delivery_status ON scrivania.messages FOR UPDATE TO scrivania_mailer
      USING (status IN ('queued', 'sending'))
      WITH CHECK (claimed_by = session_user);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE scrivania.messages;
    DROP FUNCTION scrivania.messages_notify_outbox();
    DROP FUNCTION scrivania.messages_refuse_delete();
    DROP FUNCTION scrivania.messages_guard_update();
    DROP FUNCTION scrivania.messages_prepare_insert();
    DROP TABLE scrivania.message_templates;
    DROP FUNCTION scrivania.message_templates_stamp();
    REVOKE SELECT ON TABLE knex_migrations FROM scrivania_mailer;
    REVOKE USAGE ON SCHEMA scrivania FROM scrivania_mailer;
  `);
}
