import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_MIGRATIONS, migrateToLatest, migratorConfig } from '../../src/main/db/migrations';
import { databaseErrorToApiError } from '../../src/main/db/errors';
import { birthRecordOf, householdOf, residenceOf } from '../../src/main/people/anagrafe';
import { partyDossier } from '../../src/main/people/service';
import { createEnte, createPerson, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

/** The API error a refused write becomes: what the clerk's screen would say. */
async function refusal(write: Promise<unknown>): Promise<{ code: string; reason?: string } | null> {
  try {
    await write;
    return null;
  } catch (error) {
    return databaseErrorToApiError(error);
  }
}

const ADDRESS = { house_number: '12', postal_code: '06030', city: 'Montesereno' };

describe('the registry (anagrafe): residence, households and birth acts under the database rules', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let otherEnte: EnteFixture;
  let registryClerk: TestStaff;
  let technician: TestStaff;
  let otherClerk: TestStaff;
  let clerkDb: Knex;
  let technicianDb: Knex;
  let otherDb: Knex;
  let streetId: number;
  let householdId: number;
  const people: Record<'mario' | 'anna' | 'giulia' | 'luca' | 'maria' | 'paolo' | 'sara', number> = {
    mario: 0,
    anna: 0,
    giulia: 0,
    luca: 0,
    maria: 0,
    paolo: 0,
    sara: 0,
  };

  /** A current residence at the family's address (Via della Libertà, 12). */
  const livesAt = (personId: number, since: string) => ({
    ente_id: ente.enteId,
    person_id: personId,
    street_id: streetId,
    ...ADDRESS,
    resident_since: since,
  });
  const member = (personId: number, relationship: string, from: string, household = householdId) => ({
    ente_id: ente.enteId,
    household_id: household,
    person_id: personId,
    relationship,
    member_from: from,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin, 'Comune di Montesereno');
    otherEnte = await createEnte(db.admin, 'Comune Vicino');
    registryClerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    technician = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia] });
    otherClerk = await db.createStaff({ enteId: otherEnte.enteId, role: 'clerk', officeIds: [otherEnte.offices.anagrafe] });
    clerkDb = db.connectAs(registryClerk);
    technicianDb = db.connectAs(technician);
    otherDb = db.connectAs(otherClerk);

    people.mario = await createPerson(db.admin, ente.enteId, { lastName: 'Rossi', firstName: 'Mario', birthDate: '1968-03-02', sex: 'M' });
    people.anna = await createPerson(db.admin, ente.enteId, { lastName: 'Bianchi', firstName: 'Anna', birthDate: '1971-11-20', sex: 'F' });
    people.giulia = await createPerson(db.admin, ente.enteId, {
      lastName: 'Rossi',
      firstName: 'Giulia',
      birthDate: '2004-12-30',
      sex: 'F',
    });
    people.luca = await createPerson(db.admin, ente.enteId, { lastName: 'Rossi', firstName: 'Luca', birthDate: '2009-05-14', sex: 'M' });
    people.maria = await createPerson(db.admin, ente.enteId, { lastName: 'Verdi', firstName: 'Maria', birthDate: '1941-08-08', sex: 'F' });
    people.paolo = await createPerson(db.admin, ente.enteId, { lastName: 'Neri', firstName: 'Paolo', birthDate: '1985-01-09', sex: 'M' });
    people.sara = await createPerson(db.admin, ente.enteId, { lastName: 'Gialli', firstName: 'Sara', birthDate: '1990-02-01', sex: 'F' });
    const [street] = await db
      .admin('scrivania.archive_streets')
      .insert({ ente_id: ente.enteId, street_type: 'via', name: 'della Libertà' })
      .returning<Array<{ id: number }>>('id');
    streetId = street!.id;

    // The registry clerk records the family in one transaction: the checks run at commit.
    householdId = await clerkDb.transaction(async (trx) => {
      const [household] = await trx('scrivania.households')
        .insert({ ente_id: ente.enteId, street_id: streetId, ...ADDRESS, formed_on: '1999-09-18' })
        .returning<Array<{ id: number }>>('id');
      const id = household!.id;
      await trx('scrivania.residences').insert([
        livesAt(people.mario, '1999-09-18'),
        livesAt(people.anna, '1999-09-18'),
        livesAt(people.giulia, '2004-12-30'),
        livesAt(people.luca, '2009-05-14'),
        livesAt(people.maria, '2016-04-01'),
      ]);
      await trx('scrivania.household_members').insert([
        member(people.luca, 'figlio', '2009-05-14', id),
        member(people.maria, 'genitore', '2016-04-01', id),
        member(people.anna, 'coniuge', '1999-09-18', id),
        member(people.giulia, 'figlio', '2004-12-30', id),
        member(people.mario, 'intestatario_scheda', '1999-09-18', id),
      ]);
      // Giulia was born at home in the Comune on 30 December; her act was drawn up in January.
      await trx('scrivania.birth_records').insert({
        ente_id: ente.enteId,
        person_id: people.giulia,
        act_year: 2005,
        act_number: '3',
        act_part: 'I',
        birth_time: '23:40',
        birth_place: 'Montesereno (PG)',
        father_name: 'Mario Rossi',
        mother_name: 'Anna Bianchi',
      });
      // Paolo lived in the Comune and emigrated to Perugia.
      await trx('scrivania.residences').insert({
        ente_id: ente.enteId,
        person_id: people.paolo,
        street_address: 'Via delle Fonti',
        house_number: '4/B',
        postal_code: '06030',
        city: 'Montesereno',
        resident_since: '2010-01-01',
        ended_on: '2020-06-30',
        end_reason: 'emigrated',
      });
      return id;
    });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('reads a resident’s address and the day they came to live there', async () => {
    expect(await residenceOf(clerkDb, people.mario)).toEqual({
      address: 'Via della Libertà, 12',
      postalCode: '06030',
      city: 'Montesereno',
      since: '1999-09-18',
    });
    expect(await residenceOf(technicianDb, people.luca)).toMatchObject({ address: 'Via della Libertà, 12', since: '2009-05-14' });
  });

  it('lists the household head first, then spouse, children by age and the head’s mother, as the stato di famiglia prints them', async () => {
    const household = await householdOf(technicianDb, people.giulia);
    expect(household).toMatchObject({ householdId, address: 'Via della Libertà, 12', postalCode: '06030', city: 'Montesereno' });
    expect(household?.members.map((m) => [m.lastName, m.firstName, m.relationship])).toEqual([
      ['Rossi', 'Mario', 'Intestatario scheda'],
      ['Bianchi', 'Anna', 'Coniuge'],
      ['Rossi', 'Giulia', 'Figlia'],
      ['Rossi', 'Luca', 'Figlio'],
      ['Verdi', 'Maria', 'Madre'],
    ]);
    expect(household?.members[2]).toMatchObject({ personId: people.giulia, birthDate: '2004-12-30', birthPlace: 'Roma' });
    expect(household?.members[2]?.codiceFiscale).toMatch(/^RSSGLI04T70/);
  });

  it('reads the birth act of someone born in the Comune, and nothing for someone born elsewhere', async () => {
    expect(await birthRecordOf(clerkDb, people.giulia)).toEqual({
      birthDate: '2004-12-30',
      birthTime: '23:40',
      birthPlace: 'Montesereno (PG)',
      actYear: 2005,
      actNumber: '3',
      actPart: 'I',
      actSeries: null,
      fatherName: 'Mario Rossi',
      motherName: 'Anna Bianchi',
    });
    expect(await birthRecordOf(clerkDb, people.mario)).toBeNull();
  });

  it('shows the registry data in the person’s dossier, to any of the ente’s staff', async () => {
    const dossier = await partyDossier(technicianDb, 'person', people.giulia);
    expect(dossier.registry?.residence).toMatchObject({ address: 'Via della Libertà, 12', since: '2004-12-30' });
    expect(dossier.registry?.household?.members).toHaveLength(5);
    expect(dossier.registry?.birth).toMatchObject({ actYear: 2005, actNumber: '3' });
    expect((await partyDossier(technicianDb, 'person', people.sara)).registry).toEqual({ residence: null, household: null, birth: null });
  });

  it('finds no residence and no household for someone who emigrated, or who never lived in the Comune', async () => {
    expect(await residenceOf(clerkDb, people.paolo)).toBeNull();
    expect(await householdOf(clerkDb, people.paolo)).toBeNull();
    expect(await residenceOf(clerkDb, people.sara)).toBeNull();
  });

  it('refuses a second head of the household and a person in two households', async () => {
    await clerkDb('scrivania.residences').insert(livesAt(people.sara, '2024-01-01'));
    expect(
      await refusal(clerkDb('scrivania.household_members').insert(member(people.sara, 'intestatario_scheda', '2024-01-01'))),
    ).toMatchObject({
      code: 'conflict',
      reason: 'household_members_current_head_idx',
    });

    const otherHousehold = await clerkDb.transaction(async (trx) => {
      const [row] = await trx('scrivania.households')
        .insert({ ente_id: ente.enteId, street_id: streetId, ...ADDRESS, formed_on: '2024-01-01' })
        .returning<Array<{ id: number }>>('id');
      await trx('scrivania.household_members').insert(member(people.sara, 'intestatario_scheda', '2024-01-01', row!.id));
      return row!.id;
    });
    expect(
      await refusal(clerkDb('scrivania.household_members').insert(member(people.luca, 'convivente', '2024-02-01', otherHousehold))),
    ).toMatchObject({
      code: 'conflict',
      reason: 'household_members_current_person_idx',
    });
    // Nor can a past membership overlap the current one, or begin before its household was formed.
    expect(
      await refusal(
        clerkDb('scrivania.household_members').insert({
          ...member(people.luca, 'convivente', '2024-01-01', otherHousehold),
          member_to: '2024-03-01',
        }),
      ),
    ).toMatchObject({ code: 'conflict', reason: 'household_members_one_household_at_a_time' });
    expect(
      await refusal(
        clerkDb('scrivania.household_members').insert({
          ...member(people.luca, 'convivente', '2023-01-01', otherHousehold),
          member_to: '2024-03-01',
        }),
      ),
    ).toMatchObject({ code: 'validation', reason: 'anagrafe_membership_outside_household' });
    expect((await householdOf(clerkDb, people.luca))?.householdId).toBe(householdId);
  });

  it('refuses at commit a household left without a head, and a member who is not resident at its address', async () => {
    const headless = clerkDb.transaction(async (trx) => {
      await trx('scrivania.household_members')
        .where({ person_id: people.mario })
        .whereNull('member_to')
        .update({ member_to: '2025-01-10' });
    });
    expect(await refusal(headless)).toMatchObject({ code: 'validation', reason: 'anagrafe_household_without_head' });

    const emigratedStillMember = clerkDb.transaction(async (trx) => {
      await trx('scrivania.residences')
        .where({ person_id: people.luca })
        .whereNull('ended_on')
        .update({ ended_on: '2025-01-10', end_reason: 'emigrated' });
    });
    expect(await refusal(emigratedStillMember)).toMatchObject({ code: 'validation', reason: 'anagrafe_member_not_resident_there' });
    expect(await residenceOf(clerkDb, people.luca)).not.toBeNull();
    expect(await householdOf(clerkDb, people.mario)).toMatchObject({
      members: expect.arrayContaining([expect.objectContaining({ relationship: 'Intestatario scheda' })]),
    });
  });

  it('refuses data that cannot be true: a residence before birth, two current residences, a birth act of another year', async () => {
    expect(await refusal(clerkDb('scrivania.residences').insert(livesAt(people.paolo, '1980-01-01')))).toMatchObject({
      code: 'validation',
      reason: 'anagrafe_before_birth',
    });
    expect(await refusal(clerkDb('scrivania.residences').insert(livesAt(people.mario, '2025-01-01')))).toMatchObject({
      code: 'conflict',
      reason: 'residences_current_idx',
    });
    expect(
      await refusal(
        clerkDb('scrivania.residences').insert({
          ...livesAt(people.paolo, '2015-01-01'),
          ended_on: '2016-01-01',
          end_reason: 'moved_within',
        }),
      ),
    ).toMatchObject({ code: 'conflict', reason: 'residences_periods_do_not_overlap' });
    expect(
      await refusal(
        clerkDb('scrivania.birth_records').insert({
          ente_id: ente.enteId,
          person_id: people.luca,
          act_year: 2012,
          act_number: '40',
          act_part: 'I',
          birth_place: 'Montesereno (PG)',
        }),
      ),
    ).toMatchObject({ code: 'validation', reason: 'anagrafe_act_year' });
    expect(
      await refusal(
        clerkDb('scrivania.residences').insert({ ...livesAt(people.sara, '2024-01-01'), street_id: null, street_address: null }),
      ),
    ).toMatchObject({ code: 'validation' });
  });

  it('lets all staff read the registry but only the registry’s writers change it, each change audited', async () => {
    expect(
      await refusal(technicianDb('scrivania.residences').where({ person_id: people.mario }).update({ house_number: '14' })),
    ).toMatchObject({ code: 'forbidden' });
    const audited = await db
      .admin('scrivania.audit_log')
      .where({ table_name: 'household_members', action: 'INSERT', ente_id: ente.enteId })
      .count<Array<{ count: string }>>('* as count');
    expect(Number(audited[0]?.count)).toBeGreaterThanOrEqual(5);
  });

  it('shows another ente’s clerk nothing of this Comune’s registry, and lets them write none of it', async () => {
    expect(await residenceOf(otherDb, people.mario)).toBeNull();
    expect(await householdOf(otherDb, people.giulia)).toBeNull();
    expect(await birthRecordOf(otherDb, people.giulia)).toBeNull();
    const visible = await otherDb('scrivania.households').count<Array<{ count: number }>>('* as count');
    expect(Number(visible[0]?.count)).toBe(0);
    expect(
      await refusal(otherDb('scrivania.residences').insert({ ...livesAt(people.sara, '2024-01-01'), ente_id: ente.enteId })),
    ).toMatchObject({ code: 'forbidden' });
  });
});

describe('the registry migration', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('main', { empty: true });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('keeps the people registered before it, gives them residences, and goes down and up again', async () => {
    const before = KNOWN_MIGRATIONS.indexOf('20261123094000_anagrafe');
    for (const name of KNOWN_MIGRATIONS.slice(0, before)) await db.admin.migrate.up({ ...migratorConfig(), name });
    const ente = await createEnte(db.admin);
    const person = await createPerson(db.admin, ente.enteId, { lastName: 'Verdi', firstName: 'Giuseppe', birthDate: '1950-10-10' });

    await migrateToLatest(db.admin);
    await db.admin('scrivania.residences').insert({
      ente_id: ente.enteId,
      person_id: person,
      street_address: 'Via Nuova',
      house_number: 'SNC',
      postal_code: '06030',
      city: 'Montesereno',
      resident_since: '1975-01-01',
    });
    expect(await residenceOf(db.admin, person)).toEqual({
      address: 'Via Nuova, snc',
      postalCode: '06030',
      city: 'Montesereno',
      since: '1975-01-01',
    });

    const after = KNOWN_MIGRATIONS.slice(before + 1).reverse();
    for (const name of after) await db.admin.migrate.down({ ...migratorConfig(), name });
    await db.admin.migrate.down({ ...migratorConfig(), name: '20261123094000_anagrafe' });
    expect(await db.admin.schema.withSchema('scrivania').hasTable('residences')).toBe(false);
    expect(await db.admin('scrivania.persons').where({ id: person }).first('last_name')).toEqual({ last_name: 'Verdi' });
    await migrateToLatest(db.admin);
    expect(await db.admin.schema.withSchema('scrivania').hasTable('household_members')).toBe(true);
  });
});
