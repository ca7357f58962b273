import type { Knex } from 'knex';
import { z } from 'zod';
import { todayInRome } from '../../shared/domain/calendar';
import { computeProcedureClock, type ClockRule } from '../../shared/domain/procedureClock';
import { AppError } from '../api/appError';
import { checkUpload } from '../documents/contentType';
import { postgresFileStore } from '../documents/fileStore';
import { caseAttachmentPolicy } from '../documents/settings';
import { resolveApplicant, type ApplicantInput } from '../people/applicants';

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

async function findRegistration(trx: Knex.Transaction, instanceId: number): Promise<RegistrationResult> {
  const row = (await trx('scrivania.protocol_entries as e')
    .leftJoin('scrivania.fascicoli as f', 'f.id', 'e.fascicolo_id')
    .where('e.instance_id', instanceId)
    .orderBy('e.id')
    .first('e.year', 'e.number', 'e.registered_at', 'e.segnatura', 'f.identifier as fascicolo')) as
    { year: number; number: number; registered_at: Date; segnatura: string; fascicolo: string | null } | undefined;
  if (!row) throw new AppError('conflict', 'Already registered by an office you cannot see', 'already_registered');
  return {
    instanceId,
    protocol: { year: row.year, number: row.number, registeredAt: row.registered_at.toISOString(), segnatura: row.segnatura },
    fascicolo: row.fascicolo ?? '',
    alreadyRegistered: true,
  };
}

/**
 * Registers an incoming instance: protocol number, fascicolo, case, documents with their SHA-256,
 * and the first history entry, in one transaction under the caller's own role (row-level
 * security applies). A submission with a sender's id is registered once per ente: retries,
 * replays and concurrent importers get the first registration back with `alreadyRegistered`.
 *
 * The register's counter is locked from the numbering insert until the commit, so everything
 * that can be done before it (the key, the applicant, the bytes) is done first.
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
  const context = await loadContext(db, input.procedureCode);
  const today = todayInRome();
  const clock = computeProcedureClock({
    legalTermDays: context.legal_term_days,
    clockRule: context.clock_rule,
    suspensionAllowed: context.suspension_allowed,
    receivedOn: todayInRome(receivedAt),
    ...(context.patron_day ? { patronDay: context.patron_day } : {}),
    events: [],
    today,
  });

  // Called inside the caller's transaction (a savepoint), the caller owns the commit and its durability.
  const ownsCommit = db.isTransaction !== true;
  const registration = await db.transaction(async (trx) => {
    // Commit without waiting for the disk: the counter is unlocked at commit (see awaitDurable).
    const asynchronousCommit = ownsCommit ? `, set_config('synchronous_commit', 'off', true)` : '';
    const [{ id: instanceId }] = (await trx.raw(`SELECT nextval('scrivania.instances_id_seq')::bigint AS id${asynchronousCommit}`))
      .rows as [{ id: number }];
    if (input.source.externalId !== null) {
      const claimed = await trx.raw<{ rows: unknown[] }>(
        `INSERT INTO scrivania.registration_keys (ente_id, source, external_id, instance_id) VALUES (?, ?, ?, ?)
         ON CONFLICT DO NOTHING RETURNING instance_id`,
        [context.ente_id, input.source.kind, input.source.externalId, instanceId],
      );
      if (claimed.rows.length === 0) {
        const key = (await trx('scrivania.registration_keys')
          .where({ ente_id: context.ente_id, source: input.source.kind, external_id: input.source.externalId })
          .first('instance_id')) as { instance_id: number };
        return findRegistration(trx, Number(key.instance_id));
      }
    }

    const applicant = await resolveApplicant(trx, context.ente_id, input.applicant as ApplicantInput);
    const fileStore = postgresFileStore(trx);
    const documents = [];
    for (const attachment of attachments) {
      const stored = await fileStore.put({ enteId: context.ente_id, contentType: attachment.contentType, content: attachment.bytes });
      documents.push({
        title: attachment.title,
        kind: attachment.kind,
        filename: attachment.filename,
        sha256: stored.sha256,
        size: stored.size,
        contentType: stored.contentType,
        nameCheck: attachment.nameCheck,
      });
    }

    const correspondentAddress = input.applicant.pec ?? input.applicant.email ?? applicant.address ?? null;
    const result = await trx.raw<{
      rows: [{ r: { year: number; number: number; registeredAt: string; segnatura: string; fascicolo: string } }];
    }>('SELECT scrivania.register_instance(?::jsonb) AS r', [
      JSON.stringify({
        enteId: context.ente_id,
        registerId: context.register_id,
        classificationId: context.classification_id,
        officeId: context.office_id,
        procedureTypeId: context.procedure_type_id,
        instanceId,
        personId: applicant.personId,
        businessId: applicant.businessId,
        correspondentName: applicant.name,
        correspondentTaxCode: applicant.taxCode,
        correspondentAddress,
        subject: input.subject,
        channel: input.channel,
        entryChannel: input.channel,
        externalRef: input.source.externalId,
        receivedAt: receivedAt.toISOString(),
        dueDate: clock.dueDate,
        tacitApprovalOn: clock.tacitApprovalOn,
        documents,
      }),
    ]);
    const registered = result.rows[0].r;
    return {
      instanceId: Number(instanceId),
      protocol: {
        year: registered.year,
        number: registered.number,
        registeredAt: new Date(registered.registeredAt).toISOString(),
        segnatura: registered.segnatura,
      },
      fascicolo: registered.fascicolo,
      alreadyRegistered: false,
    };
  });
  // Nobody is told about a registration (nor about a duplicate's first one) before it is on disk.
  if (ownsCommit) await awaitDurable(db);
  return registration;
}

/**
 * Waits until every transaction committed so far is on disk (scrivania.await_durable). A
 * registration commits with synchronous_commit off so that the register's counter is unlocked as
 * soon as the commit is recorded instead of after the disk flush, which would let only one
 * registration per flush through; this wait, outside the lock, restores durability before the
 * result is returned, and concurrent registrations share one flush.
 */
export async function awaitDurable(db: Knex): Promise<void> {
  await db.raw('SELECT scrivania.await_durable()');
}
