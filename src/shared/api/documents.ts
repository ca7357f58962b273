import { z } from 'zod';
import { channel } from './channel';

/** What a document is in the life of a case (AgID: the document's type within the fascicolo). */
export const DOCUMENT_KINDS = [
  'application',
  'attachment',
  'integration',
  'observations',
  'conformation',
  'outcome',
  'communication',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * Why an uploaded file is refused; sent as the `reason` of a `validation` error, so each has a
 * message in the renderer's catalogue (`reason.<refusal>`).
 */
export const DOCUMENT_REFUSALS = ['empty_file', 'too_large', 'type_not_allowed', 'name_mismatch'] as const;
export type DocumentRefusal = (typeof DOCUMENT_REFUSALS)[number];

/** Per-file limit when the configuration sets none. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;
/**
 * No configuration may raise the per-file limit above this. The bytes cross both transports as
 * base64 text (4/3 of the size): 64 MB makes about 86 MB, well inside Chromium's 128 MB limit on one
 * IPC message, and a bytea parameter that node-postgres sends as hex (twice the size).
 */
export const MAX_DOCUMENT_BYTES_CEILING = 64 * 1024 * 1024;

/** Length of the base64 text of `bytes` bytes (with padding). */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** File contents as standard base64 (the JSON both transports carry), at most the ceiling. */
const contentBase64 = z
  .string()
  .max(base64Length(MAX_DOCUMENT_BYTES_CEILING), 'too_large')
  .refine((text) => text.length % 4 === 0 && BASE64.test(text), 'base64');

/** A file name as the user's system gave it; any folder part is dropped by the server. */
const filename = z
  .string()
  .trim()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex -- the point is to refuse control characters
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'filename');

export interface DocumentVersionInfo {
  id: number;
  version: number;
  filename: string;
  contentType: string;
  size: number;
  /** SHA-256 of the bytes, 64 lower-case hex digits. */
  sha256: string;
  uploadedAt: string;
  /** Staff member who uploaded it; null when it came from an automatic import. */
  uploadedBy: { id: number; name: string } | null;
  note: string | null;
  /**
   * How the file name compared with the content: `matches`; `unknown_extension` (no extension, or
   * one naming no known type); `sibling_type` (e.g. a `.jpg` holding a PNG). Names that contradict
   * the content are refused, so they never appear here.
   */
  nameCheck: DocumentNameCheck;
}

export const DOCUMENT_NAME_CHECKS = ['matches', 'unknown_extension', 'sibling_type'] as const;
export type DocumentNameCheck = (typeof DOCUMENT_NAME_CHECKS)[number];

export interface DocumentInfo {
  id: number;
  instanceId: number;
  title: string;
  kind: DocumentKind;
  confidential: boolean;
  currentVersion: number;
  createdAt: string;
  /** Every version, newest first (the first is the current one). */
  versions: DocumentVersionInfo[];
}

export interface DocumentContent {
  versionId: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  contentBase64: string;
}

export interface DocumentUploadPolicy {
  maxFileBytes: number;
  /** For a file input's `accept` attribute: the extensions of the types accepted. */
  accept: string;
}

export const ListDocumentsInput = z.object({ instanceId: z.number().int().positive() }).strict();

export const AddDocumentInput = z
  .object({
    instanceId: z.number().int().positive(),
    title: z.string().trim().min(1).max(300),
    kind: z.enum(DOCUMENT_KINDS),
    filename,
    contentBase64,
    confidential: z.boolean().default(false),
  })
  .strict();
export type AddDocumentInputValue = z.input<typeof AddDocumentInput>;

export const AddVersionInput = z
  .object({
    documentId: z.number().int().positive(),
    filename,
    contentBase64,
    note: z.string().trim().max(1000).nullable().default(null),
  })
  .strict();

export const ReadVersionInput = z.object({ versionId: z.number().int().positive() }).strict();

/** Channels whose request carries a whole file: the transports size their limits on these. */
export const DOCUMENT_UPLOAD_CHANNELS = ['documents/add', 'documents/addVersion'] as const;

export const documentsChannels = {
  'documents/list': channel<DocumentInfo[]>()(ListDocumentsInput),
  'documents/add': channel<DocumentInfo>()(AddDocumentInput),
  'documents/addVersion': channel<DocumentInfo>()(AddVersionInput),
  'documents/read': channel<DocumentContent>()(ReadVersionInput),
  'documents/uploadPolicy': channel<DocumentUploadPolicy>()(z.object({}).strict()),
};
