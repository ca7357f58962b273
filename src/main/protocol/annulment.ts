/**
 * Annulment of a registration (DPR 445/2000 art. 54): by a manager or an administrator, with the
 * reason and the authorising act; the data stays readable, marked with date and operator. The
 * database enforces the same rules (trigger protocol_entries_guard); checking here first gives the
 * user a precise refusal.
 */
import type { Knex } from 'knex';
import type { ProtocolEntryDetail } from '../../shared/api/protocol';
import type { StaffRole } from '../../shared/api/session';
import { AppError } from '../api/appError';
import { lockEntry, markAnnulled, readEntryDetail } from './queries';

export interface AnnulmentRequest {
  entryId: number;
  reason: string;
  act: string;
}

export const ANNULLING_ROLES: readonly StaffRole[] = ['manager', 'admin'];

export async function annulRegistration(db: Knex, role: StaffRole, request: AnnulmentRequest): Promise<ProtocolEntryDetail> {
  if (!ANNULLING_ROLES.includes(role)) {
    throw new AppError('forbidden', 'Only a manager or an administrator may annul a registration', 'annulment_not_allowed');
  }
  return db.transaction(async (trx) => {
    const entry = await lockEntry(trx, request.entryId);
    if (!entry) throw new AppError('not_found', `Registration ${request.entryId} not found`, 'protocol_entry_not_found');
    if (entry.annulled) throw new AppError('conflict', `Registration ${request.entryId} is already annulled`, 'already_annulled');
    await markAnnulled(trx, request.entryId, request.reason, request.act);
    const annulled = await readEntryDetail(trx, request.entryId);
    if (!annulled) throw new AppError('not_found', `Registration ${request.entryId} not found`, 'protocol_entry_not_found');
    return annulled;
  });
}
