import { describe, expect, it } from 'vitest';
import { DOCUMENT_REFUSALS } from '../../../src/shared/api/documents';
import {
  base64ToBytes,
  bytesToBase64,
  fileSizeText,
  localRefusal,
  nameCheckNote,
  previewKind,
  shortHash,
  uploadErrorMessage,
} from '../../../src/renderer/documents/documentFormat';
import { en } from '../../../src/renderer/i18n/en';
import { createFormatters } from '../../../src/renderer/i18n/format';
import { it as italian } from '../../../src/renderer/i18n/it';
import { createTranslator } from '../../../src/renderer/i18n/translate';

const tIt = createTranslator('it');
const tEn = createTranslator('en');
const fIt = createFormatters('it');
const fEn = createFormatters('en');
const SHA = '6387420f3e811e984ae2f7224632c0312199114d425c98ed09c5b63294fe5c8a';

describe('document list formatting', () => {
  it('shows sizes in Italian format, with binary multiples', () => {
    expect(fileSizeText(512, fIt, tIt)).toBe('512 byte');
    expect(fileSizeText(1126, fIt, tIt)).toBe('1,1 KB');
    expect(fileSizeText(25 * 1024 * 1024, fIt, tIt)).toBe('25,0 MB');
    expect(fileSizeText(3_670_016, fIt, tIt)).toBe('3,5 MB');
    expect(fileSizeText(3_670_016, fEn, tEn)).toBe('3.5 MB');
  });

  it('shortens a SHA-256 to its first 8 and last 4 hex digits', () => {
    expect(shortHash(SHA)).toBe('6387420f…5c8a');
  });

  it('previews PDFs, displayable images and text; signed files and TIFF are downloaded', () => {
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('image/jpeg')).toBe('image');
    expect(previewKind('image/tiff')).toBe('none');
    expect(previewKind('application/xml')).toBe('text');
    expect(previewKind('application/pkcs7-mime')).toBe('signed');
    expect(previewKind('application/vnd.oasis.opendocument.text')).toBe('none');
  });

  it('notes a file name that does not match its content, naming the real type', () => {
    expect(nameCheckNote({ nameCheck: 'matches', contentType: 'image/png' }, tIt)).toBeNull();
    expect(nameCheckNote({ nameCheck: 'sibling_type', contentType: 'image/png' }, tIt)).toBe(
      "L'estensione del nome non corrisponde al contenuto, che è PNG.",
    );
  });
});

describe('refusing an upload', () => {
  it('refuses an empty or too large file before sending it, with its size and the limit', () => {
    expect(localRefusal({ name: 'vuoto.pdf', size: 0 }, 1024, fIt, tIt)).toBe('Il file «vuoto.pdf» è vuoto.');
    expect(localRefusal({ name: 'tavola.pdf', size: 26 * 1024 * 1024 }, 25 * 1024 * 1024, fIt, tIt)).toBe(
      'Il file «tavola.pdf» (26,0 MB) supera la dimensione massima consentita di 25,0 MB.',
    );
    expect(localRefusal({ name: 'ok.pdf', size: 25 * 1024 * 1024 }, 25 * 1024 * 1024, fIt, tIt)).toBeNull();
  });

  it("translates the server's refusal reasons, naming the file", () => {
    expect(uploadErrorMessage('domanda.pdf', { code: 'validation', message: 'x', reason: 'name_mismatch' }, tIt)).toMatch(
      /^File «domanda\.pdf» non caricato: L'estensione del nome del file non corrisponde al suo contenuto/,
    );
    expect(uploadErrorMessage('virus.exe', { code: 'validation', message: 'x', reason: 'type_not_allowed' }, tEn)).toMatch(
      /^File “virus\.exe” not uploaded: File type not accepted/,
    );
  });

  it('has a message for every refusal reason in both languages', () => {
    for (const reason of [
      ...DOCUMENT_REFUSALS,
      'filename',
      'base64',
      'instance_not_found',
      'document_not_found',
      'version_not_found',
      'document_immutable',
    ]) {
      expect(Object.hasOwn(italian, `reason.${reason}`), reason).toBe(true);
      expect(Object.hasOwn(en, `reason.${reason}`), reason).toBe(true);
    }
  });
});

describe('file bytes as base64', () => {
  it('encodes large files in chunks exactly as Node does, and decodes them back', () => {
    const bytes = new Uint8Array(200_003).map((_, i) => (i * 31 + 7) % 256);
    const base64 = bytesToBase64(bytes);
    expect(base64).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64ToBytes(base64)).toEqual(bytes);
  });
});
