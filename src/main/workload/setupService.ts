/**
 * The load model's setup: read it, change it. Each change is one transaction, checked first with
 * the same functions row-level security uses (so a refusal has a clear reason rather than a silent
 * "nothing changed"); the database checks again and audits every row.
 */
import type { Knex } from 'knex';
import type { StaffRole } from '../../shared/api/session';
import type { WorkloadSetup } from '../../shared/api/workload';
import { todayInRome } from '../../shared/domain/calendar';
import type { AbsenceKind, AssignmentRule } from '../../shared/domain/workload';
import { AppError } from '../api/appError';
import {
  absenceOwner,
  countVisibleProcedures,
  deleteAbsence,
  deleteOfficeRule,
  deleteWeight,
  insertAbsence,
  managesOffice,
  managesStaff,
  overlappingAbsence,
  procedureOffice,
  replaceCompetences,
  selectFullTimePoints,
  selectOffices,
  selectPeople,
  selectProcedures,
  setWholeEnteGrant,
  staffExists,
  upsertCapacity,
  upsertFullTimePoints,
  upsertOfficeRule,
  upsertWeight,
} from './setupQueries';

export interface WorkloadActor {
  staffId: number;
  role: StaffRole;
}

export async function readSetup(db: Knex | Knex.Transaction, actor: WorkloadActor): Promise<WorkloadSetup> {
  const [fullTimePoints, offices, procedureTypes, people] = await Promise.all([
    selectFullTimePoints(db),
    selectOffices(db),
    selectProcedures(db),
    selectPeople(db),
  ]);
  return { fullTimePoints, isAdministrator: actor.role === 'admin', offices, procedureTypes, people };
}

async function changeThenRead(db: Knex, actor: WorkloadActor, change: (trx: Knex.Transaction) => Promise<void>): Promise<WorkloadSetup> {
  await db.transaction(change);
  return readSetup(db, actor);
}

function requireManagerOrAdmin(actor: WorkloadActor): void {
  if (actor.role !== 'manager' && actor.role !== 'admin') throw new AppError('forbidden', 'Managers only', 'managers_only');
}

async function requireManagedStaff(trx: Knex.Transaction, staffId: number): Promise<void> {
  if (!(await staffExists(trx, staffId))) throw new AppError('not_found', 'No such person', 'staff_not_found');
  if (!(await managesStaff(trx, staffId))) throw new AppError('forbidden', 'Not a manager of this person', 'not_manager_of_person');
}

export async function setFullTimePoints(db: Knex, actor: WorkloadActor, fullTimePoints: number): Promise<WorkloadSetup> {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'Administrators only', 'admin_only');
  return changeThenRead(db, actor, (trx) => upsertFullTimePoints(trx, fullTimePoints));
}

export async function setWeight(db: Knex, actor: WorkloadActor, procedureTypeId: number, weight: number | null): Promise<WorkloadSetup> {
  requireManagerOrAdmin(actor);
  return changeThenRead(db, actor, async (trx) => {
    const officeId = await procedureOffice(trx, procedureTypeId);
    if (officeId === null) throw new AppError('not_found', 'No such procedure type', 'procedure_not_found');
    if (!(await managesOffice(trx, officeId))) throw new AppError('forbidden', 'Not a manager of the office', 'not_manager_of_office');
    if (weight === null) await deleteWeight(trx, procedureTypeId);
    else await upsertWeight(trx, procedureTypeId, weight);
  });
}

export async function setCapacity(db: Knex, actor: WorkloadActor, staffId: number, capacityShare: number): Promise<WorkloadSetup> {
  requireManagerOrAdmin(actor);
  return changeThenRead(db, actor, async (trx) => {
    await requireManagedStaff(trx, staffId);
    await upsertCapacity(trx, staffId, capacityShare);
  });
}

export async function setCompetences(
  db: Knex,
  actor: WorkloadActor,
  staffId: number,
  procedureTypeIds: readonly number[],
): Promise<WorkloadSetup> {
  requireManagerOrAdmin(actor);
  const unique = [...new Set(procedureTypeIds)];
  return changeThenRead(db, actor, async (trx) => {
    await requireManagedStaff(trx, staffId);
    if ((await countVisibleProcedures(trx, unique)) !== unique.length)
      throw new AppError('validation', 'Unknown procedure type', 'procedure_not_found', [
        { path: 'procedureTypeIds', reason: 'procedure_not_found' },
      ]);
    await replaceCompetences(trx, staffId, unique);
  });
}

export async function addAbsence(
  db: Knex,
  actor: WorkloadActor,
  absence: { staffId: number; startsOn: string; endsOn: string; kind: AbsenceKind; note: string | null },
): Promise<WorkloadSetup> {
  requireManagerOrAdmin(actor);
  return changeThenRead(db, actor, async (trx) => {
    await requireManagedStaff(trx, absence.staffId);
    if (absence.endsOn < todayInRome())
      throw new AppError('validation', 'Absence already over', 'absence_in_past', [{ path: 'endsOn', reason: 'absence_in_past' }]);
    if (await overlappingAbsence(trx, absence.staffId, absence.startsOn, absence.endsOn))
      throw new AppError('conflict', 'Overlaps another absence', 'absence_overlaps', [{ path: 'startsOn', reason: 'absence_overlaps' }]);
    await insertAbsence(trx, absence);
  });
}

export async function removeAbsence(db: Knex, actor: WorkloadActor, absenceId: number): Promise<WorkloadSetup> {
  requireManagerOrAdmin(actor);
  return changeThenRead(db, actor, async (trx) => {
    const staffId = await absenceOwner(trx, absenceId);
    if (staffId === null) throw new AppError('not_found', 'No such absence', 'absence_not_found');
    await requireManagedStaff(trx, staffId);
    await deleteAbsence(trx, absenceId);
  });
}

export async function setOfficeRule(
  db: Knex,
  actor: WorkloadActor,
  officeId: number,
  rule: AssignmentRule | null,
  byCompetence: boolean,
): Promise<WorkloadSetup> {
  requireManagerOrAdmin(actor);
  return changeThenRead(db, actor, async (trx) => {
    if (!(await managesOffice(trx, officeId))) throw new AppError('forbidden', 'Not a manager of the office', 'not_manager_of_office');
    if (rule === null && !byCompetence) await deleteOfficeRule(trx, officeId);
    else await upsertOfficeRule(trx, officeId, rule, byCompetence);
  });
}

export async function setWholeEnte(db: Knex, actor: WorkloadActor, staffId: number, granted: boolean): Promise<WorkloadSetup> {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'Administrators only', 'admin_only');
  return changeThenRead(db, actor, async (trx) => {
    const person = await staffExists(trx, staffId);
    if (!person) throw new AppError('not_found', 'No such person', 'staff_not_found');
    if (person.role !== 'manager') throw new AppError('validation', 'Only managers can be granted the whole ente', 'grant_managers_only');
    await setWholeEnteGrant(trx, staffId, granted);
  });
}
