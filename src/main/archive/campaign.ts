/**
 * The digitisation campaign: boxes of each series move through to-scan, scanned, indexed and
 * verified (one stage at a time; the database enforces it and records each move), and the
 * dashboard of its progress.
 */
import type { Knex } from 'knex';
import type { ArchiveBox, CampaignDashboard } from '../../shared/api/archive';
import type { SessionInfo } from '../../shared/api/session';
import type { BoxStatus } from '../../shared/domain/archive';
import { AppError } from '../api/appError';
import { dashboardFigures, insertBox, selectBoxes, updateBoxStatus } from './campaignQueries';

const CAMPAIGN_ROLES = new Set(['technician', 'manager', 'admin']);

function requireCampaignRole(session: SessionInfo): void {
  if (!CAMPAIGN_ROLES.has(session.role))
    throw new AppError('forbidden', 'The campaign is run by technical staff and managers', 'campaign_roles');
}

export async function listBoxes(db: Knex, seriesId: number | null): Promise<ArchiveBox[]> {
  return selectBoxes(db, { seriesId });
}

async function boxById(db: Knex | Knex.Transaction, boxId: number): Promise<ArchiveBox> {
  const [box] = await selectBoxes(db, { boxId });
  if (!box) throw new AppError('not_found', 'No such box', 'box_not_found');
  return box;
}

export async function createBox(
  db: Knex,
  session: SessionInfo,
  box: { seriesId: number; label: string; building: string; room: string; shelf: string; yearFrom: number | null; yearTo: number | null },
): Promise<ArchiveBox> {
  requireCampaignRole(session);
  return db.transaction(async (trx) => boxById(trx, await insertBox(trx, { enteId: session.ente.id, ...box })));
}

/** Moves a box one stage, if it is still where the user saw it. */
export async function moveBox(db: Knex, session: SessionInfo, boxId: number, from: BoxStatus, to: BoxStatus): Promise<ArchiveBox> {
  requireCampaignRole(session);
  return db.transaction(async (trx) => {
    const moved = await updateBoxStatus(trx, boxId, from, to);
    if (moved === 0) {
      await boxById(trx, boxId);
      throw new AppError('conflict', 'The box was moved by someone else', 'box_moved');
    }
    return boxById(trx, boxId);
  });
}

export async function campaignDashboard(db: Knex, days: number): Promise<CampaignDashboard> {
  return dashboardFigures(db, days);
}
