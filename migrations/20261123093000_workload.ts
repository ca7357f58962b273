import type { Knex } from 'knex';

/**
 * Workloads: the load model (a weight per procedure type, each person's capacity as a part-time
 * share of the ente's full-time load), the absence calendar, competences (which procedure types a
 * person handles), each office's automatic assignment rule, the trace of every assignment batch
 * (manual, bulk, automatic, cover of an absence), and the explicit grant that lets a manager see
 * the whole ente instead of their offices.
 *
 * The database refuses, for every path (the case screen, bulk actions, psql), a reassignment to a
 * disabled person, to a person absent today or, where the office assigns by competence, to a person
 * without the competence: the same rules whoever asks.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE scrivania.workload_settings (
      ente_id           integer PRIMARY KEY REFERENCES scrivania.enti (id),
      -- The weighted load a full-time person is expected to hold (100% on the load meter).
      full_time_points  numeric(6, 1) NOT NULL DEFAULT 40 CHECK (full_time_points > 0 AND full_time_points <= 1000),
      updated_at        timestamptz NOT NULL DEFAULT now(),
      updated_by        text NOT NULL DEFAULT session_user
    );

    CREATE TABLE scrivania.procedure_weights (
      procedure_type_id integer PRIMARY KEY REFERENCES scrivania.procedure_types (id),
      ente_id           integer NOT NULL REFERENCES scrivania.enti (id),
      -- How much work one case of the type is; 1 when not set.
      weight            numeric(4, 1) NOT NULL CHECK (weight >= 0.1 AND weight <= 50),
      updated_at        timestamptz NOT NULL DEFAULT now(),
      updated_by        text NOT NULL DEFAULT session_user
    );

    CREATE TABLE scrivania.staff_capacity (
      staff_id          integer PRIMARY KEY REFERENCES scrivania.staff (id),
      ente_id           integer NOT NULL REFERENCES scrivania.enti (id),
      -- Part-time share: 1 full time, 0.5 half time. 1 when not set.
      capacity_share    numeric(3, 2) NOT NULL CHECK (capacity_share >= 0.05 AND capacity_share <= 1),
      updated_at        timestamptz NOT NULL DEFAULT now(),
      updated_by        text NOT NULL DEFAULT session_user
    );

    CREATE TABLE scrivania.staff_absences (
      id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id     integer NOT NULL REFERENCES scrivania.enti (id),
      staff_id    integer NOT NULL REFERENCES scrivania.staff (id),
      starts_on   date NOT NULL,
      ends_on     date NOT NULL,
      kind        text NOT NULL CHECK (kind IN ('ferie', 'malattia', 'formazione', 'permesso', 'altro')),
      note        text CHECK (note IS NULL OR length(note) <= 500),
      created_at  timestamptz NOT NULL DEFAULT now(),
      created_by  text NOT NULL DEFAULT session_user,
      CHECK (ends_on >= starts_on)
    );
    CREATE INDEX staff_absences_staff_idx ON scrivania.staff_absences (staff_id, ends_on);

    CREATE TABLE scrivania.staff_competences (
      staff_id          integer NOT NULL REFERENCES scrivania.staff (id) ON DELETE CASCADE,
      procedure_type_id integer NOT NULL REFERENCES scrivania.procedure_types (id),
      ente_id           integer NOT NULL REFERENCES scrivania.enti (id),
      created_at        timestamptz NOT NULL DEFAULT now(),
      created_by        text NOT NULL DEFAULT session_user,
      PRIMARY KEY (staff_id, procedure_type_id)
    );
    CREATE INDEX staff_competences_procedure_idx ON scrivania.staff_competences (procedure_type_id);

    CREATE TABLE scrivania.office_assignment_rules (
      office_id        integer PRIMARY KEY REFERENCES scrivania.offices (id),
      ente_id          integer NOT NULL REFERENCES scrivania.enti (id),
      -- The automatic rule; NULL: none chosen (automatic proposals then balance by least load).
      rule             text CHECK (rule IS NULL OR rule IN ('round_robin', 'least_load')),
      -- Only people with the competence for the case's procedure type may hold it (any assignment).
      by_competence    boolean NOT NULL DEFAULT false,
      -- Round robin: who was given the last case, so the next one goes to whoever follows.
      last_assignee_id integer REFERENCES scrivania.staff (id),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      updated_by       text NOT NULL DEFAULT session_user
    );

    CREATE TABLE scrivania.assignment_batches (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id         integer NOT NULL REFERENCES scrivania.enti (id),
      method          text NOT NULL CHECK (method IN ('manual', 'bulk', 'automatic', 'absence_cover')),
      rule            text CHECK (rule IS NULL OR rule IN ('round_robin', 'least_load')),
      reason          text NOT NULL CHECK (length(trim(reason)) >= 5),
      actor_staff_id  integer DEFAULT scrivania.current_staff_id() REFERENCES scrivania.staff (id),
      actor_login     text NOT NULL DEFAULT session_user,
      created_at      timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX assignment_batches_ente_idx ON scrivania.assignment_batches (ente_id, created_at);

    CREATE TABLE scrivania.assignment_batch_cases (
      batch_id       bigint NOT NULL REFERENCES scrivania.assignment_batches (id),
      instance_id    bigint NOT NULL REFERENCES scrivania.instances (id),
      from_staff_id  integer REFERENCES scrivania.staff (id),
      to_staff_id    integer NOT NULL REFERENCES scrivania.staff (id),
      PRIMARY KEY (batch_id, instance_id)
    );
    CREATE INDEX assignment_batch_cases_instance_idx ON scrivania.assignment_batch_cases (instance_id);

    CREATE TRIGGER assignment_batches_append_only BEFORE UPDATE OR DELETE ON scrivania.assignment_batches
      FOR EACH ROW EXECUTE FUNCTION scrivania.refuse_change();
    CREATE TRIGGER assignment_batch_cases_append_only BEFORE UPDATE OR DELETE ON scrivania.assignment_batch_cases
      FOR EACH ROW EXECUTE FUNCTION scrivania.refuse_change();

    CREATE TABLE scrivania.manager_ente_grants (
      staff_id    integer PRIMARY KEY REFERENCES scrivania.staff (id),
      ente_id     integer NOT NULL REFERENCES scrivania.enti (id),
      granted_at  timestamptz NOT NULL DEFAULT now(),
      granted_by  text NOT NULL DEFAULT session_user
    );
  `);

  await knex.raw(`
    -- Whether the signed-in person sees every case of the ente: administrators, and managers the
    -- administrator has granted it to (an explicit row, revocable, audited).
    CREATE FUNCTION scrivania.current_sees_whole_ente() RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
        SELECT coalesce((SELECT s.role = 'admin'
                                OR (s.role = 'manager' AND EXISTS (SELECT 1 FROM scrivania.manager_ente_grants g
                                                                    WHERE g.staff_id = s.id AND g.ente_id = s.ente_id))
                           FROM scrivania.staff s WHERE s.username = session_user AND s.enabled), false)
      $$;

    -- Whether the signed-in person manages an office: administrators (their ente's offices) and its managers.
    CREATE FUNCTION scrivania.current_manages_office(p_office_id integer) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
        SELECT EXISTS (
          SELECT 1 FROM scrivania.staff s JOIN scrivania.offices o ON o.id = p_office_id AND o.ente_id = s.ente_id
           WHERE s.username = session_user AND s.enabled
             AND (s.role = 'admin'
                  OR (s.role = 'manager' AND EXISTS (SELECT 1 FROM scrivania.staff_offices so
                                                      WHERE so.staff_id = s.id AND so.office_id = p_office_id))))
      $$;

    -- Whether the signed-in person manages a colleague: administrators, and managers of one of their offices.
    CREATE FUNCTION scrivania.current_manages_staff(p_staff_id integer) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
        SELECT EXISTS (SELECT 1 FROM scrivania.staff_offices so
                        WHERE so.staff_id = p_staff_id AND scrivania.current_manages_office(so.office_id))
      $$;

    REVOKE ALL ON FUNCTION scrivania.current_sees_whole_ente(), scrivania.current_manages_office(integer),
      scrivania.current_manages_staff(integer) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.current_sees_whole_ente(), scrivania.current_manages_office(integer),
      scrivania.current_manages_staff(integer) TO scrivania_staff;

    -- Each colleague's open cases of the ente, counted and weighted: a load meter must show the whole
    -- load even when part of it is in offices the reader does not see. Aggregates only, no case data.
    CREATE FUNCTION scrivania.staff_open_load()
      RETURNS TABLE (staff_id integer, open_cases integer, overdue integer, weighted_load double precision)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
        SELECT i.assignee_id, count(*)::integer,
               (count(*) FILTER (WHERE i.decided_at IS NULL AND i.due_date < (SELECT (now() AT TIME ZONE 'Europe/Rome')::date)))::integer,
               sum(coalesce(w.weight, 1))::double precision
          FROM scrivania.instances i
          LEFT JOIN scrivania.procedure_weights w ON w.procedure_type_id = i.procedure_type_id
         WHERE i.ente_id = (SELECT scrivania.current_ente_id()) AND i.closed_at IS NULL AND i.assignee_id IS NOT NULL
         GROUP BY i.assignee_id
      $$;
    REVOKE ALL ON FUNCTION scrivania.staff_open_load() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.staff_open_load() TO scrivania_staff;

    -- A manager granted the whole ente sees all its cases (the policy instances_visible gives the offices).
    CREATE POLICY instances_visible_whole_ente ON scrivania.instances FOR SELECT TO scrivania_manager
      USING (ente_id = (SELECT scrivania.current_ente_id()) AND (SELECT scrivania.current_sees_whole_ente()));
  `);

  await knex.raw(`
    -- A case given to someone else must go to a person who can take it now: enabled, not absent
    -- today, and competent for the procedure where the office assigns by competence. Taking a case
    -- for oneself is not checked (whoever takes it is evidently at work). Maintenance connections
    -- that are not staff are not checked.
    CREATE FUNCTION scrivania.instances_check_assignee() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        today date := (now() AT TIME ZONE 'Europe/Rome')::date;
      BEGIN
        IF NEW.assignee_id IS NULL OR NEW.assignee_id IS NOT DISTINCT FROM OLD.assignee_id
           OR scrivania.current_staff_role() IS NULL OR NEW.assignee_id = scrivania.current_staff_id() THEN
          RETURN NEW;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM scrivania.staff WHERE id = NEW.assignee_id AND enabled) THEN
          RAISE EXCEPTION 'Staff % is disabled', NEW.assignee_id USING ERRCODE = '23514', HINT = 'scrivania:assignee_disabled';
        END IF;
        IF EXISTS (SELECT 1 FROM scrivania.staff_absences a
                    WHERE a.staff_id = NEW.assignee_id AND today BETWEEN a.starts_on AND a.ends_on) THEN
          RAISE EXCEPTION 'Staff % is absent today', NEW.assignee_id USING ERRCODE = '23514', HINT = 'scrivania:assignee_absent';
        END IF;
        IF EXISTS (SELECT 1 FROM scrivania.office_assignment_rules r WHERE r.office_id = NEW.office_id AND r.by_competence)
           AND NOT EXISTS (SELECT 1 FROM scrivania.staff_competences c
                            WHERE c.staff_id = NEW.assignee_id AND c.procedure_type_id = NEW.procedure_type_id) THEN
          RAISE EXCEPTION 'Staff % lacks the competence for procedure %', NEW.assignee_id, NEW.procedure_type_id
            USING ERRCODE = '23514', HINT = 'scrivania:assignee_not_competent';
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.instances_check_assignee() FROM PUBLIC;
    CREATE TRIGGER instances_check_assignee BEFORE UPDATE OF assignee_id ON scrivania.instances
      FOR EACH ROW EXECUTE FUNCTION scrivania.instances_check_assignee();
  `);

  const configuration = [
    'workload_settings',
    'procedure_weights',
    'staff_capacity',
    'staff_absences',
    'staff_competences',
    'office_assignment_rules',
  ];
  for (const table of [...configuration, 'assignment_batches', 'assignment_batch_cases', 'manager_ente_grants']) {
    await knex.raw(`
      ALTER TABLE scrivania.${table} ENABLE ROW LEVEL SECURITY;
      ALTER TABLE scrivania.${table} FORCE ROW LEVEL SECURITY;
      GRANT SELECT ON scrivania.${table} TO scrivania_staff;
    `);
  }
  for (const table of configuration) {
    await knex.raw(`
      CREATE POLICY ${table}_of_my_ente ON scrivania.${table} FOR SELECT TO scrivania_staff
        USING (ente_id = (SELECT scrivania.current_ente_id()));
      GRANT INSERT, UPDATE, DELETE ON scrivania.${table} TO scrivania_manager, scrivania_admin;
      CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.${table}
        FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
    `);
  }
  await knex.raw(`
    -- Who may change what: the ente's settings its administrators; a procedure's weight the managers
    -- of the office that handles it; a person's capacity, absences and competences their managers;
    -- an office's rule its managers. Administrators may do all of it in their ente.
    CREATE POLICY workload_settings_write ON scrivania.workload_settings FOR ALL TO scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id()))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));

    CREATE POLICY procedure_weights_write ON scrivania.procedure_weights FOR ALL TO scrivania_manager, scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id())
             AND scrivania.current_manages_office((SELECT p.office_id FROM scrivania.procedure_types p WHERE p.id = procedure_type_id)))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id())
                  AND EXISTS (SELECT 1 FROM scrivania.procedure_types p
                               WHERE p.id = procedure_type_id AND p.ente_id = procedure_weights.ente_id
                                 AND scrivania.current_manages_office(p.office_id)));

    CREATE POLICY staff_capacity_write ON scrivania.staff_capacity FOR ALL TO scrivania_manager, scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id()) AND scrivania.current_manages_staff(staff_id))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()) AND scrivania.current_manages_staff(staff_id));

    CREATE POLICY staff_absences_write ON scrivania.staff_absences FOR ALL TO scrivania_manager, scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id()) AND scrivania.current_manages_staff(staff_id))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()) AND scrivania.current_manages_staff(staff_id));

    CREATE POLICY staff_competences_write ON scrivania.staff_competences FOR ALL TO scrivania_manager, scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id()) AND scrivania.current_manages_staff(staff_id))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()) AND scrivania.current_manages_staff(staff_id)
                  AND EXISTS (SELECT 1 FROM scrivania.procedure_types p
                               WHERE p.id = procedure_type_id AND p.ente_id = staff_competences.ente_id));

    CREATE POLICY office_assignment_rules_write ON scrivania.office_assignment_rules FOR ALL TO scrivania_manager, scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id()) AND scrivania.current_manages_office(office_id))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()) AND scrivania.current_manages_office(office_id));

    -- The trace of assignments: managers and administrators read their ente's batches; the cases of
    -- a batch are visible with the case. Managers write them, as themselves.
    CREATE POLICY assignment_batches_visible ON scrivania.assignment_batches FOR SELECT TO scrivania_manager, scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY assignment_batches_insert ON scrivania.assignment_batches FOR INSERT TO scrivania_manager
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()) AND actor_login = session_user
                  AND actor_staff_id = (SELECT scrivania.current_staff_id()));
    GRANT INSERT ON scrivania.assignment_batches TO scrivania_manager;
    CREATE POLICY assignment_batch_cases_visible ON scrivania.assignment_batch_cases FOR SELECT TO scrivania_staff
      USING (EXISTS (SELECT 1 FROM scrivania.instances i WHERE i.id = instance_id));
    CREATE POLICY assignment_batch_cases_insert ON scrivania.assignment_batch_cases FOR INSERT TO scrivania_manager
      WITH CHECK (EXISTS (SELECT 1 FROM scrivania.assignment_batches b WHERE b.id = batch_id AND b.actor_login = session_user)
                  AND EXISTS (SELECT 1 FROM scrivania.instances i WHERE i.id = instance_id));
    GRANT INSERT ON scrivania.assignment_batch_cases TO scrivania_manager;

    CREATE POLICY manager_ente_grants_visible ON scrivania.manager_ente_grants FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY manager_ente_grants_admin ON scrivania.manager_ente_grants FOR ALL TO scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id()))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id())
                  AND EXISTS (SELECT 1 FROM scrivania.staff s WHERE s.id = staff_id AND s.ente_id = manager_ente_grants.ente_id
                                                                 AND s.role = 'manager'));
    GRANT INSERT, DELETE ON scrivania.manager_ente_grants TO scrivania_admin;
    CREATE TRIGGER manager_ente_grants_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.manager_ente_grants
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER instances_check_assignee ON scrivania.instances;
    DROP FUNCTION scrivania.instances_check_assignee();
    DROP POLICY instances_visible_whole_ente ON scrivania.instances;
    DROP TABLE scrivania.manager_ente_grants;
    DROP TABLE scrivania.assignment_batch_cases;
    DROP TABLE scrivania.assignment_batches;
    DROP TABLE scrivania.office_assignment_rules;
    DROP TABLE scrivania.staff_competences;
    DROP TABLE scrivania.staff_absences;
    DROP TABLE scrivania.staff_capacity;
    DROP TABLE scrivania.procedure_weights;
    DROP TABLE scrivania.workload_settings;
    DROP FUNCTION scrivania.staff_open_load();
    DROP FUNCTION scrivania.current_manages_staff(integer);
    DROP FUNCTION scrivania.current_manages_office(integer);
    DROP FUNCTION scrivania.current_sees_whole_ente();
  `);
}
