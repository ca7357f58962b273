import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthRecordOf, householdOf, residenceOf } from '../../src/main/people/anagrafe';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { loadDemoEnte, type DemoEnte } from './workloadFixtures';

describe('the demo Comune’s registry, as the registry clerk reads it', () => {
  let db: TestDatabase;
  let demo: DemoEnte;
  let clerkDb: Knex;

  beforeAll(async () => {
    db = await createTestDatabase();
    demo = await loadDemoEnte(db, { instances: 40, persons: 400 });
    clerkDb = db.connectAs(demo.staff('g.greco'));
  }, 120_000);

  afterAll(async () => {
    await db.drop();
    await demo.dropRoles();
  });

  const personIdsWhere = async (sql: string): Promise<number[]> =>
    (await db.admin.raw<{ rows: Array<{ id: number }> }>(`SELECT p.id FROM scrivania.persons p WHERE ${sql} ORDER BY p.id`)).rows.map(
      (row) => Number(row.id),
    );

  it('makes most people residents, living where the people registry says they live', async () => {
    const { anagrafe, persons } = demo.summary;
    expect(anagrafe.residents).toBeGreaterThan(0.85 * persons);
    const [resident] = await personIdsWhere(
      `EXISTS (SELECT 1 FROM scrivania.residences r WHERE r.person_id = p.id AND r.ended_on IS NULL)`,
    );
    const residence = await residenceOf(clerkDb, resident!);
    const contact = await db.admin('scrivania.persons').where({ id: resident }).first(['address', 'postal_code', 'city']);
    expect(residence).toMatchObject({ postalCode: '06030', city: 'Montesereno' });
    expect(residence?.address.replace(',', '')).toBe(contact.address);
  });

  it('has families: a head, a spouse and children, and people who live alone', async () => {
    const [parent] = await personIdsWhere(
      `EXISTS (SELECT 1 FROM scrivania.household_members m WHERE m.person_id = p.id AND m.relationship IN ('genitore', 'suocero'))`,
    );
    const family = await householdOf(clerkDb, parent!);
    expect(family?.members[0]?.relationship).toMatch(/^Intestatari[oa] scheda$/);
    expect(family?.members.map((m) => m.relationship)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(Madre|Padre|Suocera|Suocero)$/)]),
    );
    expect(family?.members.length).toBeGreaterThanOrEqual(3);
    const sizes = await db.admin.raw<{ rows: Array<{ size: number; households: number }> }>(
      `SELECT n AS size, count(*)::integer AS households FROM (SELECT count(*) AS n FROM scrivania.household_members GROUP BY household_id) s GROUP BY n`,
    );
    expect(sizes.rows.find((row) => Number(row.size) === 1)?.households).toBeGreaterThan(20);
    expect(sizes.rows.filter((row) => Number(row.size) >= 4).reduce((total, row) => total + row.households, 0)).toBeGreaterThan(10);
  });

  it('has people who are not resident, some of whom emigrated, for the refusal of a residence certificate', async () => {
    const emigrated = await personIdsWhere(
      `EXISTS (SELECT 1 FROM scrivania.residences r WHERE r.person_id = p.id AND r.end_reason = 'emigrated')
       AND NOT EXISTS (SELECT 1 FROM scrivania.residences r WHERE r.person_id = p.id AND r.ended_on IS NULL)`,
    );
    expect(emigrated.length).toBeGreaterThan(0);
    expect(await residenceOf(clerkDb, emigrated[0]!)).toBeNull();
    expect(await householdOf(clerkDb, emigrated[0]!)).toBeNull();
  });

  it('has birth acts for those born in the Comune and none for those born elsewhere', async () => {
    const [bornHere] = await personIdsWhere(`p.birth_place = 'Montesereno (PG)'`);
    const [bornElsewhere] = await personIdsWhere(`p.birth_place = 'Perugia (PG)'`);
    const act = await birthRecordOf(clerkDb, bornHere!);
    expect(act).toMatchObject({ birthPlace: 'Montesereno (PG)', actPart: 'I' });
    expect(act?.fatherName).toBeTruthy();
    expect(await birthRecordOf(clerkDb, bornElsewhere!)).toBeNull();
    const unrecorded = await db.admin.raw<{ rows: Array<{ count: number }> }>(
      `SELECT count(*)::integer AS count FROM scrivania.birth_records b JOIN scrivania.persons p ON p.id = b.person_id WHERE p.birth_place <> 'Montesereno (PG)'`,
    );
    expect(unrecorded.rows[0]?.count).toBe(0);
  });
});
