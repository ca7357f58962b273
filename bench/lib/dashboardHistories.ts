/**
 * Gives the benchmark's million cases the histories real ones have, so the dashboard has what to
 * count: registration and taking in charge, reassignments between colleagues, requests for
 * integration answered (art. 2 c.7), preavvisi before rejections (art. 10-bis), conformation
 * requests on SCIA (art. 19 c.3), decisions, closures and withdrawals, each dated between receipt
 * and decision. Then the clock of every open case is computed from its history (due date, tacit
 * approval day, clock state) exactly as the workflow keeps it, and the closed cases are rolled up.
 *
 * Set-based SQL as superuser with `session_replication_role = replica` (a data load, as the demo's
 * histories are loaded); a hash of the case id stands in for chance, so the load is reproducible.
 */
import type pg from 'pg';
import { clockEventsOf } from '../../src/main/instances/caseClock';
import type { Logger } from '../../src/main/logger';
import { todayInRome } from '../../src/shared/domain/calendar';
import { computeProcedureClock, type ClockRule } from '../../src/shared/domain/procedureClock';

export interface HistoryReport {
  events: number;
  clocks: number;
  clockErrors: number;
  rolledUp: number;
  steps: Array<[string, number]>;
}

const EVENTS_SQL = `
  WITH offices AS (
    SELECT so.office_id,
           min(so.staff_id) FILTER (WHERE m.role = 'manager') AS manager_id,
           (array_agg(so.staff_id ORDER BY so.staff_id) FILTER (WHERE m.role IN ('clerk', 'technician')))[1:2] AS holders
      FROM scrivania.staff_offices so JOIN scrivania.staff m ON m.id = so.staff_id
     GROUP BY so.office_id
  ), cases AS (
    SELECT i.id, i.ente_id, i.office_id, i.status, i.assignee_id, i.received_at, i.decided_at, i.closed_at, p.clock_rule,
           least(coalesce(i.decided_at, i.closed_at, now()), now()) AS until,
           (i.id % 3 + 1) AS take_days,
           ((i.id * 2654435761) % 1000) AS chance,
           o.manager_id,
           CASE WHEN o.holders[1] = i.assignee_id THEN o.holders[2] ELSE o.holders[1] END AS colleague_id
      FROM scrivania.instances i
      JOIN scrivania.procedure_types p ON p.id = i.procedure_type_id
      LEFT JOIN offices o ON o.office_id = i.office_id
     WHERE i.ente_id = $1 AND i.id BETWEEN $2 AND $3
  ), timeline AS (
    SELECT c.*,
           least(c.received_at + c.take_days * interval '1 day', c.received_at + (c.until - c.received_at) * 0.2) AS taken_at,
           c.received_at + (c.until - c.received_at) * 0.25 AS quarter_at,
           c.received_at + (c.until - c.received_at) * 0.35 AS third_at,
           c.received_at + (c.until - c.received_at) * 0.45 AS half_at,
           c.received_at + (c.until - c.received_at) * 0.6 AS late_at,
           (c.chance < 83 AND c.assignee_id IS NOT NULL AND c.colleague_id IS NOT NULL AND c.manager_id IS NOT NULL) AS reassigned
      FROM cases c
  ), steps AS (
    SELECT id, ente_id, received_at + interval '7 minutes' AS at, 'register' AS action, NULL AS from_status, 'received' AS to_status,
           $4::integer AS actor, NULL AS reason, '{}'::jsonb AS details, 1 AS ord
      FROM timeline
    UNION ALL
    SELECT id, ente_id, taken_at, 'take_in_charge', 'received', 'in_progress', CASE WHEN reassigned THEN colleague_id ELSE assignee_id END,
           NULL, '{}', 2
      FROM timeline WHERE status <> 'received' AND assignee_id IS NOT NULL AND NOT (status = 'withdrawn' AND closed_at < taken_at)
    UNION ALL
    -- One case in twelve changes hands: the manager moves it from a colleague to its present holder.
    SELECT id, ente_id, third_at, 'assign', 'in_progress', 'in_progress', manager_id, 'Riequilibrio dei carichi di lavoro dell''ufficio.',
           '{}', 3
      FROM timeline WHERE status <> 'received' AND reassigned AND NOT (status = 'withdrawn' AND closed_at < third_at)
    UNION ALL
    -- Requests for integration, answered: on about 18% of the decided cases that are not SCIA.
    SELECT id, ente_id, quarter_at, 'request_integration', 'in_progress', 'suspended', assignee_id,
           'Si richiede la trasmissione della documentazione mancante indicata nella comunicazione.', '{}', 4
      FROM timeline WHERE decided_at IS NOT NULL AND clock_rule <> 'scia' AND chance BETWEEN 100 AND 279 AND assignee_id IS NOT NULL
    UNION ALL
    SELECT id, ente_id, half_at, 'receive_integration', 'suspended', 'in_progress', $4::integer, NULL, '{}', 5
      FROM timeline WHERE decided_at IS NOT NULL AND clock_rule <> 'scia' AND chance BETWEEN 100 AND 279 AND assignee_id IS NOT NULL
    UNION ALL
    SELECT id, ente_id, half_at, 'request_integration', 'in_progress', 'suspended', assignee_id,
           'Si richiede la trasmissione della documentazione mancante indicata nella comunicazione.', '{}', 4
      FROM timeline WHERE status = 'suspended' AND assignee_id IS NOT NULL
    UNION ALL
    -- Conformation requests on one SCIA in ten, answered.
    SELECT id, ente_id, quarter_at, 'request_conformation', 'in_progress', 'awaiting_conformation', assignee_id,
           'Carenza dei requisiti: si prescrivono le misure indicate.', '{"answerWithinDays": 30}'::jsonb, 4
      FROM timeline WHERE decided_at IS NOT NULL AND clock_rule = 'scia' AND chance BETWEEN 300 AND 399 AND assignee_id IS NOT NULL
    UNION ALL
    SELECT id, ente_id, half_at, 'receive_conformation', 'awaiting_conformation', 'in_progress', $4::integer, NULL, '{}', 5
      FROM timeline WHERE decided_at IS NOT NULL AND clock_rule = 'scia' AND chance BETWEEN 300 AND 399 AND assignee_id IS NOT NULL
    UNION ALL
    SELECT id, ente_id, late_at, 'send_preavviso', 'in_progress', 'awaiting_observations', assignee_id,
           'L''istanza non risulta conforme ai requisiti previsti dalla normativa di settore.', '{}', 6
      FROM timeline WHERE status = 'rejected' AND clock_rule <> 'scia' AND assignee_id IS NOT NULL
    UNION ALL
    SELECT id, ente_id, decided_at, 'decide', CASE WHEN status = 'rejected' AND clock_rule <> 'scia' THEN 'awaiting_observations' ELSE 'in_progress' END,
           status, assignee_id, CASE WHEN status = 'rejected' THEN 'Motivi ostativi non superati dalle osservazioni.' ELSE 'Istruttoria favorevole.' END,
           '{}', 7
      FROM timeline WHERE decided_at IS NOT NULL AND assignee_id IS NOT NULL
    UNION ALL
    SELECT id, ente_id, closed_at + interval '1 second', 'close', status, status, assignee_id, NULL, '{}', 8
      FROM timeline WHERE decided_at IS NOT NULL AND closed_at IS NOT NULL AND assignee_id IS NOT NULL
    UNION ALL
    SELECT id, ente_id, closed_at, 'withdraw', CASE WHEN assignee_id IS NULL THEN 'received' ELSE 'in_progress' END, 'withdrawn', $4::integer,
           'Rinuncia presentata dal richiedente.', '{}', 8
      FROM timeline WHERE status = 'withdrawn'
  )
  INSERT INTO scrivania.instance_events (ente_id, instance_id, occurred_at, effective_on, action, from_status, to_status,
     actor_staff_id, actor_login, reason, details, xid)
  SELECT st.ente_id, st.id, st.at, (st.at AT TIME ZONE 'Europe/Rome')::date, st.action, st.from_status, st.to_status,
         st.actor, coalesce(s.username, 'portale'), st.reason, st.details, txid_current()
    FROM steps st LEFT JOIN scrivania.staff s ON s.id = st.actor
   ORDER BY st.id, st.ord`;

interface OpenCaseRow {
  id: number;
  received_at: Date;
  legal_term_days: number;
  clock_rule: ClockRule;
  suspension_allowed: boolean;
  integration_regime: 'suspension' | 'interruption';
  tacit_approval_excluded: boolean;
  patron_day: string | null;
  events: Array<{ action: string; effectiveOn: string; details: Record<string, unknown> }>;
}

async function timed<T>(steps: Array<[string, number]>, log: Logger, name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const elapsed = Math.round(performance.now() - started);
  steps.push([name, elapsed]);
  log.info(`bench: ${name} done in ${(elapsed / 1000).toFixed(1)} s`);
  return result;
}

/** The clocks of the open cases, from their histories, as the workflow keeps them on the case. */
async function recomputeOpenClocks(client: pg.Client, enteId: number): Promise<{ clocks: number; errors: number }> {
  const today = todayInRome();
  const rows = await client.query<OpenCaseRow>(
    `SELECT i.id, i.received_at, p.legal_term_days, p.clock_rule, p.suspension_allowed, p.integration_regime, i.tacit_approval_excluded,
            e.patron_day,
            coalesce((SELECT json_agg(json_build_object('action', ev.action, 'effectiveOn', ev.effective_on, 'details', ev.details) ORDER BY ev.id)
                        FROM scrivania.instance_events ev WHERE ev.instance_id = i.id), '[]') AS events
       FROM scrivania.instances i
       JOIN scrivania.procedure_types p ON p.id = i.procedure_type_id
       JOIN scrivania.enti e ON e.id = i.ente_id
      WHERE i.ente_id = $1 AND i.closed_at IS NULL`,
    [enteId],
  );
  const ids: number[] = [];
  const due: string[] = [];
  const tacit: Array<string | null> = [];
  const state: string[] = [];
  let errors = 0;
  for (const row of rows.rows) {
    try {
      const clock = computeProcedureClock({
        legalTermDays: row.legal_term_days,
        clockRule: row.clock_rule,
        suspensionAllowed: row.suspension_allowed,
        integrationRegime: row.integration_regime,
        tacitApprovalExcluded: row.tacit_approval_excluded,
        receivedOn: todayInRome(row.received_at),
        ...(row.patron_day ? { patronDay: row.patron_day } : {}),
        events: clockEventsOf(row.events),
        today,
      });
      if (clock.dueDate === null) continue;
      ids.push(Number(row.id));
      due.push(clock.dueDate);
      tacit.push(clock.tacitApprovalOn);
      state.push(clock.status);
    } catch {
      errors += 1;
    }
  }
  await client.query(
    `UPDATE scrivania.instances i SET due_date = u.due, tacit_approval_on = u.tacit, clock_state = u.state
       FROM unnest($1::bigint[], $2::date[], $3::date[], $4::text[]) AS u(id, due, tacit, state)
      WHERE i.id = u.id`,
    [ids, due, tacit, state],
  );
  return { clocks: ids.length, errors };
}

export async function addDashboardHistories(client: pg.Client, enteId: number, registrarId: number, log: Logger): Promise<HistoryReport> {
  const steps: Array<[string, number]> = [];
  await client.query(`SET session_replication_role = replica`);
  await client.query(`SET synchronous_commit = off`);
  const { rows: bounds } = await client.query<{ min: number; max: number }>(
    `SELECT min(id)::bigint AS min, max(id)::bigint AS max FROM scrivania.instances WHERE ente_id = $1`,
    [enteId],
  );
  const min = Number(bounds[0]?.min ?? 0);
  const max = Number(bounds[0]?.max ?? -1);
  const events = await timed(steps, log, 'case histories', async () => {
    let inserted = 0;
    const chunk = 100_000;
    for (let from = min; from <= max; from += chunk) {
      const result = await client.query(EVENTS_SQL, [enteId, from, Math.min(from + chunk - 1, max), registrarId]);
      inserted += result.rowCount ?? 0;
      log.info(
        `bench:   histories of cases up to id ${Math.min(from + chunk - 1, max).toLocaleString('en')}: ${inserted.toLocaleString('en')} steps`,
      );
    }
    return inserted;
  });
  const clocks = await timed(steps, log, 'clocks of the open cases', () => recomputeOpenClocks(client, enteId));
  await client.query(`RESET session_replication_role`);
  await timed(steps, log, 'vacuum analyze', async () => {
    await client.query(`VACUUM (ANALYZE) scrivania.instances`);
    await client.query(`VACUUM (ANALYZE) scrivania.instance_events`);
  });
  const rolledUp = await timed(steps, log, 'roll-up of the closed cases', async () => {
    const result = await client.query<{ folded: string }>(
      `SELECT scrivania.workload_roll_up($1, ((now() AT TIME ZONE 'Europe/Rome')::date::timestamp AT TIME ZONE 'Europe/Rome')) AS folded`,
      [enteId],
    );
    return Number(result.rows[0]?.folded ?? 0);
  });
  await client.query(`VACUUM (ANALYZE) scrivania.workload_daily, scrivania.workload_monthly_lead`);
  return { events, clocks: clocks.clocks, clockErrors: clocks.errors, rolledUp, steps };
}
