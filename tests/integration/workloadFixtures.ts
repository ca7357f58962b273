/**
 * Fixtures of the workload tests: the demo Comune (realistic offices, catalogue, staff and case
 * histories) loaded into a test database, with its staff's login roles named after the test file
 * and dropped with it.
 */
import type { Knex } from 'knex';
import pg from 'pg';
import { loadDemoData, type DemoSummary } from '../../src/main/demo/loadDemoData';
import { silentLogger } from '../../src/main/logger';
import { TEST_PASSWORD, type TestDatabase, type TestStaff } from '../support/testDatabase';

export interface DemoEnte {
  summary: DemoSummary;
  /** A demo staff member by their demo username (without the suffix), to connect as. */
  staff(demoUsername: string): TestStaff;
  officeId(code: string): Promise<number>;
  /** Drops the demo login roles; call after the test database is dropped. */
  dropRoles(): Promise<void>;
}

export async function loadDemoEnte(db: TestDatabase, options: { instances: number; persons?: number; seed?: number }): Promise<DemoEnte> {
  const suffix = `_w${db.suffix}`;
  const summary = await loadDemoData(db.admin, {
    log: silentLogger,
    instances: options.instances,
    persons: options.persons ?? 400,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    usernameSuffix: suffix,
    passwordFor: () => TEST_PASSWORD,
  });
  return {
    summary,
    staff(demoUsername) {
      const member = summary.staff.find((s) => s.username === demoUsername + suffix);
      if (!member) throw new Error(`No demo staff ${demoUsername}`);
      return { id: member.id, username: member.username, password: TEST_PASSWORD, role: member.role };
    },
    async officeId(code) {
      const row = (await db.admin('scrivania.offices').where({ ente_id: summary.enteId, code }).first('id')) as { id: number } | undefined;
      if (!row) throw new Error(`No demo office ${code}`);
      return row.id;
    },
    async dropRoles() {
      const client = new pg.Client({ ...db.server, database: 'postgres' });
      await client.connect();
      try {
        for (const member of summary.staff) await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(member.username)}`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The ids of the ente's open cases, in order. */
export async function openCaseIds(admin: Knex, enteId: number): Promise<number[]> {
  return (await admin('scrivania.instances').where({ ente_id: enteId }).whereNull('closed_at').orderBy('id').pluck('id')) as number[];
}
