import { describe, expect, it } from 'vitest';
import { cleanOcrText, inspectScan } from '../../src/main/archive/scanInspection';
import { pdfBytes, pngBytes, readFixture, tiffBytes } from '../support/documentFixtures';

describe('what a scan really is', () => {
  it('a PDF: pages and the text layer', async () => {
    expect(await inspectScan('pratica.pdf', pdfBytes(['Licenza edilizia', 'Relazione tecnica']))).toEqual({
      ok: true,
      contentType: 'application/pdf',
      pageCount: 2,
      textLayer: 'Licenza edilizia\nRelazione tecnica',
    });
  });

  it('images are one page; a JPEG made by a real tool passes', async () => {
    expect(await inspectScan('foto.png', pngBytes(8, 8))).toEqual({ ok: true, contentType: 'image/png', pageCount: 1, textLayer: null });
    expect(await inspectScan('foto.jpg', readFixture('foto.jpg'))).toMatchObject({ ok: true, contentType: 'image/jpeg' });
  });

  it.each([
    ['an empty file', 'vuoto.pdf', new Uint8Array(0), 'file_empty'],
    ['a PDF cut short', 'rotto.pdf', pdfBytes(['Documento']).subarray(0, 100), 'file_corrupt'],
    ['a PNG cut short', 'foto.png', pngBytes(8, 8).subarray(0, 40), 'file_corrupt'],
    ['a JPEG cut short', 'foto.jpg', readFixture('foto.jpg').subarray(0, 300), 'file_corrupt'],
    ['a PNG named .pdf', 'finta.pdf', pngBytes(8, 8), 'name_mismatch'],
    ['a TIFF (to convert to PDF/A)', 'scan.tif', tiffBytes('little'), 'type_not_allowed'],
    ['text named .pdf', 'nota.pdf', new TextEncoder().encode('non sono un PDF'), 'type_not_allowed'],
  ])('%s is refused', async (_what, name, bytes, refusal) => {
    expect(await inspectScan(name, bytes)).toMatchObject({ ok: false, refusal });
  });

  it('OCR text is kept tidy, and text without words is no text', () => {
    expect(cleanOcrText('  Licenza \t edilizia\u0000\n\n\n  n. 123 ')).toBe('Licenza edilizia\nn. 123');
    expect(cleanOcrText(' 12 . . 3 ')).toBeNull();
  });
});
