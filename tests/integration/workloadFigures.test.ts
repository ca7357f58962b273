import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex } from '../../src/main/db/knexFactory';
import { readDashboard, readDrill, readFiguresFromCases, readFiguresWithRollUp } from '../../src/main/workload/dashboardService';
import { actOnCase } from '../../src/main/instances/workflowService';
import { CaseActionInput, type CaseActionInputValue } from '../../src/shared/api/cases';
import { DashboardQuery, type DashboardScopeValue } from '../../src/shared/api/workload';
import { addDays, todayInRome } from '../../src/shared/domain/calendar';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';
import { loadDemoEnte, type DemoEnte } from './workloadFixtures';

const PDF = {
  filename: 'provvedimento.pdf',
  contentBase64: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64'),
};

/**
 * The dashboard reads closed cases from a roll-up. These tests hold it to the figures computed
 * directly from the cases, on the demo Comune's two years of realistic histories, for every kind of
 * scope and for periods that start and end mid-month, in a single month, on one day; after new
 * closures are folded in; and after a bulk change to closed cases resets it.
 */
describe('workload figures: the roll-up equals the figures computed from the cases', () => {
  let db: TestDatabase;
  let demo: DemoEnte;
  let manager: TestStaff;
  let managerDb: Knex;
  const today = todayInRome();
  let scopes: DashboardScopeValue[];

  const periods: Array<[string, string]> = [
    [addDays(today, -729), today],
    [addDays(today, -400), addDays(today, -45)],
    [addDays(today, -200), addDays(today, -190)],
    [addDays(today, -33), addDays(today, -33)],
    [`${today.slice(0, 7)}-01`, today],
  ];

  const query = (scope: DashboardScopeValue, [from, to]: [string, string]) => DashboardQuery.parse({ scope, from, to, riskDays: 15 });

  async function expectRollUpAgrees(conn: Knex, label: string) {
    for (const scope of scopes) {
      for (const period of periods) {
        const direct = await readFiguresFromCases(conn, query(scope, period), demo.summary.enteId, today);
        const rolled = await readFiguresWithRollUp(conn, query(scope, period), demo.summary.enteId, today);
        expect(rolled, `${label} ${JSON.stringify(scope)} ${period.join('..')}`).toEqual(direct);
      }
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    demo = await loadDemoEnte(db, { instances: 1500 });
    manager = demo.staff('m.colombo');
    managerDb = db.connectAs(manager);
    const procedure = (await db
      .admin('scrivania.instances')
      .where({ ente_id: demo.summary.enteId })
      .groupBy('procedure_type_id')
      .orderByRaw('count(*) DESC')
      .first('procedure_type_id')) as { procedure_type_id: number };
    const busiest = (await db
      .admin('scrivania.instances')
      .where({ ente_id: demo.summary.enteId })
      .whereNotNull('assignee_id')
      .groupBy('assignee_id')
      .orderByRaw('count(*) DESC')
      .first('assignee_id')) as { assignee_id: number };
    scopes = [
      { kind: 'ente' },
      { kind: 'office', officeId: await demo.officeId('SUE') },
      { kind: 'office', officeId: await demo.officeId('DEMOGRAFICI') },
      { kind: 'procedure', procedureTypeId: procedure.procedure_type_id },
      { kind: 'person', staffId: busiest.assignee_id },
    ];
  });

  afterAll(async () => {
    await db.drop();
    await demo.dropRoles();
  });

  it('the demo has two years of cases: most of them closed, some decided late, some after a pause', async () => {
    const figures = await readFiguresFromCases(db.admin, query({ kind: 'ente' }, periods[0]!), demo.summary.enteId, today);
    expect(figures.flow.received).toBeGreaterThan(1400);
    expect(figures.flow.decided).toBeGreaterThan(1000);
    expect(figures.flow.decided).toBeGreaterThan(figures.flow.decidedWithinTerm);
    expect(figures.flow.decidedAfterPreavviso).toBeGreaterThan(0);
    expect(figures.snapshot.open).toBeGreaterThan(20);
    expect(figures.weekly.length).toBeGreaterThan(100);
  });

  it('agrees for the ente, offices, a procedure and a person over five kinds of period (superuser view)', async () => {
    await expectRollUpAgrees(db.admin, 'admin');
    const state = await db.admin('scrivania.workload_rollup_state').where({ ente_id: demo.summary.enteId }).first();
    expect(state.rolled_cases).toBeGreaterThan(1000);
  });

  it('agrees as a manager under row-level security, who sees only the offices they manage', async () => {
    await expectRollUpAgrees(managerDb, 'manager');
    const ente = await readFiguresFromCases(managerDb, query({ kind: 'ente' }, periods[0]!), demo.summary.enteId, today);
    const all = await readFiguresFromCases(db.admin, query({ kind: 'ente' }, periods[0]!), demo.summary.enteId, today);
    expect(ente.flow.received).toBeGreaterThan(0);
    expect(ente.flow.received).toBeLessThan(all.flow.received);
  });

  it('folds cases decided and closed after the roll-up, and still agrees', async () => {
    // Three open cases a technician is working on (not SCIA: a SCIA is not decided this way), held
    // by the technician who has the most of them: the demo's spread of cases is random.
    const inProgress = () =>
      db
        .admin('scrivania.instances')
        .where({ 'scrivania.instances.ente_id': demo.summary.enteId, status: 'in_progress' })
        .whereNull('closed_at')
        .join('scrivania.procedure_types as p', 'p.id', 'scrivania.instances.procedure_type_id')
        .whereNot('p.clock_rule', 'scia')
        .join('scrivania.staff as s', 's.id', 'scrivania.instances.assignee_id')
        .where('s.role', 'technician');
    const { username } = (await inProgress().groupBy('s.username').orderByRaw('count(*) DESC, s.username').first('s.username')) as {
      username: string;
    };
    const technician = demo.staff(username.slice(0, username.indexOf('_w')));
    const technicianDb = db.connectAs(technician);
    const actor = { staffId: technician.id, role: technician.role };
    const act = (input: CaseActionInputValue) => actOnCase(technicianDb, CaseActionInput.parse(input), actor);
    const cases = (await inProgress()
      .where('s.id', technician.id)
      .orderBy('scrivania.instances.id')
      .limit(3)
      .select('scrivania.instances.id', 'scrivania.instances.version')) as Array<{ id: number; version: number }>;
    expect(cases).toHaveLength(3);
    const [first, second, third] = cases as [
      { id: number; version: number },
      { id: number; version: number },
      { id: number; version: number },
    ];
    let detail = await act({
      action: 'request_integration',
      instanceId: first.id,
      expectedVersion: first.version,
      reason: 'Manca la relazione tecnica asseverata.',
    });
    detail = await act({ action: 'receive_integration', instanceId: first.id, expectedVersion: detail.version });
    detail = await act({
      action: 'decide',
      instanceId: first.id,
      expectedVersion: detail.version,
      outcome: 'accepted',
      reason: 'Istruttoria favorevole.',
      document: PDF,
    });
    await act({ action: 'close', instanceId: first.id, expectedVersion: detail.version });
    await act({
      action: 'decide',
      instanceId: second.id,
      expectedVersion: second.version,
      outcome: 'accepted',
      reason: 'Istruttoria favorevole.',
      document: PDF,
    });
    await act({ action: 'withdraw', instanceId: third.id, expectedVersion: third.version, reason: 'Rinuncia del richiedente.' });

    const period: [string, string] = [addDays(today, -60), today];
    const before = await readFiguresWithRollUp(db.admin, query({ kind: 'ente' }, period), demo.summary.enteId, today);
    // The closures of today enter the roll-up only tomorrow: fold them now, as tomorrow's first reader will.
    await db.admin.raw(`SELECT scrivania.workload_roll_up(?, ((?::date + 1)::timestamp AT TIME ZONE 'Europe/Rome'))`, [
      demo.summary.enteId,
      today,
    ]);
    const state = await db.admin('scrivania.workload_rollup_state').where({ ente_id: demo.summary.enteId }).first();
    expect(state.rolled_until.getTime()).toBeGreaterThan(Date.now());
    const after = await readFiguresWithRollUp(db.admin, query({ kind: 'ente' }, period), demo.summary.enteId, today);
    const direct = await readFiguresFromCases(db.admin, query({ kind: 'ente' }, period), demo.summary.enteId, today);
    expect(after).toEqual(direct);
    expect(after).toEqual(before);
    expect(after.flow.decidedAfterIntegration).toBeGreaterThanOrEqual(1);
    await expectRollUpAgrees(db.admin, 'after folding today');
  });

  it('a change to a closed case already rolled up resets the roll-up, which is rebuilt and agrees', async () => {
    const closed = (await db
      .admin('scrivania.instances')
      .where({ ente_id: demo.summary.enteId, status: 'accepted' })
      .whereNotNull('closed_at')
      .orderBy('id')
      .first('id', 'due_date')) as { id: number; due_date: string };
    await db
      .admin('scrivania.instances')
      .where({ id: closed.id })
      .update({ due_date: addDays(closed.due_date, -20) });
    const state = await db.admin('scrivania.workload_rollup_state').where({ ente_id: demo.summary.enteId }).first();
    expect(Number.isFinite(new Date(state.rolled_until).getTime())).toBe(false);
    await expectRollUpAgrees(db.admin, 'after a reset');
  });

  it('every bar drills down to exactly the cases it counts', async () => {
    const reader = { enteId: demo.summary.enteId, staffId: manager.id, role: manager.role, officeIds: await managerOffices() };
    const dashboardQuery = query({ kind: 'office', officeId: await demo.officeId('SUE') }, [addDays(today, -365), today]);
    const dashboard = await readDashboard(managerDb, dashboardQuery, reader, today);
    const total = async (drill: Parameters<typeof readDrill>[1]['drill']) =>
      (await readDrill(managerDb, { query: dashboardQuery, drill, startRow: 0, endRow: 10 }, reader, today)).total;
    expect(await total({ metric: 'overdue' })).toBe(dashboard.snapshot.overdue);
    expect(await total({ metric: 'open' })).toBe(dashboard.snapshot.open);
    expect(await total({ metric: 'tacitRisk' })).toBe(dashboard.snapshot.tacitRisk);
    expect(await total({ metric: 'received' })).toBe(dashboard.flow.received);
    expect(await total({ metric: 'decidedLate' })).toBe(dashboard.flow.decided - dashboard.flow.decidedWithinTerm);
    expect(await total({ metric: 'decidedAfterPreavviso' })).toBe(dashboard.flow.decidedAfterPreavviso);
    for (const age of dashboard.snapshot.ageing) expect(await total({ metric: 'open', ageing: age.bucket })).toBe(age.count);
    const busyWeek = dashboard.weekly.reduce((best, week) => (week.closed > best.closed ? week : best));
    expect(await total({ metric: 'closed', week: busyWeek.week })).toBe(busyWeek.closed);
    const procedure = dashboard.byProcedure[0]!;
    expect(await total({ metric: 'decided', procedureTypeId: procedure.procedureTypeId })).toBe(procedure.decided);
    const person = dashboard.people.find((p) => p.openCases > 0)!;
    expect(await total({ metric: 'open', staffId: person.staffId })).toBe(person.openCases);
  });

  it('read on three connections sharing one snapshot, the dashboard says what one connection says', async () => {
    const reader = { enteId: demo.summary.enteId, staffId: manager.id, role: manager.role, officeIds: await managerOffices() };
    const wide = createKnex(db.target, { user: manager.username, password: manager.password }, { max: 4 });
    try {
      for (const period of [periods[0]!, periods[1]!]) {
        const dashboardQuery = query({ kind: 'ente' }, period);
        const [parallel, single] = await Promise.all([
          readDashboard(wide, dashboardQuery, reader, today),
          readDashboard(managerDb, dashboardQuery, reader, today),
        ]);
        expect(parallel).toEqual(single);
        expect(parallel.flow.decided).toBeGreaterThan(0);
      }
    } finally {
      await wide.destroy();
    }
  });

  async function managerOffices(): Promise<number[]> {
    return (await db.admin('scrivania.staff_offices').where({ staff_id: manager.id }).pluck('office_id')) as number[];
  }
});
