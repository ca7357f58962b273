import crypto from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { inject } from 'vitest';
import { createKnex } from '../../src/main/db/knexFactory';
import type { DatabaseTarget } from '../../src/main/db/target';
import type { StaffRole } from '../../src/shared/api/session';
import { scramSha256Verifier } from '../../src/main/staff/scramVerifier';
import type { ServerInfo } from './servers';

export const TEST_PASSWORD = 'Prova.Password.2026';

export interface TestStaff {
  id: number;
  username: string;
  password: string;
  role: StaffRole;
}

export interface TestDatabase {
  name: string;
  target: DatabaseTarget;
  server: ServerInfo;
  /** Superuser connection: for fixtures and for checking what really is in the tables. */
  admin: Knex;
  /** A unique suffix for this file's role names (roles are cluster-wide). */
  suffix: string;
  createStaff(options: { enteId: number; role: StaffRole; officeIds: number[]; name?: string; password?: string }): Promise<TestStaff>;
  /** A knex pool logged in as a staff member's own role, as the app does. */
  connectAs(staff: Pick<TestStaff, 'username' | 'password'>): Knex;
  /** Also drops every role the file created (they live outside the database). */
  drop(): Promise<void>;
}

async function withMaintenance<T>(server: ServerInfo, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...server, database: 'postgres' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database cloned from the migrated template (or `empty`, for migration tests), on the main
 * or the password-checking server.
 */
export async function createTestDatabase(which: 'main' | 'passwordChecking' = 'main', options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const servers = inject('servers');
  const server = which === 'main' ? servers.main : servers.passwordChecking;
  const template = which === 'main' ? servers.templateDatabase : servers.passwordCheckingTemplate;
  const suffix = crypto.randomBytes(3).toString('hex');
  const name = `scv_test_${suffix}`;
  await withMaintenance(server, (client) =>
    client.query(options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${template}`),
  );
  const target: DatabaseTarget = {
    description: { kind: 'central', host: server.host, port: server.port, database: name },
    host: server.host,
    port: server.port,
    database: name,
    ssl: false,
  };
  const admin = createKnex(target, server, { max: 2 });
  const roles: string[] = [];
  const pools: Knex[] = [];
  let counter = 0;

  return {
    name,
    target,
    server,
    admin,
    suffix,
    async createStaff({ enteId, role, officeIds, name: fullName, password = TEST_PASSWORD }) {
      counter += 1;
      const username = `t${suffix}_${role}${counter}`;
      const result = await admin.raw<{ rows: { id: number }[] }>(
        'SELECT scrivania.provision_staff(?, ?, ?, ?, ?, ?, ?::integer[]) AS id',
        [enteId, username, scramSha256Verifier(password), fullName ?? `Persona ${role} ${counter}`, null, role, officeIds],
      );
      roles.push(username);
      return { id: result.rows[0]!.id, username, password, role };
    },
    connectAs(staff) {
      const pool = createKnex(target, { user: staff.username, password: staff.password }, { max: 2 });
      pools.push(pool);
      return pool;
    },
    async drop() {
      await Promise.all(pools.map((pool) => pool.destroy()));
      await admin.destroy();
      await withMaintenance(server, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        for (const role of roles) await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`);
      });
    },
  };
}
