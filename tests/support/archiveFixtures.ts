/**
 * Archive fixtures for integration tests: series, boxes and dossiers written through the archive's
 * own write path (`createDossier`, `archiveScan`), on the superuser connection or a staff role's.
 */
import type { Knex } from 'knex';
import type { PracticeType } from '../../src/shared/domain/archive';
import { archiveScan, createDossier, type DossierRecord } from '../../src/main/archive/records';
import { enteIpaCode, insertSeries, insertStreet } from '../../src/main/archive/queries';
import { pdfBytes } from './documentFixtures';

export async function createSeries(
  db: Knex,
  enteId: number,
  options: { code?: string; title?: string; shared?: boolean; kind?: 'building_practices' | 'condoni' } = {},
): Promise<{ id: number; code: string }> {
  const code = options.code ?? 'PRATICHE_EDILIZIE';
  const id = await insertSeries(db, {
    enteId,
    code,
    title: options.title ?? 'Pratiche edilizie 1950-2015',
    kind: options.kind ?? 'building_practices',
    yearFrom: 1950,
    yearTo: 2015,
    shared: options.shared ?? false,
    classification: '6.3',
  });
  return { id, code };
}

export interface DossierFixture {
  year: number;
  number: string;
  practiceType?: PracticeType;
  subject: string;
  reserved?: boolean;
  subjects?: DossierRecord['subjects'];
  addresses?: string[];
  parcels?: DossierRecord['parcels'];
  oldReferences?: string[];
  /** Pages of the one scanned PDF (text layer), if any. */
  scanPages?: string[];
  ocrText?: string;
}

/** A dossier with an optional scan; returns the dossier's and the scan's ids. */
export async function createArchiveDossier(
  db: Knex,
  enteId: number,
  series: { id: number; code: string },
  fixture: DossierFixture,
): Promise<{ dossierId: number; documentId: number | null }> {
  const ipaCode = await enteIpaCode(db, enteId);
  return db.transaction(async (trx) => {
    const dossierId = await createDossier(trx, {
      enteId,
      ipaCode,
      seriesId: series.id,
      seriesCode: series.code,
      year: fixture.year,
      number: fixture.number,
      practiceType: fixture.practiceType ?? 'licenza_edilizia',
      subject: fixture.subject,
      outcome: 'granted',
      openedOn: null,
      decidedOn: null,
      closedOn: null,
      oldReferences: fixture.oldReferences ?? [],
      boxId: null,
      reserved: fixture.reserved ?? false,
      classification: '6.3',
      notes: null,
      subjects: fixture.subjects ?? [],
      addresses: fixture.addresses ?? [],
      parcels: fixture.parcels ?? [],
    });
    let documentId: number | null = null;
    if (fixture.scanPages) {
      documentId = await archiveScan(trx, {
        dossierId,
        enteId,
        title: 'Domanda e tavole',
        kind: 'application',
        filename: `pratica-${fixture.number}-${fixture.year}.pdf`,
        contentType: 'application/pdf',
        bytes: pdfBytes(fixture.scanPages),
        pageCount: fixture.scanPages.length,
        ocrText: fixture.ocrText ?? fixture.scanPages.join('\n'),
        ocrSource: 'text_layer',
        importBatchId: null,
      });
    }
    return { dossierId, documentId };
  });
}

/** A street of today and, optionally, the old names it replaced. */
export async function createStreet(
  db: Knex,
  enteId: number,
  street: {
    type: 'via' | 'piazza' | 'corso' | 'viale';
    name: string;
    formerly?: Array<{ type: 'via' | 'piazza' | 'corso' | 'viale'; name: string; renamedOn: string }>;
  },
): Promise<number> {
  const id = await insertStreet(db, { enteId, streetType: street.type, name: street.name, verified: true });
  for (const old of street.formerly ?? []) {
    await insertStreet(db, { enteId, streetType: old.type, name: old.name, currentStreetId: id, renamedOn: old.renamedOn, verified: true });
  }
  return id;
}

/** A Unione with two member Comuni: `createEnte` gives the Comuni, this ties them together. */
export async function createUnione(admin: Knex, name: string, memberIds: number[]): Promise<number> {
  const istat = String(900000 + Math.floor(Math.random() * 99999));
  const [row] = (await admin('scrivania.enti')
    .insert({
      istat_code: istat,
      name,
      kind: 'unione',
      codice_fiscale: `9${istat}0001`.slice(0, 11),
      ipa_code: `u_${istat}`,
      province: 'PG',
      address: 'Piazza della Unione 1',
    })
    .returning('id')) as { id: number }[];
  await admin('scrivania.enti').whereIn('id', memberIds).update({ unione_id: row!.id });
  return row!.id;
}
