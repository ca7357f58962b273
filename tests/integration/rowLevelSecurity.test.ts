import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnte, createInstance, createPerson, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

/**
 * Row-level security checked the way an attacker would try it: connecting with a clerk's own
 * PostgreSQL role and writing raw SQL, bypassing the app entirely.
 */
describe('row-level security, connecting as staff roles with raw SQL', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let other: EnteFixture;
  let clerk: TestStaff;
  let admin: TestStaff;
  let clerkDb: Knex;
  let adminDb: Knex;
  const ids = { person: 0, foreigner: 0, edilizia: 0, anagrafe: 0, foreign: 0 };

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin, 'Comune di Castelprova');
    other = await createEnte(db.admin, 'Comune di Altrove');
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.edilizia] });
    admin = await db.createStaff({ enteId: ente.enteId, role: 'admin', officeIds: [ente.offices.protocollo] });
    const person = await createPerson(db.admin, ente.enteId, { lastName: 'Rossi', firstName: 'Mario' });
    const foreigner = await createPerson(db.admin, other.enteId, { lastName: 'Bianchi', firstName: 'Anna', sex: 'F' });
    ids.person = person;
    ids.foreigner = foreigner;
    ids.edilizia = await createInstance(db.admin, ente, {
      officeId: ente.offices.edilizia,
      procedureTypeId: ente.procedures.permesso,
      personId: person,
      assigneeId: clerk.id,
    });
    ids.anagrafe = await createInstance(db.admin, ente, {
      officeId: ente.offices.anagrafe,
      procedureTypeId: ente.procedures.residenza,
      personId: person,
    });
    ids.foreign = await createInstance(db.admin, other, {
      officeId: other.offices.edilizia,
      procedureTypeId: other.procedures.permesso,
      personId: foreigner,
    });
    clerkDb = db.connectAs(clerk);
    adminDb = db.connectAs(admin);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('forces row-level security on every table of the schema, so the owner is bound too', async () => {
    const result = await db.admin.raw<{ rows: { relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[] }>(`
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'scrivania' AND c.relkind = 'r'`);
    expect(result.rows.length).toBeGreaterThan(8);
    for (const row of result.rows) {
      expect({ table: row.relname, rls: row.relrowsecurity, forced: row.relforcerowsecurity }).toEqual({
        table: row.relname,
        rls: true,
        forced: true,
      });
    }
  });

  it('a clerk sees only the instances of their own offices in their own ente', async () => {
    const rows = await clerkDb.raw<{ rows: { id: number }[] }>('SELECT id FROM scrivania.instances ORDER BY id');
    expect(rows.rows.map((r) => r.id)).toEqual([ids.edilizia]);
  });

  it('an administrator sees every instance of their ente and none of another ente', async () => {
    const rows = await adminDb.raw<{ rows: { id: number }[] }>('SELECT id FROM scrivania.instances ORDER BY id');
    expect(rows.rows.map((r) => r.id)).toEqual([ids.edilizia, ids.anagrafe].sort((a, b) => a - b));
  });

  it("a clerk cannot see another ente's people, staff or offices", async () => {
    const people = await clerkDb.raw<{ rows: { id: number }[] }>('SELECT id FROM scrivania.persons');
    expect(people.rows.map((r) => r.id)).toEqual([ids.person]);
    const offices = await clerkDb.raw<{ rows: { ente_id: number }[] }>('SELECT DISTINCT ente_id FROM scrivania.offices');
    expect(offices.rows).toEqual([{ ente_id: ente.enteId }]);
    const enti = await clerkDb.raw<{ rows: { id: number }[] }>('SELECT id FROM scrivania.enti');
    expect(enti.rows.map((r) => r.id)).toEqual([ente.enteId]);
  });

  it('a clerk cannot move an instance into an office that is not theirs', async () => {
    await expect(
      clerkDb.raw('UPDATE scrivania.instances SET office_id = ? WHERE id = ?', [ente.offices.anagrafe, ids.edilizia]),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it("a clerk's update of an instance they cannot see changes nothing", async () => {
    const result = await clerkDb.raw<{ rowCount: number }>("UPDATE scrivania.instances SET subject = 'manomesso' WHERE id = ?", [
      ids.anagrafe,
    ]);
    expect(result.rowCount).toBe(0);
    const row = await db.admin('scrivania.instances').where('id', ids.anagrafe).first();
    expect(row.subject).not.toBe('manomesso');
  });

  it('a clerk cannot insert an instance for another ente', async () => {
    await expect(
      clerkDb('scrivania.instances').insert({
        ente_id: other.enteId,
        office_id: other.offices.edilizia,
        procedure_type_id: other.procedures.permesso,
        applicant_person_id: ids.foreigner,
        subject: 'tentativo',
        channel: 'desk',
        protocol_register_id: other.registerId,
        protocol_year: 2026,
        protocol_number: 999,
        received_at: '2026-03-02T09:00:00Z',
        due_date: '2026-05-01',
      }),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('nobody deletes instances, and staff cannot write staff rows or create roles directly', async () => {
    await expect(clerkDb.raw('DELETE FROM scrivania.instances WHERE id = ?', [ids.edilizia])).rejects.toMatchObject({ code: '42501' });
    await expect(adminDb.raw('DELETE FROM scrivania.instances WHERE id = ?', [ids.edilizia])).rejects.toMatchObject({ code: '42501' });
    await expect(adminDb.raw("UPDATE scrivania.staff SET role = 'admin' WHERE id = ?", [clerk.id])).rejects.toMatchObject({
      code: '42501',
    });
    await expect(adminDb.raw('CREATE ROLE intruso LOGIN')).rejects.toMatchObject({ code: '42501' });
  });

  it('a clerk cannot create staff through the administration function', async () => {
    await expect(
      clerkDb.raw("SELECT scrivania.create_staff('nuovo_utente', 'x', 'Nuovo Utente', null, 'admin', ARRAY[1])"),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('SET ROLE to a more powerful group does not change who the policies think you are', async () => {
    await expect(clerkDb.raw('SET ROLE scrivania_admin')).rejects.toMatchObject({ code: '42501' });
  });

  it('the audit log records who changed what, and nobody can rewrite it', async () => {
    // A status change goes with its history entry (the database requires it), as the workflow does.
    await clerkDb.transaction(async (trx) => {
      await trx('scrivania.instance_events').insert({
        ente_id: ente.enteId,
        instance_id: ids.edilizia,
        action: 'take_in_charge',
        from_status: 'received',
        to_status: 'in_progress',
      });
      await trx.raw("UPDATE scrivania.instances SET status = 'in_progress' WHERE id = ?", [ids.edilizia]);
    });
    const audit = await db.admin('scrivania.audit_log').where({ table_name: 'instances', row_id: String(ids.edilizia), action: 'UPDATE' });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toBe(clerk.username);
    expect(audit[0].changes.status).toEqual(['received', 'in_progress']);
    await expect(adminDb.raw('DELETE FROM scrivania.audit_log')).rejects.toMatchObject({ code: '42501' });
    await expect(db.admin.raw('DELETE FROM scrivania.audit_log')).rejects.toThrow(/append-only/);
    const visibleToClerk = clerkDb.raw('SELECT count(*) FROM scrivania.audit_log');
    await expect(visibleToClerk).rejects.toMatchObject({ code: '42501' });
  });
});
