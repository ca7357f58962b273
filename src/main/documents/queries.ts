import type { Knex } from 'knex';
import type { DocumentInfo, DocumentKind, DocumentNameCheck, DocumentVersionInfo } from '../../shared/api/documents';

type Db = Knex | Knex.Transaction;

interface VersionDbRow {
  id: number;
  document_id: number;
  version: number;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_at: Date;
  uploaded_by: number | null;
  uploaded_by_name: string | null;
  note: string | null;
  name_check: DocumentNameCheck;
}

interface DocumentDbRow {
  id: number;
  instance_id: number;
  title: string;
  kind: DocumentKind;
  confidential: boolean;
  current_version: number;
  created_at: Date;
}

function toVersion(row: VersionDbRow): DocumentVersionInfo {
  return {
    id: row.id,
    version: row.version,
    filename: row.filename,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    uploadedAt: row.uploaded_at.toISOString(),
    uploadedBy: row.uploaded_by === null ? null : { id: row.uploaded_by, name: row.uploaded_by_name ?? '' },
    note: row.note,
    nameCheck: row.name_check,
  };
}

function toDocument(row: DocumentDbRow, versions: DocumentVersionInfo[]): DocumentInfo {
  return {
    id: row.id,
    instanceId: row.instance_id,
    title: row.title,
    kind: row.kind,
    confidential: row.confidential,
    currentVersion: row.current_version,
    createdAt: row.created_at.toISOString(),
    versions,
  };
}

function versionSelect(db: Db) {
  return db('scrivania.document_versions as v')
    .leftJoin('scrivania.staff as s', 's.id', 'v.uploaded_by')
    .select(
      'v.id',
      'v.document_id',
      'v.version',
      'v.filename',
      'v.content_type',
      'v.size',
      'v.sha256',
      'v.uploaded_at',
      'v.uploaded_by',
      's.full_name as uploaded_by_name',
      'v.note',
      'v.name_check',
    );
}

const DOCUMENT_COLUMNS = ['id', 'instance_id', 'title', 'kind', 'confidential', 'current_version', 'created_at'] as const;

/** The documents of an instance (oldest first) with every version (newest first), as the session may see them. */
export async function selectDocuments(db: Db, where: { instanceId: number } | { documentId: number }): Promise<DocumentInfo[]> {
  const documents = (await db('scrivania.documents')
    .select(...DOCUMENT_COLUMNS)
    .where('instanceId' in where ? { instance_id: where.instanceId } : { id: where.documentId })
    .orderBy('id')) as DocumentDbRow[];
  if (documents.length === 0) return [];
  const versions = (await versionSelect(db)
    .whereIn(
      'v.document_id',
      documents.map((document) => document.id),
    )
    .orderBy([{ column: 'v.document_id' }, { column: 'v.version', order: 'desc' }])) as VersionDbRow[];
  return documents.map((document) =>
    toDocument(document, versions.filter((version) => version.document_id === document.id).map(toVersion)),
  );
}

/** The ente of an instance the session can see; null when it cannot (or there is none). */
export async function visibleInstanceEnte(db: Db, instanceId: number): Promise<number | null> {
  const row = (await db('scrivania.instances').where('id', instanceId).first('ente_id')) as { ente_id: number } | undefined;
  return row?.ente_id ?? null;
}

/** The ente of a document the session can see; null when it cannot (or there is none). */
export async function visibleDocumentEnte(db: Db, documentId: number): Promise<number | null> {
  const row = (await db('scrivania.documents').where('id', documentId).first('ente_id')) as { ente_id: number } | undefined;
  return row?.ente_id ?? null;
}

export interface NewDocumentRow {
  enteId: number;
  instanceId: number;
  title: string;
  kind: DocumentKind;
  confidential: boolean;
}

export async function insertDocument(trx: Knex.Transaction, document: NewDocumentRow): Promise<number> {
  const [row] = (await trx('scrivania.documents')
    .insert({
      ente_id: document.enteId,
      instance_id: document.instanceId,
      title: document.title,
      kind: document.kind,
      confidential: document.confidential,
    })
    .returning('id')) as { id: number }[];
  return row!.id;
}

export interface NewVersionRow {
  documentId: number;
  enteId: number;
  sha256: string;
  filename: string;
  note: string | null;
  nameCheck: DocumentNameCheck;
}

/** Adds a version; the database's trigger numbers it and copies size and type from the stored file. */
export async function insertVersion(trx: Knex.Transaction, version: NewVersionRow): Promise<{ id: number; version: number }> {
  const [row] = (await trx('scrivania.document_versions')
    .insert({
      document_id: version.documentId,
      ente_id: version.enteId,
      sha256: version.sha256,
      filename: version.filename,
      note: version.note,
      name_check: version.nameCheck,
    })
    .returning(['id', 'version'])) as { id: number; version: number }[];
  return row!;
}

export interface VersionToRead {
  id: number;
  enteId: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

export async function findVersion(db: Db, versionId: number): Promise<VersionToRead | null> {
  const row = (await db('scrivania.document_versions')
    .where('id', versionId)
    .first('id', 'ente_id', 'filename', 'content_type', 'size', 'sha256')) as
    { id: number; ente_id: number; filename: string; content_type: string; size: number; sha256: string } | undefined;
  if (!row) return null;
  return { id: row.id, enteId: row.ente_id, filename: row.filename, contentType: row.content_type, size: row.size, sha256: row.sha256 };
}
