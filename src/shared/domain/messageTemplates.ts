/**
 * Templates of the communications sent to the applicant, and their rendering: `{{name}}`
 * placeholders filled with plain-text values. Pure code, shared so that a screen can preview a
 * message exactly as it will be sent.
 *
 * A message is never sent with a hole in it: rendering refuses a placeholder it does not know
 * (a typo in an ente's override) and a known one with no value, naming each.
 */
import { formatProtocolNumber } from './protocolNumber';
import { todayInRome } from './calendar';

/** The communications of the procedure (L. 241/1990) that Scrivania has templates for. */
export const MESSAGE_TEMPLATE_CODES = [
  'procedure_started',
  'integration_request',
  'preavviso_rigetto',
  'scia_conformation',
  'decision_accepted',
  'decision_partially_accepted',
  'decision_rejected',
] as const;
export type MessageTemplateCode = (typeof MESSAGE_TEMPLATE_CODES)[number];

export function isMessageTemplateCode(value: string): value is MessageTemplateCode {
  return (MESSAGE_TEMPLATE_CODES as readonly string[]).includes(value);
}

export const DECISION_OUTCOMES = ['accepted', 'partially_accepted', 'rejected'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** The template of the final decision's communication for an outcome. */
export function decisionTemplateCode(outcome: DecisionOutcome): MessageTemplateCode {
  return `decision_${outcome}`;
}

/**
 * Every placeholder a template may use. The first group is filled from the case by the outbox
 * (a caller may still override them); the second must come from the step that sends the message.
 */
export const CASE_PLACEHOLDERS = [
  'ente',
  'ufficio',
  'protocollo',
  'data_presentazione',
  'richiedente',
  'oggetto',
  'procedimento',
  'responsabile',
  'data_conclusione',
] as const;
export const STEP_PLACEHOLDERS = ['termine', 'documenti', 'motivazione', 'prescrizioni'] as const;
export const TEMPLATE_PLACEHOLDERS = [...CASE_PLACEHOLDERS, ...STEP_PLACEHOLDERS] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];
export type TemplateValues = Partial<Record<TemplatePlaceholder, string>>;

export function isTemplatePlaceholder(value: string): value is TemplatePlaceholder {
  return (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(value);
}

export interface MessageTemplate {
  subject: string;
  body: string;
}

export type TemplatePart = keyof MessageTemplate;

/**
 * What stops a template from being sent: `unknown` (not one of TEMPLATE_PLACEHOLDERS), `missing`
 * (known, but no non-blank value given) or `malformed` (stray `{{` / `}}`, e.g. `{{termine}`).
 */
export interface TemplateProblem {
  kind: 'unknown' | 'missing' | 'malformed';
  part: TemplatePart;
  /** The placeholder's name; for `malformed`, the offending text. */
  placeholder: string;
}

export type RenderResult = { ok: true; message: MessageTemplate } | { ok: false; problems: TemplateProblem[] };

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const STRAY_BRACES = /\{\{|\}\}/;
const NAME = /^[a-z_]+$/;

function problemsOf(part: TemplatePart, text: string, values: TemplateValues | null): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (seen.has(name)) continue;
    seen.add(name);
    if (!NAME.test(name) || !isTemplatePlaceholder(name)) problems.push({ kind: 'unknown', part, placeholder: name });
    else if (values && !hasValue(values, name)) problems.push({ kind: 'missing', part, placeholder: name });
  }
  const leftover = text.replace(PLACEHOLDER, '');
  const stray = STRAY_BRACES.exec(leftover);
  if (stray) {
    const around = leftover.slice(Math.max(0, stray.index - 10), stray.index + 12).trim();
    problems.push({ kind: 'malformed', part, placeholder: around });
  }
  return problems;
}

function hasValue(values: TemplateValues, name: TemplatePlaceholder): boolean {
  const value = values[name];
  return typeof value === 'string' && value.trim().length > 0;
}

/** The placeholders a text uses, in order of first appearance (known or not). */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))];
}

/** Checks a template on its own (e.g. an ente's override before it is saved): unknown or malformed placeholders. */
export function checkTemplate(template: MessageTemplate): TemplateProblem[] {
  return [...problemsOf('subject', template.subject, null), ...problemsOf('body', template.body, null)];
}

/**
 * Fills the template. Values are inserted as written (a value that itself contains `{{…}}` is not
 * expanded again); in the subject, a header, line breaks in values become spaces.
 */
export function renderTemplate(template: MessageTemplate, values: TemplateValues): RenderResult {
  const problems = [...problemsOf('subject', template.subject, values), ...problemsOf('body', template.body, values)];
  if (problems.length > 0) return { ok: false, problems };
  const fill = (text: string, flatten: boolean) =>
    text.replace(PLACEHOLDER, (_match, name: TemplatePlaceholder) => {
      const value = (values[name] ?? '').trim();
      return flatten ? value.replace(/\s*[\r\n]+\s*/g, ' ') : value;
    });
  return {
    ok: true,
    message: { subject: fill(template.subject, true).replace(/\s+/g, ' ').trim(), body: fill(template.body, false) },
  };
}

/** '05/03/2026' for '2026-03-05', or for an instant, its day in Europe/Rome. */
export function formatItalianDate(value: string | Date): string {
  const day = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : todayInRome(new Date(value));
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

export interface CaseFacts {
  enteName: string;
  officeName: string;
  protocolYear: number;
  protocolNumber: number;
  receivedAt: string | Date;
  applicantName: string;
  subject: string;
  procedureName: string;
  assigneeName: string | null;
  dueDate: string;
}

/** The placeholders the case itself answers; `responsabile` only when someone holds the case. */
export function caseValues(facts: CaseFacts): TemplateValues {
  return {
    ente: facts.enteName,
    ufficio: facts.officeName,
    protocollo: formatProtocolNumber(facts.protocolYear, facts.protocolNumber),
    data_presentazione: formatItalianDate(facts.receivedAt),
    richiedente: facts.applicantName,
    oggetto: facts.subject,
    procedimento: facts.procedureName,
    ...(facts.assigneeName ? { responsabile: facts.assigneeName } : {}),
    data_conclusione: formatItalianDate(facts.dueDate),
  };
}
