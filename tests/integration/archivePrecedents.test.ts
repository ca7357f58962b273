import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/api/appError';
import { linkPrecedent, precedentsOf, unlinkPrecedent } from '../../src/main/archive/precedents';
import { createArchiveDossier, createSeries, createStreet } from '../support/archiveFixtures';
import { createEnte, createInstance, createPerson, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

describe('precedents of a current instance in the archive', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let technician: TestStaff;
  let anagrafeClerk: TestStaff;
  let technicianDb: Knex;
  let anagrafeDb: Knex;
  let permesso: number;
  let cdu: number;
  let licenza: number;
  let condono: number;
  let elsewhere: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin, 'Comune di Montesereno');
    technician = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia] });
    anagrafeClerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    technicianDb = db.connectAs(technician);
    anagrafeDb = db.connectAs(anagrafeClerk);
    const series = await createSeries(db.admin, ente.enteId);
    await createStreet(db.admin, ente.enteId, {
      type: 'via',
      name: 'della Libertà',
      formerly: [{ type: 'via', name: 'Vittorio Emanuele III', renamedOn: '1975-04-25' }],
    });
    licenza = (
      await createArchiveDossier(db.admin, ente.enteId, series, {
        year: 1968,
        number: '123',
        subject: 'Costruzione di fabbricato',
        addresses: ['Via Vittorio Emanuele III 12'],
        parcels: [{ sezione: null, foglio: 12, particella: '345', subalterno: 3 }],
      })
    ).dossierId;
    condono = (
      await createArchiveDossier(db.admin, ente.enteId, series, {
        year: 1986,
        number: '501',
        practiceType: 'condono',
        subject: 'Condono per garage',
        parcels: [{ sezione: null, foglio: 12, particella: '345', subalterno: null }],
      })
    ).dossierId;
    elsewhere = (
      await createArchiveDossier(db.admin, ente.enteId, series, {
        year: 1990,
        number: '9',
        practiceType: 'concessione_edilizia',
        subject: 'Recinzione',
        addresses: ['Via della Libertà 40'],
        parcels: [{ sezione: null, foglio: 3, particella: '10', subalterno: null }],
      })
    ).dossierId;
    const person = await createPerson(db.admin, ente.enteId, { lastName: 'Rossi', firstName: 'Mario' });
    permesso = await createInstance(db.admin, ente, {
      officeId: ente.offices.edilizia,
      procedureTypeId: ente.procedures.permesso,
      personId: person,
      subject: 'Ampliamento del fabbricato, Via della Libertà 12',
    });
    cdu = await createInstance(db.admin, ente, {
      officeId: ente.offices.edilizia,
      procedureTypeId: ente.procedures.scia,
      personId: person,
      subject: 'Certificato di destinazione urbanistica per compravendita, Fg. 12 mapp. 345, 346',
    });
  });

  afterAll(async () => {
    await db.drop();
  });

  it("an instance at an address finds the practices at that address under today's and the old street name", async () => {
    const result = await precedentsOf(technicianDb, permesso);
    expect(result.searchedAddresses).toEqual(['Via della Libertà 12']);
    expect(result.precedents.map((precedent) => precedent.label)).toEqual(['123/1968']);
    expect(result.precedents[0]!.sharedOn).toEqual([{ kind: 'address', text: 'Via Vittorio Emanuele III 12' }]);
  });

  it('a CDU request on parcels finds every practice on them', async () => {
    const result = await precedentsOf(technicianDb, cdu);
    expect(result.searchedParcels).toEqual(['Fg. 12 part. 345', 'Fg. 12 part. 346']);
    expect(result.precedents.map((precedent) => precedent.dossierId).sort()).toEqual([licenza, condono].sort());
    expect(result.precedents.map((precedent) => precedent.dossierId)).not.toContain(elsewhere);
  });

  it('a staff member links a precedent and unlinks it; the link is recorded with who made it', async () => {
    const linked = await linkPrecedent(technicianDb, cdu, condono, 'Condono rilasciato sul garage');
    expect(linked.linked.map((precedent) => precedent.dossierId)).toEqual([condono]);
    expect(linked.precedents.map((precedent) => precedent.dossierId)).toEqual([licenza]);
    const row = await db
      .admin('scrivania.archive_instance_links')
      .where({ instance_id: cdu })
      .first('linked_by', 'linked_by_login', 'note');
    expect(row).toEqual({ linked_by: technician.id, linked_by_login: technician.username, note: 'Condono rilasciato sul garage' });
    // Linking twice changes nothing.
    expect((await linkPrecedent(technicianDb, cdu, condono, null)).linked).toHaveLength(1);
    const unlinked = await unlinkPrecedent(technicianDb, cdu, condono);
    expect(unlinked.linked).toEqual([]);
    const audit = await db.admin('scrivania.audit_log').where({ table_name: 'archive_instance_links' }).orderBy('id').pluck('action');
    expect(audit).toEqual(['INSERT', 'DELETE']);
  });

  it('who cannot see the instance cannot see or make its links', async () => {
    const error = await precedentsOf(anagrafeDb, cdu).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).reason).toBe('instance_not_found');
    await expect(linkPrecedent(anagrafeDb, cdu, licenza, null)).rejects.toBeInstanceOf(AppError);
  });
});
