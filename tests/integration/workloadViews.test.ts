import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/api/appError';
import { takeInCharge } from '../../src/main/workload/assignmentService';
import { chooseDefaultView, readViews, rememberView, removeView, saveView } from '../../src/main/workload/viewsService';
import { MAX_SAVED_VIEWS, RememberViewInput, SaveViewInput } from '../../src/shared/api/workload';
import { createEnte, createInstance, createPerson, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

const OVERDUE_BY_DUE_DATE = {
  filter: { daysLeft: { filterType: 'number', type: 'lessThan', filter: 0 } },
  sort: [{ colId: 'dueDate', sort: 'asc' }],
  columns: [
    { colId: 'protocol', width: 120 },
    { colId: 'subject', hide: true },
  ],
  search: 'Rossi',
} as const;

/**
 * Worklist views are each person's own (named views, the one a worklist opens with and the state
 * each worklist was left in, private under row-level security); several unassigned cases are taken in charge at once, all or nothing.
 */
describe('worklist views and bulk taking in charge', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let anna: TestStaff;
  let bruno: TestStaff;
  let annaDb: Knex;
  let brunoDb: Knex;
  let personId: number;

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
    ente = await createEnte(db.admin, 'Comune di Vistasalva');
    anna = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe], name: 'Anna Sportello' });
    bruno = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe], name: 'Bruno Sportello' });
    annaDb = db.connectAs(anna);
    brunoDb = db.connectAs(bruno);
    personId = await createPerson(db.admin, ente.enteId, { lastName: 'Rossi', firstName: 'Maria', sex: 'F' });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('keeps named views and the one a worklist opens with, for their owner only', async () => {
    const state = SaveViewInput.parse({ scope: 'office', name: 'x', state: OVERDUE_BY_DUE_DATE }).state;
    await saveView(annaDb, { scope: 'office', name: 'Scadute per scadenza', state, isDefault: false });
    const again = await saveView(annaDb, {
      scope: 'office',
      name: 'scadute PER scadenza',
      state: { ...state, search: 'Verdi' },
      isDefault: true,
    });
    expect(again.views).toEqual([
      { id: again.views[0]!.id, name: 'scadute PER scadenza', state: { ...state, search: 'Verdi' }, isDefault: true },
    ]);
    const other = await saveView(annaDb, { scope: 'office', name: 'Tutte', state: {}, isDefault: true });
    expect(other.views.map((v) => [v.name, v.isDefault])).toEqual([
      ['scadute PER scadenza', false],
      ['Tutte', true],
    ]);
    expect((await chooseDefaultView(annaDb, 'office', null)).views.every((v) => !v.isDefault)).toBe(true);
    expect((await readViews(annaDb, 'mine')).views).toEqual([]);

    expect(await readViews(brunoDb, 'office')).toEqual({ views: [], remembered: null });
    expect(await brunoDb('scrivania.worklist_views').count('* as n')).toEqual([{ n: 0 }]);
    await expect(
      brunoDb.raw(`INSERT INTO scrivania.worklist_views (ente_id, staff_id, scope, name, state) VALUES (?, ?, 'office', 'Intrusa', '{}')`, [
        ente.enteId,
        anna.id,
      ]),
    ).rejects.toThrow(/row-level security/);
    expect(await brunoDb('scrivania.worklist_views').where({ staff_id: anna.id }).delete()).toBe(0);
    expect((await refusal(chooseDefaultView(brunoDb, 'office', other.views[1]!.id))).reason).toBe('view_not_found');

    for (const view of other.views) await removeView(annaDb, 'office', view.id);
    expect((await readViews(annaDb, 'office')).views).toEqual([]);
    expect((await refusal(removeView(annaDb, 'office', other.views[0]!.id))).reason).toBe('view_not_found');
  });

  it('reopens each worklist as its owner left it, at the next sign-in too, and never shows it to anyone else', async () => {
    const state = RememberViewInput.parse({ scope: 'unassigned', state: OVERDUE_BY_DUE_DATE, viewId: null }).state;
    const saved = await saveView(annaDb, { scope: 'unassigned', name: 'Scadute', state, isDefault: false });
    const viewId = saved.views[0]!.id;
    const brunos = await saveView(brunoDb, { scope: 'unassigned', name: 'Di Bruno', state: {}, isDefault: false });

    expect(await rememberView(annaDb, 'unassigned', { ...state, search: 'Rossi Maria' }, viewId)).toEqual({
      state: { ...state, search: 'Rossi Maria' },
      viewId,
    });
    // Changed again: the last state wins, one row per person and worklist.
    const widened = { ...state, columns: [{ colId: 'protocol', width: 180 }] };
    await rememberView(annaDb, 'unassigned', widened, viewId);

    const annaAgain = db.connectAs(anna);
    try {
      expect((await readViews(annaAgain, 'unassigned')).remembered).toEqual({ state: widened, viewId });
      expect((await readViews(annaAgain, 'mine')).remembered).toBeNull();
    } finally {
      await annaAgain.destroy();
    }

    // Another person's view id is not kept (it is not one of hers), nor does he see her state.
    expect((await rememberView(annaDb, 'unassigned', widened, brunos.views[0]!.id)).viewId).toBeNull();
    expect((await readViews(brunoDb, 'unassigned')).remembered).toBeNull();
    await expect(
      brunoDb.raw(`INSERT INTO scrivania.worklist_remembered_views (ente_id, staff_id, scope, state) VALUES (?, ?, 'mine', '{}')`, [
        ente.enteId,
        anna.id,
      ]),
    ).rejects.toThrow(/row-level security/);
    expect(await brunoDb('scrivania.worklist_remembered_views').where({ staff_id: anna.id }).update({ state: '{}' })).toBe(0);

    // Removing the view it came from keeps the state.
    await rememberView(annaDb, 'unassigned', widened, viewId);
    await removeView(annaDb, 'unassigned', viewId);
    expect((await readViews(annaDb, 'unassigned')).remembered).toEqual({ state: widened, viewId: null });

    expect(
      RememberViewInput.safeParse({ scope: 'mine', state: { sort: [{ colId: 'nonsense', sort: 'asc' }] }, viewId: null }).success,
    ).toBe(false);
    await removeView(brunoDb, 'unassigned', brunos.views[0]!.id);
  });

  it('saves only what the worklist accepts back, and at most thirty views', async () => {
    const bad = SaveViewInput.safeParse({
      scope: 'mine',
      name: 'Sbagliata',
      state: { filter: { daysLeft: { filterType: 'number', type: 'regex', filter: 1 } } },
    });
    expect(bad.success).toBe(false);
    expect(SaveViewInput.safeParse({ scope: 'mine', name: '   ', state: {} }).error?.issues[0]?.message).toBe('view_name_empty');
    for (let n = 1; n <= MAX_SAVED_VIEWS; n++) await saveView(brunoDb, { scope: 'mine', name: `Vista ${n}`, state: {}, isDefault: false });
    expect((await refusal(saveView(brunoDb, { scope: 'mine', name: 'Una di troppo', state: {}, isDefault: false }))).reason).toBe(
      'too_many_views',
    );
    expect((await saveView(brunoDb, { scope: 'mine', name: 'Vista 7', state: { search: 'ancora' }, isDefault: false })).views).toHaveLength(
      MAX_SAVED_VIEWS,
    );
  });

  it('takes several unassigned cases at once through the workflow; one changed meanwhile and none is taken', async () => {
    const newCase = () =>
      createInstance(db.admin, ente, { officeId: ente.offices.anagrafe, procedureTypeId: ente.procedures.residenza, personId });
    const ids = [await newCase(), await newCase(), await newCase()];
    const version = async (id: number) =>
      ((await db.admin('scrivania.instances').where({ id }).first('version')) as { version: number }).version;

    const stale = await refusal(
      takeInCharge(
        annaDb,
        {
          cases: await Promise.all(
            ids.map(async (id, i) => ({ instanceId: id, expectedVersion: i === 1 ? (await version(id)) + 1 : await version(id) })),
          ),
        },
        { staffId: anna.id, role: anna.role },
      ),
    );
    expect(stale).toMatchObject({
      code: 'conflict',
      reason: 'case_changed',
      issues: [{ path: `cases.${ids[1]}`, reason: 'case_changed' }],
    });
    expect(await db.admin('scrivania.instances').whereIn('id', ids).whereNotNull('assignee_id')).toHaveLength(0);

    const result = await takeInCharge(
      annaDb,
      { cases: await Promise.all(ids.slice(0, 2).map(async (id) => ({ instanceId: id, expectedVersion: await version(id) }))) },
      { staffId: anna.id, role: anna.role },
    );
    expect(result.taken.map((t) => t.instanceId)).toEqual(ids.slice(0, 2));
    const taken = await db.admin('scrivania.instances').whereIn('id', ids.slice(0, 2)).select('assignee_id', 'status');
    expect(taken).toEqual([
      { assignee_id: anna.id, status: 'in_progress' },
      { assignee_id: anna.id, status: 'in_progress' },
    ]);
    expect(
      await db
        .admin('scrivania.instance_events')
        .whereIn('instance_id', ids.slice(0, 2))
        .where({ action: 'take_in_charge', actor_staff_id: anna.id }),
    ).toHaveLength(2);

    const already = await refusal(
      takeInCharge(
        brunoDb,
        { cases: [{ instanceId: ids[0]!, expectedVersion: await version(ids[0]!) }] },
        { staffId: bruno.id, role: bruno.role },
      ),
    );
    expect(already.reason).toBe('case_already_assigned');
  });
});
