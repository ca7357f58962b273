import { describe, expect, it } from 'vitest';
import {
  acceptAttribute,
  CASE_ATTACHMENT_KINDS,
  checkName,
  checkUpload,
  detectContentType,
  isCadesSignedData,
  readZipEntries,
  type UploadPolicy,
} from '../../../src/main/documents/contentType';
import {
  DATICERT_XML,
  docxBytes,
  gifBytes,
  ODS_MIME,
  ODT_MIME,
  odfBytes,
  pdfBytes,
  pngBytes,
  readFixture,
  tiffBytes,
  xlsxBytes,
  zipBytes,
} from '../../support/documentFixtures';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('content type detection, from the bytes alone', () => {
  it.each([
    ['a PDF', pdfBytes(), 'pdf', 'application/pdf'],
    ['a PNG', pngBytes(), 'png', 'image/png'],
    ['a JPEG written by Chromium', readFixture('foto.jpg'), 'jpeg', 'image/jpeg'],
    ['a little-endian TIFF (II*)', tiffBytes('little'), 'tiff', 'image/tiff'],
    ['a big-endian TIFF (MM*)', tiffBytes('big'), 'tiff', 'image/tiff'],
    ['a GIF', gifBytes(), 'gif', 'image/gif'],
    ['a WebP written by Chromium', readFixture('foto.webp'), 'webp', 'image/webp'],
    ['a CAdES .p7m (DER) signed by OpenSSL', readFixture('fattura.xml.p7m'), 'p7m', 'application/pkcs7-mime'],
    ['a CAdES .p7m with BER indefinite lengths', readFixture('fattura-ber.xml.p7m'), 'p7m', 'application/pkcs7-mime'],
    ['a Word document', docxBytes(), 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['an Excel workbook', xlsxBytes(), 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['an OpenDocument text', odfBytes(ODT_MIME), 'odt', ODT_MIME],
    ['an OpenDocument spreadsheet', odfBytes(ODS_MIME), 'ods', ODS_MIME],
    ['a Word document with macros', docxBytes({ macros: true }), 'docm', 'application/vnd.ms-word.document.macroEnabled.12'],
    ['a plain ZIP', zipBytes([{ name: 'pianta.dwg', data: 'x' }]), 'zip', 'application/zip'],
    [
      'plain Italian text in UTF-8',
      utf8('Il sottoscritto chiede il rilascio del certificato.\nDistinti saluti — città\n'),
      'text',
      'text/plain',
    ],
  ])('recognises %s', (_label, bytes, kind, mimeType) => {
    expect(detectContentType(bytes)).toMatchObject({ kind, mimeType });
  });

  it('recognises XML and names its root element: FatturaPA, PEC daticert', () => {
    const fattura = utf8(
      '<?xml version="1.0" encoding="UTF-8"?>\n<p:FatturaElettronica versione="FPA12" xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2"></p:FatturaElettronica>',
    );
    expect(detectContentType(fattura)).toEqual({ kind: 'xml', mimeType: 'application/xml', detail: 'FatturaElettronica' });
    expect(detectContentType(utf8(DATICERT_XML))).toEqual({ kind: 'xml', mimeType: 'application/xml', detail: 'postacert' });
  });

  it('reads XML with a UTF-8 byte order mark, and XML in UTF-16', () => {
    expect(detectContentType(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('<?xml version="1.0"?><segnatura/>')]))).toMatchObject({
      kind: 'xml',
      detail: 'segnatura',
    });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="UTF-16"?><Segnatura/>', 'utf16le')]);
    expect(detectContentType(utf16)).toMatchObject({ kind: 'xml', detail: 'Segnatura' });
  });

  it('tells HTML and SVG (which can carry scripts) apart from XML', () => {
    expect(detectContentType(utf8('<!DOCTYPE html><html><body>ciao</body></html>')).kind).toBe('html');
    expect(
      detectContentType(utf8('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')).kind,
    ).toBe('svg');
  });

  it('recognises a signed file delivered as base64 text', () => {
    const base64 = readFixture('fattura.xml.p7m').toString('base64').replace(/.{64}/g, '$&\r\n');
    expect(detectContentType(utf8(base64))).toEqual({ kind: 'p7m', mimeType: 'application/pkcs7-mime', detail: 'base64' });
  });

  it('does not take any ASN.1 SEQUENCE for a signed file: the signedData OID and structure decide', () => {
    expect(isCadesSignedData(readFixture('fattura.xml.p7m'))).toBe(true);
    expect(isCadesSignedData(readFixture('cifrato.p7m'))).toBe(false); // EnvelopedData: 1.2.840.113549.1.7.3
    expect(detectContentType(readFixture('cifrato.p7m')).kind).toBe('binary');
    expect(detectContentType(readFixture('certificato.cer')).kind).toBe('binary');
    expect(detectContentType(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])).kind).toBe('binary');
  });

  it('refuses a truncated signed file (its DER length runs past the end)', () => {
    const signed = readFixture('fattura.xml.p7m');
    expect(isCadesSignedData(signed.subarray(0, signed.length - 10))).toBe(false);
    expect(isCadesSignedData(Buffer.concat([signed, Buffer.from('garbage')]))).toBe(false);
  });

  it('falls back to application/octet-stream for anything else', () => {
    expect(detectContentType(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]))).toEqual({
      kind: 'binary',
      mimeType: 'application/octet-stream',
    });
    expect(detectContentType(Buffer.from('testo\u0000con un NUL'))).toMatchObject({ kind: 'binary' });
    expect(detectContentType(Buffer.from([0x63, 0x69, 0x74, 0x74, 0xe0]))).toMatchObject({ kind: 'binary' }); // Latin-1 "città"
    expect(detectContentType(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]))).toMatchObject({ kind: 'binary' }); // legacy .doc
    expect(detectContentType(Buffer.from('PK\u0003\u0004 not really a zip'))).toMatchObject({ kind: 'binary' });
    expect(detectContentType(new Uint8Array())).toMatchObject({ kind: 'binary' });
  });

  it('lists the names of a ZIP from its central directory', () => {
    expect(readZipEntries(docxBytes())?.map((entry) => entry.name)).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    expect(readZipEntries(pdfBytes())).toBeNull();
  });
});

describe('what the file name may say', () => {
  it('accepts a name that matches, whatever its case', () => {
    expect(checkName('Planimetria.PDF', 'pdf')).toBe('matches');
    expect(checkName('foto.jpeg', 'jpeg')).toBe('matches');
    expect(checkName('contratto.pdf.p7m', 'p7m')).toBe('matches');
  });

  it('notes but accepts a sibling type or an unknown extension', () => {
    expect(checkName('foto.jpg', 'png')).toBe('sibling_type');
    expect(checkName('dati.txt', 'xml')).toBe('sibling_type');
    expect(checkName('scansione', 'pdf')).toBe('unknown_extension');
    expect(checkName('messaggio.eml', 'text')).toBe('unknown_extension');
  });

  it('refuses a name that contradicts the content', () => {
    expect(checkName('domanda.pdf', 'png')).toBe('contradicts');
    expect(checkName('relazione.docx', 'xlsx')).toBe('contradicts');
    expect(checkName('firmato.p7m', 'pdf')).toBe('contradicts');
    expect(checkName('script.js', 'text')).toBe('contradicts');
  });
});

describe('the upload policy for case attachments', () => {
  const policy: UploadPolicy = { kinds: CASE_ATTACHMENT_KINDS, maxBytes: 10_000 };

  it('accepts a PDF, a signed file and an office document', () => {
    expect(checkUpload(policy, 'domanda.pdf', pdfBytes())).toMatchObject({ ok: true, content: { kind: 'pdf' }, name: 'matches' });
    expect(checkUpload(policy, 'fattura.xml.p7m', readFixture('fattura.xml.p7m'))).toMatchObject({ ok: true });
    expect(checkUpload(policy, 'verbale.odt', odfBytes(ODT_MIME))).toMatchObject({ ok: true, content: { kind: 'odt' } });
  });

  it('refuses an empty file, and one over the limit by a single byte', () => {
    expect(checkUpload(policy, 'vuoto.pdf', new Uint8Array())).toEqual({ ok: false, refusal: 'empty_file' });
    const small = { ...policy, maxBytes: 1000 };
    const text = utf8('a'.repeat(1001));
    expect(checkUpload(small, 'lungo.txt', text)).toEqual({ ok: false, refusal: 'too_large' });
    expect(checkUpload(small, 'giusto.txt', text.subarray(0, 1000))).toMatchObject({ ok: true });
  });

  it('refuses types a case does not take: executables, HTML, SVG, plain ZIPs, macros', () => {
    const refusal = (name: string, bytes: Uint8Array) => checkUpload(policy, name, bytes);
    expect(refusal('programma.exe', Buffer.from([0x4d, 0x5a, 0x90, 0x00]))).toMatchObject({ ok: false, refusal: 'type_not_allowed' });
    expect(refusal('pagina.html', utf8('<!DOCTYPE html><html></html>'))).toMatchObject({ ok: false, refusal: 'type_not_allowed' });
    expect(refusal('logo.svg', utf8('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toMatchObject({
      ok: false,
      refusal: 'type_not_allowed',
    });
    expect(refusal('archivio.zip', zipBytes([{ name: 'a.txt', data: 'a' }]))).toMatchObject({ ok: false, refusal: 'type_not_allowed' });
    expect(refusal('relazione.docm', docxBytes({ macros: true }))).toMatchObject({ ok: false, refusal: 'type_not_allowed' });
  });

  it('refuses a .pdf that is really a PNG, and names the type found', () => {
    expect(checkUpload(policy, 'domanda.pdf', pngBytes())).toEqual({
      ok: false,
      refusal: 'name_mismatch',
      content: { kind: 'png', mimeType: 'image/png' },
    });
  });

  it('gives the type refusal, not the name one, for an executable named .pdf', () => {
    expect(checkUpload(policy, 'fattura.pdf', Buffer.from([0x4d, 0x5a, 0x90, 0x00]))).toMatchObject({
      ok: false,
      refusal: 'type_not_allowed',
    });
  });

  it('accepts a .jpg holding a PNG, noting it', () => {
    expect(checkUpload(policy, 'foto.jpg', pngBytes())).toMatchObject({ ok: true, content: { kind: 'png' }, name: 'sibling_type' });
  });

  it('offers a file picker every extension of the accepted types', () => {
    const accept = acceptAttribute(policy).split(',');
    expect(accept).toEqual(expect.arrayContaining(['.pdf', '.jpg', '.jpeg', '.tif', '.p7m', '.xml', '.txt', '.docx', '.odt']));
    expect(accept).not.toContain('.zip');
    expect(accept).not.toContain('.exe');
  });
});
