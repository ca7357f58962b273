import type { Knex } from 'knex';

/** How recent a closure may be and still be folded by a staff member's call (see workload_roll_up). */
const FOLD_MARGIN = `interval '15 minutes'`;

/** History steps that pause a case's clock, by legal instrument (suspension and interruption are different things). */
const PAUSING_ACTIONS = `('request_integration', 'send_preavviso', 'request_conformation')`;

/** What the roll-up counts per day (and per week) of closed cases, in its tables' column order. */
const SUMS = [
  'received',
  'closed',
  'withdrawn',
  'decided',
  'decided_within_term',
  'decided_lead_days',
  'decided_after_integration',
  'decided_after_preavviso',
  'decided_after_conformation',
];

/** Adds sums grouped by `keys` (a day or a week, office, procedure, person) from `source` into a roll-up table. */
function addSums(table: string, keys: readonly string[], source: string): string {
  return `
        INSERT INTO scrivania.${table} AS t (ente_id, ${keys.join(', ')}, ${SUMS.join(', ')})
        SELECT p_ente, ${keys.join(', ')}, ${SUMS.map((c) => `sum(${c})`).join(', ')}
          FROM ${source}
         GROUP BY ${keys.join(', ')}
        ON CONFLICT (ente_id, ${keys.join(', ')}) DO UPDATE SET
          ${SUMS.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ')};`;
}

/** Adds the lead-time histogram, per month and `keys`, of the folded decided cases. */
function addLeads(table: string, keys: readonly string[], where: string): string {
  return `
        INSERT INTO scrivania.${table} AS m (ente_id, month, ${keys.join(', ')}, lead_days, decided)
        SELECT p_ente, date_trunc('month', decided_on)::date, ${keys.join(', ')}, decided_on - received_on, count(*)
          FROM workload_folding WHERE decided_on IS NOT NULL ${where}
         GROUP BY date_trunc('month', decided_on)::date, ${keys.join(', ')}, decided_on - received_on
        ON CONFLICT (ente_id, month, ${keys.join(', ')}, lead_days) DO UPDATE SET decided = m.decided + EXCLUDED.decided;`;
}

const ROLLUP_TABLES = [
  'workload_daily',
  'workload_weekly',
  'workload_monthly_lead',
  'workload_person_daily',
  'workload_person_monthly_lead',
];

/** The columns a closed case's figures are made of: if one changes on a rolled-up case, the roll-up is redone. */
const FACT_COLUMNS = [
  'ente_id',
  'office_id',
  'procedure_type_id',
  'assignee_id',
  'received_at',
  'closed_at',
  'decided_at',
  'due_date',
  'status',
];

/**
 * The managers' dashboard over a million cases. A closed case never changes again (the workflow
 * refuses it), so the figures of closed cases are rolled up once, per day and per week, office and
 * procedure type (`workload_daily`, `workload_weekly`: long periods read whole weeks, and days only
 * at their edges), with a histogram of lead times per month (`workload_monthly_lead`) for exact
 * medians; and per person (`workload_person_daily`, `workload_person_monthly_lead`: a closed case's
 * holder is frozen too). The dashboard adds to them, computed directly from
 * the cases, everything the roll-up does not hold: open cases and cases closed since the roll-up
 * (`workload_rollup_state.rolled_until`, at most the start of today). Tests prove the two ways
 * give the same figures.
 *
 * The roll-up is advanced by `workload_roll_up` (the dashboard calls it, at most once a day does
 * it find work). Anything that would make the rolled-up figures wrong — a closed case inserted or
 * changed after it was rolled up, history steps added to one, a case deleted — resets the ente's
 * roll-up, so that the next call rebuilds it: the figures are never silently stale. These triggers
 * fire ALWAYS, also during bulk loads that run with `session_replication_role = replica`.
 *
 * Rolled-up rows follow the visibility of the cases they count: by office, like instances_visible.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE scrivania.workload_rollup_state (
      ente_id       integer PRIMARY KEY REFERENCES scrivania.enti (id),
      -- Cases closed before this instant are in the roll-up; '-infinity': none is.
      rolled_until  timestamptz NOT NULL DEFAULT '-infinity',
      rolled_at     timestamptz,
      rolled_cases  bigint NOT NULL DEFAULT 0
    );

    -- Per day (Europe/Rome), office and procedure type, the closed cases that were received, closed
    -- (withdrawn among them) or decided that day; decided ones with their lead time and whether the
    -- decision came within the term and after a request for integration, a preavviso or a
    -- conformation request.
    CREATE TABLE scrivania.workload_daily (
      ente_id                      integer NOT NULL,
      day                          date NOT NULL,
      office_id                    integer NOT NULL,
      procedure_type_id            integer NOT NULL,
      received                     integer NOT NULL,
      closed                       integer NOT NULL,
      withdrawn                    integer NOT NULL,
      decided                      integer NOT NULL,
      decided_within_term          integer NOT NULL,
      decided_lead_days            bigint NOT NULL,
      decided_after_integration    integer NOT NULL,
      decided_after_preavviso      integer NOT NULL,
      decided_after_conformation   integer NOT NULL,
      PRIMARY KEY (ente_id, day, office_id, procedure_type_id)
    );

    -- The same per week (by its Monday), for the whole weeks of long periods.
    CREATE TABLE scrivania.workload_weekly (LIKE scrivania.workload_daily);
    ALTER TABLE scrivania.workload_weekly RENAME COLUMN day TO week;
    ALTER TABLE scrivania.workload_weekly ADD PRIMARY KEY (ente_id, week, office_id, procedure_type_id),
      ADD CHECK (extract(isodow FROM week) = 1);

    -- Lead times (days from receipt to decision) of the closed cases decided in a month, counted per value.
    CREATE TABLE scrivania.workload_monthly_lead (
      ente_id            integer NOT NULL,
      month              date NOT NULL CHECK (extract(day FROM month) = 1),
      office_id          integer NOT NULL,
      procedure_type_id  integer NOT NULL,
      lead_days          integer NOT NULL,
      decided            integer NOT NULL,
      PRIMARY KEY (ente_id, month, office_id, procedure_type_id, lead_days)
    );

    -- The same per person holding the cases.
    CREATE TABLE scrivania.workload_person_daily (LIKE scrivania.workload_daily);
    ALTER TABLE scrivania.workload_person_daily ADD COLUMN assignee_id integer NOT NULL,
      ADD PRIMARY KEY (ente_id, assignee_id, day, office_id, procedure_type_id);
    CREATE TABLE scrivania.workload_person_monthly_lead (LIKE scrivania.workload_monthly_lead);
    ALTER TABLE scrivania.workload_person_monthly_lead ADD COLUMN assignee_id integer NOT NULL,
      ADD PRIMARY KEY (ente_id, assignee_id, month, office_id, procedure_type_id, lead_days);

    -- The dashboard's direct reads, each an index-only range scan: open cases (by receipt), those
    -- turning into tacit approval (by that day), cases closed, decided or received in a range, and
    -- a person's cases (by closure).
    CREATE INDEX instances_workload_open_idx ON scrivania.instances (ente_id, received_at)
      INCLUDE (id, office_id, procedure_type_id, assignee_id, decided_at, due_date, tacit_approval_on, clock_state, status)
      WHERE closed_at IS NULL;
    CREATE INDEX instances_workload_tacit_idx ON scrivania.instances (ente_id, tacit_approval_on)
      INCLUDE (office_id, procedure_type_id, assignee_id)
      WHERE closed_at IS NULL AND decided_at IS NULL AND tacit_approval_on IS NOT NULL;
    CREATE INDEX instances_workload_assignee_idx ON scrivania.instances (assignee_id, closed_at)
      INCLUDE (id, ente_id, office_id, procedure_type_id, received_at, decided_at, due_date, status)
      WHERE assignee_id IS NOT NULL;
    -- The pauses of a case's history (a few in a hundred steps), for the figures of decided cases.
    CREATE INDEX instance_events_pauses_idx ON scrivania.instance_events (instance_id, action)
      WHERE action IN ${PAUSING_ACTIONS};
    CREATE INDEX instances_workload_closed_idx ON scrivania.instances (ente_id, closed_at)
      INCLUDE (id, office_id, procedure_type_id, assignee_id, received_at, decided_at, due_date, status) WHERE closed_at IS NOT NULL;
    CREATE INDEX instances_workload_decided_idx ON scrivania.instances (ente_id, decided_at)
      INCLUDE (id, office_id, procedure_type_id, assignee_id, received_at, closed_at, due_date, status) WHERE decided_at IS NOT NULL;
    CREATE INDEX instances_workload_received_idx ON scrivania.instances (ente_id, received_at)
      INCLUDE (office_id, procedure_type_id, assignee_id, closed_at, channel);
  `);

  await knex.raw(`
    -- Folds the cases of an ente closed in [rolled_until, p_until) into the roll-up; returns how
    -- many. Staff may advance only their own ente's, and not closer to now than the margin
    -- (maintenance connections choose their limit). Serialised per ente by the state row's lock.
    CREATE FUNCTION scrivania.workload_roll_up(p_ente integer, p_until timestamptz) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        since timestamptz;
        folded bigint;
      BEGIN
        IF scrivania.current_staff_role() IS NOT NULL THEN
          IF p_ente IS DISTINCT FROM scrivania.current_ente_id() THEN
            RAISE EXCEPTION 'Figures of another ente' USING ERRCODE = '42501', HINT = 'scrivania:other_ente';
          END IF;
          -- Never fold the last minutes: a closure made by a transaction still running when the
          -- roll-up reads would commit with a closing time before the limit and be counted nowhere.
          p_until := least(p_until, now() - ${FOLD_MARGIN});
        END IF;
        INSERT INTO scrivania.workload_rollup_state (ente_id) VALUES (p_ente) ON CONFLICT (ente_id) DO NOTHING;
        SELECT rolled_until INTO since FROM scrivania.workload_rollup_state WHERE ente_id = p_ente FOR UPDATE;
        IF since >= p_until THEN
          RETURN 0;
        END IF;
        IF since = '-infinity' THEN
${ROLLUP_TABLES.map((table) => `          DELETE FROM scrivania.${table} WHERE ente_id = p_ente;`).join('\n')}
        END IF;

        CREATE TEMPORARY TABLE workload_folding ON COMMIT DROP AS
          SELECT i.office_id, i.procedure_type_id, i.assignee_id,
                 (i.received_at AT TIME ZONE 'Europe/Rome')::date AS received_on,
                 (i.closed_at AT TIME ZONE 'Europe/Rome')::date AS closed_on,
                 (i.decided_at AT TIME ZONE 'Europe/Rome')::date AS decided_on,
                 i.status = 'withdrawn' AS withdrawn,
                 i.due_date,
                 coalesce(h.integration, false) AS integration,
                 coalesce(h.preavviso, false) AS preavviso,
                 coalesce(h.conformation, false) AS conformation
            FROM scrivania.instances i
            LEFT JOIN LATERAL (
                   SELECT bool_or(e.action = 'request_integration') AS integration,
                          bool_or(e.action = 'send_preavviso') AS preavviso,
                          bool_or(e.action = 'request_conformation') AS conformation
                     FROM scrivania.instance_events e
                    WHERE e.instance_id = i.id AND e.action IN ${PAUSING_ACTIONS}) h ON true
           WHERE i.ente_id = p_ente AND i.closed_at >= since AND i.closed_at < p_until;
        GET DIAGNOSTICS folded = ROW_COUNT;

        CREATE TEMPORARY TABLE workload_folding_days ON COMMIT DROP AS
          SELECT received_on AS day, office_id, procedure_type_id, assignee_id, 1 AS received, 0 AS closed, 0 AS withdrawn, 0 AS decided,
                 0 AS decided_within_term, 0 AS decided_lead_days, 0 AS decided_after_integration,
                 0 AS decided_after_preavviso, 0 AS decided_after_conformation
            FROM workload_folding
          UNION ALL
          SELECT closed_on, office_id, procedure_type_id, assignee_id, 0, 1, withdrawn::integer, 0, 0, 0, 0, 0, 0
            FROM workload_folding
          UNION ALL
          SELECT decided_on, office_id, procedure_type_id, assignee_id, 0, 0, 0, 1, (decided_on <= due_date)::integer,
                 decided_on - received_on, integration::integer, preavviso::integer, conformation::integer
            FROM workload_folding WHERE decided_on IS NOT NULL;
${addSums('workload_daily', ['day', 'office_id', 'procedure_type_id'], 'workload_folding_days')}
${addSums('workload_weekly', ['week', 'office_id', 'procedure_type_id'], "(SELECT date_trunc('week', day::timestamp)::date AS week, * FROM workload_folding_days) w")}
${addSums('workload_person_daily', ['assignee_id', 'day', 'office_id', 'procedure_type_id'], '(SELECT * FROM workload_folding_days WHERE assignee_id IS NOT NULL) p')}
${addLeads('workload_monthly_lead', ['office_id', 'procedure_type_id'], '')}
${addLeads('workload_person_monthly_lead', ['assignee_id', 'office_id', 'procedure_type_id'], 'AND assignee_id IS NOT NULL')}

        DROP TABLE workload_folding_days;
        DROP TABLE workload_folding;
        UPDATE scrivania.workload_rollup_state
           SET rolled_until = p_until, rolled_at = now(),
               rolled_cases = CASE WHEN since = '-infinity' THEN folded ELSE rolled_cases + folded END
         WHERE ente_id = p_ente;
        RETURN folded;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.workload_roll_up(integer, timestamptz) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.workload_roll_up(integer, timestamptz) TO scrivania_staff;

    -- A closed case already rolled up was inserted, changed or deleted: redo the ente's roll-up.
    CREATE FUNCTION scrivania.workload_rollup_reset_for_cases() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE scrivania.workload_rollup_state s SET rolled_until = '-infinity'
           WHERE s.rolled_until > '-infinity'
             AND EXISTS (SELECT 1 FROM new_rows n WHERE n.ente_id = s.ente_id AND n.closed_at < s.rolled_until);
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE scrivania.workload_rollup_state s SET rolled_until = '-infinity'
           WHERE s.rolled_until > '-infinity'
             AND EXISTS (SELECT 1 FROM old_rows o WHERE o.ente_id = s.ente_id AND o.closed_at < s.rolled_until);
        ELSE
          UPDATE scrivania.workload_rollup_state s SET rolled_until = '-infinity'
           WHERE s.rolled_until > '-infinity'
             AND EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
                          WHERE (o.ente_id = s.ente_id OR n.ente_id = s.ente_id)
                            AND (o.closed_at < s.rolled_until OR n.closed_at < s.rolled_until)
                            AND (${FACT_COLUMNS.map((c) => `o.${c}`).join(', ')})
                                IS DISTINCT FROM (${FACT_COLUMNS.map((c) => `n.${c}`).join(', ')}));
        END IF;
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.workload_rollup_reset_for_cases() FROM PUBLIC;
    CREATE TRIGGER instances_workload_rollup_insert AFTER INSERT ON scrivania.instances
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scrivania.workload_rollup_reset_for_cases();
    CREATE TRIGGER instances_workload_rollup_update AFTER UPDATE ON scrivania.instances
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scrivania.workload_rollup_reset_for_cases();
    CREATE TRIGGER instances_workload_rollup_delete AFTER DELETE ON scrivania.instances
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scrivania.workload_rollup_reset_for_cases();
    ALTER TABLE scrivania.instances ENABLE ALWAYS TRIGGER instances_workload_rollup_insert;
    ALTER TABLE scrivania.instances ENABLE ALWAYS TRIGGER instances_workload_rollup_update;
    ALTER TABLE scrivania.instances ENABLE ALWAYS TRIGGER instances_workload_rollup_delete;

    -- A pause added to the history of a case already rolled up (only bulk loads can do it).
    CREATE FUNCTION scrivania.workload_rollup_reset_for_history() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        UPDATE scrivania.workload_rollup_state s SET rolled_until = '-infinity'
         WHERE s.rolled_until > '-infinity'
           AND EXISTS (SELECT 1 FROM new_events e JOIN scrivania.instances i ON i.id = e.instance_id
                        WHERE e.action IN ${PAUSING_ACTIONS} AND i.ente_id = s.ente_id AND i.closed_at < s.rolled_until);
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.workload_rollup_reset_for_history() FROM PUBLIC;
    CREATE TRIGGER instance_events_workload_rollup AFTER INSERT ON scrivania.instance_events
      REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION scrivania.workload_rollup_reset_for_history();
    ALTER TABLE scrivania.instance_events ENABLE ALWAYS TRIGGER instance_events_workload_rollup;
  `);

  for (const table of ROLLUP_TABLES) {
    await knex.raw(`
      ALTER TABLE scrivania.${table} ENABLE ROW LEVEL SECURITY;
      ALTER TABLE scrivania.${table} FORCE ROW LEVEL SECURITY;
      GRANT SELECT ON scrivania.${table} TO scrivania_staff;
      -- Keep in step with the policies instances_visible and instances_visible_whole_ente.
      CREATE POLICY ${table}_visible ON scrivania.${table} FOR SELECT TO scrivania_staff
        USING (ente_id = (SELECT scrivania.current_ente_id())
               AND ((SELECT scrivania.current_sees_whole_ente())
                    OR office_id = ANY ((SELECT scrivania.current_office_ids())::integer[])));
    `);
  }
  await knex.raw(`
    ALTER TABLE scrivania.workload_rollup_state ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.workload_rollup_state FORCE ROW LEVEL SECURITY;
    GRANT SELECT ON scrivania.workload_rollup_state TO scrivania_staff;
    CREATE POLICY workload_rollup_state_of_my_ente ON scrivania.workload_rollup_state FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER instance_events_workload_rollup ON scrivania.instance_events;
    DROP TRIGGER instances_workload_rollup_insert ON scrivania.instances;
    DROP TRIGGER instances_workload_rollup_update ON scrivania.instances;
    DROP TRIGGER instances_workload_rollup_delete ON scrivania.instances;
    DROP FUNCTION scrivania.workload_rollup_reset_for_history();
    DROP FUNCTION scrivania.workload_rollup_reset_for_cases();
    DROP FUNCTION scrivania.workload_roll_up(integer, timestamptz);
    DROP INDEX scrivania.instances_workload_open_idx;
    DROP INDEX scrivania.instances_workload_tacit_idx;
    DROP INDEX scrivania.instances_workload_assignee_idx;
    DROP INDEX scrivania.instance_events_pauses_idx;
    DROP INDEX scrivania.instances_workload_closed_idx;
    DROP INDEX scrivania.instances_workload_decided_idx;
    DROP INDEX scrivania.instances_workload_received_idx;
    DROP TABLE scrivania.workload_monthly_lead;
    DROP TABLE scrivania.workload_person_monthly_lead;
    DROP TABLE scrivania.workload_person_daily;
    DROP TABLE scrivania.workload_weekly;
    DROP TABLE scrivania.workload_daily;
    DROP TABLE scrivania.workload_rollup_state;
  `);
}
