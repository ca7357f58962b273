import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionSlot } from '../../src/main/api/handlers';
import { memorySlot } from '../support/memorySlot';
import { assembleRuntime, type Runtime } from '../../src/main/runtime';
import type { Session } from '../../src/main/session/session';
import { silentLogger } from '../../src/main/logger';
import type { DatabaseTarget } from '../../src/main/db/target';
import type { ApiResult } from '../../src/shared/api/errors';
import { createEnte, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

function runtimeFor(target: DatabaseTarget): Runtime {
  return assembleRuntime({ opened: { target, close: async () => {} }, version: 'test', log: silentLogger });
}

function errorCode(result: ApiResult<unknown>): string | null {
  return result.ok ? null : result.error.code;
}

/** Sign-in against a server that really checks passwords (the embedded PostgreSQL, SCRAM). */
describe('sign-in as the staff member’s own database role', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let clerk: TestStaff;
  let runtime: Runtime;
  const slots: (SessionSlot & { session: Session | null })[] = [];
  const newSlot = () => {
    const slot = memorySlot();
    slots.push(slot);
    return slot;
  };

  beforeAll(async () => {
    db = await createTestDatabase('passwordChecking');
    ente = await createEnte(db.admin);
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe], name: 'Giulia Conti' });
    runtime = runtimeFor(db.target);
  });

  afterAll(async () => {
    for (const slot of slots) await slot.session?.close();
    await db.drop();
  });

  it('signs in with the right password and reports who the user is', async () => {
    const slot = newSlot();
    const result = await runtime.call('session/signIn', { username: clerk.username, password: clerk.password }, slot);
    expect(result).toMatchObject({
      ok: true,
      data: { username: clerk.username, fullName: 'Giulia Conti', role: 'clerk', ente: { id: ente.enteId }, offices: [{ id: ente.offices.anagrafe }] },
    });
    const current = await runtime.call('session/current', {}, slot);
    expect(current).toMatchObject({ ok: true, data: { username: clerk.username } });
  });

  it('the session connects as the user’s own role, not a shared one', async () => {
    const slot = newSlot();
    await runtime.call('session/signIn', { username: clerk.username, password: clerk.password }, slot);
    const row = await slot.session!.db.raw<{ rows: { who: string }[] }>('SELECT session_user AS who');
    expect(row.rows[0]!.who).toBe(clerk.username);
  });

  it('a wrong password is refused as wrong credentials', async () => {
    const result = await runtime.call('session/signIn', { username: clerk.username, password: 'sbagliata-123' }, newSlot());
    expect(errorCode(result)).toBe('wrong_credentials');
  });

  it('an unknown user gets the same answer as a wrong password (no account probing)', async () => {
    const result = await runtime.call('session/signIn', { username: `nessuno_${db.suffix}`, password: 'qualsiasi-123' }, newSlot());
    expect(errorCode(result)).toBe('wrong_credentials');
  });

  it('a disabled account is told it is disabled', async () => {
    const disabled = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    const adminUser = await db.createStaff({ enteId: ente.enteId, role: 'admin', officeIds: [ente.offices.protocollo] });
    const adminDb = db.connectAs(adminUser);
    await adminDb.raw('SELECT scrivania.set_staff_enabled(?, false)', [disabled.id]);
    const result = await runtime.call('session/signIn', { username: disabled.username, password: disabled.password }, newSlot());
    expect(errorCode(result)).toBe('account_disabled');
  });

  it('a login role that is not a staff member is refused', async () => {
    const role = `estraneo_${db.suffix}`;
    await db.admin.raw(`CREATE ROLE ${role} LOGIN PASSWORD 'Estraneo.2026'`);
    try {
      const result = await runtime.call('session/signIn', { username: role, password: 'Estraneo.2026' }, newSlot());
      expect(errorCode(result)).toBe('not_staff');
    } finally {
      await db.admin.raw(`DROP ROLE ${role}`);
    }
  });

  it('an unreachable server is reported as unavailable', async () => {
    const nowhere: DatabaseTarget = { ...db.target, port: 1, description: { ...db.target.description, port: 1 } };
    const result = await runtimeFor(nowhere).call('session/signIn', { username: clerk.username, password: clerk.password }, newSlot());
    expect(errorCode(result)).toBe('unavailable');
  });

  it('refuses a database migrated by a newer Scrivania, and one not yet migrated', async () => {
    await db.admin('public.knex_migrations').insert({ name: '29990101000000_from_the_future', batch: 99, migration_time: new Date() });
    expect(errorCode(await runtime.call('session/signIn', { username: clerk.username, password: clerk.password }, newSlot()))).toBe('schema_ahead');
    await db.admin('public.knex_migrations').where('name', '29990101000000_from_the_future').delete();

    const [last] = await db.admin('public.knex_migrations').orderBy('id', 'desc').limit(1);
    await db.admin('public.knex_migrations').where('id', last.id).delete();
    try {
      expect(errorCode(await runtime.call('session/signIn', { username: clerk.username, password: clerk.password }, newSlot()))).toBe('schema_behind');
    } finally {
      await db.admin('public.knex_migrations').insert({ name: last.name, batch: last.batch, migration_time: last.migration_time });
    }
  });

  it('channels other than sign-in require a session', async () => {
    const result = await runtime.call('instances/worklist', { scope: 'mine', startRow: 0, endRow: 100 }, newSlot());
    expect(errorCode(result)).toBe('unauthenticated');
  });

  it('signing out closes the session', async () => {
    const slot = newSlot();
    await runtime.call('session/signIn', { username: clerk.username, password: clerk.password }, slot);
    await runtime.call('session/signOut', {}, slot);
    expect(slot.session).toBeNull();
    expect(await runtime.call('session/current', {}, slot)).toEqual({ ok: true, data: null });
  });
});
