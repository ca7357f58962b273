/**
 * Worklist views: each person's named views of a worklist (filters, sort, columns, search), one of
 * which the worklist may open with, and the state the person left each worklist in, with which it
 * reopens otherwise. The saved filters are the worklist's own (checked by its schema), so a view can
 * always be applied; one saved by an older build that no longer fits is left out rather than applied.
 */
import type { Knex } from 'knex';
import type { WorklistScope } from '../../shared/api/instances';
import {
  MAX_SAVED_VIEWS,
  WorklistViewState,
  type RememberedWorklistView,
  type WorklistViews,
  type WorklistViewStateValue,
} from '../../shared/api/workload';
import { AppError } from '../api/appError';
import {
  countViews,
  deleteView,
  selectRememberedView,
  selectViews,
  setDefaultView,
  upsertRememberedView,
  upsertView,
  viewNameExists,
  type RememberedViewRow,
} from './viewsQueries';

function toRemembered(row: RememberedViewRow | undefined): RememberedWorklistView | null {
  const state = WorklistViewState.safeParse(row?.state);
  if (!row || !state.success) return null;
  return { state: state.data, viewId: row.view_id === null ? null : Number(row.view_id) };
}

export async function readViews(db: Knex | Knex.Transaction, scope: WorklistScope): Promise<WorklistViews> {
  const [rows, remembered] = await Promise.all([selectViews(db, scope), selectRememberedView(db, scope)]);
  return {
    views: rows.flatMap((row) => {
      const state = WorklistViewState.safeParse(row.state);
      return state.success ? [{ id: Number(row.id), name: row.name, state: state.data, isDefault: row.is_default }] : [];
    }),
    remembered: toRemembered(remembered),
  };
}

/** Keeps the state the person leaves a worklist in (one statement: nothing half-written). */
export async function rememberView(
  db: Knex,
  scope: WorklistScope,
  state: WorklistViewStateValue,
  viewId: number | null,
): Promise<RememberedWorklistView> {
  const remembered = toRemembered(await upsertRememberedView(db, scope, state, viewId));
  if (!remembered) throw new Error('The remembered worklist view does not read back');
  return remembered;
}

export async function saveView(
  db: Knex,
  view: { scope: WorklistScope; name: string; state: WorklistViewStateValue; isDefault: boolean },
): Promise<WorklistViews> {
  await db.transaction(async (trx) => {
    if (!(await viewNameExists(trx, view.scope, view.name)) && (await countViews(trx)) >= MAX_SAVED_VIEWS) {
      throw new AppError('conflict', 'Too many saved views', 'too_many_views');
    }
    const id = await upsertView(trx, view.scope, view.name, view.state);
    if (view.isDefault) await setDefaultView(trx, view.scope, id);
  });
  return readViews(db, view.scope);
}

export async function chooseDefaultView(db: Knex, scope: WorklistScope, id: number | null): Promise<WorklistViews> {
  const updated = await db.transaction((trx) => setDefaultView(trx, scope, id));
  if (id !== null && updated === 0) throw new AppError('not_found', 'No such view', 'view_not_found');
  return readViews(db, scope);
}

export async function removeView(db: Knex, scope: WorklistScope, id: number): Promise<WorklistViews> {
  const removed = await db.transaction((trx) => deleteView(trx, scope, id));
  if (removed === 0) throw new AppError('not_found', 'No such view', 'view_not_found');
  return readViews(db, scope);
}
