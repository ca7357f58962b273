/**
 * Outgoing registrations (DPR 445/2000 art. 53: every document sent is registered): a communication
 * to the applicant of an instance (integration request, preavviso di rigetto, decision) or to
 * another party, in the register of the instance, classified and filed in the instance's fascicolo.
 * The communications code calls it inside its own transaction, so the message and its registration
 * are written together or not at all.
 */
import type { Knex } from 'knex';
import { AppError } from '../api/appError';

export interface OutgoingDocument {
  /** The case document sent (null for a body generated on the fly and not kept as a document). */
  documentId: number | null;
  filename: string;
  contentType: string;
  size: number;
  /** SHA-256 of the bytes sent, fixed by the registration (art. 53). */
  sha256: string;
}

export interface OutgoingRegistration {
  instanceId: number;
  /** `applicant`: the instance's applicant (the entry is then linked to their dossier). */
  recipient: { kind: 'applicant' | 'other'; name: string; taxCode?: string | null; address?: string | null };
  subject: string;
  /** `desk`: handed to the person at the counter (a certificate). */
  channel: 'pec' | 'email' | 'post' | 'desk';
  /** The message's own identifier (e.g. the outbox message id): at most one registration per register and channel. */
  externalRef?: string | null;
  documents: OutgoingDocument[];
}

export interface RegisteredOutgoing {
  entryId: number;
  year: number;
  number: number;
  registeredAt: string;
  segnatura: string;
}

interface InstanceRow {
  ente_id: number;
  protocol_register_id: number;
  office_id: number;
  classification_id: number | null;
  fascicolo_id: string | number | null;
  applicant_person_id: string | number | null;
  applicant_business_id: string | number | null;
}

/**
 * Registers an outgoing communication of an instance as the signed-in staff member (row-level
 * security applies: the instance must be visible). The register's counter stays locked until the
 * caller's transaction ends: keep what follows short.
 */
export async function registerOutgoing(trx: Knex.Transaction, registration: OutgoingRegistration): Promise<RegisteredOutgoing> {
  const name = registration.recipient.name.trim();
  const subject = registration.subject.trim();
  if (name.length === 0) throw new AppError('validation', 'Recipient required', 'recipient_required');
  if (subject.length < 5) throw new AppError('validation', 'Subject too short', 'subject_too_short');
  const badHash = registration.documents.find((doc) => !/^[0-9a-f]{64}$/.test(doc.sha256));
  if (badHash) throw new AppError('validation', `Invalid SHA-256 for ${badHash.filename}`, 'invalid_sha256');

  const instance = (await trx('scrivania.instances as i')
    .join('scrivania.procedure_types as p', 'p.id', 'i.procedure_type_id')
    .where('i.id', registration.instanceId)
    .first(
      'i.ente_id',
      'i.protocol_register_id',
      'i.office_id',
      trx.raw('coalesce(i.classification_id, p.classification_id) AS classification_id'),
      'i.fascicolo_id',
      'i.applicant_person_id',
      'i.applicant_business_id',
    )) as InstanceRow | undefined;
  if (!instance) throw new AppError('not_found', `Instance ${registration.instanceId} not found`, 'instance_not_found');
  if (instance.classification_id === null) throw new AppError('validation', 'The instance has no classification', 'classification_missing');

  const toApplicant = registration.recipient.kind === 'applicant';
  const [entry] = (await trx('scrivania.protocol_entries')
    .insert({
      ente_id: instance.ente_id,
      register_id: instance.protocol_register_id,
      // Number, year, date and segnatura are assigned by the database (trigger protocol_entries_number).
      year: 0,
      number: 1,
      registered_at: trx.fn.now(),
      segnatura: '',
      direction: 'outgoing',
      channel: registration.channel,
      correspondent_name: name,
      correspondent_tax_code: registration.recipient.taxCode ?? null,
      correspondent_address: registration.recipient.address ?? null,
      person_id: toApplicant ? instance.applicant_person_id : null,
      business_id: toApplicant ? instance.applicant_business_id : null,
      subject,
      external_ref: registration.externalRef ?? null,
      classification_id: instance.classification_id,
      fascicolo_id: instance.fascicolo_id,
      office_id: instance.office_id,
      instance_id: registration.instanceId,
    })
    .returning(['id', 'year', 'number', 'registered_at', 'segnatura'])) as Array<{
    id: string | number;
    year: number;
    number: number;
    registered_at: Date;
    segnatura: string;
  }>;
  if (!entry) throw new AppError('internal', 'Outgoing registration not written');

  await attachOutgoingDocuments(trx, Number(entry.id), registration.documents);
  return {
    entryId: Number(entry.id),
    year: entry.year,
    number: entry.number,
    registeredAt: entry.registered_at.toISOString(),
    segnatura: entry.segnatura,
  };
}

/**
 * Registers the documents of an outgoing registration made earlier in the same transaction (the
 * database refuses any later), from position `firstPosition`: for a document that prints its own
 * protocol number, registered first and rendered after.
 */
export async function attachOutgoingDocuments(trx: Knex.Transaction, entryId: number, documents: OutgoingDocument[], firstPosition = 1): Promise<void> {
  if (documents.length === 0) return;
  const badHash = documents.find((doc) => !/^[0-9a-f]{64}$/.test(doc.sha256));
  if (badHash) throw new AppError('validation', `Invalid SHA-256 for ${badHash.filename}`, 'invalid_sha256');
  await trx('scrivania.protocol_entry_documents').insert(
    documents.map((doc, index) => ({
      entry_id: entryId,
      position: firstPosition + index,
      document_id: doc.documentId,
      filename: doc.filename,
      content_type: doc.contentType,
      size: doc.size,
      sha256: doc.sha256,
    })),
  );
}
