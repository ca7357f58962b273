/**
 * SQL of assignment: the cases to place (as the signed-in manager may see them), the people who
 * could take them with their load, capacity, absences and competences, each office's rule, and the
 * trace of assignment batches.
 */
import type { Knex } from 'knex';
import type { StaffRole } from '../../shared/api/session';
import type { AssignmentMethod, AssignmentRule } from '../../shared/domain/workload';

type Db = Knex | Knex.Transaction;

const TODAY = `(now() AT TIME ZONE 'Europe/Rome')::date`;

export interface CandidateCaseRow {
  id: number;
  version: number;
  office_id: number;
  procedure_type_id: number;
  procedure_name: string;
  protocol_year: number;
  protocol_number: number;
  due_date: string;
  tacit_approval_on: string | null;
  received_at: Date;
  assignee_id: number | null;
  assignee_name: string | null;
  closed_at: Date | null;
  decided_at: Date | null;
  weight: number;
}

function caseSelect(db: Db) {
  return db('scrivania.instances as i')
    .leftJoin('scrivania.staff as s', 's.id', 'i.assignee_id')
    .leftJoin('scrivania.procedure_weights as w', 'w.procedure_type_id', 'i.procedure_type_id')
    .select(
      'i.id',
      'i.version',
      'i.office_id',
      'i.procedure_type_id',
      'i.procedure_name',
      'i.protocol_year',
      'i.protocol_number',
      'i.due_date',
      'i.tacit_approval_on',
      'i.received_at',
      'i.assignee_id',
      's.full_name as assignee_name',
      'i.closed_at',
      'i.decided_at',
      db.raw('coalesce(w.weight, 1)::float8 AS weight'),
    );
}

/** Cases by id, as visible to the signed-in user; `forUpdate` locks them in id order. */
export async function selectCasesById(db: Db, ids: readonly number[], options: { forUpdate?: boolean } = {}): Promise<CandidateCaseRow[]> {
  const query = caseSelect(db).whereIn('i.id', ids).orderBy('i.id');
  if (options.forUpdate) query.forUpdate('i');
  return (await query) as CandidateCaseRow[];
}

/** Open, undecided, unassigned cases of an office, most urgent first. */
export async function selectUnassignedCases(db: Db, officeId: number, limit: number): Promise<CandidateCaseRow[]> {
  return (await caseSelect(db)
    .where({ 'i.office_id': officeId })
    .whereNull('i.assignee_id')
    .whereNull('i.closed_at')
    .whereNull('i.decided_at')
    .orderBy([{ column: 'i.due_date' }, { column: 'i.received_at' }, { column: 'i.id' }])
    .limit(limit)) as CandidateCaseRow[];
}

/** A person's open, undecided cases that are overdue, due or turn into tacit approval within `withinDays`. */
export async function selectUrgentCasesOf(db: Db, staffId: number, withinDays: number): Promise<CandidateCaseRow[]> {
  return (await caseSelect(db)
    .where('i.assignee_id', staffId)
    .whereNull('i.closed_at')
    .whereNull('i.decided_at')
    .where((q) =>
      q
        .whereRaw(`i.due_date <= ${TODAY} + ?::integer`, [withinDays])
        .orWhereRaw(`i.tacit_approval_on <= ${TODAY} + ?::integer`, [withinDays]),
    )
    .orderBy([{ column: 'i.due_date' }, { column: 'i.id' }])) as CandidateCaseRow[];
}

export async function hasAbsenceWithin(db: Db, staffId: number, withinDays: number): Promise<boolean> {
  const row = await db('scrivania.staff_absences')
    .where('staff_id', staffId)
    .whereRaw(`starts_on <= ${TODAY} + ?::integer AND ends_on >= ${TODAY}`, [withinDays])
    .first('id');
  return row !== undefined;
}

export interface PersonRow {
  id: number;
  full_name: string;
  role: StaffRole;
  enabled: boolean;
  office_ids: number[];
  capacity_share: number;
  absent_today: boolean;
  competences: number[];
  open_cases: number;
  overdue: number;
  weighted_load: number;
}

/** Staff who hold cases, with what the load model and the rules need to know about them. */
export async function selectPeopleWithLoad(
  db: Db,
  filter: { officeIds?: readonly number[]; staffIds?: readonly number[] } = {},
): Promise<PersonRow[]> {
  const bindings: Knex.RawBinding[] = [];
  let where = `s.role IN ('clerk', 'technician', 'manager')`;
  if (filter.officeIds) {
    where += ` AND EXISTS (SELECT 1 FROM scrivania.staff_offices so WHERE so.staff_id = s.id AND so.office_id = ANY (?::integer[]))`;
    bindings.push([...filter.officeIds]);
  }
  if (filter.staffIds) {
    where += ` AND s.id = ANY (?::integer[])`;
    bindings.push([...filter.staffIds]);
  }
  const result = (await db.raw(
    `SELECT s.id, s.full_name, s.role, s.enabled,
            coalesce((SELECT array_agg(so.office_id ORDER BY so.office_id) FROM scrivania.staff_offices so WHERE so.staff_id = s.id), '{}') AS office_ids,
            coalesce(c.capacity_share, 1)::float8 AS capacity_share,
            EXISTS (SELECT 1 FROM scrivania.staff_absences a WHERE a.staff_id = s.id AND ${TODAY} BETWEEN a.starts_on AND a.ends_on) AS absent_today,
            coalesce((SELECT array_agg(k.procedure_type_id) FROM scrivania.staff_competences k WHERE k.staff_id = s.id), '{}') AS competences,
            coalesce(l.open_cases, 0) AS open_cases, coalesce(l.overdue, 0) AS overdue, coalesce(l.weighted_load, 0) AS weighted_load
       FROM scrivania.staff s
       LEFT JOIN scrivania.staff_capacity c ON c.staff_id = s.id
       LEFT JOIN scrivania.staff_open_load() l ON l.staff_id = s.id
      WHERE ${where}
      ORDER BY s.full_name, s.id`,
    bindings,
  )) as { rows: PersonRow[] };
  return result.rows;
}

export interface OfficeRuleRow {
  office_id: number;
  rule: AssignmentRule | null;
  by_competence: boolean;
  last_assignee_id: number | null;
}

export async function selectOfficeRules(
  db: Db,
  officeIds: readonly number[],
  options: { forUpdate?: boolean } = {},
): Promise<Map<number, OfficeRuleRow>> {
  const query = db('scrivania.office_assignment_rules')
    .whereIn('office_id', officeIds)
    .orderBy('office_id')
    .select('office_id', 'rule', 'by_competence', 'last_assignee_id');
  if (options.forUpdate) query.forUpdate();
  const rows = (await query) as OfficeRuleRow[];
  return new Map(rows.map((row) => [row.office_id, row]));
}

export async function updateRoundRobinPosition(trx: Knex.Transaction, officeId: number, lastAssigneeId: number): Promise<void> {
  await trx('scrivania.office_assignment_rules').where('office_id', officeId).update({ last_assignee_id: lastAssigneeId });
}

export async function insertBatch(
  trx: Knex.Transaction,
  batch: { method: AssignmentMethod; rule: AssignmentRule | null; reason: string },
): Promise<number> {
  const [row] = (await trx('scrivania.assignment_batches')
    .insert({ ente_id: trx.raw('scrivania.current_ente_id()'), method: batch.method, rule: batch.rule, reason: batch.reason })
    .returning('id')) as Array<{ id: number }>;
  if (!row) throw new Error('assignment batch not recorded');
  return Number(row.id);
}

export async function insertBatchCase(
  trx: Knex.Transaction,
  entry: { batchId: number; instanceId: number; fromStaffId: number | null; toStaffId: number },
): Promise<void> {
  await trx('scrivania.assignment_batch_cases').insert({
    batch_id: entry.batchId,
    instance_id: entry.instanceId,
    from_staff_id: entry.fromStaffId,
    to_staff_id: entry.toStaffId,
  });
}
