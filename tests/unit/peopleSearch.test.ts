import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOmocodia, buildCodiceFiscale, type CodiceFiscalePerson } from '../../src/shared/domain/codiceFiscale';
import { partitaIvaCheckDigit } from '../../src/shared/domain/partitaIva';
import { interpretPeopleQuery } from '../../src/shared/domain/peopleSearch';

const letters = fc.array(fc.constantFrom(...'ABCDEFGHILMNOPRSTUVZ'.split('')), { minLength: 2, maxLength: 10 }).map((cs) => cs.join(''));
const person: fc.Arbitrary<CodiceFiscalePerson> = fc.record({
  lastName: letters,
  firstName: letters,
  birthDate: fc
    .date({ min: new Date('1920-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  sex: fc.constantFrom('M' as const, 'F' as const),
  birthPlaceCode: fc
    .tuple(fc.constantFrom(...'ABCDEFGHILMZ'.split('')), fc.integer({ min: 1, max: 999 }))
    .map(([l, n]) => `${l}${String(n).padStart(3, '0')}`),
});

describe('reading the dossier search box: identifier or name', () => {
  it('any valid codice fiscale, omocodic or not, typed in any case and spacing, is searched as such (DM 23/12/1976)', () => {
    fc.assert(
      fc.property(person, fc.integer({ min: 0, max: 7 }), fc.boolean(), (p, level, spaced) => {
        const cf = applyOmocodia(buildCodiceFiscale(p), level);
        const typed = spaced ? `${cf.slice(0, 6)} ${cf.slice(6, 11).toLowerCase()} ${cf.slice(11)}` : cf.toLowerCase();
        expect(interpretPeopleQuery(typed)).toEqual({ ok: true, query: { kind: 'codice_fiscale', value: cf } });
      }),
    );
  });

  it('any valid partita IVA, with or without the IT prefix, is searched as such', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{7}[0-9]{3}$/), (first10) => {
        fc.pre(first10 !== '0000000000');
        const vat = first10 + partitaIvaCheckDigit(first10);
        expect(interpretPeopleQuery(vat)).toEqual({ ok: true, query: { kind: 'partita_iva', value: vat } });
        expect(interpretPeopleQuery(`IT${vat}`)).toEqual({ ok: true, query: { kind: 'partita_iva', value: vat } });
      }),
    );
  });

  it('gives the reason a code cannot be valid', () => {
    expect(interpretPeopleQuery('RSSMRA85T10A562')).toEqual({ ok: false, reason: 'codice_fiscale_length' });
    expect(interpretPeopleQuery('RSSMRA8XT10A562S')).toEqual({ ok: false, reason: 'codice_fiscale_format' });
    expect(interpretPeopleQuery('RSSMRA85T10A562T')).toEqual({ ok: false, reason: 'codice_fiscale_check_char' });
    expect(interpretPeopleQuery('RSSMRA85T32A562S')).toMatchObject({ ok: false });
    expect(interpretPeopleQuery('0123456789')).toEqual({ ok: false, reason: 'partita_iva_length' });
    expect(interpretPeopleQuery('01234567891')).toEqual({ ok: false, reason: 'partita_iva_check_digit' });
  });

  it('reads anything else as the words of a name, surname first, apostrophes and accents kept for the database to fold', () => {
    expect(interpretPeopleQuery("  D'Angelo   Niccolò ")).toEqual({ ok: true, query: { kind: 'name', words: ["D'Angelo", 'Niccolò'] } });
    expect(interpretPeopleQuery('Edilnord S.r.l.')).toEqual({ ok: true, query: { kind: 'name', words: ['Edilnord', 'S.r.l.'] } });
    expect(interpretPeopleQuery('R')).toEqual({ ok: false, reason: 'name_too_short' });
    expect(interpretPeopleQuery(" ' - ")).toEqual({ ok: false, reason: 'name_too_short' });
  });
});
