import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/api/appError';
import { databaseErrorToApiError } from '../../src/main/db/errors';
import { actOnCase } from '../../src/main/instances/workflowService';
import { applyAssignments, proposeAssignments, readLoads } from '../../src/main/workload/assignmentService';
import { addAbsence, setCapacity, setCompetences, setOfficeRule, setWeight } from '../../src/main/workload/setupService';
import { CaseActionInput } from '../../src/shared/api/cases';
import type { AssignInputValue } from '../../src/shared/api/workload';
import { addDays, todayInRome } from '../../src/shared/domain/calendar';
import { createEnte, createInstance, createPerson, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

/**
 * Assignment, manual, bulk and automatic: the same rules for one case or many (through the case
 * workflow, with a history entry and the reason for each case), all or nothing, refused with a
 * reason for each case when the person is disabled, absent or without the competence, and traced
 * as a batch with how it came about.
 */
describe('workload assignment', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let manager: TestStaff;
  let anna: TestStaff;
  let bruno: TestStaff;
  let carla: TestStaff;
  let dario: TestStaff;
  let managerDb: Knex;
  let personId: number;
  const today = todayInRome();

  const actor = (staff: TestStaff) => ({ staffId: staff.id, role: staff.role });

  async function newCase(options: { assignee?: TestStaff | null; dueInDays: number; procedure?: 'permesso' | 'scia' }): Promise<number> {
    return createInstance(db.admin, ente, {
      officeId: ente.offices.edilizia,
      procedureTypeId: ente.procedures[options.procedure ?? 'permesso'],
      personId,
      status: options.assignee ? 'in_progress' : 'received',
      assigneeId: options.assignee?.id ?? null,
      receivedAt: `${addDays(today, -20)}T09:00:00+01:00`,
      dueDate: addDays(today, options.dueInDays),
    });
  }

  async function version(id: number): Promise<number> {
    return ((await db.admin('scrivania.instances').where({ id }).first('version')) as { version: number }).version;
  }

  async function assigneeOf(id: number): Promise<number | null> {
    return ((await db.admin('scrivania.instances').where({ id }).first('assignee_id')) as { assignee_id: number | null }).assignee_id;
  }

  async function bulk(
    ids: number[],
    to: TestStaff,
    method: AssignInputValue['method'] = 'bulk',
    reason = 'Riequilibrio dei carichi di lavoro',
  ) {
    return applyAssignments(
      managerDb,
      {
        method,
        reason,
        assignments: await Promise.all(ids.map(async (id) => ({ instanceId: id, expectedVersion: await version(id), assigneeId: to.id }))),
      },
      actor(manager),
    );
  }

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
    ente = await createEnte(db.admin, 'Comune di Caricopiano');
    manager = await db.createStaff({
      enteId: ente.enteId,
      role: 'manager',
      officeIds: [ente.offices.edilizia],
      name: 'Marta Responsabile',
    });
    anna = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia], name: 'Anna Tecnica' });
    bruno = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia], name: 'Bruno Tecnico' });
    carla = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia], name: 'Carla Tecnica' });
    dario = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia], name: 'Dario Tecnico' });
    managerDb = db.connectAs(manager);
    personId = await createPerson(db.admin, ente.enteId, { lastName: 'Verdi', firstName: 'Luca' });
  });

  beforeEach(async () => {
    // Each test starts from an office without open cases, absences, rules or competences.
    await db.admin.raw(`SET session_replication_role = replica`);
    await db
      .admin('scrivania.instances')
      .where({ ente_id: ente.enteId })
      .whereNull('closed_at')
      .update({
        status: 'withdrawn',
        closed_at: db.admin.raw('now()'),
      });
    await db.admin.raw(`SET session_replication_role = origin`);
    await db.admin('scrivania.staff_absences').where({ ente_id: ente.enteId }).delete();
    await db.admin('scrivania.office_assignment_rules').where({ ente_id: ente.enteId }).delete();
    await db.admin('scrivania.staff_competences').where({ ente_id: ente.enteId }).delete();
    await db.admin('scrivania.staff_capacity').where({ ente_id: ente.enteId }).delete();
    await db.admin('scrivania.procedure_weights').where({ ente_id: ente.enteId }).delete();
    await db.admin('scrivania.workload_settings').where({ ente_id: ente.enteId }).delete();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('bulk-reassigns cases through the workflow: each case gets a history entry with the reason, the batch is traced', async () => {
    const ids = [
      await newCase({ assignee: anna, dueInDays: 3 }),
      await newCase({ assignee: anna, dueInDays: 9 }),
      await newCase({ assignee: anna, dueInDays: -2 }),
    ];
    const before = await Promise.all(ids.map(version));
    const result = await bulk(ids, bruno);

    expect(result.assigned.map((a) => a.instanceId)).toEqual([...ids].sort((a, b) => a - b));
    for (const [index, id] of ids.entries()) {
      expect(await assigneeOf(id)).toBe(bruno.id);
      expect(await version(id)).toBeGreaterThan(before[index]!);
      const event = await db.admin('scrivania.instance_events').where({ instance_id: id, action: 'assign' }).first();
      expect(event).toMatchObject({
        reason: 'Riequilibrio dei carichi di lavoro',
        actor_staff_id: manager.id,
        actor_login: manager.username,
      });
      expect(event.details).toMatchObject({ from: 'Anna Tecnica', to: 'Bruno Tecnico' });
    }
    const batch = await db.admin('scrivania.assignment_batches').where({ id: result.batchId }).first();
    expect(batch).toMatchObject({ method: 'bulk', reason: 'Riequilibrio dei carichi di lavoro', actor_staff_id: manager.id });
    const traced = await db.admin('scrivania.assignment_batch_cases').where({ batch_id: result.batchId }).orderBy('instance_id');
    expect(traced.map((t: { from_staff_id: number; to_staff_id: number }) => [t.from_staff_id, t.to_staff_id])).toEqual(
      ids.map(() => [anna.id, bruno.id]),
    );
  });

  it('a failed bulk action changes nothing: one case changed meanwhile and none of the three is reassigned', async () => {
    const ids = [
      await newCase({ assignee: anna, dueInDays: 3 }),
      await newCase({ assignee: anna, dueInDays: 4 }),
      await newCase({ assignee: anna, dueInDays: 5 }),
    ];
    const versions = await Promise.all(ids.map(version));
    // A colleague writes a note on the second case in the meantime: its version moves on.
    await actOnCase(
      db.connectAs(anna),
      CaseActionInput.parse({ action: 'add_note', instanceId: ids[1], expectedVersion: versions[1], text: 'Sentito il richiedente.' }),
      actor(anna),
    );

    const error = await refusal(
      applyAssignments(
        managerDb,
        {
          method: 'bulk',
          reason: 'Riequilibrio dei carichi',
          assignments: ids.map((id, i) => ({ instanceId: id, expectedVersion: versions[i]!, assigneeId: bruno.id })),
        },
        actor(manager),
      ),
    );
    expect(error.code).toBe('conflict');
    expect(error.reason).toBe('case_changed');
    expect(error.issues).toEqual([{ path: `assignments.${ids[1]}`, reason: 'case_changed' }]);
    for (const id of ids) expect(await assigneeOf(id)).toBe(anna.id);
    expect(await db.admin('scrivania.instance_events').whereIn('instance_id', ids).where({ action: 'assign' })).toHaveLength(0);
    expect(await db.admin('scrivania.assignment_batch_cases').whereIn('instance_id', ids)).toHaveLength(0);
  });

  it('refuses a disabled person, an absent person and a person without the competence, naming each case', async () => {
    const [first, second] = [
      await newCase({ assignee: anna, dueInDays: 3 }),
      await newCase({ assignee: anna, dueInDays: 6, procedure: 'scia' }),
    ];

    await db
      .admin('scrivania.staff')
      .where({ id: dario.id })
      .update({ enabled: false, disabled_at: db.admin.raw('now()'), disabled_by: 'test' });
    let error = await refusal(bulk([first, second], dario));
    expect(error.reason).toBe('assignee_disabled');
    expect(error.issues?.map((i) => i.path)).toEqual([`assignments.${first}`, `assignments.${second}`]);
    await db.admin('scrivania.staff').where({ id: dario.id }).update({ enabled: true, disabled_at: null, disabled_by: null });

    await addAbsence(managerDb, actor(manager), {
      staffId: carla.id,
      startsOn: addDays(today, -1),
      endsOn: addDays(today, 10),
      kind: 'ferie',
      note: null,
    });
    error = await refusal(bulk([first, second], carla));
    expect(error.reason).toBe('assignee_absent');

    await setOfficeRule(managerDb, actor(manager), ente.offices.edilizia, null, true);
    await setCompetences(managerDb, actor(manager), bruno.id, [ente.procedures.permesso]);
    error = await refusal(bulk([first, second], bruno));
    expect(error.reason).toBe('assignee_not_competent');
    expect(error.issues).toEqual([{ path: `assignments.${second}`, reason: 'assignee_not_competent' }]);

    expect(await assigneeOf(first)).toBe(anna.id);
    expect(await assigneeOf(second)).toBe(anna.id);
  });

  it('the case screen goes through the same rules: the database refuses a single reassignment to an absent person', async () => {
    const id = await newCase({ assignee: anna, dueInDays: 3 });
    await addAbsence(managerDb, actor(manager), { staffId: bruno.id, startsOn: today, endsOn: today, kind: 'malattia', note: null });
    const error = await actOnCase(
      managerDb,
      CaseActionInput.parse({
        action: 'assign',
        instanceId: id,
        expectedVersion: await version(id),
        assigneeId: bruno.id,
        reason: 'Sostituzione',
      }),
      actor(manager),
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(databaseErrorToApiError(error)).toMatchObject({ reason: 'assignee_absent' });
    expect(await assigneeOf(id)).toBe(anna.id);
  });

  it('least load: the most urgent cases go first to whoever has most room, within capacity, never to the absent', async () => {
    await db.admin.raw(
      `INSERT INTO scrivania.workload_settings (ente_id, full_time_points) VALUES (?, 10) ON CONFLICT (ente_id) DO UPDATE SET full_time_points = 10`,
      [ente.enteId],
    );
    await setWeight(managerDb, actor(manager), ente.procedures.permesso, 3);
    await setCapacity(managerDb, actor(manager), bruno.id, 0.5);
    await addAbsence(managerDb, actor(manager), {
      staffId: dario.id,
      startsOn: today,
      endsOn: addDays(today, 3),
      kind: 'formazione',
      note: null,
    });
    await newCase({ assignee: anna, dueInDays: 30 });
    const overdue = await newCase({ dueInDays: -1 });
    const urgent = await newCase({ dueInDays: 2 });
    const later = await newCase({ dueInDays: 20 });
    const latest = await newCase({ dueInDays: 40 });

    const plan = await proposeAssignments(managerDb, { kind: 'unassigned', officeId: ente.offices.edilizia, limit: 10 }, actor(manager));
    const placed = new Map(plan.items.map((item) => [item.instanceId, item.to?.id ?? null]));
    // Carla (10 points free) takes the most urgent; then Anna, Bruno (half time: 5) and Carla would all be at 60%:
    // the one holding least takes it (Bruno), and he has no room for another case of 3.
    expect(placed.get(overdue)).toBe(carla.id);
    expect(placed.get(urgent)).toBe(bruno.id);
    expect(placed.get(later)).toBe(anna.id);
    expect(placed.get(latest)).toBe(carla.id);
    expect([...placed.values()]).not.toContain(dario.id);
    // Each proposed case says either who takes it or why nobody can, never both.
    for (const item of plan.items) expect(item.to === null).toBe(item.unplacedReason !== null);

    const result = await applyAssignments(
      managerDb,
      {
        method: 'automatic',
        rule: 'least_load',
        reason: 'Assegnazione automatica per carico minimo',
        assignments: plan.items
          .filter((i) => i.to)
          .map((i) => ({ instanceId: i.instanceId, expectedVersion: i.expectedVersion, assigneeId: i.to!.id })),
      },
      actor(manager),
    );
    expect(result.assigned).toHaveLength(4);
    const loads = new Map((await readLoads(managerDb, [ente.offices.edilizia])).map((l) => [l.staffId, l]));
    expect(loads.get(bruno.id)).toMatchObject({ weightedLoad: 3, capacityPoints: 5, openCases: 1 });
    expect(loads.get(carla.id)?.weightedLoad).toBe(6);
    expect(loads.get(dario.id)?.absentToday).toBe(true);

    const full = await newCase({ dueInDays: 50 });
    const second = await proposeAssignments(managerDb, { kind: 'unassigned', officeId: ente.offices.edilizia, limit: 10 }, actor(manager));
    // Anna 6/10, Bruno 3/5, Carla 6/10: nobody has 3 points free except Anna and Carla (6 + 3 <= 10).
    expect(second.items.find((i) => i.instanceId === full)?.to?.id).toBe(anna.id);
  });

  it('round robin: cases go in turn, and the turn carries over to the next batch', async () => {
    await setOfficeRule(managerDb, actor(manager), ente.offices.edilizia, 'round_robin', false);
    const ids = [await newCase({ dueInDays: 1 }), await newCase({ dueInDays: 2 }), await newCase({ dueInDays: 3 })];
    const plan = await proposeAssignments(managerDb, { kind: 'unassigned', officeId: ente.offices.edilizia, limit: 10 }, actor(manager));
    expect(plan.rule).toBe('round_robin');
    const order = [anna, bruno, carla, dario].map((s) => s.id).sort((a, b) => a - b);
    expect(ids.map((id) => plan.items.find((i) => i.instanceId === id)?.to?.id)).toEqual(order.slice(0, 3));
    await applyAssignments(
      managerDb,
      {
        method: 'automatic',
        rule: 'round_robin',
        reason: 'Assegnazione automatica a turno',
        assignments: plan.items.map((i) => ({ instanceId: i.instanceId, expectedVersion: i.expectedVersion, assigneeId: i.to!.id })),
      },
      actor(manager),
    );
    const next = await newCase({ dueInDays: 4 });
    const following = await proposeAssignments(
      managerDb,
      { kind: 'unassigned', officeId: ente.offices.edilizia, limit: 10 },
      actor(manager),
    );
    expect(following.items.find((i) => i.instanceId === next)?.to?.id).toBe(order[3]);
  });

  it("covers an absent person's urgent cases, even over capacity, and leaves the others alone", async () => {
    await db.admin.raw(
      `INSERT INTO scrivania.workload_settings (ente_id, full_time_points) VALUES (?, 0.5) ON CONFLICT (ente_id) DO UPDATE SET full_time_points = 0.5`,
      [ente.enteId],
    );
    const overdue = await newCase({ assignee: anna, dueInDays: -3 });
    const soon = await newCase({ assignee: anna, dueInDays: 5 });
    const later = await newCase({ assignee: anna, dueInDays: 25 });
    await newCase({ assignee: bruno, dueInDays: 25 });

    const notYet = await refusal(proposeAssignments(managerDb, { kind: 'absence', staffId: anna.id, withinDays: 7 }, actor(manager)));
    expect(notYet.reason).toBe('person_not_absent');

    await addAbsence(managerDb, actor(manager), {
      staffId: anna.id,
      startsOn: today,
      endsOn: addDays(today, 14),
      kind: 'malattia',
      note: null,
    });
    const plan = await proposeAssignments(managerDb, { kind: 'absence', staffId: anna.id, withinDays: 7 }, actor(manager));
    expect(plan.method).toBe('absence_cover');
    expect(plan.items.map((i) => i.instanceId).sort()).toEqual([overdue, soon].sort());
    expect(plan.items.every((i) => i.to !== null && i.to.id !== anna.id && i.overCapacity)).toBe(true);

    const result = await applyAssignments(
      managerDb,
      {
        method: 'absence_cover',
        rule: null,
        reason: 'Assenza per malattia: pratiche urgenti ai colleghi',
        assignments: plan.items.map((i) => ({ instanceId: i.instanceId, expectedVersion: i.expectedVersion, assigneeId: i.to!.id })),
      },
      actor(manager),
    );
    expect(await db.admin('scrivania.assignment_batches').where({ id: result.batchId }).first('method')).toEqual({
      method: 'absence_cover',
    });
    expect(await assigneeOf(later)).toBe(anna.id);
    expect(await assigneeOf(overdue)).not.toBe(anna.id);
  });

  it('only managers assign: a technician is refused by the service and, with raw SQL, by the database', async () => {
    const id = await newCase({ assignee: anna, dueInDays: 3 });
    const annaDb = db.connectAs(anna);
    const error = await refusal(
      applyAssignments(
        annaDb,
        {
          method: 'manual',
          reason: 'Lo passo a Bruno',
          assignments: [{ instanceId: id, expectedVersion: await version(id), assigneeId: bruno.id }],
        },
        actor(anna),
      ),
    );
    expect(error).toMatchObject({ code: 'forbidden', reason: 'managers_only' });
    await expect(
      annaDb.raw(`INSERT INTO scrivania.assignment_batches (ente_id, method, reason) VALUES (?, 'manual', 'Prova di scrittura')`, [
        ente.enteId,
      ]),
    ).rejects.toThrow(/permission denied|row-level security/);
  });
});
