/**
 * Intake benchmark (`npm run bench:intake`): 10,000 portal submissions dropped in the intake folder
 * are imported by several importers at once; then the very same 10,000 files are dropped again and
 * imported again, concurrently. Exactly 10,000 registrations must result: every submission once,
 * protocol numbers 1..N without a gap or a duplicate. Prints a table and, last, one JSON object.
 *
 * Options:
 *   --submissions N   submissions (default 10,000)
 *   --importers N     importers running at once, each with its own connections (default 4)
 *   --applicants N    distinct applicants among the submissions (default 2,500)
 * Environment: BENCH_DATABASE_URL (a superuser URL) to use another server than the embedded one
 * (the database named in it is dropped and recreated).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { createKnex } from '../src/main/db/knexFactory';
import { migrateToLatest } from '../src/main/db/migrations';
import { emptyFolderSummary, importFolder, type FolderSummary } from '../src/main/intake/folderImporter';
import { consoleLogger, silentLogger } from '../src/main/logger';
import { openBenchDatabase } from './lib/database';
import { createIntakeWorld, writeSubmissions, type IntakeWorld } from './lib/intakeSetup';
import { parseCountOptions } from './lib/options';
import { round, table } from './lib/stats';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(projectRoot, 'bench', 'out', 'intake');
const log = consoleLogger('bench:intake');

interface Pass {
  name: string;
  seconds: number;
  summary: FolderSummary;
}

function merge(summaries: FolderSummary[]): FolderSummary {
  const total = emptyFolderSummary();
  for (const summary of summaries) {
    for (const key of Object.keys(total) as (keyof FolderSummary)[]) total[key] += summary[key];
  }
  return total;
}

/** Runs `importers` importers at once on the folder, each as the intake login with its own pool. */
async function importConcurrently(
  name: string,
  world: IntakeWorld,
  target: Parameters<typeof createKnex>[0],
  folder: string,
  importers: number,
): Promise<Pass> {
  const pools: Knex[] = Array.from({ length: importers }, () =>
    createKnex(target, world.importer, { max: 2, applicationName: 'bench-intake' }),
  );
  try {
    const started = performance.now();
    const summaries = await Promise.all(pools.map((db) => importFolder(db, { kind: 'portal', folder, log: silentLogger })));
    return { name, seconds: (performance.now() - started) / 1000, summary: merge(summaries) };
  } finally {
    await Promise.all(pools.map((pool) => pool.destroy()));
  }
}

interface Verification {
  registrations: number;
  instances: number;
  queueRegistered: number;
  quarantined: number;
  duplicates: number;
  gaps: number;
  maxNumber: number;
}

/** What the database holds afterwards, counted by the superuser: the figures an auditor would check. */
async function verify(admin: Knex, enteId: number): Promise<Verification> {
  const result = await admin.raw<{ rows: Verification[] }>(
    `WITH entries AS (
       SELECT e.register_id, e.year, e.number, e.external_ref FROM scrivania.protocol_entries e WHERE e.ente_id = ?
     ), per_register AS (
       SELECT register_id, year, count(*) AS n, count(DISTINCT number) AS distinct_numbers, max(number) AS max_number
         FROM entries GROUP BY register_id, year
     )
     SELECT (SELECT count(*) FROM entries)::int AS registrations,
            (SELECT count(*) FROM scrivania.instances WHERE ente_id = ?)::int AS instances,
            (SELECT count(*) FROM scrivania.portal_submissions WHERE ente_id = ? AND status = 'registered')::int AS "queueRegistered",
            (SELECT count(*) FROM scrivania.intake_quarantine WHERE ente_id = ?)::int AS quarantined,
            ((SELECT coalesce(sum(n - distinct_numbers), 0) FROM per_register)
              + (SELECT count(*) FROM (SELECT external_ref FROM entries WHERE external_ref IS NOT NULL
                                        GROUP BY external_ref HAVING count(*) > 1) d))::int AS duplicates,
            (SELECT coalesce(sum(max_number - distinct_numbers), 0) FROM per_register)::int AS gaps,
            (SELECT coalesce(max(max_number), 0) FROM per_register)::int AS "maxNumber"`,
    [enteId, enteId, enteId, enteId],
  );
  return result.rows[0]!;
}

async function main(): Promise<void> {
  const options = parseCountOptions(process.argv.slice(2), { submissions: 10_000, importers: 4, applicants: 2_500 });
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const database = await openBenchDatabase({ outDir, url: process.env.BENCH_DATABASE_URL, fresh: true, log });
  const admin = createKnex(database.target, database.admin, { max: 2, applicationName: 'bench-intake-admin' });
  try {
    log.info('migrating and creating the Comune, its catalogue and the intake login');
    await migrateToLatest(admin);
    const world = await createIntakeWorld(admin);

    const folder = path.join(outDir, 'portale');
    const submittedAt = new Date(Date.now() - 60 * 60_000).toISOString();
    log.info(`writing ${options.submissions} submissions into ${folder}`);
    writeSubmissions(folder, options.submissions, options.applicants, submittedAt, 'domanda');

    log.info(`first delivery: ${options.importers} importers at once`);
    const first = await importConcurrently('first delivery', world, database.target, folder, options.importers);
    log.info(`second delivery of the same ${options.submissions} files: ${options.importers} importers at once`);
    writeSubmissions(folder, options.submissions, options.applicants, submittedAt, 'domanda');
    const second = await importConcurrently('same files again', world, database.target, folder, options.importers);
    const checked = await verify(admin, world.enteId);

    const rows = [first, second].map((pass) => [
      pass.name,
      String(pass.summary.files),
      String(pass.summary.registered),
      String(pass.summary.duplicates + pass.summary.alreadyRegistered),
      String(pass.summary.quarantined + pass.summary.retryLater),
      round(pass.seconds, 1).toFixed(1),
      round(pass.summary.files / pass.seconds, 0).toFixed(0),
    ]);
    console.log(table(['pass', 'files', 'registered', 'already known', 'refused/retry', 'seconds', 'files/s'], rows));
    console.log(
      `database: ${checked.registrations} protocol entries, ${checked.instances} instances, numbers 1..${checked.maxNumber}, ` +
        `${checked.duplicates} duplicates, ${checked.gaps} gaps, ${checked.quarantined} quarantined`,
    );
    const total = merge([first.summary, second.summary]);
    const ok =
      checked.registrations === options.submissions && checked.duplicates === 0 && checked.gaps === 0 && second.summary.registered === 0;
    console.log(
      JSON.stringify({
        submitted: options.submissions,
        delivered: total.files,
        registered: checked.registrations,
        per_second: round(first.summary.registered / first.seconds, 1),
        replay_registered: second.summary.registered,
        replay_per_second: round(second.summary.files / second.seconds, 1),
        duplicates: checked.duplicates,
        gaps: checked.gaps,
        quarantined: checked.quarantined,
        importers: options.importers,
        seconds: round(first.seconds + second.seconds, 1),
        ok,
      }),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await admin.destroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
