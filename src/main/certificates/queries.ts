/**
 * The certificates' SQL: types and exemptions, the register (issue, read, list, annul), the stored
 * PDFs, duplicates and verification. Every query runs under the caller's connection or
 * transaction, so row-level security decides what is seen and what may be written.
 */
import type { Knex } from 'knex';
import type {
  CertificateDetail,
  CertificateExemption,
  CertificateListQueryParsed,
  CertificateListRow,
  CertificateStatus,
  CertificateTypeInfo,
  PaymentMethod,
  SaveCertificateTypeValue,
} from '../../shared/api/certificates';
import type { StaffRole } from '../../shared/api/session';
import {
  isCertificateExpired,
  type CertificateData,
  type CertificateSource,
  type CertificateUseKind,
} from '../../shared/domain/certificates';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import {
  applyCombined,
  applyInstantCondition,
  applyRegisterNumberCondition,
  applyTextCondition,
  readGridBlock,
  romeDayStart,
  romeNextDayStart,
} from '../protocol/gridFilters';

type Db = Knex | Knex.Transaction;

// ---------------------------------------------------------------------------------------------
// Exemptions and types

interface ExemptionRow {
  code: string;
  label: string;
  norm: string;
}

export async function selectExemptions(db: Db): Promise<CertificateExemption[]> {
  return (await db('scrivania.certificate_exemptions')
    .where('active', true)
    .orderBy('position')
    .select('code', 'label', 'norm')) as ExemptionRow[];
}

interface TypeRow {
  id: number;
  code: string;
  name: string;
  source: CertificateSource;
  template: string;
  legal_references: string;
  bollo_applies: boolean;
  bollo_cents: number;
  /** The allowed exemptions from the catalogue, in the type's order. */
  exemptions: CertificateExemption[];
  fee_with_bollo_cents: number;
  fee_exempt_cents: number;
  validity_months: number | null;
  protocolled: boolean;
  office_id: number | null;
  classification_id: number | null;
  issuing_roles: StaffRole[];
  signatory_title: string;
  active: boolean;
  version: number;
  updated_at: Date;
}

/** A type with what issuing needs beyond the screen's view of it. */
export interface CertificateTypeRecord extends CertificateTypeInfo {
  officeId: number | null;
  classificationId: number | null;
}

function toType(row: TypeRow): CertificateTypeRecord {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    source: row.source,
    template: row.template,
    legalReferences: row.legal_references,
    bolloApplies: row.bollo_applies,
    bolloCents: row.bollo_cents,
    exemptions: row.exemptions,
    feeWithBolloCents: row.fee_with_bollo_cents,
    feeExemptCents: row.fee_exempt_cents,
    validityMonths: row.validity_months,
    protocolled: row.protocolled,
    issuingRoles: row.issuing_roles,
    signatoryTitle: row.signatory_title,
    active: row.active,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
    officeId: row.office_id,
    classificationId: row.classification_id,
  };
}

/** Types with their exemptions in one query. */
function selectTypeRows(db: Db): Knex.QueryBuilder {
  return db('scrivania.certificate_types as t').select(
    't.*',
    db.raw(`coalesce((SELECT json_agg(json_build_object('code', e.code, 'label', e.label, 'norm', e.norm)
                                      ORDER BY array_position(t.exemption_codes, e.code))
                        FROM scrivania.certificate_exemptions e WHERE e.code = ANY (t.exemption_codes)), '[]') AS exemptions`),
  );
}

/** The types of the signed-in staff member's ente, by name. */
export async function selectTypes(db: Db, includeInactive: boolean): Promise<CertificateTypeRecord[]> {
  const q = selectTypeRows(db).orderBy('t.name');
  if (!includeInactive) q.where('t.active', true);
  return ((await q) as TypeRow[]).map(toType);
}

/**
 * One type by code. Not locked: the issuing insert checks in the database that the type is still at
 * the version the certificate was built from.
 */
export async function selectTypeByCode(db: Db, code: string): Promise<CertificateTypeRecord | null> {
  const row = (await selectTypeRows(db).where('t.code', code).first()) as TypeRow | undefined;
  return row ? toType(row) : null;
}

function typeColumns(input: SaveCertificateTypeValue): Record<string, unknown> {
  return {
    code: input.code,
    name: input.name,
    source: input.source,
    template: input.template,
    legal_references: input.legalReferences,
    bollo_applies: input.bolloApplies,
    bollo_cents: input.bolloCents,
    exemption_codes: input.exemptionCodes,
    fee_with_bollo_cents: input.feeWithBolloCents,
    fee_exempt_cents: input.feeExemptCents,
    validity_months: input.validityMonths,
    protocolled: input.protocolled,
    issuing_roles: input.issuingRoles,
    signatory_title: input.signatoryTitle,
    active: input.active,
  };
}

export async function insertType(trx: Knex.Transaction, enteId: number, input: SaveCertificateTypeValue): Promise<number> {
  const [row] = (await trx('scrivania.certificate_types')
    .insert({ ente_id: enteId, ...typeColumns(input) })
    .returning('id')) as Array<{ id: number }>;
  if (!row) throw new Error('certificate type not inserted');
  return row.id;
}

/** Updates the type if it is still at `expectedVersion`; false when someone saved it meanwhile (or it is not found). */
export async function updateType(
  trx: Knex.Transaction,
  id: number,
  expectedVersion: number,
  input: SaveCertificateTypeValue,
): Promise<boolean> {
  const updated = await trx('scrivania.certificate_types').where({ id, version: expectedVersion }).update(typeColumns(input));
  return updated === 1;
}

export async function selectTypeById(db: Db, id: number): Promise<CertificateTypeRecord | null> {
  const row = (await selectTypeRows(db).where('t.id', id).first()) as TypeRow | undefined;
  return row ? toType(row) : null;
}

export async function typeCodeTaken(db: Db, code: string, exceptId: number | null): Promise<boolean> {
  const q = db('scrivania.certificate_types').where('code', code).first('id');
  if (exceptId !== null) q.whereNot('id', exceptId);
  return (await q) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// The ente as certificates print it

export interface CertificateEnte {
  id: number;
  name: string;
  address: string;
  codiceFiscale: string;
  ipaCode: string;
  pec: string | null;
  place: string;
  verificationUrl: string;
  signatoryName: string | null;
}

export async function selectCertificateEnte(db: Db): Promise<CertificateEnte | null> {
  const row = (await db('scrivania.enti as e')
    .join('scrivania.certificate_settings as s', 's.ente_id', 'e.id')
    .where('e.id', db.raw('scrivania.current_ente_id()'))
    .first(
      'e.id',
      'e.name',
      'e.address',
      'e.codice_fiscale',
      'e.ipa_code',
      'e.pec',
      's.place',
      's.verification_url',
      's.signatory_name',
    )) as
    | {
        id: number;
        name: string;
        address: string;
        codice_fiscale: string;
        ipa_code: string;
        pec: string | null;
        place: string;
        verification_url: string;
        signatory_name: string | null;
      }
    | undefined;
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    codiceFiscale: row.codice_fiscale,
    ipaCode: row.ipa_code,
    pec: row.pec,
    place: row.place,
    verificationUrl: row.verification_url,
    signatoryName: row.signatory_name,
  };
}

export async function selectOfficeName(db: Db, officeId: number): Promise<string | null> {
  const row = (await db('scrivania.offices').where('id', officeId).first('name')) as { name: string } | undefined;
  return row?.name ?? null;
}

export interface HolderRow {
  id: number;
  codice_fiscale: string;
  last_name: string;
  first_name: string;
  sex: 'M' | 'F';
  birth_date: string;
  birth_place: string;
}

export async function selectHolder(db: Db, personId: number): Promise<HolderRow | null> {
  const row = (await db('scrivania.persons')
    .where('id', personId)
    .first('id', 'codice_fiscale', 'last_name', 'first_name', 'sex', 'birth_date', 'birth_place')) as HolderRow | undefined;
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// Issuing

export interface CertificateInsert {
  enteId: number;
  typeId: number;
  typeVersion: number;
  typeSnapshot: Record<string, unknown>;
  personId: number;
  holderName: string;
  holderTaxCode: string;
  data: CertificateData;
  useKind: CertificateUseKind;
  marcaSerial: string | null;
  iubd: string | null;
  exemptionCode: string | null;
  /** Set by the database from the catalogue; sent so the row's check holds. */
  exemptionNorm: string | null;
  bolloCents: number;
  bolloCollectedCents: number;
  feeCents: number;
  paymentMethod: PaymentMethod | null;
  paymentCents: number;
  pagopaReference: string | null;
  contentSha256: string;
  verificationCode: string;
  idempotencyKey: string;
  cduRequestId: number | null;
  protocolEntryId: number | null;
}

export interface IssuedNumber {
  id: number;
  year: number;
  number: number;
  issuedAt: Date;
  /** Null: unlimited validity. */
  validUntil: string | null;
}

/**
 * The first statement of an issuing transaction: the certificate a repeated idempotency key already
 * issued, if any; and the transaction will commit without waiting for the disk, so that the number's
 * lock is released as soon as the commit is recorded (a desk waits for another's PDF, not for its
 * flush). Durability is awaited when the certificate is read back (`selectCertificateDetail`).
 */
export async function beginIssue(trx: Knex.Transaction, idempotencyKey: string): Promise<number | null> {
  const result = (await trx.raw(
    `SELECT set_config('synchronous_commit', 'off', true) AS relaxed,
            (SELECT id FROM scrivania.certificates WHERE idempotency_key = ?) AS existing`,
    [idempotencyKey],
  )) as { rows: Array<{ existing: number | null }> };
  return result.rows[0]?.existing ?? null;
}

/** Inserts the certificate: the database takes its number under the counter's lock (one round trip). */
export async function insertCertificate(trx: Knex.Transaction, c: CertificateInsert): Promise<IssuedNumber> {
  const [row] = (await trx('scrivania.certificates')
    .insert({
      ente_id: c.enteId,
      // Number, year, date and validity are assigned by the database (trigger certificates_issue).
      year: 0,
      number: 1,
      issued_at: trx.fn.now(),
      valid_until: null,
      type_id: c.typeId,
      type_version: c.typeVersion,
      type_snapshot: JSON.stringify(c.typeSnapshot),
      person_id: c.personId,
      holder_name: c.holderName,
      holder_tax_code: c.holderTaxCode,
      data: JSON.stringify(c.data),
      use_kind: c.useKind,
      marca_serial: c.marcaSerial,
      iubd: c.iubd,
      exemption_code: c.exemptionCode,
      exemption_norm: c.exemptionNorm,
      bollo_cents: c.bolloCents,
      bollo_collected_cents: c.bolloCollectedCents,
      fee_cents: c.feeCents,
      payment_method: c.paymentMethod,
      payment_cents: c.paymentCents,
      pagopa_reference: c.pagopaReference,
      content_sha256: c.contentSha256,
      verification_code: c.verificationCode,
      idempotency_key: c.idempotencyKey,
      cdu_request_id: c.cduRequestId,
      protocol_entry_id: c.protocolEntryId,
    })
    .returning(['id', 'year', 'number', 'issued_at', 'valid_until'])) as Array<{
    id: number;
    year: number;
    number: number;
    issued_at: Date;
    valid_until: string | null;
  }>;
  if (!row) throw new Error('certificate not inserted');
  return { id: row.id, year: row.year, number: row.number, issuedAt: row.issued_at, validUntil: row.valid_until };
}

export async function insertPdf(
  trx: Knex.Transaction,
  enteId: number,
  certificateId: number,
  sha256: string,
  bytes: Buffer,
): Promise<void> {
  await trx('scrivania.certificate_pdfs').insert({ certificate_id: certificateId, ente_id: enteId, sha256, size: bytes.length, bytes });
}

/** The certificate an idempotency key already issued, if any (the whole ente's keys). */
export async function selectIdByKey(db: Db, idempotencyKey: string): Promise<number | null> {
  const row = (await db('scrivania.certificates').where('idempotency_key', idempotencyKey).first('id')) as { id: number } | undefined;
  return row?.id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Register

interface CertificateRow {
  id: number;
  year: number;
  number: number;
  issued_at: Date;
  valid_until: string | null;
  type_code: string;
  type_snapshot: { name: string };
  holder_name: string;
  holder_tax_code: string;
  use_kind: CertificateUseKind;
  exemption_code: string | null;
  bollo_cents: number;
  fee_cents: number;
  annulled_at: Date | null;
  verification_code: string;
  issued_by_name: string | null;
  protocol_year: number | null;
  protocol_number: number | null;
  duplicates: number;
  today: string;
}

function selectListRow(q: Knex.QueryBuilder, db: Db): Knex.QueryBuilder {
  return q
    .join('scrivania.certificate_types as t', 't.id', 'c.type_id')
    .leftJoin('scrivania.staff as ib', 'ib.id', 'c.issued_by')
    .leftJoin('scrivania.protocol_entries as pe', 'pe.id', 'c.protocol_entry_id')
    .select(
      'c.id',
      'c.year',
      'c.number',
      'c.issued_at',
      'c.valid_until',
      't.code as type_code',
      'c.type_snapshot',
      'c.holder_name',
      'c.holder_tax_code',
      'c.use_kind',
      'c.exemption_code',
      'c.bollo_cents',
      'c.fee_cents',
      'c.annulled_at',
      'c.verification_code',
      'ib.full_name as issued_by_name',
      'pe.year as protocol_year',
      'pe.number as protocol_number',
      db.raw('(SELECT count(*)::integer FROM scrivania.certificate_duplicates d WHERE d.certificate_id = c.id) AS duplicates'),
      db.raw(`(now() AT TIME ZONE 'Europe/Rome')::date::text AS today`),
    );
}

function statusOf(row: { annulled_at: Date | null; valid_until: string | null; today: string }): CertificateStatus {
  if (row.annulled_at !== null) return 'annulled';
  return isCertificateExpired(row.valid_until, row.today) ? 'expired' : 'valid';
}

function toListRow(row: CertificateRow): CertificateListRow {
  return {
    id: row.id,
    year: row.year,
    number: row.number,
    issuedAt: row.issued_at.toISOString(),
    typeCode: row.type_code,
    typeName: row.type_snapshot.name,
    holderName: row.holder_name,
    holderTaxCode: row.holder_tax_code,
    useKind: row.use_kind,
    exemptionCode: row.exemption_code,
    bolloCents: row.bollo_cents,
    feeCents: row.fee_cents,
    status: statusOf(row),
    validUntil: row.valid_until,
    verificationCode: row.verification_code,
    issuedByName: row.issued_by_name,
    protocolNumber:
      row.protocol_year !== null && row.protocol_number !== null ? formatProtocolNumber(row.protocol_year, row.protocol_number) : null,
    duplicates: row.duplicates,
  };
}

const SORT_KEYS: Record<CertificateListQueryParsed['sort'][number]['colId'], string[]> = {
  number: ['c.year', 'c.number'],
  issuedAt: ['c.issued_at'],
  holderName: ['c.holder_name'],
  typeName: ["c.type_snapshot->>'name'"],
};

/** One block of the register grid, newest first by default. */
export async function selectCertificatePage(
  db: Db,
  query: CertificateListQueryParsed,
): Promise<{ rows: CertificateListRow[]; total: number | null }> {
  const filtered = () => {
    const q = db('scrivania.certificates as c');
    const f = query.filters;
    if (f.number) applyCombined(q, f.number, (inner, c) => applyRegisterNumberCondition(inner, { number: 'c.number', year: 'c.year' }, c));
    if (f.holderName) applyCombined(q, f.holderName, (inner, c) => applyTextCondition(inner, 'c.holder_name', c));
    if (f.typeName) applyCombined(q, f.typeName, (inner, c) => applyTextCondition(inner, "(c.type_snapshot->>'name')", c));
    if (f.issuedAt) applyCombined(q, f.issuedAt, (inner, c) => applyInstantCondition(inner, 'c.issued_at', c));
    if (query.from) q.where('c.issued_at', '>=', romeDayStart(q, query.from));
    if (query.to) q.where('c.issued_at', '<', romeNextDayStart(q, query.to));
    if (query.personId !== null) q.where('c.person_id', query.personId);
    if (query.typeCodes.length > 0) q.whereIn('c.type_id', db('scrivania.certificate_types').whereIn('code', query.typeCodes).select('id'));
    if (query.statuses.length > 0 && query.statuses.length < 3) {
      const today = `(now() AT TIME ZONE 'Europe/Rome')::date`;
      q.where((inner) => {
        if (query.statuses.includes('annulled')) inner.orWhereNotNull('c.annulled_at');
        // Unlimited validity (null) never expires.
        if (query.statuses.includes('valid'))
          inner.orWhere((v) => v.whereNull('c.annulled_at').whereRaw(`(c.valid_until IS NULL OR c.valid_until >= ${today})`));
        if (query.statuses.includes('expired')) inner.orWhere((v) => v.whereNull('c.annulled_at').whereRaw(`c.valid_until < ${today}`));
      });
    }
    return q;
  };
  const { colId, sort } = query.sort[0] ?? { colId: 'number', sort: 'desc' };
  const page = selectListRow(filtered(), db);
  for (const column of SORT_KEYS[colId]) page.orderByRaw(`${column} ${sort}`);
  page.orderBy('c.id', sort);
  return readGridBlock(page, filtered, query, toListRow);
}

interface DetailRow extends CertificateRow {
  type_version: number;
  marca_serial: string | null;
  iubd: string | null;
  exemption_norm: string | null;
  exemption_label: string | null;
  payment_method: PaymentMethod | null;
  payment_cents: number;
  pagopa_reference: string | null;
  segnatura: string | null;
  cdu_request_id: number | null;
  pdf_sha256: string;
  annulled_by_name: string | null;
  annulment_reason: string | null;
  duplicate_prints: Array<{ at: string; byName: string | null }>;
}

/**
 * One certificate with everything the detail screen shows; null when not found or not visible.
 * `durable` also waits, in the same round trip, until every commit so far is on disk
 * (scrivania.await_durable: the statement's own commit flushes the WAL up to itself).
 */
export async function selectCertificateDetail(db: Db, id: number, options: { durable?: boolean } = {}): Promise<CertificateDetail | null> {
  const query = selectListRow(db('scrivania.certificates as c'), db);
  if (options.durable) query.select(db.raw('scrivania.await_durable() AS durable'));
  const row = (await query
    .join('scrivania.certificate_pdfs as p', 'p.certificate_id', 'c.id')
    .leftJoin('scrivania.certificate_exemptions as x', 'x.code', 'c.exemption_code')
    .leftJoin('scrivania.staff as ab', 'ab.id', 'c.annulled_by')
    .where('c.id', id)
    .first(
      'c.type_version',
      'c.marca_serial',
      'c.iubd',
      'c.exemption_norm',
      'x.label as exemption_label',
      'c.payment_method',
      'c.payment_cents',
      'c.pagopa_reference',
      'pe.segnatura',
      'c.cdu_request_id',
      'p.sha256 as pdf_sha256',
      'ab.full_name as annulled_by_name',
      'c.annulment_reason',
      db.raw(`coalesce((SELECT json_agg(json_build_object('at', to_char(d.printed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                                          'byName', s.full_name) ORDER BY d.id)
                          FROM scrivania.certificate_duplicates d LEFT JOIN scrivania.staff s ON s.id = d.printed_by
                         WHERE d.certificate_id = c.id), '[]') AS duplicate_prints`),
    )) as DetailRow | undefined;
  if (!row) return null;
  return {
    ...toListRow(row),
    typeVersion: row.type_version,
    marcaSerial: row.marca_serial,
    iubd: row.iubd,
    exemption:
      row.exemption_code !== null
        ? { code: row.exemption_code, label: row.exemption_label ?? row.exemption_code, norm: row.exemption_norm ?? '' }
        : null,
    payment:
      row.payment_method !== null
        ? { method: row.payment_method, amountCents: row.payment_cents, pagopaReference: row.pagopa_reference }
        : null,
    protocolSegnatura: row.segnatura,
    cduRequestId: row.cdu_request_id,
    pdfSha256: row.pdf_sha256.trim(),
    annulment:
      row.annulled_at !== null
        ? { at: row.annulled_at.toISOString(), byName: row.annulled_by_name, reason: row.annulment_reason ?? '' }
        : null,
    duplicatePrints: row.duplicate_prints,
  };
}

/** What a duplicate is rebuilt from: the certificate exactly as stored at issue. */
export interface StoredCertificate {
  id: number;
  enteId: number;
  year: number;
  number: number;
  issuedAt: Date;
  validUntil: string | null;
  /** An annulled certificate has no duplicate. */
  annulled: boolean;
  typeSnapshot: Record<string, unknown>;
  holderName: string;
  data: CertificateData;
  pdfSha256: string;
  pdf: Buffer;
}

export async function selectStoredCertificate(db: Db, id: number): Promise<StoredCertificate | null> {
  const row = (await db('scrivania.certificates as c')
    .join('scrivania.certificate_pdfs as p', 'p.certificate_id', 'c.id')
    .where('c.id', id)
    .first(
      'c.id',
      'c.ente_id',
      'c.year',
      'c.number',
      'c.issued_at',
      'c.valid_until',
      'c.annulled_at',
      'c.type_snapshot',
      'c.holder_name',
      'c.data',
      'p.sha256',
      'p.bytes',
    )) as
    | {
        id: number;
        ente_id: number;
        year: number;
        number: number;
        issued_at: Date;
        valid_until: string | null;
        annulled_at: Date | null;
        type_snapshot: Record<string, unknown>;
        holder_name: string;
        data: CertificateData;
        sha256: string;
        bytes: Buffer;
      }
    | undefined;
  if (!row) return null;
  return {
    id: row.id,
    enteId: row.ente_id,
    year: row.year,
    number: row.number,
    issuedAt: row.issued_at,
    validUntil: row.valid_until,
    annulled: row.annulled_at !== null,
    typeSnapshot: row.type_snapshot,
    holderName: row.holder_name,
    data: row.data,
    pdfSha256: row.sha256.trim(),
    pdf: row.bytes,
  };
}

export async function insertDuplicatePrint(trx: Knex.Transaction, certificateId: number, enteId: number): Promise<Date> {
  const [row] = (await trx('scrivania.certificate_duplicates')
    .insert({ certificate_id: certificateId, ente_id: enteId })
    .returning('printed_at')) as Array<{ printed_at: Date }>;
  if (!row) throw new Error('duplicate print not logged');
  return row.printed_at;
}

/** Locks the certificate for annulment; null when not visible. */
export async function lockCertificate(trx: Knex.Transaction, id: number): Promise<{ annulled: boolean } | null> {
  const row = (await trx('scrivania.certificates').where('id', id).forUpdate().first('annulled_at')) as
    { annulled_at: Date | null } | undefined;
  return row ? { annulled: row.annulled_at !== null } : null;
}

/** Writes the annulment of a certificate locked by `lockCertificate`; the database stamps who and when. */
export async function markAnnulled(trx: Knex.Transaction, id: number, reason: string): Promise<void> {
  await trx('scrivania.certificates').where('id', id).update({ annulled_at: trx.fn.now(), annulment_reason: reason });
}

// ---------------------------------------------------------------------------------------------
// Verification

export interface VerificationRow {
  status: 'valid' | 'annulled' | 'expired';
  ente_name: string;
  type_name: string;
  year: number;
  number: number;
  issued_at: Date;
  valid_until: string | null;
  holder_name: string;
  annulled_at: Date | null;
  annulment_reason: string | null;
  sha256: string;
  pdf: Buffer;
}

export async function verifyByCode(db: Db, code: string): Promise<VerificationRow | null> {
  const result = (await db.raw('SELECT * FROM scrivania.verify_certificate(?)', [code])) as { rows: VerificationRow[] };
  return result.rows[0] ?? null;
}
