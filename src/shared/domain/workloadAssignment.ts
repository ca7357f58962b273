/**
 * Automatic assignment: who gets which case under an office's rule. Pure: the service reads the
 * cases and the people, this decides, the service applies the decision through the workflow (which
 * checks every case again) in one transaction.
 *
 * - Urgent cases first: by due date (overdue first), then by the day silence would become
 *   acceptance, then by receipt. When capacity runs out, what is left is the least urgent.
 * - Only people who can take the case now: enabled, not absent, competent when the office assigns
 *   by competence, not already holding it.
 * - Capacity: nobody is given a case that takes their weighted load over their capacity, unless the
 *   plan allows it (the cover of an absent colleague's urgent cases, which must not lapse: then the
 *   least loaded takes it, and the plan says it goes over capacity).
 * - Round robin: the next eligible person after the last one given a case, in a fixed order.
 *   Least load: the eligible person with the lowest load against capacity after taking the case
 *   (on a tie, whoever holds fewer points; then the fixed order).
 */
import type { IsoDate } from './calendar';
import type { AssignmentRule } from './workload';

export interface PlanCase {
  instanceId: number;
  procedureTypeId: number;
  weight: number;
  dueDate: IsoDate;
  tacitApprovalOn: IsoDate | null;
  receivedAt: string;
  assigneeId: number | null;
}

export interface PlanPerson {
  staffId: number;
  /** Sum of the weights of the person's open cases now. */
  weightedLoad: number;
  capacityPoints: number;
  enabled: boolean;
  absent: boolean;
  /** Procedure types the person handles. */
  competences: readonly number[];
}

export interface PlanRule {
  rule: AssignmentRule;
  byCompetence: boolean;
  /** Round robin: who was given the last case. */
  lastAssigneeId: number | null;
  /** Give a case to the least loaded person even over capacity (urgent cover). */
  allowOverCapacity: boolean;
}

export type UnplacedReason = 'no_eligible_person' | 'no_capacity';

export interface Placement {
  instanceId: number;
  staffId: number;
  /** The person's load after this case goes over their capacity. */
  overCapacity: boolean;
}

export interface AssignmentPlan {
  placements: Placement[];
  unplaced: Array<{ instanceId: number; reason: UnplacedReason }>;
  /** The round robin's position after the plan is applied. */
  lastAssigneeId: number | null;
}

/** Most urgent first: due date, then tacit approval day, then receipt, then id. */
export function compareUrgency(a: PlanCase, b: PlanCase): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  const tacitA = a.tacitApprovalOn ?? '9999-12-31';
  const tacitB = b.tacitApprovalOn ?? '9999-12-31';
  if (tacitA !== tacitB) return tacitA < tacitB ? -1 : 1;
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? -1 : 1;
  return a.instanceId - b.instanceId;
}

function ratioAfter(person: PlanPerson, load: number, weight: number): number {
  return person.capacityPoints > 0 ? (load + weight) / person.capacityPoints : Number.POSITIVE_INFINITY;
}

export function planAssignments(cases: readonly PlanCase[], people: readonly PlanPerson[], rule: PlanRule): AssignmentPlan {
  const order = [...people].sort((a, b) => a.staffId - b.staffId);
  const load = new Map(order.map((person) => [person.staffId, person.weightedLoad]));
  let lastAssigneeId = rule.lastAssigneeId;
  const placements: Placement[] = [];
  const unplaced: AssignmentPlan['unplaced'] = [];

  for (const item of [...cases].sort(compareUrgency)) {
    const eligible = order.filter(
      (person) =>
        person.enabled &&
        !person.absent &&
        person.staffId !== item.assigneeId &&
        (!rule.byCompetence || person.competences.includes(item.procedureTypeId)),
    );
    if (eligible.length === 0) {
      unplaced.push({ instanceId: item.instanceId, reason: 'no_eligible_person' });
      continue;
    }
    const fits = (person: PlanPerson) => ratioAfter(person, load.get(person.staffId) ?? 0, item.weight) <= 1 + 1e-9;
    const withRoom = eligible.filter(fits);
    let chosen: PlanPerson | undefined;
    if (withRoom.length > 0 && rule.rule === 'round_robin') {
      const after = lastAssigneeId ?? Number.NEGATIVE_INFINITY;
      chosen = withRoom.find((person) => person.staffId > after) ?? withRoom[0];
    } else if (withRoom.length > 0 || rule.allowOverCapacity) {
      const pool = withRoom.length > 0 ? withRoom : eligible;
      chosen = pool.reduce((best, person) => {
        const held = load.get(person.staffId) ?? 0;
        const bestHeld = load.get(best.staffId) ?? 0;
        const ratio = ratioAfter(person, held, item.weight);
        const bestRatio = ratioAfter(best, bestHeld, item.weight);
        if (Math.abs(ratio - bestRatio) > 1e-9) return ratio < bestRatio ? person : best;
        return held < bestHeld - 1e-9 ? person : best;
      });
    }
    if (!chosen) {
      unplaced.push({ instanceId: item.instanceId, reason: 'no_capacity' });
      continue;
    }
    const after = (load.get(chosen.staffId) ?? 0) + item.weight;
    load.set(chosen.staffId, after);
    lastAssigneeId = chosen.staffId;
    placements.push({ instanceId: item.instanceId, staffId: chosen.staffId, overCapacity: after > chosen.capacityPoints + 1e-9 });
  }
  return { placements, unplaced, lastAssigneeId };
}
