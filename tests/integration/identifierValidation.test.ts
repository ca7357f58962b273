import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOmocodia, buildCodiceFiscale, isValidCodiceFiscale } from '../../src/shared/domain/codiceFiscale';
import { isValidPartitaIva, partitaIvaCheckDigit } from '../../src/shared/domain/partitaIva';
import { createEnte, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

/** The database and the app apply the same codice fiscale and partita IVA rules (DM 23/12/1976, DPR 633/1972 art. 35). */
describe('codice fiscale and partita IVA: the database agrees with src/shared/domain', () => {
  let db: TestDatabase;
  let ente: EnteFixture;

  const sqlValid = async (fn: 'is_valid_codice_fiscale' | 'is_valid_partita_iva', values: string[]) => {
    const result = await db.admin.raw<{ rows: { ok: boolean }[] }>(
      `SELECT scrivania.${fn}(v) AS ok FROM unnest(?::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n`,
      [values],
    );
    return result.rows.map((row) => row.ok);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin);
  });

  afterAll(async () => {
    await db.drop();
  });

  const person = fc.record({
    lastName: fc.constantFrom('Rossi', 'Bianchi', 'Fo', 'Esposito', "D'Amico", 'De Luca', 'Xu'),
    firstName: fc.constantFrom('Mario', 'Anna', 'Gianfranco', 'Eva', 'Luigi', 'Ida'),
    birthDate: fc.date({ min: new Date('1920-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    sex: fc.constantFrom('M' as const, 'F' as const),
    birthPlaceCode: fc.constantFrom('H501', 'F205', 'F839', 'L219', 'Z404'),
    omocodia: fc.integer({ min: 0, max: 7 }),
  });

  it('valid codici fiscali (with every level of omocodia) pass both; any single altered character fails both', async () => {
    const samples = fc.sample(person, 300).map((p) => applyOmocodia(buildCodiceFiscale(p), p.omocodia));
    const altered = samples.map((cf, i) => {
      const position = i % 16;
      const replacement = cf[position] === 'A' ? 'B' : 'A';
      return cf.slice(0, position) + replacement + cf.slice(position + 1);
    });
    const all = [...samples, ...altered, 'RSSMRA85T10A562S', 'RSSMRA85T10A562', 'RSSMRA85Z10A562S', ''];
    expect(await sqlValid('is_valid_codice_fiscale', all)).toEqual(all.map(isValidCodiceFiscale));
    expect(samples.every(isValidCodiceFiscale)).toBe(true);
    // The app normalises what is typed; the database stores only the canonical upper-case form.
    expect(isValidCodiceFiscale(' rssmra85t10a562s ')).toBe(true);
    expect(await sqlValid('is_valid_codice_fiscale', ['rssmra85t10a562s'])).toEqual([false]);
  });

  it('partite IVA: valid ones and arbitrary strings get the same verdict from both', async () => {
    const valid = fc.sample(fc.stringMatching(/^[0-9]{10}$/), 200).map((s) => s + partitaIvaCheckDigit(s));
    const random = fc.sample(fc.stringMatching(/^[0-9]{11}$/), 200);
    const all = [...valid, ...random, '06363391001', '0636339100', 'ABCDEFGHIJK'];
    const sql = await sqlValid('is_valid_partita_iva', all);
    const app = all.map(isValidPartitaIva);
    // The app also refuses the all-zero number; the database accepts its check digit. Nothing else differs.
    expect(sql.filter((ok, i) => ok !== app[i] && all[i] !== '00000000000')).toEqual([]);
  });

  it('the database refuses to store a person with an invalid codice fiscale', async () => {
    await expect(
      db.admin('scrivania.persons').insert({ ente_id: ente.enteId, codice_fiscale: 'RSSMRA85T10A562X', last_name: 'Rossi', first_name: 'Mario', sex: 'M', birth_date: '1985-12-10', birth_place: 'Agrigento' }),
    ).rejects.toMatchObject({ code: '23514', constraint: 'persons_codice_fiscale_valid' });
  });

  it('the database refuses a business with an invalid partita IVA', async () => {
    await expect(
      db.admin('scrivania.businesses').insert({ ente_id: ente.enteId, partita_iva: '06363391002', codice_fiscale: '06363391001', name: 'Ditta Errata' }),
    ).rejects.toMatchObject({ code: '23514', constraint: 'businesses_partita_iva_valid' });
  });
});
