/**
 * What a scan really is, read from its bytes: PDF, JPEG or PNG (the archive accepts nothing else),
 * intact or not, how many pages, and the text of a PDF's text layer (the OCR a scanner embeds).
 * A file that is empty, cut short, of another type, or named as something it is not is refused with
 * the reason, never archived.
 */
import fs from 'node:fs';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import path from 'node:path';
import type { ImportRejection } from '../../shared/api/archive';
import type { ArchiveScanType } from '../../shared/domain/archive';
import { checkUpload, type ContentKind, type UploadPolicy } from '../documents/contentType';

/** Scans larger than this are refused (a whole box scanned as one file should be split). */
export const MAX_SCAN_BYTES = 200 * 1024 * 1024;
/** OCR text kept per document (a 500-page dossier of dense text is about 1.5 million characters). */
export const MAX_OCR_CHARACTERS = 2_000_000;

const SCAN_KINDS: readonly ContentKind[] = ['pdf', 'jpeg', 'png'];

export function scanPolicy(maxBytes = MAX_SCAN_BYTES): UploadPolicy {
  return { kinds: SCAN_KINDS, maxBytes };
}

export type ScanInspection =
  | { ok: true; contentType: ArchiveScanType; pageCount: number; textLayer: string | null }
  | { ok: false; refusal: ImportRejection; detail: string };

function refused(refusal: ImportRejection, detail: string): ScanInspection {
  return { ok: false, refusal, detail };
}

// ------------------------------------------------------------------------------------------------
// Images: the structure must be complete (a transfer cut short leaves a JPEG without its end marker,
// a PNG without IEND).

function pngIsComplete(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let sawHeader = false;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (offset === 8 && type !== 'IHDR') return false;
    if (type === 'IHDR') sawHeader = length === 13 && view.getUint32(offset + 8) > 0 && view.getUint32(offset + 12) > 0;
    if (type === 'IEND') return sawHeader;
    offset += 12 + length;
  }
  return false;
}

/** Start-of-frame markers carry the image size; SOF4/8/12 (DHT, JPG, DAC) are not frames. */
const JPEG_FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegIsComplete(bytes: Uint8Array): boolean {
  let offset = 2;
  let sawFrame = false;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return false;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (JPEG_FRAME_MARKERS.has(marker)) sawFrame = length >= 8;
    if (marker === 0xda) break; // start of scan: entropy-coded data follows until EOI
    offset += 2 + length;
  }
  if (!sawFrame) return false;
  // The end-of-image marker closes the file (some scanners pad a few bytes after it).
  const tail = bytes.subarray(Math.max(0, bytes.length - 64));
  for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
  return false;
}

// ------------------------------------------------------------------------------------------------
// PDF, read with PDF.js (the same engine as the viewer): pages and the text layer.

type PdfJs = typeof PdfJsModule;
let pdfjs: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/**
 * PDF.js's metrics of the 14 standard fonts, for text layers that use them without embedding: found
 * in node_modules above the working directory; without them the text is still read, more slowly.
 */
function standardFontDataUrl(): string | undefined {
  let dir = process.cwd();
  for (;;) {
    const candidate = path.join(dir, 'node_modules', 'pdfjs-dist', 'standard_fonts');
    if (fs.existsSync(candidate)) return candidate + path.sep;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
const STANDARD_FONTS = standardFontDataUrl();

interface PdfReading {
  pageCount: number;
  text: string;
}

async function readPdf(bytes: Uint8Array): Promise<PdfReading> {
  const library = await loadPdfJs();
  const task = library.getDocument({
    // A copy, as a plain Uint8Array: PDF.js refuses Node's Buffer and takes ownership of what it gets.
    data: new Uint8Array(bytes),
    disableFontFace: true,
    enableXfa: false,
    stopAtErrors: true,
    verbosity: 0,
    ...(STANDARD_FONTS ? { standardFontDataUrl: STANDARD_FONTS } : {}),
  });
  try {
    const document = await task.promise;
    const parts: string[] = [];
    let length = 0;
    for (let number = 1; number <= document.numPages && length < MAX_OCR_CHARACTERS; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      for (const item of content.items) {
        if ('str' in item && item.str.length > 0) {
          parts.push(item.str);
          length += item.str.length + 1;
        }
      }
      parts.push('\n');
      page.cleanup();
    }
    return { pageCount: document.numPages, text: parts.join(' ') };
  } finally {
    await task.destroy();
  }
}

/** OCR text as stored: whitespace collapsed, control characters out, capped; null when there are no words. */
export function cleanOcrText(text: string): string | null {
  const cleaned = text
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n[ \n]*/g, '\n')
    .trim()
    .slice(0, MAX_OCR_CHARACTERS);
  return (cleaned.match(/\p{L}/gu)?.length ?? 0) >= 3 ? cleaned : null;
}

/** Checks a scan and reads what the archive records about it. */
export async function inspectScan(filename: string, bytes: Uint8Array, maxBytes = MAX_SCAN_BYTES): Promise<ScanInspection> {
  const check = checkUpload(scanPolicy(maxBytes), filename, bytes);
  if (!check.ok) {
    const found = check.content ? ` (${check.content.mimeType})` : '';
    switch (check.refusal) {
      case 'empty_file':
        return refused('file_empty', filename);
      case 'too_large':
        return refused('file_too_large', `${filename}: ${bytes.length} byte`);
      case 'type_not_allowed':
        return refused('type_not_allowed', `${filename}${found}`);
      case 'name_mismatch':
        return refused('name_mismatch', `${filename}${found}`);
    }
  }
  const kind = check.content.kind;
  if (kind === 'png') return pngIsComplete(bytes) ? scanned('image/png') : refused('file_corrupt', `${filename}: PNG`);
  if (kind === 'jpeg') return jpegIsComplete(bytes) ? scanned('image/jpeg') : refused('file_corrupt', `${filename}: JPEG`);
  try {
    const reading = await readPdf(bytes);
    if (reading.pageCount < 1) return refused('file_corrupt', `${filename}: PDF`);
    return { ok: true, contentType: 'application/pdf', pageCount: reading.pageCount, textLayer: cleanOcrText(reading.text) };
  } catch (error) {
    const reason = (error as { name?: string }).name === 'PasswordException' ? 'protected' : 'PDF';
    return refused('file_corrupt', `${filename}: ${reason}`);
  }
}

function scanned(contentType: 'image/png' | 'image/jpeg'): ScanInspection {
  return { ok: true, contentType, pageCount: 1, textLayer: null };
}
