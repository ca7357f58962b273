import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatDay, formatInteger, formatLongDay, formatTime } from '../../../src/main/pdf/format';

describe('Italian formats for printed documents', () => {
  it('days as dd/mm/yyyy and in words', () => {
    expect(formatDay('2026-11-23')).toBe('23/11/2026');
    expect(formatLongDay('2026-11-23')).toBe('lunedì 23 novembre 2026');
    expect(() => formatDay('23/11/2026')).toThrow(RangeError);
  });

  it('instants in Europe/Rome whatever the server zone, across daylight saving', () => {
    expect(formatDateTime('2026-11-23T08:05:09Z')).toBe('23/11/2026 09:05:09');
    expect(formatTime('2026-07-01T22:30:00Z')).toBe('00:30:00');
    expect(formatDateTime('2026-03-29T00:59:59Z')).toBe('29/03/2026 01:59:59');
    expect(formatDateTime('2026-03-29T01:00:00Z')).toBe('29/03/2026 03:00:00');
  });

  it('numbers with Italian grouping, sizes with a decimal comma', () => {
    expect(formatInteger(1234567)).toBe('1.234.567');
    expect(formatInteger(1234)).toBe('1.234');
    expect(formatBytes(512)).toBe('512 byte');
    expect(formatBytes(126_419)).toBe('123,5 kB');
    expect(formatBytes(2_345_678)).toBe('2,2 MB');
  });
});
