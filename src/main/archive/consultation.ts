/**
 * Consulting a scan: opening it on screen, printing or saving the stamped copy. Each is recorded in
 * the access log with who, when and why, in the same transaction that reads the bytes: a scan is
 * never handed out without its log entry, and a log entry never stands for bytes not given.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { AccessPurposeValue, ArchiveScanContent, ArchiveStampedCopy } from '../../shared/api/archive';
import type { SessionInfo } from '../../shared/api/session';
import { AppError } from '../api/appError';
import { postgresFileStore, storageKeyOf, type FileStore } from '../documents/fileStore';
import { findScan, insertAccess, type ScanToRead } from './queries';
import { stampedCopy, stampLines, type StampFacts } from './stamp';

async function scanBytes(trx: Knex.Transaction, scan: ScanToRead, fileStore: FileStore): Promise<Buffer> {
  const bytes = await fileStore.get(storageKeyOf(scan.enteId, scan.document.sha256));
  if (!bytes) throw new AppError('not_found', 'Stored scan not readable', 'archive_document_not_found');
  // Hashed again on the way out: what is shown is provably what was archived.
  if (crypto.createHash('sha256').update(bytes).digest('hex') !== scan.document.sha256) {
    throw new AppError('internal', `Stored bytes of archive document ${scan.document.id} do not match their SHA-256`, 'integrity');
  }
  return bytes;
}

async function visibleScan(trx: Knex.Transaction, documentId: number): Promise<ScanToRead> {
  const scan = await findScan(trx, documentId);
  if (!scan) throw new AppError('not_found', 'No such archive document', 'archive_document_not_found');
  return scan;
}

/** Opens a scan on screen: logged as 'open'. */
export async function openScan(
  db: Knex,
  documentId: number,
  access: AccessPurposeValue,
  fileStore?: FileStore,
): Promise<ArchiveScanContent> {
  return db.transaction(async (trx) => {
    const scan = await visibleScan(trx, documentId);
    const logged = await insertAccess(trx, {
      documentId,
      action: 'open',
      purpose: access.purpose,
      note: access.note,
      reference: access.reference,
    });
    const bytes = await scanBytes(trx, scan, fileStore ?? postgresFileStore(trx));
    return {
      documentId,
      filename: scan.document.filename,
      contentType: scan.document.contentType,
      size: scan.document.size,
      sha256: scan.document.sha256,
      pageCount: scan.document.pageCount,
      contentBase64: bytes.toString('base64'),
      accessId: logged.id,
    };
  });
}

/** The stamped copy to print or save: logged as 'print' or 'save'. */
export async function stampScan(
  db: Knex,
  session: SessionInfo,
  documentId: number,
  action: 'print' | 'save',
  access: AccessPurposeValue,
  fileStore?: FileStore,
): Promise<ArchiveStampedCopy> {
  return db.transaction(async (trx) => {
    const scan = await visibleScan(trx, documentId);
    const logged = await insertAccess(trx, { documentId, action, purpose: access.purpose, note: access.note, reference: access.reference });
    const bytes = await scanBytes(trx, scan, fileStore ?? postgresFileStore(trx));
    const facts: StampFacts = {
      action,
      at: logged.at,
      staffName: session.fullName,
      login: session.username,
      enteName: session.ente.name,
      purpose: access.purpose,
      note: access.note,
      reference: access.reference,
      accessId: logged.id,
      dossierLabel: scan.dossierLabel,
      documentTitle: scan.document.title,
      sha256: scan.document.sha256,
    };
    const copy = await stampedCopy(bytes, scan.document.contentType, facts);
    const base = scan.document.filename.replace(/\.[^.]+$/, '');
    return {
      filename: `${base} - copia per consultazione.pdf`,
      contentType: 'application/pdf',
      contentBase64: Buffer.from(copy).toString('base64'),
      accessId: logged.id,
      stamp: stampLines(facts).join('\n'),
    };
  });
}
