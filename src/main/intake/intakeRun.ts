import type { Knex } from 'knex';
import type { Logger } from '../logger';
import { importFolder, type FolderSummary } from './folderImporter';
import { drainPortalQueue, type DrainSummary } from './service';

export interface IntakeFolders {
  /** Where the portal drops its `.json` submissions. */
  portal: string | null;
  /** Where the PEC mailbox's `.eml` messages are exported. */
  pec: string | null;
}

export interface IntakeRunSummary {
  portal: FolderSummary | null;
  pec: FolderSummary | null;
  /** Submissions delivered into the portal's table (scrivania.portal_submissions). */
  queue: DrainSummary;
}

/**
 * One pass of every intake channel: the portal folder, the PEC folder, then whatever the portal
 * delivered into its table (and what the folder pass left queued for a retry).
 */
export async function runIntakeOnce(db: Knex, folders: IntakeFolders, log: Logger): Promise<IntakeRunSummary> {
  const portal = folders.portal ? await importFolder(db, { kind: 'portal', folder: folders.portal, log }) : null;
  const pec = folders.pec ? await importFolder(db, { kind: 'pec', folder: folders.pec, log }) : null;
  const queue = await drainPortalQueue(db);
  return { portal, pec, queue };
}
