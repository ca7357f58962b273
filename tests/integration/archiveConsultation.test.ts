import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/api/appError';
import { openScan, stampScan } from '../../src/main/archive/consultation';
import { archiveScan } from '../../src/main/archive/records';
import { selectAccessLog } from '../../src/main/archive/queries';
import { inspectScan } from '../../src/main/archive/scanInspection';
import type { SessionInfo } from '../../src/shared/api/session';
import { createArchiveDossier, createSeries } from '../support/archiveFixtures';
import { pngBytes } from '../support/documentFixtures';
import { createEnte, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

const ACCESS = { purpose: 'records_access_request' as const, note: null, reference: '0004567/2026' };
const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');
const logFilter = { from: null, to: null, dossierId: null, staffId: null, offset: 0, limit: 100 };

function sessionOf(staff: TestStaff, ente: EnteFixture, fullName: string): SessionInfo {
  return {
    staffId: staff.id,
    username: staff.username,
    fullName,
    role: staff.role,
    ente: { id: ente.enteId, name: 'Comune di Montesereno' },
    offices: [],
  };
}

describe('consulting archived scans: viewer, stamped copies, access log', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let technician: TestStaff;
  let manager: TestStaff;
  let technicianDb: Knex;
  let managerDb: Knex;
  let licenza: { dossierId: number; documentId: number | null };
  let reserved: { dossierId: number; documentId: number | null };
  let photoId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin, 'Comune di Montesereno');
    technician = await db.createStaff({
      enteId: ente.enteId,
      role: 'technician',
      officeIds: [ente.offices.edilizia],
      name: 'Stefano Moretti',
    });
    manager = await db.createStaff({ enteId: ente.enteId, role: 'manager', officeIds: [ente.offices.edilizia], name: 'Marco Colombo' });
    technicianDb = db.connectAs(technician);
    managerDb = db.connectAs(manager);
    const series = await createSeries(db.admin, ente.enteId);
    licenza = await createArchiveDossier(db.admin, ente.enteId, series, {
      year: 1968,
      number: '123',
      subject: 'Costruzione di fabbricato con autorimessa',
      scanPages: ['Licenza edilizia n. 123/1968', 'Relazione tecnica', 'Tavola dei prospetti'],
    });
    reserved = await createArchiveDossier(db.admin, ente.enteId, series, {
      year: 1992,
      number: '77',
      subject: 'Barriere architettoniche con certificato medico',
      reserved: true,
      scanPages: ['Certificato medico'],
    });
    photoId = await db.admin.transaction((trx) =>
      archiveScan(trx, {
        dossierId: licenza.dossierId,
        enteId: ente.enteId,
        title: 'Fotografia del fabbricato',
        kind: 'photographs',
        filename: 'foto.png',
        contentType: 'image/png',
        bytes: pngBytes(40, 30),
        pageCount: 1,
        ocrText: null,
        ocrSource: null,
        importBatchId: null,
      }),
    );
  });

  afterAll(async () => {
    await db.drop();
  });

  it('opening a scan gives its exact bytes and records who, when and why', async () => {
    const opened = await openScan(technicianDb, licenza.documentId!, ACCESS);
    const bytes = Buffer.from(opened.contentBase64, 'base64');
    expect(sha256(bytes)).toBe(opened.sha256);
    expect(opened).toMatchObject({ contentType: 'application/pdf', pageCount: 3 });
    const [entry] = (await selectAccessLog(managerDb, { ...logFilter, dossierId: licenza.dossierId })).rows;
    expect(entry).toMatchObject({
      id: opened.accessId,
      staff: { id: technician.id, name: 'Stefano Moretti', login: technician.username },
      action: 'open',
      purpose: 'records_access_request',
      reference: '0004567/2026',
      dossier: { id: licenza.dossierId, label: 'Licenza edilizia n. 123/1968', reserved: false },
    });
  });

  it('the copy to print carries "Copia per consultazione" with date, user and purpose on every page', async () => {
    const copy = await stampScan(technicianDb, sessionOf(technician, ente, 'Stefano Moretti'), licenza.documentId!, 'print', ACCESS);
    const pdf = Buffer.from(copy.contentBase64, 'base64');
    const inspection = await inspectScan(copy.filename, pdf);
    expect(inspection.ok).toBe(true);
    if (!inspection.ok) return;
    expect(inspection.pageCount).toBe(3);
    const pages = inspection.textLayer!.split('\n').filter((line) => line.includes('COPIA PER CONSULTAZIONE - priva di valore legale'));
    expect(pages).toHaveLength(3);
    expect(inspection.textLayer).toContain(`Stefano Moretti (${technician.username})`);
    expect(inspection.textLayer).toContain('accesso agli atti (L. 241/1990, art. 22) - rif. 0004567/2026');
    expect(inspection.textLayer).toContain(`Registro degli accessi n. ${copy.accessId}`);
    expect(inspection.textLayer).toMatch(/Stampata il \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/);
    expect(copy.filename).toBe('pratica-123-1968 - copia per consultazione.pdf');
  });

  it('an image is saved as a stamped one-page PDF, and the save is logged', async () => {
    const copy = await stampScan(managerDb, sessionOf(manager, ente, 'Marco Colombo'), photoId, 'save', {
      purpose: 'internal_check',
      note: 'verifica tavole',
      reference: null,
    });
    const inspection = await inspectScan(copy.filename, Buffer.from(copy.contentBase64, 'base64'));
    expect(inspection).toMatchObject({ ok: true, contentType: 'application/pdf', pageCount: 1 });
    expect(inspection.ok && inspection.textLayer).toContain('Salvata il');
    const actions = (await selectAccessLog(managerDb, logFilter)).rows.map((row) => `${row.action} ${row.document.title}`);
    expect(actions).toEqual(['save Fotografia del fabbricato', 'print Domanda e tavole', 'open Domanda e tavole']);
  });

  it('a technician can neither open nor copy a reserved scan, and nothing is logged', async () => {
    for (const attempt of [
      openScan(technicianDb, reserved.documentId!, ACCESS),
      stampScan(technicianDb, sessionOf(technician, ente, 'Stefano Moretti'), reserved.documentId!, 'save', ACCESS),
    ]) {
      const error = await attempt.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).reason).toBe('archive_document_not_found');
    }
    const opened = await openScan(managerDb, reserved.documentId!, {
      purpose: 'judicial_request',
      note: null,
      reference: 'Proc. pen. 123/2026',
    });
    expect(opened.pageCount).toBe(1);
    const logged = (await selectAccessLog(managerDb, { ...logFilter, dossierId: reserved.dossierId })).rows;
    expect(logged.map((row) => `${row.staff.login} ${row.action}`)).toEqual([`${manager.username} open`]);
  });

  it("a technician reviews only their own accesses; the manager all of the ente's", async () => {
    const own = (await selectAccessLog(technicianDb, logFilter)).rows;
    expect(new Set(own.map((row) => row.staff.login))).toEqual(new Set([technician.username]));
    const all = (await selectAccessLog(managerDb, logFilter)).rows;
    expect(new Set(all.map((row) => row.staff.login))).toEqual(new Set([technician.username, manager.username]));
  });

  it('the log is filtered by day in Rome and paged', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
    expect((await selectAccessLog(managerDb, { ...logFilter, from: today, to: today })).rows.length).toBe(4);
    expect((await selectAccessLog(managerDb, { ...logFilter, to: '2000-01-01' })).rows).toEqual([]);
    const first = await selectAccessLog(managerDb, { ...logFilter, limit: 3 });
    expect(first.rows).toHaveLength(3);
    expect(first.hasMore).toBe(true);
  });
});
