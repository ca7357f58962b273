/**
 * Writing the archive: a dossier with its subjects, addresses and parcels, and a scan into a
 * dossier. Runs in the caller's transaction (an import line is one transaction: its dossier, its
 * file and the line's outcome are written together or not at all).
 */
import type { Knex } from 'knex';
import type { AgidDossierKind, ArchiveDocumentKind, PracticeOutcome, PracticeType, StreetType } from '../../shared/domain/archive';
import { parseArchiveQuery, streetNameFromWords, type ParcelRef } from '../../shared/domain/archiveQuery';
import { postgresFileStore, type FileStore } from '../documents/fileStore';
import type { ManifestSubject } from './manifest';
import {
  findOrAddStreet,
  insertAddresses,
  insertArchiveDocument,
  insertDossiers,
  insertParcels,
  insertSubjects,
  nextDocumentSequence,
  partiesByTaxCode,
} from './queries';

export interface DossierRecord {
  enteId: number;
  ipaCode: string;
  seriesId: number;
  seriesCode: string;
  year: number;
  number: string;
  practiceType: PracticeType;
  subject: string;
  outcome: PracticeOutcome;
  openedOn: string | null;
  decidedOn: string | null;
  closedOn: string | null;
  oldReferences: string[];
  boxId: number | null;
  reserved: boolean;
  agidKind?: AgidDossierKind;
  classification: string | null;
  notes: string | null;
  subjects: ManifestSubject[];
  /** As written on the practice: 'Via Vittorio Emanuele III 12'. */
  addresses: string[];
  parcels: Array<ParcelRef & { foglio: number; particella: string }>;
}

/**
 * AgID IdAgg of an archive dossier: unique and stable, readable by a person:
 * `<IPA code of the ente>-ARCH-<series>-<year>-<number>`.
 */
export function agidIdentifier(ipaCode: string, seriesCode: string, year: number, number: string): string {
  return `${ipaCode}-ARCH-${seriesCode}-${year}-${number}`;
}

export interface WrittenAddress {
  streetType: StreetType;
  name: string;
  civic: string | null;
}

/** Street type, name and house number of an address as written ('Via Roma 12'); null when it is not one. */
export function readWrittenAddress(written: string): WrittenAddress | null {
  const [address] = parseArchiveQuery(written).addresses;
  if (!address?.streetType || address.nameWords.length === 0) return null;
  return { streetType: address.streetType, name: streetNameFromWords(address.nameWords), civic: address.civic };
}

/** Creates a dossier with what it holds; returns its id. */
export async function createDossier(trx: Knex.Transaction, record: DossierRecord): Promise<number> {
  const [dossierId] = await insertDossiers(trx, [
    {
      series_id: record.seriesId,
      ente_id: record.enteId,
      year: record.year,
      number: record.number,
      practice_type: record.practiceType,
      subject: record.subject,
      outcome: record.outcome,
      opened_on: record.openedOn,
      decided_on: record.decidedOn,
      closed_on: record.closedOn,
      old_references: record.oldReferences,
      box_id: record.boxId,
      reserved: record.reserved,
      agid_identifier: agidIdentifier(record.ipaCode, record.seriesCode, record.year, record.number),
      agid_kind: record.agidKind ?? 'procedimento_amministrativo',
      classification: record.classification,
      notes: record.notes,
    },
  ]);
  const id = dossierId!;

  const parties = await partiesByTaxCode(
    trx,
    record.enteId,
    record.subjects.flatMap((subject) => (subject.taxCode ? [subject.taxCode] : [])),
  );
  await insertSubjects(
    trx,
    record.subjects.map((subject) => {
      const party = subject.taxCode ? parties.get(subject.taxCode) : undefined;
      return {
        dossier_id: id,
        role: subject.role,
        name: subject.name,
        tax_code: subject.taxCode,
        person_id: party?.personId ?? null,
        business_id: party?.businessId ?? null,
      };
    }),
  );

  const addresses = [];
  for (const written of record.addresses) {
    const address = readWrittenAddress(written);
    if (!address) continue;
    const streetId = await findOrAddStreet(trx, {
      enteId: record.enteId,
      streetType: address.streetType,
      name: address.name,
      verified: false,
    });
    addresses.push({ dossier_id: id, street_id: streetId, written_as: written, civic: address.civic });
  }
  await insertAddresses(trx, addresses);

  await insertParcels(
    trx,
    record.parcels.map((parcel) => ({
      dossier_id: id,
      sezione: parcel.sezione,
      foglio: parcel.foglio,
      particella: parcel.particella,
      subalterno: parcel.subalterno,
    })),
  );
  return id;
}

export interface ScanRecord {
  dossierId: number;
  enteId: number;
  title: string;
  kind: ArchiveDocumentKind;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
  pageCount: number;
  ocrText: string | null;
  ocrSource: 'text_layer' | 'sidecar' | null;
  importBatchId: number | null;
}

/** Stores a scan's bytes (content-addressed) and adds it to its dossier, last; returns the document id. */
export async function archiveScan(trx: Knex.Transaction, scan: ScanRecord, fileStore: FileStore = postgresFileStore(trx)): Promise<number> {
  const stored = await fileStore.put({ enteId: scan.enteId, contentType: scan.contentType, content: scan.bytes });
  return insertArchiveDocument(trx, {
    dossier_id: scan.dossierId,
    sequence: await nextDocumentSequence(trx, scan.dossierId),
    title: scan.title,
    kind: scan.kind,
    sha256: stored.sha256,
    filename: scan.filename,
    page_count: scan.pageCount,
    ocr_text: scan.ocrText,
    ocr_source: scan.ocrText === null ? null : scan.ocrSource,
    import_batch_id: scan.importBatchId,
  });
}
