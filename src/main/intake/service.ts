import crypto from 'node:crypto';
import type { Knex } from 'knex';
import {
  ARRIVAL_PREVIEW_MAX_BYTES,
  type ApplicantInputParsed,
  type ArrivalDetail,
  type ArrivalRow,
  type AttachmentContent,
  type QuarantineReason,
  type QuarantineResolution,
  type QuarantineRow,
  type QuarantineSource,
  type RegistrationOutcome,
} from '../../shared/api/intake';
import type { DocumentRefusal } from '../../shared/api/documents';
import { AppError } from '../api/appError';
import { checkUpload, detectContentType } from '../documents/contentType';
import { postgresFileStore, storageKeyOf } from '../documents/fileStore';
import { caseAttachmentPolicy } from '../documents/settings';
import { databaseErrorToApiError, isUnreachable } from '../db/errors';
import { registerInstance, type RegistrationRequest, type RegistrationResult } from '../protocol/registration';
import { readMailFile, type MailArrival } from './mailMessage';
import {
  checkPortalSubmission,
  readPortalDocument,
  submissionIdOf,
  type IntakeRefusal,
  type VerifiedPortalSubmission,
} from './portalSubmission';
import {
  activeProcedureExists,
  applicantsByAddress,
  arrivalRowOf,
  applicantsByTaxCode,
  currentEnte,
  enqueueSubmission,
  findArrival,
  findArrivalAttachment,
  findQuarantine,
  insertArrival,
  insertArrivalAttachment,
  listArrivalAttachments,
  lockPendingSubmission,
  markArrivalDiscarded,
  markArrivalRegistered,
  markSubmissionQuarantined,
  markSubmissionRegistered,
  quarantineRowOf,
  recordSubmissionFailure,
  reopenSubmission,
  resolveQuarantine,
  upsertQuarantine,
  type PendingSubmission,
  type QuarantineRecord,
} from './queries';
import { taxCodesInText } from './taxCodesInText';

/**
 * The intake pipeline. Every item is registered at most once:
 * - a portal submission is queued once per (ente, submission id), then registered by whichever
 *   importer locks its row (`FOR UPDATE SKIP LOCKED`), in the same transaction that marks it done;
 *   the registration service also keys it by (source, submission id);
 * - a PEC or e-mail arrival enters the inbox once per (ente, external id);
 * - refusals are kept in the quarantine once per content, counted when seen again.
 * A registration that fails rolls back whole (a savepoint inside the row's transaction), and only
 * then is the quarantine entry written, so nothing is ever half-registered.
 */

/** Larger files are not read into memory: they are quarantined by reference to where they were left. */
export const PORTAL_FILE_MAX_BYTES = 256 * 1024 * 1024;
export const MAIL_FILE_MAX_BYTES = 160 * 1024 * 1024;
/** Attempts that failed for reasons other than the item itself before it goes to the quarantine. */
export const MAX_REGISTRATION_ATTEMPTS = 5;

export interface IncomingFile {
  /** Where it came from, for the clerk (the file name, or the queue). */
  origin: string;
  bytes: Buffer;
  /** The file's modification time: the last resort for an e-mail's received date. */
  modifiedAt: Date;
}

export type IntakeOutcome =
  | { kind: 'registered'; externalId: string; instanceId: number; segnatura: string; alreadyRegistered: boolean }
  | { kind: 'inbox'; externalId: string; arrivalId: number }
  | { kind: 'duplicate'; externalId: string }
  | { kind: 'quarantined'; externalId: string | null; reason: QuarantineReason; quarantineId: number }
  | { kind: 'retry_later'; externalId: string; error: string }
  | { kind: 'busy'; externalId: string };

// ---------------------------------------------------------------------------------------------
// Refusals

const ATTACHMENT_REFUSALS: Record<DocumentRefusal, QuarantineReason> = {
  empty_file: 'attachment_empty',
  too_large: 'attachment_too_large',
  type_not_allowed: 'attachment_type_not_allowed',
  name_mismatch: 'attachment_name_mismatch',
};

function isDocumentRefusal(reason: string | undefined): reason is DocumentRefusal {
  return reason !== undefined && Object.hasOwn(ATTACHMENT_REFUSALS, reason);
}

/** The first attachment a case would refuse, as a quarantine reason. */
export function attachmentRefusal(attachments: Array<{ filename: string; bytes: Uint8Array }>): IntakeRefusal | null {
  const policy = caseAttachmentPolicy();
  for (const attachment of attachments) {
    const check = checkUpload(policy, attachment.filename, attachment.bytes);
    if (!check.ok) {
      const content = check.content ? ` (content: ${check.content.mimeType})` : '';
      return { reason: ATTACHMENT_REFUSALS[check.refusal], detail: `${attachment.filename}: ${check.refusal}${content}` };
    }
  }
  return null;
}

/**
 * A registration refused for what the item is (invalid data, unknown procedure, a file a case does
 * not accept) becomes a quarantine reason; anything else — the server gone, a bug, a conflict that a
 * retry resolves — is null: the item stays queued.
 */
export function refusalOf(error: unknown): IntakeRefusal | null {
  const api =
    error instanceof AppError
      ? { code: error.code, reason: error.reason, message: error.message, issues: error.issues }
      : databaseErrorToApiError(error);
  if (!api || isUnreachable(error)) return null;
  const issues = api.issues?.map((issue) => `${issue.path}: ${issue.reason}`).join('; ');
  const detail = [api.message, api.reason, issues].filter(Boolean).join(' — ');
  if (api.code === 'not_found' && api.reason === 'unknown_procedure') return { reason: 'unknown_procedure', detail };
  if (api.code === 'validation' && isDocumentRefusal(api.reason)) return { reason: ATTACHMENT_REFUSALS[api.reason], detail };
  if (api.code === 'validation' && /codice_fiscale/.test(`${api.reason ?? ''} ${issues ?? ''}`))
    return { reason: 'invalid_codice_fiscale', detail };
  if (api.code === 'validation' && /partita_iva/.test(`${api.reason ?? ''} ${issues ?? ''}`))
    return { reason: 'invalid_partita_iva', detail };
  // Not 'forbidden': that is the importing login's rights, not the item's fault; it is retried (and
  // after MAX_REGISTRATION_ATTEMPTS quarantined as registration_failed, with the database's words).
  if (api.code === 'validation' || api.code === 'not_found') return { reason: 'registration_refused', detail };
  return null;
}

function sha256(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

interface QuarantineInput extends IntakeRefusal {
  source: QuarantineSource;
  origin: string;
  externalId: string | null;
  /** The content as received; null when too large to keep (then `keptAt` says where the file is). */
  content: Buffer | null;
  contentSize?: number;
  contentSha256?: string;
  keptAt?: string;
  portalSubmissionId?: number;
}

async function writeQuarantine(db: Knex | Knex.Transaction, input: QuarantineInput): Promise<number> {
  const { id } = await upsertQuarantine(db, {
    source: input.source,
    origin: input.origin,
    externalId: input.externalId,
    reason: input.reason,
    detail: input.detail,
    content: input.content,
    contentRef: input.content ? null : (input.keptAt ?? input.origin),
    contentSize: input.content?.length ?? input.contentSize ?? 0,
    contentSha256: input.content ? sha256(input.content) : (input.contentSha256 ?? sha256(Buffer.from(input.origin))),
    portalSubmissionId: input.portalSubmissionId ?? null,
  });
  return id;
}

/** A file too large to read: quarantined by its hash and where it was left, without its content. */
export async function quarantineOversizedFile(
  db: Knex,
  file: { source: QuarantineSource; origin: string; size: number; sha256: string; keptAt: string; limit: number },
): Promise<IntakeOutcome> {
  return quarantine(db, {
    source: file.source,
    origin: file.origin,
    externalId: null,
    reason: 'file_too_large',
    detail: `${file.size} bytes; the limit is ${file.limit}`,
    content: null,
    contentSize: file.size,
    contentSha256: file.sha256,
    keptAt: file.keptAt,
  });
}

/** Writes a quarantine entry in its own transaction (the item's own work has already rolled back). */
export async function quarantine(db: Knex, input: QuarantineInput): Promise<IntakeOutcome & { kind: 'quarantined' }> {
  const quarantineId = await db.transaction((trx) => writeQuarantine(trx, input));
  return { kind: 'quarantined', externalId: input.externalId, reason: input.reason, quarantineId };
}

// ---------------------------------------------------------------------------------------------
// Portal submissions

function registrationOfSubmission(submission: VerifiedPortalSubmission): RegistrationRequest {
  return {
    channel: 'online',
    source: { kind: 'portal', externalId: submission.submissionId },
    procedureCode: submission.procedureCode,
    applicant: submission.applicant,
    subject: submission.subject,
    receivedAt: submission.submittedAt,
    attachments: submission.attachments,
  };
}

/** Registers inside a savepoint, so a refusal leaves the row's transaction usable for the quarantine. */
async function registerWithin(trx: Knex.Transaction, request: RegistrationRequest): Promise<RegistrationResult> {
  return trx.transaction((savepoint) => registerInstance(savepoint as unknown as Knex, request));
}

interface SubmissionContext {
  origin: string;
  /** The bytes as they came from the folder, kept in the quarantine instead of the stored JSON. */
  rawContent?: Buffer;
}

async function refuseSubmission(
  trx: Knex.Transaction,
  row: PendingSubmission,
  context: SubmissionContext,
  refusal: IntakeRefusal,
): Promise<IntakeOutcome> {
  const quarantineId = await writeQuarantine(trx, {
    ...refusal,
    source: 'portal',
    origin: context.origin,
    externalId: row.submissionId,
    content: context.rawContent ?? Buffer.from(JSON.stringify(row.payload, null, 2), 'utf8'),
    portalSubmissionId: row.id,
  });
  await markSubmissionQuarantined(trx, row.id, quarantineId);
  return { kind: 'quarantined', externalId: row.submissionId, reason: refusal.reason, quarantineId };
}

async function handleLockedSubmission(trx: Knex.Transaction, row: PendingSubmission, context: SubmissionContext): Promise<IntakeOutcome> {
  const check = checkPortalSubmission(row.payload);
  if (!check.ok) return refuseSubmission(trx, row, context, check);
  const { submission } = check;
  const ente = await currentEnte(trx);
  if (!ente) throw new AppError('forbidden', 'The importing login is not staff of an ente', 'not_staff');
  if (submission.enteIstatCode !== ente.istatCode) {
    return refuseSubmission(trx, row, context, {
      reason: 'wrong_ente',
      detail: `Addressed to the ente with ISTAT code ${submission.enteIstatCode}, delivered to ${ente.istatCode}`,
    });
  }
  if (!(await activeProcedureExists(trx, submission.procedureCode))) {
    return refuseSubmission(trx, row, context, {
      reason: 'unknown_procedure',
      detail: `No active procedure ${submission.procedureCode} in the catalogue`,
    });
  }
  const refusedAttachment = attachmentRefusal(submission.attachments);
  if (refusedAttachment) return refuseSubmission(trx, row, context, refusedAttachment);
  let result: RegistrationResult;
  try {
    result = await registerWithin(trx, registrationOfSubmission(submission));
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return refuseSubmission(trx, row, context, refusal);
  }
  await markSubmissionRegistered(trx, row.id, result.instanceId, result.protocol.segnatura);
  return {
    kind: 'registered',
    externalId: row.submissionId,
    instanceId: result.instanceId,
    segnatura: result.protocol.segnatura,
    alreadyRegistered: result.alreadyRegistered,
  };
}

/**
 * Takes the next pending submission (or the one given) and registers or quarantines it, all in one
 * transaction. Null when there is nothing pending (or the given row is being handled elsewhere).
 */
export async function processSubmission(
  db: Knex,
  options: { id?: number; skipIds?: number[]; context?: SubmissionContext } = {},
): Promise<{ id: number; outcome: IntakeOutcome } | null> {
  let locked: PendingSubmission | null = null;
  try {
    return await db.transaction(async (trx) => {
      locked = await lockPendingSubmission(trx, {
        ...(options.id !== undefined ? { id: options.id } : {}),
        skipIds: options.skipIds ?? [],
      });
      if (!locked) return null;
      const context = options.context ?? { origin: `portal_submissions#${locked.id}` };
      return { id: locked.id, outcome: await handleLockedSubmission(trx, locked, context) };
    });
  } catch (error) {
    const row = locked as PendingSubmission | null;
    if (!row || isUnreachable(error)) throw error;
    return { id: row.id, outcome: await countFailedAttempt(db, row, options.context, error) };
  }
}

async function countFailedAttempt(
  db: Knex,
  row: PendingSubmission,
  context: SubmissionContext | undefined,
  error: unknown,
): Promise<IntakeOutcome> {
  const message = error instanceof Error ? error.message : String(error);
  const attempts = await recordSubmissionFailure(db, row.id, message);
  if (attempts < MAX_REGISTRATION_ATTEMPTS) return { kind: 'retry_later', externalId: row.submissionId, error: message };
  return db.transaction(async (trx) => {
    const again = await lockPendingSubmission(trx, { id: row.id, skipIds: [] });
    if (!again) return { kind: 'busy', externalId: row.submissionId } satisfies IntakeOutcome;
    return refuseSubmission(trx, again, context ?? { origin: `portal_submissions#${row.id}` }, {
      reason: 'registration_failed',
      detail: `Registration failed ${attempts} times; last error: ${message}`,
    });
  });
}

export interface DrainSummary {
  registered: number;
  alreadyRegistered: number;
  quarantined: number;
  retryLater: number;
}

export function emptySummary(): DrainSummary {
  return { registered: 0, alreadyRegistered: 0, quarantined: 0, retryLater: 0 };
}

/** Registers every pending submission of the queue (the portal's table), one row at a time. */
export async function drainPortalQueue(db: Knex, options: { limit?: number } = {}): Promise<DrainSummary> {
  const summary = emptySummary();
  const failed: number[] = [];
  for (let handled = 0; handled < (options.limit ?? Number.POSITIVE_INFINITY); handled++) {
    const next = await processSubmission(db, { skipIds: failed });
    if (!next) break;
    if (next.outcome.kind === 'registered') summary[next.outcome.alreadyRegistered ? 'alreadyRegistered' : 'registered'] += 1;
    else if (next.outcome.kind === 'quarantined') summary.quarantined += 1;
    else if (next.outcome.kind === 'retry_later') {
      summary.retryLater += 1;
      failed.push(next.id);
    }
  }
  return summary;
}

/** A .json file from the portal's intake folder: queued once by submission id, then registered. */
export async function importPortalFile(db: Knex, file: IncomingFile): Promise<IntakeOutcome> {
  const read = readPortalDocument(file.bytes);
  if (!read.ok) return quarantine(db, { ...read, source: 'portal', origin: file.origin, externalId: null, content: file.bytes });
  const submissionId = submissionIdOf(read.document);
  if (!submissionId) {
    const check = checkPortalSubmission(read.document);
    const refusal: IntakeRefusal = check.ok ? { reason: 'schema_violation', detail: 'submissionId: missing' } : check;
    return quarantine(db, { ...refusal, source: 'portal', origin: file.origin, externalId: null, content: file.bytes });
  }
  const queued = await enqueueSubmission(db, submissionId, JSON.stringify(read.document));
  if (queued.kind === 'known' && !queued.samePayload) {
    return quarantine(db, {
      source: 'portal',
      origin: file.origin,
      externalId: submissionId,
      reason: 'submission_id_reused',
      detail: `Submission ${submissionId} was already delivered with different content (queue row ${queued.id}, ${queued.status})`,
      content: file.bytes,
    });
  }
  if (queued.kind === 'known' && queued.status !== 'pending') return { kind: 'duplicate', externalId: submissionId };
  const processed = await processSubmission(db, { id: queued.id, context: { origin: file.origin, rawContent: file.bytes } });
  // Null: another importer holds (or has just finished) this very submission.
  return processed?.outcome ?? { kind: 'busy', externalId: submissionId };
}

// ---------------------------------------------------------------------------------------------
// PEC and e-mail

class AlreadyInInbox extends Error {}

async function storeArrival(db: Knex, file: IncomingFile, arrival: MailArrival): Promise<IntakeOutcome> {
  try {
    return await db.transaction(async (trx) => {
      const ente = await currentEnte(trx);
      if (!ente) throw new AppError('forbidden', 'The importing login is not staff of an ente', 'not_staff');
      const store = postgresFileStore(trx);
      const raw = await store.put({ enteId: ente.id, contentType: 'message/rfc822', content: file.bytes });
      const arrivalId = await insertArrival(trx, {
        source: arrival.source,
        externalId: arrival.externalId,
        origin: file.origin,
        receivedAt: arrival.receivedAt,
        senderAddress: arrival.senderAddress,
        senderName: arrival.senderName,
        recipients: arrival.recipients,
        subject: arrival.subject,
        bodyText: arrival.bodyText,
        certification: arrival.certification,
        rawSha256: raw.sha256,
      });
      if (arrivalId === null) throw new AlreadyInInbox();
      for (const [index, attachment] of arrival.attachments.entries()) {
        const stored = await store.put({
          enteId: ente.id,
          contentType: detectContentType(attachment.bytes).mimeType,
          content: attachment.bytes,
        });
        await insertArrivalAttachment(trx, {
          itemId: arrivalId,
          enteId: ente.id,
          position: index + 1,
          filename: attachment.filename,
          contentType: stored.contentType,
          size: stored.size,
          sha256: stored.sha256,
        });
      }
      return { kind: 'inbox', externalId: arrival.externalId, arrivalId } satisfies IntakeOutcome;
    });
  } catch (error) {
    if (error instanceof AlreadyInInbox) return { kind: 'duplicate', externalId: arrival.externalId };
    throw error;
  }
}

/** An .eml file from the PEC folder: into the inbox once per identificativo / Message-ID. */
export async function importMailFile(db: Knex, file: IncomingFile): Promise<IntakeOutcome> {
  const read = await readMailFile(file.bytes, file.modifiedAt);
  if (!read.ok) return quarantine(db, { ...read, source: 'pec', origin: file.origin, content: file.bytes });
  const refused = attachmentRefusal(read.arrival.attachments);
  if (refused)
    return quarantine(db, { ...refused, source: 'pec', origin: file.origin, externalId: read.arrival.externalId, content: file.bytes });
  return storeArrival(db, file, read.arrival);
}

// ---------------------------------------------------------------------------------------------
// The inbox: a clerk completes and registers an arrival, or discards it

export async function arrivalDetail(db: Knex, arrivalId: number): Promise<ArrivalDetail> {
  const arrival = await findArrival(db, arrivalId);
  if (!arrival) throw new AppError('not_found', 'No such arrival', 'arrival_not_found');
  const attachments = await listArrivalAttachments(db, arrivalId);
  const taxCodes = taxCodesInText(`${arrival.subject}\n${arrival.bodyText}`);
  const byAddress = await applicantsByAddress(db, [arrival.senderAddress]);
  const byTaxCode = await applicantsByTaxCode(db, taxCodes);
  const seen = new Set<string>();
  const applicantMatches = [...byAddress, ...byTaxCode].filter((match) => {
    const key = `${match.kind}:${match.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    ...arrivalRowOf(arrival),
    bodyText: arrival.bodyText,
    recipients: arrival.recipients,
    certification: arrival.certification,
    discardReason: arrival.discardReason,
    handledBy: arrival.handledBy,
    handledAt: arrival.handledAt,
    attachments,
    applicantMatches,
    taxCodesInText: taxCodes,
  };
}

export interface RegisterArrivalCommand {
  arrivalId: number;
  procedureCode: string;
  applicant: ApplicantInputParsed;
  subject: string;
  attachmentIds: number[];
}

export const MESSAGE_TEXT_FILENAME = 'testo-del-messaggio.txt';
export const ORIGINAL_MESSAGE_FILENAME = 'messaggio-originale.eml';

/**
 * Registers an arrival as the clerk completed it: the chosen attachments (the first is the
 * application), the message text, and the message as received when a case accepts it. The arrival
 * row is locked for the whole registration, so two clerks cannot register it twice, and it is marked
 * registered in the same transaction.
 */
export async function registerArrival(db: Knex, command: RegisterArrivalCommand): Promise<RegistrationOutcome> {
  return db.transaction(async (trx) => {
    const arrival = await findArrival(trx, command.arrivalId, { forUpdate: true });
    if (!arrival) throw new AppError('not_found', 'No such arrival', 'arrival_not_found');
    if (arrival.status === 'registered' && arrival.instanceId !== null && arrival.protocol) {
      return { instanceId: arrival.instanceId, protocol: arrival.protocol, alreadyRegistered: true };
    }
    if (arrival.status === 'discarded') throw new AppError('conflict', 'The arrival was discarded', 'arrival_discarded');
    const available = await listArrivalAttachments(trx, arrival.id);
    const store = postgresFileStore(trx);
    const chosen = [];
    for (const [index, attachmentId] of command.attachmentIds.entries()) {
      const attachment = available.find((candidate) => candidate.id === attachmentId);
      if (!attachment) {
        throw new AppError('validation', 'Attachment not in this arrival', 'attachment_not_in_arrival', [
          { path: `attachmentIds.${index}`, reason: 'attachment_not_in_arrival' },
        ]);
      }
      const bytes = await store.get(storageKeyOf(arrival.enteId, attachment.sha256));
      if (!bytes) throw new AppError('internal', `Bytes of attachment ${attachment.id} not readable`);
      chosen.push({
        filename: attachment.filename,
        bytes,
        title: attachment.filename,
        kind: index === 0 ? 'application' : 'attachment',
      } as const);
    }
    const text = arrival.bodyText.trim()
      ? [
          {
            filename: MESSAGE_TEXT_FILENAME,
            bytes: Buffer.from(`${arrival.bodyText}\n`, 'utf8'),
            title: 'Testo del messaggio',
            kind: chosen.length === 0 ? 'application' : 'attachment',
          } as const,
        ]
      : [];
    const raw = await store.get(storageKeyOf(arrival.enteId, arrival.rawSha256));
    const original =
      raw && checkUpload(caseAttachmentPolicy(), ORIGINAL_MESSAGE_FILENAME, raw).ok
        ? [
            {
              filename: ORIGINAL_MESSAGE_FILENAME,
              bytes: raw,
              title: arrival.source === 'pec' ? 'Messaggio PEC ricevuto' : 'Messaggio ricevuto',
              kind: 'attachment',
            } as const,
          ]
        : [];
    const result = await registerWithin(trx, {
      channel: 'pec',
      source: { kind: 'pec', externalId: arrival.externalId },
      procedureCode: command.procedureCode,
      applicant: command.applicant,
      subject: command.subject,
      receivedAt: arrival.receivedAt,
      attachments: [...chosen, ...text, ...original],
    });
    await markArrivalRegistered(trx, arrival.id, result);
    return { instanceId: result.instanceId, protocol: result.protocol, alreadyRegistered: result.alreadyRegistered };
  });
}

export async function discardArrival(db: Knex, arrivalId: number, reason: string): Promise<ArrivalRow> {
  return db.transaction(async (trx) => {
    const arrival = await findArrival(trx, arrivalId, { forUpdate: true });
    if (!arrival) throw new AppError('not_found', 'No such arrival', 'arrival_not_found');
    if (!(await markArrivalDiscarded(trx, arrivalId, reason)))
      throw new AppError('conflict', 'The arrival was already handled', 'arrival_handled');
    const discarded = await findArrival(trx, arrivalId);
    if (!discarded) throw new AppError('internal', 'Discarded arrival not visible');
    return arrivalRowOf(discarded);
  });
}

/** The bytes of an arrival's attachment, for the inbox preview. */
export async function arrivalAttachmentContent(db: Knex, attachmentId: number): Promise<AttachmentContent> {
  const attachment = await findArrivalAttachment(db, attachmentId);
  if (!attachment) throw new AppError('not_found', 'No such attachment', 'attachment_not_found');
  if (attachment.size > ARRIVAL_PREVIEW_MAX_BYTES) throw new AppError('validation', 'Too large to preview', 'preview_too_large');
  const bytes = await postgresFileStore(db).get(storageKeyOf(attachment.enteId, attachment.sha256));
  if (!bytes) throw new AppError('not_found', 'Attachment bytes not readable', 'attachment_not_found');
  return { filename: attachment.filename, contentType: attachment.contentType, base64: bytes.toString('base64') };
}

// ---------------------------------------------------------------------------------------------
// Quarantine review

/**
 * Closes a quarantine entry. "Discarded": nothing more comes of it. "Re-submitted": its content goes
 * through intake again now (after, say, the catalogue gained the missing procedure); the entry is
 * closed only if it gets through, otherwise it stays open with the new reason.
 */
export async function reviewQuarantineEntry(
  db: Knex,
  input: { entryId: number; resolution: QuarantineResolution; note: string },
): Promise<QuarantineRow> {
  const entry = await findQuarantine(db, input.entryId);
  if (!entry) throw new AppError('not_found', 'No such quarantine entry', 'quarantine_not_found');
  if (entry.resolution) throw new AppError('conflict', 'Already reviewed', 'quarantine_reviewed');
  if (input.resolution === 'resubmitted') {
    const outcome = await resubmit(db, entry);
    if (outcome.kind === 'quarantined' || outcome.kind === 'retry_later' || outcome.kind === 'busy') {
      throw new AppError(
        'conflict',
        `Still refused: ${outcome.kind === 'quarantined' ? outcome.reason : outcome.kind}`,
        'still_quarantined',
      );
    }
  }
  return db.transaction(async (trx) => {
    if (!(await resolveQuarantine(trx, entry.id, input.resolution, input.note)))
      throw new AppError('conflict', 'Already reviewed', 'quarantine_reviewed');
    const reviewed = await findQuarantine(trx, entry.id);
    if (!reviewed) throw new AppError('internal', 'Reviewed entry not visible');
    return quarantineRowOf(reviewed);
  });
}

async function resubmit(db: Knex, entry: QuarantineRecord): Promise<IntakeOutcome> {
  if (!entry.content) {
    throw new AppError(
      'validation',
      `The content was not kept (${entry.contentRef}): deliver the file again`,
      'quarantine_content_unavailable',
    );
  }
  const file: IncomingFile = { origin: entry.origin, bytes: entry.content, modifiedAt: new Date(entry.firstSeenAt) };
  if (entry.portalSubmissionId !== null) {
    await db.transaction((trx) => reopenSubmission(trx, entry.portalSubmissionId!));
    const processed = await processSubmission(db, {
      id: entry.portalSubmissionId,
      context: { origin: entry.origin, rawContent: entry.content },
    });
    return processed?.outcome ?? { kind: 'busy', externalId: entry.externalId ?? '' };
  }
  return entry.source === 'portal' ? importPortalFile(db, file) : importMailFile(db, file);
}

// ---------------------------------------------------------------------------------------------
// The desk

export interface DeskCommand {
  procedureCode: string;
  applicant: ApplicantInputParsed;
  subject: string;
  attachments: Array<{ filename: string; title: string; kind: 'application' | 'attachment'; bytes: Buffer }>;
}

/** Paper brought to the desk: registered at once, received now, with the scans as attachments. */
export async function registerDesk(db: Knex, command: DeskCommand, now: Date = new Date()): Promise<RegistrationOutcome> {
  const result = await registerInstance(db, {
    channel: 'desk',
    source: { kind: 'desk', externalId: null },
    procedureCode: command.procedureCode,
    applicant: command.applicant,
    subject: command.subject,
    receivedAt: now.toISOString(),
    attachments: command.attachments,
  });
  return { instanceId: result.instanceId, protocol: result.protocol, alreadyRegistered: result.alreadyRegistered };
}
