import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, isHoliday, isSunday, type IsoDate } from '../../src/shared/domain/calendar';
import { computeDueDate } from '../../src/shared/domain/dueDate';
import {
  computeProcedureClock,
  MAX_INTEGRATION_SUSPENSION_DAYS,
  type ClockEvent,
  type ClockRule,
  type ProcedureClockInput,
} from '../../src/shared/domain/procedureClock';

const PATRON = '09-29';

const isoDate = (from: number, to: number) =>
  fc
    .date({ min: new Date(Date.UTC(from, 0, 1)), max: new Date(Date.UTC(to, 11, 31)), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

const receivedOn = isoDate(2001, 2090);
const termDays = fc.integer({ min: 1, max: 180 });
const rule = fc.constantFrom<ClockRule>('silenzio_inadempimento', 'silenzio_assenso');

/**
 * A suspension episode: an integration request (art. 2 c.7) or a preavviso (art. 10-bis), started
 * `gap` days after the previous one ended, answered `answerAfter` days later or never.
 */
const episode = fc.record({
  kind: fc.constantFrom('integration' as const, 'preavviso' as const),
  gap: fc.integer({ min: 0, max: 40 }),
  answerAfter: fc.option(fc.integer({ min: 0, max: 45 }), { nil: null }),
});
type Episode = typeof episode extends fc.Arbitrary<infer T> ? T : never;

/**
 * Events of valid, non-overlapping episodes: the next one starts only after the previous one can
 * no longer be suspending the term (the answer day; 30 days after an unanswered request; 10 days
 * after observations; the 10 days for observations plus the longest run of closed days after them).
 */
function suspensionEvents(start: IsoDate, episodes: readonly Episode[]): { events: ClockEvent[]; last: IsoDate } {
  const events: ClockEvent[] = [];
  let cursor = start;
  for (const { kind, gap, answerAfter } of episodes) {
    const on = addDays(cursor, gap);
    const answeredOn = answerAfter === null ? null : addDays(on, answerAfter);
    if (kind === 'integration') {
      events.push({ type: 'integration_requested', on });
      if (answeredOn !== null) events.push({ type: 'integration_received', on: answeredOn });
      cursor = answeredOn ?? addDays(on, MAX_INTEGRATION_SUSPENSION_DAYS + 1);
    } else {
      events.push({ type: 'preavviso_sent', on });
      if (answeredOn !== null) events.push({ type: 'observations_received', on: answeredOn });
      cursor = answeredOn === null ? addDays(on, 16) : addDays(answeredOn, 11);
    }
  }
  return { events, last: events.at(-1)?.on ?? start };
}

const suspendedCase = fc
  .record({
    receivedOn,
    termDays,
    rule,
    episodes: fc.array(episode, { maxLength: 4 }),
    extraDays: fc.integer({ min: 0, max: 200 }),
  })
  .map(({ receivedOn, termDays, rule, episodes, extraDays }) => {
    const { events, last } = suspensionEvents(receivedOn, episodes);
    const input: ProcedureClockInput = {
      receivedOn,
      legalTermDays: termDays,
      clockRule: rule,
      suspensionAllowed: true,
      patronDay: PATRON,
      events,
      today: addDays(last, extraDays),
    };
    return input;
  });

describe('procedure clock properties', () => {
  it('with no events the due date is computeDueDate (art. 2963 c.c.) and the clock runs', () => {
    fc.assert(
      fc.property(
        receivedOn,
        termDays,
        fc.constantFrom<ClockRule>('silenzio_inadempimento', 'silenzio_assenso', 'scia'),
        (r, t, clockRule) => {
          const result = computeProcedureClock({
            receivedOn: r,
            legalTermDays: t,
            clockRule,
            suspensionAllowed: true,
            patronDay: PATRON,
            events: [],
            today: r,
          });
          expect(result.status).toBe('running');
          expect(result.dueDate).toBe(computeDueDate({ receivedOn: r, termDays: t, patronDay: PATRON }));
          expect(result.daysLeft).toBe(daysBetween(r, result.dueDate ?? r));
        },
      ),
    );
  });

  it('a suspension never shortens the term, and the due date is never a Sunday or a holiday', () => {
    fc.assert(
      fc.property(suspendedCase, (input) => {
        const result = computeProcedureClock(input);
        const plain = computeDueDate({ receivedOn: input.receivedOn, termDays: input.legalTermDays, patronDay: PATRON });
        expect(result.dueDate).not.toBeNull();
        const due = result.dueDate ?? '';
        expect(due >= plain).toBe(true);
        expect(isSunday(due)).toBe(false);
        expect(isHoliday(due, { patronDay: PATRON })).toBe(false);
        expect(['running', 'suspended']).toContain(result.status);
      }),
    );
  });

  it('art. 2 c.7 suspends for at most 30 days in all, however many requests', () => {
    fc.assert(
      fc.property(suspendedCase, (input) => {
        const result = computeProcedureClock(input);
        expect(result.integrationSuspensionDays).toBeGreaterThanOrEqual(0);
        expect(result.integrationSuspensionDays).toBeLessThanOrEqual(MAX_INTEGRATION_SUSPENSION_DAYS);
        expect(result.suspendedDays).toBeGreaterThanOrEqual(result.integrationSuspensionDays);
      }),
    );
  });

  it('the term is moved by exactly the suspended days when every request falls well inside the term', () => {
    // A 180-day term and at most 3 episodes of at most 40 + 45 days: no request reaches the term's last day.
    const earlyCase = fc
      .record({ receivedOn, episodes: fc.array(episode, { maxLength: 3 }), extraDays: fc.integer({ min: 0, max: 60 }) })
      .map(({ receivedOn, episodes, extraDays }) => {
        const { events, last } = suspensionEvents(receivedOn, episodes);
        return { receivedOn, events, today: addDays(last, extraDays) };
      });
    fc.assert(
      fc.property(earlyCase, ({ receivedOn, events, today }) => {
        const result = computeProcedureClock({
          receivedOn,
          legalTermDays: 180,
          clockRule: 'silenzio_inadempimento',
          suspensionAllowed: true,
          events,
          today,
        });
        if (result.status === 'running') expect(result.termEnd).toBe(addDays(receivedOn, 180 + result.suspendedDays));
      }),
    );
  });

  it('days left decrease by one per day while the clock runs or is suspended', () => {
    fc.assert(
      fc.property(suspendedCase, fc.integer({ min: 1, max: 90 }), (input, step) => {
        const now = computeProcedureClock(input);
        const later = computeProcedureClock({ ...input, today: addDays(input.today, step) });
        expect(now.daysLeft).not.toBeNull();
        expect(later.daysLeft).toBe((now.daysLeft ?? 0) - step);
      }),
    );
  });

  it('a second integration request never adds suspension (art. 2 c.7: once only)', () => {
    fc.assert(
      fc.property(
        receivedOn,
        termDays,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 45 }),
        (r, t, firstAfter, firstAnswer, secondAfter, secondAnswer) => {
          const firstOn = addDays(r, firstAfter);
          const firstAnsweredOn = addDays(firstOn, firstAnswer);
          const secondOn = addDays(firstAnsweredOn, secondAfter);
          const secondAnsweredOn = addDays(secondOn, secondAnswer);
          const common = {
            receivedOn: r,
            legalTermDays: t,
            clockRule: 'silenzio_inadempimento' as const,
            suspensionAllowed: true,
            patronDay: PATRON,
          };
          const first: ClockEvent[] = [
            { type: 'integration_requested', on: firstOn },
            { type: 'integration_received', on: firstAnsweredOn },
          ];
          const once = computeProcedureClock({ ...common, events: first, today: secondAnsweredOn });
          const twice = computeProcedureClock({
            ...common,
            events: [...first, { type: 'integration_requested', on: secondOn }, { type: 'integration_received', on: secondAnsweredOn }],
            today: secondAnsweredOn,
          });
          expect(twice.dueDate).toBe(once.dueDate);
          expect(twice.integrationSuspensionDays).toBe(once.integrationSuspensionDays);
        },
      ),
    );
  });

  it('later documents never give an earlier due date, and the effect stops after 30 days (art. 2 c.7)', () => {
    fc.assert(
      fc.property(receivedOn, termDays, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 60 }), (r, t, requestAfter, answer) => {
        const requestedOn = addDays(r, requestAfter);
        const dueWith = (answerAfter: number) =>
          computeProcedureClock({
            receivedOn: r,
            legalTermDays: t,
            clockRule: 'silenzio_inadempimento',
            suspensionAllowed: true,
            events: [
              { type: 'integration_requested', on: requestedOn },
              { type: 'integration_received', on: addDays(requestedOn, answerAfter) },
            ],
            today: addDays(requestedOn, 61),
          }).dueDate ?? '';
        expect(dueWith(answer + 1) >= dueWith(answer)).toBe(true);
        if (answer >= MAX_INTEGRATION_SUSPENSION_DAYS) expect(dueWith(answer + 1)).toBe(dueWith(answer));
      }),
    );
  });

  it('a SCIA conformation interrupts: the term restarts in full from the answer (art. 19 c.3)', () => {
    fc.assert(
      fc.property(
        receivedOn,
        fc.constantFrom(30, 60),
        fc.integer({ min: 0, max: 29 }),
        fc.integer({ min: 30, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        (r, t, requestAfter, answerWithinDays, answerAfter) => {
          const requestedOn = addDays(r, requestAfter);
          const answeredOn = addDays(requestedOn, answerAfter);
          const result = computeProcedureClock({
            receivedOn: r,
            legalTermDays: t,
            clockRule: 'scia',
            suspensionAllowed: false,
            events: [
              { type: 'conformation_requested', on: requestedOn, answerWithinDays },
              { type: 'conformation_answered', on: answeredOn },
            ],
            today: answeredOn,
          });
          expect(result.status).toBe('running');
          expect(result.dueDate).toBe(computeDueDate({ receivedOn: answeredOn, termDays: t }));
          expect(result.prohibitionDeadline).toBe(result.dueDate);
          expect(result.suspendedDays).toBe(0);
        },
      ),
    );
  });

  it('a decision freezes the clock: reading it later changes nothing', () => {
    fc.assert(
      fc.property(suspendedCase, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 400 }), (input, decidedAfter, readAfter) => {
        const decidedOn = addDays(input.today, decidedAfter);
        const events: ClockEvent[] = [...input.events, { type: 'decided', on: decidedOn }];
        const atDecision = computeProcedureClock({ ...input, events, today: decidedOn });
        const afterwards = computeProcedureClock({ ...input, events, today: addDays(decidedOn, readAfter) });
        expect(afterwards).toEqual(atDecision);
        expect(atDecision.status).toBe('stopped');
      }),
    );
  });
});
