/**
 * The case screen's action forms, as pure data and functions: which fields each workflow action
 * asks for, its keyboard shortcut, and how what was typed becomes a `cases/act` input. The checks
 * are the contract's own zod schema (CaseActionInput), so the form and the server never disagree.
 */
import { CaseActionInput, type CaseActionInputValue } from '../../shared/api/cases';
import type { DecisionOutcome, WorkflowAction } from '../../shared/domain/workflow';
import { formatDayParts, parseDayText } from '../worklist/dayText';

export const ACTION_FIELDS = [
  'assigneeId',
  'outcome',
  'reason',
  'measures',
  'answerWithinDays',
  'effectiveOn',
  'note',
  'text',
  'document',
] as const;
export type ActionField = (typeof ACTION_FIELDS)[number];

export interface UploadedFile {
  filename: string;
  size: number;
  contentBase64: string;
}

/** What the user typed, kept per action while the case reloads around it. */
export interface ActionDraft {
  assigneeId: string;
  outcome: DecisionOutcome | '';
  reason: string;
  measures: string;
  answerWithinDays: string;
  /** A day typed the Italian way (gg/mm/aaaa). */
  effectiveOn: string;
  note: string;
  text: string;
  document: UploadedFile | null;
}

export interface ActionSpec {
  /** Alt+<key>, by physical key (event.code `Key<key>`), so any keyboard layout works. */
  shortcut: string;
  fields: readonly ActionField[];
  /** The field the cursor starts in. */
  firstField: ActionField | null;
}

const RECEIPT: ActionSpec = { shortcut: 'R', fields: ['effectiveOn', 'note'], firstField: 'effectiveOn' };

/**
 * Alt+R is "the applicant answered": only one of the three receipts can be available at a time
 * (each belongs to its own waiting status).
 */
export const ACTION_SPECS: Readonly<Record<WorkflowAction, ActionSpec>> = {
  take_in_charge: { shortcut: 'P', fields: [], firstField: null },
  assign: { shortcut: 'A', fields: ['assigneeId', 'reason'], firstField: 'assigneeId' },
  request_integration: { shortcut: 'I', fields: ['reason', 'answerWithinDays'], firstField: 'reason' },
  receive_integration: RECEIPT,
  send_preavviso: { shortcut: 'V', fields: ['reason'], firstField: 'reason' },
  receive_observations: RECEIPT,
  request_conformation: { shortcut: 'C', fields: ['reason', 'measures', 'answerWithinDays'], firstField: 'reason' },
  receive_conformation: RECEIPT,
  decide: { shortcut: 'D', fields: ['outcome', 'reason', 'document'], firstField: 'outcome' },
  close: { shortcut: 'H', fields: ['note'], firstField: 'note' },
  withdraw: { shortcut: 'T', fields: ['reason', 'effectiveOn'], firstField: 'reason' },
  add_note: { shortcut: 'N', fields: ['text'], firstField: 'text' },
};

/** The action whose shortcut is Alt+`key` among those available now. */
export function actionForShortcut(key: string, available: readonly WorkflowAction[]): WorkflowAction | null {
  return available.find((action) => ACTION_SPECS[action].shortcut === key.toUpperCase()) ?? null;
}

/** The default term for the applicant's answer: the most art. 2 c.7 allows, the least art. 19 c.3 allows. */
const DEFAULT_ANSWER_DAYS: Partial<Record<WorkflowAction, number>> = { request_integration: 30, request_conformation: 30 };

export function emptyDraft(action: WorkflowAction, today: string): ActionDraft {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  return {
    assigneeId: '',
    outcome: '',
    reason: '',
    measures: '',
    answerWithinDays: String(DEFAULT_ANSWER_DAYS[action] ?? ''),
    effectiveOn: formatDayParts({ year, month, day }),
    note: '',
    text: '',
    document: null,
  };
}

/** Why a field was refused: a zod issue's message (e.g. `reason_too_short`) or code, or one of the form's own. */
export type FieldProblem = string;

export type BuiltAction = { ok: true; input: CaseActionInputValue } | { ok: false; problems: Partial<Record<ActionField, FieldProblem>> };

function isoDayOf(text: string): string | null {
  const parts = parseDayText(text);
  if (!parts) return null;
  return `${parts.year}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
}

function optionalText(value: string): string | undefined {
  return value.trim() === '' ? undefined : value;
}

/**
 * The `cases/act` input for an action from what was typed, or the problems field by field.
 * `expectedVersion` is the version of the case the user was looking at when they opened the form.
 */
export function buildActionInput(
  action: WorkflowAction,
  draft: ActionDraft,
  context: { instanceId: number; expectedVersion: number; today: string },
): BuiltAction {
  const problems: Partial<Record<ActionField, FieldProblem>> = {};
  const base = { instanceId: context.instanceId, expectedVersion: context.expectedVersion, action };
  const fields = ACTION_SPECS[action].fields;
  const raw: Record<string, unknown> = { ...base };

  if (fields.includes('effectiveOn')) {
    const day = isoDayOf(draft.effectiveOn);
    if (!day) problems.effectiveOn = 'day_invalid';
    else if (day > context.today) problems.effectiveOn = 'date_in_future';
    else raw.effectiveOn = day;
  }
  if (fields.includes('assigneeId')) {
    if (draft.assigneeId === '') problems.assigneeId = 'assignee_required';
    else raw.assigneeId = Number(draft.assigneeId);
  }
  if (fields.includes('outcome')) {
    if (draft.outcome === '') problems.outcome = 'outcome_required';
    else raw.outcome = draft.outcome;
  }
  if (fields.includes('document')) {
    if (!draft.document) problems.document = 'document_required';
    else raw.document = { filename: draft.document.filename, contentBase64: draft.document.contentBase64 };
  }
  if (fields.includes('answerWithinDays')) {
    const days = draft.answerWithinDays.trim();
    raw.answerWithinDays = /^\d+$/.test(days) ? Number(days) : days === '' ? undefined : Number.NaN;
  }
  if (fields.includes('reason')) raw.reason = draft.reason;
  if (fields.includes('measures')) raw.measures = draft.measures;
  if (fields.includes('text')) raw.text = draft.text;
  if (fields.includes('note')) raw.note = optionalText(draft.note);

  const parsed = CaseActionInput.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '') as ActionField;
      if (!(ACTION_FIELDS as readonly string[]).includes(field) || problems[field]) continue;
      problems[field] = issue.message && /^[a-z_]+$/.test(issue.message) ? issue.message : issue.code;
    }
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, input: raw as CaseActionInputValue };
}
