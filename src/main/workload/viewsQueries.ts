/** SQL of the worklist views: each person's own (row-level security keeps them private). */
import type { Knex } from 'knex';
import type { WorklistScope } from '../../shared/api/instances';
import type { WorklistViewStateValue } from '../../shared/api/workload';

type Db = Knex | Knex.Transaction;

export interface ViewRow {
  id: number;
  name: string;
  state: unknown;
  is_default: boolean;
}

export async function selectViews(db: Db, scope: WorklistScope): Promise<ViewRow[]> {
  return (await db('scrivania.worklist_views')
    .where({ scope })
    .orderByRaw('lower(name), id')
    .select('id', 'name', 'state', 'is_default')) as ViewRow[];
}

export async function countViews(db: Db): Promise<number> {
  const [row] = (await db('scrivania.worklist_views').count('* as count')) as Array<{ count: string | number }>;
  return Number(row?.count ?? 0);
}

export async function viewNameExists(db: Db, scope: WorklistScope, name: string): Promise<boolean> {
  const row = await db('scrivania.worklist_views').where({ scope }).whereRaw('lower(name) = lower(?)', [name]).first('id');
  return row !== undefined;
}

/** Saves the state under a name, replacing a view of the same name (letter case aside). */
export async function upsertView(
  trx: Knex.Transaction,
  scope: WorklistScope,
  name: string,
  state: WorklistViewStateValue,
): Promise<number> {
  const result = (await trx.raw(
    `INSERT INTO scrivania.worklist_views (ente_id, scope, name, state) VALUES (scrivania.current_ente_id(), ?, ?, ?::jsonb)
     ON CONFLICT (staff_id, scope, lower(name)) DO UPDATE SET name = EXCLUDED.name, state = EXCLUDED.state, updated_at = now()
     RETURNING id`,
    [scope, name, JSON.stringify(state)],
  )) as { rows: Array<{ id: number }> };
  return Number(result.rows[0]?.id);
}

/** Makes a view the one the worklist opens with (none when `id` is null). */
export async function setDefaultView(trx: Knex.Transaction, scope: WorklistScope, id: number | null): Promise<number> {
  await trx('scrivania.worklist_views').where({ scope, is_default: true }).update({ is_default: false });
  if (id === null) return 0;
  return trx('scrivania.worklist_views').where({ scope, id }).update({ is_default: true, updated_at: trx.fn.now() });
}

export async function deleteView(trx: Knex.Transaction, scope: WorklistScope, id: number): Promise<number> {
  return trx('scrivania.worklist_views').where({ id, scope }).delete();
}

export interface RememberedViewRow {
  state: unknown;
  view_id: string | number | null;
}

export async function selectRememberedView(db: Db, scope: WorklistScope): Promise<RememberedViewRow | undefined> {
  return (await db('scrivania.worklist_remembered_views').where({ scope }).first('state', 'view_id')) as RememberedViewRow | undefined;
}

/** Keeps the state a worklist was left in; the view id only when it is one of the person's own views. */
export async function upsertRememberedView(
  db: Db,
  scope: WorklistScope,
  state: WorklistViewStateValue,
  viewId: number | null,
): Promise<RememberedViewRow> {
  const result = (await db.raw(
    `INSERT INTO scrivania.worklist_remembered_views (ente_id, scope, state, view_id)
     VALUES (scrivania.current_ente_id(), ?, ?::jsonb, (SELECT id FROM scrivania.worklist_views WHERE id = ? AND scope = ?))
     ON CONFLICT (staff_id, scope) DO UPDATE SET state = EXCLUDED.state, view_id = EXCLUDED.view_id, updated_at = now()
     RETURNING state, view_id`,
    [scope, JSON.stringify(state), viewId, scope],
  )) as { rows: RememberedViewRow[] };
  const row = result.rows[0];
  if (!row) throw new Error('The remembered worklist view was not written');
  return row;
}
