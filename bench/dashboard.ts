/**
 * Dashboard benchmark (`npm run bench:dashboard`). On 1,000,000 cases over five years with
 * realistic histories (reassignments, requests for integration, preavvisi, conformation requests,
 * decisions, closures, withdrawals) it times the managers' whole dashboard — every figure of the
 * page in one call, as the renderer makes it, through the handler layer, signed in as the manager's
 * own PostgreSQL role — for an ente, an office and a person over periods of a month, a quarter, a
 * year and five years; and, apart, the first page of two drill-downs. Prints a table and, as its
 * last line, one JSON object. Benchmarks print figures; they are not tests.
 *
 * The data set is built (or reused) in bench/out/dashboard/db with the worklist benchmark's
 * generator, then given histories, the open cases' clocks, and the roll-up of closed cases.
 *
 * Options:
 *   --fresh            rebuild the data set (default: reuse it when complete)
 *   --rows N           cases to generate (default 1,000,000)
 *   --reps N           timed calls per case (default 15), --warmup N (default 2)
 *   --keep             leave the database running at the end and print its address (for screenshots)
 * Environment: BENCH_DATABASE_URL (a superuser URL) to use another server than the embedded one.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleLogger } from '../src/main/logger';
import type { DashboardQueryValue, DrillValue } from '../src/shared/api/workload';
import { addDays, todayInRome } from '../src/shared/domain/calendar';
import { openBenchDatabase, USERNAME_SUFFIX, withClient, type BenchDatabase } from './lib/database';
import { addDashboardHistories, type HistoryReport } from './lib/dashboardHistories';
import { signInViewer, type DashboardViewer } from './lib/dashboardViewers';
import { pendingMigrations, populate, readMeta } from './lib/populate';
import { ms, percentile, round, table } from './lib/stats';

const P95_TARGET_MS = 300;
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(projectRoot, 'bench', 'out', 'dashboard');
const log = consoleLogger('bench');
const out = (line = '') => process.stdout.write(`${line}\n`);

interface Options {
  fresh: boolean;
  rows: number;
  reps: number;
  warmup: number;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { fresh: false, rows: 1_000_000, reps: 15, warmup: 2, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const count = () => {
      const n = Number((argv[++i] ?? '').replace(/[_,]/g, ''));
      if (!Number.isInteger(n) || n < 0) throw new Error(`${arg} needs a whole number`);
      return n;
    };
    if (arg === '--fresh') options.fresh = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--rows') options.rows = count();
    else if (arg === '--reps') options.reps = Math.max(1, count());
    else if (arg === '--warmup') options.warmup = count();
    else throw new Error(`Unknown option ${arg}`);
  }
  return options;
}

interface DashboardMeta {
  rows: number;
  history: HistoryReport;
}

async function readDashboardMeta(database: BenchDatabase): Promise<DashboardMeta | null> {
  return withClient(database.admin, async (client) => {
    const present = await client.query<{ ok: boolean }>(`SELECT to_regclass('bench.meta') IS NOT NULL AS ok`);
    if (!present.rows[0]?.ok) return null;
    const row = await client.query<{ value: DashboardMeta }>(`SELECT value FROM bench.meta WHERE key = 'dashboard'`);
    return row.rows[0]?.value ?? null;
  });
}

/** The data set: reused when complete and of the same schema, else rebuilt from scratch. */
async function ensureDataSet(
  database: BenchDatabase,
  options: Options,
): Promise<{ database: BenchDatabase; meta: DashboardMeta; reused: boolean }> {
  const load = await readMeta(database);
  const meta = await readDashboardMeta(database).catch(() => null);
  const pending = load !== 'empty' && load !== null ? await pendingMigrations(database) : ['all'];
  if (
    !options.fresh &&
    load !== 'empty' &&
    load !== null &&
    load.rows === options.rows &&
    pending.length === 0 &&
    meta?.rows === options.rows
  ) {
    log.info(`bench: reusing the data set of ${options.rows.toLocaleString('en')} cases`);
    return { database, meta, reused: true };
  }
  if (load !== 'empty') database = await database.reset();
  const loaded = await populate(database, options.rows, log);
  const history = await withClient(database.admin, async (client) => {
    const ente = await client.query<{ id: number }>(`SELECT id FROM scrivania.enti ORDER BY id LIMIT 1`);
    const registrar = await client.query<{ id: number }>(`SELECT id FROM scrivania.staff WHERE username = $1`, [
      `c.lombardi${USERNAME_SUFFIX}`,
    ]);
    const enteId = ente.rows[0]?.id;
    const registrarId = registrar.rows[0]?.id;
    if (enteId === undefined || registrarId === undefined) throw new Error('bench: the demo ente or its protocol clerk is missing');
    // A manager who sees the whole ente (the ente-wide dashboard), granted as an administrator would.
    await client.query(
      `INSERT INTO scrivania.manager_ente_grants (staff_id, ente_id, granted_by)
       SELECT id, ente_id, 'bench' FROM scrivania.staff WHERE username = $1 ON CONFLICT DO NOTHING`,
      [`l.ricci${USERNAME_SUFFIX}`],
    );
    return addDashboardHistories(client, enteId, registrarId, log);
  });
  const meta2: DashboardMeta = { rows: loaded.rows, history };
  await withClient(database.admin, (client) =>
    client.query(`INSERT INTO bench.meta VALUES ('dashboard', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
      JSON.stringify(meta2),
    ]),
  );
  return { database, meta: meta2, reused: false };
}

interface Case {
  label: string;
  viewer: DashboardViewer;
  query: DashboardQueryValue;
}

interface Result {
  label: string;
  times: number[];
  open: number;
  received: number;
}

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

async function busiestPerson(database: BenchDatabase, officeId: number): Promise<number> {
  return withClient(database.admin, async (client) => {
    const row = await client.query<{ assignee_id: number }>(
      `SELECT assignee_id FROM scrivania.instances WHERE office_id = $1 AND assignee_id IS NOT NULL
        GROUP BY assignee_id ORDER BY count(*) DESC LIMIT 1`,
      [officeId],
    );
    const id = row.rows[0]?.assignee_id;
    if (id === undefined) throw new Error('bench: no assigned case in the office');
    return id;
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  let database = await openBenchDatabase({ outDir, url: process.env.BENCH_DATABASE_URL, fresh: options.fresh, log });
  const started = performance.now();
  const dataSet = await ensureDataSet(database, options);
  database = dataSet.database;
  const loadSeconds = round((performance.now() - started) / 1000, 1);

  const enteViewer = await signInViewer(database.target, `l.ricci${USERNAME_SUFFIX}`, log);
  const officeViewer = await signInViewer(database.target, `m.colombo${USERNAME_SUFFIX}`, log);
  const sue = officeViewer.info.offices.find((office) => office.name.startsWith('Sportello unico edilizia'));
  if (!sue) throw new Error('bench: m.colombo is not in the SUE office');
  const person = await busiestPerson(database, sue.id);

  const today = todayInRome();
  const periods: Array<[string, string, string]> = [
    ['month', addDays(today, -29), today],
    ['quarter', addDays(today, -89), today],
    ['year', addDays(today, -364), today],
    ['5 years', addDays(today, -(5 * 365)), today],
  ];
  const cases: Case[] = periods.flatMap(([name, from, to]) => [
    { label: `ente · ${name}`, viewer: enteViewer, query: { scope: { kind: 'ente' }, from, to, riskDays: 10 } },
    { label: `office SUE · ${name}`, viewer: officeViewer, query: { scope: { kind: 'office', officeId: sue.id }, from, to, riskDays: 10 } },
    { label: `person · ${name}`, viewer: officeViewer, query: { scope: { kind: 'person', staffId: person }, from, to, riskDays: 10 } },
  ]);

  const results: Result[] = [];
  for (const item of cases) {
    for (let i = 0; i < options.warmup; i++) await item.viewer.call('workload/dashboard', item.query);
    const times: number[] = [];
    const figures = { open: 0, received: 0 };
    for (let i = 0; i < options.reps; i++) {
      const [elapsed, dashboard] = await time(() => item.viewer.call('workload/dashboard', item.query));
      times.push(elapsed);
      figures.open = dashboard.snapshot.open;
      figures.received = dashboard.flow.received;
    }
    results.push({ label: item.label, times, ...figures });
    log.info(`bench: ${item.label}: p50 ${ms(percentile(times, 50))} ms, p95 ${ms(percentile(times, 95))} ms`);
  }

  const drills: Array<[string, DashboardViewer, DashboardQueryValue, DrillValue]> = [
    ['drill overdue · ente', enteViewer, cases[0]!.query, { metric: 'overdue' }],
    ['drill received · office · year', officeViewer, cases[7]!.query, { metric: 'received' }],
  ];
  const drillResults: Result[] = [];
  for (const [label, viewer, query, drill] of drills) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < options.warmup + options.reps; i++) {
      const [elapsed, page] = await time(() => viewer.call('workload/cases', { query, drill, startRow: 0, endRow: 100 }));
      if (i >= options.warmup) times.push(elapsed);
      total = page.total ?? 0;
    }
    drillResults.push({ label, times, open: total, received: 0 });
  }

  const all = results.flatMap((result) => result.times);
  const p50 = percentile(all, 50);
  const p95 = percentile(all, 95);
  out();
  out(
    `Dashboard of ${dataSet.meta.rows.toLocaleString('en')} cases (${dataSet.meta.history.events.toLocaleString('en')} history steps, ${dataSet.meta.history.rolledUp.toLocaleString('en')} closed cases rolled up)`,
  );
  out(
    table(
      ['whole dashboard', 'open', 'received in period', 'p50 ms', 'p95 ms', 'max ms'],
      results.map((r) => [
        r.label,
        r.open.toLocaleString('en'),
        r.received.toLocaleString('en'),
        ms(percentile(r.times, 50)),
        ms(percentile(r.times, 95)),
        ms(Math.max(...r.times)),
      ]),
    ),
  );
  out();
  out(
    table(
      ['drill-down, first 100 rows', 'cases', 'p50 ms', 'p95 ms'],
      drillResults.map((r) => [r.label, r.open.toLocaleString('en'), ms(percentile(r.times, 50)), ms(percentile(r.times, 95))]),
    ),
  );
  out();
  out(`setup: ${dataSet.meta.history.steps.map(([name, elapsed]) => `${name} ${(elapsed / 1000).toFixed(1)} s`).join(', ')}`);
  out(
    `overall: whole dashboard p50 ${ms(p50)} ms, p95 ${ms(p95)} ms (target <= ${P95_TARGET_MS}: ${p95 <= P95_TARGET_MS ? 'met' : 'MISSED'})`,
  );
  out();

  await enteViewer.signOut();
  await officeViewer.signOut();
  if (options.keep) {
    out(
      `database kept running: postgres://${database.admin.user}@${database.target.host}:${database.target.port}/${database.target.database} (Ctrl-C to stop)`,
    );
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  }
  await database.stop();
  out(
    JSON.stringify({
      instances: dataSet.meta.rows,
      p50_ms: round(p50),
      p95_ms: round(p95),
      target_p95_ms: P95_TARGET_MS,
      target_met: p95 <= P95_TARGET_MS,
      calls: all.length,
      scopes: Object.fromEntries(
        results.map((r) => [r.label, { p50_ms: round(percentile(r.times, 50)), p95_ms: round(percentile(r.times, 95)) }]),
      ),
      drill_p95_ms: Object.fromEntries(drillResults.map((r) => [r.label, round(percentile(r.times, 95))])),
      history_steps: dataSet.meta.history.events,
      rolled_up_cases: dataSet.meta.history.rolledUp,
      open_clocks: dataSet.meta.history.clocks,
      setup_s: loadSeconds,
      data_reused: dataSet.reused,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
