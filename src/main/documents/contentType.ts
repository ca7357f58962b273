/**
 * What a file is, read from its bytes and never from its name; and whether a given use accepts it.
 * Pure: no I/O, unit-tested with real byte fixtures.
 */
import type { DocumentRefusal } from '../../shared/api/documents';

export const CONTENT_KINDS = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  gif: 'image/gif',
  webp: 'image/webp',
  p7m: 'application/pkcs7-mime',
  xml: 'application/xml',
  text: 'text/plain',
  html: 'text/html',
  svg: 'image/svg+xml',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  docm: 'application/vnd.ms-word.document.macroEnabled.12',
  xlsm: 'application/vnd.ms-excel.sheet.macroEnabled.12',
  pptm: 'application/vnd.ms-powerpoint.presentation.macroEnabled.12',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  zip: 'application/zip',
  binary: 'application/octet-stream',
} as const;

export type ContentKind = keyof typeof CONTENT_KINDS;

export interface DetectedContent {
  kind: ContentKind;
  mimeType: (typeof CONTENT_KINDS)[ContentKind];
  /**
   * What more the bytes say, when it matters: the root element of an XML document
   * (`FatturaElettronica`, `postacert`), `base64` for a signed file kept in base64 text.
   */
  detail?: string;
}

function detected(kind: ContentKind, detail?: string): DetectedContent {
  return detail === undefined ? { kind, mimeType: CONTENT_KINDS[kind] } : { kind, mimeType: CONTENT_KINDS[kind], detail };
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const PDF = ascii('%PDF-');
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const TIFF_LITTLE_ENDIAN = [0x49, 0x49, 0x2a, 0x00];
const TIFF_BIG_ENDIAN = [0x4d, 0x4d, 0x00, 0x2a];
const BIGTIFF_LITTLE_ENDIAN = [0x49, 0x49, 0x2b, 0x00];
const BIGTIFF_BIG_ENDIAN = [0x4d, 0x4d, 0x00, 0x2b];
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY_ARCHIVE = [0x50, 0x4b, 0x05, 0x06];

// ---------------------------------------------------------------------------------------------
// CAdES (.p7m): a DER (or BER) ContentInfo whose contentType is id-signedData.

/** OID 1.2.840.113549.1.7.2 (id-signedData), DER-encoded with its tag and length. */
const SIGNED_DATA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

interface Asn1Header {
  tag: number;
  /** Null for the indefinite length form of BER (content ends with two zero bytes). */
  length: number | null;
  /** Offset of the first content byte. */
  contentStart: number;
}

/** Reads a tag-length header at `offset`; null when the bytes cannot be one. */
function readAsn1Header(bytes: Uint8Array, offset: number): Asn1Header | null {
  if (offset + 2 > bytes.length) return null;
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) return null; // high tag numbers never occur in the structures we read
  const first = bytes[offset + 1]!;
  if (first < 0x80) return { tag, length: first, contentStart: offset + 2 };
  if (first === 0x80) return (tag & 0x20) !== 0 ? { tag, length: null, contentStart: offset + 2 } : null;
  const count = first & 0x7f;
  if (count > 4 || offset + 2 + count > bytes.length) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 2 + i]!;
  return { tag, length, contentStart: offset + 2 + count };
}

function fitsIn(header: Asn1Header, end: number): boolean {
  return header.length === null || header.contentStart + header.length <= end;
}

const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const CONTEXT_0_CONSTRUCTED = 0xa0;
/** SignedData versions defined by RFC 5652. */
const SIGNED_DATA_VERSIONS = new Set([1, 3, 4, 5]);

/**
 * ContentInfo ::= SEQUENCE { contentType OID (id-signedData), content [0] EXPLICIT SignedData }
 * SignedData ::= SEQUENCE { version INTEGER, digestAlgorithms SET, encapContentInfo SEQUENCE, ... }
 * Every definite length must fit in its parent, and a DER outer length must span the whole file.
 */
export function isCadesSignedData(bytes: Uint8Array): boolean {
  const outer = readAsn1Header(bytes, 0);
  if (!outer || outer.tag !== SEQUENCE) return false;
  if (outer.length !== null && outer.contentStart + outer.length !== bytes.length) return false;
  const outerEnd = outer.length === null ? bytes.length : outer.contentStart + outer.length;
  if (!startsWith(bytes, SIGNED_DATA_OID, outer.contentStart)) return false;
  const explicit = readAsn1Header(bytes, outer.contentStart + SIGNED_DATA_OID.length);
  if (!explicit || explicit.tag !== CONTEXT_0_CONSTRUCTED || !fitsIn(explicit, outerEnd)) return false;
  const explicitEnd = explicit.length === null ? outerEnd : explicit.contentStart + explicit.length;
  const signedData = readAsn1Header(bytes, explicit.contentStart);
  if (!signedData || signedData.tag !== SEQUENCE || !fitsIn(signedData, explicitEnd)) return false;
  const signedDataEnd = signedData.length === null ? explicitEnd : signedData.contentStart + signedData.length;
  const version = readAsn1Header(bytes, signedData.contentStart);
  if (!version || version.tag !== INTEGER || version.length !== 1) return false;
  if (!SIGNED_DATA_VERSIONS.has(bytes[version.contentStart]!)) return false;
  const digestAlgorithms = readAsn1Header(bytes, version.contentStart + 1);
  if (!digestAlgorithms || digestAlgorithms.tag !== SET || !fitsIn(digestAlgorithms, signedDataEnd)) return false;
  if (digestAlgorithms.length === null) return true; // BER: the rest is read by the signature verifier
  const encapContentInfo = readAsn1Header(bytes, digestAlgorithms.contentStart + digestAlgorithms.length);
  return encapContentInfo !== null && encapContentInfo.tag === SEQUENCE && fitsIn(encapContentInfo, signedDataEnd);
}

/** Some PEC and signing tools deliver the .p7m as base64 text: decode the start and look. */
function isBase64CadesSignedData(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  if (compact.length < 64 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return false;
  return isCadesSignedData(new Uint8Array(Buffer.from(compact, 'base64')));
}

// ---------------------------------------------------------------------------------------------
// ZIP containers: office documents are recognised by the names in the central directory.

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const EOCD_MIN_SIZE = 22;
const MAX_ZIP_COMMENT = 0xffff;
const MAX_ENTRIES_READ = 20000;

export interface ZipEntry {
  name: string;
  compressionMethod: number;
  compressedSize: number;
  localHeaderOffset: number;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function findEndOfCentralDirectory(bytes: Uint8Array, data: DataView): number | null {
  const lowest = Math.max(0, bytes.length - EOCD_MIN_SIZE - MAX_ZIP_COMMENT);
  for (let offset = bytes.length - EOCD_MIN_SIZE; offset >= lowest; offset--) {
    if (data.getUint32(offset, true) === EOCD_SIGNATURE && offset + EOCD_MIN_SIZE + data.getUint16(offset + 20, true) === bytes.length) {
      return offset;
    }
  }
  return null;
}

/** The entries of a ZIP's central directory; null when the bytes are not a readable ZIP. */
export function readZipEntries(bytes: Uint8Array): ZipEntry[] | null {
  if (bytes.length < EOCD_MIN_SIZE) return null;
  const data = view(bytes);
  const eocd = findEndOfCentralDirectory(bytes, data);
  if (eocd === null) return null;
  let entryCount = data.getUint16(eocd + 10, true);
  let directoryOffset = data.getUint32(eocd + 16, true);
  if (directoryOffset === 0xffffffff || entryCount === 0xffff) {
    const locator = eocd - 20;
    if (locator < 0 || data.getUint32(locator, true) !== ZIP64_LOCATOR_SIGNATURE) return null;
    const zip64Eocd = Number(data.getBigUint64(locator + 8, true));
    if (zip64Eocd + 56 > bytes.length || data.getUint32(zip64Eocd, true) !== ZIP64_EOCD_SIGNATURE) return null;
    entryCount = Number(data.getBigUint64(zip64Eocd + 32, true));
    directoryOffset = Number(data.getBigUint64(zip64Eocd + 48, true));
  }
  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  const decoder = new TextDecoder('utf-8');
  for (let i = 0; i < Math.min(entryCount, MAX_ENTRIES_READ); i++) {
    if (offset + 46 > bytes.length || data.getUint32(offset, true) !== CENTRAL_ENTRY_SIGNATURE) return null;
    const nameLength = data.getUint16(offset + 28, true);
    const extraLength = data.getUint16(offset + 30, true);
    const commentLength = data.getUint16(offset + 32, true);
    if (offset + 46 + nameLength > bytes.length) return null;
    entries.push({
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      compressionMethod: data.getUint16(offset + 10, true),
      compressedSize: data.getUint32(offset + 20, true),
      localHeaderOffset: data.getUint32(offset + 42, true),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const STORED = 0;
const ODF_MIMETYPE_MAX = 100;

/** The content of a stored (uncompressed) entry, as ODF requires for its `mimetype` entry. */
function readStoredEntryText(bytes: Uint8Array, entry: ZipEntry): string | null {
  if (entry.compressionMethod !== STORED || entry.compressedSize > ODF_MIMETYPE_MAX) return null;
  const data = view(bytes);
  const local = entry.localHeaderOffset;
  if (local + 30 > bytes.length || data.getUint32(local, true) !== LOCAL_HEADER_SIGNATURE) return null;
  const start = local + 30 + data.getUint16(local + 26, true) + data.getUint16(local + 28, true);
  if (start + entry.compressedSize > bytes.length) return null;
  return new TextDecoder('ascii').decode(bytes.subarray(start, start + entry.compressedSize));
}

const ODF_KINDS: Record<string, ContentKind> = {
  [CONTENT_KINDS.odt]: 'odt',
  [CONTENT_KINDS.ods]: 'ods',
  [CONTENT_KINDS.odp]: 'odp',
};

/** Office Open XML parts: the main part names the application, a VBA project marks macros. */
const OOXML_KINDS: Array<{ mainPart: string; macroPart: string; kind: ContentKind; withMacros: ContentKind }> = [
  { mainPart: 'word/document.xml', macroPart: 'word/vbaProject.bin', kind: 'docx', withMacros: 'docm' },
  { mainPart: 'xl/workbook.xml', macroPart: 'xl/vbaProject.bin', kind: 'xlsx', withMacros: 'xlsm' },
  { mainPart: 'ppt/presentation.xml', macroPart: 'ppt/vbaProject.bin', kind: 'pptx', withMacros: 'pptm' },
];

function zipKind(bytes: Uint8Array): ContentKind {
  const entries = readZipEntries(bytes);
  if (!entries) return 'binary';
  const names = new Set(entries.map((entry) => entry.name));
  if (names.has('[Content_Types].xml')) {
    for (const ooxml of OOXML_KINDS) {
      if (names.has(ooxml.mainPart)) return names.has(ooxml.macroPart) ? ooxml.withMacros : ooxml.kind;
    }
  }
  const mimetype = entries.find((entry) => entry.name === 'mimetype');
  if (mimetype && names.has('content.xml')) {
    const odfKind = ODF_KINDS[readStoredEntryText(bytes, mimetype) ?? ''];
    if (odfKind) return odfKind;
  }
  return 'zip';
}

// ---------------------------------------------------------------------------------------------
// Text and XML

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    return null;
  }
}

function decodeUtf16(bytes: Uint8Array): string | null {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (!encoding) return null;
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Text a person would type: no NULs and no control characters other than tab, newlines and form feed. */
function isPlainText(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- the point is to find control characters
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** The first element's local name, after the XML declaration, comments, PIs and a DOCTYPE. */
function rootElement(text: string): string | null {
  let rest = text.replace(/^\uFEFF/, '');
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('<?')) {
      const end = rest.indexOf('?>');
      if (end < 0) return null;
      rest = rest.slice(end + 2);
    } else if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end < 0) return null;
      rest = rest.slice(end + 3);
    } else if (/^<!DOCTYPE/i.test(rest)) {
      const end = rest.indexOf('>');
      if (end < 0) return null;
      rest = rest.slice(end + 1);
    } else {
      break;
    }
  }
  const match = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(rest);
  return match ? match[2]! : null;
}

function textKind(text: string): DetectedContent | null {
  if (!isPlainText(text)) return null;
  const head = text
    .slice(0, 4096)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^<!DOCTYPE\s+html/i.test(head) || /^<html[\s>]/i.test(head)) return detected('html');
  const root = head.startsWith('<') ? rootElement(text.slice(0, 64 * 1024)) : null;
  if (root?.toLowerCase() === 'svg') return detected('svg');
  if (root?.toLowerCase() === 'html') return detected('html');
  if (root) return detected('xml', root);
  if (isBase64CadesSignedData(text)) return detected('p7m', 'base64');
  return detected('text');
}

// ---------------------------------------------------------------------------------------------

/** Detects the type of `bytes` from their content alone. */
export function detectContentType(bytes: Uint8Array): DetectedContent {
  if (startsWith(bytes, PDF)) return detected('pdf');
  if (startsWith(bytes, PNG)) return detected('png');
  if (startsWith(bytes, JPEG)) return detected('jpeg');
  if ([TIFF_LITTLE_ENDIAN, TIFF_BIG_ENDIAN, BIGTIFF_LITTLE_ENDIAN, BIGTIFF_BIG_ENDIAN].some((s) => startsWith(bytes, s))) {
    return detected('tiff');
  }
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return detected('gif');
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return detected('webp');
  if (startsWith(bytes, ZIP_LOCAL_HEADER) || startsWith(bytes, ZIP_EMPTY_ARCHIVE)) return detected(zipKind(bytes));
  if (bytes[0] === SEQUENCE && isCadesSignedData(bytes)) return detected('p7m');
  const utf16 = decodeUtf16(bytes);
  if (utf16 !== null) {
    const root = isPlainText(utf16) ? rootElement(utf16) : null;
    return root && root.toLowerCase() !== 'html' && root.toLowerCase() !== 'svg' ? detected('xml', root) : detected('binary');
  }
  const utf8 = bytes.length > 0 ? decodeUtf8(bytes) : null;
  return (utf8 !== null && textKind(utf8)) || detected('binary');
}

// ---------------------------------------------------------------------------------------------
// What each use accepts, and what the file name may say.

/** Extensions that name each kind (lower case, without the dot); the first is the usual one. */
const EXTENSIONS: Record<ContentKind, readonly string[]> = {
  pdf: ['pdf'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  tiff: ['tif', 'tiff'],
  gif: ['gif'],
  webp: ['webp'],
  p7m: ['p7m'],
  xml: ['xml'],
  text: ['txt', 'csv', 'log'],
  html: ['html', 'htm', 'xhtml'],
  svg: ['svg'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  pptx: ['pptx'],
  docm: ['docm'],
  xlsm: ['xlsm'],
  pptm: ['pptm'],
  odt: ['odt'],
  ods: ['ods'],
  odp: ['odp'],
  zip: ['zip'],
  binary: ['bin', 'exe', 'dll', 'msi', 'bat', 'cmd', 'com', 'scr', 'js', 'vbs', 'ps1', 'jar', 'sh'],
};

/**
 * Families of kinds a name may confuse without harm: a `.jpg` that is really a PNG (a phone or a
 * scanner's habit), a `.txt` holding XML. Such a mismatch is only noted; across families (a `.pdf`
 * that is a PNG, a `.docx` that is a spreadsheet) it is refused, since the name would mislead
 * whoever opens the file.
 */
const FAMILIES: ReadonlyArray<readonly ContentKind[]> = [
  ['png', 'jpeg', 'tiff', 'gif', 'webp'],
  ['xml', 'text'],
];

export type NameCheck =
  /** The extension names the detected type. */
  | 'matches'
  /** No extension, or one that names no type we know: the content decides. */
  | 'unknown_extension'
  /** The extension names a sibling type (see FAMILIES): accepted, and noted. */
  | 'sibling_type'
  /** The extension names another type altogether: refused. */
  | 'contradicts';

export function fileExtension(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export function kindsForExtension(extension: string): ContentKind[] {
  return (Object.keys(EXTENSIONS) as ContentKind[]).filter((kind) => EXTENSIONS[kind].includes(extension));
}

export function checkName(filename: string, kind: ContentKind): NameCheck {
  const named = kindsForExtension(fileExtension(filename));
  if (named.length === 0) return 'unknown_extension';
  if (named.includes(kind)) return 'matches';
  return FAMILIES.some((family) => family.includes(kind) && named.some((other) => family.includes(other))) ? 'sibling_type' : 'contradicts';
}

export interface UploadPolicy {
  /** Kinds this use accepts. */
  kinds: readonly ContentKind[];
  maxBytes: number;
}

/** Case attachments: PDF, images, signed files, XML, text and office documents (without macros). */
export const CASE_ATTACHMENT_KINDS: readonly ContentKind[] = [
  'pdf',
  'png',
  'jpeg',
  'tiff',
  'gif',
  'webp',
  'p7m',
  'xml',
  'text',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
];

/** The `accept` attribute of a file input for a policy: every extension of its kinds. */
export function acceptAttribute(policy: Pick<UploadPolicy, 'kinds'>): string {
  return policy.kinds.flatMap((kind) => EXTENSIONS[kind].map((extension) => `.${extension}`)).join(',');
}

export type UploadCheck =
  | { ok: true; content: DetectedContent; name: Exclude<NameCheck, 'contradicts'> }
  | { ok: false; refusal: DocumentRefusal; content?: DetectedContent };

/**
 * Whether `policy` accepts a file: not empty, within the size limit, of an accepted type, and not
 * named as something it is not. Refusals are checked in that order, so the reason given is the most
 * fundamental one (an executable named `.pdf` is refused for its type, not its name).
 */
export function checkUpload(policy: UploadPolicy, filename: string, bytes: Uint8Array): UploadCheck {
  if (bytes.length === 0) return { ok: false, refusal: 'empty_file' };
  if (bytes.length > policy.maxBytes) return { ok: false, refusal: 'too_large' };
  const content = detectContentType(bytes);
  if (!policy.kinds.includes(content.kind)) return { ok: false, refusal: 'type_not_allowed', content };
  const name = checkName(filename, content.kind);
  if (name === 'contradicts') return { ok: false, refusal: 'name_mismatch', content };
  return { ok: true, content, name };
}
