import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerInstance, type RegistrationRequest } from '../../src/main/protocol/registration';
import { todayInRome } from '../../src/shared/domain/calendar';
import { buildCodiceFiscale } from '../../src/shared/domain/codiceFiscale';
import { partitaIvaCheckDigit } from '../../src/shared/domain/partitaIva';
import { computeProcedureClock } from '../../src/shared/domain/procedureClock';
import { createEnte, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function deskRequest(overrides: Partial<RegistrationRequest> = {}): RegistrationRequest {
  return {
    channel: 'desk',
    source: { kind: 'desk', externalId: null },
    procedureCode: 'PDC',
    applicant: {
      kind: 'person',
      codiceFiscale: buildCodiceFiscale({
        lastName: 'Verdi',
        firstName: 'Anna',
        birthDate: '1975-03-08',
        sex: 'F',
        birthPlaceCode: 'G478',
      }),
      lastName: 'Verdi',
      firstName: 'Anna',
      pec: 'anna.verdi@pec.example.it',
    },
    subject: 'Permesso di costruire per ampliamento di edificio residenziale',
    receivedAt: new Date().toISOString(),
    attachments: [{ filename: 'domanda.pdf', bytes: PDF, title: 'Domanda', kind: 'application' }],
    ...overrides,
  };
}

async function numbers(admin: Knex, registerId: number): Promise<number[]> {
  const rows = (await admin('scrivania.protocol_entries').where({ register_id: registerId }).orderBy('number').select('number')) as {
    number: number;
  }[];
  return rows.map((r) => r.number);
}

async function waitUntil<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('protocol register: registration of incoming instances (DPR 445/2000)', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let clerk: TestStaff;
  let clerkDb: Knex;
  let manager: TestStaff;
  let managerDb: Knex;

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin);
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.protocollo, ente.offices.edilizia] });
    clerkDb = db.connectAs(clerk);
    manager = await db.createStaff({ enteId: ente.enteId, role: 'manager', officeIds: [ente.offices.protocollo] });
    managerDb = db.connectAs(manager);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('registers a desk instance with number, segnatura, fascicolo, case, document hash and history, as the clerk', async () => {
    const result = await registerInstance(clerkDb, deskRequest());
    expect(result.alreadyRegistered).toBe(false);
    expect(result.protocol.number).toBeGreaterThanOrEqual(1);
    const year = new Date().getFullYear();
    expect(result.protocol.year).toBe(year);
    expect(result.protocol.segnatura).toMatch(new RegExp(`^c_t\\d{6}\\|AOO1\\|${year}-\\d{2}-\\d{2}\\|\\d{7}$`));
    expect(result.fascicolo).toMatch(new RegExp(`^${year}-VI\\.3-\\d{6}$`));

    const instance = await clerkDb('scrivania.instances').where({ id: result.instanceId }).first();
    expect(instance).toMatchObject({
      status: 'received',
      channel: 'desk',
      protocol_number: result.protocol.number,
      applicant_name: 'Verdi Anna',
    });
    const entry = await clerkDb('scrivania.protocol_entries').where({ instance_id: result.instanceId }).first();
    expect(entry).toMatchObject({
      direction: 'incoming',
      correspondent_name: 'Verdi Anna',
      correspondent_address: 'anna.verdi@pec.example.it',
    });
    expect(entry.registered_login).toBe(clerk.username);
    const [document] = await clerkDb('scrivania.protocol_entry_documents').where({ entry_id: entry.id });
    expect(document.sha256).toBe(crypto.createHash('sha256').update(PDF).digest('hex'));
    expect(document.content_type).toBe('application/pdf');
    const events = await clerkDb('scrivania.instance_events').where({ instance_id: result.instanceId });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'register', to_status: 'received', actor_login: clerk.username });
  });

  it("a registration's rows record who made them; the audit log takes over from their first change", async () => {
    const result = await registerInstance(clerkDb, deskRequest({ subject: 'Permesso di costruire: chi ha registrato che cosa' }));
    const instance = await db.admin('scrivania.instances').where({ id: result.instanceId }).first();
    const fascicolo = await db.admin('scrivania.fascicoli').where({ id: instance.fascicolo_id }).first();
    expect(fascicolo).toMatchObject({ identifier: result.fascicolo, opened_by: clerk.username });
    const document = await db.admin('scrivania.documents').where({ instance_id: result.instanceId }).first();
    expect(document).toMatchObject({ created_by: clerk.username, current_version: 1 });
    expect(
      await db.admin('scrivania.document_versions').where({ document_id: document.id }).select('version', 'uploaded_by_login'),
    ).toEqual([{ version: 1, uploaded_by_login: clerk.username }]);
    const rowsOfThisRegistration = (table: string, id: number | string) =>
      db
        .admin('scrivania.audit_log')
        .where({ table_name: table, row_id: String(id) })
        .select('action', 'actor', 'changes');
    expect(await rowsOfThisRegistration('instances', result.instanceId)).toEqual([]);
    expect(await rowsOfThisRegistration('fascicoli', fascicolo.id)).toEqual([]);
    expect(await rowsOfThisRegistration('documents', document.id)).toEqual([]);

    await clerkDb('scrivania.instances').where({ id: result.instanceId }).update({ subject: 'Permesso di costruire: oggetto corretto' });
    const changes = await rowsOfThisRegistration('instances', result.instanceId);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ action: 'UPDATE', actor: clerk.username });
    expect(changes[0].changes.subject).toEqual([
      'Permesso di costruire: chi ha registrato che cosa',
      'Permesso di costruire: oggetto corretto',
    ]);
  });

  it("one way in: staff can neither call register_instance nor claim a sender's key themselves, nor register for another ente", async () => {
    const keysBefore = await db.admin('scrivania.registration_keys').count<{ count: string }[]>({ count: '*' });
    await expect(
      clerkDb.raw('SELECT scrivania.register_instance(?::jsonb)', [JSON.stringify({ enteId: ente.enteId })]),
    ).rejects.toMatchObject({
      code: '42501',
    });
    const caseId = (await registerInstance(clerkDb, deskRequest({ subject: 'Permesso di costruire: una registrazione vera' }))).instanceId;
    await expect(
      clerkDb('scrivania.registration_keys').insert({
        ente_id: ente.enteId,
        source: 'portal',
        external_id: 'chiave-presa-a-mano',
        instance_id: caseId,
      }),
    ).rejects.toMatchObject({ code: '42501' });

    const elsewhere = await createEnte(db.admin, 'Comune Vicino');
    const [procedure] = await db.admin('scrivania.procedure_types').where({ id: elsewhere.procedures.permesso }).select('id', 'code');
    await expect(
      clerkDb.raw('SELECT scrivania.register_submission(?::jsonb, ?::bytea[])', [
        JSON.stringify({
          enteId: elsewhere.enteId,
          procedureTypeId: procedure.id,
          procedureCode: procedure.code,
          source: 'portal',
          externalId: 'altrove-1',
        }),
        '{}',
      ]),
    ).rejects.toMatchObject({ code: '42501', hint: 'scrivania:registration_not_allowed' });
    const keysAfter = await db.admin('scrivania.registration_keys').count<{ count: string }[]>({ count: '*' });
    expect(keysAfter).toEqual(keysBefore);
  });

  it('a submission registered by one office: the protocol office gets its registration back, another office only a refusal', async () => {
    const anagrafeClerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    const anagrafeDb = db.connectAs(anagrafeClerk);
    const submission = (procedureCode: string) =>
      deskRequest({ channel: 'online', source: { kind: 'portal', externalId: 'portale-2026-000917' }, procedureCode });
    const first = await registerInstance(clerkDb, submission('PDC'));
    expect(first.alreadyRegistered).toBe(false);

    const again = await registerInstance(managerDb, submission('PDC'));
    expect(again).toMatchObject({ alreadyRegistered: true, instanceId: first.instanceId, protocol: { number: first.protocol.number } });
    await expect(registerInstance(anagrafeDb, submission('RESIDENZA'))).rejects.toMatchObject({ hint: 'scrivania:already_registered' });
    expect(await db.admin('scrivania.protocol_entries').where({ external_ref: 'portale-2026-000917' }).pluck('instance_id')).toEqual([
      first.instanceId,
    ]);
  });

  it('art. 57: 40 concurrent registrations take consecutive numbers, no gap and no duplicate', async () => {
    const before = await numbers(db.admin, ente.registerId);
    await Promise.all(Array.from({ length: 40 }, () => registerInstance(clerkDb, deskRequest())));
    const after = await numbers(db.admin, ente.registerId);
    expect(after).toEqual(Array.from({ length: before.length + 40 }, (_, i) => i + 1));
  });

  it('a refused registration (invalid codice fiscale, wrong attachment type, unknown procedure) leaves no number behind', async () => {
    const before = await numbers(db.admin, ente.registerId);
    await expect(
      registerInstance(
        clerkDb,
        deskRequest({ applicant: { kind: 'person', codiceFiscale: 'VRDNNA75C48G478X', lastName: 'Verdi', firstName: 'Anna' } }),
      ),
    ).rejects.toMatchObject({ code: 'validation', reason: 'invalid_codice_fiscale' });
    await expect(
      registerInstance(
        clerkDb,
        deskRequest({ attachments: [{ filename: 'virus.pdf', bytes: Buffer.from('MZ\x90\x00binary'), title: 'x', kind: 'attachment' }] }),
      ),
    ).rejects.toMatchObject({ code: 'validation', reason: 'type_not_allowed' });
    await expect(registerInstance(clerkDb, deskRequest({ procedureCode: 'NON_ESISTE' }))).rejects.toMatchObject({ code: 'not_found' });
    const result = await registerInstance(clerkDb, deskRequest());
    expect(result.protocol.number).toBe(before.length + 1);
    expect(await numbers(db.admin, ente.registerId)).toEqual(Array.from({ length: before.length + 1 }, (_, i) => i + 1));
  });

  it('a transaction rolled back after taking a number gives the number back', async () => {
    const before = await numbers(db.admin, ente.registerId);
    await expect(
      clerkDb.transaction(async (trx) => {
        await trx('scrivania.protocol_entries').insert({
          ente_id: ente.enteId,
          register_id: ente.registerId,
          year: 0,
          number: 1,
          registered_at: new Date(),
          direction: 'incoming',
          channel: 'desk',
          correspondent_name: 'Mario Rossi',
          subject: 'Lettera',
          classification_id: trx('scrivania.classifications').where({ code: 'I.8' }).select('id'),
          office_id: ente.offices.protocollo,
          segnatura: '',
        });
        throw new Error('the clerk cancelled');
      }),
    ).rejects.toThrow('the clerk cancelled');
    const result = await registerInstance(clerkDb, deskRequest());
    expect(result.protocol.number).toBe(before.length + 1);
  });

  it('the same portal submission sent five times at once is registered once', async () => {
    const request = deskRequest({ channel: 'online', source: { kind: 'portal', externalId: 'PORTALE-2026-000123' } });
    const before = await numbers(db.admin, ente.registerId);
    const results = await Promise.all(Array.from({ length: 5 }, () => registerInstance(clerkDb, request)));
    expect(new Set(results.map((r) => r.instanceId)).size).toBe(1);
    expect(results.filter((r) => !r.alreadyRegistered)).toHaveLength(1);
    expect(new Set(results.map((r) => r.protocol.number)).size).toBe(1);
    expect(await numbers(db.admin, ente.registerId)).toHaveLength(before.length + 1);
    const replay = await registerInstance(clerkDb, request);
    expect(replay).toMatchObject({ alreadyRegistered: true, instanceId: results[0]!.instanceId });
  });

  it('art. 53: number, date, correspondent, subject and document hashes cannot be changed, not even by the owner', async () => {
    const { instanceId } = await registerInstance(clerkDb, deskRequest());
    const entry = await db.admin('scrivania.protocol_entries').where({ instance_id: instanceId }).first();
    for (const change of [
      { number: 9999 },
      { subject: 'Altro oggetto' },
      { correspondent_name: 'Altro' },
      { registered_at: new Date('2020-01-01') },
    ]) {
      await expect(db.admin('scrivania.protocol_entries').where({ id: entry.id }).update(change)).rejects.toThrow(/art\. 53/);
    }
    await expect(db.admin('scrivania.protocol_entries').where({ id: entry.id }).delete()).rejects.toThrow(/art\. 54/);
    await expect(
      db
        .admin('scrivania.protocol_entry_documents')
        .where({ entry_id: entry.id })
        .update({ sha256: '0'.repeat(64) }),
    ).rejects.toThrow(/art\. 53/);
    await expect(
      db
        .admin('scrivania.protocol_entry_documents')
        .insert({ entry_id: entry.id, position: 9, filename: 'x.pdf', content_type: 'application/pdf', size: 1, sha256: '0'.repeat(64) }),
    ).rejects.toThrow(/together with their registration/);
    await expect(clerkDb('scrivania.protocol_entries').where({ id: entry.id }).update({ subject: 'Altro' })).rejects.toThrow(
      /permission denied/,
    );
  });

  it('art. 54: only a manager annuls, with reason and act; the annulled data stays readable and frozen', async () => {
    const { instanceId } = await registerInstance(clerkDb, deskRequest());
    const entry = await db.admin('scrivania.protocol_entries').where({ instance_id: instanceId }).first();
    const annul = { annulled_at: new Date(), annulment_reason: 'Registrazione duplicata per errore', annulment_act: 'Provv. n. 12/2026' };
    await expect(clerkDb('scrivania.protocol_entries').where({ id: entry.id }).update(annul)).rejects.toThrow(/protocol manager/);
    await expect(
      managerDb('scrivania.protocol_entries')
        .where({ id: entry.id })
        .update({ ...annul, annulment_act: '' }),
    ).rejects.toThrow();
    await managerDb('scrivania.protocol_entries').where({ id: entry.id }).update(annul);
    const annulled = await clerkDb('scrivania.protocol_entries').where({ id: entry.id }).first();
    expect(annulled).toMatchObject({
      subject: entry.subject,
      number: entry.number,
      annulled_login: manager.username,
      annulment_act: 'Provv. n. 12/2026',
    });
    await expect(
      managerDb('scrivania.protocol_entries').where({ id: entry.id }).update({ classification_id: entry.classification_id }),
    ).rejects.toThrow(/annulled/);
  });

  it('the protocol office registers for every office; another office cannot register for the building office', async () => {
    const protocolClerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.protocollo] });
    const protocolDb = db.connectAs(protocolClerk);
    const result = await registerInstance(protocolDb, deskRequest());
    expect(result.alreadyRegistered).toBe(false);
    expect(await db.admin('scrivania.instances').where({ id: result.instanceId }).first('office_id')).toEqual({
      office_id: ente.offices.edilizia,
    });
    expect(await protocolDb('scrivania.instances').where({ id: result.instanceId })).toHaveLength(0);
    expect(await protocolDb('scrivania.protocol_entries').where({ instance_id: result.instanceId })).toHaveLength(1);

    const registryClerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    const before = await numbers(db.admin, ente.registerId);
    await expect(registerInstance(db.connectAs(registryClerk), deskRequest())).rejects.toMatchObject({
      code: '42501',
      hint: 'scrivania:registration_not_allowed',
    });
    expect(await numbers(db.admin, ente.registerId)).toEqual(before);
  });

  it('a clerk of another office sees neither the case nor its registration; the protocol office sees the whole register', async () => {
    const { instanceId } = await registerInstance(clerkDb, deskRequest());
    const outsider = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    const outsiderDb = db.connectAs(outsider);
    expect(await outsiderDb('scrivania.instances').where({ id: instanceId })).toHaveLength(0);
    expect(await outsiderDb('scrivania.protocol_entries').where({ instance_id: instanceId })).toHaveLength(0);
    expect(await managerDb('scrivania.protocol_entries').where({ instance_id: instanceId })).toHaveLength(1);
  });

  it('art. 57 under load: a registration writes all it can before its turn, and holds the register only for what is numbered', async () => {
    const before = await numbers(db.admin, ente.registerId);
    // Another registration holds the register, as a registration does (its place in the queue and
    // the counter), having taken the next number without committing yet.
    const holder = await db.admin.transaction();
    try {
      await holder.raw(`SELECT pg_advisory_xact_lock('scrivania.protocol_counters'::regclass::oid::integer, ?)`, [ente.registerId]);
      await holder('scrivania.protocol_entries').insert({
        ente_id: ente.enteId,
        register_id: ente.registerId,
        year: 0,
        number: 1,
        registered_at: new Date(),
        direction: 'outgoing',
        channel: 'pec',
        correspondent_name: 'Studio Tecnico Neri',
        subject: 'Comunicazione in partenza',
        classification_id: holder('scrivania.classifications').where({ ente_id: ente.enteId, code: 'I.8' }).select('id'),
        office_id: ente.offices.protocollo,
        segnatura: '',
      });
      const pending = registerInstance(clerkDb, deskRequest());
      const waiting = await waitUntil(async () => {
        const rows = (
          await db.admin.raw<{ rows: Array<{ pid: number }> }>(
            `SELECT pid FROM pg_stat_activity WHERE usename = ? AND wait_event_type = 'Lock' AND query LIKE '%register_submission%'`,
            [clerk.username],
          )
        ).rows;
        return rows[0];
      }, 'the registration to wait for its turn');
      const written = (
        await db.admin.raw<{ rows: Array<{ relname: string }> }>(
          `SELECT DISTINCT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE l.pid = ? AND l.mode = 'RowExclusiveLock' AND c.relkind = 'r'`,
          [waiting.pid],
        )
      ).rows.map((r) => r.relname);
      // The bytes and the documents are written while it waits; the fascicolo, the entry, the case
      // and its history, numbered in turn, are not.
      expect(written).toEqual(expect.arrayContaining(['stored_files', 'documents', 'document_versions']));
      for (const numbered of ['fascicoli', 'protocol_entries', 'instances', 'instance_events']) expect(written).not.toContain(numbered);
      await holder.rollback();
      const result = await pending;
      // The rolled-back number is given back: no gap.
      expect(result.protocol.number).toBe(before.length + 1);
      expect(await numbers(db.admin, ente.registerId)).toEqual(Array.from({ length: before.length + 1 }, (_, i) => i + 1));
    } finally {
      if (!holder.isCompleted()) await holder.rollback();
    }
  });

  it('a procedure changed between two registrations: the next one counts the new term; a procedure renamed or withdrawn is refused', async () => {
    const dueDate = async (instanceId: number) =>
      (
        (await db.admin('scrivania.instances').where({ id: instanceId }).first(db.admin.raw('due_date::text AS due'))) as {
          due: string;
        }
      ).due;
    const clockFor = (legalTermDays: number) =>
      computeProcedureClock({
        legalTermDays,
        clockRule: 'silenzio_assenso',
        suspensionAllowed: true,
        receivedOn: todayInRome(),
        patronDay: '06-24',
        events: [],
        today: todayInRome(),
      }).dueDate;
    const first = await registerInstance(clerkDb, deskRequest());
    expect(await dueDate(first.instanceId)).toBe(clockFor(60));
    await db.admin('scrivania.procedure_types').where({ id: ente.procedures.permesso }).update({ legal_term_days: 90 });
    try {
      const second = await registerInstance(clerkDb, deskRequest());
      expect(await dueDate(second.instanceId)).toBe(clockFor(90));
      const before = await numbers(db.admin, ente.registerId);
      await db.admin('scrivania.procedure_types').where({ id: ente.procedures.permesso }).update({ code: 'PDC_2027' });
      await expect(registerInstance(clerkDb, deskRequest())).rejects.toMatchObject({ code: 'not_found', reason: 'unknown_procedure' });
      await db.admin('scrivania.procedure_types').where({ id: ente.procedures.permesso }).update({ code: 'PDC', active: false });
      await expect(registerInstance(clerkDb, deskRequest())).rejects.toMatchObject({ code: 'not_found', reason: 'unknown_procedure' });
      expect(await numbers(db.admin, ente.registerId)).toEqual(before);
    } finally {
      await db
        .admin('scrivania.procedure_types')
        .where({ id: ente.procedures.permesso })
        .update({ code: 'PDC', legal_term_days: 60, active: true });
    }
  });

  it("the correspondent: a business by partita IVA with its PEC; a person's postal address from the registry, never overwritten by a submission", async () => {
    const partitaIva = `0471203055${partitaIvaCheckDigit('0471203055')}`;
    const business = await registerInstance(
      clerkDb,
      deskRequest({ applicant: { kind: 'business', partitaIva, name: 'Edilizia Ferri srl', pec: 'edilizia.ferri@pec.example.it' } }),
    );
    expect(await db.admin('scrivania.protocol_entries').where({ instance_id: business.instanceId }).first()).toMatchObject({
      correspondent_name: 'Edilizia Ferri srl',
      correspondent_tax_code: partitaIva,
      correspondent_address: 'edilizia.ferri@pec.example.it',
      person_id: null,
    });
    expect(await db.admin('scrivania.instances').where({ id: business.instanceId }).first()).toMatchObject({
      applicant_name: 'Edilizia Ferri srl',
      applicant_person_id: null,
    });

    const codiceFiscale = buildCodiceFiscale({
      lastName: 'Galli',
      firstName: 'Ugo',
      birthDate: '1961-07-02',
      sex: 'M',
      birthPlaceCode: 'D653',
    });
    const person = { kind: 'person' as const, codiceFiscale, lastName: 'Galli', firstName: 'Ugo' };
    const first = await registerInstance(
      clerkDb,
      deskRequest({ applicant: { ...person, address: 'Via Mazzini 4', postalCode: '06034', city: 'Foligno' } }),
    );
    const again = await registerInstance(clerkDb, deskRequest({ applicant: { ...person, address: 'Via Garibaldi 9', city: 'Spello' } }));
    for (const { instanceId } of [first, again]) {
      expect(await db.admin('scrivania.protocol_entries').where({ instance_id: instanceId }).first()).toMatchObject({
        correspondent_name: 'Galli Ugo',
        correspondent_tax_code: codiceFiscale,
        correspondent_address: 'Via Mazzini 4, 06034 Foligno',
      });
    }
    expect(await db.admin('scrivania.persons').where({ ente_id: ente.enteId, codice_fiscale: codiceFiscale })).toHaveLength(1);
  });
});
