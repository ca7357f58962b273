import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { getCduRequest, listCduRequests, validateParcels } from '../../src/main/certificates/cdu/service';
import { loadDemoEnte, type DemoEnte } from './workloadFixtures';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

/** The demo Comune's cadastre and PRG: what a trainee finds when they try the CDU at the counter. */
describe('demo CDU data', () => {
  let db: TestDatabase;
  let demo: DemoEnte;
  let technicianDb: Knex;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Enough cases that some CDU instances of persons are still within their 30 days whatever the day the test runs.
    demo = await loadDemoEnte(db, { instances: 4000, persons: 300 });
    technicianDb = db.connectAs(demo.staff('f.gallo'));
  }, 240_000);

  afterAll(async () => {
    await db.drop();
    await demo.dropRoles();
  });

  it("holds the archive showcase's parcel, zoned by the PRG with its NTA articles, and a parcel split by a frazionamento", async () => {
    const check = await validateParcels(technicianDb, [
      { sezione: null, foglio: 12, particella: '345' },
      { sezione: null, foglio: 12, particella: '346' },
    ]);
    expect(check.parcels.map((parcel) => parcel.status)).toEqual(['valid', 'suppressed']);
    expect(check.parcels[1]!.suppression!.successors).toHaveLength(2);
    const parcels = Number((await db.admin('scrivania.cadastral_parcels').count({ n: '*' }))[0]!.n);
    expect(parcels).toBeGreaterThan(200);
    const zones = await db.admin('scrivania.planning_zones').pluck('code');
    expect(zones).toEqual(expect.arrayContaining(['A', 'B2', 'C1', 'D1', 'E1', 'E2', 'F2']));
  });

  it('has CDU requests in progress whose parcels carry zones, articles with prescriptions, and archive precedents where there are', async () => {
    const { rows } = await listCduRequests(technicianDb, { view: 'open', text: '', offset: 0, limit: 10 });
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const row of rows) {
      expect(row.case).not.toBeNull();
      const detail = await getCduRequest(technicianDb, row.id);
      expect(detail.planning.length).toBe(row.parcels.length);
      for (const parcel of detail.planning) {
        expect(parcel.zones.length).toBeGreaterThan(0);
        expect(parcel.zones[0]!.articles[0]!.text).toMatch(/\w{5,}/);
      }
      expect(detail.precedents).not.toBeNull();
    }
  });
});
