/**
 * Fills the bench database: the demo organisation and catalogue, 20,000 people, the staff of a
 * city-sized ente, and N instances over five years up to today, loaded fast as superuser.
 *
 * Fast load: one connection with `session_replication_role = replica` (the denormalising BEFORE
 * INSERT trigger, the audit trigger and the foreign-key triggers do not fire, so the rows carry the
 * applicant and procedure names themselves), multi-row `INSERT ... SELECT FROM unnest(...)` of
 * 10,000 rows pipelined with the generator, the secondary indexes dropped before and rebuilt after
 * from their exact pg_indexes definitions, then VACUUM ANALYZE.
 */
import type { Knex } from 'knex';
import pg from 'pg';
import { createKnex } from '../../src/main/db/knexFactory';
import { KNOWN_MIGRATIONS, migrateToLatest } from '../../src/main/db/migrations';
import { generateInstanceBatches, type InstanceRow, type ProcedureTypeRef } from '../../src/main/demo/generate';
import { DEMO_ENTE, DEMO_PASSWORD, loadDemoData } from '../../src/main/demo/loadDemoData';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES } from '../../src/main/demo/names';
import { createRng } from '../../src/main/demo/rng';
import type { ClockRule } from '../../src/main/demo/catalogue';
import type { Logger } from '../../src/main/logger';
import { scramSha256Verifier } from '../../src/main/staff/scramVerifier';
import { addDays, todayInRome } from '../../src/shared/domain/calendar';
import { USERNAME_SUFFIX, withClient, type BenchDatabase } from './database';

export const BENCH_SEED = 20261123;
export const BENCH_PERSONS = 20_000;
const YEARS = 5;
const BATCH = 10_000;
/** Offices whose work is technical: their extra staff are technicians, elsewhere clerks. */
const TECHNICAL_OFFICES = new Set(['SUE', 'SUAP', 'LLPP_AMBIENTE']);

export interface BenchMeta {
  rows: number;
  seed: number;
  generatedOn: string;
  from: string;
  loadMs: number;
  /** Each step and its milliseconds, in order (an array: jsonb does not keep the keys of an object in order). */
  steps: Array<[string, number]>;
}

/** The marker written last: a database without it (or with another row count) is rebuilt. */
export async function readMeta(database: BenchDatabase): Promise<BenchMeta | null | 'empty'> {
  return withClient(database.admin, async (client) => {
    const present = await client.query<{ meta: boolean; migrated: boolean }>(
      `SELECT to_regclass('bench.meta') IS NOT NULL AS meta, to_regclass('public.knex_migrations') IS NOT NULL AS migrated`,
    );
    const state = present.rows[0];
    if (!state?.meta) return state?.migrated ? null : 'empty';
    const row = await client.query<{ value: BenchMeta }>(`SELECT value FROM bench.meta WHERE key = 'load'`);
    return row.rows[0]?.value ?? null;
  });
}

/** Migrations this build knows that the loaded database lacks. */
export async function pendingMigrations(database: BenchDatabase): Promise<string[]> {
  return withClient(database.admin, async (client) => {
    const applied = await client.query<{ name: string }>(`SELECT name FROM public.knex_migrations`);
    const names = new Set(applied.rows.map((row) => row.name));
    return KNOWN_MIGRATIONS.filter((name) => !names.has(name));
  });
}

interface CommonColumns {
  enteId: number;
  registerId: number;
}

const COLUMNS: ReadonlyArray<readonly [keyof InstanceRow, string]> = [
  ['ente_id', 'integer'],
  ['office_id', 'integer'],
  ['procedure_type_id', 'integer'],
  ['applicant_person_id', 'bigint'],
  ['applicant_business_id', 'bigint'],
  ['applicant_name', 'text'],
  ['applicant_tax_code', 'text'],
  ['procedure_code', 'text'],
  ['procedure_name', 'text'],
  ['subject', 'text'],
  ['channel', 'text'],
  ['status', 'text'],
  ['protocol_register_id', 'integer'],
  ['protocol_year', 'integer'],
  ['protocol_number', 'integer'],
  ['received_at', 'timestamptz'],
  ['due_date', 'date'],
  ['assignee_id', 'integer'],
  ['closed_at', 'timestamptz'],
  ['decided_at', 'timestamptz'],
  ['clock_state', 'text'],
];

const INSERT_SQL =
  `INSERT INTO scrivania.instances (${COLUMNS.map(([name]) => name).join(', ')}) ` +
  `SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`;

function columnArrays(batch: readonly InstanceRow[]): unknown[][] {
  return COLUMNS.map(([name]) => batch.map((row) => row[name] ?? null));
}

async function addCityStaff(knex: Knex, enteId: number, log: Logger): Promise<number> {
  const rng = createRng(BENCH_SEED + 1);
  const offices = await knex('scrivania.offices').where({ ente_id: enteId }).select<Array<{ id: number; code: string }>>('id', 'code');
  let added = 0;
  for (const office of offices) {
    const extra = rng.int(6, 10);
    const role = TECHNICAL_OFFICES.has(office.code) ? 'technician' : 'clerk';
    for (let k = 1; k <= extra; k++) {
      const female = rng.chance(0.55);
      const fullName = `${rng.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES)} ${rng.pick(SURNAMES)}`;
      const username = `${office.code.toLowerCase()}.${String(k).padStart(2, '0')}${USERNAME_SUFFIX}`;
      await knex.raw('SELECT scrivania.provision_staff(?, ?, ?, ?, ?, ?, ?::integer[]) AS id', [
        enteId,
        username,
        scramSha256Verifier(DEMO_PASSWORD),
        fullName,
        null,
        role,
        [office.id],
      ]);
      added++;
    }
  }
  log.info(`bench: ${added} extra staff (6-10 per office)`);
  return added;
}

async function instanceContext(knex: Knex, common: CommonColumns) {
  const staffRows = await knex('scrivania.staff_offices as so')
    .join('scrivania.staff as s', 's.id', 'so.staff_id')
    .whereIn('s.role', ['clerk', 'technician'])
    .select<Array<{ staff_id: number; office_id: number }>>('so.staff_id', 'so.office_id')
    .orderBy(['so.office_id', 'so.staff_id']);
  const staffByOffice = new Map<number, number[]>();
  for (const row of staffRows) staffByOffice.set(row.office_id, [...(staffByOffice.get(row.office_id) ?? []), row.staff_id]);

  const persons = await knex.raw<{
    rows: Array<{ id: number; name: string; tax: string }>;
  }>(`SELECT id, last_name || ' ' || first_name AS name, codice_fiscale AS tax FROM scrivania.persons WHERE ente_id = ? ORDER BY id`, [
    common.enteId,
  ]);
  const businesses = await knex.raw<{
    rows: Array<{ id: number; name: string; tax: string }>;
  }>(`SELECT id, name, partita_iva AS tax FROM scrivania.businesses WHERE ente_id = ? ORDER BY id`, [common.enteId]);
  const procedures = await knex('scrivania.procedure_types').where({ ente_id: common.enteId }).orderBy('id').select<
    Array<{
      id: number;
      code: string;
      name: string;
      office_id: number;
      legal_term_days: number;
      clock_rule: ClockRule;
    }>
  >('id', 'code', 'name', 'office_id', 'legal_term_days', 'clock_rule');
  const procedureTypes: ProcedureTypeRef[] = procedures.map((p) => ({
    id: p.id,
    code: p.code,
    name: p.name,
    officeId: p.office_id,
    legalTermDays: p.legal_term_days,
    clockRule: p.clock_rule,
  }));
  return {
    staffByOffice,
    persons: persons.rows.map((p) => ({
      id: Number(p.id),
      name: p.name,
      taxCode: p.tax,
    })),
    businesses: businesses.rows.map((b) => ({
      id: Number(b.id),
      name: b.name,
      taxCode: b.tax,
    })),
    procedureTypes,
  };
}

interface IndexDefinition {
  name: string;
  definition: string;
}

/** Secondary indexes of scrivania.instances (not the ones backing a constraint), exactly as defined. */
async function secondaryIndexes(client: pg.Client): Promise<IndexDefinition[]> {
  const result = await client.query<IndexDefinition>(`
    SELECT i.indexname AS name, i.indexdef AS definition
      FROM pg_indexes i
     WHERE i.schemaname = 'scrivania' AND i.tablename = 'instances'
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                        WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
     ORDER BY i.indexname`);
  return result.rows;
}

/** Two sessions build the indexes (2 cores): the GIN trigram index first, the B-trees alongside. */
async function rebuildIndexes(database: BenchDatabase, indexes: IndexDefinition[], log: Logger): Promise<void> {
  const queue = [...indexes].sort((a, b) => Number(b.definition.includes('USING gin')) - Number(a.definition.includes('USING gin')));
  const worker = () =>
    withClient(database.admin, async (client) => {
      await client.query(`SET maintenance_work_mem = '1GB'`);
      await client.query(`SET max_parallel_maintenance_workers = 0`);
      for (let next = queue.shift(); next; next = queue.shift()) {
        const started = performance.now();
        await client.query(next.definition);
        log.info(`bench:   ${next.name} (${Math.round(performance.now() - started)} ms)`);
      }
    });
  await Promise.all([worker(), worker()]);
}

export async function populate(database: BenchDatabase, rows: number, log: Logger): Promise<BenchMeta> {
  const started = performance.now();
  const steps: Array<[string, number]> = [];
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await work();
    const elapsed = Math.round(performance.now() - t);
    steps.push([name, elapsed]);
    log.info(`bench: ${name} done in ${(elapsed / 1000).toFixed(1)} s`);
    return result;
  };

  const now = new Date();
  const today = todayInRome(now);
  const from = addDays(today, -Math.round(YEARS * 365.25) + 1);
  const knex = createKnex(database.target, database.admin, {
    max: 2,
    applicationName: 'scrivania-bench',
  });
  let common: CommonColumns;
  let context: Awaited<ReturnType<typeof instanceContext>>;
  try {
    await step('migrate', () => migrateToLatest(knex));
    const demo = await step('demo organisation and people', () =>
      loadDemoData(knex, {
        log,
        instances: 0,
        persons: BENCH_PERSONS,
        seed: BENCH_SEED,
        usernameSuffix: USERNAME_SUFFIX,
      }),
    );
    common = { enteId: demo.enteId, registerId: demo.protocolRegisterId };
    await step('city staff', () => addCityStaff(knex, demo.enteId, log));
    context = await instanceContext(knex, common);
  } finally {
    await knex.destroy();
  }

  const client = new pg.Client({
    ...database.admin,
    application_name: 'scrivania-bench-load',
  });
  await client.connect();
  try {
    await client.query(`SET session_replication_role = replica`);
    await client.query(`SET synchronous_commit = off`);
    const indexes = await secondaryIndexes(client);
    await step(`drop ${indexes.length} secondary indexes`, async () => {
      for (const index of indexes) await client.query(`DROP INDEX scrivania.${pg.escapeIdentifier(index.name)}`);
    });
    await step(`generate and insert ${rows.toLocaleString('en')} instances`, async () => {
      const rng = createRng(BENCH_SEED + 2);
      let inFlight: Promise<unknown> | null = null;
      let inserted = 0;
      let lastReport = performance.now();
      for (const batch of generateInstanceBatches(
        rows,
        rng,
        {
          enteId: common.enteId,
          protocolRegisterId: common.registerId,
          procedureTypes: context.procedureTypes,
          persons: context.persons,
          businesses: context.businesses,
          staffByOffice: context.staffByOffice,
          from,
          to: today,
          today,
          notAfter: now,
          patronDay: DEMO_ENTE.patronDay,
        },
        BATCH,
      )) {
        const values = columnArrays(batch);
        if (inFlight) await inFlight;
        inFlight = client.query(INSERT_SQL, values);
        inserted += batch.length;
        if (performance.now() - lastReport > 10_000) {
          log.info(`bench:   ${inserted.toLocaleString('en')} rows sent`);
          lastReport = performance.now();
        }
      }
      if (inFlight) await inFlight;
    });
    await client.query(`RESET session_replication_role`);
    await step(`rebuild ${indexes.length} indexes`, () => rebuildIndexes(database, indexes, log));
    await step('vacuum analyze', async () => {
      await client.query(`VACUUM (ANALYZE) scrivania.instances`);
      // Also merges the GIN pending lists the registry's load left (a search would scan them).
      await client.query(`VACUUM (ANALYZE)`);
      await client.query(`CHECKPOINT`);
    });
    const meta: BenchMeta = {
      rows,
      seed: BENCH_SEED,
      generatedOn: today,
      from,
      loadMs: Math.round(performance.now() - started),
      steps,
    };
    await client.query(`CREATE SCHEMA IF NOT EXISTS bench`);
    await client.query(`CREATE TABLE IF NOT EXISTS bench.meta (key text PRIMARY KEY, value jsonb NOT NULL)`);
    await client.query(`INSERT INTO bench.meta VALUES ('load', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
      JSON.stringify(meta),
    ]);
    return meta;
  } finally {
    await client.end();
  }
}
