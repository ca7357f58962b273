import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek } from '../../src/shared/domain/calendar';
import {
  ageingBucketOf,
  checkPeriod,
  loadFigures,
  medianOfHistogram,
  weekStart,
  weeksOf,
  wholeMonthsOf,
  wholeWeeksOf,
} from '../../src/shared/domain/workload';
import { planAssignments, type PlanCase, type PlanPerson } from '../../src/shared/domain/workloadAssignment';

const day = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2020-01-01', n));

describe('the load model', () => {
  it('measures weighted load against the part-time share of the full-time points', () => {
    expect(loadFigures(30, 1, 40)).toMatchObject({ capacityPoints: 40, ratio: 0.75, level: 'normal' });
    expect(loadFigures(30, 0.5, 40)).toMatchObject({ capacityPoints: 20, ratio: 1.5, level: 'over' });
    expect(loadFigures(36, 1, 40).level).toBe('high');
    expect(loadFigures(4, 1, 40).level).toBe('light');
  });
});

describe('periods, weeks and months', () => {
  it('refuses a period with no day, one starting after today, one longer than ten years', () => {
    expect(checkPeriod('2026-03-10', '2026-03-09', '2026-11-23')).toBe('period_empty');
    expect(checkPeriod('2026-11-24', '2026-11-30', '2026-11-23')).toBe('period_in_future');
    expect(checkPeriod('2016-01-01', '2026-11-23', '2026-11-23')).toBe('period_too_long');
    expect(checkPeriod('2026-11-23', '2026-11-23', '2026-11-23')).toBeNull();
  });

  it('weeks start on Monday and cover the period exactly', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), (from, length) => {
        const to = addDays(from, length);
        const weeks = weeksOf(from, to);
        expect(weeks.every((week) => dayOfWeek(week) === 1)).toBe(true);
        expect(weeks[0]).toBe(weekStart(from));
        expect(weeks.at(-1)).toBe(weekStart(to));
      }),
    );
  });

  it('whole months inside a period start on the 1st and stay inside it', () => {
    expect(wholeMonthsOf('2026-01-15', '2026-03-31')).toEqual({ from: '2026-02-01', until: '2026-04-01' });
    expect(wholeMonthsOf('2026-01-01', '2026-01-31')).toEqual({ from: '2026-01-01', until: '2026-02-01' });
    expect(wholeMonthsOf('2026-01-02', '2026-01-31')).toBeNull();
    expect(wholeMonthsOf('2025-12-31', '2026-01-30')).toBeNull();
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), (from, length) => {
        const to = addDays(from, length);
        const months = wholeMonthsOf(from, to);
        if (months) {
          expect(months.from >= from && months.from.endsWith('-01')).toBe(true);
          expect(addDays(months.until, -1) <= to && months.until.endsWith('-01')).toBe(true);
        }
      }),
    );
  });

  it('whole weeks inside a period run Monday to Sunday and stay inside it', () => {
    expect(wholeWeeksOf('2026-11-02', '2026-11-15')).toEqual({ from: '2026-11-02', until: '2026-11-16' });
    expect(wholeWeeksOf('2026-11-03', '2026-11-15')).toEqual({ from: '2026-11-09', until: '2026-11-16' });
    expect(wholeWeeksOf('2026-11-03', '2026-11-14')).toBeNull();
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), (from, length) => {
        const to = addDays(from, length);
        const weeks = wholeWeeksOf(from, to);
        if (weeks) {
          expect(dayOfWeek(weeks.from)).toBe(1);
          expect(dayOfWeek(weeks.until)).toBe(1);
          expect(weeks.from >= from && addDays(weeks.until, -1) <= to).toBe(true);
        } else expect(length).toBeLessThan(13);
      }),
    );
  });

  it('ages open cases into bands', () => {
    expect([0, 30, 31, 90, 91, 180, 181, 5000].map(ageingBucketOf)).toEqual([
      'd0_30',
      'd0_30',
      'd31_60',
      'd61_90',
      'd91_180',
      'd91_180',
      'd181_plus',
      'd181_plus',
    ]);
  });
});

describe('medians from histograms', () => {
  it('equal the median of the values themselves', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 200 }), (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        const middle = sorted.length / 2;
        const expected = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
        const bins = values.map((value) => ({ value, count: 1 }));
        expect(medianOfHistogram(bins)).toBe(expected);
      }),
    );
    expect(medianOfHistogram([])).toBeNull();
    expect(
      medianOfHistogram([
        { value: 12, count: 3 },
        { value: 40, count: 1 },
      ]),
    ).toBe(12);
  });
});

describe('automatic assignment', () => {
  const person = (staffId: number, overrides: Partial<PlanPerson> = {}): PlanPerson => ({
    staffId,
    weightedLoad: 0,
    capacityPoints: 10,
    enabled: true,
    absent: false,
    competences: [1, 2],
    ...overrides,
  });
  const caseOf = (instanceId: number, dueDate: string, overrides: Partial<PlanCase> = {}): PlanCase => ({
    instanceId,
    procedureTypeId: 1,
    weight: 1,
    dueDate,
    tacitApprovalOn: null,
    receivedAt: '2026-01-01T09:00:00Z',
    assigneeId: null,
    ...overrides,
  });

  const peopleArb = fc.array(
    fc.record({
      weightedLoad: fc.integer({ min: 0, max: 12 }),
      capacityPoints: fc.integer({ min: 1, max: 12 }),
      enabled: fc.boolean(),
      absent: fc.boolean(),
      competences: fc.subarray([1, 2, 3]),
    }),
    { minLength: 1, maxLength: 6 },
  );
  const casesArb = fc.array(
    fc.record({ procedureTypeId: fc.constantFrom(1, 2, 3), weight: fc.constantFrom(0.5, 1, 2, 3), due: fc.integer({ min: -10, max: 60 }) }),
    { minLength: 1, maxLength: 25 },
  );

  it('never gives a case to a disabled or absent person, nor outside competence, nor over capacity unless allowed', () => {
    fc.assert(
      fc.property(
        peopleArb,
        casesArb,
        fc.constantFrom('round_robin', 'least_load'),
        fc.boolean(),
        fc.boolean(),
        (rawPeople, rawCases, rule, byCompetence, allowOver) => {
          const people = rawPeople.map((p, i) => person(i + 1, p));
          const cases = rawCases.map((c, i) =>
            caseOf(i + 1, addDays('2026-06-01', c.due), { procedureTypeId: c.procedureTypeId, weight: c.weight }),
          );
          const plan = planAssignments(cases, people, { rule, byCompetence, lastAssigneeId: null, allowOverCapacity: allowOver });
          expect(plan.placements.length + plan.unplaced.length).toBe(cases.length);
          const load = new Map(people.map((p) => [p.staffId, p.weightedLoad]));
          for (const placement of plan.placements) {
            const who = people.find((p) => p.staffId === placement.staffId)!;
            const what = cases.find((c) => c.instanceId === placement.instanceId)!;
            expect(who.enabled && !who.absent).toBe(true);
            if (byCompetence) expect(who.competences).toContain(what.procedureTypeId);
            load.set(who.staffId, load.get(who.staffId)! + what.weight);
            expect(placement.overCapacity).toBe(load.get(who.staffId)! > who.capacityPoints + 1e-9);
            if (!allowOver) expect(placement.overCapacity).toBe(false);
          }
        },
      ),
    );
  });

  it('when capacity runs out, the cases left over are the least urgent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 90 }), { minLength: 2, maxLength: 30 }),
        fc.integer({ min: 1, max: 10 }),
        (dues, room) => {
          const cases = dues.map((due, i) => caseOf(i + 1, addDays('2026-06-01', due)));
          const plan = planAssignments(cases, [person(7, { capacityPoints: room })], {
            rule: 'least_load',
            byCompetence: false,
            lastAssigneeId: null,
            allowOverCapacity: false,
          });
          const placedDue = plan.placements.map((p) => cases[p.instanceId - 1]!.dueDate);
          const leftDue = plan.unplaced.map((u) => cases[u.instanceId - 1]!.dueDate);
          expect(plan.placements).toHaveLength(Math.min(room, cases.length));
          if (placedDue.length > 0 && leftDue.length > 0)
            expect(placedDue.reduce((a, b) => (a > b ? a : b)) <= leftDue.reduce((a, b) => (a < b ? a : b))).toBe(true);
          expect(plan.unplaced.every((u) => u.reason === 'no_capacity')).toBe(true);
        },
      ),
    );
  });

  it('round robin goes round in a fixed order, starting after the last person served', () => {
    const cases = [1, 2, 3, 4, 5].map((n) => caseOf(n, addDays('2026-06-01', n)));
    const plan = planAssignments(cases, [person(30), person(10), person(20)], {
      rule: 'round_robin',
      byCompetence: false,
      lastAssigneeId: 10,
      allowOverCapacity: false,
    });
    expect(plan.placements.map((p) => p.staffId)).toEqual([20, 30, 10, 20, 30]);
    expect(plan.lastAssigneeId).toBe(30);
  });

  it('nobody eligible is said so, and a case never goes back to who holds it', () => {
    const plan = planAssignments(
      [caseOf(1, '2026-06-01', { assigneeId: 5, procedureTypeId: 3 })],
      [person(5), person(6, { competences: [1] })],
      {
        rule: 'least_load',
        byCompetence: true,
        lastAssigneeId: null,
        allowOverCapacity: true,
      },
    );
    expect(plan.unplaced).toEqual([{ instanceId: 1, reason: 'no_eligible_person' }]);
  });
});
