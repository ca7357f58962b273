/**
 * The case workflow: which action moves a case from which status to which, and which roles may
 * take it. The database holds the same table (scrivania.workflow_transitions) and refuses any other
 * status change; a test checks the two agree. Actions that do not change the status (notes,
 * assignment) are listed too, so the case screen can offer exactly what the user may do.
 */
import type { StaffRole } from '../api/session';

export const INSTANCE_STATUSES = [
  'received',
  'in_progress',
  'suspended',
  'awaiting_observations',
  'awaiting_conformation',
  'accepted',
  'partially_accepted',
  'rejected',
  'withdrawn',
] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

export const DECISION_OUTCOMES = ['accepted', 'partially_accepted', 'rejected'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** Statuses in which the procedure is still running (not decided, not withdrawn). */
export const PENDING_STATUSES: readonly InstanceStatus[] = [
  'received',
  'in_progress',
  'suspended',
  'awaiting_observations',
  'awaiting_conformation',
];

export const WORKFLOW_ACTIONS = [
  'take_in_charge',
  'assign',
  'request_integration',
  'receive_integration',
  'send_preavviso',
  'receive_observations',
  'request_conformation',
  'receive_conformation',
  'decide',
  'close',
  'withdraw',
  'add_note',
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

export interface Transition {
  action: WorkflowAction;
  from: InstanceStatus;
  to: InstanceStatus;
  roles: readonly StaffRole[];
}

const PROCESSORS: readonly StaffRole[] = ['technician', 'manager'];
const FRONT_AND_BACK: readonly StaffRole[] = ['clerk', 'technician', 'manager'];

function fromEach(
  action: WorkflowAction,
  froms: readonly InstanceStatus[],
  to: InstanceStatus | 'same',
  roles: readonly StaffRole[],
): Transition[] {
  return froms.map((from) => ({ action, from, to: to === 'same' ? from : to, roles }));
}

/**
 * - Taking a case in charge makes the taker its assignee; clerks handle the simpler procedures.
 * - Assignment and reassignment (with a reason) are the managers'; they keep the status.
 * - Integration request (L. 241/1990 art. 2 c.7), preavviso di rigetto (art. 10-bis), conformation
 *   request (art. 19 c.3, SCIA only) and the decision are the responsible technician's or manager's.
 * - What the applicant sends back (documents, observations, conformation) is received at the desk.
 * - A rejection after the preavviso is decided from `awaiting_observations` too, once the 10 days
 *   have run or the observations have been weighed.
 * - Closing files a decided case; withdrawal by the applicant ends a pending one.
 */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'take_in_charge', from: 'received', to: 'in_progress', roles: FRONT_AND_BACK },
  ...fromEach('assign', PENDING_STATUSES, 'same', ['manager']),
  { action: 'request_integration', from: 'in_progress', to: 'suspended', roles: PROCESSORS },
  { action: 'receive_integration', from: 'suspended', to: 'in_progress', roles: FRONT_AND_BACK },
  { action: 'send_preavviso', from: 'in_progress', to: 'awaiting_observations', roles: PROCESSORS },
  { action: 'receive_observations', from: 'awaiting_observations', to: 'in_progress', roles: FRONT_AND_BACK },
  { action: 'request_conformation', from: 'in_progress', to: 'awaiting_conformation', roles: PROCESSORS },
  { action: 'receive_conformation', from: 'awaiting_conformation', to: 'in_progress', roles: FRONT_AND_BACK },
  ...DECISION_OUTCOMES.flatMap((outcome) => fromEach('decide', ['in_progress', 'awaiting_observations'], outcome, PROCESSORS)),
  ...fromEach('close', DECISION_OUTCOMES, 'same', PROCESSORS),
  ...fromEach('withdraw', PENDING_STATUSES, 'withdrawn', FRONT_AND_BACK),
  ...fromEach('add_note', INSTANCE_STATUSES, 'same', ['clerk', 'technician', 'manager', 'admin']),
];

/** Actions reserved to the case's holder (or a manager); the desk may still receive documents and withdrawals. */
const HOLDER_ACTIONS: readonly WorkflowAction[] = [
  'take_in_charge',
  'request_integration',
  'send_preavviso',
  'request_conformation',
  'decide',
  'close',
];

export function isPending(status: InstanceStatus): boolean {
  return PENDING_STATUSES.includes(status);
}

export function isDecision(status: InstanceStatus): status is DecisionOutcome {
  return (DECISION_OUTCOMES as readonly string[]).includes(status);
}

/** The transition an action takes from a status, for a role; null when not allowed. */
export function findTransition(action: WorkflowAction, from: InstanceStatus, role: StaffRole, to?: InstanceStatus): Transition | null {
  return (
    TRANSITIONS.find((t) => t.action === action && t.from === from && (to === undefined || t.to === to) && t.roles.includes(role)) ?? null
  );
}

export interface CaseFacts {
  status: InstanceStatus;
  closed: boolean;
  clockRule: 'silenzio_inadempimento' | 'silenzio_assenso' | 'scia';
  /** Whether the one suspension for integration (art. 2 c.7) has already been used. */
  integrationAlreadyRequested: boolean;
  preavvisoSent: boolean;
  /** Who holds the case, from the user's point of view. */
  holder: 'me' | 'other' | 'nobody';
}

export type ActionRefusal =
  | 'not_allowed_for_role'
  | 'not_allowed_in_status'
  | 'case_closed'
  | 'not_holder'
  | 'integration_already_requested'
  | 'conformation_only_for_scia'
  | 'integration_not_for_scia'
  | 'preavviso_not_for_scia'
  | 'preavviso_required';

/**
 * Whether the user may take an action on a case now, and if not, why: the status and role rules
 * above plus the rules of law that depend on the case's history.
 */
export function checkAction(action: WorkflowAction, facts: CaseFacts, role: StaffRole, to?: InstanceStatus): ActionRefusal | null {
  if (facts.closed && action !== 'add_note') return 'case_closed';
  const anyRole = TRANSITIONS.some((t) => t.action === action && t.from === facts.status && (to === undefined || t.to === to));
  if (!anyRole) return 'not_allowed_in_status';
  if (!findTransition(action, facts.status, role, to)) return 'not_allowed_for_role';
  // The case's steps are taken by whoever holds it (managers may step in); a case held by a
  // colleague cannot be taken over without a manager's reassignment.
  if (HOLDER_ACTIONS.includes(action) && role !== 'manager') {
    if (facts.holder === 'other') return 'not_holder';
    if (facts.holder === 'nobody' && action !== 'take_in_charge') return 'not_holder';
  }
  if (action === 'request_integration') {
    // SCIA terms are interrupted by a conformation request (art. 19 c.3), never suspended.
    if (facts.clockRule === 'scia') return 'integration_not_for_scia';
    if (facts.integrationAlreadyRequested) return 'integration_already_requested';
  }
  if (action === 'request_conformation' && facts.clockRule !== 'scia') return 'conformation_only_for_scia';
  // Art. 10-bis concerns applications (procedimenti ad istanza di parte); a SCIA is not one.
  if (action === 'send_preavviso' && facts.clockRule === 'scia') return 'preavviso_not_for_scia';
  // Art. 10-bis: before a formal rejection of an application the grounds must be communicated.
  if (action === 'decide' && to === 'rejected' && facts.clockRule !== 'scia' && !facts.preavvisoSent) return 'preavviso_required';
  return null;
}

/** Every action the user could take now (for the case screen's buttons and shortcuts). */
export function availableActions(facts: CaseFacts, role: StaffRole): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((action) => {
    const targets = TRANSITIONS.filter((t) => t.action === action && t.from === facts.status).map((t) => t.to);
    return targets.some((to) => checkAction(action, facts, role, to) === null);
  });
}
