import { describe, expect, it } from 'vitest';
import { decodeManifest, normalisePracticeNumber, parseCsv, parseManifestDay, readManifest } from '../../src/main/archive/manifest';

const HEADER = 'file;serie;anno;numero;tipo_pratica;oggetto;titolo_documento;richiedenti;indirizzi;catasto;riservato';

describe('archive manifest (docs/archive/manifest.md)', () => {
  it('reads CSV as Excel writes it: semicolons, quotes, doubled quotes, CRLF, values over two lines', () => {
    const records = parseCsv('a;"b;c";"d ""e"""\r\n"f\ng";h;i\r\n\r\n', ';');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b;c', 'd "e"'] },
      { line: 2, fields: ['f\ng', 'h', 'i'] },
    ]);
  });

  it('reads UTF-8 with a BOM, and Windows-1252 as Excel saves "CSV" on an Italian Windows', () => {
    expect(decodeManifest(new Uint8Array([0xef, 0xbb, 0xbf, 0x63, 0x69, 0x74, 0x74, 0xc3, 0xa0]))).toBe('città');
    expect(decodeManifest(new Uint8Array([0x63, 0x69, 0x74, 0x74, 0xe0]))).toBe('città');
  });

  it('reads a line: names with tax codes, addresses, several parcels, the reserved flag', () => {
    const reading = readManifest(
      `${HEADER}\nscan/1.pdf;pratiche_edilizie;1978;0123;licenza_edilizia;Costruzione  di garage;Domanda;Rossi Mario [RSSMRA80A01H501U]|Bianchi Anna;Via Roma 12|p.zza Garibaldi 3;Fg. 12 part. 345 sub. 3|fg 12 mapp 346;sì\n`,
    );
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    const [line] = reading.lines;
    expect(line).toMatchObject({
      ok: true,
      entry: {
        line: 2,
        file: 'scan/1.pdf',
        seriesCode: 'PRATICHE_EDILIZIE',
        number: '123',
        subject: 'Costruzione di garage',
        subjects: [
          { role: 'applicant', name: 'Rossi Mario', taxCode: 'RSSMRA80A01H501U' },
          { role: 'applicant', name: 'Bianchi Anna', taxCode: null },
        ],
        addresses: ['Via Roma 12', 'p.zza Garibaldi 3'],
        parcels: [
          { sezione: null, foglio: 12, particella: '345', subalterno: 3 },
          { sezione: null, foglio: 12, particella: '346', subalterno: null },
        ],
        reserved: true,
        documentKind: 'other',
        outcome: 'unknown',
      },
    });
  });

  it.each([
    ['scan.pdf;PE;1978;1;licenza_edilizia;Casa;Domanda;;;;forse', 'invalid_value', 'riservato: "forse"'],
    ['scan.pdf;PE;78;1;licenza_edilizia;Casa;Domanda;;;;', 'invalid_value', 'anno: "78"'],
    ['scan.pdf;PE;1978;1;villa;Casa;Domanda;;;;', 'invalid_value', 'tipo_pratica: "villa"'],
    [
      'scan.pdf;PE;1978;1;licenza_edilizia;Casa;Domanda;Rossi Mario [RSSMRA80A01H501X];;;',
      'invalid_value',
      'richiedenti: "Rossi Mario [RSSMRA80A01H501X]"',
    ],
    ['scan.pdf;PE;1978;1;licenza_edilizia;Casa;Domanda;;Roma;;', 'invalid_value', 'indirizzi: "Roma"'],
    ['scan.pdf;PE;1978;1;licenza_edilizia;Casa;Domanda;;;particella;', 'invalid_value', 'catasto: "particella"'],
    ['scan.pdf;PE;1978;;licenza_edilizia;Casa;Domanda;;;;', 'missing_value', 'numero'],
    ['/etc/passwd;PE;1978;1;licenza_edilizia;Casa;Domanda;;;;', 'unsafe_path', '/etc/passwd'],
    ['a/../../b.pdf;PE;1978;1;licenza_edilizia;Casa;Domanda;;;;', 'unsafe_path', 'a/../../b.pdf'],
    ['scan.pdf;PE;1978;1;licenza_edilizia;Casa;Domanda', 'wrong_column_count', '7/11'],
  ])('%s is refused (%s)', (line, reason, detail) => {
    const reading = readManifest(`${HEADER}\n${line}\n`);
    expect(reading.ok && reading.lines[0]).toMatchObject({ ok: false, line: 2, reason, detail });
  });

  it('lines of one practice must agree on its columns', () => {
    const reading = readManifest(
      `${HEADER}\na.pdf;PE;1978;1;licenza_edilizia;Casa;Domanda;Rossi Mario;;;\nb.pdf;PE;1978;1;licenza_edilizia;Casa;Tavole;;;;\nc.pdf;PE;1978;1;licenza_edilizia;Villa;Foto;;;;\n`,
    );
    expect(reading.ok && reading.lines.map((line) => (line.ok ? 'ok' : `${line.reason} ${line.detail}`))).toEqual([
      'ok',
      'ok',
      'dossier_conflict oggetto: "Villa"',
    ]);
  });

  it('refuses a manifest with an unknown, a missing or a repeated column, or no rows', () => {
    expect(readManifest('file;serie;anno;numero;tipo_pratica;oggetto;titolo_documento;colore\n')).toEqual({
      ok: false,
      refusal: 'unknown_columns',
      detail: 'colore',
    });
    expect(readManifest('file;serie;anno\n')).toEqual({
      ok: false,
      refusal: 'missing_columns',
      detail: 'numero, tipo_pratica, oggetto, titolo_documento',
    });
    expect(readManifest(`${HEADER};file\n`)).toEqual({ ok: false, refusal: 'duplicate_columns', detail: 'file' });
    expect(readManifest(`${HEADER}\n`)).toEqual({ ok: false, refusal: 'manifest_empty', detail: '' });
    expect(readManifest('')).toEqual({ ok: false, refusal: 'manifest_empty', detail: '' });
  });

  it('reads days and practice numbers as written in Italian offices', () => {
    expect(parseManifestDay('12/03/1978')).toBe('1978-03-12');
    expect(parseManifestDay('1978-03-12')).toBe('1978-03-12');
    expect(parseManifestDay('31/02/1978')).toBeNull();
    expect(normalisePracticeNumber('0123')).toBe('123');
    expect(normalisePracticeNumber('12 bis')).toBe('12bis');
    expect(normalisePracticeNumber('12?')).toBeNull();
  });
});
