import type { Knex } from 'knex';
import { z } from 'zod';
import { todayInRome } from '../../shared/domain/calendar';
import { computeProcedureClock, type ClockRule } from '../../shared/domain/procedureClock';
import { AppError } from '../api/appError';
import { checkUpload } from '../documents/contentType';
import { digestContent } from '../documents/fileStore';
import { caseAttachmentPolicy } from '../documents/settings';
import { applicantRecord, type ApplicantInput } from '../people/applicants';

export type { ApplicantInput } from '../people/applicants';

export interface RegistrationAttachment {
  filename: string;
  bytes: Buffer;
  title: string;
  kind: 'application' | 'attachment';
}

export interface RegistrationRequest {
  channel: 'online' | 'pec' | 'desk';
  /** The sender's id of the submission: the same (source, externalId) is registered once per ente. Null for the desk. */
  source: { kind: 'portal' | 'pec' | 'desk'; externalId: string | null };
  procedureCode: string;
  applicant: ApplicantInput;
  subject: string;
  /** When it reached the ente (portal submission time, PEC delivery time, the desk's now). */
  receivedAt: string;
  attachments: RegistrationAttachment[];
}

export interface RegisteredProtocol {
  year: number;
  number: number;
  registeredAt: string;
  segnatura: string;
}

export interface RegistrationResult {
  instanceId: number;
  protocol: RegisteredProtocol;
  fascicolo: string;
  alreadyRegistered: boolean;
}

const applicantSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('person'),
    codiceFiscale: z.string().trim().toUpperCase(),
    lastName: z.string().trim().min(1).max(100),
    firstName: z.string().trim().min(1).max(100),
    sex: z.enum(['M', 'F']).optional(),
    birthDate: z.iso.date().optional(),
    birthPlace: z.string().trim().min(1).max(100).optional(),
    email: z.email().max(200).nullable().optional(),
    pec: z.email().max(200).nullable().optional(),
    address: z.string().trim().max(200).nullable().optional(),
    postalCode: z
      .string()
      .regex(/^[0-9]{5}$/)
      .nullable()
      .optional(),
    city: z.string().trim().max(100).nullable().optional(),
  }),
  z.object({
    kind: z.literal('business'),
    partitaIva: z.string().trim(),
    codiceFiscale: z.string().trim().toUpperCase().optional(),
    name: z.string().trim().min(2).max(200),
    pec: z.email().max(200).nullable().optional(),
    email: z.email().max(200).nullable().optional(),
    address: z.string().trim().max(200).nullable().optional(),
    postalCode: z
      .string()
      .regex(/^[0-9]{5}$/)
      .nullable()
      .optional(),
    city: z.string().trim().max(100).nullable().optional(),
  }),
]);

/** The shape every intake channel hands to the registration (checked again here: it is a boundary). */
export const registrationRequestSchema = z.object({
  channel: z.enum(['online', 'pec', 'desk']),
  source: z.object({ kind: z.enum(['portal', 'pec', 'desk']), externalId: z.string().trim().min(1).max(300).nullable() }),
  procedureCode: z
    .string()
    .trim()
    .regex(/^[A-Z0-9_]{2,30}$/, 'procedure_code'),
  applicant: applicantSchema,
  subject: z.string().trim().min(5, 'subject_too_short').max(500),
  receivedAt: z.iso.datetime({ offset: true }),
  attachments: z
    .array(
      z.object({
        filename: z.string().trim().min(1).max(255),
        bytes: z.instanceof(Buffer),
        title: z.string().trim().min(1).max(300),
        kind: z.enum(['application', 'attachment']),
      }),
    )
    .max(50),
});

/** What a registration needs to know of its procedure and register (checked again by the database). */
interface RegistrationContext {
  ente_id: number;
  patron_day: string | null;
  register_id: number | null;
  procedure_type_id: number;
  office_id: number;
  classification_id: number | null;
  legal_term_days: number;
  clock_rule: ClockRule;
  suspension_allowed: boolean;
  active: boolean;
}

async function loadContext(db: Knex | Knex.Transaction, procedureCode: string): Promise<RegistrationContext> {
  const row = (await db
    .select<RegistrationContext[]>(
      'p.ente_id',
      'e.patron_day',
      db.raw(
        '(SELECT r.id FROM scrivania.protocol_registers r WHERE r.ente_id = p.ente_id AND r.active ORDER BY r.id LIMIT 1) AS register_id',
      ),
      'p.id as procedure_type_id',
      'p.office_id',
      'p.classification_id',
      'p.legal_term_days',
      'p.clock_rule',
      'p.suspension_allowed',
      'p.active',
    )
    .from('scrivania.procedure_types as p')
    .join('scrivania.enti as e', 'e.id', 'p.ente_id')
    .where('p.code', procedureCode)
    .first()) as RegistrationContext | undefined;
  if (!row || !row.active) throw new AppError('not_found', `Unknown procedure ${procedureCode}`, 'unknown_procedure');
  if (row.register_id === null) throw new AppError('unavailable', 'No active protocol register', 'register_unavailable');
  if (row.classification_id === null) throw new AppError('validation', 'The procedure has no classification', 'classification_missing');
  return row;
}

/**
 * Contexts already read, per connection pool (one per signed-in user) and procedure code. They
 * are configuration, read once instead of at every registration: the database checks them again
 * in the registration itself, and a registration refused because one changed reloads it.
 */
const contexts = new WeakMap<Knex, Map<string, RegistrationContext>>();

async function contextFor(db: Knex, procedureCode: string, ownsCommit: boolean): Promise<RegistrationContext> {
  // Inside the caller's transaction, read it there: what the caller's transaction sees.
  if (!ownsCommit) return loadContext(db, procedureCode);
  let known = contexts.get(db);
  if (!known) contexts.set(db, (known = new Map()));
  const cached = known.get(procedureCode);
  if (cached) return cached;
  const context = await loadContext(db, procedureCode);
  known.set(procedureCode, context);
  return context;
}

function forgetContext(db: Knex, procedureCode: string): void {
  contexts.get(db)?.delete(procedureCode);
}

function isContextChanged(error: unknown): boolean {
  return (error as { hint?: string } | null)?.hint === 'scrivania:registration_context_changed';
}

function checkAttachments(attachments: RegistrationAttachment[]) {
  const policy = caseAttachmentPolicy();
  return attachments.map((attachment) => {
    const check = checkUpload(policy, attachment.filename, attachment.bytes);
    if (!check.ok) {
      throw new AppError('validation', `Attachment ${attachment.filename} refused: ${check.refusal}`, check.refusal, [
        { path: `attachments.${attachment.filename}`, reason: check.refusal },
      ]);
    }
    return { ...attachment, contentType: check.content.mimeType, nameCheck: check.name };
  });
}

interface RegisteredRow {
  alreadyRegistered: boolean;
  instanceId: number;
  year: number;
  number: number;
  registeredAt: string;
  segnatura: string;
  fascicolo: string;
}

/**
 * Registers an incoming instance: protocol number, fascicolo, case, documents with their SHA-256,
 * and the first history entry, in one transaction under the caller's own role (row-level
 * security applies). A submission with a sender's id is registered once per ente: retries,
 * replays and concurrent importers get the first registration back with `alreadyRegistered`.
 *
 * The whole registration is one call to the server (`scrivania.register_submission_durably`):
 * claiming the key, the applicant, the bytes, the fascicolo and the documents come first, the
 * protocol number last, and the server commits right after it, so the register's counter stays
 * locked only for the inserts that carry the number and the commit, never for a round trip to
 * this process; the commit does not wait for the disk (the counter would stay locked for the
 * flush), the same call then does, before answering: nobody is told about a registration (nor
 * about a duplicate's first one) before it is on disk. Called with the caller's transaction, the
 * registration is part of it and the caller owns the commit and its durability (awaitDurable).
 */
export async function registerInstance(db: Knex, request: RegistrationRequest): Promise<RegistrationResult> {
  const parsed = registrationRequestSchema.safeParse(request);
  if (!parsed.success) {
    throw new AppError(
      'validation',
      'Invalid registration',
      parsed.error.issues[0]?.message,
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), reason: issue.message })),
    );
  }
  const input = parsed.data;
  const receivedAt = new Date(input.receivedAt);
  if (receivedAt.getTime() > Date.now() + 60_000) throw new AppError('validation', 'Received in the future', 'received_in_future');
  const attachments = checkAttachments(request.attachments);
  const applicant = applicantRecord(input.applicant as ApplicantInput);
  const documents = await Promise.all(
    attachments.map(async (attachment) => {
      const { sha256, size } = await digestContent(attachment.bytes, { keep: false });
      return {
        title: attachment.title,
        kind: attachment.kind,
        filename: attachment.filename,
        sha256,
        size,
        contentType: attachment.contentType,
        nameCheck: attachment.nameCheck,
      };
    }),
  );
  const ownsCommit = db.isTransaction !== true;

  const register = async (context: RegistrationContext): Promise<RegisteredRow> => {
    const clock = computeProcedureClock({
      legalTermDays: context.legal_term_days,
      clockRule: context.clock_rule,
      suspensionAllowed: context.suspension_allowed,
      receivedOn: todayInRome(receivedAt),
      ...(context.patron_day ? { patronDay: context.patron_day } : {}),
      events: [],
      today: todayInRome(),
    });
    const submission = {
      enteId: context.ente_id,
      registerId: context.register_id,
      procedureTypeId: context.procedure_type_id,
      procedureCode: input.procedureCode,
      officeId: context.office_id,
      classificationId: context.classification_id,
      legalTermDays: context.legal_term_days,
      clockRule: context.clock_rule,
      suspensionAllowed: context.suspension_allowed,
      patronDay: context.patron_day,
      source: input.source.kind,
      externalId: input.source.externalId,
      applicant,
      correspondentAddress: input.applicant.pec ?? input.applicant.email ?? null,
      subject: input.subject,
      channel: input.channel,
      entryChannel: input.channel,
      externalRef: input.source.externalId,
      receivedAt: receivedAt.toISOString(),
      dueDate: clock.dueDate,
      tacitApprovalOn: clock.tacitApprovalOn,
      documents,
    };
    const files = attachments.length === 0 ? `'{}'::bytea[]` : `ARRAY[${attachments.map(() => '?::bytea').join(', ')}]`;
    const bindings = [JSON.stringify(submission), ...attachments.map((attachment) => attachment.bytes)];
    if (ownsCommit) {
      const result = await db.raw<{ rows: [{ registration: RegisteredRow }] }>(
        `CALL scrivania.register_submission_durably(?::jsonb, ${files}, NULL)`,
        bindings,
      );
      return result.rows[0].registration;
    }
    // In a savepoint: a refusal leaves the caller's transaction usable.
    return db.transaction(async (savepoint) => {
      const result = await savepoint.raw<{ rows: [{ r: RegisteredRow }] }>(
        `SELECT scrivania.register_submission(?::jsonb, ${files}) AS r`,
        bindings,
      );
      return result.rows[0].r;
    });
  };

  let registered: RegisteredRow;
  try {
    registered = await register(await contextFor(db, input.procedureCode, ownsCommit));
  } catch (error) {
    if (!ownsCommit || !isContextChanged(error)) throw error;
    forgetContext(db, input.procedureCode);
    registered = await register(await contextFor(db, input.procedureCode, ownsCommit));
  }
  return {
    instanceId: Number(registered.instanceId),
    protocol: {
      year: registered.year,
      number: registered.number,
      registeredAt: new Date(registered.registeredAt).toISOString(),
      segnatura: registered.segnatura,
    },
    fascicolo: registered.fascicolo,
    alreadyRegistered: registered.alreadyRegistered,
  };
}

/**
 * Waits until every transaction committed so far is on disk (scrivania.await_durable), for callers
 * that commit a registration with synchronous_commit off in a transaction of their own: the
 * register's counter is unlocked as soon as the commit is recorded instead of after the disk flush,
 * which would let only one registration per flush through; this wait, outside the lock, restores
 * durability before the result is returned, and concurrent registrations share one flush.
 */
export async function awaitDurable(db: Knex): Promise<void> {
  await db.raw('SELECT scrivania.await_durable()');
}
