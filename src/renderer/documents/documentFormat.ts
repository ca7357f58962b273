/**
 * Pure helpers of the document screens: sizes in the user's number format, the short form of a
 * hash, how a file can be previewed, and file reading for uploads. No React, unit-tested in Node.
 */
import type { ApiError } from '../../shared/api/errors';
import type { DocumentVersionInfo } from '../../shared/api/documents';
import type { Formatters } from '../i18n/format';
import type { MessageKey } from '../i18n/it';
import type { Translate } from '../i18n/translate';
import { errorMessage } from '../i18n/errors';

const KIB = 1024;
const MIB = 1024 * 1024;

/** '512 byte', '14,2 KB', '3,5 MB' (binary multiples, one decimal). */
export function fileSizeText(bytes: number, format: Formatters, t: Translate): string {
  if (bytes < KIB) return t('documents.size.bytes', { value: format.number(bytes) });
  if (bytes < MIB) return t('documents.size.kb', { value: format.number(bytes / KIB, 1) });
  return t('documents.size.mb', { value: format.number(bytes / MIB, 1) });
}

/** The first 8 and last 4 hex digits: enough to compare by eye, the full hash is in the tooltip. */
export function shortHash(sha256: string): string {
  return sha256.length <= 14 ? sha256 : `${sha256.slice(0, 8)}…${sha256.slice(-4)}`;
}

export type PreviewKind = 'pdf' | 'image' | 'text' | 'signed' | 'none';

/** Images a browser engine displays by itself (TIFF is not one of them). */
const DISPLAYABLE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function previewKind(contentType: string): PreviewKind {
  if (contentType === 'application/pdf') return 'pdf';
  if (DISPLAYABLE_IMAGES.has(contentType)) return 'image';
  if (contentType === 'text/plain' || contentType === 'application/xml') return 'text';
  if (contentType === 'application/pkcs7-mime') return 'signed';
  return 'none';
}

/** A short, readable name for a MIME type ('PDF', 'PNG', 'Word', …); the MIME type itself otherwise. */
export function typeLabel(contentType: string): string {
  const labels: Record<string, string> = {
    'application/pdf': 'PDF',
    'image/png': 'PNG',
    'image/jpeg': 'JPEG',
    'image/tiff': 'TIFF',
    'image/gif': 'GIF',
    'image/webp': 'WebP',
    'application/pkcs7-mime': 'P7M',
    'application/xml': 'XML',
    'text/plain': 'TXT',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
    'application/vnd.oasis.opendocument.text': 'ODT',
    'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
    'application/vnd.oasis.opendocument.presentation': 'ODP',
  };
  return labels[contentType] ?? contentType;
}

/** What to tell the user about how the file name compared with the content, if anything. */
export function nameCheckNote(version: Pick<DocumentVersionInfo, 'nameCheck' | 'contentType'>, t: Translate): string | null {
  if (version.nameCheck === 'matches') return null;
  const key: MessageKey =
    version.nameCheck === 'sibling_type' ? 'documents.nameCheck.sibling_type' : 'documents.nameCheck.unknown_extension';
  return t(key, { type: typeLabel(version.contentType) });
}

/** The refusal of a file before sending it, when its size alone decides; null when it may be sent. */
export function localRefusal(file: { name: string; size: number }, maxFileBytes: number, format: Formatters, t: Translate): string | null {
  if (file.size === 0) return t('documents.refused.empty', { name: file.name });
  if (file.size > maxFileBytes) {
    return t('documents.refused.tooLarge', {
      name: file.name,
      size: fileSizeText(file.size, format, t),
      max: fileSizeText(maxFileBytes, format, t),
    });
  }
  return null;
}

/** The message for a refused upload: the server's reason, naming the file. */
export function uploadErrorMessage(fileName: string, error: ApiError, t: Translate): string {
  return t('documents.refused.server', { name: fileName, reason: errorMessage(error, t) });
}

/** Base64 of bytes, in chunks (a 25 MB spread into String.fromCharCode would overflow the stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
