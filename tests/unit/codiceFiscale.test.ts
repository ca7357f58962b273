import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  applyOmocodia,
  buildCodiceFiscale,
  codiceFiscaleCheckChar,
  decodeCodiceFiscale,
  isValidCodiceFiscale,
  validateCodiceFiscale,
  type CodiceFiscalePerson,
} from '../../src/shared/domain/codiceFiscale';

// Hand computation of RSSMRA85T10A562S (DM 23/12/1976, check character):
//   odd positions  R S R 8 T 0 5 2 -> 8+12+8+19+14+1+13+5 = 80
//   even positions S M A 5 1 A 6   -> 18+12+0+5+1+0+6    = 42
//   122 mod 26 = 18 -> 'S'
// BNCFNC90C65H501G (Francesca Bianchi, F, 25/03/1990, Roma H501):
//   odd  B C N 9 C 5 5 1 -> 0+5+20+21+5+13+13+0 = 77
//   even N F C 0 6 H 0   -> 13+5+2+0+6+7+0      = 33
//   110 mod 26 = 6 -> 'G'

describe('codice fiscale: check character (DM 23/12/1976, odd/even tables, sum mod 26)', () => {
  it('RSSMRA85T10A562S is valid and its check char is S', () => {
    expect(codiceFiscaleCheckChar('RSSMRA85T10A562')).toBe('S');
    expect(validateCodiceFiscale('RSSMRA85T10A562S')).toEqual({ ok: true, value: 'RSSMRA85T10A562S' });
  });

  it('BNCFNC90C65H501G (hand-computed, woman) is valid', () => {
    expect(codiceFiscaleCheckChar('BNCFNC90C65H501')).toBe('G');
    expect(isValidCodiceFiscale('BNCFNC90C65H501G')).toBe(true);
  });

  it('a wrong check char is rejected with reason check_char', () => {
    expect(validateCodiceFiscale('RSSMRA85T10A562T')).toEqual({ ok: false, reason: 'check_char' });
  });

  it('rejects a first15 that is not 15 letters/digits', () => {
    expect(() => codiceFiscaleCheckChar('RSSMRA85T10A56')).toThrow(RangeError);
    expect(() => codiceFiscaleCheckChar('RSSMRA85T10A56-')).toThrow(RangeError);
  });
});

describe('codice fiscale: validation (length, format, date)', () => {
  it('normalizes: trims and upper-cases', () => {
    expect(validateCodiceFiscale('  rssmra85t10a562s \n')).toEqual({ ok: true, value: 'RSSMRA85T10A562S' });
  });

  it('wrong length -> length', () => {
    expect(validateCodiceFiscale('')).toEqual({ ok: false, reason: 'length' });
    expect(validateCodiceFiscale('RSSMRA85T10A562')).toEqual({ ok: false, reason: 'length' });
    expect(validateCodiceFiscale('RSSMRA85T10A562SS')).toEqual({ ok: false, reason: 'length' });
  });

  it('digit where a letter belongs, or a non-omocodia letter where a digit belongs -> format', () => {
    expect(validateCodiceFiscale('R5SMRA85T10A562S')).toEqual({ ok: false, reason: 'format' });
    expect(validateCodiceFiscale('RSSMRA8AT10A562S')).toEqual({ ok: false, reason: 'format' }); // A is not an omocodia letter
    expect(validateCodiceFiscale('RSSMRA85T10A56-S')).toEqual({ ok: false, reason: 'format' });
    expect(validateCodiceFiscale('RSSMRA85T10A5622')).toEqual({ ok: false, reason: 'format' });
  });

  const withCheck = (first15: string) => first15 + codiceFiscaleCheckChar(first15);

  it('month letter must be one of ABCDEHLMPRST -> otherwise date', () => {
    expect(validateCodiceFiscale(withCheck('RSSMRA85F10A562'))).toEqual({ ok: false, reason: 'date' });
    expect(validateCodiceFiscale(withCheck('RSSMRA85Z10A562'))).toEqual({ ok: false, reason: 'date' });
    for (const letter of 'ABCDEHLMPRST') expect(isValidCodiceFiscale(withCheck(`RSSMRA85${letter}10A562`))).toBe(true);
  });

  it('day must be 01-31 (men) or 41-71 (women) -> otherwise date', () => {
    for (const day of ['00', '32', '40', '72', '99']) {
      expect(validateCodiceFiscale(withCheck(`RSSMRA85A${day}A562`))).toEqual({ ok: false, reason: 'date' });
    }
    for (const day of ['01', '31', '41', '71']) expect(isValidCodiceFiscale(withCheck(`RSSMRA85A${day}A562`))).toBe(true);
  });

  it('day must exist in the month (31 April, 30 February rejected; 29 February accepted, century unknown)', () => {
    expect(validateCodiceFiscale(withCheck('RSSMRA85D31A562'))).toEqual({ ok: false, reason: 'date' });
    expect(validateCodiceFiscale(withCheck('RSSMRA85B30A562'))).toEqual({ ok: false, reason: 'date' });
    expect(validateCodiceFiscale(withCheck('RSSMRA85B70A562'))).toEqual({ ok: false, reason: 'date' });
    expect(isValidCodiceFiscale(withCheck('RSSMRA85B29A562'))).toBe(true);
    expect(isValidCodiceFiscale(withCheck('RSSMRA85B69A562'))).toBe(true);
  });
});

describe('codice fiscale: omocodia (digits in positions 7,8,10,11,13,14,15 -> LMNPQRSTUV)', () => {
  it('applyOmocodia replaces digits from the right and recomputes the check char', () => {
    expect(applyOmocodia('RSSMRA85T10A562S', 0)).toBe('RSSMRA85T10A562S');
    expect(applyOmocodia('RSSMRA85T10A562S', 1)).toBe('RSSMRA85T10A56NH');
    expect(applyOmocodia('RSSMRA85T10A562S', 2)).toBe('RSSMRA85T10A5SNT');
    expect(applyOmocodia('RSSMRA85T10A562S', 3)).toBe('RSSMRA85T10ARSNO');
    // hand check of level 7, RSSMRAURTMLARSN: odd R S R U T L R N = 8+12+8+16+14+4+8+20 = 90,
    // even S M A R M A S = 18+12+0+17+12+0+18 = 77; 167 mod 26 = 11 -> 'L'
    expect(applyOmocodia('RSSMRA85T10A562S', 7)).toBe('RSSMRAURTMLARSNL');
  });

  it('all omocodia levels of RSSMRA85T10A562S validate and decode to the same person', () => {
    const plain = decodeCodiceFiscale('RSSMRA85T10A562S');
    for (let level = 0; level <= 7; level++) {
      const cf = applyOmocodia('RSSMRA85T10A562S', level);
      expect(isValidCodiceFiscale(cf)).toBe(true);
      expect(decodeCodiceFiscale(cf)).toEqual(plain);
    }
  });

  it('applyOmocodia is canonical: level n of any variant gives the same code', () => {
    const full = applyOmocodia('RSSMRA85T10A562S', 7);
    expect(applyOmocodia(full, 0)).toBe('RSSMRA85T10A562S');
    expect(applyOmocodia(full, 3)).toBe('RSSMRA85T10ARSNO');
  });

  it('rejects levels outside 0-7 and invalid codes', () => {
    expect(() => applyOmocodia('RSSMRA85T10A562S', 8)).toThrow(RangeError);
    expect(() => applyOmocodia('RSSMRA85T10A562S', -1)).toThrow(RangeError);
    expect(() => applyOmocodia('RSSMRA85T10A562S', 1.5)).toThrow(RangeError);
    expect(() => applyOmocodia('RSSMRA85T10A562X', 1)).toThrow(RangeError);
  });
});

describe('codice fiscale: decode (birth date, sex, birthplace after de-omocodia)', () => {
  it('decodes a man', () => {
    expect(decodeCodiceFiscale('RSSMRA85T10A562S')).toEqual({
      birthDate: { year2: 85, month: 12, day: 10 },
      sex: 'M',
      birthPlaceCode: 'A562',
    });
  });

  it('decodes a woman (day + 40)', () => {
    expect(decodeCodiceFiscale('BNCFNC90C65H501G')).toEqual({
      birthDate: { year2: 90, month: 3, day: 25 },
      sex: 'F',
      birthPlaceCode: 'H501',
    });
  });

  it('throws on an invalid code', () => {
    expect(() => decodeCodiceFiscale('RSSMRA85T10A562T')).toThrow(RangeError);
  });
});

describe('codice fiscale: builder (surname/first name rules, year, month letter, day +40 for F)', () => {
  const base: CodiceFiscalePerson = {
    lastName: 'Rossi',
    firstName: 'Mario',
    birthDate: '1985-12-10',
    sex: 'M',
    birthPlaceCode: 'A562',
  };

  it('Mario Rossi, 10/12/1985, A562 -> RSSMRA85T10A562S', () => {
    expect(buildCodiceFiscale(base)).toBe('RSSMRA85T10A562S');
  });

  it('Francesca Bianchi, F, 25/03/1990, Roma -> BNCFNC90C65H501G (first name with >= 4 consonants: 1st, 3rd, 4th)', () => {
    expect(
      buildCodiceFiscale({ lastName: 'Bianchi', firstName: 'Francesca', birthDate: '1990-03-25', sex: 'F', birthPlaceCode: 'H501' }),
    ).toBe('BNCFNC90C65H501G');
  });

  const code = (lastName: string, firstName: string) => buildCodiceFiscale({ ...base, lastName, firstName }).slice(0, 6);

  it('surname: consonants, then vowels, then X', () => {
    expect(code('Rossi', 'Mario').slice(0, 3)).toBe('RSS');
    expect(code('Bai', 'Mario').slice(0, 3)).toBe('BAI');
    expect(code('Fo', 'Mario').slice(0, 3)).toBe('FOX');
    expect(code('Ue', 'Mario').slice(0, 3)).toBe('UEX');
  });

  it('surname: spaces, apostrophes and accents are ignored', () => {
    expect(code("D'Angelo", 'Mario').slice(0, 3)).toBe('DNG');
    expect(code('De Luca', 'Mario').slice(0, 3)).toBe('DLC');
    expect(code('Pagliarò', 'Mario').slice(0, 3)).toBe('PGL');
    expect(code('Zoë', 'Mario').slice(0, 3)).toBe('ZOE');
  });

  it('first name: 1st, 3rd, 4th consonant when there are at least 4', () => {
    expect(code('Rossi', 'Gianfranco').slice(3)).toBe('GFR'); // G N F R N C
    expect(code('Rossi', 'Niccolò').slice(3)).toBe('NCL'); // N C C L
    expect(code('Rossi', 'Alberto').slice(3)).toBe('LRT'); // L B R T
    expect(code('Rossi', 'Anna Maria').slice(3)).toBe('NMR'); // N N M R
  });

  it('first name with fewer than 4 consonants: consonants, vowels, X', () => {
    expect(code('Rossi', 'Luca').slice(3)).toBe('LCU');
    expect(code('Rossi', 'Ugo').slice(3)).toBe('GUO');
    expect(code('Rossi', 'Marco').slice(3)).toBe('MRC');
    expect(code('Rossi', 'Ai').slice(3)).toBe('AIX');
  });

  it('year (2 digits, zero-padded), month letter and day (+40 for women)', () => {
    expect(buildCodiceFiscale({ ...base, birthDate: '2003-01-05' }).slice(6, 11)).toBe('03A05');
    expect(buildCodiceFiscale({ ...base, birthDate: '2003-01-05', sex: 'F' }).slice(6, 11)).toBe('03A45');
    expect(buildCodiceFiscale({ ...base, birthDate: '1900-06-30' }).slice(6, 11)).toBe('00H30');
  });

  it('rejects invalid input', () => {
    expect(() => buildCodiceFiscale({ ...base, birthDate: '1985-02-30' })).toThrow(RangeError);
    expect(() => buildCodiceFiscale({ ...base, birthPlaceCode: 'H50' })).toThrow(RangeError);
    expect(() => buildCodiceFiscale({ ...base, lastName: " '-" })).toThrow(RangeError);
  });
});

// --- property tests ---------------------------------------------------------------

const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzàèéìòù'.split(''));
const namePart = fc.array(letter, { minLength: 1, maxLength: 12 }).map((cs) => cs.join(''));
const name = fc
  .array(namePart, { minLength: 1, maxLength: 3 })
  .chain((parts) => fc.constantFrom(' ', "'").map((sep) => parts.join(sep)));
const birthDate = fc
  .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2025, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const person: fc.Arbitrary<CodiceFiscalePerson> = fc.record({
  lastName: name,
  firstName: name,
  birthDate,
  sex: fc.constantFrom('M' as const, 'F' as const),
  birthPlaceCode: fc.tuple(fc.constantFrom(...'ABCDEFGHILMZ'.split('')), fc.integer({ min: 1, max: 999 })).map(
    ([l, n]) => l + String(n).padStart(3, '0'),
  ),
});

describe('codice fiscale: properties (DM 23/12/1976)', () => {
  it('every built code is valid and decodes to the birth date, sex and birthplace', () => {
    fc.assert(
      fc.property(person, (p) => {
        const cf = buildCodiceFiscale(p);
        expect(validateCodiceFiscale(cf)).toEqual({ ok: true, value: cf });
        const [y, m, d] = p.birthDate.split('-').map(Number);
        expect(decodeCodiceFiscale(cf)).toEqual({
          birthDate: { year2: (y ?? 0) % 100, month: m, day: d },
          sex: p.sex,
          birthPlaceCode: p.birthPlaceCode,
        });
      }),
    );
  });

  it('every omocodia level (0-7) of a built code is valid and decodes to the same data', () => {
    fc.assert(
      fc.property(person, fc.integer({ min: 0, max: 7 }), (p, level) => {
        const cf = buildCodiceFiscale(p);
        const omo = applyOmocodia(cf, level);
        expect(isValidCodiceFiscale(omo)).toBe(true);
        expect(decodeCodiceFiscale(omo)).toEqual(decodeCodiceFiscale(cf));
        expect(applyOmocodia(omo, 0)).toBe(cf);
      }),
    );
  });

  it('changing any one character of a valid (possibly omocodic) code makes it invalid', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');
    fc.assert(
      fc.property(
        person,
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 15 }),
        fc.constantFrom(...alphabet),
        (p, level, pos, ch) => {
          const cf = applyOmocodia(buildCodiceFiscale(p), level);
          fc.pre(cf.charAt(pos) !== ch);
          const changed = cf.slice(0, pos) + ch + cf.slice(pos + 1);
          expect(isValidCodiceFiscale(changed)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
