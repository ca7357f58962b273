import type { Knex } from 'knex';
import type { Office, StaffMember } from '../../shared/api/staff';
import type { StaffRole } from '../../shared/api/session';

interface StaffDbRow {
  id: number;
  username: string;
  full_name: string;
  email: string | null;
  role: StaffRole;
  enabled: boolean;
  created_at: Date;
  disabled_at: Date | null;
  offices: { id: number; name: string }[] | null;
}

function toStaffMember(row: StaffDbRow): StaffMember {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    email: row.email,
    role: row.role,
    enabled: row.enabled,
    offices: row.offices ?? [],
    createdAt: row.created_at.toISOString(),
    disabledAt: row.disabled_at?.toISOString() ?? null,
  };
}

function staffSelect(db: Knex | Knex.Transaction) {
  return db('scrivania.staff as s').select(
    's.id',
    's.username',
    's.full_name',
    's.email',
    's.role',
    's.enabled',
    's.created_at',
    's.disabled_at',
    db.raw(`(SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name)
               FROM scrivania.staff_offices so JOIN scrivania.offices o ON o.id = so.office_id
              WHERE so.staff_id = s.id) AS offices`),
  );
}

export async function listStaff(db: Knex): Promise<StaffMember[]> {
  const rows = (await staffSelect(db).orderBy('s.full_name')) as StaffDbRow[];
  return rows.map(toStaffMember);
}

export async function findStaff(db: Knex | Knex.Transaction, id: number): Promise<StaffMember | null> {
  const row = (await staffSelect(db).where('s.id', id).first()) as StaffDbRow | undefined;
  return row ? toStaffMember(row) : null;
}

export interface NewStaffRow {
  username: string;
  passwordVerifier: string;
  fullName: string;
  email: string | null;
  role: StaffRole;
  officeIds: number[];
}

export async function createStaff(trx: Knex.Transaction, staff: NewStaffRow): Promise<number> {
  const result = await trx.raw<{ rows: { id: number }[] }>(
    'SELECT scrivania.create_staff(?, ?, ?, ?, ?, ?::integer[]) AS id',
    [staff.username, staff.passwordVerifier, staff.fullName, staff.email, staff.role, staff.officeIds],
  );
  return result.rows[0]!.id;
}

export async function setStaffEnabled(trx: Knex.Transaction, staffId: number, enabled: boolean): Promise<void> {
  await trx.raw('SELECT scrivania.set_staff_enabled(?, ?)', [staffId, enabled]);
}

export async function listOffices(db: Knex): Promise<Office[]> {
  return db('scrivania.offices').select('id', 'code', 'name').where('active', true).orderBy('name');
}
