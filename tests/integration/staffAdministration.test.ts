import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/api/appError';
import { databaseErrorToApiError } from '../../src/main/db/errors';
import { createKnex } from '../../src/main/db/knexFactory';
import { createStaffMember, setStaffMemberEnabled } from '../../src/main/staff/service';
import { listStaff } from '../../src/main/staff/queries';
import { CreateStaffInput } from '../../src/shared/api/staff';
import { createEnte, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, reason: error.reason };
    return databaseErrorToApiError(error);
  }
  throw new Error('expected a refusal');
}

/** Administrators create and disable staff from the app: login role and staff row change together. */
describe('staff administration through the database’s own functions', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let other: EnteFixture;
  let admin: TestStaff;
  let clerk: TestStaff;
  let adminDb: Knex;
  const created: string[] = [];

  const input = (username: string, overrides: Partial<Parameters<typeof CreateStaffInput.parse>[0]> = {}) =>
    CreateStaffInput.parse({
      username,
      password: 'Nuova.Password.42',
      fullName: 'Chiara Fontana',
      email: 'c.fontana@comune.example.it',
      role: 'clerk',
      officeIds: [ente.offices.anagrafe],
      ...overrides,
    });

  beforeAll(async () => {
    db = await createTestDatabase('passwordChecking');
    ente = await createEnte(db.admin);
    other = await createEnte(db.admin, 'Comune di Altrove');
    admin = await db.createStaff({ enteId: ente.enteId, role: 'admin', officeIds: [ente.offices.protocollo] });
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    adminDb = db.connectAs(admin);
  });

  afterAll(async () => {
    for (const role of created) await db.admin.raw(`DROP ROLE IF EXISTS "${role}"`).catch(() => {});
    await db.drop();
  });

  it('creates the login role and the staff row together; the new user can sign in with the password', async () => {
    const username = `fontana_${db.suffix}`;
    created.push(username);
    const member = await createStaffMember(adminDb, input(username));
    expect(member).toMatchObject({ username, fullName: 'Chiara Fontana', role: 'clerk', enabled: true, offices: [{ id: ente.offices.anagrafe }] });

    const role = await db.admin.raw<{ rows: { rolcanlogin: boolean; groups: string[] }[] }>(
      `SELECT r.rolcanlogin, array(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid)::text[] AS groups
         FROM pg_roles r WHERE r.rolname = ?`,
      [username],
    );
    expect(role.rows[0]).toEqual({ rolcanlogin: true, groups: ['scrivania_clerk'] });

    const asNewUser = createKnex(db.target, { user: username, password: 'Nuova.Password.42' }, { max: 1 });
    try {
      const who = await asNewUser.raw<{ rows: { who: string }[] }>('SELECT session_user AS who');
      expect(who.rows[0]!.who).toBe(username);
    } finally {
      await asNewUser.destroy();
    }
  });

  it('stores a SCRAM verifier, never the password', async () => {
    const username = `verifica_${db.suffix}`;
    created.push(username);
    await createStaffMember(adminDb, input(username));
    const stored = await db.admin.raw<{ rows: { rolpassword: string }[] }>('SELECT rolpassword FROM pg_authid WHERE rolname = ?', [username]);
    expect(stored.rows[0]!.rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
    expect(stored.rows[0]!.rolpassword).not.toContain('Nuova.Password.42');
  });

  it('refuses a username that already exists, leaving nothing behind', async () => {
    const before = (await listStaff(adminDb)).length;
    expect(await refusal(createStaffMember(adminDb, input(clerk.username)))).toMatchObject({ code: 'conflict', reason: 'username_taken' });
    expect((await listStaff(adminDb)).length).toBe(before);
  });

  it('refuses offices of another ente, and creates neither role nor row', async () => {
    const username = `straniero_${db.suffix}`;
    created.push(username);
    expect(await refusal(createStaffMember(adminDb, input(username, { officeIds: [other.offices.anagrafe] })))).toMatchObject({
      code: 'validation',
      reason: 'office_other_ente',
    });
    const role = await db.admin.raw<{ rowCount: number }>('SELECT 1 FROM pg_roles WHERE rolname = ?', [username]);
    expect(role.rowCount).toBe(0);
  });

  it('a clerk may not create staff', async () => {
    const clerkDb = db.connectAs(clerk);
    expect(await refusal(createStaffMember(clerkDb, input(`abusivo_${db.suffix}`)))).toMatchObject({ code: 'forbidden' });
  });

  it('disabling removes the right to log in at once; enabling restores it', async () => {
    const username = `temporaneo_${db.suffix}`;
    created.push(username);
    const member = await createStaffMember(adminDb, input(username));
    const disabled = await setStaffMemberEnabled(adminDb, member.id, false);
    expect(disabled.enabled).toBe(false);
    expect(disabled.disabledAt).not.toBeNull();
    const attempt = createKnex(db.target, { user: username, password: 'Nuova.Password.42' }, { max: 1 });
    try {
      expect(databaseErrorToApiError(await attempt.raw('SELECT 1').catch((e: unknown) => e))).toMatchObject({ code: 'account_disabled' });
    } finally {
      await attempt.destroy();
    }
    const enabled = await setStaffMemberEnabled(adminDb, member.id, true);
    expect(enabled).toMatchObject({ enabled: true, disabledAt: null });
  });

  it('an administrator cannot disable themselves', async () => {
    expect(await refusal(setStaffMemberEnabled(adminDb, admin.id, false))).toMatchObject({ code: 'validation', reason: 'disable_self' });
  });

  it('every change to staff is in the audit log with the administrator as actor', async () => {
    const entries = await db.admin('scrivania.audit_log').where({ table_name: 'staff', actor: admin.username });
    expect(entries.some((e) => e.action === 'INSERT')).toBe(true);
    expect(entries.some((e) => e.action === 'UPDATE' && 'enabled' in e.changes)).toBe(true);
  });
});
