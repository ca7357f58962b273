import { z } from 'zod';
import type { ProcedureClock } from '../domain/procedureClock';
import { DECISION_OUTCOMES, type InstanceStatus, type WorkflowAction } from '../domain/workflow';
import { channel } from './channel';
import type { IntakeChannel } from './instances';
import type { NamedRef } from './session';

/** One step of a case's history: who, when, what, why. */
export interface CaseEvent {
  id: number;
  occurredAt: string;
  /** The day the step counts from for the procedure clock. */
  effectiveOn: string;
  action: string;
  fromStatus: InstanceStatus | null;
  toStatus: InstanceStatus | null;
  actorName: string | null;
  actorLogin: string;
  reason: string | null;
  details: Record<string, unknown>;
}

export interface CaseApplicant {
  kind: 'person' | 'business';
  id: number;
  name: string;
  taxCode: string;
  email: string | null;
  pec: string | null;
}

export interface CaseDetail {
  id: number;
  /** Optimistic version: an action names the version it was decided on. */
  version: number;
  status: InstanceStatus;
  channel: IntakeChannel;
  subject: string;
  receivedAt: string;
  decidedAt: string | null;
  closedAt: string | null;
  protocol: { year: number; number: number; registeredAt: string | null; segnatura: string | null };
  applicant: CaseApplicant;
  procedure: {
    id: number;
    code: string;
    name: string;
    clockRule: 'silenzio_inadempimento' | 'silenzio_assenso' | 'scia';
    legalTermDays: number;
    legalReference: string;
  };
  office: NamedRef;
  assignee: NamedRef | null;
  fascicolo: {
    identifier: string;
    classificationCode: string;
    classificationTitle: string;
    openedOn: string;
    closedOn: string | null;
  } | null;
  clock: ProcedureClock;
  /** What the signed-in user may do now. */
  actions: WorkflowAction[];
  /** Whether the single suspension for integration (art. 2 c.7) has been used. */
  integrationAlreadyRequested: boolean;
  preavvisoSent: boolean;
  history: CaseEvent[];
}

const isoDay = z.iso.date();
const caseRef = { instanceId: z.number().int().positive(), expectedVersion: z.number().int().positive() };
const reason = (min: number) => z.string().trim().min(min, 'reason_too_short').max(4000);
const uploaded = z.object({ filename: z.string().trim().min(1).max(255), contentBase64: z.string().min(1).max(40_000_000) }).strict();

/** Every action of the workflow with what it needs; the server checks status, role and the law. */
export const CaseActionInput = z.discriminatedUnion('action', [
  z.object({ ...caseRef, action: z.literal('take_in_charge') }).strict(),
  z.object({ ...caseRef, action: z.literal('assign'), assigneeId: z.number().int().positive(), reason: reason(5) }).strict(),
  z
    .object({
      ...caseRef,
      action: z.literal('request_integration'),
      /** What is missing: it goes into the letter to the applicant. */
      reason: reason(10),
      answerWithinDays: z.number().int().min(1).max(30).default(30),
    })
    .strict(),
  z
    .object({
      ...caseRef,
      action: z.literal('receive_integration'),
      effectiveOn: isoDay.optional(),
      note: z.string().trim().max(4000).optional(),
    })
    .strict(),
  /** Art. 10-bis: the grounds that stand in the way of acceptance. */
  z.object({ ...caseRef, action: z.literal('send_preavviso'), reason: reason(10) }).strict(),
  z
    .object({
      ...caseRef,
      action: z.literal('receive_observations'),
      effectiveOn: isoDay.optional(),
      note: z.string().trim().max(4000).optional(),
    })
    .strict(),
  z
    .object({
      ...caseRef,
      action: z.literal('request_conformation'),
      /** Art. 19 c.3: what the checks found lacking... */
      reason: reason(10),
      /** ...and the measures the applicant must take to conform. */
      measures: reason(10),
      answerWithinDays: z.number().int().min(30).max(180).default(30),
    })
    .strict(),
  z
    .object({
      ...caseRef,
      action: z.literal('receive_conformation'),
      effectiveOn: isoDay.optional(),
      note: z.string().trim().max(4000).optional(),
    })
    .strict(),
  z
    .object({
      ...caseRef,
      action: z.literal('decide'),
      outcome: z.enum(DECISION_OUTCOMES),
      /** The grounds of the decision (motivazione, L. 241/1990 art. 3). */
      reason: reason(10),
      /** The outcome document (the signed provvedimento). */
      document: uploaded,
    })
    .strict(),
  z.object({ ...caseRef, action: z.literal('close'), note: z.string().trim().max(4000).optional() }).strict(),
  z.object({ ...caseRef, action: z.literal('withdraw'), reason: reason(5), effectiveOn: isoDay.optional() }).strict(),
  z.object({ ...caseRef, action: z.literal('add_note'), text: z.string().trim().min(2, 'note_too_short').max(4000) }).strict(),
]);
export type CaseActionInputValue = z.input<typeof CaseActionInput>;
export type CaseAction = z.output<typeof CaseActionInput>;

export interface Assignee extends NamedRef {
  role: string;
  openCases: number;
}

export const casesChannels = {
  'cases/get': channel<CaseDetail>()(z.object({ instanceId: z.number().int().positive() }).strict()),
  'cases/act': channel<CaseDetail>()(CaseActionInput),
  'cases/assignees': channel<Assignee[]>()(z.object({ instanceId: z.number().int().positive() }).strict()),
};
