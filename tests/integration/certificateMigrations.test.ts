import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_MIGRATIONS, migrateToLatest, migratorConfig } from '../../src/main/db/migrations';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

describe('certificate types data migration: every ente, existing or new, gets the four types and the exemptions with their norms', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('main', { empty: true });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('an ente created before the data migration gets the types, settings and its verification address', async () => {
    const dataMigration = KNOWN_MIGRATIONS.indexOf('20261123094110_certificate_types_data');
    for (const name of KNOWN_MIGRATIONS.slice(0, dataMigration)) await db.admin.migrate.up({ ...migratorConfig(), name });
    const [ente] = (await db
      .admin('scrivania.enti')
      .insert({
        istat_code: '054990',
        name: 'Comune di Montesereno',
        codice_fiscale: '00000000002',
        ipa_code: 'c_cert',
        province: 'PG',
        address: 'Piazza 1',
      })
      .returning('id')) as Array<{ id: number }>;
    expect(await db.admin('scrivania.certificate_types').where({ ente_id: ente!.id }).pluck('code')).toEqual([]);

    await migrateToLatest(db.admin);
    const types = (await db
      .admin('scrivania.certificate_types')
      .where({ ente_id: ente!.id })
      .orderBy('code')
      .select(
        'code',
        'source',
        'bollo_applies',
        'fee_with_bollo_cents',
        'fee_exempt_cents',
        'validity_months',
        'protocolled',
        'issuing_roles',
        'version',
      )) as Array<Record<string, unknown>>;
    expect(types).toEqual([
      // CDU: diritti within €5.16–€51.65 (L. 68/1993), valid one year (art. 30 c.3 DPR 380/2001), protocolled in its case.
      {
        code: 'CDU',
        source: 'cdu',
        bollo_applies: true,
        fee_with_bollo_cents: 3000,
        fee_exempt_cents: 3000,
        validity_months: 12,
        protocolled: true,
        issuing_roles: ['technician', 'manager', 'admin'],
        version: 1,
      },
      // Stato civile: exempt from bollo by law; a birth is a fact not subject to change, valid without limit (art. 41 c.1 DPR 445/2000).
      {
        code: 'NASCITA',
        source: 'birth',
        bollo_applies: false,
        fee_with_bollo_cents: 0,
        fee_exempt_cents: 0,
        validity_months: null,
        protocolled: false,
        issuing_roles: ['clerk', 'manager', 'admin'],
        version: 1,
      },
      // Registry certificates: €0.52 with bollo, €0.26 exempt; six months (art. 41 DPR 445/2000).
      {
        code: 'RESIDENZA',
        source: 'residence',
        bollo_applies: true,
        fee_with_bollo_cents: 52,
        fee_exempt_cents: 26,
        validity_months: 6,
        protocolled: false,
        issuing_roles: ['clerk', 'manager', 'admin'],
        version: 1,
      },
      {
        code: 'STATO_FAMIGLIA',
        source: 'household',
        bollo_applies: true,
        fee_with_bollo_cents: 52,
        fee_exempt_cents: 26,
        validity_months: 6,
        protocolled: false,
        issuing_roles: ['clerk', 'manager', 'admin'],
        version: 1,
      },
    ]);
    expect(await db.admin('scrivania.certificate_settings').where({ ente_id: ente!.id }).first('verification_url', 'place')).toEqual({
      verification_url: 'https://www.comune.montesereno.pg.it/verifica-certificati',
      place: 'Montesereno',
    });
  });

  it('a new ente gets them when it is created', async () => {
    const [ente] = (await db
      .admin('scrivania.enti')
      .insert({
        istat_code: '054991',
        name: 'Comune di Valle Serena',
        codice_fiscale: '00000000003',
        ipa_code: 'c_cert2',
        province: 'TR',
        address: 'Piazza 1',
      })
      .returning('id')) as Array<{ id: number }>;
    expect((await db.admin('scrivania.certificate_types').where({ ente_id: ente!.id }).pluck('code')).sort()).toEqual([
      'CDU',
      'NASCITA',
      'RESIDENZA',
      'STATO_FAMIGLIA',
    ]);
    expect(await db.admin('scrivania.certificate_settings').where({ ente_id: ente!.id }).first('verification_url', 'place')).toEqual({
      verification_url: 'https://www.comune.valleserena.tr.it/verifica-certificati',
      place: 'Valle Serena',
    });
  });

  it('the exemptions print the norms registry offices print (Tabella B DPR 642/1972 and special laws)', async () => {
    const norms = Object.fromEntries(
      ((await db.admin('scrivania.certificate_exemptions').select('code', 'norm')) as Array<{ code: string; norm: string }>).map((e) => [
        e.code,
        e.norm,
      ]),
    );
    expect(norms).toMatchObject({
      ELETTORALE: 'art. 1 Tabella B D.P.R. 642/1972',
      PENSIONE: 'art. 9 Tabella B D.P.R. 642/1972',
      ASSEGNI_FAMILIARI: 'art. 9 Tabella B D.P.R. 642/1972',
      SCOLASTICO: 'art. 11 Tabella B D.P.R. 642/1972',
      CONTROVERSIE_LAVORO: 'art. 12 Tabella B D.P.R. 642/1972',
      ONLUS: 'art. 27-bis Tabella B D.P.R. 642/1972',
      ADOZIONE: 'art. 82 L. 4 maggio 1983, n. 184',
      SEPARAZIONE_DIVORZIO: 'art. 19 L. 6 marzo 1987, n. 74',
      STATO_CIVILE: 'art. 7, comma 5, L. 29 dicembre 1990, n. 405',
    });
    // National law: the catalogue cannot be edited from the database either.
    await expect(db.admin('scrivania.certificate_exemptions').where({ code: 'PENSIONE' }).update({ norm: 'altro' })).rejects.toThrow(
      /append-only/,
    );
  });
});
