/**
 * Protocol register benchmark (`npm run bench:protocol`). On an embedded PostgreSQL of its own:
 * 32 clients, each signed in as its own clerk role, register portal instances through the full
 * registration (`registerInstance`: key, applicant, PDF bytes, fascicolo, protocol number, case,
 * documents, history) for a fixed time; in the same run and database, the floor: a bare gapless
 * counter update plus one insert in raw SQL with as many clients. Afterwards the register is
 * audited: numbers exactly 1..N, every acknowledged registration present. Prints a table and, as
 * its last line, one JSON object.
 *
 *   npm run bench:protocol                         the run without faults
 *   npm run bench:protocol -- --faults             the same with faults: the server stopped
 *                                                  immediately and restarted mid-run, client
 *                                                  backends terminated every 1.5 s; clients retry
 *   --seconds N (default 20)   --clients N (default 32)
 *   --serial-seconds N (default 5, 0 to skip)   first, one client alone: what a registration
 *                              costs in CPU when nothing competes, and so the most this
 *                              machine's cores could register per second
 *   --profile                  also time every SQL statement and function, nested ones included
 *                              (pg_stat_statements, track_functions): slower, for finding where
 *                              the time goes
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { createKnex } from '../src/main/db/knexFactory';
import { consoleLogger } from '../src/main/logger';
import { clientCpuMs, measureCpu, serverCpuMs, type CpuSpan } from './lib/protocolCpu';
import { injectFaults, type FaultLog } from './lib/protocolFaults';
import { auditRegister, floorAudit, runFloor, runRegistrations, sampleBackends, type LoadResult } from './lib/protocolLoad';
import { startProtocolBenchServer } from './lib/protocolServer';
import { benchApplicants, setUpProtocolBench } from './lib/protocolSetup';
import { ms, percentile, round, table } from './lib/stats';

const TARGET_PER_SECOND = 800;
const CORES = os.availableParallelism();
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataRoot = path.join(projectRoot, 'bench', 'out', 'protocol');

interface Options {
  seconds: number;
  clients: number;
  serialSeconds: number;
  faults: boolean;
  profile: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { seconds: 20, clients: 32, serialSeconds: 5, faults: false, profile: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const count = (least = 1) => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < least) throw new Error(`${arg} needs a whole number of at least ${least}`);
      return n;
    };
    if (arg === '--seconds') options.seconds = count();
    else if (arg === '--clients') options.clients = count();
    else if (arg === '--serial-seconds') options.serialSeconds = count(0);
    else if (arg === '--faults') options.faults = true;
    else if (arg === '--profile') options.profile = true;
    else throw new Error(`Unknown option ${arg}`);
  }
  return options;
}

/** A table row for a run of registrations: rate, latency, CPU per registration on both sides. */
function registrationRow(label: string, result: LoadResult, cpu: CpuSpan): string[] {
  const n = result.acknowledged.length;
  return [
    label,
    String(n),
    round(n / (result.elapsedMs / 1000), 1).toString(),
    ms(percentile(result.latenciesMs, 50)),
    ms(percentile(result.latenciesMs, 95)),
    ms(percentile(result.latenciesMs, 99)),
    ms(cpu.serverMs / n),
    ms(cpu.clientMs / n),
  ];
}

function failuresText(result: LoadResult): string {
  return [...result.failures.entries()].map(([kind, n]) => `${kind}×${n}`).join(', ') || 'none';
}

/** The statements that took the most time, nested ones included (pg_stat_statements). */
async function statementProfile(admin: Knex) {
  return (
    await admin.raw<{ rows: Array<{ query: string; calls: string; mean_ms: number; total_ms: number }> }>(
      `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, sum(calls) AS calls, round((sum(total_exec_time) / sum(calls))::numeric, 3)::float AS mean_ms,
            round(sum(total_exec_time)::numeric, 0)::float AS total_ms
       FROM pg_stat_statements WHERE toplevel = false OR query ILIKE '%register_submission%' GROUP BY 1 ORDER BY sum(total_exec_time) DESC LIMIT 20`,
    )
  ).rows;
}

/** Profiles only the concurrent run. */
async function resetProfile(admin: Knex): Promise<void> {
  await admin.raw('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await admin.raw('SELECT pg_stat_statements_reset(), pg_stat_reset()');
}

/** Time per SQL function and trigger function (track_functions). */
async function functionProfile(admin: Knex) {
  return (
    await admin.raw<{ rows: Array<{ name: string; calls: string; self_ms: number; total_ms: number }> }>(
      `SELECT schemaname || '.' || funcname AS name, calls, round(self_time::numeric, 1)::float AS self_ms, round(total_time::numeric, 1)::float AS total_ms
       FROM pg_stat_user_functions ORDER BY self_time DESC LIMIT 12`,
    )
  ).rows;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = consoleLogger('bench-protocol');
  log.info(`starting an embedded PostgreSQL in ${dataRoot}`);
  const server = await startProtocolBenchServer(dataRoot, { profile: options.profile });
  const admin = createKnex(server.target, { user: server.admin.user, password: server.admin.password }, { max: 2 });
  try {
    const setup = await setUpProtocolBench(admin, options.clients);
    log.info(`ente, register, ${setup.clerks.length} clerk roles and ${setup.procedureCodes.length} procedures ready`);

    log.info(`floor: ${options.clients} raw SQL clients, counter update + insert, plain synchronous commit (${options.seconds} s)`);
    const floorSync = await runFloor(server.admin, options.clients, options.seconds, 'sync', 1);
    log.info(`floor: the same, committed as the registration commits (lock released at commit, disk awaited after) (${options.seconds} s)`);
    const { result: floor, cpu: floorCpu } = await measureCpu(server.postmasterPid, () =>
      runFloor(server.admin, options.clients, options.seconds, 'flush-after', 2),
    );
    const floorChecks = [await floorAudit(admin, 1), await floorAudit(admin, 2)];

    const applicants = benchApplicants(5000);
    let serial: { result: LoadResult; cpu: CpuSpan } | null = null;
    if (options.serialSeconds > 0) {
      log.info(`registrations: 1 client alone, full registration (${options.serialSeconds} s)`);
      serial = await measureCpu(server.postmasterPid, () =>
        runRegistrations({
          target: server.target,
          clerks: setup.clerks.slice(0, 1),
          procedureCodes: setup.procedureCodes,
          seconds: options.serialSeconds,
          retry: false,
          runLabel: 'serial',
          applicants,
        }),
      );
    }
    if (options.profile) await resetProfile(admin);

    log.info(`registrations: ${options.clients} clients, full registration${options.faults ? ' WITH FAULTS' : ''} (${options.seconds} s)`);
    const loadStart = { server: options.faults ? Number.NaN : serverCpuMs(server.postmasterPid()), client: clientCpuMs() };
    const load = runRegistrations({
      target: server.target,
      clerks: setup.clerks,
      procedureCodes: setup.procedureCodes,
      seconds: options.seconds,
      retry: options.faults,
      runLabel: options.faults ? 'faults' : 'run',
      applicants,
    });
    const profile = options.faults ? null : sampleBackends(server.admin, load);
    let faults: FaultLog | null = null;
    if (options.faults) faults = await injectFaults(server, options.seconds);
    const result = await load;
    const loadCpu: CpuSpan = {
      serverMs: options.faults ? Number.NaN : serverCpuMs(server.postmasterPid()) - loadStart.server,
      clientMs: clientCpuMs() - loadStart.client,
    };
    const samples = await profile;
    const audit = await auditRegister(admin, setup.registerId, [...(serial?.result.acknowledged ?? []), ...result.acknowledged]);
    const statements = options.profile ? await statementProfile(admin) : null;
    const functions = options.profile ? await functionProfile(admin) : null;

    const perSecond = result.acknowledged.length / (result.elapsedMs / 1000);
    const serialCpuMs = serial ? (serial.cpu.serverMs + serial.cpu.clientMs) / serial.result.acknowledged.length : null;
    const cpuCeiling = serialCpuMs === null ? null : (CORES * 1000) / serialCpuMs;
    const floorPerSecond = floor.count / (floor.elapsedMs / 1000);
    const floorSyncPerSecond = floorSync.count / (floorSync.elapsedMs / 1000);
    console.log('');
    console.log(
      table(
        ['measure', 'count', 'per second', 'p50 ms', 'p95 ms', 'p99 ms', 'server CPU ms each', 'client CPU ms each'],
        [
          ['floor, synchronous commit', String(floorSync.count), round(floorSyncPerSecond, 1).toString(), '-', '-', '-', '-', '-'],
          [
            'floor, commit then await disk',
            String(floor.count),
            round(floorPerSecond, 1).toString(),
            '-',
            '-',
            '-',
            ms(floorCpu.serverMs / floor.count),
            ms(floorCpu.clientMs / floor.count),
          ],
          ...(serial ? [registrationRow('full registration, 1 client alone', serial.result, serial.cpu)] : []),
          registrationRow(`full registration${options.faults ? ' with faults' : ''}, ${options.clients} clients`, result, loadCpu),
        ],
      ),
    );
    if (serial && serialCpuMs !== null && cpuCeiling !== null) {
      const n = serial.result.acknowledged.length;
      console.log('');
      console.log(
        `CPU per registration with nothing competing: ${ms(serialCpuMs)} ms (server ${ms(serial.cpu.serverMs / n)}, ` +
          `client ${ms(serial.cpu.clientMs / n)}); with ${CORES} cores this machine could do at most ` +
          `${round(cpuCeiling, 0)} per second if registering had them to itself`,
      );
    }
    if (samples) {
      const total = [...samples.values()].reduce((a, b) => a + b, 0);
      const top = [...samples.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
      console.log('');
      console.log(
        table(
          ["where the clients' backends were (sampled every 100 ms)", 'share'],
          top.map(([what, n]) => [what, `${round((100 * n) / total, 1)}%`]),
        ),
      );
    }
    console.log('');
    if (statements && functions) {
      console.log(
        table(
          ['statement (nested in functions and triggers)', 'calls', 'mean ms', 'total ms'],
          statements.map((st) => [st.query.slice(0, 110), String(st.calls), String(st.mean_ms), String(st.total_ms)]),
        ),
      );
      console.log('');
      console.log(
        table(
          ['SQL function or trigger (whole run)', 'calls', 'self ms', 'total ms'],
          functions.map((f) => [f.name, String(f.calls), String(f.self_ms), String(f.total_ms)]),
        ),
      );
    } else {
      console.log('time per SQL statement and function: run with --profile (which slows the run down)');
    }
    console.log('');
    console.log(
      `register audit: ${audit.entries} entries, numbers 1..${audit.maxNumber}, gaps ${audit.gaps}, duplicates ${audit.duplicates}, counter matches: ${audit.counterMatches}`,
    );
    console.log(`acknowledged registrations missing or changed after the run: ${audit.lostAcknowledged}`);
    console.log(
      `floor audit: gaps ${floorChecks.reduce((n, c) => n + c.gaps, 0)}, duplicates ${floorChecks.reduce((n, c) => n + c.duplicates, 0)}`,
    );
    console.log(`failed attempts: ${failuresText(result)}; retries answered "already registered": ${result.retriesResolvedAsDuplicate}`);
    if (faults)
      console.log(
        `faults: ${faults.serverCrashes} immediate server stop(s), down ${faults.downtimeMs.join(', ')} ms; ${faults.backendsTerminated} backends terminated`,
      );
    const verdict = perSecond >= TARGET_PER_SECOND && audit.gaps === 0 && audit.duplicates === 0 && audit.lostAcknowledged === 0;
    console.log(
      `target: >= ${TARGET_PER_SECOND}/s, 0 gaps, 0 duplicates, no acknowledged registration lost: ${verdict ? 'MET' : 'NOT MET'}`,
    );
    console.log(
      JSON.stringify({
        registrations: result.acknowledged.length,
        seconds: round(result.elapsedMs / 1000, 2),
        per_second: round(perSecond, 1),
        floor_per_second: round(floorPerSecond, 1),
        floor_sync_commit_per_second: round(floorSyncPerSecond, 1),
        gaps: audit.gaps,
        duplicates: audit.duplicates,
        lost_acknowledged: audit.lostAcknowledged,
        entries: audit.entries,
        clients: options.clients,
        p50_ms: round(percentile(result.latenciesMs, 50), 2),
        p95_ms: round(percentile(result.latenciesMs, 95), 2),
        server_cpu_ms_per_registration: round(loadCpu.serverMs / result.acknowledged.length, 3),
        client_cpu_ms_per_registration: round(loadCpu.clientMs / result.acknowledged.length, 3),
        ...(serial && serialCpuMs !== null && cpuCeiling !== null
          ? {
              serial_per_second: round(serial.result.acknowledged.length / (serial.result.elapsedMs / 1000), 1),
              serial_cpu_ms_per_registration: round(serialCpuMs, 3),
              cores: CORES,
              cpu_ceiling_per_second: round(cpuCeiling, 0),
            }
          : {}),
        failed_attempts: [...result.failures.values()].reduce((a, b) => a + b, 0),
        ...(faults
          ? {
              faults: {
                server_immediate_stops: faults.serverCrashes,
                downtime_ms: faults.downtimeMs,
                backends_terminated: faults.backendsTerminated,
                retries_answered_already_registered: result.retriesResolvedAsDuplicate,
              },
            }
          : {}),
      }),
    );
  } finally {
    await admin.destroy();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
