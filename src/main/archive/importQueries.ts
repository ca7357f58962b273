/**
 * SQL of import batches: the batch (which importer works on it, its heartbeat, an interruption
 * asked for) and one row per manifest line processed, written in the line's own transaction.
 */
import type { Knex } from 'knex';
import type { ImportBatchStatus, ImportRejection, ImportRowReport, ImportStatus } from '../../shared/api/archive';

type Db = Knex | Knex.Transaction;

/** A batch whose importer has not beaten for this long has stopped (the app closed, the server went away). */
export const HEARTBEAT_STALE_SECONDS = 120;
/** Problems listed with a batch's status, at most. */
const MAX_PROBLEMS = 1000;

export async function insertBatch(
  db: Db,
  batch: { enteId: number; folder: string; manifest: string; manifestSha256: string; totalRows: number; runnerId: string },
): Promise<number> {
  const [row] = (await db('scrivania.archive_import_batches')
    .insert({
      ente_id: batch.enteId,
      folder: batch.folder,
      manifest: batch.manifest,
      manifest_sha256: batch.manifestSha256,
      total_rows: batch.totalRows,
      runner_id: batch.runnerId,
    })
    .returning('id')) as { id: string | number }[];
  return Number(row!.id);
}

/** A batch of this manifest whose importer is alive, if any. */
export async function liveBatchOf(db: Db, enteId: number, manifestSha256: string): Promise<number | null> {
  const row = (await db('scrivania.archive_import_batches')
    .where({ ente_id: enteId, manifest_sha256: manifestSha256, status: 'running' })
    .whereRaw(`heartbeat_at > now() - make_interval(secs => ?)`, [HEARTBEAT_STALE_SECONDS])
    .first('id')) as { id: string | number } | undefined;
  return row ? Number(row.id) : null;
}

export interface BatchRow {
  id: number;
  folder: string;
  manifest: string;
  manifestSha256: string;
  totalRows: number;
  status: ImportStatus;
  startedAt: string;
  startedBy: string;
  finishedAt: string | null;
}

const BATCH_SELECT = `
  SELECT b.id, b.folder, b.manifest, b.manifest_sha256, b.total_rows, b.started_at, b.finished_at,
         coalesce(s.full_name, b.started_by_login) AS started_by,
         CASE WHEN b.status <> 'running' THEN b.status
              WHEN b.heartbeat_at < now() - make_interval(secs => ${HEARTBEAT_STALE_SECONDS}) THEN 'interrupted'
              WHEN b.interrupt_requested THEN 'interrupting'
              ELSE 'running' END AS status
    FROM scrivania.archive_import_batches b
    LEFT JOIN scrivania.staff s ON s.id = b.started_by`;

function toBatch(row: {
  id: string | number;
  folder: string;
  manifest: string;
  manifest_sha256: string;
  total_rows: number;
  started_at: Date;
  finished_at: Date | null;
  started_by: string;
  status: ImportStatus;
}): BatchRow {
  return {
    id: Number(row.id),
    folder: row.folder,
    manifest: row.manifest,
    manifestSha256: row.manifest_sha256,
    totalRows: row.total_rows,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    startedBy: row.started_by,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export async function selectBatches(db: Db, where: { id?: number; limit?: number }): Promise<BatchRow[]> {
  const result = (await db.raw(
    `${BATCH_SELECT} WHERE (?::bigint IS NULL OR b.id = ?::bigint) ORDER BY b.started_at DESC, b.id DESC LIMIT ?`,
    [where.id ?? null, where.id ?? null, where.limit ?? 20],
  )) as { rows: Parameters<typeof toBatch>[0][] };
  return result.rows.map(toBatch);
}

export async function batchStatus(db: Db, batch: BatchRow): Promise<ImportBatchStatus> {
  const counts = (await db('scrivania.archive_import_rows')
    .where({ batch_id: batch.id })
    .select('outcome')
    .count({ rows: '*' })
    .groupBy('outcome')) as Array<{ outcome: ImportRowReport['outcome']; rows: number | string }>;
  const count = (outcome: ImportRowReport['outcome']) => Number(counts.find((row) => row.outcome === outcome)?.rows ?? 0);
  const problems = (await db('scrivania.archive_import_rows')
    .where({ batch_id: batch.id })
    .whereIn('outcome', ['rejected', 'duplicate'])
    .orderBy('line')
    .limit(MAX_PROBLEMS)
    .select('line', 'filename', 'outcome', 'reason', 'detail', 'dossier_id', 'document_id')) as Array<{
    line: number;
    filename: string | null;
    outcome: ImportRowReport['outcome'];
    reason: ImportRejection | null;
    detail: string | null;
    dossier_id: string | number | null;
    document_id: string | number | null;
  }>;
  const imported = count('imported');
  const duplicates = count('duplicate');
  const rejected = count('rejected');
  return {
    id: batch.id,
    folder: batch.folder,
    manifest: batch.manifest,
    status: batch.status,
    totalRows: batch.totalRows,
    processed: imported + duplicates + rejected,
    imported,
    duplicates,
    rejected,
    startedAt: batch.startedAt,
    startedBy: batch.startedBy,
    finishedAt: batch.finishedAt,
    problems: problems.map((row) => ({
      line: row.line,
      filename: row.filename,
      outcome: row.outcome,
      reason: row.reason,
      detail: row.detail,
      dossierId: row.dossier_id === null ? null : Number(row.dossier_id),
      documentId: row.document_id === null ? null : Number(row.document_id),
    })),
  };
}

/** Lines of the batch already processed (whatever their outcome). */
export async function processedLines(db: Db, batchId: number): Promise<Set<number>> {
  const rows = (await db('scrivania.archive_import_rows').where({ batch_id: batchId }).select('line')) as Array<{ line: number }>;
  return new Set(rows.map((row) => row.line));
}

export interface LineOutcome {
  batchId: number;
  line: number;
  filename: string | null;
  outcome: ImportRowReport['outcome'];
  reason: ImportRejection | null;
  detail: string | null;
  documentId: number | null;
  dossierId: number | null;
  sha256: string | null;
}

export async function insertLineOutcome(db: Db, outcome: LineOutcome): Promise<void> {
  await db('scrivania.archive_import_rows').insert({
    batch_id: outcome.batchId,
    line: outcome.line,
    filename: outcome.filename?.slice(0, 1000) ?? null,
    outcome: outcome.outcome,
    reason: outcome.reason,
    detail: outcome.detail?.slice(0, 2000) ?? null,
    document_id: outcome.documentId,
    dossier_id: outcome.dossierId,
    sha256: outcome.sha256,
  });
}

/**
 * The importer's heartbeat before each line; answers whether to go on: false when another importer
 * took the batch over, 'interrupt' when the user asked to stop.
 */
export async function beat(db: Db, batchId: number, runnerId: string): Promise<'continue' | 'interrupt' | 'lost'> {
  const [row] = (await db('scrivania.archive_import_batches')
    .where({ id: batchId, runner_id: runnerId, status: 'running' })
    .update({ heartbeat_at: db.fn.now() })
    .returning('interrupt_requested')) as Array<{ interrupt_requested: boolean }>;
  if (!row) return 'lost';
  return row.interrupt_requested ? 'interrupt' : 'continue';
}

export async function finishBatch(db: Db, batchId: number, runnerId: string, status: 'completed' | 'interrupted'): Promise<void> {
  await db('scrivania.archive_import_batches')
    .where({ id: batchId, runner_id: runnerId })
    .update({
      status,
      interrupt_requested: false,
      runner_id: null,
      finished_at: status === 'completed' ? db.fn.now() : null,
    });
}

/** Asks the running importer to stop; a batch whose importer is gone is marked interrupted at once. */
export async function requestInterrupt(db: Db, batchId: number): Promise<void> {
  await db('scrivania.archive_import_batches')
    .where({ id: batchId, status: 'running' })
    .update({
      interrupt_requested: true,
      status: db.raw(
        `CASE WHEN heartbeat_at < now() - make_interval(secs => ${HEARTBEAT_STALE_SECONDS}) THEN 'interrupted' ELSE 'running' END`,
      ),
      runner_id: db.raw(`CASE WHEN heartbeat_at < now() - make_interval(secs => ${HEARTBEAT_STALE_SECONDS}) THEN NULL ELSE runner_id END`),
    });
}

/** Takes an interrupted batch (or one whose importer is gone) for a new importer; false when not resumable. */
export async function claimBatch(db: Db, batchId: number, runnerId: string): Promise<boolean> {
  const rows = await db('scrivania.archive_import_batches')
    .where({ id: batchId })
    .where((query) =>
      query
        .where({ status: 'interrupted' })
        .orWhere((running) =>
          running.where({ status: 'running' }).whereRaw(`heartbeat_at < now() - make_interval(secs => ${HEARTBEAT_STALE_SECONDS})`),
        ),
    )
    .update({ status: 'running', interrupt_requested: false, runner_id: runnerId, heartbeat_at: db.fn.now() });
  return rows > 0;
}
