import type { Knex } from 'knex';
import type { StaffMember } from '../../shared/api/staff';
import type { CreateStaffInput } from '../../shared/api/staff';
import type { z } from 'zod';
import { AppError } from '../api/appError';
import { createStaff, findStaff, setStaffEnabled } from './queries';
import { scramSha256Verifier } from './scramVerifier';

/**
 * Creates a staff member — login role and staff row together, in one transaction — as the signed-in
 * administrator. The database decides whether the caller may (create_staff checks the admin role and
 * the ente); this service only prepares the SCRAM verifier and reads the result back.
 */
export async function createStaffMember(db: Knex, input: z.output<typeof CreateStaffInput>): Promise<StaffMember> {
  return db.transaction(async (trx) => {
    const id = await createStaff(trx, {
      username: input.username,
      passwordVerifier: scramSha256Verifier(input.password),
      fullName: input.fullName,
      email: input.email,
      role: input.role,
      officeIds: input.officeIds,
    });
    const created = await findStaff(trx, id);
    if (!created) throw new AppError('internal', 'Created staff member not visible');
    return created;
  });
}

/** Disables (role NOLOGIN, row marked) or re-enables a staff member. */
export async function setStaffMemberEnabled(db: Knex, staffId: number, enabled: boolean): Promise<StaffMember> {
  return db.transaction(async (trx) => {
    await setStaffEnabled(trx, staffId, enabled);
    const member = await findStaff(trx, staffId);
    if (!member) throw new AppError('not_found', 'No such staff member', 'staff_not_found');
    return member;
  });
}
