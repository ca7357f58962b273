import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  dayOfWeek,
  daysBetween,
  easterSunday,
  isHoliday,
  isIsoDate,
  isSunday,
  italianHolidays,
  nextWorkingDay,
  parseIsoDate,
  todayInRome,
} from '../../src/shared/domain/calendar';

describe('calendar dates (YYYY-MM-DD, timezone-free)', () => {
  it('parses only real dates in strict YYYY-MM-DD form', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2025-2-01')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-01-01T00:00:00Z')).toBe(false);
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
  });

  it('addDays crosses month, leap-day and year boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2025-01-10', 30)).toBe('2025-02-09');
  });

  it('addDays is not affected by daylight saving changes in Europe/Rome', () => {
    expect(addDays('2025-03-29', 1)).toBe('2025-03-30');
    expect(addDays('2025-03-30', 1)).toBe('2025-03-31');
    expect(addDays('2025-10-25', 1)).toBe('2025-10-26');
    expect(addDays('2025-10-26', 1)).toBe('2025-10-27');
  });

  it('daysBetween counts calendar days, to - from', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2025-03-10', '2025-03-01')).toBe(-9);
    expect(daysBetween('2025-03-10', '2025-03-10')).toBe(0);
  });

  it('day of week and isSunday', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4); // Thursday
    expect(isSunday('2025-03-09')).toBe(true);
    expect(isSunday('2025-03-08')).toBe(false);
    expect(dayOfWeek('2025-03-08')).toBe(6); // Saturday
    expect(isSunday('1900-01-07')).toBe(true);
  });
});

describe('Easter Sunday (anonymous Gregorian algorithm)', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2030, '2030-04-21'],
    [2019, '2019-04-21'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const easter = easterSunday(year);
        expect(isSunday(easter)).toBe(true);
        expect(easter.slice(5) >= '03-22' && easter.slice(5) <= '04-25').toBe(true);
      }),
    );
  });

  it('rejects years outside the Gregorian range handled', () => {
    expect(() => easterSunday(1582)).toThrow(RangeError);
    expect(() => easterSunday(2025.5)).toThrow(RangeError);
  });
});

describe('public holidays (L. 260/1949 and amendments, L. 151/2025, patron saint)', () => {
  it.each([
    '2025-01-01',
    '2025-01-06',
    '2025-04-25',
    '2025-05-01',
    '2025-06-02',
    '2025-08-15',
    '2025-11-01',
    '2025-12-08',
    '2025-12-25',
    '2025-12-26',
  ])('%s is a national holiday', (date) => {
    expect(isHoliday(date)).toBe(true);
  });

  it('Easter Sunday and Easter Monday (Pasquetta) are holidays', () => {
    expect(isHoliday('2025-04-20')).toBe(true);
    expect(isHoliday('2025-04-21')).toBe(true);
    expect(isHoliday('2026-04-06')).toBe(true);
    expect(isHoliday('2025-04-22')).toBe(false);
  });

  it('4 October (San Francesco) is a holiday from 2026 on (L. 151/2025, in force 1 January 2026), not before', () => {
    expect(isHoliday('2025-10-04')).toBe(false);
    expect(isHoliday('2026-10-04')).toBe(true);
    expect(isHoliday('2027-10-04')).toBe(true);
  });

  it('ordinary days are not holidays', () => {
    expect(isHoliday('2025-03-10')).toBe(false);
    expect(isHoliday('2025-06-29')).toBe(false);
    expect(isHoliday('2025-11-04')).toBe(false);
  });

  it('the patron day (MM-DD) is a holiday only when given', () => {
    expect(isHoliday('2026-06-29', { patronDay: '06-29' })).toBe(true);
    expect(isHoliday('2026-06-29')).toBe(false);
    expect(isHoliday('2026-06-30', { patronDay: '06-29' })).toBe(false);
  });

  it('a 29 February patron day applies only in leap years', () => {
    expect(isHoliday('2028-02-29', { patronDay: '02-29' })).toBe(true);
    expect(italianHolidays(2027, { patronDay: '02-29' })).toHaveLength(13);
  });

  it('rejects a malformed patron day', () => {
    expect(() => isHoliday('2026-06-29', { patronDay: '6-29' })).toThrow(RangeError);
    expect(() => isHoliday('2026-06-29', { patronDay: '06-31' })).toThrow(RangeError);
  });

  it('lists the holidays of a year in date order', () => {
    expect(italianHolidays(2025).map((h) => h.date)).toEqual([
      '2025-01-01',
      '2025-01-06',
      '2025-04-20',
      '2025-04-21',
      '2025-04-25',
      '2025-05-01',
      '2025-06-02',
      '2025-08-15',
      '2025-11-01',
      '2025-12-08',
      '2025-12-25',
      '2025-12-26',
    ]);
    expect(italianHolidays(2026, { patronDay: '06-29' }).map((h) => h.date)).toContain('2026-10-04');
    expect(italianHolidays(2026, { patronDay: '06-29' })).toHaveLength(14);
  });
});

describe('nextWorkingDay: term expiring on a Sunday or holiday (art. 2963 c.c., art. 155 c.p.c.)', () => {
  it('a working day stays where it is', () => {
    expect(nextWorkingDay('2025-03-10')).toBe('2025-03-10');
  });

  it('a term ending on Sunday moves to Monday', () => {
    expect(nextWorkingDay('2025-03-09')).toBe('2025-03-10');
  });

  it('a term ending on Saturday does not move (Saturday is not a holiday)', () => {
    expect(nextWorkingDay('2025-03-08')).toBe('2025-03-08');
  });

  it('Christmas and Santo Stefano chain: moves over both (2025: Thu 25, Fri 26 -> Sat 27)', () => {
    expect(nextWorkingDay('2025-12-25')).toBe('2025-12-27');
  });

  it('Christmas, Santo Stefano and Sunday chain (2026: Fri 25, Sat 26, Sun 27 -> Mon 28)', () => {
    expect(nextWorkingDay('2026-12-25')).toBe('2026-12-28');
  });

  it('Easter Sunday and Easter Monday chain moves to Tuesday', () => {
    expect(nextWorkingDay('2025-04-20')).toBe('2025-04-22');
  });

  it('a holiday falling on Saturday moves over the Sunday too (15 August 2026)', () => {
    expect(nextWorkingDay('2026-08-15')).toBe('2026-08-17');
  });

  it('the patron day moves the term', () => {
    expect(nextWorkingDay('2026-06-29', { patronDay: '06-29' })).toBe('2026-06-30');
    expect(nextWorkingDay('2026-06-29')).toBe('2026-06-29');
  });
});

describe('todayInRome: calendar date in Europe/Rome', () => {
  it('late evening UTC is already the next day in Rome (summer, UTC+2)', () => {
    expect(todayInRome(new Date('2025-06-30T22:30:00Z'))).toBe('2025-07-01');
    expect(todayInRome(new Date('2025-06-30T21:59:59Z'))).toBe('2025-06-30');
  });

  it('New Year in Rome while still 31 December in UTC (winter, UTC+1)', () => {
    expect(todayInRome(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
    expect(todayInRome(new Date('2025-12-31T22:59:59Z'))).toBe('2025-12-31');
  });

  it('returns a valid YYYY-MM-DD for the current instant', () => {
    expect(isIsoDate(todayInRome())).toBe(true);
  });
});

// --- property tests ---------------------------------------------------------------

const isoDate = fc
  .date({ min: new Date(Date.UTC(1600, 0, 1)), max: new Date(Date.UTC(9000, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const offset = fc.integer({ min: -200_000, max: 200_000 });

describe('addDays / daysBetween properties', () => {
  it('daysBetween(d, addDays(d, n)) === n', () => {
    fc.assert(
      fc.property(isoDate, offset, (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });

  it('addDays(addDays(d, n), -n) === d', () => {
    fc.assert(
      fc.property(isoDate, offset, (d, n) => {
        expect(addDays(addDays(d, n), -n)).toBe(d);
      }),
    );
  });

  it('addDays(a, daysBetween(a, b)) === b', () => {
    fc.assert(
      fc.property(isoDate, isoDate, (a, b) => {
        expect(addDays(a, daysBetween(a, b))).toBe(b);
      }),
    );
  });

  it('agrees with UTC Date arithmetic', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -100_000, max: 100_000 }), (d, n) => {
        const expected = new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
        expect(addDays(d, n)).toBe(expected);
      }),
    );
  });
});

describe('nextWorkingDay properties (art. 2963 c.c.)', () => {
  const recentDate = fc
    .date({ min: new Date(Date.UTC(2001, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('lands on a day that is neither Sunday nor holiday, skipping only Sundays and holidays', () => {
    fc.assert(
      fc.property(recentDate, (d) => {
        const w = nextWorkingDay(d, { patronDay: '06-29' });
        expect(daysBetween(d, w)).toBeGreaterThanOrEqual(0);
        expect(daysBetween(d, w)).toBeLessThanOrEqual(4);
        expect(isSunday(w) || isHoliday(w, { patronDay: '06-29' })).toBe(false);
        for (let x = d; x !== w; x = addDays(x, 1)) {
          expect(isSunday(x) || isHoliday(x, { patronDay: '06-29' })).toBe(true);
        }
        expect(nextWorkingDay(w, { patronDay: '06-29' })).toBe(w);
      }),
    );
  });
});
