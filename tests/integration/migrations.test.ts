import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_MIGRATIONS, migrateToLatest, migratorConfig, schemaStatus } from '../../src/main/db/migrations';
import { buildCodiceFiscale } from '../../src/shared/domain/codiceFiscale';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('main', { empty: true });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('every migration goes up, down and up again on an empty database', async () => {
    const config = migratorConfig();
    expect(await schemaStatus(db.admin)).toEqual({ state: 'empty' });
    for (const name of KNOWN_MIGRATIONS) {
      await db.admin.migrate.up({ ...config, name });
      await db.admin.migrate.down({ ...config, name });
      await db.admin.migrate.up({ ...config, name });
    }
    expect(await schemaStatus(db.admin)).toEqual({ state: 'current' });
  });

  it('rolls all the way back and forward again', async () => {
    await db.admin.migrate.rollback(migratorConfig(), true);
    expect(await schemaStatus(db.admin)).toEqual({ state: 'empty' });
    expect(await migrateToLatest(db.admin)).toEqual(KNOWN_MIGRATIONS);
  });

  it('data written before the instances migration survives it and can be used by instances', async () => {
    await db.admin.migrate.rollback(migratorConfig(), true);
    const beforeInstances = KNOWN_MIGRATIONS.indexOf('20261123090500_instances');
    for (const name of KNOWN_MIGRATIONS.slice(0, beforeInstances)) await db.admin.migrate.up({ ...migratorConfig(), name });
    expect(await schemaStatus(db.admin)).toMatchObject({ state: 'behind' });

    const [ente] = await db.admin('scrivania.enti')
      .insert({ istat_code: '054999', name: 'Comune di Migrazione', codice_fiscale: '00000000001', ipa_code: 'c_mig', province: 'PG', address: 'Piazza 1' })
      .returning('id');
    const enteId = (ente as { id: number }).id;
    const [office] = await db.admin('scrivania.offices').insert({ ente_id: enteId, code: 'SUE', name: 'Edilizia' }).returning('id');
    const [procedure] = await db.admin('scrivania.procedure_types')
      .insert({ ente_id: enteId, office_id: (office as { id: number }).id, code: 'PDC', name: 'Permesso di costruire', category: 'edilizia', legal_term_days: 60, clock_rule: 'silenzio_assenso', legal_reference: 'DPR 380/2001 art. 20' })
      .returning('id');
    const [person] = await db.admin('scrivania.persons')
      .insert({ ente_id: enteId, codice_fiscale: buildCodiceFiscale({ lastName: 'Verdi', firstName: 'Giuseppe', birthDate: '1950-10-10', sex: 'M', birthPlaceCode: 'H501' }), last_name: 'Verdi', first_name: 'Giuseppe', sex: 'M', birth_date: '1950-10-10', birth_place: 'Roma' })
      .returning('id');
    const [register] = await db.admin('scrivania.protocol_registers').insert({ ente_id: enteId, aoo_code: 'AOO', name: 'Protocollo' }).returning('id');

    await migrateToLatest(db.admin);
    expect(await schemaStatus(db.admin)).toEqual({ state: 'current' });
    const [instance] = await db.admin('scrivania.instances')
      .insert({
        ente_id: enteId,
        office_id: (office as { id: number }).id,
        procedure_type_id: (procedure as { id: number }).id,
        applicant_person_id: (person as { id: number }).id,
        subject: 'Nuova costruzione',
        channel: 'pec',
        protocol_register_id: (register as { id: number }).id,
        protocol_year: 2026,
        protocol_number: 1,
        received_at: '2026-02-02T10:00:00+01:00',
        due_date: '2026-04-03',
      })
      .returning(['applicant_name', 'procedure_name']);
    expect(instance).toEqual({ applicant_name: 'Verdi Giuseppe', procedure_name: 'Permesso di costruire' });
  });

  it("the assignee-led worklist indexes hold only assigned cases, and going down restores them as they were", async () => {
    const definitions = async () =>
      (
        await db.admin.raw<{ rows: Array<{ indexdef: string }> }>(
          `SELECT indexdef FROM pg_indexes WHERE schemaname = 'scrivania' AND indexname LIKE 'instances\\_assignee\\_%' ORDER BY indexname`,
        )
      ).rows.map((r) => r.indexdef);
    await migrateToLatest(db.admin);
    const latest = await definitions();
    expect(latest).toHaveLength(12);
    for (const definition of latest) expect(definition).toMatch(/WHERE .*\(assignee_id IS NOT NULL\)/);
    expect(latest.filter((d) => d.includes('closed_at IS NULL'))).toHaveLength(6);

    await db.admin.migrate.down({ ...migratorConfig(), name: '20261123095000_registration_cost' });
    const before = await definitions();
    expect(before.some((d) => d.includes('assignee_id IS NOT NULL'))).toBe(false);
    expect(before.filter((d) => d.endsWith('WHERE (closed_at IS NULL)'))).toHaveLength(6);
    expect(before.map((d) => d.replace(/ WHERE .*$/, ''))).toEqual(latest.map((d) => d.replace(/ WHERE .*$/, '')));
    await migrateToLatest(db.admin);
  });

  it('refuses to run as a role that could not own row-level security', async () => {
    const role = `migratore_${db.suffix}`;
    await db.admin.raw(`CREATE ROLE ${role} LOGIN PASSWORD 'x' NOSUPERUSER NOBYPASSRLS`);
    try {
      await db.admin.migrate.rollback(migratorConfig(), true);
      await db.admin.raw(`GRANT ALL ON DATABASE ${db.name} TO ${role}; GRANT ALL ON SCHEMA public TO ${role}; GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`);
      const limited = db.connectAs({ username: role, password: 'x' });
      await expect(migrateToLatest(limited)).rejects.toThrow(/superuser or a role with BYPASSRLS and CREATEROLE/);
    } finally {
      await migrateToLatest(db.admin);
      await db.admin.raw(`REVOKE ALL ON DATABASE ${db.name} FROM ${role}; REVOKE ALL ON SCHEMA public FROM ${role}; REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
      await db.admin.raw(`DROP ROLE ${role}`);
    }
  });
});
