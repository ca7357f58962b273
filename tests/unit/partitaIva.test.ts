import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  isValidBusinessTaxCode,
  isValidPartitaIva,
  partitaIvaCheckDigit,
  validatePartitaIva,
} from '../../src/shared/domain/partitaIva';

// Hand computation for 06363391001 (Agenzia delle Entrate):
//   odd positions  0 3 3 9 0            -> 15
//   even positions 6 6 3 1 0 doubled    -> 12-9=3, 12-9=3, 6, 2, 0 = 14
//   29 -> (10 - 9) % 10 = 1
// 0123456789: odd 0+2+4+6+8 = 20; even 2+6+(10-9)+(14-9)+(18-9) = 23; 43 -> 7

describe('partita IVA: check digit (odd positions summed, even doubled minus 9, (10 - sum % 10) % 10)', () => {
  it('known numbers', () => {
    expect(partitaIvaCheckDigit('0636339100')).toBe('1');
    expect(partitaIvaCheckDigit('0123456789')).toBe('7');
    expect(partitaIvaCheckDigit('1234567890')).toBe('3');
  });

  it('sum multiple of 10 gives check digit 0, not 10', () => {
    // 1000000009: odd positions 1; even positions 9 doubled = 18 - 9 = 9; sum 10 -> check 0
    expect(partitaIvaCheckDigit('1000000009')).toBe('0');
  });

  it('throws unless given exactly 10 digits', () => {
    expect(() => partitaIvaCheckDigit('063633910')).toThrow(RangeError);
    expect(() => partitaIvaCheckDigit('06363391AB')).toThrow(RangeError);
  });
});

describe('partita IVA: validation (11 digits, check digit)', () => {
  it('accepts valid numbers, trimmed', () => {
    expect(validatePartitaIva('06363391001')).toEqual({ ok: true, value: '06363391001' });
    expect(validatePartitaIva(' 01234567897 ')).toEqual({ ok: true, value: '01234567897' });
    expect(isValidPartitaIva('12345678903')).toBe(true);
  });

  it('wrong length -> length', () => {
    expect(validatePartitaIva('0636339100')).toEqual({ ok: false, reason: 'length' });
    expect(validatePartitaIva('063633910011')).toEqual({ ok: false, reason: 'length' });
    expect(validatePartitaIva('')).toEqual({ ok: false, reason: 'length' });
  });

  it('non-digits -> format; all zeros -> format', () => {
    expect(validatePartitaIva('0636339100A')).toEqual({ ok: false, reason: 'format' });
    expect(validatePartitaIva('0636 391001')).toEqual({ ok: false, reason: 'format' });
    expect(validatePartitaIva('00000000000')).toEqual({ ok: false, reason: 'format' });
  });

  it('wrong check digit -> check_digit', () => {
    expect(validatePartitaIva('06363391002')).toEqual({ ok: false, reason: 'check_digit' });
    expect(isValidPartitaIva('01234567890')).toBe(false);
  });
});

describe('business tax code: partita IVA (companies) or personal codice fiscale (sole traders)', () => {
  it('accepts a valid partita IVA', () => {
    expect(isValidBusinessTaxCode('06363391001')).toBe(true);
  });

  it('accepts a valid personal codice fiscale, omocodic too', () => {
    expect(isValidBusinessTaxCode('RSSMRA85T10A562S')).toBe(true);
    expect(isValidBusinessTaxCode('rssmra85t10a56nh')).toBe(true);
  });

  it('rejects anything else', () => {
    expect(isValidBusinessTaxCode('06363391002')).toBe(false);
    expect(isValidBusinessTaxCode('RSSMRA85T10A562T')).toBe(false);
    expect(isValidBusinessTaxCode('IT06363391001')).toBe(false);
    expect(isValidBusinessTaxCode('')).toBe(false);
  });
});

const tenDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 }).map((ds) => ds.join(''));

describe('partita IVA: properties', () => {
  it('first 10 digits + computed check digit is always valid (except all zeros)', () => {
    fc.assert(
      fc.property(tenDigits, (first10) => {
        fc.pre(first10 !== '0000000000');
        expect(isValidPartitaIva(first10 + partitaIvaCheckDigit(first10))).toBe(true);
      }),
    );
  });

  it('changing any single digit makes it invalid (the check digit catches every single-digit error)', () => {
    fc.assert(
      fc.property(tenDigits, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (first10, pos, delta) => {
        const piva = first10 + partitaIvaCheckDigit(first10);
        const digit = (Number(piva.charAt(pos)) + delta) % 10;
        const changed = piva.slice(0, pos) + String(digit) + piva.slice(pos + 1);
        expect(isValidPartitaIva(changed)).toBe(false);
      }),
    );
  });
});
