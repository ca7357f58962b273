/**
 * SQL of the load model's setup: the ente's full-time points, procedure weights, capacity,
 * competences, absences, office rules, whole-ente grants. Row-level security decides what the
 * signed-in user reads and may write; `can_manage` columns come from the same functions the
 * policies use, so the screen offers exactly what the database will accept.
 */
import type { Knex } from 'knex';
import type { StaffRole } from '../../shared/api/session';
import type { WorkloadAbsence, WorkloadOffice, WorkloadPerson, WorkloadProcedure } from '../../shared/api/workload';
import {
  DEFAULT_CAPACITY_SHARE,
  DEFAULT_FULL_TIME_POINTS,
  DEFAULT_PROCEDURE_WEIGHT,
  type AbsenceKind,
  type AssignmentRule,
} from '../../shared/domain/workload';

type Db = Knex | Knex.Transaction;

const TODAY = `(now() AT TIME ZONE 'Europe/Rome')::date`;

export async function selectFullTimePoints(db: Db): Promise<number> {
  const row = (await db('scrivania.workload_settings')
    .where('ente_id', db.raw('scrivania.current_ente_id()'))
    .first(db.raw('full_time_points::float8 AS points'))) as { points: number } | undefined;
  return row?.points ?? DEFAULT_FULL_TIME_POINTS;
}

export async function selectOffices(db: Db): Promise<WorkloadOffice[]> {
  const rows = (await db.raw(
    `SELECT o.id, o.name, r.rule, coalesce(r.by_competence, false) AS by_competence,
            scrivania.current_manages_office(o.id) AS can_manage
       FROM scrivania.offices o LEFT JOIN scrivania.office_assignment_rules r ON r.office_id = o.id
      WHERE o.active
      ORDER BY o.name`,
  )) as { rows: Array<{ id: number; name: string; rule: AssignmentRule | null; by_competence: boolean; can_manage: boolean }> };
  return rows.rows.map((row) => ({
    id: row.id,
    name: row.name,
    rule: row.rule,
    byCompetence: row.by_competence,
    canManage: row.can_manage,
  }));
}

export async function selectProcedures(db: Db): Promise<WorkloadProcedure[]> {
  const rows = (await db.raw(
    `SELECT p.id, p.code, p.name, p.office_id, p.legal_term_days, p.online_available,
            w.weight::float8 AS weight, scrivania.current_manages_office(p.office_id) AS can_manage
       FROM scrivania.procedure_types p LEFT JOIN scrivania.procedure_weights w ON w.procedure_type_id = p.id
      WHERE p.active
      ORDER BY p.name`,
  )) as {
    rows: Array<{
      id: number;
      code: string;
      name: string;
      office_id: number;
      legal_term_days: number;
      online_available: boolean;
      weight: number | null;
      can_manage: boolean;
    }>;
  };
  return rows.rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    officeId: row.office_id,
    legalTermDays: row.legal_term_days,
    onlineAvailable: row.online_available,
    weight: row.weight ?? DEFAULT_PROCEDURE_WEIGHT,
    weightIsDefault: row.weight === null,
    canManage: row.can_manage,
  }));
}

interface PersonRow {
  id: number;
  full_name: string;
  role: StaffRole;
  enabled: boolean;
  office_ids: number[];
  capacity_share: number | null;
  competences: number[];
  absences: Array<{ id: number; starts_on: string; ends_on: string; kind: AbsenceKind; note: string | null }> | null;
  absent_today: boolean;
  whole_ente: boolean;
  can_manage: boolean;
}

/** Staff who hold cases (clerks, technicians, managers), with their load model and absences not yet over. */
export async function selectPeople(db: Db): Promise<WorkloadPerson[]> {
  const result = (await db.raw(
    `SELECT s.id, s.full_name, s.role, s.enabled,
            coalesce((SELECT array_agg(so.office_id ORDER BY so.office_id) FROM scrivania.staff_offices so WHERE so.staff_id = s.id), '{}') AS office_ids,
            c.capacity_share::float8 AS capacity_share,
            coalesce((SELECT array_agg(k.procedure_type_id ORDER BY k.procedure_type_id) FROM scrivania.staff_competences k WHERE k.staff_id = s.id), '{}') AS competences,
            (SELECT json_agg(json_build_object('id', a.id, 'starts_on', a.starts_on, 'ends_on', a.ends_on, 'kind', a.kind, 'note', a.note)
                             ORDER BY a.starts_on, a.id)
               FROM scrivania.staff_absences a WHERE a.staff_id = s.id AND a.ends_on >= ${TODAY}) AS absences,
            EXISTS (SELECT 1 FROM scrivania.staff_absences a WHERE a.staff_id = s.id AND ${TODAY} BETWEEN a.starts_on AND a.ends_on) AS absent_today,
            EXISTS (SELECT 1 FROM scrivania.manager_ente_grants g WHERE g.staff_id = s.id) AS whole_ente,
            scrivania.current_manages_staff(s.id) AS can_manage
       FROM scrivania.staff s LEFT JOIN scrivania.staff_capacity c ON c.staff_id = s.id
      WHERE s.role IN ('clerk', 'technician', 'manager')
      ORDER BY s.full_name, s.id`,
  )) as { rows: PersonRow[] };
  return result.rows.map((row) => {
    const absences: WorkloadAbsence[] = (row.absences ?? []).map((a) => ({
      id: Number(a.id),
      startsOn: a.starts_on,
      endsOn: a.ends_on,
      kind: a.kind,
      note: a.note,
    }));
    return {
      id: row.id,
      name: row.full_name,
      role: row.role,
      enabled: row.enabled,
      officeIds: row.office_ids,
      capacityShare: row.capacity_share ?? DEFAULT_CAPACITY_SHARE,
      competences: row.competences,
      absences,
      absentToday: row.absent_today,
      wholeEnte: row.whole_ente,
      canManage: row.can_manage,
    };
  });
}

export async function managesOffice(db: Db, officeId: number): Promise<boolean> {
  const result = (await db.raw('SELECT scrivania.current_manages_office(?) AS ok', [officeId])) as { rows: Array<{ ok: boolean }> };
  return result.rows[0]?.ok === true;
}

export async function managesStaff(db: Db, staffId: number): Promise<boolean> {
  const result = (await db.raw('SELECT scrivania.current_manages_staff(?) AS ok', [staffId])) as { rows: Array<{ ok: boolean }> };
  return result.rows[0]?.ok === true;
}

export async function procedureOffice(db: Db, procedureTypeId: number): Promise<number | null> {
  const row = (await db('scrivania.procedure_types').where('id', procedureTypeId).first('office_id')) as { office_id: number } | undefined;
  return row?.office_id ?? null;
}

export async function staffExists(db: Db, staffId: number): Promise<{ role: StaffRole; enabled: boolean } | null> {
  const row = (await db('scrivania.staff').where('id', staffId).first('role', 'enabled')) as
    { role: StaffRole; enabled: boolean } | undefined;
  return row ?? null;
}

export async function upsertFullTimePoints(trx: Knex.Transaction, fullTimePoints: number): Promise<void> {
  await trx.raw(
    `INSERT INTO scrivania.workload_settings (ente_id, full_time_points) VALUES (scrivania.current_ente_id(), ?)
     ON CONFLICT (ente_id) DO UPDATE SET full_time_points = EXCLUDED.full_time_points, updated_at = now(), updated_by = session_user`,
    [fullTimePoints],
  );
}

export async function upsertWeight(trx: Knex.Transaction, procedureTypeId: number, weight: number): Promise<void> {
  await trx.raw(
    `INSERT INTO scrivania.procedure_weights (procedure_type_id, ente_id, weight) VALUES (?, scrivania.current_ente_id(), ?)
     ON CONFLICT (procedure_type_id) DO UPDATE SET weight = EXCLUDED.weight, updated_at = now(), updated_by = session_user`,
    [procedureTypeId, weight],
  );
}

export async function deleteWeight(trx: Knex.Transaction, procedureTypeId: number): Promise<void> {
  await trx('scrivania.procedure_weights').where('procedure_type_id', procedureTypeId).delete();
}

export async function upsertCapacity(trx: Knex.Transaction, staffId: number, capacityShare: number): Promise<void> {
  await trx.raw(
    `INSERT INTO scrivania.staff_capacity (staff_id, ente_id, capacity_share) VALUES (?, scrivania.current_ente_id(), ?)
     ON CONFLICT (staff_id) DO UPDATE SET capacity_share = EXCLUDED.capacity_share, updated_at = now(), updated_by = session_user`,
    [staffId, capacityShare],
  );
}

export async function replaceCompetences(trx: Knex.Transaction, staffId: number, procedureTypeIds: readonly number[]): Promise<void> {
  await trx('scrivania.staff_competences').where('staff_id', staffId).whereNotIn('procedure_type_id', procedureTypeIds).delete();
  if (procedureTypeIds.length === 0) return;
  await trx.raw(
    `INSERT INTO scrivania.staff_competences (staff_id, procedure_type_id, ente_id)
     SELECT ?, p.id, p.ente_id FROM scrivania.procedure_types p WHERE p.id = ANY (?::integer[])
     ON CONFLICT (staff_id, procedure_type_id) DO NOTHING`,
    [staffId, [...procedureTypeIds]],
  );
}

export async function countVisibleProcedures(db: Db, procedureTypeIds: readonly number[]): Promise<number> {
  const row = (await db('scrivania.procedure_types').whereIn('id', procedureTypeIds).count<{ count: number }[]>('* as count'))[0];
  return Number(row?.count ?? 0);
}

export async function overlappingAbsence(db: Db, staffId: number, startsOn: string, endsOn: string): Promise<boolean> {
  const row = await db('scrivania.staff_absences')
    .where('staff_id', staffId)
    .where('starts_on', '<=', endsOn)
    .where('ends_on', '>=', startsOn)
    .first('id');
  return row !== undefined;
}

export async function insertAbsence(
  trx: Knex.Transaction,
  absence: { staffId: number; startsOn: string; endsOn: string; kind: AbsenceKind; note: string | null },
): Promise<void> {
  await trx('scrivania.staff_absences').insert({
    ente_id: trx.raw('scrivania.current_ente_id()'),
    staff_id: absence.staffId,
    starts_on: absence.startsOn,
    ends_on: absence.endsOn,
    kind: absence.kind,
    note: absence.note,
  });
}

export async function absenceOwner(db: Db, absenceId: number): Promise<number | null> {
  const row = (await db('scrivania.staff_absences').where('id', absenceId).first('staff_id')) as { staff_id: number } | undefined;
  return row?.staff_id ?? null;
}

export async function deleteAbsence(trx: Knex.Transaction, absenceId: number): Promise<void> {
  await trx('scrivania.staff_absences').where('id', absenceId).delete();
}

export async function upsertOfficeRule(
  trx: Knex.Transaction,
  officeId: number,
  rule: AssignmentRule | null,
  byCompetence: boolean,
): Promise<void> {
  await trx.raw(
    `INSERT INTO scrivania.office_assignment_rules (office_id, ente_id, rule, by_competence) VALUES (?, scrivania.current_ente_id(), ?, ?)
     ON CONFLICT (office_id) DO UPDATE SET rule = EXCLUDED.rule, by_competence = EXCLUDED.by_competence, updated_at = now(), updated_by = session_user`,
    [officeId, rule, byCompetence],
  );
}

export async function deleteOfficeRule(trx: Knex.Transaction, officeId: number): Promise<void> {
  await trx('scrivania.office_assignment_rules').where('office_id', officeId).delete();
}

export async function setWholeEnteGrant(trx: Knex.Transaction, staffId: number, granted: boolean): Promise<void> {
  if (granted) {
    await trx.raw(
      `INSERT INTO scrivania.manager_ente_grants (staff_id, ente_id) VALUES (?, scrivania.current_ente_id()) ON CONFLICT (staff_id) DO NOTHING`,
      [staffId],
    );
  } else {
    await trx('scrivania.manager_ente_grants').where('staff_id', staffId).delete();
  }
}

export async function absentTodayIds(db: Db): Promise<Set<number>> {
  const rows = (await db('scrivania.staff_absences').whereRaw(`${TODAY} BETWEEN starts_on AND ends_on`).distinct('staff_id')) as Array<{
    staff_id: number;
  }>;
  return new Set(rows.map((row) => row.staff_id));
}
