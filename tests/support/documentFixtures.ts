/**
 * Tiny but valid files for the document tests, written byte by byte to their specifications (PDF,
 * PNG, TIFF, GIF, ZIP), plus the files under tests/fixtures/documents made by real tools (JPEG and
 * WebP by Chromium, CAdES by OpenSSL; see the README there).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/documents');

export function readFixture(name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES_DIR, name));
}

function pdfString(text: string): string {
  return text.replace(/[\\()]/g, (c) => `\\${c}`);
}

/** A PDF with one page per entry of `pages`, each showing its text in Helvetica; a correct xref. */
export function pdfBytes(pages: string[] = ['Documento di prova']): Buffer {
  const objects: string[] = [];
  const pageRefs = pages.map((_, i) => `${3 + i * 2} 0 R`);
  const fontNumber = 3 + pages.length * 2;
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${pageRefs.join(' ')}] /Count ${pages.length} >>`);
  pages.forEach((text, i) => {
    const content = `BT /F1 28 Tf 72 720 Td (${pdfString(text)}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${4 + i * 2} 0 R /Resources << /Font << /F1 ${fontNumber} 0 R >> >> >>`,
    );
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  });
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');

  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** An RGB PNG of one colour. */
export function pngBytes(width = 4, height = 3, rgb: [number, number, number] = [42, 90, 152]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, adaptive filter, no interlace
  const scanline = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => scanline));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A baseline TIFF: 2×2 8-bit greyscale, uncompressed, in either byte order. */
export function tiffBytes(byteOrder: 'little' | 'big'): Buffer {
  const little = byteOrder === 'little';
  const SHORT = 3;
  const LONG = 4;
  const pixels = [0, 255, 255, 0];
  const entries: Array<[tag: number, type: number, value: number]> = [
    [256, SHORT, 2], // ImageWidth
    [257, SHORT, 2], // ImageLength
    [258, SHORT, 8], // BitsPerSample
    [259, SHORT, 1], // Compression: none
    [262, SHORT, 1], // PhotometricInterpretation: BlackIsZero
    [273, LONG, 0], // StripOffsets (set below)
    [277, SHORT, 1], // SamplesPerPixel
    [278, SHORT, 2], // RowsPerStrip
    [279, LONG, pixels.length], // StripByteCounts
  ];
  const ifdOffset = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  const pixelOffset = ifdOffset + ifdSize;
  const buffer = Buffer.alloc(pixelOffset + pixels.length);
  const data = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  buffer.write(little ? 'II' : 'MM', 0, 'ascii');
  data.setUint16(2, 42, little);
  data.setUint32(4, ifdOffset, little);
  data.setUint16(ifdOffset, entries.length, little);
  entries.forEach(([tag, type, value], i) => {
    const at = ifdOffset + 2 + i * 12;
    data.setUint16(at, tag, little);
    data.setUint16(at + 2, type, little);
    data.setUint32(at + 4, 1, little);
    const actual = tag === 273 ? pixelOffset : value;
    if (type === SHORT) data.setUint16(at + 8, actual, little);
    else data.setUint32(at + 8, actual, little);
  });
  data.setUint32(ifdOffset + 2 + entries.length * 12, 0, little);
  buffer.set(pixels, pixelOffset);
  return buffer;
}

/** The classic 1×1 transparent GIF89a. */
export function gifBytes(): Buffer {
  return Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
}

export interface ZipEntryInput {
  name: string;
  data: string | Buffer;
  /** Stored without compression (ODF's `mimetype` must be). */
  stored?: boolean;
}

/** A ZIP archive (deflate, or stored where asked), with its central directory. */
export function zipBytes(entries: ZipEntryInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const method = entry.stored ? 0 : 8;
    const data = entry.stored ? raw : zlib.deflateRawSync(raw);
    const name = Buffer.from(entry.name, 'utf8');
    const crc = zlib.crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5c62, 12); // 2026-03-02
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x5c62, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const OOXML_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="%TARGET%"/></Relationships>`;

function contentTypes(overrides: Array<[part: string, type: string]>): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides
    .map(([part, type]) => `<Override PartName="/${part}" ContentType="${type}"/>`)
    .join('')}</Types>`;
}

/** A Word document (one paragraph); with `macros`, a .docm's VBA project part as well. */
export function docxBytes(options: { macros?: boolean } = {}): Buffer {
  const mainType = options.macros
    ? 'application/vnd.ms-word.document.macroEnabled.main+xml'
    : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
  return zipBytes([
    { name: '[Content_Types].xml', data: contentTypes([['word/document.xml', mainType]]) },
    { name: '_rels/.rels', data: OOXML_RELS.replace('%TARGET%', 'word/document.xml') },
    {
      name: 'word/document.xml',
      data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Relazione tecnica</w:t></w:r></w:p></w:body></w:document>',
    },
    ...(options.macros ? [{ name: 'word/vbaProject.bin', data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) }] : []),
  ]);
}

/** An Excel workbook with one sheet. */
export function xlsxBytes(): Buffer {
  return zipBytes([
    {
      name: '[Content_Types].xml',
      data: contentTypes([
        ['xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'],
        ['xl/worksheets/sheet1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml'],
      ]),
    },
    { name: '_rels/.rels', data: OOXML_RELS.replace('%TARGET%', 'xl/workbook.xml') },
    {
      name: 'xl/workbook.xml',
      data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Foglio1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Importo</t></is></c></row></sheetData></worksheet>',
    },
  ]);
}

/** An OpenDocument file of the given type: `mimetype` first and stored, as the ODF package spec requires. */
export function odfBytes(mimeType: string): Buffer {
  return zipBytes([
    { name: 'mimetype', data: mimeType, stored: true },
    {
      name: 'content.xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text><text:p>Verbale</text:p></office:text></office:body></office:document-content>',
    },
    {
      name: 'META-INF/manifest.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mimeType}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
    },
  ]);
}

export const ODT_MIME = 'application/vnd.oasis.opendocument.text';
export const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

/** A PEC receipt's daticert.xml, as the certified e-mail provider attaches it. */
export const DATICERT_XML = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE postacert SYSTEM "daticert.dtd">
<postacert tipo="posta-certificata" errore="nessuno">
  <intestazione>
    <mittente>mario.rossi@pec.example.it</mittente>
    <destinatari tipo="certificato">protocollo@pec.comune.example.it</destinatari>
    <oggetto>Istanza permesso di costruire</oggetto>
  </intestazione>
  <dati>
    <gestore-emittente>Gestore di prova</gestore-emittente>
    <data zona="+0100"><giorno>02/03/2026</giorno><ora>09:00:00</ora></data>
    <identificativo>opec0001.20260302090000.00001@pec.example.it</identificativo>
  </dati>
</postacert>
`;
