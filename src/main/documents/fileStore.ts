import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { AppError } from '../api/appError';

/** Bytes to store: all at once, or as a stream of chunks (hashed as they arrive). */
export type FileContent = Uint8Array | AsyncIterable<Uint8Array>;

export interface StoredFile {
  /** SHA-256 of the bytes, 64 lower-case hex digits. */
  sha256: string;
  size: number;
  contentType: string;
  /** Where the bytes are: `<ente id>/<sha256>`, the same in every implementation. */
  storageKey: string;
}

/**
 * Where document bytes live. Content-addressed per ente: the same bytes are stored once, under their
 * SHA-256, however many documents or versions refer to them; nothing stored is ever overwritten.
 *
 * The default keeps the bytes in PostgreSQL (`scrivania.stored_files`), in the caller's transaction,
 * under the caller's row-level security. An S3-compatible store would implement the same interface:
 * `put` streams the chunks through `digestContent` into a multipart upload under a temporary key,
 * then, unless HeadObject finds `<ente id>/<sha256>` already there (the same bytes, by definition),
 * copies the object to that key, and deletes the temporary one; `get` and `exists` are GetObject and
 * HeadObject on the storage key. Since the bucket knows nothing of
 * offices or confidentiality, the app must only hand out bytes for a storage key it read from a
 * document version the signed-in user can see (that row stays in PostgreSQL, under row-level
 * security), and bucket credentials stay in the main process. Objects are written after the hash
 * is known but before the transaction commits: a rollback leaves an unreferenced object, harmless
 * and collectable, never a reference to missing bytes.
 */
export interface FileStore {
  put(file: { enteId: number; contentType: string; content: FileContent }): Promise<StoredFile>;
  /** The bytes, or null when there are none under this key that the caller may read. */
  get(storageKey: string): Promise<Buffer | null>;
  /** Whether there are bytes under this key that the caller may read. */
  exists(storageKey: string): Promise<boolean>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function storageKeyOf(enteId: number, sha256: string): string {
  return `${enteId}/${sha256}`;
}

export function parseStorageKey(storageKey: string): { enteId: number; sha256: string } | null {
  const match = /^([1-9][0-9]{0,9})\/([0-9a-f]{64})$/.exec(storageKey);
  return match ? { enteId: Number(match[1]), sha256: match[2]! } : null;
}

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

async function* chunksOf(content: FileContent): AsyncIterable<Uint8Array> {
  if (content instanceof Uint8Array) yield content;
  else yield* content;
}

/**
 * Hashes content chunk by chunk, so a stream is never held twice; `keep` also collects the bytes
 * (for a store that needs them whole). Stops with `too_large` as soon as `maxBytes` is passed.
 */
export async function digestContent(
  content: FileContent,
  options: { keep: boolean; maxBytes?: number },
): Promise<{ sha256: string; size: number; bytes: Buffer | null }> {
  const hash = crypto.createHash('sha256');
  const kept: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunksOf(content)) {
    size += chunk.length;
    if (options.maxBytes !== undefined && size > options.maxBytes) {
      throw new AppError('validation', 'File larger than the limit', 'too_large');
    }
    hash.update(chunk);
    if (options.keep) kept.push(chunk);
  }
  return { sha256: hash.digest('hex'), size, bytes: options.keep ? Buffer.concat(kept, size) : null };
}

/**
 * The default store: bytes in `scrivania.stored_files`, written through `db` (pass the caller's
 * transaction so the file and the rows that refer to it commit together). The database checks the
 * hash and size against the bytes itself, so no client can store bytes under a false hash.
 */
export function postgresFileStore(db: Knex | Knex.Transaction): FileStore {
  return {
    async put({ enteId, contentType, content }) {
      const { sha256, size, bytes } = await digestContent(content, { keep: true });
      // The new row is not readable until a document version refers to it, so neither RETURNING nor
      // a conflict target (naming one needs SELECT, which would apply the read policy to the new
      // row): the primary key is the only unique constraint, and its conflict means "already stored".
      await db.raw(
        `INSERT INTO scrivania.stored_files (ente_id, sha256, size, content_type, bytes)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
        [enteId, sha256, size, contentType, bytes],
      );
      return { sha256, size, contentType, storageKey: storageKeyOf(enteId, sha256) };
    },
    async get(storageKey) {
      const key = parseStorageKey(storageKey);
      if (!key) return null;
      const row = (await db('scrivania.stored_files').where({ ente_id: key.enteId, sha256: key.sha256 }).first('bytes')) as
        { bytes: Buffer } | undefined;
      return row?.bytes ?? null;
    },
    async exists(storageKey) {
      const key = parseStorageKey(storageKey);
      if (!key) return false;
      const row = await db('scrivania.stored_files').where({ ente_id: key.enteId, sha256: key.sha256 }).first(db.raw('1 AS found'));
      return row !== undefined;
    },
  };
}
