import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresFileStore, storageKeyOf } from '../../src/main/documents/fileStore';
import { insertAccess } from '../../src/main/archive/queries';
import { createArchiveDossier, createSeries, createStreet, createUnione } from '../support/archiveFixtures';
import { pdfBytes } from '../support/documentFixtures';
import { createEnte, createInstance, createPerson, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

async function failure(work: Promise<unknown>): Promise<{ code?: string; hint?: string; message: string }> {
  const error = await work.then(
    () => null,
    (e: unknown) => e as { code?: string; hint?: string; message: string },
  );
  expect(error, 'the statement should have been refused').not.toBeNull();
  return error!;
}

async function visibleDossierNumbers(db: Knex): Promise<string[]> {
  const rows = (await db('scrivania.archive_dossiers').orderBy('number').select('number')) as { number: string }[];
  return rows.map((row) => row.number);
}

describe('archive model under row-level security (connecting as each role)', () => {
  let db: TestDatabase;
  let montesereno: EnteFixture;
  let collepiano: EnteFixture;
  let unioneId: number;
  let technician: TestStaff;
  let clerk: TestStaff;
  let manager: TestStaff;
  let neighbourTechnician: TestStaff;
  let unioneClerk: TestStaff;
  let technicianDb: Knex;
  let clerkDb: Knex;
  let managerDb: Knex;
  let neighbourDb: Knex;
  let unioneDb: Knex;
  let openDossier: { dossierId: number; documentId: number | null };
  let reservedDossier: { dossierId: number; documentId: number | null };
  let sharedDossier: { dossierId: number; documentId: number | null };

  beforeAll(async () => {
    db = await createTestDatabase();
    montesereno = await createEnte(db.admin, 'Comune di Montesereno');
    collepiano = await createEnte(db.admin, 'Comune di Collepiano');
    unioneId = await createUnione(db.admin, 'Unione dei Comuni del Trasimeno', [montesereno.enteId, collepiano.enteId]);
    const [unioneOffice] = (await db
      .admin('scrivania.offices')
      .insert({ ente_id: unioneId, code: 'SUE_UNIONE', name: 'SUE associato' })
      .returning('id')) as {
      id: number;
    }[];
    technician = await db.createStaff({ enteId: montesereno.enteId, role: 'technician', officeIds: [montesereno.offices.edilizia] });
    clerk = await db.createStaff({ enteId: montesereno.enteId, role: 'clerk', officeIds: [montesereno.offices.protocollo] });
    manager = await db.createStaff({ enteId: montesereno.enteId, role: 'manager', officeIds: [montesereno.offices.edilizia] });
    neighbourTechnician = await db.createStaff({ enteId: collepiano.enteId, role: 'technician', officeIds: [collepiano.offices.edilizia] });
    unioneClerk = await db.createStaff({ enteId: unioneId, role: 'clerk', officeIds: [unioneOffice!.id] });
    technicianDb = db.connectAs(technician);
    clerkDb = db.connectAs(clerk);
    managerDb = db.connectAs(manager);
    neighbourDb = db.connectAs(neighbourTechnician);
    unioneDb = db.connectAs(unioneClerk);

    const privateSeries = await createSeries(db.admin, montesereno.enteId, { code: 'PRATICHE_EDILIZIE' });
    const sharedSeries = await createSeries(db.admin, montesereno.enteId, {
      code: 'CONDONI',
      title: 'Condoni edilizi',
      kind: 'condoni',
      shared: true,
    });
    await createStreet(db.admin, montesereno.enteId, {
      type: 'via',
      name: 'della Libertà',
      formerly: [{ type: 'via', name: 'Vittorio Emanuele III', renamedOn: '1946-06-10' }],
    });
    openDossier = await createArchiveDossier(db.admin, montesereno.enteId, privateSeries, {
      year: 1978,
      number: '123',
      subject: 'Costruzione di autorimesse interrate e sopraelevazione del fabbricato',
      subjects: [{ role: 'applicant', name: 'Rossi Mario', taxCode: null }],
      addresses: ['Via Vittorio Emanuele III 12'],
      parcels: [{ sezione: null, foglio: 12, particella: '345', subalterno: 3 }],
      scanPages: ['Licenza edilizia n. 123/1978', 'Relazione tecnica: garage interrato con accesso carrabile'],
    });
    reservedDossier = await createArchiveDossier(db.admin, montesereno.enteId, privateSeries, {
      year: 1981,
      number: '7',
      subject: 'Eliminazione delle barriere architettoniche (L. 13/1989) con certificato medico',
      reserved: true,
      scanPages: ['Certificato medico allegato'],
    });
    sharedDossier = await createArchiveDossier(db.admin, montesereno.enteId, sharedSeries, {
      year: 1986,
      number: '501',
      practiceType: 'condono',
      subject: 'Condono edilizio per tettoia e garage in lamiera',
      scanPages: ['Domanda di condono L. 47/1985'],
    });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('a private series is seen by its own ente only; a series shared in the Unione by every ente of it and by the Unione', async () => {
    expect(await visibleDossierNumbers(technicianDb)).toEqual(['123', '501']);
    expect(await visibleDossierNumbers(neighbourDb)).toEqual(['501']);
    expect(await visibleDossierNumbers(unioneDb)).toEqual(['501']);
    const neighbourSeries = (await neighbourDb('scrivania.archive_series').select('code')) as { code: string }[];
    expect(neighbourSeries.map((series) => series.code)).toEqual(['CONDONI']);
    // The neighbour consults the shared scan, bytes included.
    expect(await neighbourDb('scrivania.archive_documents').where({ id: sharedDossier.documentId }).first('title')).toEqual({
      title: 'Domanda e tavole',
    });
    const bytes = await postgresFileStore(neighbourDb).get(
      storageKeyOf(montesereno.enteId, sha256(pdfBytes(['Domanda di condono L. 47/1985']))),
    );
    expect(bytes).not.toBeNull();
  });

  it('a series can be shared only by an ente that belongs to a Unione', async () => {
    const loneEnte = await createEnte(db.admin, 'Comune di Solitario');
    const error = await failure(createSeries(db.admin, loneEnte.enteId, { code: 'CONDONI', shared: true }));
    expect(error.hint).toBe('scrivania:series_not_in_unione');
  });

  it('un-sharing a series hides it, and everything in it, from the other enti at once', async () => {
    await db.admin('scrivania.archive_series').where({ code: 'CONDONI', ente_id: montesereno.enteId }).update({ shared: false });
    expect(await visibleDossierNumbers(neighbourDb)).toEqual([]);
    expect(await neighbourDb('scrivania.archive_documents').count({ n: '*' })).toEqual([{ n: 0 }]);
    await db.admin('scrivania.archive_series').where({ code: 'CONDONI', ente_id: montesereno.enteId }).update({ shared: true });
    expect(await visibleDossierNumbers(neighbourDb)).toEqual(['501']);
  });

  it('a reserved dossier, its scans and their bytes are seen by managers only, not by clerks or technicians', async () => {
    const reservedBytes = pdfBytes(['Certificato medico allegato']);
    for (const staffDb of [clerkDb, technicianDb]) {
      expect(await visibleDossierNumbers(staffDb)).not.toContain('7');
      expect(await staffDb('scrivania.archive_documents').where({ id: reservedDossier.documentId }).first()).toBeUndefined();
      expect(await postgresFileStore(staffDb).get(storageKeyOf(montesereno.enteId, sha256(reservedBytes)))).toBeNull();
    }
    expect(await visibleDossierNumbers(managerDb)).toContain('7');
    expect(await postgresFileStore(managerDb).get(storageKeyOf(montesereno.enteId, sha256(reservedBytes)))).not.toBeNull();
  });

  it('only a manager marks a dossier reserved; its scans follow at once', async () => {
    const error = await failure(technicianDb('scrivania.archive_dossiers').where({ id: openDossier.dossierId }).update({ reserved: true }));
    expect(error.hint).toBe('scrivania:reserved_needs_manager');
    await managerDb('scrivania.archive_dossiers').where({ id: openDossier.dossierId }).update({ reserved: true });
    expect(await technicianDb('scrivania.archive_documents').where({ id: openDossier.documentId }).first()).toBeUndefined();
    await managerDb('scrivania.archive_dossiers').where({ id: openDossier.dossierId }).update({ reserved: false });
    expect(await technicianDb('scrivania.archive_documents').where({ id: openDossier.documentId }).first('id')).toEqual({
      id: openDossier.documentId,
    });
  });

  it('clerks consult the archive but cannot write it', async () => {
    const series = (await clerkDb('scrivania.archive_series').where({ code: 'PRATICHE_EDILIZIE' }).first('id')) as { id: number };
    const error = await failure(
      clerkDb('scrivania.archive_dossiers').insert({
        series_id: series.id,
        ente_id: montesereno.enteId,
        year: 1990,
        number: '1',
        practice_type: 'concessione_edilizia',
        subject: 'Prova di scrittura',
        agid_identifier: 'prova-1',
      }),
    );
    expect(error.code).toBe('42501');
  });

  it('the bytes of a scan cannot be read by another ente knowing the hash, and the same scan is never archived twice', async () => {
    const hash = sha256(pdfBytes(['Licenza edilizia n. 123/1978', 'Relazione tecnica: garage interrato con accesso carrabile']));
    expect(await postgresFileStore(neighbourDb).get(storageKeyOf(montesereno.enteId, hash))).toBeNull();
    const series = {
      id: Number((await db.admin('scrivania.archive_series').where({ code: 'PRATICHE_EDILIZIE' }).first('id'))!.id),
      code: 'PRATICHE_EDILIZIE',
    };
    const error = await failure(
      createArchiveDossier(db.admin, montesereno.enteId, series, {
        year: 1979,
        number: '1',
        subject: 'Stessa scansione archiviata di nuovo',
        scanPages: ['Licenza edilizia n. 123/1978', 'Relazione tecnica: garage interrato con accesso carrabile'],
      }),
    );
    expect(error.code).toBe('23505');
    expect(await db.admin('scrivania.archive_dossiers').where({ number: '1', year: 1979 }).first()).toBeUndefined();
  });

  it("archived scans can be neither changed nor removed, not even by the tables' owner", async () => {
    const change = await failure(db.admin('scrivania.archive_documents').where({ id: openDossier.documentId }).update({ title: 'Altro' }));
    expect(change.hint).toBe('scrivania:document_immutable');
    const removal = await failure(db.admin('scrivania.archive_documents').where({ id: openDossier.documentId }).delete());
    expect(removal.hint).toBe('scrivania:document_immutable');
  });

  it("the access log is append-only, written in one's own name only, and reviewed by managers", async () => {
    await insertAccess(clerkDb, {
      documentId: openDossier.documentId!,
      action: 'open',
      purpose: 'records_access_request',
      note: null,
      reference: '0004567/2026',
    });
    await insertAccess(technicianDb, {
      documentId: openDossier.documentId!,
      action: 'print',
      purpose: 'case_review',
      note: null,
      reference: null,
    });
    const forged = await failure(
      clerkDb('scrivania.archive_access_log').insert({
        staff_id: technician.id,
        login: technician.username,
        document_id: openDossier.documentId,
        dossier_id: openDossier.dossierId,
        dossier_ente_id: montesereno.enteId,
        action: 'open',
        purpose: 'case_review',
      }),
    );
    expect(forged.code).toBe('42501');
    const onReserved = await failure(
      insertAccess(clerkDb, {
        documentId: reservedDossier.documentId!,
        action: 'open',
        purpose: 'case_review',
        note: null,
        reference: null,
      }),
    );
    expect(onReserved.code).toBe('42501');
    const withoutReason = await failure(
      insertAccess(clerkDb, { documentId: openDossier.documentId!, action: 'save', purpose: 'other', note: null, reference: null }),
    );
    expect(withoutReason.code).toBe('23514');

    const clerkSees = (await clerkDb('scrivania.archive_access_log').select('login')) as { login: string }[];
    expect(clerkSees.map((row) => row.login)).toEqual([clerk.username]);
    const managerSees = (await managerDb('scrivania.archive_access_log').orderBy('id').select('login', 'action', 'reference')) as object[];
    expect(managerSees).toEqual([
      { login: clerk.username, action: 'open', reference: '0004567/2026' },
      { login: technician.username, action: 'print', reference: null },
    ]);
    const rewrite = await failure(db.admin('scrivania.archive_access_log').update({ purpose: 'other' }));
    expect(rewrite.hint).toBe('scrivania:audit_append_only');
  });

  it('boxes move one stage at a time; only a manager sends one back; every move is recorded', async () => {
    const series = (await technicianDb('scrivania.archive_series').where({ code: 'PRATICHE_EDILIZIE' }).first('id')) as { id: number };
    const [box] = (await technicianDb('scrivania.archive_boxes')
      .insert({
        series_id: series.id,
        ente_id: montesereno.enteId,
        label: 'PE-1978-01',
        building: 'Palazzo comunale',
        room: 'Archivio di deposito',
        shelf: 'Scaffale 3',
      })
      .returning(['id', 'status'])) as { id: number; status: string }[];
    expect(box!.status).toBe('to_scan');
    const skip = await failure(technicianDb('scrivania.archive_boxes').where({ id: box!.id }).update({ status: 'indexed' }));
    expect(skip.hint).toBe('scrivania:box_status_step');
    await technicianDb('scrivania.archive_boxes').where({ id: box!.id }).update({ status: 'scanned' });
    const back = await failure(technicianDb('scrivania.archive_boxes').where({ id: box!.id }).update({ status: 'to_scan' }));
    expect(back.hint).toBe('scrivania:box_status_step');
    await managerDb('scrivania.archive_boxes').where({ id: box!.id }).update({ status: 'to_scan' });
    const moves = (await clerkDb('scrivania.archive_box_events')
      .where({ box_id: box!.id })
      .orderBy('id')
      .select('from_status', 'to_status', 'by_login')) as object[];
    expect(moves).toEqual([
      { from_status: null, to_status: 'to_scan', by_login: technician.username },
      { from_status: 'to_scan', to_status: 'scanned', by_login: technician.username },
      { from_status: 'scanned', to_status: 'to_scan', by_login: manager.username },
    ]);
  });

  it('the full-text vector holds subject, names, OCR text and both names of a renamed street, stemmed and without accents', async () => {
    const find = async (words: string) =>
      (
        (await technicianDb('scrivania.archive_dossiers')
          .whereRaw(`search_tsv @@ plainto_tsquery('scrivania.archivio', ?)`, [words])
          .orderBy('number')
          .select('number')) as { number: string }[]
      ).map((row) => row.number);
    expect(await find('autorimessa')).toEqual(['123']); // 'autorimesse' in the subject: same stem
    expect(await find('garage accesso carrabile')).toEqual(['123']); // OCR text only
    expect(await find('Rossi')).toEqual(['123']);
    expect(await find('Vittorio Emanuele')).toEqual(['123']);
    expect(await find('liberta')).toEqual(['123']); // today's name of the street, typed without the accent
    expect(await find('condono')).toEqual(['501']);
  });

  it('renaming a street in the toponymy makes old practices findable by the new name', async () => {
    const today = await createStreet(db.admin, montesereno.enteId, { type: 'piazza', name: 'della Repubblica' });
    const series = {
      id: Number((await db.admin('scrivania.archive_series').where({ code: 'PRATICHE_EDILIZIE' }).first('id'))!.id),
      code: 'PRATICHE_EDILIZIE',
    };
    await createArchiveDossier(db.admin, montesereno.enteId, series, {
      year: 1955,
      number: '40',
      subject: 'Rifacimento della facciata',
      addresses: ['Piazza Umberto I 3'],
    });
    const byNewName = () =>
      technicianDb('scrivania.archive_dossiers')
        .whereRaw(`search_tsv @@ plainto_tsquery('scrivania.archivio', 'repubblica')`)
        .select('number');
    expect(await byNewName()).toEqual([]);
    await db
      .admin('scrivania.archive_streets')
      .where({ ente_id: montesereno.enteId, name: 'Umberto I' })
      .update({ current_street_id: today, renamed_on: '1946-06-10' });
    expect(await byNewName()).toEqual([{ number: '40' }]);
  });

  it('a link to a current instance is seen only by who sees both the instance and the dossier', async () => {
    const person = await createPerson(db.admin, montesereno.enteId, { lastName: 'Rossi', firstName: 'Mario' });
    const instanceId = await createInstance(db.admin, montesereno, {
      officeId: montesereno.offices.edilizia,
      procedureTypeId: montesereno.procedures.permesso,
      personId: person,
      subject: 'Ampliamento, Via della Libertà 12 (Fg. 12 mapp. 345)',
    });
    await technicianDb('scrivania.archive_instance_links').insert({
      instance_id: instanceId,
      dossier_id: openDossier.dossierId,
      ente_id: montesereno.enteId,
    });
    expect(await technicianDb('scrivania.archive_instance_links').select('dossier_id')).toEqual([{ dossier_id: openDossier.dossierId }]);
    // The clerk of the protocol office does not see the building instance, so not its links either.
    expect(await clerkDb('scrivania.archive_instance_links').select('dossier_id')).toEqual([]);
  });
});
