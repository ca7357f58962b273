import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOnCase, getCase, type Actor } from '../../src/main/instances/workflowService';
import { partyDossier, searchPeople } from '../../src/main/people/service';
import { registerInstance, type RegistrationRequest } from '../../src/main/protocol/registration';
import { CaseActionInput, type CaseActionInputValue } from '../../src/shared/api/cases';
import { PeopleSearchInput } from '../../src/shared/api/people';
import { applyOmocodia, buildCodiceFiscale } from '../../src/shared/domain/codiceFiscale';
import { partitaIvaCheckDigit } from '../../src/shared/domain/partitaIva';
import { createEnte, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const NICCOLO_CF = buildCodiceFiscale({
  lastName: "D'Angelo",
  firstName: 'Niccolò',
  birthDate: '1975-04-12',
  sex: 'M',
  birthPlaceCode: 'G478',
});
const MARIO_CF = buildCodiceFiscale({ lastName: 'Rossi', firstName: 'Mario', birthDate: '1980-01-01', sex: 'M', birthPlaceCode: 'H501' });
/** A second Mario Rossi born the same day in the same place: the Agenzia delle Entrate gives him an omocodic code. */
const MARIO_OMOCODIC_CF = applyOmocodia(MARIO_CF, 1);
const FIRM_VAT = `0123456789${partitaIvaCheckDigit('0123456789')}`;

function deskRequest(procedureCode: string, applicant: RegistrationRequest['applicant'], subject: string): RegistrationRequest {
  return {
    channel: 'desk',
    source: { kind: 'desk', externalId: null },
    procedureCode,
    applicant,
    subject,
    receivedAt: new Date().toISOString(),
    attachments: [{ filename: 'domanda.pdf', bytes: PDF, title: 'Domanda', kind: 'application' }],
  };
}

function withWrongCheckCharacter(cf: string): string {
  const last = cf.charAt(15);
  return cf.slice(0, 15) + (last === 'A' ? 'B' : 'A');
}

describe('the citizen and business dossier: search by identifier or name, one view under row-level security', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let otherEnte: EnteFixture;
  let deskClerk: TestStaff;
  let technician: TestStaff;
  let registryClerk: TestStaff;
  let deskDb: Knex;
  let technicianDb: Knex;
  let registryDb: Knex;
  let niccoloInstance: number;
  let niccoloId: number;
  let firmId: number;

  const actorOf = (staff: TestStaff): Actor => ({ staffId: staff.id, role: staff.role });
  const act = (conn: Knex, staff: TestStaff, input: CaseActionInputValue) => actOnCase(conn, CaseActionInput.parse(input), actorOf(staff));

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin);
    otherEnte = await createEnte(db.admin, 'Comune Vicino');
    // The desk clerk works for the building office; the registry clerk only for the registry office.
    deskClerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.edilizia] });
    technician = await db.createStaff({
      enteId: ente.enteId,
      role: 'technician',
      officeIds: [ente.offices.edilizia],
      name: 'Teresa Tecnica',
    });
    registryClerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    deskDb = db.connectAs(deskClerk);
    technicianDb = db.connectAs(technician);
    registryDb = db.connectAs(registryClerk);

    const registered = await registerInstance(
      deskDb,
      deskRequest(
        'PDC',
        { kind: 'person', codiceFiscale: NICCOLO_CF, lastName: "D'Angelo", firstName: 'Niccolò', pec: 'niccolo.dangelo@pec.example.it' },
        'Ampliamento di edificio residenziale in via dei Tigli',
      ),
    );
    niccoloInstance = registered.instanceId;
    let detail = await getCase(technicianDb, niccoloInstance, actorOf(technician));
    detail = await act(technicianDb, technician, {
      instanceId: niccoloInstance,
      expectedVersion: detail.version,
      action: 'take_in_charge',
    });
    await act(technicianDb, technician, {
      instanceId: niccoloInstance,
      expectedVersion: detail.version,
      action: 'request_integration',
      reason: 'Manca la relazione paesaggistica',
    });
    niccoloId = Number((await db.admin('scrivania.persons').where({ codice_fiscale: NICCOLO_CF }).first('id')).id);

    await registerInstance(
      deskDb,
      deskRequest(
        'PDC',
        { kind: 'business', partitaIva: FIRM_VAT, name: 'Edilnord S.r.l.', pec: 'edilnord@pec.example.it' },
        'Nuovo capannone artigianale',
      ),
    );
    firmId = Number((await db.admin('scrivania.businesses').where({ partita_iva: FIRM_VAT }).first('id')).id);
    await db.admin('scrivania.businesses').where({ id: firmId }).update({ legal_representative_id: niccoloId });

    for (const [codiceFiscale, birthPlace] of [
      [MARIO_CF, 'Roma'],
      [MARIO_OMOCODIC_CF, 'Roma (omocodia)'],
    ] as const) {
      await db.admin('scrivania.persons').insert({
        ente_id: ente.enteId,
        codice_fiscale: codiceFiscale,
        last_name: 'Rossi',
        first_name: 'Mario',
        sex: 'M',
        birth_date: '1980-01-01',
        birth_place: birthPlace,
      });
    }
    // Someone of the neighbouring Comune with a name that would match: never visible here.
    await db.admin('scrivania.persons').insert({
      ente_id: otherEnte.enteId,
      codice_fiscale: buildCodiceFiscale({
        lastName: "D'Angelo",
        firstName: 'Nicola',
        birthDate: '1970-02-02',
        sex: 'M',
        birthPlaceCode: 'G478',
      }),
      last_name: "D'Angelo",
      first_name: 'Nicola',
      sex: 'M',
      birth_date: '1970-02-02',
      birth_place: 'Perugia',
    });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('finds a person by codice fiscale, typed in lower case and with spaces', async () => {
    const spaced = `${NICCOLO_CF.slice(0, 6)} ${NICCOLO_CF.slice(6, 11)} ${NICCOLO_CF.slice(11)}`.toLowerCase();
    const result = await searchPeople(registryDb, spaced);
    expect(result.searchedBy).toBe('codice_fiscale');
    expect(result.parties).toEqual([
      expect.objectContaining({ kind: 'person', id: niccoloId, lastName: "D'Angelo", firstName: 'Niccolò' }),
    ]);
  });

  it('tells homonyms apart by the omocodic codice fiscale (DM 23/12/1976: digits replaced by letters)', async () => {
    const base = await searchPeople(registryDb, MARIO_CF);
    const omocodic = await searchPeople(registryDb, MARIO_OMOCODIC_CF);
    expect(base.parties).toEqual([expect.objectContaining({ codiceFiscale: MARIO_CF, birthPlace: 'Roma' })]);
    expect(omocodic.parties).toEqual([expect.objectContaining({ codiceFiscale: MARIO_OMOCODIC_CF, birthPlace: 'Roma (omocodia)' })]);
  });

  it('refuses an invalid codice fiscale saying why: length, format or check character', async () => {
    const cases = [
      [NICCOLO_CF.slice(0, 15), 'codice_fiscale_length'],
      [`1${NICCOLO_CF.slice(1)}`, 'codice_fiscale_format'],
      [withWrongCheckCharacter(NICCOLO_CF), 'codice_fiscale_check_char'],
    ] as const;
    for (const [text, reason] of cases) {
      // What the API answers before any query runs (the channel's input schema)...
      const parsed = PeopleSearchInput.safeParse({ text });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({ path: ['text'], message: reason });
      // ...and the service's own check, for callers inside the main process.
      await expect(searchPeople(registryDb, text)).rejects.toMatchObject({
        code: 'validation',
        reason,
        issues: [{ path: 'text', reason }],
      });
    }
  });

  it('finds a business by partita IVA, with or without the IT prefix, and refuses a wrong check digit', async () => {
    for (const text of [FIRM_VAT, `IT ${FIRM_VAT}`]) {
      const result = await searchPeople(registryDb, text);
      expect(result.searchedBy).toBe('partita_iva');
      expect(result.parties).toEqual([expect.objectContaining({ kind: 'business', id: firmId, name: 'Edilnord S.r.l.' })]);
    }
    const wrong = FIRM_VAT.slice(0, 10) + String((Number(FIRM_VAT.charAt(10)) + 1) % 10);
    await expect(searchPeople(registryDb, wrong)).rejects.toMatchObject({ reason: 'partita_iva_check_digit' });
    await expect(searchPeople(registryDb, '0123456')).rejects.toMatchObject({ reason: 'partita_iva_length' });
  });

  it('finds a name surname first, whatever the case, accents and apostrophes, only in the ente', async () => {
    for (const text of ["D'Angelo Niccolò", 'dangelo niccolo', "D'ANGELO", 'd angelo', 'niccolo']) {
      const result = await searchPeople(registryDb, text);
      expect(result, text).toMatchObject({ searchedBy: 'name', approximate: false });
      expect(
        result.parties.map((party) => party.id),
        text,
      ).toEqual([niccoloId]);
    }
    const firms = await searchPeople(registryDb, 'edilnord');
    expect(firms.parties).toEqual([expect.objectContaining({ kind: 'business', id: firmId })]);
    const rossi = await searchPeople(registryDb, 'Rossi Mario');
    expect(rossi.parties.map((party) => party.kind === 'person' && party.codiceFiscale).sort()).toEqual(
      [MARIO_CF, MARIO_OMOCODIC_CF].sort(),
    );
  });

  it('offers the closest names for a misspelt surname, saying they are approximate', async () => {
    const result = await searchPeople(registryDb, 'Rosi Mario');
    expect(result.approximate).toBe(true);
    expect(result.parties.length).toBeGreaterThanOrEqual(2);
    expect(result.parties.every((party) => party.kind === 'person' && party.lastName === 'Rossi')).toBe(true);
    const nothing = await searchPeople(registryDb, 'Zzyzx Qwerty');
    expect(nothing).toMatchObject({ approximate: false, parties: [] });
  });

  it('uses the trigram index of the name key on a large registry', async () => {
    await db.admin.transaction(async (trx) => {
      await trx.raw('SET LOCAL enable_seqscan = off');
      const plan = (await trx.raw(
        `EXPLAIN SELECT id FROM scrivania.persons p WHERE scrivania.name_search_key(p.last_name || ' ' || p.first_name) LIKE '%' || scrivania.name_search_key(?) || '%'`,
        ['dangelo'],
      )) as { rows: { 'QUERY PLAN': string }[] };
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('persons_name_key_trgm_idx');
    });
  });

  it("the building office's clerk sees the person's instance, its registration and the letter sent", async () => {
    const dossier = await partyDossier(deskDb, 'person', niccoloId);
    expect(dossier.party).toMatchObject({ kind: 'person', codiceFiscale: NICCOLO_CF, pec: 'niccolo.dangelo@pec.example.it' });
    expect(dossier.instances).toEqual([
      expect.objectContaining({
        id: niccoloInstance,
        status: 'suspended',
        procedureName: 'Permesso di costruire',
        assigneeName: 'Teresa Tecnica',
      }),
    ]);
    expect(dossier.instances[0]!.daysLeft).toEqual(expect.any(Number));
    expect(dossier.protocolEntries).toEqual([
      expect.objectContaining({ direction: 'incoming', channel: 'desk', instanceId: niccoloInstance, annulled: false }),
    ]);
    expect(dossier.protocolEntries[0]).toMatchObject({
      year: dossier.instances[0]!.protocolYear,
      number: dossier.instances[0]!.protocolNumber,
    });
    expect(dossier.messages).toEqual([
      expect.objectContaining({
        instanceId: niccoloInstance,
        templateCode: 'integration_request',
        recipientAddress: 'niccolo.dangelo@pec.example.it',
      }),
    ]);
    expect(dossier.related).toEqual([expect.objectContaining({ kind: 'business', id: firmId })]);
    expect(dossier.sections).toEqual([
      { key: 'certificates', items: [] },
      { key: 'payments', items: [] },
      { key: 'archive', items: [] },
    ]);
  });

  it('a clerk of another office finds the person but none of the instances, registrations or messages of an office they do not belong to', async () => {
    const found = await searchPeople(registryDb, NICCOLO_CF);
    expect(found.parties).toHaveLength(1);
    const dossier = await partyDossier(registryDb, 'person', niccoloId);
    expect(dossier.party).toMatchObject({ id: niccoloId, lastName: "D'Angelo" });
    expect(dossier.instances).toEqual([]);
    expect(dossier.protocolEntries).toEqual([]);
    expect(dossier.messages).toEqual([]);
    // The database says the same when asked directly as that clerk.
    expect(await registryDb('scrivania.instances').where({ applicant_person_id: niccoloId })).toEqual([]);
  });

  it("a business's dossier lists its instance and its legal representative", async () => {
    const dossier = await partyDossier(technicianDb, 'business', firmId);
    expect(dossier.party).toMatchObject({ kind: 'business', partitaIva: FIRM_VAT });
    expect(dossier.instances).toEqual([expect.objectContaining({ subject: 'Nuovo capannone artigianale', status: 'received' })]);
    expect(dossier.related).toEqual([expect.objectContaining({ kind: 'person', id: niccoloId })]);
  });

  it('a person of another ente is neither found nor readable', async () => {
    const other = (await db.admin('scrivania.persons').where({ ente_id: otherEnte.enteId }).first('id')) as { id: number };
    const result = await searchPeople(registryDb, 'dangelo nicola');
    expect(result.parties.map((party) => party.id)).not.toContain(Number(other.id));
    await expect(partyDossier(registryDb, 'person', Number(other.id))).rejects.toMatchObject({
      code: 'not_found',
      reason: 'party_not_found',
    });
  });
});
