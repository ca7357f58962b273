/**
 * Batch import of a folder of scans described by a manifest (docs/archive/manifest.md).
 *
 * - The manifest is read whole first: unknown or missing columns refuse it before anything is
 *   imported. Each line is then imported on its own, in one transaction with its outcome row:
 *   its dossier (created by its first line), its file and the record that the line was done are
 *   written together or not at all. A bad line is recorded with its reason; the rest go on.
 * - A file already archived (same SHA-256) is never imported again: it is reported as a duplicate.
 * - The importer beats on its batch before each line. Interrupting asks it to stop between lines;
 *   an importer that died (app closed, server gone) stops beating, and its batch shows as
 *   interrupted. Resuming takes the batch over and imports only the lines not yet recorded.
 * - Files are read, hashed and inspected a few lines ahead while the database writes the current
 *   one, so the import keeps the disk, the PDF reader and the database busy at once.
 */
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import type { ImportBatchStatus, ImportRejection, ManifestRefusal } from '../../shared/api/archive';
import type { SessionInfo } from '../../shared/api/session';
import { AppError } from '../api/appError';
import type { Logger } from '../logger';
import { decodeManifest, dossierKey, MAX_MANIFEST_BYTES, readManifest, type ManifestEntry, type ManifestLine } from './manifest';
import { enteIpaCode, findArchivedFile, findBox, findDossier, findOwnSeries } from './queries';
import {
  batchStatus,
  beat,
  claimBatch,
  finishBatch,
  insertBatch,
  insertLineOutcome,
  liveBatchOf,
  processedLines,
  requestInterrupt,
  selectBatches,
  type LineOutcome,
} from './importQueries';
import { archiveScan, createDossier } from './records';
import { cleanOcrText, inspectScan, MAX_SCAN_BYTES } from './scanInspection';

const IMPORT_ROLES = new Set(['technician', 'manager', 'admin']);
const RESERVED_ROLES = new Set(['manager', 'admin']);
/** Practices whose files are read and inspected ahead of those being written. */
const READ_AHEAD = 2;
/** Practices written at once, each in its own transactions. */
const WRITERS = 2;
/**
 * How often the importer beats on its batch (and reads whether an interruption was asked from
 * elsewhere); an interruption asked in this process stops it at the next line at once.
 */
const BEAT_EVERY_MS = 2000;
/** OCR sidecar files larger than this are not text a scanner produced. */
const MAX_SIDECAR_BYTES = 8 * 1024 * 1024;

function requireImportRole(session: SessionInfo): void {
  if (!IMPORT_ROLES.has(session.role)) throw new AppError('forbidden', 'Imports are run by technical staff and managers', 'campaign_roles');
}

function refuseManifest(refusal: ManifestRefusal, detail: string): never {
  const issues = detail
    ? detail.split(', ').map((part) => ({ path: part, reason: refusal }))
    : [{ path: refusal === 'folder_missing' ? 'folder' : 'manifest', reason: refusal }];
  throw new AppError(
    refusal === 'import_running' ? 'conflict' : 'validation',
    `Manifest refused: ${refusal} ${detail}`.trim(),
    refusal,
    issues,
  );
}

interface Manifest {
  folder: string;
  name: string;
  sha256: string;
  lines: ManifestLine[];
}

async function readManifestFile(folder: string, name: string): Promise<Manifest> {
  const resolved = path.resolve(folder);
  const stat = await fsp.stat(resolved).catch(() => null);
  if (!stat?.isDirectory()) refuseManifest('folder_missing', '');
  const manifestPath = path.join(resolved, name);
  const manifestStat = await fsp.stat(manifestPath).catch(() => null);
  if (!manifestStat?.isFile()) refuseManifest('manifest_missing', '');
  if (manifestStat.size > MAX_MANIFEST_BYTES) refuseManifest('manifest_too_large', '');
  const bytes = await fsp.readFile(manifestPath);
  const reading = readManifest(decodeManifest(bytes));
  if (!reading.ok) refuseManifest(reading.refusal, reading.detail);
  return { folder: resolved, name, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), lines: reading.lines };
}

// ------------------------------------------------------------------------------------------------
// One line: the file read and checked (outside any transaction), then written.

type Prepared =
  | {
      ok: true;
      bytes: Buffer;
      sha256: string;
      filename: string;
      contentType: string;
      pageCount: number;
      ocrText: string | null;
      ocrSource: 'text_layer' | 'sidecar' | null;
    }
  | { ok: false; reason: ImportRejection; detail: string; sha256: string | null };

/** A path of the manifest inside the folder, or null when it would lead outside it. */
function inside(folder: string, relative: string): string | null {
  const resolved = path.resolve(folder, relative);
  return resolved.startsWith(folder + path.sep) ? resolved : null;
}

async function prepare(folder: string, entry: ManifestEntry): Promise<Prepared> {
  const filePath = inside(folder, entry.file);
  if (!filePath) return { ok: false, reason: 'unsafe_path', detail: entry.file, sha256: null };
  const stat = await fsp.stat(filePath).catch(() => null);
  if (!stat?.isFile()) return { ok: false, reason: 'file_missing', detail: entry.file, sha256: null };
  if (stat.size > MAX_SCAN_BYTES) return { ok: false, reason: 'file_too_large', detail: `${entry.file}: ${stat.size} byte`, sha256: null };
  const bytes = await fsp.readFile(filePath);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  if (entry.declaredSha256 && entry.declaredSha256 !== sha256) {
    return { ok: false, reason: 'hash_mismatch', detail: `${entry.file}: ${sha256}`, sha256 };
  }
  const filename = path.basename(filePath);
  const inspection = await inspectScan(filename, bytes);
  if (!inspection.ok) return { ok: false, reason: inspection.refusal, detail: inspection.detail, sha256 };
  if (entry.declaredPages !== null && entry.declaredPages !== inspection.pageCount) {
    return { ok: false, reason: 'page_count_mismatch', detail: `${entry.file}: ${inspection.pageCount}/${entry.declaredPages}`, sha256 };
  }
  let ocrText = inspection.textLayer;
  let ocrSource: 'text_layer' | 'sidecar' | null = ocrText ? 'text_layer' : null;
  if (entry.ocrFile) {
    const sidecarPath = inside(folder, entry.ocrFile);
    const sidecar = sidecarPath ? await fsp.stat(sidecarPath).catch(() => null) : null;
    if (!sidecarPath || !sidecar?.isFile() || sidecar.size > MAX_SIDECAR_BYTES) {
      return { ok: false, reason: 'sidecar_missing', detail: entry.ocrFile, sha256 };
    }
    ocrText = cleanOcrText(decodeManifest(await fsp.readFile(sidecarPath)));
    ocrSource = ocrText ? 'sidecar' : null;
  }
  return { ok: true, bytes, sha256, filename, contentType: inspection.contentType, pageCount: inspection.pageCount, ocrText, ocrSource };
}

/** The manifest line number of a line, read or refused. */
const lineNumber = (line: ManifestLine) => (line.ok ? line.entry.line : line.line);

const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/** A database refusal of the line's data (a value the checks above let through): the line is rejected. */
function dataRefusal(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string; message?: string };
  return e.code && /^(22|23)/.test(e.code) ? (e.constraint ?? e.message ?? e.code) : null;
}

interface RunContext {
  /** Series and boxes already looked up in this run (they do not change during an import). */
  known: { series: Map<string, { id: number; classification: string | null } | null>; boxes: Map<string, number | null> };
  db: Knex;
  session: SessionInfo;
  ipaCode: string;
  batchId: number;
  runnerId: string;
  folder: string;
  log: Logger;
}

async function writeLine(
  trx: Knex.Transaction,
  context: RunContext,
  entry: ManifestEntry,
  prepared: Prepared & { ok: true },
): Promise<LineOutcome> {
  const base = { batchId: context.batchId, line: entry.line, filename: entry.file, sha256: prepared.sha256 };
  const rejected = (reason: ImportRejection, detail: string): LineOutcome => ({
    ...base,
    outcome: 'rejected',
    reason,
    detail,
    documentId: null,
    dossierId: null,
  });
  const enteId = context.session.ente.id;
  const archived = await findArchivedFile(trx, enteId, prepared.sha256);
  if (archived)
    return { ...base, outcome: 'duplicate', reason: null, detail: null, documentId: archived.documentId, dossierId: archived.dossierId };
  if (!context.known.series.has(entry.seriesCode))
    context.known.series.set(entry.seriesCode, await findOwnSeries(trx, enteId, entry.seriesCode));
  const series = context.known.series.get(entry.seriesCode)!;
  if (!series) return rejected('unknown_series', entry.seriesCode);
  const boxKey = `${series.id}|${entry.boxLabel}`;
  if (entry.boxLabel && !context.known.boxes.has(boxKey)) context.known.boxes.set(boxKey, await findBox(trx, series.id, entry.boxLabel));
  const boxId = entry.boxLabel ? (context.known.boxes.get(boxKey) ?? null) : null;
  if (entry.boxLabel && boxId === null) return rejected('unknown_box', entry.boxLabel);
  if (entry.reserved && !RESERVED_ROLES.has(context.session.role)) return rejected('reserved_needs_manager', dossierKey(entry));

  let dossierId: number;
  const existing = await findDossier(trx, series.id, entry.year, entry.number);
  if (existing) {
    if (existing.practiceType !== entry.practiceType) return rejected('dossier_conflict', `tipo_pratica: "${entry.practiceType}"`);
    if (!sameText(existing.subject, entry.subject)) return rejected('dossier_conflict', `oggetto: "${entry.subject}"`);
    dossierId = existing.id;
  } else {
    try {
      // A savepoint: a dossier of that number the session cannot see (a reserved one) fails only this step.
      dossierId = await trx.transaction((savepoint) =>
        createDossier(savepoint, {
          enteId,
          ipaCode: context.ipaCode,
          seriesId: series.id,
          seriesCode: entry.seriesCode,
          year: entry.year,
          number: entry.number,
          practiceType: entry.practiceType,
          subject: entry.subject,
          outcome: entry.outcome,
          openedOn: entry.openedOn,
          decidedOn: entry.decidedOn,
          closedOn: entry.closedOn,
          oldReferences: entry.oldReferences,
          boxId,
          reserved: entry.reserved,
          classification: series.classification,
          notes: entry.notes,
          subjects: entry.subjects,
          addresses: entry.addresses,
          parcels: entry.parcels,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) return rejected('dossier_reserved', dossierKey(entry));
      throw error;
    }
  }
  const documentId = await archiveScan(trx, {
    dossierId,
    enteId,
    title: entry.documentTitle,
    kind: entry.documentKind,
    filename: prepared.filename,
    contentType: prepared.contentType,
    bytes: prepared.bytes,
    pageCount: prepared.pageCount,
    ocrText: prepared.ocrText,
    ocrSource: prepared.ocrSource,
    importBatchId: context.batchId,
  });
  return { ...base, outcome: 'imported', reason: null, detail: null, documentId, dossierId };
}

async function importLine(context: RunContext, line: ManifestLine, prepared: Prepared | null): Promise<void> {
  const record = (outcome: LineOutcome) => context.db.transaction((trx) => insertLineOutcome(trx, outcome));
  if (!line.ok) {
    await record({
      batchId: context.batchId,
      line: line.line,
      filename: line.file,
      outcome: 'rejected',
      reason: line.reason,
      detail: line.detail,
      documentId: null,
      dossierId: null,
      sha256: null,
    });
    return;
  }
  const entry = line.entry;
  if (!prepared || !prepared.ok) {
    const failure = prepared ?? { reason: 'file_missing' as const, detail: entry.file, sha256: null };
    await record({
      batchId: context.batchId,
      line: entry.line,
      filename: entry.file,
      outcome: 'rejected',
      reason: failure.reason,
      detail: failure.detail,
      documentId: null,
      dossierId: null,
      sha256: failure.sha256,
    });
    return;
  }
  try {
    await context.db.transaction(async (trx) => insertLineOutcome(trx, await writeLine(trx, context, entry, prepared)));
  } catch (error) {
    // The same file archived meanwhile by another import: a duplicate, found on a second look.
    if (isUniqueViolation(error, 'archive_documents_file_unique')) {
      await context.db.transaction(async (trx) => insertLineOutcome(trx, await writeLine(trx, context, entry, prepared)));
      return;
    }
    const refusal = dataRefusal(error);
    if (refusal === null) throw error;
    await record({
      batchId: context.batchId,
      line: entry.line,
      filename: entry.file,
      outcome: 'rejected',
      reason: 'invalid_value',
      detail: refusal,
      documentId: null,
      dossierId: null,
      sha256: prepared.sha256,
    });
  }
}

/** The batches running in this process, so that interrupting one also stops its loop at once. */
const runners = new Map<number, { runnerId: string; stop: () => void }>();

/**
 * The lines still to import, by practice: the lines of one practice are imported in order by one
 * writer (its first line creates it, the next add their scans after), practices by several at once.
 */
function byPractice(lines: ManifestLine[]): ManifestLine[][] {
  const groups = new Map<string, ManifestLine[]>();
  for (const line of lines) {
    const key = line.ok ? dossierKey(line.entry) : `line ${line.line}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  return [...groups.values()];
}

/** Imports the lines not yet done; returns when the batch is completed, interrupted or taken over. */
async function run(context: RunContext, lines: ManifestLine[]): Promise<void> {
  let stopped = false;
  runners.set(context.batchId, { runnerId: context.runnerId, stop: () => (stopped = true) });
  try {
    const done = await processedLines(context.db, context.batchId);
    const queue = byPractice(lines.filter((line) => !done.has(lineNumber(line))));
    const preparing = new Map<ManifestLine, Promise<Prepared | null>>();
    const prepareGroup = (group: ManifestLine[] | undefined) => {
      for (const line of group ?? []) {
        if (!preparing.has(line))
          preparing.set(line, line.ok ? prepare(context.folder, line.entry).catch(() => null) : Promise.resolve(null));
      }
    };
    let next = 0;
    let lastBeat = 0;
    const end: { outcome: 'completed' | 'interrupted' | 'lost' } = { outcome: 'completed' };
    /** Beats when due; false when the import must stop (interrupted or taken over). */
    const mayGoOn = async (): Promise<boolean> => {
      if (end.outcome !== 'completed') return false;
      if (stopped) end.outcome = 'interrupted';
      else if (performance.now() - lastBeat >= BEAT_EVERY_MS) {
        lastBeat = performance.now();
        const state = await beat(context.db, context.batchId, context.runnerId);
        if (state !== 'continue' && end.outcome === 'completed') end.outcome = state === 'interrupt' ? 'interrupted' : 'lost';
      }
      return end.outcome === 'completed';
    };
    const writer = async () => {
      for (let group = queue[next++]; group; group = queue[next++]) {
        for (let ahead = 0; ahead < READ_AHEAD; ahead++) prepareGroup(queue[next + ahead]);
        prepareGroup(group);
        for (const line of group) {
          if (!(await mayGoOn())) return;
          const prepared = await preparing.get(line)!;
          preparing.delete(line);
          await importLine(context, line, prepared);
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, () => writer()));
    if (end.outcome === 'lost') return;
    await finishBatch(context.db, context.batchId, context.runnerId, end.outcome);
    context.log.info(`archive import ${context.batchId}: ${end.outcome}`);
  } finally {
    if (runners.get(context.batchId)?.runnerId === context.runnerId) runners.delete(context.batchId);
  }
}

function launch(context: RunContext, lines: ManifestLine[]): Promise<void> {
  return run(context, lines).catch((error: unknown) => {
    // The database went away or the session ended: the batch stops beating and shows as interrupted.
    context.log.warn(`archive import ${context.batchId} stopped`, error);
  });
}

async function statusOf(db: Knex, batchId: number): Promise<ImportBatchStatus> {
  const [batch] = await selectBatches(db, { id: batchId, limit: 1 });
  if (!batch) throw new AppError('not_found', 'No such import', 'import_not_found');
  return batchStatus(db, batch);
}

export interface StartedImport {
  status: ImportBatchStatus;
  /** Settles when the importer stops (completed, interrupted, taken over or failed). */
  finished: Promise<void>;
}

async function runContext(
  db: Knex,
  session: SessionInfo,
  batchId: number,
  runnerId: string,
  folder: string,
  log: Logger,
): Promise<RunContext> {
  const ipaCode = await enteIpaCode(db, session.ente.id);
  return { known: { series: new Map(), boxes: new Map() }, db, session, ipaCode, batchId, runnerId, folder, log };
}

/** Reads the manifest and starts importing it in the background; answers at once with the batch. */
export async function startImport(
  db: Knex,
  session: SessionInfo,
  request: { folder: string; manifest: string },
  log: Logger,
): Promise<StartedImport> {
  requireImportRole(session);
  const manifest = await readManifestFile(request.folder, request.manifest);
  if ((await liveBatchOf(db, session.ente.id, manifest.sha256)) !== null) refuseManifest('import_running', '');
  const runnerId = crypto.randomUUID();
  const batchId = await insertBatch(db, {
    enteId: session.ente.id,
    folder: manifest.folder,
    manifest: manifest.name,
    manifestSha256: manifest.sha256,
    totalRows: manifest.lines.length,
    runnerId,
  });
  const context = await runContext(db, session, batchId, runnerId, manifest.folder, log);
  const finished = launch(context, manifest.lines);
  return { status: await statusOf(db, batchId), finished };
}

/** Takes an interrupted batch back and imports the lines it had not done. */
export async function resumeImport(db: Knex, session: SessionInfo, batchId: number, log: Logger): Promise<StartedImport> {
  requireImportRole(session);
  const [batch] = await selectBatches(db, { id: batchId, limit: 1 });
  if (!batch) throw new AppError('not_found', 'No such import', 'import_not_found');
  const manifest = await readManifestFile(batch.folder, batch.manifest);
  if (manifest.sha256 !== batch.manifestSha256)
    throw new AppError('conflict', 'The manifest changed since the import started', 'manifest_changed');
  const runnerId = crypto.randomUUID();
  if (!(await claimBatch(db, batchId, runnerId)))
    throw new AppError('conflict', 'The import is running or completed', 'import_not_resumable');
  const context = await runContext(db, session, batchId, runnerId, manifest.folder, log);
  const finished = launch(context, manifest.lines);
  return { status: await statusOf(db, batchId), finished };
}

/** Asks a batch to stop after the line it is importing. */
export async function interruptImport(db: Knex, session: SessionInfo, batchId: number): Promise<ImportBatchStatus> {
  requireImportRole(session);
  await requestInterrupt(db, batchId);
  runners.get(batchId)?.stop();
  return statusOf(db, batchId);
}

export async function importStatus(db: Knex, batchId: number): Promise<ImportBatchStatus> {
  return statusOf(db, batchId);
}

export async function recentImports(db: Knex): Promise<ImportBatchStatus[]> {
  const batches = await selectBatches(db, { limit: 20 });
  return Promise.all(batches.map((batch) => batchStatus(db, batch)));
}
