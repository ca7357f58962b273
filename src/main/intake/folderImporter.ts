import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from '../logger';
import {
  importMailFile,
  importPortalFile,
  MAIL_FILE_MAX_BYTES,
  PORTAL_FILE_MAX_BYTES,
  quarantineOversizedFile,
  type IntakeOutcome,
} from './service';

/**
 * An intake folder: the portal writes `.json` submissions into it, the PEC mailbox's export writes
 * `.eml` files. Writers must create each file under a name starting with '.' or ending in '.tmp' or
 * '.part' and rename it when complete: only complete files are picked up.
 *
 *   <folder>/                  new files
 *   <folder>/.processing/      claimed by an importer (renamed in: only one importer wins a file)
 *   <folder>/imported/<day>/   registered, in the inbox, or already known (a replay)
 *   <folder>/quarantined/<day>/ refused: the reason is in the quarantine list
 *
 * Importers may run at once on the same folder, and a file may be delivered twice: the atomic
 * rename gives each file to one importer, and the database keys each item (submission id, PEC
 * identificativo) so a second delivery is recognised. A crash between the registration and the
 * final move leaves the file in `.processing`; after `staleAfterMs` it is put back and imported
 * again, which registers nothing new.
 */
export type FolderKind = 'portal' | 'pec';

export const FOLDER_EXTENSIONS: Record<FolderKind, string> = { portal: '.json', pec: '.eml' };
export const CLAIM_STALE_AFTER_MS = 10 * 60_000;
const PROCESSING = '.processing';
const IMPORTED = 'imported';
const QUARANTINED = 'quarantined';

export interface FolderSummary {
  files: number;
  registered: number;
  alreadyRegistered: number;
  inbox: number;
  duplicates: number;
  quarantined: number;
  retryLater: number;
  /** Files another importer took first. */
  skipped: number;
}

export function emptyFolderSummary(): FolderSummary {
  return { files: 0, registered: 0, alreadyRegistered: 0, inbox: 0, duplicates: 0, quarantined: 0, retryLater: 0, skipped: 0 };
}

export function addOutcome(summary: FolderSummary, outcome: IntakeOutcome): void {
  summary.files += 1;
  switch (outcome.kind) {
    case 'registered':
      summary[outcome.alreadyRegistered ? 'alreadyRegistered' : 'registered'] += 1;
      break;
    case 'inbox':
      summary.inbox += 1;
      break;
    case 'duplicate':
    case 'busy':
      summary.duplicates += 1;
      break;
    case 'quarantined':
      summary.quarantined += 1;
      break;
    case 'retry_later':
      summary.retryLater += 1;
      break;
  }
}

/** Whether a name in the folder is a complete file of this kind (not a temporary or hidden one). */
export function isIntakeFileName(name: string, kind: FolderKind): boolean {
  return !name.startsWith('.') && !/\.(tmp|part)$/i.test(name) && name.toLowerCase().endsWith(FOLDER_EXTENSIONS[kind]);
}

function day(now: Date): string {
  return now.toISOString().slice(0, 10);
}

async function ensureLayout(folder: string): Promise<void> {
  await fsp.mkdir(path.join(folder, PROCESSING), { recursive: true });
  await fsp.mkdir(path.join(folder, IMPORTED), { recursive: true });
  await fsp.mkdir(path.join(folder, QUARANTINED), { recursive: true });
}

function claimedName(claimId: string, name: string): string {
  return `${claimId}~${name}`;
}

function originalName(claimed: string): string {
  const tilde = claimed.indexOf('~');
  return tilde >= 0 ? claimed.slice(tilde + 1) : claimed;
}

/** Moves `from` into `dir` under `name`, or under a suffixed name when that is taken. */
async function moveInto(from: string, dir: string, name: string, suffix: string): Promise<string> {
  await fsp.mkdir(dir, { recursive: true });
  let target = path.join(dir, name);
  if (fs.existsSync(target)) {
    const extension = path.extname(name);
    target = path.join(dir, `${path.basename(name, extension)}~${suffix}${extension}`);
  }
  await fsp.rename(from, target);
  return target;
}

/** Claims older than `staleAfterMs` belonged to an importer that stopped: they go back in the folder. */
export async function recoverStaleClaims(folder: string, staleAfterMs: number, now: Date, log: Logger): Promise<number> {
  const processing = path.join(folder, PROCESSING);
  let recovered = 0;
  for (const claimed of await fsp.readdir(processing)) {
    const claimedPath = path.join(processing, claimed);
    const stat = await fsp.stat(claimedPath).catch(() => null);
    if (!stat?.isFile() || now.getTime() - stat.mtimeMs < staleAfterMs) continue;
    try {
      const target = await moveInto(claimedPath, folder, originalName(claimed), crypto.randomBytes(4).toString('hex'));
      log.warn(`intake: recovered an abandoned claim, to import again: ${path.basename(target)}`);
      recovered += 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return recovered;
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function importClaimed(
  db: Knex,
  kind: FolderKind,
  folder: string,
  claimedPath: string,
  name: string,
  claimId: string,
  now: Date,
): Promise<IntakeOutcome> {
  const stat = await fsp.stat(claimedPath);
  const limit = kind === 'portal' ? PORTAL_FILE_MAX_BYTES : MAIL_FILE_MAX_BYTES;
  if (stat.size > limit) {
    const keptAt = await moveInto(claimedPath, path.join(folder, QUARANTINED, day(now)), name, claimId);
    return quarantineOversizedFile(db, { source: kind, origin: name, size: stat.size, sha256: await sha256OfFile(keptAt), keptAt, limit });
  }
  const file = { origin: name, bytes: await fsp.readFile(claimedPath), modifiedAt: stat.mtime };
  return kind === 'portal' ? importPortalFile(db, file) : importMailFile(db, file);
}

/**
 * Imports every complete file in the folder, one at a time. Stops (putting the file back) when the
 * database cannot be reached; the files left are taken by the next run.
 */
export async function importFolder(
  db: Knex,
  options: { kind: FolderKind; folder: string; log: Logger; staleAfterMs?: number; now?: () => Date },
): Promise<FolderSummary> {
  const now = options.now ?? (() => new Date());
  const summary = emptyFolderSummary();
  await ensureLayout(options.folder);
  await recoverStaleClaims(options.folder, options.staleAfterMs ?? CLAIM_STALE_AFTER_MS, now(), options.log);
  const names = (await fsp.readdir(options.folder)).filter((name) => isIntakeFileName(name, options.kind)).sort();
  for (const name of names) {
    const claimId = crypto.randomBytes(6).toString('hex');
    const claimedPath = path.join(options.folder, PROCESSING, claimedName(claimId, name));
    try {
      await fsp.rename(path.join(options.folder, name), claimedPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        summary.skipped += 1;
        continue;
      }
      throw error;
    }
    const claimedAt = now();
    await fsp.utimes(claimedPath, claimedAt, claimedAt);
    let outcome: IntakeOutcome;
    try {
      outcome = await importClaimed(db, options.kind, options.folder, claimedPath, name, claimId, claimedAt);
    } catch (error) {
      // Not the file's fault (the server is gone): give it back for the next run.
      await moveInto(claimedPath, options.folder, name, claimId).catch(() => undefined);
      throw error;
    }
    addOutcome(summary, outcome);
    if (fs.existsSync(claimedPath)) {
      const destination = outcome.kind === 'quarantined' ? QUARANTINED : IMPORTED;
      await moveInto(claimedPath, path.join(options.folder, destination, day(claimedAt)), name, claimId);
    }
    if (outcome.kind === 'quarantined') options.log.warn(`intake: ${name} quarantined (${outcome.reason})`);
  }
  return summary;
}
