import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatProtocolNumber, parseProtocolNumber } from '../../src/shared/domain/protocolNumber';

describe('formatProtocolNumber (DPR 445/2000, art. 57: at least seven digits)', () => {
  it('pads the number to 7 digits and appends the year', () => {
    expect(formatProtocolNumber(2025, 123)).toBe('0000123/2025');
    expect(formatProtocolNumber(2025, 1)).toBe('0000001/2025');
    expect(formatProtocolNumber(2026, 9_999_999)).toBe('9999999/2026');
  });

  it('numbers beyond 7 digits are kept whole ("at least" seven)', () => {
    expect(formatProtocolNumber(2025, 12_345_678)).toBe('12345678/2025');
  });

  it('rejects numbers below 1, fractional numbers and years that are not 4 digits', () => {
    expect(() => formatProtocolNumber(2025, 0)).toThrow(RangeError);
    expect(() => formatProtocolNumber(2025, -5)).toThrow(RangeError);
    expect(() => formatProtocolNumber(2025, 1.5)).toThrow(RangeError);
    expect(() => formatProtocolNumber(25, 1)).toThrow(RangeError);
  });
});

describe('parseProtocolNumber (DPR 445/2000, art. 57)', () => {
  it('accepts number/year with or without zero padding', () => {
    expect(parseProtocolNumber('123/2025')).toEqual({ year: 2025, number: 123 });
    expect(parseProtocolNumber('0000123/2025')).toEqual({ year: 2025, number: 123 });
  });

  it('accepts a bare number (no year property)', () => {
    expect(parseProtocolNumber('123')).toEqual({ number: 123 });
    expect(parseProtocolNumber('0000123')).toEqual({ number: 123 });
  });

  it('tolerates spaces around the parts', () => {
    expect(parseProtocolNumber('  123 / 2025 ')).toEqual({ year: 2025, number: 123 });
    expect(parseProtocolNumber('\t0000123/ 2025')).toEqual({ year: 2025, number: 123 });
    expect(parseProtocolNumber(' 42 ')).toEqual({ number: 42 });
  });

  it.each(['', '   ', 'abc', '0', '0000000/2025', '12 3/2025', '123/25', '123/', '/2025', '123/2025/1', '-5', '1.5', '123-2025'])(
    'rejects %j',
    (text) => {
      expect(parseProtocolNumber(text)).toBeNull();
    },
  );

  it('round-trips with formatProtocolNumber', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 99_999_999 }), (year, number) => {
        const text = formatProtocolNumber(year, number);
        expect(text).toMatch(/^\d{7,}\/\d{4}$/);
        expect(parseProtocolNumber(text)).toEqual({ year, number });
      }),
    );
  });
});
