/**
 * The dashboard's SQL. Every figure is defined once, here, as a predicate on a case or as its
 * contribution to a day, and used both to count (the dashboard) and to list (the drill-down).
 *
 * Closed cases are read from the roll-up (per day and week, per month for lead times; a
 * person's from their own tables) when the context has `rolledUntil`; whatever the roll-up does
 * not hold — open cases, cases closed since, and for medians the days at the edges of the period
 * that do not make a whole month — is computed from the cases. With `rolledUntil` null everything
 * is computed from the cases: that is how the tests check the roll-up.
 */
import type { Knex } from 'knex';
import type { DashboardScopeValue, DrillValue, FlowMetric, SnapshotMetric } from '../../shared/api/workload';
import { DUE_SOON_DAYS, TACIT_RISK_LIST_LIMIT } from '../../shared/api/workload';
import type { IsoDate } from '../../shared/domain/calendar';
import { addDays } from '../../shared/domain/calendar';
import { AGEING_BUCKETS, wholeMonthsOf, wholeWeeksOf, type AgeingBucketId } from '../../shared/domain/workload';
import { joinSql, rawSql, sql, type Sql } from './sql';

type Db = Knex | Knex.Transaction;

export interface FigureContext {
  enteId: number;
  scope: DashboardScopeValue;
  from: IsoDate;
  to: IsoDate;
  today: IsoDate;
  riskDays: number;
  /** Closed cases before this instant are in the roll-up; null: read every figure from the cases. */
  rolledUntil: Date | null;
}

const localDay = (column: string) => rawSql(`(${column} AT TIME ZONE 'Europe/Rome')::date`);
/** The instant a day starts in Rome. */
const dayStart = (day: IsoDate) => sql`(${day}::date::timestamp AT TIME ZONE 'Europe/Rome')`;

/** The period as a half-open range of instants [start of `from`, start of the day after `to`). */
function inPeriod(column: string, from: IsoDate, to: IsoDate): Sql {
  return sql`${rawSql(column)} >= ${dayStart(from)} AND ${rawSql(column)} < ${dayStart(addDays(to, 1))}`;
}

export function scopeOnCases(scope: DashboardScopeValue): Sql {
  switch (scope.kind) {
    case 'ente':
      return rawSql('true');
    case 'office':
      return sql`i.office_id = ${scope.officeId}`;
    case 'person':
      return sql`i.assignee_id = ${scope.staffId}`;
    case 'procedure':
      return sql`i.procedure_type_id = ${scope.procedureTypeId}`;
  }
}

function scopeOnRollup(scope: DashboardScopeValue): Sql {
  switch (scope.kind) {
    case 'ente':
      return rawSql('true');
    case 'office':
      return sql`r.office_id = ${scope.officeId}`;
    case 'procedure':
      return sql`r.procedure_type_id = ${scope.procedureTypeId}`;
    case 'person':
      return sql`r.assignee_id = ${scope.staffId}`;
  }
}

/** The roll-up tables a scope reads: a person's own, or the offices' ones. */
function rollupTables(scope: DashboardScopeValue) {
  return scope.kind === 'person'
    ? { daily: rawSql('scrivania.workload_person_daily'), weekly: null, leads: rawSql('scrivania.workload_person_monthly_lead') }
    : {
        daily: rawSql('scrivania.workload_daily'),
        weekly: rawSql('scrivania.workload_weekly'),
        leads: rawSql('scrivania.workload_monthly_lead'),
      };
}

// ------------------------------------------------------------------------------------------------
// Open cases today

const PENDING = 'i.decided_at IS NULL';

/** Among open cases (closed_at IS NULL), those a snapshot metric counts. */
export function snapshotPredicate(metric: SnapshotMetric, ctx: Pick<FigureContext, 'today' | 'riskDays'>): Sql {
  const today = sql`${ctx.today}::date`;
  switch (metric) {
    case 'open':
      return rawSql('true');
    case 'unassigned':
      return rawSql('i.assignee_id IS NULL');
    case 'paused':
      return rawSql(`${PENDING} AND i.clock_state IN ('suspended', 'interrupted')`);
    case 'overdue':
      return sql`${rawSql(PENDING)} AND i.due_date < ${today}`;
    case 'dueWithin7':
      return sql`${rawSql(PENDING)} AND i.due_date BETWEEN ${today} AND ${today} + ${DUE_SOON_DAYS}::integer`;
    case 'tacitRisk':
      return sql`${rawSql(PENDING)} AND i.tacit_approval_on BETWEEN ${today} AND ${today} + ${ctx.riskDays}::integer`;
    case 'tacitMatured':
      return sql`${rawSql(PENDING)} AND i.tacit_approval_on < ${today}`;
  }
}

/**
 * Open cases of an age band: days since receipt (in Rome) between the band's ends, written as a
 * range of instants so that the index compares timestamps instead of converting each one.
 */
export function ageingPredicate(bucket: AgeingBucketId, today: IsoDate): Sql {
  const band = AGEING_BUCKETS.find((b) => b.id === bucket) ?? AGEING_BUCKETS[0];
  const receivedBefore = sql`i.received_at < ${dayStart(addDays(today, -band.from + 1))}`;
  return band.to === null ? receivedBefore : sql`i.received_at >= ${dayStart(addDays(today, -band.to))} AND ${receivedBefore}`;
}

export interface SnapshotRow {
  open: number;
  unassigned: number;
  paused: number;
  overdue: number;
  due_within7: number;
  tacit_risk: number;
  tacit_matured: number;
  [bucket: `age_${string}`]: number;
}

export async function selectSnapshot(db: Db, ctx: FigureContext): Promise<SnapshotRow> {
  const metric = (name: SnapshotMetric, column: string) =>
    sql`count(*) FILTER (WHERE ${snapshotPredicate(name, ctx)})::integer AS ${rawSql(column)}`;
  const ages = AGEING_BUCKETS.map(
    (b) => sql`count(*) FILTER (WHERE ${ageingPredicate(b.id, ctx.today)})::integer AS ${rawSql(`age_${b.id}`)}`,
  );
  const query = sql`
    SELECT ${joinSql(
      [
        metric('open', 'open'),
        metric('unassigned', 'unassigned'),
        metric('paused', 'paused'),
        metric('overdue', 'overdue'),
        metric('dueWithin7', 'due_within7'),
        metric('tacitRisk', 'tacit_risk'),
        metric('tacitMatured', 'tacit_matured'),
        ...ages,
      ],
      ', ',
    )}
      FROM scrivania.instances i
     WHERE i.ente_id = ${ctx.enteId} AND i.closed_at IS NULL AND ${scopeOnCases(ctx.scope)}`;
  const [row] = await query.rows<SnapshotRow>(db);
  return row as SnapshotRow;
}

export interface TacitRiskRow {
  id: number;
  protocol_year: number;
  protocol_number: number;
  procedure_name: string;
  applicant_name: string;
  assignee_name: string | null;
  due_date: string;
  tacit_approval_on: string;
}

export async function selectTacitRiskList(db: Db, ctx: FigureContext): Promise<TacitRiskRow[]> {
  return sql`
    SELECT i.id, i.protocol_year, i.protocol_number, i.procedure_name, i.applicant_name, s.full_name AS assignee_name,
           i.due_date, i.tacit_approval_on
      FROM scrivania.instances i LEFT JOIN scrivania.staff s ON s.id = i.assignee_id
     WHERE i.ente_id = ${ctx.enteId} AND i.closed_at IS NULL AND ${scopeOnCases(ctx.scope)} AND ${snapshotPredicate('tacitRisk', ctx)}
     ORDER BY i.tacit_approval_on, i.id
     LIMIT ${TACIT_RISK_LIST_LIMIT}::integer`.rows<TacitRiskRow>(db);
}

// ------------------------------------------------------------------------------------------------
// What happened in the period

/** History steps by legal instrument: request for integration, preavviso, conformation request. */
const PAUSE_FLAGS = `
  SELECT e.instance_id,
         bool_or(e.action = 'request_integration') AS integration,
         bool_or(e.action = 'send_preavviso') AS preavviso,
         bool_or(e.action = 'request_conformation') AS conformation
    FROM scrivania.instance_events e
   WHERE e.action IN ('request_integration', 'send_preavviso', 'request_conformation')`;

const PAUSE_ACTION: Record<'decidedAfterIntegration' | 'decidedAfterPreavviso' | 'decidedAfterConformation', string> = {
  decidedAfterIntegration: 'request_integration',
  decidedAfterPreavviso: 'send_preavviso',
  decidedAfterConformation: 'request_conformation',
};

/** Among all cases, those a flow metric counts in the period [from, to]. */
export function flowPredicate(metric: FlowMetric, from: IsoDate, to: IsoDate): Sql {
  const decided = inPeriod('i.decided_at', from, to);
  switch (metric) {
    case 'received':
      return inPeriod('i.received_at', from, to);
    case 'closed':
      return inPeriod('i.closed_at', from, to);
    case 'withdrawn':
      return sql`${inPeriod('i.closed_at', from, to)} AND i.status = 'withdrawn'`;
    case 'decided':
      return decided;
    case 'decidedWithinTerm':
      return sql`${decided} AND ${localDay('i.decided_at')} <= i.due_date`;
    case 'decidedLate':
      return sql`${decided} AND ${localDay('i.decided_at')} > i.due_date`;
    case 'decidedAfterIntegration':
    case 'decidedAfterPreavviso':
    case 'decidedAfterConformation':
      return sql`${decided} AND EXISTS (SELECT 1 FROM scrivania.instance_events e WHERE e.instance_id = i.id AND e.action = ${PAUSE_ACTION[metric]})`;
  }
}

/** The roll-up's limit: closed cases before it are read from the roll-up, null: none is. */
function rolledUntilFor(ctx: FigureContext): Date | null {
  return ctx.rolledUntil;
}

/**
 * The cases the roll-up does not hold that matter to the period: open ones received in it, open
 * ones decided (not yet closed) in it, and those closed since the roll-up (all closed ones without
 * a roll-up) received, closed or decided in it. Disjoint arms, each read from its own index.
 */
function directCases(ctx: FigureContext): Sql {
  // Open cases have no closing day: said as a constant, so their index answers without the table.
  const columnsWith = (closedOn: string) =>
    rawSql(`i.id, i.office_id, i.procedure_type_id, ${localDay('i.received_at').text} AS received_on,
           ${closedOn} AS closed_on, ${localDay('i.decided_at').text} AS decided_on, i.status, i.due_date`);
  const open = columnsWith('NULL::date');
  const closedColumns = columnsWith(localDay('i.closed_at').text);
  const base = sql`i.ente_id = ${ctx.enteId} AND ${scopeOnCases(ctx.scope)}`;
  const received = inPeriod('i.received_at', ctx.from, ctx.to);
  const decided = inPeriod('i.decided_at', ctx.from, ctx.to);
  const closed = inPeriod('i.closed_at', ctx.from, ctx.to);
  const rolledUntil = rolledUntilFor(ctx);
  const notRolledUp = rolledUntil === null ? rawSql('i.closed_at IS NOT NULL') : sql`i.closed_at >= ${rolledUntil}`;
  return sql`
    SELECT ${open} FROM scrivania.instances i
     WHERE ${base} AND i.closed_at IS NULL AND ${received}
    UNION ALL
    SELECT ${open} FROM scrivania.instances i
     WHERE ${base} AND i.closed_at IS NULL AND ${decided} AND NOT (${received})
    UNION ALL
    SELECT ${closedColumns} FROM scrivania.instances i
     WHERE ${base} AND ${notRolledUp} AND (${received} OR ${closed} OR ${decided})`;
}

const CONTRIBUTION_COLUMNS = [
  'received',
  'closed',
  'withdrawn',
  'decided',
  'decided_within_term',
  'decided_lead_days',
  'decided_after_integration',
  'decided_after_preavviso',
  'decided_after_conformation',
] as const;

export interface FlowRow {
  grain: 'total' | 'week' | 'procedure' | 'lead';
  week: string | null;
  procedure_type_id: number | null;
  lead_days: number | null;
  received: number;
  closed: number;
  withdrawn: number;
  decided: number;
  decided_within_term: number;
  decided_lead_days: number;
  decided_after_integration: number;
  decided_after_preavviso: number;
  decided_after_conformation: number;
}

const inDaysOf = (ctx: FigureContext) => (column: string) => sql`${rawSql(column)} BETWEEN ${ctx.from}::date AND ${ctx.to}::date`;

/** The period's totals, per week and per procedure type, from day contributions (roll-up plus cases). */
export async function selectFlowCounts(db: Db, ctx: FigureContext): Promise<FlowRow[]> {
  const inDays = inDaysOf(ctx);
  const rolledUntil = rolledUntilFor(ctx);
  // Whole weeks from the weekly roll-up (a week's rows stand on its Monday), the edge days from the daily one.
  const tables = rollupTables(ctx.scope);
  const weeks = tables.weekly ? wholeWeeksOf(ctx.from, ctx.to) : null;
  const sums = rawSql(CONTRIBUTION_COLUMNS.map((c) => `r.${c}`).join(', '));
  const edgeDays = weeks
    ? sql`${inDays('r.day')} AND NOT (r.day >= ${weeks.from}::date AND r.day < ${weeks.until}::date)`
    : inDays('r.day');
  const dailyRollup = rolledUntil
    ? sql`
      UNION ALL
      SELECT r.day, r.office_id, r.procedure_type_id, ${sums}
        FROM ${tables.daily} r
       WHERE r.ente_id = ${ctx.enteId} AND ${scopeOnRollup(ctx.scope)} AND ${edgeDays}
      ${
        weeks && tables.weekly
          ? sql`UNION ALL
      SELECT r.week, r.office_id, r.procedure_type_id, ${sums}
        FROM ${tables.weekly} r
       WHERE r.ente_id = ${ctx.enteId} AND ${scopeOnRollup(ctx.scope)} AND r.week >= ${weeks.from}::date AND r.week < ${weeks.until}::date`
          : rawSql('')
      }`
    : rawSql('');
  const zeros = (count: number) => rawSql(Array.from({ length: count }, () => '0').join(', '));
  return sql`
    WITH cases AS MATERIALIZED (${directCases(ctx)}),
    pauses AS (
      ${rawSql(PAUSE_FLAGS)} AND e.instance_id IN (SELECT id FROM cases WHERE ${inDays('decided_on')})
       GROUP BY e.instance_id
    ),
    flagged AS MATERIALIZED (
      SELECT c.*, h.integration, h.preavviso, h.conformation FROM cases c LEFT JOIN pauses h ON h.instance_id = c.id
    ),
    contributions AS (
      SELECT received_on AS day, office_id, procedure_type_id, 1, ${zeros(8)} FROM flagged WHERE ${inDays('received_on')}
      UNION ALL
      SELECT closed_on, office_id, procedure_type_id, 0, 1, (status = 'withdrawn')::integer, ${zeros(6)} FROM flagged WHERE ${inDays('closed_on')}
      UNION ALL
      SELECT decided_on, office_id, procedure_type_id, 0, 0, 0, 1, (decided_on <= due_date)::integer, decided_on - received_on,
             coalesce(integration, false)::integer, coalesce(preavviso, false)::integer, coalesce(conformation, false)::integer
        FROM flagged WHERE ${inDays('decided_on')}
      ${dailyRollup}
    ),
    named (day, office_id, procedure_type_id, ${rawSql(CONTRIBUTION_COLUMNS.join(', '))}) AS (SELECT * FROM contributions)
    SELECT CASE WHEN GROUPING(date_trunc('week', day::timestamp)) = 0 THEN 'week' WHEN GROUPING(procedure_type_id) = 0 THEN 'procedure' ELSE 'total' END AS grain,
           date_trunc('week', day::timestamp)::date::text AS week, procedure_type_id, NULL::integer AS lead_days,
           ${rawSql(CONTRIBUTION_COLUMNS.map((c) => `sum(${c})::float8 AS ${c}`).join(', '))}
      FROM named
     GROUP BY GROUPING SETS ((), (date_trunc('week', day::timestamp)), (procedure_type_id))`.rows<FlowRow>(db);
}

/**
 * Lead times (days from receipt to decision) of the cases decided in the period, counted per value
 * and procedure type (grain 'lead': `lead_days` with its count in `decided`): whole months from the
 * monthly roll-up, the edge days and the cases not rolled up from the cases themselves.
 */
export async function selectLeadTimes(db: Db, ctx: FigureContext): Promise<FlowRow[]> {
  const { from, to } = ctx;
  const rolledUntil = rolledUntilFor(ctx);
  const months = wholeMonthsOf(from, to);
  let leadRollup = rawSql('');
  if (rolledUntil) {
    const edges = months
      ? sql`(${inPeriod('i.decided_at', from, addDays(months.from, -1))} OR ${inPeriod('i.decided_at', months.until, to)})`
      : inPeriod('i.decided_at', from, to);
    leadRollup = sql`
      UNION ALL
      SELECT i.procedure_type_id, ${localDay('i.decided_at')} - ${localDay('i.received_at')}, 1
        FROM scrivania.instances i
       WHERE i.ente_id = ${ctx.enteId} AND ${scopeOnCases(ctx.scope)} AND i.closed_at < ${rolledUntil} AND ${edges}`;
    if (months) {
      leadRollup = sql`${leadRollup}
      UNION ALL
      SELECT r.procedure_type_id, r.lead_days, r.decided
        FROM ${rollupTables(ctx.scope).leads} r
       WHERE r.ente_id = ${ctx.enteId} AND ${scopeOnRollup(ctx.scope)} AND r.month >= ${months.from}::date AND r.month < ${months.until}::date`;
    }
  }
  const base = sql`i.ente_id = ${ctx.enteId} AND ${scopeOnCases(ctx.scope)} AND ${inPeriod('i.decided_at', from, to)}`;
  const notRolledUp = rolledUntil === null ? rawSql('i.closed_at IS NOT NULL') : sql`i.closed_at >= ${rolledUntil}`;
  const lead = rawSql(`${localDay('i.decided_at').text} - ${localDay('i.received_at').text}`);
  return sql`
    WITH leads (procedure_type_id, lead_days, decided) AS (
      SELECT i.procedure_type_id, ${lead}, 1 FROM scrivania.instances i WHERE ${base} AND i.closed_at IS NULL
      UNION ALL
      SELECT i.procedure_type_id, ${lead}, 1 FROM scrivania.instances i WHERE ${base} AND ${notRolledUp}
      ${leadRollup}
    )
    SELECT 'lead' AS grain, NULL AS week, procedure_type_id, lead_days, 0::float8 AS received, 0::float8 AS closed, 0::float8 AS withdrawn,
           sum(decided)::float8 AS decided, 0::float8 AS decided_within_term, 0::float8 AS decided_lead_days,
           0::float8 AS decided_after_integration, 0::float8 AS decided_after_preavviso, 0::float8 AS decided_after_conformation
      FROM leads
     GROUP BY procedure_type_id, lead_days`.rows<FlowRow>(db);
}

/** Everything that happened in the period: counts and lead times, read one after the other. */
export async function selectFlow(db: Db, ctx: FigureContext): Promise<FlowRow[]> {
  return [...(await selectFlowCounts(db, ctx)), ...(await selectLeadTimes(db, ctx))];
}

// ------------------------------------------------------------------------------------------------
// Drill-down: the cases behind a figure

/** The cases one bar or point of the dashboard counts, as a WHERE clause on `i`. */
export function drillPredicate(ctx: FigureContext, drill: DrillValue): Sql {
  const parts: Sql[] = [sql`i.ente_id = ${ctx.enteId}`, scopeOnCases(ctx.scope)];
  if (drill.procedureTypeId !== undefined) parts.push(sql`i.procedure_type_id = ${drill.procedureTypeId}`);
  if (drill.staffId !== undefined) parts.push(sql`i.assignee_id = ${drill.staffId}`);
  const metric = drill.metric;
  if (
    (['open', 'unassigned', 'paused', 'overdue', 'dueWithin7', 'tacitRisk', 'tacitMatured'] as const).includes(metric as SnapshotMetric)
  ) {
    parts.push(rawSql('i.closed_at IS NULL'), snapshotPredicate(metric as SnapshotMetric, ctx));
    if (drill.ageing) parts.push(ageingPredicate(drill.ageing, ctx.today));
  } else {
    let from = ctx.from;
    let to = ctx.to;
    if (drill.week) {
      from = drill.week > from ? drill.week : from;
      const weekEnd = addDays(drill.week, 6);
      to = weekEnd < to ? weekEnd : to;
    }
    parts.push(flowPredicate(metric as FlowMetric, from, to));
  }
  return joinSql(parts, ' AND ');
}

/** The order of a drill-down: what is most urgent first for open cases, the period's own date for the others. */
export function drillOrder(drill: DrillValue): string {
  switch (drill.metric) {
    case 'tacitRisk':
    case 'tacitMatured':
      return 'i.tacit_approval_on, i.id';
    case 'received':
      return 'i.received_at, i.id';
    case 'closed':
    case 'withdrawn':
      return 'i.closed_at, i.id';
    case 'decided':
    case 'decidedWithinTerm':
    case 'decidedLate':
    case 'decidedAfterIntegration':
    case 'decidedAfterPreavviso':
    case 'decidedAfterConformation':
      return 'i.decided_at, i.id';
    default:
      return 'i.due_date, i.id';
  }
}

export interface DrillDbRow {
  id: number;
  version: number;
  protocol_year: number;
  protocol_number: number;
  received_at: Date;
  procedure_code: string;
  procedure_name: string;
  applicant_name: string;
  applicant_tax_code: string;
  subject: string;
  status: string;
  channel: string;
  office_id: number;
  office_name: string;
  assignee_id: number | null;
  assignee_name: string | null;
  due_date: string;
  days_left: number;
  tacit_approval_on: string | null;
  decided_at: Date | null;
  closed_at: Date | null;
}

export async function selectDrillRows(db: Db, ctx: FigureContext, drill: DrillValue, offset: number, limit: number): Promise<DrillDbRow[]> {
  return sql`
    SELECT i.id, i.version, i.protocol_year, i.protocol_number, i.received_at, i.procedure_code, i.procedure_name,
           i.applicant_name, i.applicant_tax_code, i.subject, i.status, i.channel, i.office_id, o.name AS office_name,
           i.assignee_id, s.full_name AS assignee_name, i.due_date, (i.due_date - ${ctx.today}::date) AS days_left,
           i.tacit_approval_on, i.decided_at, i.closed_at
      FROM scrivania.instances i
      JOIN scrivania.offices o ON o.id = i.office_id
      LEFT JOIN scrivania.staff s ON s.id = i.assignee_id
     WHERE ${drillPredicate(ctx, drill)}
     ORDER BY ${rawSql(drillOrder(drill))}
     OFFSET ${offset}::integer LIMIT ${limit}::integer`.rows<DrillDbRow>(db);
}

export async function countDrillRows(db: Db, ctx: FigureContext, drill: DrillValue): Promise<number> {
  const [row] = await sql`SELECT count(*)::integer AS total FROM scrivania.instances i WHERE ${drillPredicate(ctx, drill)}`.rows<{
    total: number;
  }>(db);
  return row?.total ?? 0;
}

// ------------------------------------------------------------------------------------------------
// Names, roll-up state

/** Folds the ente's cases closed before the start of `untilDay` (Europe/Rome) into the roll-up. */
export async function rollUp(db: Db, enteId: number, untilDay: IsoDate): Promise<number> {
  const [row] = await sql`SELECT scrivania.workload_roll_up(${enteId}::integer, ${dayStart(untilDay)}) AS folded`.rows<{ folded: number }>(
    db,
  );
  return Number(row?.folded ?? 0);
}

export async function selectRolledUntil(db: Db, enteId: number): Promise<Date | null> {
  const [row] = await sql`SELECT rolled_until FROM scrivania.workload_rollup_state WHERE ente_id = ${enteId}::integer`.rows<{
    rolled_until: Date | string;
  }>(db);
  if (!row || !(row.rolled_until instanceof Date) || Number.isNaN(row.rolled_until.getTime())) return null;
  return row.rolled_until;
}

export async function selectScopeName(db: Db, scope: DashboardScopeValue): Promise<string | null> {
  const [row] = await (
    scope.kind === 'ente'
      ? sql`SELECT name FROM scrivania.enti WHERE id = scrivania.current_ente_id()`
      : scope.kind === 'office'
        ? sql`SELECT name FROM scrivania.offices WHERE id = ${scope.officeId}`
        : scope.kind === 'person'
          ? sql`SELECT full_name AS name FROM scrivania.staff WHERE id = ${scope.staffId}`
          : sql`SELECT name FROM scrivania.procedure_types WHERE id = ${scope.procedureTypeId}`
  ).rows<{ name: string }>(db);
  return row?.name ?? null;
}

export async function selectProcedureTerms(db: Db): Promise<Map<number, { name: string; legalTermDays: number }>> {
  const rows = await sql`SELECT id, name, legal_term_days FROM scrivania.procedure_types`.rows<{
    id: number;
    name: string;
    legal_term_days: number;
  }>(db);
  return new Map(rows.map((row) => [row.id, { name: row.name, legalTermDays: row.legal_term_days }]));
}

// ------------------------------------------------------------------------------------------------
// One snapshot, several connections

/** The snapshot of a REPEATABLE READ transaction, for other transactions to read the same data. */
export async function exportSnapshot(trx: Knex.Transaction): Promise<string> {
  const [row] = await sql`SELECT pg_export_snapshot() AS id`.rows<{ id: string }>(trx);
  if (!row || !/^[0-9A-F-]+$/i.test(row.id)) throw new Error('No snapshot exported');
  return row.id;
}

/** Makes a fresh REPEATABLE READ transaction read exactly what the exporting one reads. */
export async function importSnapshot(trx: Knex.Transaction, id: string): Promise<void> {
  if (!/^[0-9A-F-]+$/i.test(id)) throw new Error('Not a snapshot id');
  await trx.raw(`SET TRANSACTION SNAPSHOT '${id}'`);
}
