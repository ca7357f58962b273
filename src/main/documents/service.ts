import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { DocumentInfo, DocumentKind, DocumentRefusal } from '../../shared/api/documents';
import { AppError } from '../api/appError';
import { checkUpload, type DetectedContent, type UploadPolicy } from './contentType';
import { postgresFileStore, storageKeyOf, type FileStore } from './fileStore';
import { findVersion, insertDocument, insertVersion, selectDocuments, visibleDocumentEnte, visibleInstanceEnte } from './queries';
import { caseAttachmentPolicy } from './settings';

export interface DocumentServiceOptions {
  /** What the use accepts; case attachments (with the configured size limit) by default. */
  policy?: UploadPolicy;
  /** Where the bytes go; PostgreSQL, in the caller's transaction, by default. */
  fileStore?: FileStore;
}

export interface NewDocument {
  instanceId: number;
  title: string;
  kind: DocumentKind;
  filename: string;
  bytes: Uint8Array;
  confidential: boolean;
}

export interface NewVersion {
  filename: string;
  bytes: Uint8Array;
  note: string | null;
}

export interface VersionContent {
  versionId: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  bytes: Buffer;
}

const REFUSAL_MESSAGES: Record<DocumentRefusal, string> = {
  empty_file: 'The file is empty',
  too_large: 'The file is larger than the limit',
  type_not_allowed: 'This type of file is not accepted',
  name_mismatch: 'The file name contradicts its content',
};

function refuse(refusal: DocumentRefusal, content?: DetectedContent): never {
  const detail = content ? ` (content: ${content.mimeType})` : '';
  throw new AppError('validation', `${REFUSAL_MESSAGES[refusal]}${detail}`, refusal, [
    { path: refusal === 'name_mismatch' ? 'filename' : 'contentBase64', reason: refusal },
  ]);
}

/** The name without any folder part (browsers may send `C:\fakepath\…`), in Unicode NFC. */
export function cleanFilename(filename: string): string {
  const name = (filename.split(/[\\/]/).pop() ?? '').normalize('NFC').trim();
  if (name.length === 0 || name.length > 255) {
    throw new AppError('validation', 'Invalid file name', 'filename', [{ path: 'filename', reason: 'filename' }]);
  }
  return name;
}

/** Checks the file against the policy and stores its bytes; refuses with a typed reason. */
async function storeCheckedFile(
  trx: Knex.Transaction,
  enteId: number,
  filename: string,
  bytes: Uint8Array,
  options: DocumentServiceOptions,
) {
  const check = checkUpload(options.policy ?? caseAttachmentPolicy(), filename, bytes);
  if (!check.ok) refuse(check.refusal, check.content);
  const store = options.fileStore ?? postgresFileStore(trx);
  const stored = await store.put({ enteId, contentType: check.content.mimeType, content: bytes });
  return { sha256: stored.sha256, nameCheck: check.name };
}

async function readDocument(trx: Knex.Transaction, documentId: number): Promise<DocumentInfo> {
  const [document] = await selectDocuments(trx, { documentId });
  if (!document) throw new AppError('internal', 'Added document not visible');
  return document;
}

/**
 * Adds a document with its first version to an instance the session can see. Runs in the caller's
 * transaction, so a registration or workflow step and its documents are written together or not at
 * all; any refusal leaves nothing behind once the caller rolls back.
 */
export async function addDocument(trx: Knex.Transaction, input: NewDocument, options: DocumentServiceOptions = {}): Promise<DocumentInfo> {
  const enteId = await visibleInstanceEnte(trx, input.instanceId);
  if (enteId === null) throw new AppError('not_found', 'No such instance', 'instance_not_found');
  const filename = cleanFilename(input.filename);
  const { sha256, nameCheck } = await storeCheckedFile(trx, enteId, filename, input.bytes, options);
  const documentId = await insertDocument(trx, {
    enteId,
    instanceId: input.instanceId,
    title: input.title,
    kind: input.kind,
    confidential: input.confidential,
  });
  await insertVersion(trx, { documentId, enteId, sha256, filename, note: null, nameCheck });
  return readDocument(trx, documentId);
}

/** Adds a new version to a document the session can see; earlier versions stay as they were. */
export async function addVersion(
  trx: Knex.Transaction,
  documentId: number,
  input: NewVersion,
  options: DocumentServiceOptions = {},
): Promise<DocumentInfo> {
  const enteId = await visibleDocumentEnte(trx, documentId);
  if (enteId === null) throw new AppError('not_found', 'No such document', 'document_not_found');
  const filename = cleanFilename(input.filename);
  const { sha256, nameCheck } = await storeCheckedFile(trx, enteId, filename, input.bytes, options);
  await insertVersion(trx, { documentId, enteId, sha256, filename, note: input.note, nameCheck });
  return readDocument(trx, documentId);
}

/** The documents of an instance the session can see, each with all its versions. */
export async function listDocuments(db: Knex | Knex.Transaction, instanceId: number): Promise<DocumentInfo[]> {
  if ((await visibleInstanceEnte(db, instanceId)) === null) throw new AppError('not_found', 'No such instance', 'instance_not_found');
  return selectDocuments(db, { instanceId });
}

/**
 * One version's bytes and metadata, for the viewer. The bytes are hashed again on the way out: what
 * is shown is provably what was registered.
 */
export async function readVersion(
  db: Knex | Knex.Transaction,
  versionId: number,
  fileStore: FileStore = postgresFileStore(db),
): Promise<VersionContent> {
  const version = await findVersion(db, versionId);
  if (!version) throw new AppError('not_found', 'No such document version', 'version_not_found');
  const bytes = await fileStore.get(storageKeyOf(version.enteId, version.sha256));
  if (!bytes) throw new AppError('not_found', 'Stored file not readable', 'version_not_found');
  if (crypto.createHash('sha256').update(bytes).digest('hex') !== version.sha256) {
    throw new AppError('internal', `Stored bytes of version ${versionId} do not match their SHA-256`, 'integrity');
  }
  return {
    versionId: version.id,
    filename: version.filename,
    contentType: version.contentType,
    size: version.size,
    sha256: version.sha256,
    bytes,
  };
}
