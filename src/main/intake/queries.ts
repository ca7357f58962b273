/**
 * Intake SQL, and nothing else: the portal queue, the inbox of arrivals, the quarantine, and the
 * registry look-ups that prefill the inbox and desk forms. Row types (snake_case) become domain
 * types here. Every statement runs under the caller's role: row-level security keeps it to the ente.
 */
import type { Knex } from 'knex';
import type {
  ApplicantMatch,
  ArrivalAttachment,
  ArrivalRow,
  ArrivalSource,
  ArrivalStatus,
  IntakeCounts,
  PecCertification,
  ProcedureChoice,
  ProtocolStamp,
  QuarantineReason,
  QuarantineResolution,
  QuarantineRow,
  QuarantineSource,
} from '../../shared/api/intake';

type Db = Knex | Knex.Transaction;

// ---------------------------------------------------------------------------------------------
// The ente and its catalogue

export async function currentEnte(db: Db): Promise<{ id: number; istatCode: string } | null> {
  const row = (await db('scrivania.enti').where('id', db.raw('scrivania.current_ente_id()')).first('id', 'istat_code')) as
    { id: number; istat_code: string } | undefined;
  return row ? { id: row.id, istatCode: row.istat_code } : null;
}

export async function activeProcedureExists(db: Db, code: string): Promise<boolean> {
  const row = await db('scrivania.procedure_types').where({ code, active: true }).first(db.raw('1 AS found'));
  return row !== undefined;
}

export async function listProcedureChoices(db: Db): Promise<ProcedureChoice[]> {
  const rows = (await db('scrivania.procedure_types as p')
    .join('scrivania.offices as o', 'o.id', 'p.office_id')
    .where('p.active', true)
    .orderBy('p.name')
    .select('p.code', 'p.name', 'o.name as office_name', 'p.legal_term_days')) as {
    code: string;
    name: string;
    office_name: string;
    legal_term_days: number;
  }[];
  return rows.map((row) => ({ code: row.code, name: row.name, officeName: row.office_name, legalTermDays: row.legal_term_days }));
}

// ---------------------------------------------------------------------------------------------
// Portal submissions

export interface PendingSubmission {
  id: number;
  submissionId: string;
  payload: unknown;
  attempts: number;
}

export type EnqueueOutcome = { kind: 'new'; id: number } | { kind: 'known'; id: number; samePayload: boolean; status: string };

/** Queues a submission read from the intake folder, once per (ente, submission id). */
export async function enqueueSubmission(db: Db, submissionId: string, payloadJson: string): Promise<EnqueueOutcome> {
  const inserted = await db.raw<{ rows: { id: number }[] }>(
    `INSERT INTO scrivania.portal_submissions (ente_id, submission_id, payload)
     VALUES (scrivania.current_ente_id(), ?, ?::jsonb)
     ON CONFLICT (ente_id, submission_id) DO NOTHING
     RETURNING id`,
    [submissionId, payloadJson],
  );
  if (inserted.rows[0]) return { kind: 'new', id: inserted.rows[0].id };
  const existing = await db.raw<{ rows: { id: number; same: boolean; status: string }[] }>(
    `SELECT id, payload = ?::jsonb AS same, status FROM scrivania.portal_submissions
      WHERE ente_id = scrivania.current_ente_id() AND submission_id = ?`,
    [payloadJson, submissionId],
  );
  const row = existing.rows[0];
  if (!row) throw new Error(`Submission ${submissionId} neither inserted nor visible`);
  return { kind: 'known', id: row.id, samePayload: row.same, status: row.status };
}

/**
 * Locks the next pending submission (or the given one, if still pending) for this transaction.
 * Rows another importer holds are skipped, never waited for: each is handled by one importer.
 */
export async function lockPendingSubmission(
  trx: Knex.Transaction,
  options: { id?: number; skipIds: number[] },
): Promise<PendingSubmission | null> {
  const query = trx('scrivania.portal_submissions')
    .where('status', 'pending')
    .orderBy('id')
    .first('id', 'submission_id', 'payload', 'attempts')
    .forUpdate()
    .skipLocked();
  if (options.id !== undefined) query.where('id', options.id);
  if (options.skipIds.length > 0) query.whereNotIn('id', options.skipIds);
  const row = (await query) as { id: number; submission_id: string; payload: unknown; attempts: number } | undefined;
  return row ? { id: row.id, submissionId: row.submission_id, payload: row.payload, attempts: row.attempts } : null;
}

export async function markSubmissionRegistered(trx: Knex.Transaction, id: number, instanceId: number, segnatura: string): Promise<void> {
  await trx('scrivania.portal_submissions')
    .where('id', id)
    .update({
      status: 'registered',
      instance_id: instanceId,
      protocol_segnatura: segnatura,
      processed_at: trx.fn.now(),
      processed_by: trx.raw('session_user'),
      last_error: null,
    });
}

export async function markSubmissionQuarantined(trx: Knex.Transaction, id: number, quarantineId: number): Promise<void> {
  await trx('scrivania.portal_submissions')
    .where('id', id)
    .update({ status: 'quarantined', quarantine_id: quarantineId, processed_at: trx.fn.now(), processed_by: trx.raw('session_user') });
}

/** Counts a failed attempt that was not the submission's fault; returns the attempts so far. */
export async function recordSubmissionFailure(db: Db, id: number, message: string): Promise<number> {
  const rows = (await db('scrivania.portal_submissions')
    .where({ id, status: 'pending' })
    .update({ attempts: db.raw('attempts + 1'), last_error: message.slice(0, 2000) })
    .returning('attempts')) as { attempts: number }[];
  return rows[0]?.attempts ?? 0;
}

/** Puts a quarantined submission back in the queue (a clerk re-submits it). */
export async function reopenSubmission(trx: Knex.Transaction, id: number): Promise<boolean> {
  const updated = await trx('scrivania.portal_submissions')
    .where({ id, status: 'quarantined' })
    .update({ status: 'pending', quarantine_id: null, attempts: 0, last_error: null, processed_at: null, processed_by: null });
  return updated === 1;
}

// ---------------------------------------------------------------------------------------------
// Quarantine

export interface NewQuarantineEntry {
  source: QuarantineSource;
  origin: string;
  externalId: string | null;
  reason: QuarantineReason;
  detail: string;
  content: Buffer | null;
  contentRef: string | null;
  contentSize: number;
  contentSha256: string;
  portalSubmissionId: number | null;
}

/** Records a refusal; the same content refused again is the same open entry, seen once more. */
export async function upsertQuarantine(db: Db, entry: NewQuarantineEntry): Promise<{ id: number; seenCount: number }> {
  const result = await db.raw<{ rows: { id: number; seen_count: number }[] }>(
    `INSERT INTO scrivania.intake_quarantine AS q
       (source, origin, external_id, reason, detail, content, content_ref, content_size, content_sha256, portal_submission_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (ente_id, source, content_sha256) WHERE resolution IS NULL
     DO UPDATE SET last_seen_at = now(), seen_count = q.seen_count + 1, reason = EXCLUDED.reason, detail = EXCLUDED.detail,
                   origin = EXCLUDED.origin, external_id = coalesce(EXCLUDED.external_id, q.external_id),
                   portal_submission_id = coalesce(EXCLUDED.portal_submission_id, q.portal_submission_id)
     RETURNING id, seen_count`,
    [
      entry.source,
      entry.origin.slice(0, 500),
      entry.externalId?.slice(0, 500) ?? null,
      entry.reason,
      entry.detail.slice(0, 4000),
      entry.content,
      entry.contentRef,
      entry.contentSize,
      entry.contentSha256,
      entry.portalSubmissionId,
    ],
  );
  const row = result.rows[0]!;
  return { id: row.id, seenCount: row.seen_count };
}

interface QuarantineDbRow {
  id: number;
  source: QuarantineSource;
  origin: string;
  external_id: string | null;
  reason: QuarantineReason;
  detail: string;
  first_seen_at: Date;
  last_seen_at: Date;
  seen_count: number;
  content_size: number;
  content_sha256: string;
  reviewed_by_name: string | null;
  reviewed_at: Date | null;
  resolution: QuarantineResolution | null;
  resolution_note: string | null;
}

const QUARANTINE_COLUMNS = [
  'q.id',
  'q.source',
  'q.origin',
  'q.external_id',
  'q.reason',
  'q.detail',
  'q.first_seen_at',
  'q.last_seen_at',
  'q.seen_count',
  'q.content_size',
  'q.content_sha256',
  'q.reviewed_at',
  'q.resolution',
  'q.resolution_note',
];

function quarantineSelect(db: Db) {
  return db('scrivania.intake_quarantine as q')
    .leftJoin('scrivania.staff as r', 'r.username', 'q.reviewed_by')
    .select(...QUARANTINE_COLUMNS, db.raw('coalesce(r.full_name, q.reviewed_by) AS reviewed_by_name'));
}

function toQuarantineRow(row: QuarantineDbRow): QuarantineRow {
  return {
    id: row.id,
    source: row.source,
    origin: row.origin,
    externalId: row.external_id,
    reason: row.reason,
    detail: row.detail,
    firstSeenAt: row.first_seen_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    seenCount: row.seen_count,
    contentSize: Number(row.content_size),
    contentSha256: row.content_sha256,
    reviewedBy: row.reviewed_by_name,
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    resolution: row.resolution,
    resolutionNote: row.resolution_note,
  };
}

export function quarantineRowOf(record: QuarantineRow): QuarantineRow {
  return {
    id: record.id,
    source: record.source,
    origin: record.origin,
    externalId: record.externalId,
    reason: record.reason,
    detail: record.detail,
    firstSeenAt: record.firstSeenAt,
    lastSeenAt: record.lastSeenAt,
    seenCount: record.seenCount,
    contentSize: record.contentSize,
    contentSha256: record.contentSha256,
    reviewedBy: record.reviewedBy,
    reviewedAt: record.reviewedAt,
    resolution: record.resolution,
    resolutionNote: record.resolutionNote,
  };
}

export async function listQuarantine(db: Db, view: 'open' | 'reviewed'): Promise<QuarantineRow[]> {
  const query = quarantineSelect(db).limit(1000);
  if (view === 'open') query.whereNull('q.resolution').orderBy('q.last_seen_at', 'desc');
  else query.whereNotNull('q.resolution').orderBy('q.reviewed_at', 'desc');
  return ((await query) as QuarantineDbRow[]).map(toQuarantineRow);
}

export interface QuarantineRecord extends QuarantineRow {
  content: Buffer | null;
  contentRef: string | null;
  portalSubmissionId: number | null;
}

export async function findQuarantine(db: Db, id: number, options: { forUpdate?: boolean } = {}): Promise<QuarantineRecord | null> {
  const query = quarantineSelect(db).select('q.content', 'q.content_ref', 'q.portal_submission_id').where('q.id', id).first();
  if (options.forUpdate) query.forUpdate('q');
  const row = (await query) as
    (QuarantineDbRow & { content: Buffer | null; content_ref: string | null; portal_submission_id: number | null }) | undefined;
  return row
    ? { ...toQuarantineRow(row), content: row.content, contentRef: row.content_ref, portalSubmissionId: row.portal_submission_id }
    : null;
}

export async function resolveQuarantine(
  trx: Knex.Transaction,
  id: number,
  resolution: QuarantineResolution,
  note: string,
): Promise<boolean> {
  const updated = await trx('scrivania.intake_quarantine')
    .where('id', id)
    .whereNull('resolution')
    .update({ resolution, resolution_note: note, reviewed_at: trx.fn.now(), reviewed_by: trx.raw('session_user') });
  return updated === 1;
}

// ---------------------------------------------------------------------------------------------
// Arrivals (the inbox)

export interface NewArrival {
  source: ArrivalSource;
  externalId: string;
  origin: string;
  receivedAt: string;
  senderAddress: string;
  senderName: string | null;
  recipients: string[];
  subject: string;
  bodyText: string;
  certification: PecCertification | null;
  rawSha256: string;
}

/** Inserts an arrival unless one with the same external id is already in the inbox (null then). */
export async function insertArrival(trx: Knex.Transaction, arrival: NewArrival): Promise<number | null> {
  const result = await trx.raw<{ rows: { id: number }[] }>(
    `INSERT INTO scrivania.intake_items
       (source, external_id, origin, received_at, sender_address, sender_name, recipients, subject, body_text, certification, raw_sha256)
     VALUES (?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?::jsonb, ?)
     ON CONFLICT (ente_id, external_id) DO NOTHING
     RETURNING id`,
    [
      arrival.source,
      arrival.externalId,
      arrival.origin.slice(0, 500),
      arrival.receivedAt,
      arrival.senderAddress,
      arrival.senderName,
      arrival.recipients,
      arrival.subject,
      arrival.bodyText,
      arrival.certification ? JSON.stringify(arrival.certification) : null,
      arrival.rawSha256,
    ],
  );
  return result.rows[0]?.id ?? null;
}

export async function insertArrivalAttachment(
  trx: Knex.Transaction,
  attachment: { itemId: number; enteId: number; position: number; filename: string; contentType: string; size: number; sha256: string },
): Promise<void> {
  await trx('scrivania.intake_attachments').insert({
    item_id: attachment.itemId,
    ente_id: attachment.enteId,
    position: attachment.position,
    filename: attachment.filename,
    content_type: attachment.contentType,
    size: attachment.size,
    sha256: attachment.sha256,
  });
}

interface ArrivalDbRow {
  id: number;
  ente_id: number;
  source: ArrivalSource;
  external_id: string;
  received_at: Date;
  sender_address: string;
  sender_name: string | null;
  recipients: string[];
  subject: string;
  body_text: string;
  certification: PecCertification | null;
  raw_sha256: string;
  status: ArrivalStatus;
  instance_id: number | null;
  protocol_year: number | null;
  protocol_number: number | null;
  protocol_registered_at: Date | null;
  protocol_segnatura: string | null;
  discard_reason: string | null;
  handled_by_name: string | null;
  handled_at: Date | null;
  attachment_count: number;
}

function arrivalSelect(db: Db) {
  return db('scrivania.intake_items as i')
    .leftJoin('scrivania.staff as h', 'h.username', 'i.handled_by')
    .select(
      'i.*',
      db.raw('coalesce(h.full_name, i.handled_by) AS handled_by_name'),
      db.raw('(SELECT count(*) FROM scrivania.intake_attachments a WHERE a.item_id = i.id)::integer AS attachment_count'),
    );
}

function protocolOf(row: ArrivalDbRow): ProtocolStamp | null {
  if (
    row.protocol_segnatura === null ||
    row.protocol_year === null ||
    row.protocol_number === null ||
    row.protocol_registered_at === null
  ) {
    return null;
  }
  return {
    year: row.protocol_year,
    number: row.protocol_number,
    registeredAt: row.protocol_registered_at.toISOString(),
    segnatura: row.protocol_segnatura,
  };
}

/** The grid's columns of an arrival, whatever else the record carries. */
export function arrivalRowOf(record: ArrivalRow): ArrivalRow {
  return {
    id: record.id,
    source: record.source,
    externalId: record.externalId,
    receivedAt: record.receivedAt,
    senderAddress: record.senderAddress,
    senderName: record.senderName,
    subject: record.subject,
    attachmentCount: record.attachmentCount,
    status: record.status,
    instanceId: record.instanceId,
    protocol: record.protocol,
  };
}

function toArrivalRow(row: ArrivalDbRow): ArrivalRow {
  return {
    id: row.id,
    source: row.source,
    externalId: row.external_id,
    receivedAt: row.received_at.toISOString(),
    senderAddress: row.sender_address,
    senderName: row.sender_name,
    subject: row.subject,
    attachmentCount: row.attachment_count,
    status: row.status,
    instanceId: row.instance_id,
    protocol: protocolOf(row),
  };
}

export interface ArrivalRecord extends ArrivalRow {
  enteId: number;
  bodyText: string;
  recipients: string[];
  certification: PecCertification | null;
  rawSha256: string;
  discardReason: string | null;
  handledBy: string | null;
  handledAt: string | null;
}

function toArrivalRecord(row: ArrivalDbRow): ArrivalRecord {
  return {
    ...toArrivalRow(row),
    enteId: row.ente_id,
    bodyText: row.body_text,
    recipients: row.recipients,
    certification: row.certification,
    rawSha256: row.raw_sha256,
    discardReason: row.discard_reason,
    handledBy: row.handled_by_name,
    handledAt: row.handled_at?.toISOString() ?? null,
  };
}

export async function listArrivals(db: Db, status: ArrivalStatus): Promise<ArrivalRow[]> {
  const rows = (await arrivalSelect(db)
    .where('i.status', status)
    .orderBy('i.received_at', status === 'pending' ? 'asc' : 'desc')
    .limit(1000)) as ArrivalDbRow[];
  return rows.map(toArrivalRow);
}

export async function findArrival(db: Db, id: number, options: { forUpdate?: boolean } = {}): Promise<ArrivalRecord | null> {
  const query = arrivalSelect(db).where('i.id', id).first();
  if (options.forUpdate) query.forUpdate('i');
  const row = (await query) as ArrivalDbRow | undefined;
  return row ? toArrivalRecord(row) : null;
}

export async function listArrivalAttachments(db: Db, itemId: number): Promise<ArrivalAttachment[]> {
  const rows = (await db('scrivania.intake_attachments')
    .where('item_id', itemId)
    .orderBy('position')
    .select('id', 'filename', 'content_type', 'size', 'sha256')) as {
    id: number;
    filename: string;
    content_type: string;
    size: number;
    sha256: string;
  }[];
  return rows.map((row) => ({
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
  }));
}

export async function findArrivalAttachment(
  db: Db,
  attachmentId: number,
): Promise<(ArrivalAttachment & { enteId: number; itemId: number }) | null> {
  const row = (await db('scrivania.intake_attachments')
    .where('id', attachmentId)
    .first('id', 'item_id', 'ente_id', 'filename', 'content_type', 'size', 'sha256')) as
    { id: number; item_id: number; ente_id: number; filename: string; content_type: string; size: number; sha256: string } | undefined;
  return row
    ? {
        id: row.id,
        itemId: row.item_id,
        enteId: row.ente_id,
        filename: row.filename,
        contentType: row.content_type,
        size: Number(row.size),
        sha256: row.sha256,
      }
    : null;
}

export async function markArrivalRegistered(
  trx: Knex.Transaction,
  id: number,
  registration: { instanceId: number; protocol: ProtocolStamp },
): Promise<void> {
  await trx('scrivania.intake_items')
    .where({ id, status: 'pending' })
    .update({
      status: 'registered',
      instance_id: registration.instanceId,
      protocol_year: registration.protocol.year,
      protocol_number: registration.protocol.number,
      protocol_registered_at: registration.protocol.registeredAt,
      protocol_segnatura: registration.protocol.segnatura,
      handled_by: trx.raw('session_user'),
      handled_at: trx.fn.now(),
    });
}

export async function markArrivalDiscarded(trx: Knex.Transaction, id: number, reason: string): Promise<boolean> {
  const updated = await trx('scrivania.intake_items')
    .where({ id, status: 'pending' })
    .update({ status: 'discarded', discard_reason: reason, handled_by: trx.raw('session_user'), handled_at: trx.fn.now() });
  return updated === 1;
}

export async function intakeCounts(db: Db): Promise<IntakeCounts> {
  const result = await db.raw<{ rows: { arrivals: number; quarantine: number }[] }>(
    `SELECT (SELECT count(*) FROM scrivania.intake_items WHERE status = 'pending')::integer AS arrivals,
            (SELECT count(*) FROM scrivania.intake_quarantine WHERE resolution IS NULL)::integer AS quarantine`,
  );
  const row = result.rows[0]!;
  return { pendingArrivals: row.arrivals, openQuarantine: row.quarantine };
}

// ---------------------------------------------------------------------------------------------
// The registry, to prefill an applicant

interface PersonDbRow {
  id: number;
  codice_fiscale: string;
  last_name: string;
  first_name: string;
  birth_date: string;
  birth_place: string;
  sex: 'M' | 'F';
  email: string | null;
  pec: string | null;
  address: string | null;
  postal_code: string | null;
  city: string | null;
}

interface BusinessDbRow {
  id: number;
  partita_iva: string;
  codice_fiscale: string;
  name: string;
  email: string | null;
  pec: string | null;
  address: string | null;
  postal_code: string | null;
  city: string | null;
}

const PERSON_COLUMNS = [
  'id',
  'codice_fiscale',
  'last_name',
  'first_name',
  'birth_date',
  'birth_place',
  'sex',
  'email',
  'pec',
  'address',
  'postal_code',
  'city',
];
const BUSINESS_COLUMNS = ['id', 'partita_iva', 'codice_fiscale', 'name', 'email', 'pec', 'address', 'postal_code', 'city'];

function toPersonMatch(row: PersonDbRow): ApplicantMatch {
  return {
    kind: 'person',
    id: row.id,
    codiceFiscale: row.codice_fiscale,
    lastName: row.last_name,
    firstName: row.first_name,
    birthDate: row.birth_date,
    birthPlace: row.birth_place,
    sex: row.sex,
    email: row.email,
    pec: row.pec,
    address: row.address,
    postalCode: row.postal_code,
    city: row.city,
  };
}

function toBusinessMatch(row: BusinessDbRow): ApplicantMatch {
  return {
    kind: 'business',
    id: row.id,
    partitaIva: row.partita_iva,
    codiceFiscale: row.codice_fiscale,
    name: row.name,
    email: row.email,
    pec: row.pec,
    address: row.address,
    postalCode: row.postal_code,
    city: row.city,
  };
}

/** People and businesses whose e-mail or PEC address is one of `addresses`. */
export async function applicantsByAddress(db: Db, addresses: string[]): Promise<ApplicantMatch[]> {
  if (addresses.length === 0) return [];
  const lowered = addresses.map((address) => address.toLowerCase());
  const persons = (await db('scrivania.persons')
    .select(PERSON_COLUMNS)
    .where((q) => q.whereRaw('lower(email) = ANY (?)', [lowered]).orWhereRaw('lower(pec) = ANY (?)', [lowered]))
    .orderBy('last_name')
    .limit(10)) as PersonDbRow[];
  const businesses = (await db('scrivania.businesses')
    .select(BUSINESS_COLUMNS)
    .where((q) => q.whereRaw('lower(email) = ANY (?)', [lowered]).orWhereRaw('lower(pec) = ANY (?)', [lowered]))
    .orderBy('name')
    .limit(10)) as BusinessDbRow[];
  return [...persons.map(toPersonMatch), ...businesses.map(toBusinessMatch)];
}

/** People by codice fiscale and businesses by partita IVA or codice fiscale. */
export async function applicantsByTaxCode(db: Db, codes: string[]): Promise<ApplicantMatch[]> {
  if (codes.length === 0) return [];
  const persons = (await db('scrivania.persons').select(PERSON_COLUMNS).whereIn('codice_fiscale', codes)) as PersonDbRow[];
  const businesses = (await db('scrivania.businesses')
    .select(BUSINESS_COLUMNS)
    .where((q) => q.whereIn('partita_iva', codes).orWhereIn('codice_fiscale', codes))) as BusinessDbRow[];
  const rank = (code: string) => codes.indexOf(code);
  return [
    ...persons.map((row) => ({ rank: rank(row.codice_fiscale), match: toPersonMatch(row) })),
    ...businesses.map((row) => ({ rank: Math.max(rank(row.partita_iva), rank(row.codice_fiscale)), match: toBusinessMatch(row) })),
  ]
    .sort((a, b) => a.rank - b.rank)
    .map((entry) => entry.match);
}

/** The desk's look-up: a codice fiscale or partita IVA (or its start), else words of the name. */
export async function searchApplicants(db: Db, query: string): Promise<ApplicantMatch[]> {
  const text = query.trim();
  const code = text.toUpperCase().replace(/\s+/g, '');
  if (/^[A-Z0-9]{6,16}$/.test(code) && /\d/.test(code)) {
    const persons = (await db('scrivania.persons')
      .select(PERSON_COLUMNS)
      .where('codice_fiscale', 'like', `${code}%`)
      .orderBy('codice_fiscale')
      .limit(10)) as PersonDbRow[];
    const businesses = (await db('scrivania.businesses')
      .select(BUSINESS_COLUMNS)
      .where((q) => q.where('partita_iva', 'like', `${code}%`).orWhere('codice_fiscale', 'like', `${code}%`))
      .orderBy('partita_iva')
      .limit(10)) as BusinessDbRow[];
    return [...persons.map(toPersonMatch), ...businesses.map(toBusinessMatch)];
  }
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .slice(0, 4)
    .map((word) => `${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  const persons = (await db('scrivania.persons')
    .select(PERSON_COLUMNS)
    .where((q) => {
      for (const word of words)
        q.where((w) => w.whereRaw('lower(last_name) LIKE ?', [word]).orWhereRaw('lower(first_name) LIKE ?', [word]));
    })
    .orderByRaw('lower(last_name), lower(first_name)')
    .limit(15)) as PersonDbRow[];
  const businesses = (await db('scrivania.businesses')
    .select(BUSINESS_COLUMNS)
    .whereRaw('lower(name) LIKE ?', [`%${words.map((word) => word.slice(0, -1)).join('%')}%`])
    .orderByRaw('lower(name)')
    .limit(10)) as BusinessDbRow[];
  return [...persons.map(toPersonMatch), ...businesses.map(toBusinessMatch)];
}
