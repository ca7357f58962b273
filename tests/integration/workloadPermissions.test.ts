import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/api/appError';
import { readMyLoad } from '../../src/main/workload/assignmentService';
import { readDashboard, type DashboardReader } from '../../src/main/workload/dashboardService';
import { readDigitisation } from '../../src/main/workload/digitisationService';
import { setFullTimePoints, setWeight, setWholeEnte } from '../../src/main/workload/setupService';
import { DashboardQuery, type DashboardScopeValue } from '../../src/shared/api/workload';
import { addDays, todayInRome } from '../../src/shared/domain/calendar';
import { createEnte, createInstance, createPerson, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

/**
 * Who sees which workload figures, checked by connecting as each role's own PostgreSQL login:
 * managers their offices (the whole ente only when an administrator grants it), administrators the
 * ente, staff their own load. The database enforces it; the service refuses with a reason.
 */
describe('workload permissions, by role, under row-level security', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let manager: TestStaff;
  let admin: TestStaff;
  let clerk: TestStaff;
  let technician: TestStaff;
  let managerDb: Knex;
  let adminDb: Knex;
  let clerkDb: Knex;
  const today = todayInRome();

  const reader = (staff: TestStaff, officeIds: number[]): DashboardReader => ({
    enteId: ente.enteId,
    staffId: staff.id,
    role: staff.role,
    officeIds,
  });
  const query = (scope: DashboardScopeValue) => DashboardQuery.parse({ scope, from: addDays(today, -90), to: today });
  const countVisible = async (conn: Knex) => Number(((await conn('scrivania.instances').count('* as n')) as Array<{ n: string }>)[0]!.n);

  async function refusal(work: Promise<unknown>): Promise<AppError> {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin, 'Comune di Vistabella');
    manager = await db.createStaff({ enteId: ente.enteId, role: 'manager', officeIds: [ente.offices.edilizia] });
    admin = await db.createStaff({ enteId: ente.enteId, role: 'admin', officeIds: [ente.offices.protocollo] });
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    technician = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia] });
    const person = await createPerson(db.admin, ente.enteId, { lastName: 'Neri', firstName: 'Paolo' });
    for (let i = 0; i < 3; i++) {
      await createInstance(db.admin, ente, {
        officeId: ente.offices.edilizia,
        procedureTypeId: ente.procedures.permesso,
        personId: person,
        status: 'in_progress',
        assigneeId: technician.id,
        receivedAt: `${addDays(today, -10)}T09:00:00+01:00`,
        dueDate: addDays(today, i - 1),
      });
    }
    for (let i = 0; i < 2; i++) {
      await createInstance(db.admin, ente, {
        officeId: ente.offices.anagrafe,
        procedureTypeId: ente.procedures.residenza,
        personId: person,
        status: 'in_progress',
        assigneeId: clerk.id,
        receivedAt: `${addDays(today, -5)}T09:00:00+01:00`,
        dueDate: addDays(today, 20),
      });
    }
    managerDb = db.connectAs(manager);
    adminDb = db.connectAs(admin);
    clerkDb = db.connectAs(clerk);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('a manager sees the cases and figures of their offices only, and is refused another office', async () => {
    expect(await countVisible(managerDb)).toBe(3);
    const dashboard = await readDashboard(managerDb, query({ kind: 'ente' }), reader(manager, [ente.offices.edilizia]), today);
    expect(dashboard.snapshot.open).toBe(3);
    expect(dashboard.snapshot.overdue).toBe(1);
    expect(dashboard.flow.received).toBe(3);
    const error = await refusal(
      readDashboard(managerDb, query({ kind: 'office', officeId: ente.offices.anagrafe }), reader(manager, [ente.offices.edilizia]), today),
    );
    expect(error).toMatchObject({ code: 'forbidden', reason: 'scope_not_visible' });
    const rolled = (await managerDb('scrivania.workload_daily').distinct('office_id')) as Array<{ office_id: number }>;
    expect(rolled.every((row) => row.office_id === ente.offices.edilizia)).toBe(true);
  });

  it('granted the whole ente by an administrator, the manager sees every office; revoked, no longer', async () => {
    await refusal(setWholeEnte(managerDb, { staffId: manager.id, role: 'manager' }, manager.id, true)).then((e) =>
      expect(e.reason).toBe('admin_only'),
    );
    await expect(managerDb('scrivania.manager_ente_grants').insert({ staff_id: manager.id, ente_id: ente.enteId })).rejects.toThrow(
      /permission denied/,
    );
    await refusal(setWholeEnte(adminDb, { staffId: admin.id, role: 'admin' }, technician.id, true)).then((e) =>
      expect(e.reason).toBe('grant_managers_only'),
    );

    await setWholeEnte(adminDb, { staffId: admin.id, role: 'admin' }, manager.id, true);
    expect(await countVisible(managerDb)).toBe(5);
    const dashboard = await readDashboard(
      managerDb,
      query({ kind: 'office', officeId: ente.offices.anagrafe }),
      reader(manager, [ente.offices.edilizia]),
      today,
    );
    expect(dashboard.snapshot.open).toBe(2);
    const whole = await readDashboard(managerDb, query({ kind: 'ente' }), reader(manager, [ente.offices.edilizia]), today);
    expect(whole.snapshot.open).toBe(5);
    // Seeing is not acting: the grant does not let the manager change another office's cases.
    const updated = await managerDb('scrivania.instances')
      .where({ office_id: ente.offices.anagrafe })
      .update({ subject: 'Modifica non consentita' });
    expect(updated).toBe(0);

    await setWholeEnte(adminDb, { staffId: admin.id, role: 'admin' }, manager.id, false);
    expect(await countVisible(managerDb)).toBe(3);
    const audit = await db.admin('scrivania.audit_log').where({ table_name: 'manager_ente_grants' }).orderBy('id').pluck('action');
    expect(audit).toEqual(['INSERT', 'DELETE']);
  });

  it('an administrator reads the whole ente', async () => {
    expect(await countVisible(adminDb)).toBe(5);
    const dashboard = await readDashboard(adminDb, query({ kind: 'ente' }), reader(admin, [ente.offices.protocollo]), today);
    expect(dashboard.snapshot.open).toBe(5);
  });

  it('staff read their own load and figures, nobody else’s', async () => {
    const mine = await readMyLoad(clerkDb, clerk.id);
    expect(mine).toMatchObject({ staffId: clerk.id, openCases: 2, weightedLoad: 2, overdue: 0 });
    const own = await readDashboard(clerkDb, query({ kind: 'person', staffId: clerk.id }), reader(clerk, [ente.offices.anagrafe]), today);
    expect(own.snapshot.open).toBe(2);
    const error = await refusal(readDashboard(clerkDb, query({ kind: 'ente' }), reader(clerk, [ente.offices.anagrafe]), today));
    expect(error).toMatchObject({ code: 'forbidden', reason: 'managers_only' });
    await refusal(readDigitisation(clerkDb, { from: addDays(today, -30), to: today }, reader(clerk, [ente.offices.anagrafe]))).then((e) =>
      expect(e.reason).toBe('managers_only'),
    );
  });

  it('weights are set by the managers of the office handling the procedure, full-time points by administrators', async () => {
    await setWeight(managerDb, { staffId: manager.id, role: 'manager' }, ente.procedures.permesso, 2.5);
    const error = await refusal(setWeight(managerDb, { staffId: manager.id, role: 'manager' }, ente.procedures.residenza, 2));
    expect(error.reason).toBe('not_manager_of_office');
    await expect(
      managerDb.raw(`INSERT INTO scrivania.procedure_weights (procedure_type_id, ente_id, weight) VALUES (?, ?, 4)`, [
        ente.procedures.residenza,
        ente.enteId,
      ]),
    ).rejects.toThrow(/row-level security/);
    await expect(
      clerkDb.raw(`INSERT INTO scrivania.procedure_weights (procedure_type_id, ente_id, weight) VALUES (?, ?, 4)`, [
        ente.procedures.residenza,
        ente.enteId,
      ]),
    ).rejects.toThrow(/permission denied/);
    await refusal(setFullTimePoints(managerDb, { staffId: manager.id, role: 'manager' }, 30)).then((e) =>
      expect(e.reason).toBe('admin_only'),
    );
    const setup = await setFullTimePoints(adminDb, { staffId: admin.id, role: 'admin' }, 30);
    expect(setup.fullTimePoints).toBe(30);
    expect(setup.procedureTypes.find((p) => p.id === ente.procedures.permesso)).toMatchObject({ weight: 2.5, weightIsDefault: false });
  });

  it('staff advance the roll-up of their own ente only, and never over the last minutes', async () => {
    await managerDb.raw(`SELECT scrivania.workload_roll_up(?, now() + interval '1 day')`, [ente.enteId]);
    const state = await db.admin('scrivania.workload_rollup_state').where({ ente_id: ente.enteId }).first();
    expect(new Date(state.rolled_until).getTime()).toBeLessThanOrEqual(Date.now() - 14 * 60_000);
    const other = await createEnte(db.admin, 'Comune di Altrove');
    await expect(managerDb.raw(`SELECT scrivania.workload_roll_up(?, now())`, [other.enteId])).rejects.toMatchObject({
      hint: 'scrivania:other_ente',
    });
  });

  it('a period that is empty, in the future or too long is refused with its reason', async () => {
    const asManager = reader(manager, [ente.offices.edilizia]);
    const refused = async (from: string, to: string) =>
      (await refusal(readDashboard(managerDb, DashboardQuery.parse({ scope: { kind: 'ente' }, from, to }), asManager, today))).reason;
    expect(await refused(today, addDays(today, -1))).toBe('period_empty');
    expect(await refused(addDays(today, 1), addDays(today, 5))).toBe('period_in_future');
    expect(await refused(addDays(today, -4000), today)).toBe('period_too_long');
    expect(DashboardQuery.safeParse({ scope: { kind: 'ente' }, from: '2026-02-30', to: today }).success).toBe(false);
  });
});
