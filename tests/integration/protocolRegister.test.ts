import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOutgoing } from '../../src/main/protocol/outgoing';
import { registerInstance, type RegistrationRequest } from '../../src/main/protocol/registration';
import type { ChannelInput } from '../../src/shared/api/contract';
import { addDays, todayInRome } from '../../src/shared/domain/calendar';
import { buildCodiceFiscale } from '../../src/shared/domain/codiceFiscale';
import { formatProtocolNumber } from '../../src/shared/domain/protocolNumber';
import { callAs, ok, type ChannelCall } from '../support/dispatchAs';
import { createEnte, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PDF_SHA256 = crypto.createHash('sha256').update(PDF).digest('hex');

function request(lastName: string, subject: string): RegistrationRequest {
  return {
    channel: 'desk',
    source: { kind: 'desk', externalId: null },
    procedureCode: 'PDC',
    applicant: {
      kind: 'person',
      codiceFiscale: buildCodiceFiscale({ lastName, firstName: 'Anna', birthDate: '1975-03-08', sex: 'F', birthPlaceCode: 'G478' }),
      lastName,
      firstName: 'Anna',
      pec: `${lastName.toLowerCase()}@pec.example.it`,
    },
    subject,
    receivedAt: new Date().toISOString(),
    attachments: [{ filename: 'domanda.pdf', bytes: PDF, title: 'Domanda', kind: 'application' }],
  };
}

function pdfText(base64: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registro-'));
  try {
    const file = path.join(dir, 'registro.pdf');
    fs.writeFileSync(file, Buffer.from(base64, 'base64'));
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('protocol register screens, annulment, outgoing registrations and the daily register', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let clerk: TestStaff;
  let clerkDb: Knex;
  let manager: TestStaff;
  let managerDb: Knex;
  let asClerk: ChannelCall;
  let asManager: ChannelCall;
  let asOutsider: ChannelCall;
  const today = todayInRome();
  const instances: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin);
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.edilizia] });
    clerkDb = db.connectAs(clerk);
    // The manager belongs to the protocol office: the register's keeper (protocol_registers.protocol_office_id).
    manager = await db.createStaff({ enteId: ente.enteId, role: 'manager', officeIds: [ente.offices.protocollo], name: 'Laura Ricci' });
    managerDb = db.connectAs(manager);
    const outsider = await db.createStaff({ enteId: ente.enteId, role: 'manager', officeIds: [ente.offices.anagrafe] });
    asClerk = callAs(clerk, clerkDb, ente, { fullName: 'Persona clerk', officeIds: [ente.offices.edilizia] });
    asManager = callAs(manager, managerDb, ente, { fullName: 'Persona manager', officeIds: [ente.offices.protocollo] });
    asOutsider = callAs(outsider, db.connectAs(outsider), ente, { fullName: 'Persona outsider', officeIds: [ente.offices.anagrafe] });
    for (const [lastName, subject] of [
      ['Verdi', 'Permesso di costruire per ampliamento di edificio residenziale'],
      ['Neri', 'Permesso di costruire per nuova autorimessa interrata'],
      ['Gialli', 'Permesso di costruire per demolizione e ricostruzione'],
    ] as const) {
      instances.push((await registerInstance(clerkDb, request(lastName, subject))).instanceId);
    }
  });

  afterAll(async () => {
    await db.drop();
  });

  it('lists the register newest first, with number, correspondent, classification, office and documents', async () => {
    const page = ok(await asManager('protocol/list', { startRow: 0, endRow: 100 }));
    expect(page.registerId).toBe(ente.registerId);
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.correspondentName)).toEqual(['Gialli Anna', 'Neri Anna', 'Verdi Anna']);
    expect(page.rows.map((r) => r.number)).toEqual([3, 2, 1]);
    expect(page.rows[0]).toMatchObject({
      direction: 'incoming',
      channel: 'desk',
      classificationCode: 'VI.3',
      officeName: 'Sportello unico edilizia',
      documentCount: 1,
      annulled: false,
    });
  });

  it('filters by number, correspondent, subject, day range and direction on the server', async () => {
    const list = async (input: Partial<ChannelInput<'protocol/list'>>) =>
      ok(await asManager('protocol/list', { startRow: 0, endRow: 100, ...input }));
    const year = new Date().getFullYear();
    expect(
      (await list({ filters: { number: { filterType: 'text', type: 'equals', filter: formatProtocolNumber(year, 2) } } })).rows.map(
        (r) => r.correspondentName,
      ),
    ).toEqual(['Neri Anna']);
    expect((await list({ filters: { correspondentName: { filterType: 'text', type: 'contains', filter: 'verd' } } })).total).toBe(1);
    expect((await list({ filters: { subject: { filterType: 'text', type: 'contains', filter: 'autorimessa' } } })).rows[0]?.number).toBe(2);
    expect((await list({ from: today, to: today })).total).toBe(3);
    expect((await list({ from: addDays(today, -10), to: addDays(today, -1) })).total).toBe(0);
    expect((await list({ directions: ['outgoing'] })).total).toBe(0);
    expect((await list({ sort: [{ colId: 'correspondentName', sort: 'asc' }] })).rows.map((r) => r.correspondentName)).toEqual([
      'Gialli Anna',
      'Neri Anna',
      'Verdi Anna',
    ]);
    const refused = await asManager('protocol/list', { startRow: 0, endRow: 100, from: today, to: addDays(today, -1) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('row-level security: a manager of another office sees none of these registrations', async () => {
    expect(ok(await asOutsider('protocol/list', { startRow: 0, endRow: 100 })).total).toBe(0);
    const entryId = ok(await asManager('protocol/list', { startRow: 0, endRow: 1 })).rows[0]!.id;
    expect(await asOutsider('protocol/get', { entryId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('shows one registration with its segnatura (art. 55), fascicolo and document hash', async () => {
    const [row] = ok(
      await asClerk('protocol/list', {
        startRow: 0,
        endRow: 100,
        filters: { correspondentName: { filterType: 'text', type: 'equals', filter: 'Verdi Anna' } },
      }),
    ).rows;
    const entry = ok(await asClerk('protocol/get', { entryId: row!.id }));
    expect(entry.segnatura).toMatch(new RegExp(`^c_t\\d{6}\\|AOO1\\|${today}\\|0000001$`));
    expect(entry.fascicolo).toMatch(/-VI\.3-\d{6}$/);
    expect(entry.correspondentAddress).toBe('verdi@pec.example.it');
    expect(entry.registeredLogin).toBe(clerk.username);
    expect(entry.documents).toEqual([
      {
        position: 1,
        documentId: expect.any(Number),
        filename: 'domanda.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
        sha256: PDF_SHA256,
      },
    ]);
    expect(entry.annulment).toBeNull();
  });

  it('art. 54: a clerk may not annul; the manager annuls with reason and act; the entry stays readable and cannot be annulled twice', async () => {
    const [row] = ok(
      await asManager('protocol/list', {
        startRow: 0,
        endRow: 100,
        filters: { correspondentName: { filterType: 'text', type: 'equals', filter: 'Neri Anna' } },
      }),
    ).rows;
    const input = { entryId: row!.id, reason: 'Registrazione duplicata per errore materiale', act: 'Provvedimento n. 12/2026' };
    expect(await asClerk('protocol/annul', input)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'annulment_not_allowed' },
    });
    expect(await asManager('protocol/annul', { ...input, reason: 'no' })).toMatchObject({
      ok: false,
      error: { code: 'validation', issues: [{ path: 'reason', reason: 'annulment_reason_too_short' }] },
    });
    const annulled = ok(await asManager('protocol/annul', input));
    expect(annulled).toMatchObject({ annulled: true, subject: row!.subject, number: row!.number, correspondentName: 'Neri Anna' });
    expect(annulled.annulment).toMatchObject({ byName: 'Laura Ricci', login: manager.username, reason: input.reason, act: input.act });
    expect(await asManager('protocol/annul', input)).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'already_annulled' } });
    const onlyAnnulled = ok(await asManager('protocol/list', { startRow: 0, endRow: 100, annulled: 'only' }));
    expect(onlyAnnulled.rows.map((r) => r.id)).toEqual([row!.id]);
    expect(ok(await asManager('protocol/list', { startRow: 0, endRow: 100, annulled: 'exclude' })).total).toBe(2);
  });

  it('registers an outgoing communication in the same register, numbered after the incoming ones, linked to the applicant', async () => {
    const before = (await db.admin('scrivania.protocol_entries').where({ register_id: ente.registerId }).max('number as n').first()) as {
      n: number;
    };
    const registered = await clerkDb.transaction((trx) =>
      registerOutgoing(trx, {
        instanceId: instances[0]!,
        recipient: { kind: 'applicant', name: 'Verdi Anna', address: 'verdi@pec.example.it' },
        subject: 'Richiesta di integrazione documentale (art. 2 c. 7 L. 241/1990)',
        channel: 'pec',
        externalRef: 'outbox-1',
        documents: [
          {
            documentId: null,
            filename: 'richiesta-integrazione.pdf',
            contentType: 'application/pdf',
            size: PDF.length,
            sha256: PDF_SHA256,
          },
        ],
      }),
    );
    expect(registered.number).toBe(before.n + 1);
    const entry = ok(await asClerk('protocol/get', { entryId: registered.entryId }));
    expect(entry).toMatchObject({
      direction: 'outgoing',
      channel: 'pec',
      correspondentName: 'Verdi Anna',
      instanceId: instances[0],
      classificationCode: 'VI.3',
    });
    expect(entry.documents).toHaveLength(1);
    const incoming = await db
      .admin('scrivania.protocol_entries')
      .where({ instance_id: instances[0], direction: 'incoming' })
      .first('person_id');
    const outgoing = await db.admin('scrivania.protocol_entries').where({ id: registered.entryId }).first('person_id', 'fascicolo_id');
    expect(outgoing.person_id).toBe(incoming.person_id);
    expect(ok(await asManager('protocol/list', { startRow: 0, endRow: 100, directions: ['outgoing'] })).total).toBe(1);
  });

  it('an outgoing registration rolled back with its message leaves no number behind', async () => {
    const before = (await db.admin('scrivania.protocol_entries').where({ register_id: ente.registerId }).max('number as n').first()) as {
      n: number;
    };
    await expect(
      clerkDb.transaction(async (trx) => {
        await registerOutgoing(trx, {
          instanceId: instances[1]!,
          recipient: { kind: 'applicant', name: 'Neri Anna' },
          subject: 'Comunicazione di preavviso di rigetto',
          channel: 'pec',
          documents: [],
        });
        throw new Error('the SMTP outbox refused the message');
      }),
    ).rejects.toThrow('SMTP');
    await expect(
      clerkDb.transaction((trx) =>
        registerOutgoing(trx, {
          instanceId: instances[1]!,
          recipient: { kind: 'other', name: 'Ufficio tecnico' },
          subject: 'Nota',
          channel: 'post',
          documents: [],
        }),
      ),
    ).rejects.toMatchObject({ code: 'validation', reason: 'subject_too_short' });
    const after = (await db.admin('scrivania.protocol_entries').where({ register_id: ente.registerId }).max('number as n').first()) as {
      n: number;
    };
    expect(after.n).toBe(before.n);
  });

  it("a registration inside the caller's transaction leaves the commit, and its durability, to the caller", async () => {
    await clerkDb
      .transaction(async (trx) => {
        await trx.transaction((savepoint) =>
          registerInstance(savepoint as unknown as Knex, request('Bruni', 'Permesso di costruire per una tettoia')),
        );
        const shown = await trx.raw<{ rows: Array<{ synchronous_commit: string }> }>('SHOW synchronous_commit');
        expect(shown.rows[0]?.synchronous_commit).toBe('on');
        throw new Error('the caller changes its mind');
      })
      .catch((error: Error) => expect(error.message).toBe('the caller changes its mind'));
    expect(await db.admin('scrivania.protocol_entries').where({ correspondent_name: 'Bruni Anna' })).toHaveLength(0);
  });

  it('DPCM 3/12/2013 art. 7: the daily register lists every registration of the day in order, with hashes and annulments, and its own SHA-256', async () => {
    const register = ok(await asManager('protocol/dailyRegister', { day: today }));
    const bytes = Buffer.from(register.contentBase64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(register.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    expect(register).toMatchObject({ registerId: ente.registerId, aooCode: 'AOO1', day: today, entries: 4, annulled: 1 });
    expect(register.filename).toMatch(new RegExp(`^registro-giornaliero_c_t\\d{6}_AOO1_${today}\\.pdf$`));
    const text = pdfText(register.contentBase64);
    expect(text).toContain('Registro giornaliero di protocollo');
    expect(text).toContain('COMUNE DI PROVA');
    const year = Number(today.slice(0, 4));
    const numbers = [1, 2, 3, 4].map((n) => formatProtocolNumber(year, n));
    const table = text.indexOf('N. protocollo');
    const positions = numbers.map((n) => text.indexOf(n, table));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const name of ['Verdi Anna', 'Neri Anna', 'Gialli Anna']) expect(text).toContain(name);
    expect(text).toContain(PDF_SHA256.slice(0, 32));
    expect(text).toContain('ANNULLATA');
    expect(text).toMatch(/Atto: Provvedimento n.\s+12\/2026/);
    expect(text).toContain('consecutiva, nessun numero mancante');
    expect(text).toMatch(/Pagina 1 di \d+/);
  });

  it('a day without registrations still gives a register that says so; a future day is refused', async () => {
    const empty = ok(await asManager('protocol/dailyRegister', { day: '2024-02-29' }));
    expect(empty.entries).toBe(0);
    expect(pdfText(empty.contentBase64)).toContain('Nessuna registrazione in data 29/02/2024');
    expect(await asManager('protocol/dailyRegister', { day: addDays(today, 1) })).toMatchObject({
      ok: false,
      error: { code: 'validation', reason: 'day_in_future' },
    });
  });

  it('only who keeps the whole register may produce it: a clerk of another office would get a register with holes', async () => {
    expect(await asClerk('protocol/dailyRegister', { day: today })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'daily_register_not_allowed' },
    });
    const registers = ok(await asManager('protocol/registers', {}));
    expect(registers).toEqual([{ id: ente.registerId, aooCode: 'AOO1', name: 'Protocollo generale', active: true, keptByMe: true }]);
    expect(ok(await asClerk('protocol/registers', {}))[0]?.keptByMe).toBe(false);
  });
});
