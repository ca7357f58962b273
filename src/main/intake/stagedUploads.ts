import crypto from 'node:crypto';
import { AppError } from '../api/appError';

/**
 * Scans for the desk form, received in chunks before the registration that uses them: no single
 * call then exceeds a transport's body limit, however large the scan (within the document limit).
 * Held in memory, per signed-in user, for a short while: a form abandoned leaves nothing behind.
 */
interface Upload {
  owner: string;
  chunks: Buffer[];
  size: number;
  touchedAt: number;
}

export const STAGED_UPLOAD_TTL_MS = 60 * 60_000;
export const STAGED_BYTES_PER_OWNER = 512 * 1024 * 1024;

export class StagedUploads {
  private readonly uploads = new Map<string, Upload>();

  constructor(
    private readonly maxFileBytes: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Appends a chunk at `offset` (which must be the size received so far); a null id starts an upload. */
  append(owner: string, uploadId: string | null, offset: number, chunk: Buffer): { uploadId: string; received: number } {
    this.expire();
    let id = uploadId;
    let upload = id ? this.uploads.get(id) : undefined;
    if (id && (!upload || upload.owner !== owner)) throw new AppError('not_found', 'Upload expired or unknown', 'upload_expired');
    if (!upload) {
      if (offset !== 0) throw new AppError('validation', 'A new upload starts at offset 0', 'upload_offset');
      id = crypto.randomBytes(18).toString('base64url');
      upload = { owner, chunks: [], size: 0, touchedAt: this.now() };
      this.uploads.set(id, upload);
    }
    if (offset !== upload.size) throw new AppError('validation', `Expected offset ${upload.size}, got ${offset}`, 'upload_offset');
    if (upload.size + chunk.length > this.maxFileBytes()) {
      this.uploads.delete(id!);
      throw new AppError('validation', 'File larger than the limit', 'too_large');
    }
    if (this.bytesOf(owner) + chunk.length > STAGED_BYTES_PER_OWNER)
      throw new AppError('validation', 'Too much uploaded at once', 'too_large');
    upload.chunks.push(chunk);
    upload.size += chunk.length;
    upload.touchedAt = this.now();
    return { uploadId: id!, received: upload.size };
  }

  /** The complete bytes of an upload, checked against the size the form declares. */
  take(owner: string, uploadId: string, expectedSize: number): Buffer {
    this.expire();
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.owner !== owner) throw new AppError('not_found', 'Upload expired or unknown', 'upload_expired');
    if (upload.size !== expectedSize)
      throw new AppError('validation', `Upload incomplete: ${upload.size} of ${expectedSize} bytes`, 'upload_incomplete');
    return Buffer.concat(upload.chunks, upload.size);
  }

  release(uploadIds: string[]): void {
    for (const id of uploadIds) this.uploads.delete(id);
  }

  private bytesOf(owner: string): number {
    let total = 0;
    for (const upload of this.uploads.values()) if (upload.owner === owner) total += upload.size;
    return total;
  }

  private expire(): void {
    const limit = this.now() - STAGED_UPLOAD_TTL_MS;
    for (const [id, upload] of this.uploads) if (upload.touchedAt < limit) this.uploads.delete(id);
  }
}
