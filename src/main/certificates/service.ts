/**
 * Certificates at the desk: quote, issue (one transaction: rules, data, fees and payment, the
 * number, the protocol registration, the PDF and its SHA-256), the register, duplicates, annulment
 * and verification. Idempotent by the client's key: a double click issues one certificate.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type {
  CertificateDetail,
  CertificateExemption,
  CertificateListPage,
  CertificateListQueryParsed,
  CertificatePdf,
  CertificateQuote,
  CertificateTypeInfo,
  CertificateUseValue,
  CertificateVerification,
  IssueCertificateInput,
  SaveCertificateTypeValue,
} from '../../shared/api/certificates';
import type { StaffRole } from '../../shared/api/session';
import { todayInRome } from '../../shared/domain/calendar';
import {
  certificateCharges,
  certificateValidUntil,
  formatEuroCents,
  generateVerificationCode,
  parseVerificationCode,
  renderTemplate,
  verificationAddress,
  type CertificateCharges,
} from '../../shared/domain/certificates';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import type { z } from 'zod';
import { AppError } from '../api/appError';
import { attachOutgoingDocuments, registerOutgoing, type RegisteredOutgoing } from '../protocol/outgoing';
import { formatInstantDay } from '../pdf/format';
import { renderCertificatePdf, type CertificatePrint } from './pdf';
import {
  insertCertificate,
  insertDuplicatePrint,
  insertPdf,
  insertType,
  beginIssue,
  lockCertificate,
  markAnnulled,
  selectCertificateDetail,
  selectCertificateEnte,
  selectCertificatePage,
  selectExemptions,
  selectHolder,
  selectIdByKey,
  selectOfficeName,
  selectStoredCertificate,
  selectTypeById,
  selectTypeByCode,
  selectTypes,
  typeCodeTaken,
  updateType,
  verifyByCode,
  type CertificateTypeRecord,
} from './queries';
import { registryName, sourceLoader } from './sources';

type Db = Knex | Knex.Transaction;
type IssueInput = z.output<typeof IssueCertificateInput>;

/** Who is issuing: their role decides which types, their name signs when the ente names nobody. */
export interface Issuer {
  role: StaffRole;
  fullName: string;
}

function refuse(code: 'validation' | 'forbidden' | 'not_found' | 'conflict', reason: string, message: string): AppError {
  return new AppError(code, message, `certificates.${reason}`);
}

function toInfo(type: CertificateTypeRecord): CertificateTypeInfo {
  const { officeId: _officeId, classificationId: _classificationId, ...info } = type;
  return info;
}

// ---------------------------------------------------------------------------------------------
// Types

export async function listTypes(db: Db, includeInactive: boolean): Promise<CertificateTypeInfo[]> {
  return (await selectTypes(db, includeInactive)).map(toInfo);
}

export function listExemptions(db: Db): Promise<CertificateExemption[]> {
  return selectExemptions(db);
}

/** Creates or edits a type (administrators; the database's policies insist). A stale edit is refused. */
export async function saveType(db: Knex, enteId: number, input: SaveCertificateTypeValue): Promise<CertificateTypeInfo> {
  return db.transaction(async (trx) => {
    if (await typeCodeTaken(trx, input.code, input.id)) throw refuse('conflict', 'type_code_taken', `Type code ${input.code} exists`);
    const known = new Set((await selectExemptions(trx)).map((e) => e.code));
    const unknown = input.exemptionCodes.find((code) => !known.has(code));
    if (unknown) throw refuse('validation', 'exemption_unknown', `Unknown exemption ${unknown}`);
    let id: number;
    if (input.id === null) {
      id = await insertType(trx, enteId, input);
    } else {
      const current = await selectTypeById(trx, input.id);
      if (!current) throw refuse('not_found', 'type_unknown', `Type ${input.id} not found`);
      if (current.source !== input.source) throw refuse('validation', 'type_source_fixed', 'A type keeps its data source');
      if (input.expectedVersion === null || !(await updateType(trx, input.id, input.expectedVersion, input))) {
        throw refuse('conflict', 'type_changed', `Type ${input.code} was changed meanwhile`);
      }
      id = input.id;
    }
    const saved = await selectTypeById(trx, id);
    if (!saved) throw new AppError('internal', 'Saved type not readable');
    return toInfo(saved);
  });
}

// ---------------------------------------------------------------------------------------------
// Quote and issue

async function activeType(db: Db, code: string): Promise<CertificateTypeRecord> {
  const type = await selectTypeByCode(db, code);
  if (!type) throw refuse('not_found', 'type_unknown', `Certificate type ${code} not found`);
  if (!type.active) throw refuse('validation', 'type_inactive', `Certificate type ${code} is not active`);
  return type;
}

function exemptionFor(type: CertificateTypeRecord, use: CertificateUseValue): CertificateExemption | null {
  if (use.kind !== 'exempt') return null;
  const exemption = type.exemptions.find((e) => e.code === use.exemptionCode);
  if (!exemption) throw refuse('validation', 'exemption_not_allowed', `Exemption ${use.exemptionCode} not allowed for ${type.code}`);
  return exemption;
}

function chargesFor(type: CertificateTypeRecord, use: CertificateUseValue): CertificateCharges {
  const charges = certificateCharges(type, use);
  if (!charges) throw refuse('validation', 'bollo_not_applicable', `${type.code} is exempt from bollo by law`);
  return charges;
}

export async function quote(db: Db, input: { typeCode: string; use: CertificateUseValue }): Promise<CertificateQuote> {
  const type = await activeType(db, input.typeCode);
  const exemption = exemptionFor(type, input.use);
  const charges = chargesFor(type, input.use);
  return {
    typeCode: type.code,
    typeVersion: type.version,
    ...charges,
    paymentRequired: charges.totalDueCents > 0,
    exemption,
    validUntil: certificateValidUntil(todayInRome(), type.validityMonths),
  };
}

function checkPayment(charges: CertificateCharges, payment: IssueInput['payment']): void {
  if (charges.totalDueCents > 0 && payment === null) throw refuse('validation', 'payment_required', 'Payment required');
  if (charges.totalDueCents === 0 && payment !== null) throw refuse('validation', 'payment_not_expected', 'Nothing to pay');
  if (payment?.method === 'pagopa' && !payment.pagopaReference)
    throw refuse('validation', 'pagopa_reference_required', 'pagoPA reference required');
}

const PAYMENT_WORDS = { cash: 'in contanti', card: 'con carta di pagamento', pagopa: 'tramite pagoPA' } as const;

function bolloLine(
  type: CertificateTypeRecord,
  use: CertificateUseValue,
  exemption: CertificateExemption | null,
  contentSha256: string,
): string {
  const amount = `€ ${formatEuroCents(type.bolloCents)}`;
  switch (use.kind) {
    case 'bollo_paper':
      return `Imposta di bollo di ${amount} assolta mediante contrassegno telematico n. ${use.marcaSerial}.`;
    case 'bollo_digital':
      return `Imposta di bollo di ${amount} assolta in modalità digitale (@e.bollo, pagoPA)${use.iubd ? `, IUBD ${use.iubd}` : ', riscossa allo sportello'}; impronta del documento (SHA-256): ${contentSha256}.`;
    case 'exempt':
      return `Esente dall’imposta di bollo ai sensi dell’${exemption?.norm ?? ''} (${exemption?.label ?? ''}).`;
  }
}

function feesLine(charges: CertificateCharges, payment: IssueInput['payment']): string {
  const fee = charges.feeCents > 0 ? `Diritti di segreteria: € ${formatEuroCents(charges.feeCents)}` : 'Diritti di segreteria: non dovuti';
  if (!payment) return `${fee}.`;
  const reference = payment.method === 'pagopa' && payment.pagopaReference ? ` (IUV ${payment.pagopaReference})` : '';
  return `${fee}. Totale riscosso € ${formatEuroCents(charges.totalDueCents)} ${PAYMENT_WORDS[payment.method]}${reference}.`;
}

function sha256(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function isIdempotencyConflict(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === 'certificates_ente_id_idempotency_key_key';
}

/**
 * Issues a certificate in one transaction. A repeated key returns the certificate the first request
 * issued; two requests with the same key at once issue one (the second waits for the first's number
 * lock and then finds the key taken: its own work, number included, is rolled back).
 */
export async function issueCertificate(db: Knex, issuer: Issuer, input: IssueInput): Promise<CertificateDetail> {
  let id: number;
  try {
    id = await db.transaction(async (trx) => {
      const existing = await beginIssue(trx, input.idempotencyKey);
      return existing ?? issueInTransaction(trx, issuer, input);
    });
  } catch (error) {
    if (!isIdempotencyConflict(error)) throw error;
    const first = await selectIdByKey(db, input.idempotencyKey);
    if (first === null) throw error;
    id = first;
  }
  // Nobody is told of a certificate before it is on disk.
  return readCertificate(db, id, { durable: true });
}

async function issueInTransaction(trx: Knex.Transaction, issuer: Issuer, input: IssueInput): Promise<number> {
  const type = await activeType(trx, input.typeCode);
  if (!type.issuingRoles.includes(issuer.role))
    throw refuse('forbidden', 'role_not_allowed', `Role ${issuer.role} may not issue ${type.code}`);
  const exemption = exemptionFor(type, input.use);
  const charges = chargesFor(type, input.use);
  checkPayment(charges, input.payment);
  if (type.source === 'cdu' && !input.cduRequestId) throw refuse('validation', 'cdu_request_required', 'A CDU answers a request');
  const [holder, ente] = await Promise.all([selectHolder(trx, input.personId), selectCertificateEnte(trx)]);
  if (!holder) throw refuse('not_found', 'person_unknown', `Person ${input.personId} not found`);
  if (!ente) throw new AppError('unavailable', 'Certificate settings missing for the ente', 'certificates.settings_missing');

  const issuedOn = todayInRome();
  const source = await sourceLoader(type.source)({ trx, holder, enteName: ente.name, issuedOn, cduRequestId: input.cduRequestId ?? null });
  const body = renderTemplate(type.template, source.fields);
  const holderName = registryName(holder.last_name, holder.first_name);
  const verificationCode = generateVerificationCode();
  const contentSha256 = sha256(
    JSON.stringify({
      verificationCode,
      type: type.code,
      version: type.version,
      holder: holder.codice_fiscale,
      body,
      table: source.table,
      ...(source.sections ? { sections: source.sections } : {}),
      use: input.use,
    }),
  );

  let protocol: RegisteredOutgoing | null = null;
  if (type.protocolled) {
    if (source.instanceId === null) throw refuse('validation', 'protocol_case_required', `${type.code} is registered in its case`);
    protocol = await registerOutgoing(trx, {
      instanceId: source.instanceId,
      recipient: { kind: 'applicant', name: holderName, taxCode: holder.codice_fiscale },
      subject: `${type.name} rilasciato a ${holderName}`,
      channel: 'desk',
      documents: [],
    });
  }

  const print: CertificatePrint = {
    ente: { name: ente.name, address: ente.address, codiceFiscale: ente.codiceFiscale, ipaCode: ente.ipaCode, pec: ente.pec },
    officeName: type.officeId !== null ? await selectOfficeName(trx, type.officeId) : null,
    title: type.name,
    legalReferences: type.legalReferences,
    body,
    table: source.table,
    ...(source.sections ? { sections: source.sections } : {}),
    bolloLine: bolloLine(type, input.use, exemption, contentSha256),
    feesLine: feesLine(charges, input.payment),
    place: ente.place,
    signatoryTitle: type.signatoryTitle,
    signatoryName: ente.signatoryName ?? issuer.fullName,
    verificationCode,
    verificationAddress: verificationAddress(ente.verificationUrl, verificationCode),
    protocolLine: protocol
      ? `Prot. n. ${formatProtocolNumber(protocol.year, protocol.number)} del ${formatInstantDay(protocol.registeredAt)}`
      : null,
  };

  const issued = await insertCertificate(trx, {
    enteId: ente.id,
    typeId: type.id,
    typeVersion: type.version,
    typeSnapshot: { ...toInfo(type), print },
    personId: holder.id,
    holderName,
    holderTaxCode: holder.codice_fiscale,
    data: { fields: source.fields, table: source.table, ...(source.sections ? { sections: source.sections } : {}) },
    useKind: input.use.kind,
    marcaSerial: input.use.kind === 'bollo_paper' ? input.use.marcaSerial : null,
    iubd: input.use.kind === 'bollo_digital' ? (input.use.iubd ?? null) : null,
    exemptionCode: exemption?.code ?? null,
    exemptionNorm: exemption?.norm ?? null,
    bolloCents: charges.bolloCents,
    bolloCollectedCents: charges.bolloCollectedCents,
    feeCents: charges.feeCents,
    paymentMethod: input.payment?.method ?? null,
    paymentCents: charges.totalDueCents,
    pagopaReference: input.payment?.pagopaReference ?? null,
    contentSha256,
    verificationCode,
    idempotencyKey: input.idempotencyKey,
    cduRequestId: input.cduRequestId ?? null,
    protocolEntryId: protocol?.entryId ?? null,
  });

  const pdf = await renderCertificatePdf(print, issued);
  const pdfSha256 = sha256(pdf);
  const filename = certificateFilename(type.code, issued.year, issued.number);
  await insertPdf(trx, ente.id, issued.id, pdfSha256, pdf);
  if (protocol) {
    await attachOutgoingDocuments(trx, protocol.entryId, [
      {
        documentId: null,
        filename,
        contentType: 'application/pdf',
        size: pdf.length,
        sha256: pdfSha256,
      },
    ]);
  }
  if (source.onIssued) {
    await source.onIssued({ certificateId: issued.id, year: issued.year, number: issued.number, filename, pdf });
  }
  return issued.id;
}

export function certificateFilename(typeCode: string, year: number, number: number, duplicate = false): string {
  return `certificato-${typeCode.toLowerCase()}-${year}-${String(number).padStart(6, '0')}${duplicate ? '-duplicato' : ''}.pdf`;
}

// ---------------------------------------------------------------------------------------------
// Register, PDFs, annulment

/** `durable`: once everything committed so far, this certificate included, is on disk. */
export async function readCertificate(db: Db, id: number, options: { durable?: boolean } = {}): Promise<CertificateDetail> {
  const detail = await selectCertificateDetail(db, id, options);
  if (!detail) throw refuse('not_found', 'certificate_unknown', `Certificate ${id} not found`);
  return detail;
}

export function listRegister(db: Db, query: CertificateListQueryParsed): Promise<CertificateListPage> {
  return selectCertificatePage(db, query);
}

/**
 * The original as stored at issue, or a duplicate marked as such (its printing is logged). An
 * annulled certificate has no value: its original stays readable, no duplicate is printed (the
 * database refuses to log one too).
 */
export async function certificatePdf(db: Knex, certificateId: number, duplicate: boolean): Promise<CertificatePdf> {
  return db.transaction(async (trx) => {
    const stored = await selectStoredCertificate(trx, certificateId);
    if (!stored) throw refuse('not_found', 'certificate_unknown', `Certificate ${certificateId} not found`);
    const typeCode = String(stored.typeSnapshot.code ?? 'certificato');
    if (duplicate && stored.annulled) {
      throw refuse('conflict', 'duplicate_of_annulled', `Certificate ${certificateId} is annulled: no duplicate`);
    }
    if (!duplicate) {
      return {
        certificateId,
        filename: certificateFilename(typeCode, stored.year, stored.number),
        duplicate: false,
        sha256: stored.pdfSha256,
        contentBase64: stored.pdf.toString('base64'),
      };
    }
    const printedAt = await insertDuplicatePrint(trx, certificateId, stored.enteId);
    const print = stored.typeSnapshot.print as CertificatePrint;
    const bytes = await renderCertificatePdf(print, stored, { printedAt });
    return {
      certificateId,
      filename: certificateFilename(typeCode, stored.year, stored.number, true),
      duplicate: true,
      sha256: sha256(bytes),
      contentBase64: bytes.toString('base64'),
    };
  });
}

/** Annulment is for managers and administrators (the database's guard insists). */
const ANNULLING_ROLES: readonly StaffRole[] = ['manager', 'admin'];

export async function annulCertificate(
  db: Knex,
  role: StaffRole,
  input: { certificateId: number; reason: string },
): Promise<CertificateDetail> {
  if (!ANNULLING_ROLES.includes(role)) throw refuse('forbidden', 'annulment_not_allowed', `Role ${role} may not annul certificates`);
  await db.transaction(async (trx) => {
    const current = await lockCertificate(trx, input.certificateId);
    if (!current) throw refuse('not_found', 'certificate_unknown', `Certificate ${input.certificateId} not found`);
    if (current.annulled) throw refuse('conflict', 'already_annulled', `Certificate ${input.certificateId} already annulled`);
    await markAnnulled(trx, input.certificateId, input.reason);
  });
  return readCertificate(db, input.certificateId);
}

// ---------------------------------------------------------------------------------------------
// Verification

/** What a printed copy's code says: valid, annulled, expired or unknown, with the original. */
export async function verifyCertificate(db: Db, text: string): Promise<CertificateVerification> {
  const parsed = parseVerificationCode(text);
  if (!parsed.ok) throw refuse('validation', parsed.reason, 'Not a verification code');
  const row = await verifyByCode(db, parsed.code);
  if (!row) return { outcome: 'unknown', code: parsed.code };
  return {
    outcome: row.status,
    code: parsed.code,
    enteName: row.ente_name,
    typeName: row.type_name,
    year: row.year,
    number: row.number,
    issuedAt: row.issued_at.toISOString(),
    validUntil: row.valid_until,
    holderName: row.holder_name,
    annulledAt: row.annulled_at?.toISOString() ?? null,
    annulmentReason: row.annulment_reason,
    sha256: row.sha256.trim(),
    contentBase64: row.pdf.toString('base64'),
  };
}
