import { base64Length, DEFAULT_MAX_DOCUMENT_BYTES, MAX_DOCUMENT_BYTES_CEILING } from '../../shared/api/documents';
import { ConfigurationError } from '../db/target';
import { CASE_ATTACHMENT_KINDS, type UploadPolicy } from './contentType';

/** Environment variable that sets the per-file limit in megabytes (MiB); 25 when unset. */
export const MAX_DOCUMENT_MB_VARIABLE = 'SCRIVANIA_DOCUMENT_MAX_MB';

const MEGABYTE = 1024 * 1024;
/** Room for the JSON around the base64 text (title, file name, note) in one upload request. */
const UPLOAD_ENVELOPE_BYTES = 64 * 1024;

/** The per-file limit: the configured megabytes, refused when not a whole number up to the ceiling. */
export function maxDocumentBytes(env: NodeJS.ProcessEnv = process.env): number {
  const configured = env[MAX_DOCUMENT_MB_VARIABLE]?.trim();
  if (!configured) return DEFAULT_MAX_DOCUMENT_BYTES;
  const megabytes = Number(configured);
  const ceiling = MAX_DOCUMENT_BYTES_CEILING / MEGABYTE;
  if (!Number.isInteger(megabytes) || megabytes < 1 || megabytes > ceiling) {
    throw new ConfigurationError(
      `${MAX_DOCUMENT_MB_VARIABLE} must be a whole number of megabytes from 1 to ${ceiling} (got ${configured})`,
    );
  }
  return megabytes * MEGABYTE;
}

export function caseAttachmentPolicy(env: NodeJS.ProcessEnv = process.env): UploadPolicy {
  return { kinds: CASE_ATTACHMENT_KINDS, maxBytes: maxDocumentBytes(env) };
}

/**
 * The largest request body an upload channel needs: the file as base64 plus its JSON envelope.
 * Browser mode's HTTP server allows this much on those channels (IPC carries it without a limit).
 */
export function uploadRequestBodyLimit(env: NodeJS.ProcessEnv = process.env): number {
  return base64Length(maxDocumentBytes(env)) + UPLOAD_ENVELOPE_BYTES;
}
