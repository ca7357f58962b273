/**
 * Where the benchmark's data lives: the app's own embedded PostgreSQL in bench/out/db (default), or
 * another server through BENCH_DATABASE_URL (a superuser URL). Either way the bench holds a superuser
 * connection for loading and a DatabaseTarget for staff sessions, as the app does.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbedded } from '../../src/main/db/embedded';
import { parseCentralUrl, type DatabaseTarget } from '../../src/main/db/target';
import type { Logger } from '../../src/main/logger';

export interface SuperuserConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface BenchDatabase {
  kind: 'embedded' | 'url';
  target: DatabaseTarget;
  admin: SuperuserConnection;
  /** Throws everything away and gives back an empty database (a new cluster when embedded). */
  reset(): Promise<BenchDatabase>;
  stop(): Promise<void>;
}

/** Appended to every staff login name: login roles are cluster-wide, so they must not collide. */
export const USERNAME_SUFFIX = '_bench';

export async function withClient<T>(connection: SuperuserConnection, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    ...connection,
    application_name: 'scrivania-bench',
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function openBenchDatabase(options: {
  outDir: string;
  url: string | undefined;
  fresh: boolean;
  log: Logger;
}): Promise<BenchDatabase> {
  return options.url ? openUrl(options.url, options.fresh, options.log) : openEmbedded(options.outDir, options.fresh, options.log);
}

async function openEmbedded(outDir: string, fresh: boolean, log: Logger): Promise<BenchDatabase> {
  const dataRoot = path.join(outDir, 'db');
  if (fresh) fs.rmSync(dataRoot, { recursive: true, force: true });
  const server = await startEmbedded(dataRoot, log);
  const database: BenchDatabase = {
    kind: 'embedded',
    target: server.target,
    admin: server.admin,
    reset: async () => {
      await server.stop();
      return openEmbedded(outDir, true, log);
    },
    stop: () => server.stop(),
  };
  return database;
}

async function openUrl(url: string, fresh: boolean, log: Logger): Promise<BenchDatabase> {
  const parsed = new URL(url);
  const target: DatabaseTarget = parseCentralUrl(url);
  const admin: SuperuserConnection = {
    host: target.host,
    port: target.port,
    user: decodeURIComponent(parsed.username || 'postgres'),
    password: decodeURIComponent(parsed.password),
    database: target.database,
  };
  await withClient({ ...admin, database: 'postgres' }, async (client) => {
    if (fresh) {
      log.info(`dropping database ${target.database} and the *${USERNAME_SUFFIX} login roles`);
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(target.database)} WITH (FORCE)`);
      const roles = await client.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname LIKE '%' || $1 AND rolcanlogin`, [
        USERNAME_SUFFIX.replace(/_/g, '\\_'),
      ]);
      for (const { rolname } of roles.rows) await client.query(`DROP ROLE ${pg.escapeIdentifier(rolname)}`);
    }
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(target.database)} ENCODING 'UTF8'`);
  });
  return {
    kind: 'url',
    target,
    admin,
    reset: () => openUrl(url, true, log),
    stop: async () => {},
  };
}
