import type { Knex } from 'knex';

/**
 * The case workflow: the full set of statuses, the transitions each role may make (enforced by the
 * database, not only by the app), the case history (instance_events, append-only), optimistic
 * versions for concurrent edits, the procedure clock's state on the case, live-update
 * notifications, the titolario (classification scheme) and fascicoli (AgID minimum metadata).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE scrivania.classifications (
      id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id     integer NOT NULL REFERENCES scrivania.enti (id),
      -- Roman title and class number, e.g. 'VI' (titolo) or 'VI.3' (classe): Titolario per gli archivi dei Comuni.
      code        text NOT NULL CHECK (code ~ '^[IVXL]+(\\.[0-9]{1,2}){0,2}$'),
      title       text NOT NULL CHECK (length(trim(title)) > 0),
      parent_id   integer REFERENCES scrivania.classifications (id),
      active      boolean NOT NULL DEFAULT true,
      UNIQUE (ente_id, code)
    );
    CREATE INDEX classifications_parent_idx ON scrivania.classifications (parent_id);

    ALTER TABLE scrivania.procedure_types
      ADD COLUMN classification_id integer REFERENCES scrivania.classifications (id),
      -- What a request for integration does: suspends (L. 241/1990 art. 2 c.7) or interrupts the
      -- term (DPR 380/2001 art. 20 c.5, permesso di costruire).
      ADD COLUMN integration_regime text NOT NULL DEFAULT 'suspension' CHECK (integration_regime IN ('suspension', 'interruption'));

    CREATE TABLE scrivania.fascicolo_counters (
      ente_id            integer NOT NULL REFERENCES scrivania.enti (id),
      classification_id  integer NOT NULL REFERENCES scrivania.classifications (id),
      year               integer NOT NULL CHECK (year BETWEEN 1900 AND 2999),
      last_number        integer NOT NULL CHECK (last_number >= 0),
      PRIMARY KEY (ente_id, classification_id, year)
    );

    -- AgID Linee guida 2021, fascicolo informatico: id, classification, owning unit, participating
    -- units, person responsible (RUP), oggetto, documents (by reference), opening and closing dates.
    CREATE TABLE scrivania.fascicoli (
      id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id                 integer NOT NULL REFERENCES scrivania.enti (id),
      classification_id       integer NOT NULL REFERENCES scrivania.classifications (id),
      year                    integer NOT NULL,
      number                  integer NOT NULL CHECK (number > 0),
      identifier              text NOT NULL,
      subject                 text NOT NULL CHECK (length(trim(subject)) > 0),
      owning_office_id        integer NOT NULL REFERENCES scrivania.offices (id),
      participating_office_ids integer[] NOT NULL DEFAULT '{}',
      rup_staff_id            integer REFERENCES scrivania.staff (id),
      opened_on               date NOT NULL,
      closed_on               date,
      UNIQUE (ente_id, classification_id, year, number),
      UNIQUE (ente_id, identifier),
      CHECK (closed_on IS NULL OR closed_on >= opened_on)
    );

    ALTER TABLE scrivania.instances
      DROP CONSTRAINT instances_status_check,
      DROP CONSTRAINT instances_closed_when_final,
      ADD COLUMN decided_at timestamptz,
      ADD COLUMN classification_id integer REFERENCES scrivania.classifications (id),
      ADD COLUMN fascicolo_id bigint REFERENCES scrivania.fascicoli (id),
      ADD COLUMN clock_state text NOT NULL DEFAULT 'running'
        CHECK (clock_state IN ('running', 'suspended', 'interrupted', 'stopped')),
      ADD COLUMN tacit_approval_on date,
      -- Silenzio-assenso does not apply where environmental, landscape or heritage constraints do (DPR 380/2001 art. 20 c.8).
      ADD COLUMN tacit_approval_excluded boolean NOT NULL DEFAULT false,
      ADD COLUMN version integer NOT NULL DEFAULT 1;
    UPDATE scrivania.instances SET decided_at = closed_at WHERE status IN ('accepted', 'rejected');
    UPDATE scrivania.instances SET clock_state = 'stopped' WHERE closed_at IS NOT NULL;
    UPDATE scrivania.instances SET clock_state = 'suspended' WHERE status = 'suspended';
    ALTER TABLE scrivania.instances
      ADD CONSTRAINT instances_status_check CHECK (status IN (
        'received', 'in_progress', 'suspended', 'awaiting_observations', 'awaiting_conformation',
        'accepted', 'partially_accepted', 'rejected', 'withdrawn')),
      ADD CONSTRAINT instances_decided_when_decision CHECK (
        (status IN ('accepted', 'partially_accepted', 'rejected')) = (decided_at IS NOT NULL)),
      ADD CONSTRAINT instances_closed_only_when_final CHECK (
        closed_at IS NULL OR status IN ('accepted', 'partially_accepted', 'rejected', 'withdrawn')),
      ADD CONSTRAINT instances_withdrawn_is_closed CHECK (status <> 'withdrawn' OR closed_at IS NOT NULL);
    CREATE INDEX instances_fascicolo_idx ON scrivania.instances (fascicolo_id);
  `);

  await knex.raw(`
    -- Which role may move a case from one status to another (the app reads the same rules from
    -- src/shared/domain/workflow.ts; a test checks the two agree).
    CREATE TABLE scrivania.workflow_transitions (
      action       text NOT NULL,
      from_status  text NOT NULL,
      to_status    text NOT NULL,
      roles        text[] NOT NULL,
      PRIMARY KEY (action, from_status, to_status)
    );

    CREATE TABLE scrivania.instance_events (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id         integer NOT NULL REFERENCES scrivania.enti (id),
      instance_id     bigint NOT NULL REFERENCES scrivania.instances (id),
      occurred_at     timestamptz NOT NULL DEFAULT now(),
      -- The day the step counts from for the procedure clock (e.g. the day the documents arrived).
      effective_on    date NOT NULL DEFAULT (now() AT TIME ZONE 'Europe/Rome')::date,
      action          text NOT NULL,
      from_status     text,
      to_status       text,
      actor_staff_id  integer DEFAULT scrivania.current_staff_id() REFERENCES scrivania.staff (id),
      actor_login     text NOT NULL DEFAULT session_user,
      reason          text,
      details         jsonb NOT NULL DEFAULT '{}',
      xid             bigint NOT NULL DEFAULT txid_current()
    );
    CREATE INDEX instance_events_instance_idx ON scrivania.instance_events (instance_id, id);

    CREATE FUNCTION scrivania.refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '42501', HINT = 'scrivania:append_only';
      END
      $$;
    CREATE TRIGGER instance_events_append_only BEFORE UPDATE OR DELETE ON scrivania.instance_events
      FOR EACH ROW EXECUTE FUNCTION scrivania.refuse_change();
    CREATE TRIGGER instance_events_no_truncate BEFORE TRUNCATE ON scrivania.instance_events
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.refuse_change();
  `);

  await knex.raw(`
    -- A status change must be one of the workflow's transitions for the signed-in role, and every
    -- change of status or assignee must be recorded in the case history in the same transaction.
    -- Maintenance connections that are not staff (the database owner loading data) are not checked.
    CREATE FUNCTION scrivania.instances_check_transition() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        role text := scrivania.current_staff_role();
        allowed boolean := true;
      BEGIN
        NEW.version := OLD.version + 1;
        IF role IS NULL THEN
          RETURN NEW;
        END IF;
        IF OLD.closed_at IS NOT NULL AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.closed_at IS DISTINCT FROM OLD.closed_at
             OR NEW.assignee_id IS DISTINCT FROM OLD.assignee_id OR NEW.office_id IS DISTINCT FROM OLD.office_id) THEN
          RAISE EXCEPTION 'Case % is closed', OLD.id USING ERRCODE = '42501', HINT = 'scrivania:case_closed';
        END IF;
        IF NEW.status IS DISTINCT FROM OLD.status THEN
          allowed := EXISTS (SELECT 1 FROM scrivania.workflow_transitions t
                              WHERE t.from_status = OLD.status AND t.to_status = NEW.status AND role = ANY (t.roles));
        ELSIF NEW.closed_at IS DISTINCT FROM OLD.closed_at THEN
          allowed := EXISTS (SELECT 1 FROM scrivania.workflow_transitions t
                              WHERE t.action = 'close' AND t.from_status = OLD.status AND role = ANY (t.roles));
        ELSIF NEW.assignee_id IS DISTINCT FROM OLD.assignee_id OR NEW.office_id IS DISTINCT FROM OLD.office_id THEN
          -- Managers assign; anyone may pick up an unassigned case for themselves.
          allowed := EXISTS (SELECT 1 FROM scrivania.workflow_transitions t
                              WHERE t.action = 'assign' AND t.from_status = OLD.status AND role = ANY (t.roles))
                     OR (OLD.assignee_id IS NULL AND NEW.assignee_id = scrivania.current_staff_id()
                         AND NEW.office_id = OLD.office_id);
        END IF;
        IF NOT allowed THEN
          RAISE EXCEPTION 'Change of case % (%) not allowed for %', OLD.id, OLD.status, role
            USING ERRCODE = '42501', HINT = 'scrivania:transition_not_allowed';
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.instances_check_transition() FROM PUBLIC;
    CREATE TRIGGER instances_check_transition BEFORE UPDATE ON scrivania.instances
      FOR EACH ROW EXECUTE FUNCTION scrivania.instances_check_transition();

    CREATE FUNCTION scrivania.instances_require_event() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF scrivania.current_staff_role() IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM scrivania.instance_events e WHERE e.instance_id = NEW.id AND e.xid = txid_current()) THEN
          RAISE EXCEPTION 'Change to case % without a history entry', NEW.id
            USING ERRCODE = '23514', HINT = 'scrivania:history_required';
        END IF;
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.instances_require_event() FROM PUBLIC;
    CREATE CONSTRAINT TRIGGER instances_require_event
      AFTER INSERT OR UPDATE OF status, assignee_id, office_id, due_date, closed_at ON scrivania.instances
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scrivania.instances_require_event();

    -- Every open workspace hears about changed cases: ids only, each workspace reads back what its
    -- role may see. One notification per statement; a bulk change says so instead of listing ids.
    CREATE FUNCTION scrivania.instances_notify() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        changed_ids bigint[];
      BEGIN
        SELECT array_agg(id) INTO changed_ids FROM (SELECT id FROM changed LIMIT 201) c;
        IF changed_ids IS NULL THEN
          RETURN NULL;
        END IF;
        PERFORM pg_notify('scrivania_instances', CASE
          WHEN cardinality(changed_ids) > 200 THEN json_build_object('bulk', true)::text
          ELSE json_build_object('ids', changed_ids)::text END);
        RETURN NULL;
      END
      $$;
    CREATE TRIGGER instances_notify_insert AFTER INSERT ON scrivania.instances
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION scrivania.instances_notify();
    CREATE TRIGGER instances_notify_update AFTER UPDATE ON scrivania.instances
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION scrivania.instances_notify();
  `);

  await knex.raw(`
    ALTER TABLE scrivania.classifications ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.classifications FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.fascicolo_counters ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.fascicolo_counters FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.fascicoli ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.fascicoli FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.workflow_transitions ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.workflow_transitions FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.instance_events ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.instance_events FORCE ROW LEVEL SECURITY;

    GRANT SELECT ON scrivania.classifications, scrivania.fascicoli, scrivania.workflow_transitions,
      scrivania.instance_events TO scrivania_staff;
    GRANT INSERT, UPDATE ON scrivania.classifications TO scrivania_admin;
    GRANT SELECT, INSERT, UPDATE ON scrivania.fascicolo_counters TO scrivania_staff;
    GRANT INSERT, UPDATE ON scrivania.fascicoli TO scrivania_staff;
    GRANT INSERT ON scrivania.instance_events TO scrivania_staff;

    CREATE POLICY classifications_of_my_ente ON scrivania.classifications FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY classifications_admin_insert ON scrivania.classifications FOR INSERT TO scrivania_admin
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY classifications_admin_update ON scrivania.classifications FOR UPDATE TO scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id()))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));

    CREATE POLICY fascicolo_counters_of_my_ente ON scrivania.fascicolo_counters FOR ALL TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));

    -- A fascicolo is visible to its owning and participating offices (and to administrators).
    CREATE POLICY fascicoli_visible ON scrivania.fascicoli FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id())
             AND ((SELECT scrivania.current_staff_role()) = 'admin'
                  OR owning_office_id = ANY ((SELECT scrivania.current_office_ids())::integer[])
                  OR participating_office_ids && (SELECT scrivania.current_office_ids())::integer[]));
    CREATE POLICY fascicoli_insert ON scrivania.fascicoli FOR INSERT TO scrivania_staff
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY fascicoli_update ON scrivania.fascicoli FOR UPDATE TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id())
             AND ((SELECT scrivania.current_staff_role()) = 'admin'
                  OR owning_office_id = ANY ((SELECT scrivania.current_office_ids())::integer[])))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));

    CREATE POLICY workflow_transitions_readable ON scrivania.workflow_transitions FOR SELECT TO scrivania_staff
      USING (true);

    -- The history of a case is visible with the case, and written only for a visible case.
    CREATE POLICY instance_events_visible ON scrivania.instance_events FOR SELECT TO scrivania_staff
      USING (EXISTS (SELECT 1 FROM scrivania.instances i WHERE i.id = instance_id));
    CREATE POLICY instance_events_insert ON scrivania.instance_events FOR INSERT TO scrivania_staff
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id())
                  AND actor_login = session_user
                  AND EXISTS (SELECT 1 FROM scrivania.instances i WHERE i.id = instance_id));

    CREATE TRIGGER classifications_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.classifications
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
    CREATE TRIGGER fascicoli_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.fascicoli
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER instances_notify_insert ON scrivania.instances;
    DROP TRIGGER instances_notify_update ON scrivania.instances;
    DROP TRIGGER instances_require_event ON scrivania.instances;
    DROP TRIGGER instances_check_transition ON scrivania.instances;
    DROP FUNCTION scrivania.instances_notify();
    DROP FUNCTION scrivania.instances_require_event();
    DROP FUNCTION scrivania.instances_check_transition();
    DROP TABLE scrivania.instance_events;
    DROP FUNCTION scrivania.refuse_change();
    DROP TABLE scrivania.workflow_transitions;
    DELETE FROM scrivania.instances WHERE status NOT IN ('received', 'in_progress', 'suspended', 'accepted', 'rejected', 'withdrawn');
    UPDATE scrivania.instances SET closed_at = coalesce(closed_at, decided_at) WHERE status IN ('accepted', 'rejected');
    UPDATE scrivania.instances SET closed_at = NULL WHERE status NOT IN ('accepted', 'rejected', 'withdrawn');
    ALTER TABLE scrivania.instances
      DROP CONSTRAINT instances_status_check,
      DROP CONSTRAINT instances_decided_when_decision,
      DROP CONSTRAINT instances_closed_only_when_final,
      DROP CONSTRAINT instances_withdrawn_is_closed,
      DROP COLUMN decided_at,
      DROP COLUMN classification_id,
      DROP COLUMN fascicolo_id,
      DROP COLUMN clock_state,
      DROP COLUMN tacit_approval_on,
      DROP COLUMN tacit_approval_excluded,
      DROP COLUMN version;
    ALTER TABLE scrivania.instances
      ADD CONSTRAINT instances_status_check CHECK (status IN ('received', 'in_progress', 'suspended', 'accepted', 'rejected', 'withdrawn')),
      ADD CONSTRAINT instances_closed_when_final CHECK ((status IN ('accepted', 'rejected', 'withdrawn')) = (closed_at IS NOT NULL));
    DROP TABLE scrivania.fascicoli;
    DROP TABLE scrivania.fascicolo_counters;
    ALTER TABLE scrivania.procedure_types DROP COLUMN classification_id, DROP COLUMN integration_regime;
    DROP TABLE scrivania.classifications;
  `);
}
