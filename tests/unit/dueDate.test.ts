import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, isHoliday, isSunday } from '../../src/shared/domain/calendar';
import { computeDueDate, daysLeft } from '../../src/shared/domain/dueDate';

describe('computeDueDate: dies a quo non computatur (art. 2963, comma 2, c.c.; art. 155, comma 1, c.p.c.)', () => {
  it('the day of receipt is not counted: a 1-day term received on Monday ends on Tuesday', () => {
    expect(computeDueDate({ receivedOn: '2025-03-03', termDays: 1 })).toBe('2025-03-04');
  });

  it('a 30-day term received on Tuesday 4 March 2025 ends on Thursday 3 April', () => {
    expect(computeDueDate({ receivedOn: '2025-03-04', termDays: 30 })).toBe('2025-04-03');
  });

  it('counts calendar days across months and leap days', () => {
    expect(computeDueDate({ receivedOn: '2024-02-01', termDays: 30 })).toBe('2024-03-02'); // Saturday: does not move
    expect(computeDueDate({ receivedOn: '2025-11-06', termDays: 90 })).toBe('2026-02-04');
  });
});

describe('computeDueDate: extension to the next non-holiday day (art. 2963, comma 3, c.c.; art. 155, comma 4, c.p.c.)', () => {
  it('a term ending on Sunday moves to Monday', () => {
    // 10 January 2025 + 30 = Sunday 9 February -> Monday 10 February
    expect(computeDueDate({ receivedOn: '2025-01-10', termDays: 30 })).toBe('2025-02-10');
  });

  it('a term ending on Saturday does not move', () => {
    expect(computeDueDate({ receivedOn: '2025-02-06', termDays: 30 })).toBe('2025-03-08');
  });

  it('Christmas and Santo Stefano chain (2026: Fri 25, Sat 26, Sun 27 -> Mon 28)', () => {
    expect(computeDueDate({ receivedOn: '2026-12-15', termDays: 10 })).toBe('2026-12-28');
  });

  it('a term ending on Easter Monday moves to Tuesday', () => {
    expect(computeDueDate({ receivedOn: '2025-04-11', termDays: 10 })).toBe('2025-04-22');
  });

  it('a term ending on the patron day moves only when the patron day is given', () => {
    expect(computeDueDate({ receivedOn: '2026-06-19', termDays: 10, patronDay: '06-29' })).toBe('2026-06-30');
    expect(computeDueDate({ receivedOn: '2026-06-19', termDays: 10 })).toBe('2026-06-29');
  });

  it('rejects a negative or fractional term and an invalid date', () => {
    expect(() => computeDueDate({ receivedOn: '2025-01-10', termDays: -1 })).toThrow(RangeError);
    expect(() => computeDueDate({ receivedOn: '2025-01-10', termDays: 1.5 })).toThrow(RangeError);
    expect(() => computeDueDate({ receivedOn: '10/01/2025', termDays: 30 })).toThrow(RangeError);
  });
});

describe('daysLeft', () => {
  it('is 0 on the due date, positive before, negative when overdue', () => {
    expect(daysLeft('2025-02-10', '2025-02-10')).toBe(0);
    expect(daysLeft('2025-02-10', '2025-02-01')).toBe(9);
    expect(daysLeft('2025-02-10', '2025-02-13')).toBe(-3);
    expect(daysLeft('2026-01-02', '2025-12-30')).toBe(3);
  });
});

describe('computeDueDate properties (art. 2963 c.c.)', () => {
  const receivedOn = fc
    .date({ min: new Date(Date.UTC(2001, 0, 1)), max: new Date(Date.UTC(2090, 11, 31)), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const termDays = fc.integer({ min: 0, max: 3650 });

  it('never before receivedOn + termDays, at most a few days later, never on a Sunday or holiday', () => {
    fc.assert(
      fc.property(receivedOn, termDays, (r, t) => {
        const due = computeDueDate({ receivedOn: r, termDays: t, patronDay: '06-29' });
        const extension = daysBetween(addDays(r, t), due);
        expect(extension).toBeGreaterThanOrEqual(0);
        expect(extension).toBeLessThanOrEqual(4);
        expect(isSunday(due)).toBe(false);
        expect(isHoliday(due, { patronDay: '06-29' })).toBe(false);
      }),
    );
  });

  it('daysLeft from the day of receipt is at least the term', () => {
    fc.assert(
      fc.property(receivedOn, termDays, (r, t) => {
        expect(daysLeft(computeDueDate({ receivedOn: r, termDays: t }), r)).toBeGreaterThanOrEqual(t);
      }),
    );
  });
});
