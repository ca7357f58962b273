/**
 * Assignment of cases: loads, proposals by the office rules (automatic assignment, cover of an
 * absent colleague's urgent cases) and the application of any set of assignments — one case or
 * five hundred — through the case workflow, in one transaction. Every case is checked before
 * anything is written (so a refusal names each case and why); then each goes through
 * `actOnCase` (version, status, role, history entry with the reason), and the batch is traced with
 * how it came about. One refusal, anywhere, and nothing is changed.
 */
import type { Knex } from 'knex';
import type { ValidationIssue } from '../../shared/api/errors';
import type {
  AssignInputValue,
  AssignmentPlanView,
  AssignResult,
  PersonLoad,
  PlanInputValue,
  PlanItem,
  TakeInChargeResult,
} from '../../shared/api/workload';
import { AssignInput, PlanInput, TakeInChargeInput } from '../../shared/api/workload';
import type { ApiErrorCode } from '../../shared/api/errors';
import { CaseActionInput } from '../../shared/api/cases';
import { loadFigures, type AssignmentRule } from '../../shared/domain/workload';
import { planAssignments, type PlanCase, type PlanPerson } from '../../shared/domain/workloadAssignment';
import { AppError } from '../api/appError';
import { actOnCase } from '../instances/workflowService';
import {
  hasAbsenceWithin,
  insertBatch,
  insertBatchCase,
  selectCasesById,
  selectOfficeRules,
  selectPeopleWithLoad,
  selectUnassignedCases,
  selectUrgentCasesOf,
  updateRoundRobinPosition,
  type CandidateCaseRow,
  type OfficeRuleRow,
  type PersonRow,
} from './assignmentQueries';
import { selectFullTimePoints } from './setupQueries';
import type { WorkloadActor } from './setupService';

/** Roles that hold cases under an automatic rule; managers only where an office has nobody else. */
const HOLDER_ROLES = new Set(['clerk', 'technician']);

function toPersonLoad(row: PersonRow, fullTimePoints: number): PersonLoad {
  const figures = loadFigures(row.weighted_load, row.capacity_share, fullTimePoints);
  return {
    staffId: row.id,
    name: row.full_name,
    openCases: row.open_cases,
    overdue: row.overdue,
    weightedLoad: figures.weightedLoad,
    capacityPoints: figures.capacityPoints,
    ratio: figures.ratio,
    level: figures.level,
    absentToday: row.absent_today,
  };
}

/** Load of the people of an office (or of every office the user belongs to, or the whole ente for whoever sees it). */
export async function readLoads(db: Knex | Knex.Transaction, officeIds: readonly number[] | null): Promise<PersonLoad[]> {
  const [fullTimePoints, rows] = await Promise.all([selectFullTimePoints(db), selectPeopleWithLoad(db, officeIds ? { officeIds } : {})]);
  return rows.filter((row) => row.enabled).map((row) => toPersonLoad(row, fullTimePoints));
}

export async function readMyLoad(db: Knex, staffId: number): Promise<PersonLoad> {
  const [fullTimePoints, rows] = await Promise.all([selectFullTimePoints(db), selectPeopleWithLoad(db, { staffIds: [staffId] })]);
  const mine = rows[0];
  if (!mine) throw new AppError('not_found', 'No such person', 'staff_not_found');
  return toPersonLoad(mine, fullTimePoints);
}

function requireManager(actor: WorkloadActor): void {
  if (actor.role !== 'manager') throw new AppError('forbidden', 'Managers assign cases', 'managers_only');
}

// ------------------------------------------------------------------------------------------------
// Proposals

function planPeopleOf(officeId: number, people: readonly PersonRow[], fullTimePoints: number): PlanPerson[] {
  const ofOffice = people.filter((person) => person.office_ids.includes(officeId));
  const holders = ofOffice.filter((person) => HOLDER_ROLES.has(person.role));
  return (holders.length > 0 ? holders : ofOffice).map((person) => ({
    staffId: person.id,
    weightedLoad: person.weighted_load,
    capacityPoints: loadFigures(0, person.capacity_share, fullTimePoints).capacityPoints,
    enabled: person.enabled,
    absent: person.absent_today,
    competences: person.competences,
  }));
}

function planCaseOf(row: CandidateCaseRow): PlanCase {
  return {
    instanceId: Number(row.id),
    procedureTypeId: row.procedure_type_id,
    weight: row.weight,
    dueDate: row.due_date,
    tacitApprovalOn: row.tacit_approval_on,
    receivedAt: row.received_at.toISOString(),
    assigneeId: row.assignee_id,
  };
}

async function casesToPlan(db: Knex, input: ReturnType<typeof PlanInput.parse>): Promise<CandidateCaseRow[]> {
  switch (input.kind) {
    case 'unassigned':
      return selectUnassignedCases(db, input.officeId, input.limit);
    case 'absence':
      if (!(await hasAbsenceWithin(db, input.staffId, input.withinDays)))
        throw new AppError('validation', 'The person is not absent', 'person_not_absent', [
          { path: 'staffId', reason: 'person_not_absent' },
        ]);
      return selectUrgentCasesOf(db, input.staffId, input.withinDays);
    case 'cases': {
      const rows = await selectCasesById(db, input.instanceIds);
      const found = new Set(rows.map((row) => Number(row.id)));
      const issues: ValidationIssue[] = [
        ...input.instanceIds.filter((id) => !found.has(id)).map((id) => ({ path: `instanceIds.${id}`, reason: 'case_not_found' })),
        ...rows
          .filter((row) => row.closed_at !== null || row.decided_at !== null)
          .map((row) => ({ path: `instanceIds.${row.id}`, reason: 'case_concluded' })),
      ];
      if (issues.length > 0) throw new AppError('validation', 'Some cases cannot be reassigned', issues[0]?.reason, issues);
      return rows;
    }
  }
}

/**
 * What the office rules would do with some cases, without doing it: who takes each case, who
 * nobody can take and why. The manager confirms it with `applyAssignments` (method automatic or
 * absence_cover), which checks everything again.
 */
export async function proposeAssignments(db: Knex, value: PlanInputValue, actor: WorkloadActor): Promise<AssignmentPlanView> {
  requireManager(actor);
  const input = PlanInput.parse(value);
  const cases = await casesToPlan(db, input);
  const officeIds = [...new Set(cases.map((row) => row.office_id))];
  const [fullTimePoints, rules, people] = await Promise.all([
    selectFullTimePoints(db),
    selectOfficeRules(db, officeIds),
    selectPeopleWithLoad(db, { officeIds }),
  ]);
  const names = new Map(people.map((person) => [person.id, person.full_name]));
  const placements = new Map<number, { staffId: number | null; overCapacity: boolean; reason: PlanItem['unplacedReason'] }>();
  // People's loads carry over from one office's plan to the next (a person may work in both).
  const loadAfter = new Map(people.map((person) => [person.id, person.weighted_load]));
  for (const officeId of officeIds.sort((a, b) => a - b)) {
    const rule = rules.get(officeId);
    const planPeople = planPeopleOf(officeId, people, fullTimePoints).map((person) => ({
      ...person,
      weightedLoad: loadAfter.get(person.staffId) ?? person.weightedLoad,
    }));
    const officeCases = cases.filter((row) => row.office_id === officeId).map(planCaseOf);
    const plan = planAssignments(officeCases, planPeople, {
      rule: rule?.rule ?? 'least_load',
      byCompetence: rule?.by_competence ?? false,
      lastAssigneeId: rule?.last_assignee_id ?? null,
      allowOverCapacity: input.kind === 'absence',
    });
    for (const placement of plan.placements) {
      const weight = officeCases.find((c) => c.instanceId === placement.instanceId)?.weight ?? 0;
      loadAfter.set(placement.staffId, (loadAfter.get(placement.staffId) ?? 0) + weight);
      placements.set(placement.instanceId, { staffId: placement.staffId, overCapacity: placement.overCapacity, reason: null });
    }
    for (const unplaced of plan.unplaced)
      placements.set(unplaced.instanceId, { staffId: null, overCapacity: false, reason: unplaced.reason });
  }
  const items: PlanItem[] = cases.map((row) => {
    const placement = placements.get(Number(row.id));
    const toId = placement?.staffId ?? null;
    return {
      instanceId: Number(row.id),
      expectedVersion: row.version,
      protocolYear: row.protocol_year,
      protocolNumber: row.protocol_number,
      procedureName: row.procedure_name,
      officeId: row.office_id,
      dueDate: row.due_date,
      tacitApprovalOn: row.tacit_approval_on,
      from: row.assignee_id === null ? null : { id: row.assignee_id, name: row.assignee_name ?? '' },
      to: toId === null ? null : { id: toId, name: names.get(toId) ?? '' },
      overCapacity: placement?.overCapacity ?? false,
      // A placed case has no reason (null); a case no plan reached has nobody eligible.
      unplacedReason: placement ? placement.reason : 'no_eligible_person',
    };
  });
  const singleRule = officeIds.length === 1 ? (rules.get(officeIds[0] as number)?.rule ?? null) : null;
  return { method: input.kind === 'absence' ? 'absence_cover' : 'automatic', rule: singleRule, items };
}

// ------------------------------------------------------------------------------------------------
// Application

const ISSUE_CODES: Record<string, ApiErrorCode> = {
  case_not_found: 'not_found',
  case_changed: 'conflict',
  case_concluded: 'conflict',
};

/** Why a person cannot take a case now, checked in the order the database checks it. */
function refusalFor(
  row: CandidateCaseRow,
  person: PersonRow | undefined,
  rule: OfficeRuleRow | undefined,
  assigneeId: number,
): string | null {
  if (!person) return 'assignee_not_eligible';
  if (!person.enabled) return 'assignee_disabled';
  if (person.absent_today) return 'assignee_absent';
  if (!person.office_ids.includes(row.office_id)) return 'assignee_not_eligible';
  if (rule?.by_competence && !person.competences.includes(row.procedure_type_id)) return 'assignee_not_competent';
  if (row.assignee_id === assigneeId) return 'assignee_unchanged';
  return null;
}

export async function applyAssignments(db: Knex, value: AssignInputValue, actor: WorkloadActor): Promise<AssignResult> {
  requireManager(actor);
  const input = AssignInput.parse(value);
  const ordered = [...input.assignments].sort((a, b) => a.instanceId - b.instanceId);
  return db.transaction(async (trx) => {
    const rows = new Map(
      (
        await selectCasesById(
          trx,
          ordered.map((a) => a.instanceId),
          { forUpdate: true },
        )
      ).map((row) => [Number(row.id), row]),
    );
    const officeIds = [...new Set([...rows.values()].map((row) => row.office_id))];
    const [people, rules] = await Promise.all([
      selectPeopleWithLoad(trx, { staffIds: [...new Set(ordered.map((a) => a.assigneeId))] }),
      selectOfficeRules(trx, officeIds, { forUpdate: input.method === 'automatic' }),
    ]);
    const peopleById = new Map(people.map((person) => [person.id, person]));

    const issues: ValidationIssue[] = [];
    for (const assignment of ordered) {
      const row = rows.get(assignment.instanceId);
      const path = `assignments.${assignment.instanceId}`;
      if (!row) issues.push({ path, reason: 'case_not_found' });
      else if (row.version !== assignment.expectedVersion) issues.push({ path, reason: 'case_changed' });
      else if (row.closed_at !== null || row.decided_at !== null) issues.push({ path, reason: 'case_concluded' });
      else {
        const refusal = refusalFor(row, peopleById.get(assignment.assigneeId), rules.get(row.office_id), assignment.assigneeId);
        if (refusal) issues.push({ path, reason: refusal });
      }
    }
    const first = issues[0];
    if (first) {
      throw new AppError(
        ISSUE_CODES[first.reason] ?? 'validation',
        `${issues.length} of ${ordered.length} assignments refused`,
        first.reason,
        issues,
      );
    }

    const batchId = await insertBatch(trx, { method: input.method, rule: input.rule, reason: input.reason });
    const assigned: AssignResult['assigned'] = [];
    for (const assignment of ordered) {
      const row = rows.get(assignment.instanceId) as CandidateCaseRow;
      const detail = await actOnCase(
        trx,
        CaseActionInput.parse({
          action: 'assign',
          instanceId: assignment.instanceId,
          expectedVersion: assignment.expectedVersion,
          assigneeId: assignment.assigneeId,
          reason: input.reason,
        }),
        actor,
      );
      await insertBatchCase(trx, {
        batchId,
        instanceId: assignment.instanceId,
        fromStaffId: row.assignee_id,
        toStaffId: assignment.assigneeId,
      });
      assigned.push({ instanceId: assignment.instanceId, assigneeId: assignment.assigneeId, version: detail.version });
    }
    if (input.method === 'automatic' && input.rule === 'round_robin') await advanceRoundRobin(trx, input.assignments, rows, rules);
    return { batchId, assigned };
  });
}

/** The round robin continues after the last person given a case in each office, in the plan's order. */
async function advanceRoundRobin(
  trx: Knex.Transaction,
  assignments: ReadonlyArray<{ instanceId: number; assigneeId: number }>,
  rows: ReadonlyMap<number, CandidateCaseRow>,
  rules: ReadonlyMap<number, OfficeRuleRow>,
): Promise<void> {
  const lastByOffice = new Map<number, number>();
  for (const assignment of assignments) {
    const officeId = rows.get(assignment.instanceId)?.office_id;
    if (officeId !== undefined && rules.get(officeId)?.rule === ('round_robin' satisfies AssignmentRule))
      lastByOffice.set(officeId, assignment.assigneeId);
  }
  for (const [officeId, staffId] of lastByOffice) await updateRoundRobinPosition(trx, officeId, staffId);
}

/**
 * Takes several unassigned cases at once, for oneself: each through the workflow's take in charge
 * (version, status, history entry), all in one transaction — one refusal and none is taken.
 */
export async function takeInCharge(db: Knex, value: unknown, actor: WorkloadActor): Promise<TakeInChargeResult> {
  const input = TakeInChargeInput.parse(value);
  const ordered = [...input.cases].sort((a, b) => a.instanceId - b.instanceId);
  return db.transaction(async (trx) => {
    const rows = new Map(
      (
        await selectCasesById(
          trx,
          ordered.map((c) => c.instanceId),
          { forUpdate: true },
        )
      ).map((row) => [Number(row.id), row]),
    );
    const issues: ValidationIssue[] = [];
    for (const item of ordered) {
      const row = rows.get(item.instanceId);
      const path = `cases.${item.instanceId}`;
      if (!row) issues.push({ path, reason: 'case_not_found' });
      else if (row.version !== item.expectedVersion) issues.push({ path, reason: 'case_changed' });
      else if (row.closed_at !== null || row.decided_at !== null) issues.push({ path, reason: 'case_concluded' });
      else if (row.assignee_id !== null) issues.push({ path, reason: 'case_already_assigned' });
    }
    const first = issues[0];
    if (first)
      throw new AppError(
        ISSUE_CODES[first.reason] ?? 'conflict',
        `${issues.length} of ${ordered.length} cases cannot be taken`,
        first.reason,
        issues,
      );
    const taken: TakeInChargeResult['taken'] = [];
    for (const item of ordered) {
      const detail = await actOnCase(trx, CaseActionInput.parse({ action: 'take_in_charge', ...item }), actor);
      taken.push({ instanceId: item.instanceId, version: detail.version });
    }
    return { taken };
  });
}
