/**
 * The managers' dashboard: checks the period and who may read the scope, advances the roll-up of
 * closed cases (at most once a day it finds something to fold), then reads every figure in one
 * consistent snapshot (REPEATABLE READ), so the numbers on one screen always add up.
 */
import type { Knex } from 'knex';
import type { StaffRole } from '../../shared/api/session';
import type {
  Dashboard,
  DashboardFlow,
  DashboardProcedure,
  DashboardQueryParsed,
  DashboardScopeValue,
  DashboardSnapshot,
  DashboardWeek,
  DrillPage,
  DrillRow,
  DrillValue,
} from '../../shared/api/workload';
import type { InstanceStatus, IntakeChannel } from '../../shared/api/instances';
import { daysBetween, todayInRome, type IsoDate } from '../../shared/domain/calendar';
import { AGEING_BUCKETS, checkPeriod, medianOfHistogram, shareOf, weeksOf, type HistogramBin } from '../../shared/domain/workload';
import { AppError } from '../api/appError';
import { readLoads } from './assignmentService';
import {
  countDrillRows,
  exportSnapshot,
  importSnapshot,
  rollUp,
  selectDrillRows,
  selectFlow,
  selectFlowCounts,
  selectLeadTimes,
  selectProcedureTerms,
  selectRolledUntil,
  selectScopeName,
  selectSnapshot,
  selectTacitRiskList,
  type FigureContext,
  type FlowRow,
} from './dashboardQueries';
import { selectScopeVisibility, type ScopeVisibility } from './visibilityQueries';

export interface DashboardReader {
  enteId: number;
  staffId: number;
  role: StaffRole;
  officeIds: readonly number[];
}

function checkedPeriod(from: IsoDate, to: IsoDate, today: IsoDate): void {
  const refusal = checkPeriod(from, to, today);
  if (refusal)
    throw new AppError('validation', `Period ${from}..${to} refused: ${refusal}`, refusal, [
      { path: refusal === 'period_empty' ? 'to' : 'from', reason: refusal },
    ]);
}

/**
 * Managers read their offices (the whole ente if granted), administrators the whole ente; anyone
 * reads their own figures. A scope outside that is refused rather than shown as empty.
 */
async function checkScope(
  db: Knex | Knex.Transaction,
  scope: DashboardScopeValue,
  reader: DashboardReader,
  known?: ScopeVisibility,
): Promise<ScopeVisibility | null> {
  if (scope.kind === 'person' && scope.staffId === reader.staffId) return known ?? null;
  if (reader.role !== 'manager' && reader.role !== 'admin') throw new AppError('forbidden', 'Managers only', 'managers_only');
  const visibility = known ?? (await selectScopeVisibility(db));
  if (visibility.wholeEnte || scope.kind === 'ente') return visibility;
  const visible = new Set(reader.officeIds);
  const ok =
    scope.kind === 'office'
      ? visible.has(scope.officeId)
      : scope.kind === 'person'
        ? visibility.officesOfStaff(scope.staffId).some((office) => visible.has(office))
        : visible.has(visibility.officeOfProcedure(scope.procedureTypeId) ?? -1);
  if (!ok) throw new AppError('forbidden', 'Scope outside the offices the user manages', 'scope_not_visible');
  return visibility;
}

/** Folds the cases closed before today into the roll-up (a no-op after the first call of the day). */
export async function advanceRollUp(db: Knex, enteId: number, today: IsoDate = todayInRome()): Promise<number> {
  return rollUp(db, enteId, today);
}

function toSnapshot(row: Awaited<ReturnType<typeof selectSnapshot>>): DashboardSnapshot {
  return {
    open: row.open,
    unassigned: row.unassigned,
    paused: row.paused,
    overdue: row.overdue,
    dueWithin7: row.due_within7,
    tacitRisk: row.tacit_risk,
    tacitMatured: row.tacit_matured,
    ageing: AGEING_BUCKETS.map((bucket) => ({ bucket: bucket.id, count: row[`age_${bucket.id}`] ?? 0 })),
  };
}

interface FlowFigures {
  flow: DashboardFlow;
  weekly: DashboardWeek[];
  byProcedure: DashboardProcedure[];
}

export function toFlowFigures(
  rows: readonly FlowRow[],
  terms: ReadonlyMap<number, { name: string; legalTermDays: number }>,
  from: IsoDate,
  to: IsoDate,
): FlowFigures {
  const total = rows.find((row) => row.grain === 'total');
  const leads = rows.filter((row) => row.grain === 'lead');
  const binsOf = (procedureTypeId: number | null): HistogramBin[] =>
    leads
      .filter((row) => procedureTypeId === null || row.procedure_type_id === procedureTypeId)
      .map((row) => ({ value: row.lead_days ?? 0, count: row.decided }));
  const procedures = rows.filter((row) => row.grain === 'procedure' && row.procedure_type_id !== null);
  const byProcedure: DashboardProcedure[] = procedures
    .filter((row) => row.decided > 0)
    .map((row) => {
      const id = row.procedure_type_id as number;
      return {
        procedureTypeId: id,
        name: terms.get(id)?.name ?? String(id),
        legalTermDays: terms.get(id)?.legalTermDays ?? 0,
        decided: row.decided,
        decidedWithinTerm: row.decided_within_term,
        medianLeadDays: medianOfHistogram(binsOf(id)),
      };
    })
    .sort((a, b) => b.decided - a.decided || a.name.localeCompare(b.name));
  const decided = total?.decided ?? 0;
  const withinTerm = total?.decided_within_term ?? 0;
  const flow: DashboardFlow = {
    received: total?.received ?? 0,
    closed: total?.closed ?? 0,
    withdrawn: total?.withdrawn ?? 0,
    decided,
    decidedWithinTerm: withinTerm,
    withinTermShare: shareOf(withinTerm, decided),
    medianLeadDays: medianOfHistogram(binsOf(null)),
    medianLegalTermDays: medianOfHistogram(byProcedure.map((p) => ({ value: p.legalTermDays, count: p.decided }))),
    decidedAfterIntegration: total?.decided_after_integration ?? 0,
    decidedAfterPreavviso: total?.decided_after_preavviso ?? 0,
    decidedAfterConformation: total?.decided_after_conformation ?? 0,
  };
  const byWeek = new Map(rows.filter((row) => row.grain === 'week').map((row) => [row.week, row]));
  const weekly = weeksOf(from, to).map((week) => {
    const row = byWeek.get(week);
    return { week, received: row?.received ?? 0, closed: row?.closed ?? 0, decided: row?.decided ?? 0 };
  });
  return { flow, weekly, byProcedure };
}

async function peopleOfScope(
  db: Knex | Knex.Transaction,
  scope: DashboardScopeValue,
  reader: DashboardReader,
  sees: { wholeEnte: boolean; procedureOffice: number | null },
) {
  switch (scope.kind) {
    case 'ente':
      return readLoads(db, sees.wholeEnte ? null : reader.officeIds);
    case 'office':
      return readLoads(db, [scope.officeId]);
    case 'procedure':
      return readLoads(db, sees.procedureOffice === null ? [] : [sees.procedureOffice]);
    case 'person':
      return (await readLoads(db, null)).filter((load) => load.staffId === scope.staffId);
  }
}

const READ_ONLY_SNAPSHOT = { isolationLevel: 'repeatable read', readOnly: true } as const;

/** Connections a parallel read takes; a session's pool must keep one more free for the other calls. */
const PARALLEL_CONNECTIONS = 3;

function poolSize(db: Knex): number {
  const max = (db.client.config as { pool?: { max?: number } }).pool?.max;
  return typeof max === 'number' ? max : 1;
}

/** Dashboards read on a pool one at a time, so that two never wait for each other's connections. */
const dashboardReads = new WeakMap<Knex, Promise<unknown>>();
function oneAtATime<T>(db: Knex, work: () => Promise<T>): Promise<T> {
  const next = (dashboardReads.get(db) ?? Promise.resolve()).catch(() => undefined).then(work);
  dashboardReads.set(
    db,
    next.catch(() => undefined),
  );
  return next;
}

/**
 * Runs independent reads on three connections that all see one snapshot (the first transaction
 * exports it, the others import it), so the figures read in parallel still add up. On a pool too
 * small to spare them, the three reads share the one transaction.
 */
async function inOneSnapshot<T>(
  db: Knex,
  work: (main: Knex.Transaction, second: Knex.Transaction, third: Knex.Transaction) => Promise<T>,
): Promise<T> {
  return oneAtATime(db, async () => {
    const main = await db.transaction(READ_ONLY_SNAPSHOT);
    try {
      if (poolSize(db) <= PARALLEL_CONNECTIONS) return await work(main, main, main);
      const id = await exportSnapshot(main);
      const joined = async () => {
        const trx = await db.transaction(READ_ONLY_SNAPSHOT);
        await importSnapshot(trx, id);
        return trx;
      };
      const [second, third] = await Promise.all([joined(), joined()]);
      try {
        return await work(main, second, third);
      } finally {
        await Promise.all([second.commit(), third.commit()]);
      }
    } finally {
      await main.commit();
    }
  });
}

/**
 * The figures of a scope over a period, read in one consistent snapshot on three connections: the
 * period's counts, its lead times, and everything else (open cases, the risk list, loads) at once.
 */
export async function readDashboard(
  db: Knex,
  query: DashboardQueryParsed,
  reader: DashboardReader,
  today: IsoDate = todayInRome(),
): Promise<Dashboard> {
  checkedPeriod(query.from, query.to, today);
  const visibility = (await checkScope(db, query.scope, reader)) ?? (await selectScopeVisibility(db));
  await advanceRollUp(db, reader.enteId, today);
  return inOneSnapshot(db, async (main, counts, leads) => {
    const ctx: FigureContext = { ...query, enteId: reader.enteId, today, rolledUntil: await selectRolledUntil(main, reader.enteId) };
    const rest = (async () => {
      const name = await selectScopeName(main, query.scope);
      if (name === null) throw new AppError('not_found', 'No such office, person or procedure', 'scope_not_found');
      const snapshot = await selectSnapshot(main, ctx);
      const risk = await selectTacitRiskList(main, ctx);
      const terms = await selectProcedureTerms(main);
      const people = await peopleOfScope(main, query.scope, reader, {
        wholeEnte: visibility.wholeEnte || reader.role === 'admin',
        procedureOffice: query.scope.kind === 'procedure' ? visibility.officeOfProcedure(query.scope.procedureTypeId) : null,
      });
      return { name, snapshot, risk, terms, people };
    })();
    const [{ name, snapshot, risk, terms, people }, flowRows, leadRows] = await Promise.all([
      rest,
      selectFlowCounts(counts, ctx),
      selectLeadTimes(leads, ctx),
    ]);
    return {
      scope: { ...query.scope, name },
      from: query.from,
      to: query.to,
      today,
      riskDays: query.riskDays,
      snapshot: toSnapshot(snapshot),
      ...toFlowFigures([...flowRows, ...leadRows], terms, query.from, query.to),
      people,
      tacitRisk: risk.map((row) => ({
        id: Number(row.id),
        protocolYear: row.protocol_year,
        protocolNumber: row.protocol_number,
        procedureName: row.procedure_name,
        applicantName: row.applicant_name,
        assigneeName: row.assignee_name,
        dueDate: row.due_date,
        tacitApprovalOn: row.tacit_approval_on,
        daysToTacit: daysBetween(today, row.tacit_approval_on),
      })),
    } satisfies Dashboard;
  });
}

/** The figures computed directly from the cases, without the roll-up: the reference the tests hold the roll-up to. */
export async function readFiguresFromCases(db: Knex, query: DashboardQueryParsed, enteId: number, today: IsoDate = todayInRome()) {
  const ctx: FigureContext = { ...query, enteId, today, rolledUntil: null };
  const terms = await selectProcedureTerms(db);
  return { snapshot: toSnapshot(await selectSnapshot(db, ctx)), ...toFlowFigures(await selectFlow(db, ctx), terms, query.from, query.to) };
}

/** The figures as the dashboard reads them (roll-up plus cases), without the checks: for the tests and the benchmark. */
export async function readFiguresWithRollUp(db: Knex, query: DashboardQueryParsed, enteId: number, today: IsoDate = todayInRome()) {
  await advanceRollUp(db, enteId, today);
  return db.transaction(async (trx) => {
    const ctx: FigureContext = { ...query, enteId, today, rolledUntil: await selectRolledUntil(trx, enteId) };
    const terms = await selectProcedureTerms(trx);
    return {
      snapshot: toSnapshot(await selectSnapshot(trx, ctx)),
      ...toFlowFigures(await selectFlow(trx, ctx), terms, query.from, query.to),
    };
  }, READ_ONLY_SNAPSHOT);
}

function toDrillRow(row: Awaited<ReturnType<typeof selectDrillRows>>[number]): DrillRow {
  return {
    id: Number(row.id),
    version: row.version,
    protocolYear: row.protocol_year,
    protocolNumber: row.protocol_number,
    receivedAt: row.received_at.toISOString(),
    procedureCode: row.procedure_code,
    procedureName: row.procedure_name,
    applicantName: row.applicant_name,
    applicantTaxCode: row.applicant_tax_code,
    subject: row.subject,
    status: row.status as InstanceStatus,
    channel: row.channel as IntakeChannel,
    officeId: row.office_id,
    officeName: row.office_name,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    dueDate: row.due_date,
    daysLeft: row.days_left,
    tacitApprovalOn: row.tacit_approval_on,
    decidedAt: row.decided_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

/** The cases behind one bar or point of the dashboard, a block at a time. */
export async function readDrill(
  db: Knex,
  input: { query: DashboardQueryParsed; drill: DrillValue; startRow: number; endRow: number },
  reader: DashboardReader,
  today: IsoDate = todayInRome(),
): Promise<DrillPage> {
  checkedPeriod(input.query.from, input.query.to, today);
  await checkScope(db, input.query.scope, reader);
  const ctx: FigureContext = { ...input.query, enteId: reader.enteId, today, rolledUntil: null };
  const rows = await selectDrillRows(db, ctx, input.drill, input.startRow, input.endRow - input.startRow);
  const total = input.startRow === 0 ? await countDrillRows(db, ctx, input.drill) : null;
  return { rows: rows.map(toDrillRow), total };
}

export { checkedPeriod, checkScope };
