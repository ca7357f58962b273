import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../../src/renderer/i18n/format';

const NBSP = '\u00a0';
const itFormat = createFormatters('it');
const enFormat = createFormatters('en');

describe('Italian formats', () => {
  it('dates are dd/mm/yyyy, and a plain day never shifts with the time zone', () => {
    expect(itFormat.date('2026-03-05')).toBe('05/03/2026');
    expect(itFormat.date('2026-12-31')).toBe('31/12/2026');
  });

  it('an instant is shown as the day and time in Rome (winter and summer time)', () => {
    expect(itFormat.dateTime('2026-03-05T13:30:00Z')).toBe('05/03/2026 14:30');
    expect(itFormat.dateTime('2026-07-01T22:15:00Z')).toBe('02/07/2026 00:15');
    expect(itFormat.date('2026-07-01T22:15:00Z')).toBe('02/07/2026');
  });

  it('numbers use the dot for thousands (also with four digits) and the comma for decimals', () => {
    expect(itFormat.number(1234)).toBe('1.234');
    expect(itFormat.number(1234.5, 2)).toBe('1.234,50');
    expect(itFormat.number(1234567)).toBe('1.234.567');
  });

  it('euro amounts: 1.234,50 €', () => {
    expect(itFormat.euro(1234.5)).toBe(`1.234,50${NBSP}€`);
    expect(itFormat.euro(0)).toBe(`0,00${NBSP}€`);
  });

  it('empty or invalid values give an empty string, never "Invalid Date" or "NaN"', () => {
    expect(itFormat.date(null)).toBe('');
    expect(itFormat.dateTime('not a date')).toBe('');
    expect(itFormat.number(Number.NaN)).toBe('');
    expect(itFormat.euro(undefined)).toBe('');
  });
});

describe('English (en-GB) formats', () => {
  it('keeps day/month/year and Rome time', () => {
    expect(enFormat.date('2026-03-05')).toBe('05/03/2026');
    expect(enFormat.dateTime('2026-03-05T13:30:00Z')).toBe('05/03/2026 14:30');
    expect(enFormat.euro(1234.5)).toBe('€1,234.50');
  });
});

import { formatDayParts, parseDayText } from '../../../src/renderer/worklist/dayText';

describe('days typed in date filters (dd/mm/yyyy whatever the OS locale)', () => {
  it('reads the usual Italian ways of writing a day', () => {
    expect(parseDayText('05/03/2026')).toEqual({ year: 2026, month: 3, day: 5 });
    expect(parseDayText('5/3/2026')).toEqual({ year: 2026, month: 3, day: 5 });
    expect(parseDayText('05-03-2026')).toEqual({ year: 2026, month: 3, day: 5 });
    expect(parseDayText('05.03.26')).toEqual({ year: 2026, month: 3, day: 5 });
    expect(parseDayText('05032026')).toEqual({ year: 2026, month: 3, day: 5 });
  });

  it('refuses days that do not exist and month-first American dates past the 12th', () => {
    expect(parseDayText('31/02/2026')).toBeNull();
    expect(parseDayText('03/25/2026')).toBeNull();
    expect(parseDayText('2026-03-05')).toBeNull();
    expect(parseDayText('')).toBeNull();
  });

  it('writes dd/mm/yyyy', () => {
    expect(formatDayParts({ year: 2026, month: 3, day: 5 })).toBe('05/03/2026');
  });
});
