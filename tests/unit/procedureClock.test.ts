import { describe, it, expect } from 'vitest';
import {
  ClockError,
  CLOCK_ERROR_CODES,
  CLOCK_STEP_TEMPLATES_IT,
  computeProcedureClock,
  isClockError,
  type ClockErrorCode,
  type ClockEvent,
  type ClockRule,
  type ClockPause,
  type ProcedureClock,
  type ProcedureClockInput,
} from '../../src/shared/domain/procedureClock';

/** Montesereno's patron day: San Michele Arcangelo, 29 September. */
const PATRON = '09-29';

function clock(input: Partial<ProcedureClockInput> & Pick<ProcedureClockInput, 'receivedOn' | 'legalTermDays' | 'today'>): ProcedureClock {
  return computeProcedureClock({ clockRule: 'silenzio_inadempimento', suspensionAllowed: true, patronDay: PATRON, events: [], ...input });
}

const integration = (requested: string, received?: string): ClockEvent[] => [
  { type: 'integration_requested', on: requested },
  ...(received === undefined ? [] : [{ type: 'integration_received' as const, on: received }]),
];

interface WorkedCase {
  /** The norm the row checks. */
  article: string;
  /** The hand computation. */
  reasoning: string;
  input: Parameters<typeof clock>[0];
  expected: Partial<Omit<ProcedureClock, 'pause'>> & { pause?: Partial<ClockPause> | null };
}

/**
 * Worked cases computed by hand on the real calendar. Conventions (procedureClock.ts): the day of
 * receipt, of a restart or of an answer is not counted; the suspended days are those after the
 * request up to and including the day the suspension ends; only the last day of a term moves off a
 * Sunday or holiday (Saturday does not move).
 */
const WORKED_CASES: WorkedCase[] = [
  // --- The plain term and the holiday move (art. 2 L. 241/1990; art. 2963 c.c.; art. 155 c.p.c.) ---
  {
    article: 'L. 241/1990 art. 2 c.2; art. 2963 c.2 c.c.',
    reasoning: 'received Mon 03/03/2025, 30 days from 04/03: 3 + 30 = 33 March = Wed 02/04/2025, a working day',
    input: { receivedOn: '2025-03-03', legalTermDays: 30, today: '2025-03-20' },
    expected: { status: 'running', termEnd: '2025-04-02', dueDate: '2025-04-02', daysLeft: 13, overdueDays: 0 },
  },
  {
    article: 'art. 2963 c.3 c.c. (Sunday)',
    reasoning: 'received 06/02/2026 + 30 = 36 Feb = 8 March (2026 not leap) = Sunday -> Mon 09/03/2026',
    input: { receivedOn: '2026-02-06', legalTermDays: 30, today: '2026-02-06' },
    expected: { termEnd: '2026-03-08', dueDate: '2026-03-09', daysLeft: 31 },
  },
  {
    article: 'art. 2963 c.3 c.c. (25 April; Saturday does not move)',
    reasoning: 'received 26/03/2025 + 30 = 56 March = 25 April 2025, Friday, Liberation Day -> Sat 26/04/2025, not a holiday',
    input: { receivedOn: '2025-03-26', legalTermDays: 30, today: '2025-03-26' },
    expected: { termEnd: '2025-04-25', dueDate: '2025-04-26' },
  },
  {
    article: 'art. 2963 c.3 c.c. (1 May)',
    reasoning: 'received 01/04/2026 + 30 = 1 May 2026, Friday, Festa del Lavoro -> Sat 02/05/2026',
    input: { receivedOn: '2026-04-01', legalTermDays: 30, today: '2026-04-01' },
    expected: { termEnd: '2026-05-01', dueDate: '2026-05-02' },
  },
  {
    article: 'art. 2963 c.3 c.c. (2 June)',
    reasoning: 'received 03/05/2025 + 30 = 33 May = 2 June 2025, Monday, Festa della Repubblica -> Tue 03/06/2025',
    input: { receivedOn: '2025-05-03', legalTermDays: 30, today: '2025-05-03' },
    expected: { termEnd: '2025-06-02', dueDate: '2025-06-03' },
  },
  {
    article: 'art. 2963 c.3 c.c. (15 August on a Sunday)',
    reasoning: 'received 16/06/2027 + 60: 14 days to 30/06, 31 of July (45), 15 of August (60) = Sun 15/08/2027 -> Mon 16/08/2027',
    input: { receivedOn: '2027-06-16', legalTermDays: 60, today: '2027-06-16' },
    expected: { termEnd: '2027-08-15', dueDate: '2027-08-16' },
  },
  {
    article: 'art. 2963 c.3 c.c. (1 November on a Sunday)',
    reasoning: 'received 02/10/2026 + 30: 29 days to 31/10, then 1 November 2026 = Sunday and Ognissanti -> Mon 02/11/2026',
    input: { receivedOn: '2026-10-02', legalTermDays: 30, today: '2026-10-02' },
    expected: { termEnd: '2026-11-01', dueDate: '2026-11-02' },
  },
  {
    article: 'art. 2963 c.3 c.c. (8 December)',
    reasoning: 'received 08/11/2026 + 30 = 38 Nov = 8 December 2026, Tuesday, Immacolata -> Wed 09/12/2026',
    input: { receivedOn: '2026-11-08', legalTermDays: 30, today: '2026-11-08' },
    expected: { termEnd: '2026-12-08', dueDate: '2026-12-09' },
  },
  {
    article: 'art. 2963 c.3 c.c. (Christmas and Santo Stefano)',
    reasoning: 'received 25/11/2025 + 30 = Thu 25/12/2025 Natale, Fri 26/12 Santo Stefano -> Sat 27/12/2025',
    input: { receivedOn: '2025-11-25', legalTermDays: 30, today: '2025-11-25' },
    expected: { termEnd: '2025-12-25', dueDate: '2025-12-27' },
  },
  {
    article: 'art. 2963 c.3 c.c. (Christmas 2027 on Saturday, Santo Stefano on Sunday)',
    reasoning: 'received 25/11/2027 + 30 = Sat 25/12/2027 Natale, Sun 26/12 -> Mon 27/12/2027',
    input: { receivedOn: '2027-11-25', legalTermDays: 30, today: '2027-11-25' },
    expected: { termEnd: '2027-12-25', dueDate: '2027-12-27' },
  },
  {
    article: 'art. 2963 c.3 c.c. (Easter Monday 2026)',
    reasoning: 'received 07/03/2026 + 30 = 37 March = Mon 6 April 2026, Easter Monday (Easter 5 April) -> Tue 07/04/2026',
    input: { receivedOn: '2026-03-07', legalTermDays: 30, today: '2026-03-07' },
    expected: { termEnd: '2026-04-06', dueDate: '2026-04-07' },
  },
  {
    article: 'art. 2963 c.3 c.c. (Easter Monday 2027)',
    reasoning:
      'received 28/01/2027 + 60: 3 days to 31/01, 28 of February (31), 29 of March (60) = Mon 29/03/2027, Easter Monday -> Tue 30/03/2027',
    input: { receivedOn: '2027-01-28', legalTermDays: 60, today: '2027-01-28' },
    expected: { termEnd: '2027-03-29', dueDate: '2027-03-30' },
  },
  {
    article: 'art. 2963 c.3 c.c. (4 October, holiday again from 2026, L. 151/2025)',
    reasoning: "received 04/09/2027 + 30 = Mon 04/10/2027, San Francesco d'Assisi -> Tue 05/10/2027",
    input: { receivedOn: '2027-09-04', legalTermDays: 30, today: '2027-09-04' },
    expected: { termEnd: '2027-10-04', dueDate: '2027-10-05' },
  },
  {
    article: "art. 2963 c.3 c.c. (the ente's patron day)",
    reasoning: 'received 30/08/2026 + 30 = 60 Aug = Tue 29/09/2026, San Michele, patron of Montesereno -> Wed 30/09/2026',
    input: { receivedOn: '2026-08-30', legalTermDays: 30, today: '2026-08-30' },
    expected: { termEnd: '2026-09-29', dueDate: '2026-09-30' },
  },
  {
    article: 'art. 2963 c.3 c.c. (2 June 2027)',
    reasoning: 'received 03/04/2027 + 60: 27 days to 30/04, 31 of May (58), 2 June (60) = Wed 02/06/2027 -> Thu 03/06/2027',
    input: { receivedOn: '2027-04-03', legalTermDays: 60, today: '2027-04-03' },
    expected: { termEnd: '2027-06-02', dueDate: '2027-06-03' },
  },
  {
    article: 'art. 2963 c.3 c.c. (25 April 2027 on a Sunday)',
    reasoning: 'received 26/03/2027 + 30 = Sun 25/04/2027 -> Mon 26/04/2027',
    input: { receivedOn: '2027-03-26', legalTermDays: 30, today: '2027-05-03' },
    expected: { termEnd: '2027-04-25', dueDate: '2027-04-26', daysLeft: -7, overdueDays: 7 },
  },

  // --- Request for integration (art. 2 c.7 L. 241/1990): suspends once, at most 30 days ---
  {
    article: 'L. 241/1990 art. 2 c.7',
    reasoning:
      'received 03/03/2025, end 02/04; request 13/03 leaves 02/04 - 13/03 = 20 days; documents 28/03: 15 days suspended (14/03-28/03); 28/03 + 20 = Thu 17/04/2025',
    input: { receivedOn: '2025-03-03', legalTermDays: 30, events: integration('2025-03-13', '2025-03-28'), today: '2025-04-01' },
    expected: {
      status: 'running',
      termEnd: '2025-04-17',
      dueDate: '2025-04-17',
      suspendedDays: 15,
      integrationSuspensionDays: 15,
      daysLeft: 16,
    },
  },
  {
    article: 'L. 241/1990 art. 2 c.7 (while suspended)',
    reasoning:
      'same request of 13/03/2025, no documents yet on 20/03: suspended for 7 days so far; if nothing arrives the suspension ends on 13/03 + 30 = 12/04 and 20 days later the term ends on Fri 02/05/2025',
    input: { receivedOn: '2025-03-03', legalTermDays: 30, events: integration('2025-03-13'), today: '2025-03-20' },
    expected: {
      status: 'suspended',
      dueDate: '2025-05-02',
      suspendedDays: 7,
      integrationSuspensionDays: 7,
      integrationSuspensionAvailable: false,
      pause: {
        kind: 'integration',
        effect: 'suspension',
        since: '2025-03-13',
        suspendedUntil: '2025-04-12',
        termDaysLeft: 20,
        awaitingAnswer: true,
      },
    },
  },
  {
    article: 'L. 241/1990 art. 2 c.7 (at most 30 days; 1 May)',
    reasoning:
      'received Sun 02/03/2025, end 01/04; request 12/03 (20 days left), no documents: the suspension ends by itself on 11/04 (30th day), 11/04 + 20 = 01/05/2025, Festa del Lavoro -> Fri 02/05/2025',
    input: { receivedOn: '2025-03-02', legalTermDays: 30, events: integration('2025-03-12'), today: '2025-04-20' },
    expected: { status: 'running', termEnd: '2025-05-01', dueDate: '2025-05-02', suspendedDays: 30, integrationSuspensionDays: 30 },
  },
  {
    article: 'L. 241/1990 art. 2 c.7 (documents after the 30 days)',
    reasoning:
      'request 13/03/2025, documents only on 20/04: the suspension had already ended on 12/04 after 30 days, so the late documents change nothing: 02/04 + 30 = Fri 02/05/2025',
    input: { receivedOn: '2025-03-03', legalTermDays: 30, events: integration('2025-03-13', '2025-04-20'), today: '2025-04-22' },
    expected: { status: 'running', dueDate: '2025-05-02', suspendedDays: 30, integrationSuspensionDays: 30 },
  },
  {
    article: 'L. 241/1990 art. 2 c.7 (Easter 2025)',
    reasoning:
      'request 13/03/2025, documents 31/03: 18 days suspended; 02/04 + 18 = Sun 20/04/2025 (Easter), Mon 21/04 Easter Monday -> Tue 22/04/2025',
    input: { receivedOn: '2025-03-03', legalTermDays: 30, events: integration('2025-03-13', '2025-03-31'), today: '2025-04-01' },
    expected: { termEnd: '2025-04-20', dueDate: '2025-04-22', suspendedDays: 18 },
  },
  {
    article: 'L. 241/1990 art. 2 c.7 (once only)',
    reasoning:
      'first request 13/03/2025 answered 28/03 (15 days, end 17/04); a second request 01/04 answered 10/04 does not suspend again: still Thu 17/04/2025',
    input: {
      receivedOn: '2025-03-03',
      legalTermDays: 30,
      events: [...integration('2025-03-13', '2025-03-28'), ...integration('2025-04-01', '2025-04-10')],
      today: '2025-04-10',
    },
    expected: { dueDate: '2025-04-17', suspendedDays: 15, integrationSuspensionDays: 15, integrationSuspensionAvailable: false },
  },
  {
    article: 'L. 241/1990 art. 2 c.7 (request on the last day)',
    reasoning:
      'end 02/04/2025; request on 02/04 itself leaves 0 days; documents 07/04: the term ends the day the suspension ends, Mon 07/04/2025',
    input: { receivedOn: '2025-03-03', legalTermDays: 30, events: integration('2025-04-02', '2025-04-07'), today: '2025-04-07' },
    expected: { dueDate: '2025-04-07', suspendedDays: 5, daysLeft: 0 },
  },
  {
    article: 'L. 241/1990 art. 2 c.7 with art. 2963 c.3 c.c.',
    reasoning:
      'end Sun 08/03/2026 moved to Mon 09/03; a request on 09/03 is in time and leaves 0 days (the move is not carried over); documents Mon 16/03 -> due 16/03/2026',
    input: { receivedOn: '2026-02-06', legalTermDays: 30, events: integration('2026-03-09', '2026-03-16'), today: '2026-03-16' },
    expected: { dueDate: '2026-03-16', suspendedDays: 7 },
  },
  {
    article: 'L. 241/1990 art. 2 c.7 (an expired term is not suspended)',
    reasoning: 'due 02/04/2025; a request on 03/04 comes after the expiry and suspends nothing; on 10/04 the term is 8 days overdue',
    input: { receivedOn: '2025-03-03', legalTermDays: 30, events: integration('2025-04-03'), today: '2025-04-10' },
    expected: { status: 'running', dueDate: '2025-04-02', daysLeft: -8, overdueDays: 8, suspendedDays: 0 },
  },
  {
    article: 'L. 241/1990 art. 2 c.7 (catalogue: term not suspensible)',
    reasoning: 'CDU-like procedure, suspension not allowed: received 03/06/2025 + 30 = Thu 03/07/2025 whatever the integration request',
    input: {
      receivedOn: '2025-06-03',
      legalTermDays: 30,
      suspensionAllowed: false,
      events: integration('2025-06-10', '2025-06-20'),
      today: '2025-06-20',
    },
    expected: { dueDate: '2025-07-03', suspendedDays: 0, integrationSuspensionAvailable: false },
  },
  {
    article: 'L. 241/1990 art. 2 c.7 (holidays inside the suspension do not count)',
    reasoning:
      'received 01/12/2025, end Wed 31/12; request 10/12 (21 days left), documents 07/01/2026: 28 days suspended across Christmas and Epiphany; 31/12 + 28 = Wed 28/01/2026',
    input: { receivedOn: '2025-12-01', legalTermDays: 30, events: integration('2025-12-10', '2026-01-07'), today: '2026-01-07' },
    expected: { dueDate: '2026-01-28', suspendedDays: 28 },
  },
  {
    article: 'L. 241/1990 art. 2 c.1 (withdrawal during a suspension)',
    reasoning:
      'request 13/03/2025 (20 days left), withdrawal 20/03: the clock stops after 7 days of suspension; the term in force would end 20/03 + 20 = 09/04, 20 days after the stop',
    input: {
      receivedOn: '2025-03-03',
      legalTermDays: 30,
      events: [...integration('2025-03-13'), { type: 'withdrawn', on: '2025-03-20' }],
      today: '2025-06-01',
    },
    expected: { status: 'stopped', stoppedBy: 'withdrawn', stoppedOn: '2025-03-20', dueDate: '2025-04-09', daysLeft: 20, suspendedDays: 7 },
  },

  // --- Preavviso di rigetto (art. 10-bis L. 241/1990 as amended by DL 76/2020): suspends ---
  {
    article: 'L. 241/1990 art. 10-bis (observations received)',
    reasoning:
      'received 01/09/2025, end 01/10; preavviso 16/09 by PEC (15 days left); observations 22/09: restart ten days later, 02/10; 02/10 + 15 = Fri 17/10/2025; 16 days suspended',
    input: {
      receivedOn: '2025-09-01',
      legalTermDays: 30,
      events: [
        { type: 'preavviso_sent', on: '2025-09-16' },
        { type: 'observations_received', on: '2025-09-22' },
      ],
      today: '2025-10-10',
    },
    expected: { status: 'running', dueDate: '2025-10-17', suspendedDays: 16, integrationSuspensionDays: 0 },
  },
  {
    article: 'L. 241/1990 art. 10-bis (no observations)',
    reasoning:
      'preavviso 16/09/2025 delivered the same day: observations due by Fri 26/09; none: the term restarts from 26/09 with 15 days -> Sat 11/10/2025; 10 days suspended',
    input: { receivedOn: '2025-09-01', legalTermDays: 30, events: [{ type: 'preavviso_sent', on: '2025-09-16' }], today: '2025-10-01' },
    expected: { status: 'running', dueDate: '2025-10-11', suspendedDays: 10 },
  },
  {
    article: 'L. 241/1990 art. 10-bis (late observations)',
    reasoning: 'observations on 29/09/2025, after the 10 days ended on 26/09: the term had already restarted, due still Sat 11/10/2025',
    input: {
      receivedOn: '2025-09-01',
      legalTermDays: 30,
      events: [
        { type: 'preavviso_sent', on: '2025-09-16' },
        { type: 'observations_received', on: '2025-09-29' },
      ],
      today: '2025-10-01',
    },
    expected: { dueDate: '2025-10-11', suspendedDays: 10 },
  },
  {
    article: 'L. 241/1990 art. 10-bis with art. 2963 c.3 c.c.',
    reasoning:
      'received 20/04/2026, 60 days, end 19/06; preavviso sent 20/05 (30 days left), delivered 21/05: 21/05 + 10 = Sun 31/05 -> observations by Mon 01/06; none: 01/06 + 30 = Wed 01/07/2026; 12 days suspended',
    input: {
      receivedOn: '2026-04-20',
      legalTermDays: 60,
      events: [{ type: 'preavviso_sent', on: '2026-05-20', deliveredOn: '2026-05-21' }],
      today: '2026-06-15',
    },
    expected: { dueDate: '2026-07-01', suspendedDays: 12 },
  },
  {
    article: 'L. 241/1990 art. 10-bis (observations on the last day)',
    reasoning:
      'same preavviso; observations on Mon 01/06/2026: suspended until 11/06, then 30 days -> Sat 11/07/2026 (later than without observations)',
    input: {
      receivedOn: '2026-04-20',
      legalTermDays: 60,
      events: [
        { type: 'preavviso_sent', on: '2026-05-20', deliveredOn: '2026-05-21' },
        { type: 'observations_received', on: '2026-06-01' },
      ],
      today: '2026-06-05',
    },
    expected: {
      status: 'suspended',
      dueDate: '2026-07-11',
      suspendedDays: 16,
      pause: { kind: 'preavviso', suspendedUntil: '2026-06-11', awaitingAnswer: false, answerBy: null, termDaysLeft: 30 },
    },
  },
  {
    article: 'L. 241/1990 art. 2 c.7 and art. 10-bis together (Easter 2025)',
    reasoning:
      'integration 13/03-28/03/2025 (15 days, end 17/04); preavviso 10/04 (7 days left): 10/04 + 10 = Sun 20/04 Easter, Mon 21/04 Easter Monday -> observations by Tue 22/04; none: 22/04 + 7 = Tue 29/04/2025; 15 + 12 = 27 days suspended',
    input: {
      receivedOn: '2025-03-03',
      legalTermDays: 30,
      events: [...integration('2025-03-13', '2025-03-28'), { type: 'preavviso_sent', on: '2025-04-10' }],
      today: '2025-04-28',
    },
    expected: { dueDate: '2025-04-29', suspendedDays: 27, integrationSuspensionDays: 15, daysLeft: 1 },
  },

  // --- SCIA (art. 19 L. 241/1990; DPR 380/2001 art. 22-23): the conformation request interrupts ---
  {
    article: 'L. 241/1990 art. 19 c.3 and c.6-bis (building SCIA, 30 days)',
    reasoning:
      'SCIA received 16/07/2026 + 30 = Sat 15/08/2026 Ferragosto, Sun 16/08 -> the activity can be prohibited until Mon 17/08/2026',
    input: { receivedOn: '2026-07-16', legalTermDays: 30, clockRule: 'scia', suspensionAllowed: false, today: '2026-07-20' },
    expected: { dueDate: '2026-08-17', prohibitionDeadline: '2026-08-17', tacitApprovalOn: null },
  },
  {
    article: 'L. 241/1990 art. 19 c.3 (an integration request does not suspend a SCIA)',
    reasoning: 'same SCIA, documents asked on 20/07/2026 and received on 30/07: the prohibition deadline stays Mon 17/08/2026',
    input: {
      receivedOn: '2026-07-16',
      legalTermDays: 30,
      clockRule: 'scia',
      suspensionAllowed: false,
      events: integration('2026-07-20', '2026-07-30'),
      today: '2026-07-30',
    },
    expected: { dueDate: '2026-08-17', suspendedDays: 0 },
  },
  {
    article: 'L. 241/1990 art. 19 c.3 (conformation restarts the term in full; Epiphany)',
    reasoning:
      'SCIA 60 days received 01/10/2025 (end Sun 30/11 -> 01/12); conformation asked 20/10, answered 07/11: 60 full days from 07/11 = Tue 06/01/2026 Epifania -> Wed 07/01/2026',
    input: {
      receivedOn: '2025-10-01',
      legalTermDays: 60,
      clockRule: 'scia',
      suspensionAllowed: false,
      events: [
        { type: 'conformation_requested', on: '2025-10-20', answerWithinDays: 30 },
        { type: 'conformation_answered', on: '2025-11-07' },
      ],
      today: '2025-11-10',
    },
    expected: { status: 'running', termEnd: '2026-01-06', dueDate: '2026-01-07', prohibitionDeadline: '2026-01-07', suspendedDays: 0 },
  },
  {
    article: 'L. 241/1990 art. 19 c.3 (interrupted: no term runs)',
    reasoning: 'conformation asked 20/10/2025 with 30 days: answer by Wed 19/11; on 10/11 the term is interrupted and has no due date',
    input: {
      receivedOn: '2025-10-01',
      legalTermDays: 60,
      clockRule: 'scia',
      suspensionAllowed: false,
      events: [{ type: 'conformation_requested', on: '2025-10-20', answerWithinDays: 30 }],
      today: '2025-11-10',
    },
    expected: {
      status: 'interrupted',
      dueDate: null,
      daysLeft: null,
      prohibitionDeadline: null,
      deemedProhibitedOn: null,
      pause: { kind: 'conformation', since: '2025-10-20', answerBy: '2025-11-19', awaitingAnswer: true, termDaysLeft: 60 },
    },
  },
  {
    article: 'L. 241/1990 art. 19 c.3 (no conformation: the activity is deemed prohibited)',
    reasoning: 'answer due by 19/11/2025, none by 25/11: the activity is deemed prohibited from 20/11/2025',
    input: {
      receivedOn: '2025-10-01',
      legalTermDays: 60,
      clockRule: 'scia',
      suspensionAllowed: false,
      events: [{ type: 'conformation_requested', on: '2025-10-20', answerWithinDays: 30 }],
      today: '2025-11-25',
    },
    expected: { status: 'interrupted', dueDate: null, deemedProhibitedOn: '2025-11-20' },
  },
  {
    article: 'L. 241/1990 art. 19 c.3 with art. 2963 c.3 c.c. (the applicant’s term)',
    reasoning:
      'building SCIA received 20/10/2025; conformation asked 08/11 with 30 days: 08/11 + 30 = Mon 08/12 Immacolata -> answer by Tue 09/12/2025',
    input: {
      receivedOn: '2025-10-20',
      legalTermDays: 30,
      clockRule: 'scia',
      suspensionAllowed: false,
      events: [{ type: 'conformation_requested', on: '2025-11-08', answerWithinDays: 30 }],
      today: '2025-11-20',
    },
    expected: { status: 'interrupted', pause: { kind: 'conformation', effect: 'interruption', answerBy: '2025-12-09', termDaysLeft: 30 } },
  },

  // --- Silenzio-assenso (art. 20 L. 241/1990; DPR 380/2001 art. 20) ---
  {
    article: 'L. 241/1990 art. 20 c.1 (tacit approval; 8 December)',
    reasoning:
      'change of residence, 45 days, received 24/10/2026: 7 days to 31/10, 30 of November (37), 8 December (45) = Tue Immacolata -> due Wed 09/12/2026; granted by silence from Thu 10/12/2026',
    input: { receivedOn: '2026-10-24', legalTermDays: 45, clockRule: 'silenzio_assenso', today: '2026-11-02' },
    expected: { dueDate: '2026-12-09', tacitApprovalOn: '2026-12-10', prohibitionDeadline: null },
  },
  {
    article: 'L. 241/1990 art. 20 c.1 (decided in time: no tacit approval)',
    reasoning: 'same instance decided on 01/12/2026, 8 days before the due date 09/12: no silenzio-assenso',
    input: {
      receivedOn: '2026-10-24',
      legalTermDays: 45,
      clockRule: 'silenzio_assenso',
      events: [{ type: 'decided', on: '2026-12-01' }],
      today: '2027-01-10',
    },
    expected: { status: 'stopped', stoppedBy: 'decided', dueDate: '2026-12-09', daysLeft: 8, tacitApprovalOn: null },
  },
  {
    article: 'L. 241/1990 art. 20 c.1 (decided after the term)',
    reasoning: 'same instance decided on 15/12/2026, 6 days after the due date: the approval had formed by silence on 10/12/2026',
    input: {
      receivedOn: '2026-10-24',
      legalTermDays: 45,
      clockRule: 'silenzio_assenso',
      events: [{ type: 'decided', on: '2026-12-15' }],
      today: '2026-12-15',
    },
    expected: { status: 'stopped', daysLeft: -6, overdueDays: 6, tacitApprovalOn: '2026-12-10' },
  },
  {
    article: 'DPR 380/2001 art. 20 c.8; L. 241/1990 art. 20 c.4 (constraints exclude it; 15 August)',
    reasoning:
      'permesso di costruire on land under landscape constraint, received 16/06/2025 + 60 = Fri 15/08/2025 Ferragosto -> Sat 16/08/2025; no silenzio-assenso',
    input: { receivedOn: '2025-06-16', legalTermDays: 60, clockRule: 'silenzio_assenso', tacitApprovalExcluded: true, today: '2025-06-20' },
    expected: { dueDate: '2025-08-16', tacitApprovalOn: null },
  },
  {
    article: 'DPR 380/2001 art. 20 c.5 (permesso di costruire: integration interrupts)',
    reasoning:
      'received 01/02/2027, 60 days (end Fri 02/04); documents asked 20/02, within 30 days (by 03/03); received 10/03: 60 full days from 10/03 = Sun 09/05/2027 -> Mon 10/05/2027; silence from 11/05',
    input: {
      receivedOn: '2027-02-01',
      legalTermDays: 60,
      clockRule: 'silenzio_assenso',
      integrationRegime: 'interruption',
      events: integration('2027-02-20', '2027-03-10'),
      today: '2027-03-10',
    },
    expected: { status: 'running', termEnd: '2027-05-09', dueDate: '2027-05-10', tacitApprovalOn: '2027-05-11', suspendedDays: 0 },
  },
  {
    article: 'DPR 380/2001 art. 20 c.5 (only within 30 days of the application)',
    reasoning: 'same application, documents asked on 05/03/2027, after the 30 days ended on 03/03: no interruption, due Fri 02/04/2027',
    input: {
      receivedOn: '2027-02-01',
      legalTermDays: 60,
      clockRule: 'silenzio_assenso',
      integrationRegime: 'interruption',
      events: integration('2027-03-05', '2027-03-20'),
      today: '2027-03-20',
    },
    expected: { status: 'running', dueDate: '2027-04-02', tacitApprovalOn: '2027-04-03' },
  },
];

describe('procedure clock: worked cases', () => {
  it('has at least 30 worked cases', () => {
    expect(WORKED_CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(WORKED_CASES.map((c) => [`${c.article}: ${c.reasoning}`, c] as const))('%s', (_name, { input, expected }) => {
    expect(clock(input)).toMatchObject(expected);
  });
});

describe('procedure clock: invalid input is refused with a typed error', () => {
  const base = { receivedOn: '2025-03-03', legalTermDays: 30, today: '2025-06-01' } as const;

  function codeOf(input: Parameters<typeof clock>[0]): { code: ClockErrorCode; eventIndex: number | undefined } {
    try {
      clock(input);
    } catch (error) {
      expect(error).toBeInstanceOf(ClockError);
      const { code, eventIndex } = error as ClockError;
      return { code, eventIndex };
    }
    throw new Error('expected a ClockError');
  }

  it.each<[string, Parameters<typeof clock>[0], ClockErrorCode, number | undefined]>([
    [
      'documents received without a request (resume without suspend)',
      { ...base, events: [{ type: 'integration_received', on: '2025-03-10' }] },
      'no_pending_request',
      0,
    ],
    [
      'observations without a preavviso',
      { ...base, events: [{ type: 'observations_received', on: '2025-03-10' }] },
      'no_pending_request',
      0,
    ],
    [
      'a conformation answer without a request',
      { ...base, clockRule: 'scia', events: [{ type: 'conformation_answered', on: '2025-03-10' }] },
      'no_pending_request',
      0,
    ],
    [
      'the same documents received twice',
      { ...base, events: [...integration('2025-03-10', '2025-03-12'), { type: 'integration_received', on: '2025-03-13' }] },
      'no_pending_request',
      2,
    ],
    ['an event before the receipt', { ...base, events: integration('2025-03-02') }, 'event_before_receipt', 0],
    ['events out of order', { ...base, events: integration('2025-03-20', '2025-03-19') }, 'event_out_of_order', 1],
    ['an event after today', { ...base, today: '2025-03-15', events: integration('2025-03-10', '2025-03-16') }, 'event_after_today', 1],
    [
      'an event after the decision',
      {
        ...base,
        events: [
          { type: 'decided', on: '2025-03-20' },
          { type: 'integration_requested', on: '2025-03-21' },
        ],
      },
      'event_after_stop',
      1,
    ],
    [
      'anything after a withdrawal',
      {
        ...base,
        events: [
          { type: 'withdrawn', on: '2025-03-20' },
          { type: 'decided', on: '2025-03-20' },
        ],
      },
      'event_after_stop',
      1,
    ],
    [
      'a preavviso while the term is suspended for integration',
      { ...base, events: [...integration('2025-03-10'), { type: 'preavviso_sent', on: '2025-03-20' }] },
      'clock_not_running',
      1,
    ],
    [
      'a second integration request while the first one still suspends the term',
      { ...base, events: [...integration('2025-03-10'), ...integration('2025-03-20')] },
      'clock_not_running',
      1,
    ],
    [
      'a conformation request outside a SCIA',
      { ...base, events: [{ type: 'conformation_requested', on: '2025-03-10', answerWithinDays: 30 }] },
      'not_applicable',
      0,
    ],
    [
      'less than 30 days to conform',
      { ...base, clockRule: 'scia', events: [{ type: 'conformation_requested', on: '2025-03-10', answerWithinDays: 20 }] },
      'invalid_conformation_term',
      0,
    ],
    [
      'a preavviso delivered before it was sent',
      { ...base, events: [{ type: 'preavviso_sent', on: '2025-03-10', deliveredOn: '2025-03-09' }] },
      'invalid_delivery_date',
      0,
    ],
    ['an unknown event type', { ...base, events: [{ type: 'archived', on: '2025-03-10' } as unknown as ClockEvent] }, 'invalid_event', 0],
    ['an event date that is not a real date', { ...base, events: integration('2025-02-30') }, 'invalid_date', 0],
    ['a term of 0 days', { ...base, legalTermDays: 0 }, 'invalid_term', undefined],
    ['a term over 180 days', { ...base, legalTermDays: 181 }, 'invalid_term', undefined],
    ['a fractional term', { ...base, legalTermDays: 30.5 }, 'invalid_term', undefined],
    ['an unknown clock rule', { ...base, clockRule: 'silenzio_rigetto' as ClockRule }, 'invalid_rule', undefined],
    ['a receipt day that is not a date', { ...base, receivedOn: '03/03/2025' }, 'invalid_date', undefined],
    ['today before the receipt', { ...base, today: '2025-03-02' }, 'today_before_receipt', undefined],
    ['a malformed patron day', { ...base, patronDay: '29-09' }, 'invalid_patron_day', undefined],
  ])('%s', (_name, input, code, eventIndex) => {
    expect(codeOf(input)).toEqual({ code, eventIndex });
  });

  it('every error code is documented and the errors carry a readable message', () => {
    expect(new Set(CLOCK_ERROR_CODES).size).toBe(CLOCK_ERROR_CODES.length);
    const error = (() => {
      try {
        clock({ ...base, events: [{ type: 'integration_received', on: '2025-03-10' }] });
      } catch (e) {
        return e as ClockError;
      }
      throw new Error('expected a ClockError');
    })();
    expect(isClockError(error)).toBe(true);
    expect(error.message).toContain('2025-03-10');
  });
});

describe('procedure clock: the explanation steps', () => {
  it('explains the suspension and the holiday move in Italian, each step with its article', () => {
    const result = clock({
      receivedOn: '2025-03-03',
      legalTermDays: 30,
      events: integration('2025-03-13', '2025-03-31'),
      today: '2025-04-01',
    });
    expect(result.steps.map((s) => s.code)).toEqual([
      'received',
      'integration_suspended',
      'integration_received',
      'term_end_moved',
      'due_date',
    ]);
    const byCode = Object.fromEntries(result.steps.map((s) => [s.code, s]));
    expect(byCode.integration_suspended?.article).toBe('L. 241/1990 art. 2 c.7');
    expect(byCode.integration_suspended?.text).toContain('13/03/2025');
    expect(byCode.integration_suspended?.text).toContain('20 giorni');
    expect(byCode.integration_received?.params).toMatchObject({ suspendedDays: 18, termDaysLeft: 20 });
    expect(byCode.term_end_moved?.article).toBe('art. 2963 c.3 c.c.; art. 155 c.4 c.p.c.');
    expect(byCode.term_end_moved?.text).toContain('20/04/2025 Pasqua');
    expect(byCode.term_end_moved?.text).toContain("21/04/2025 Lunedì dell'Angelo");
    expect(byCode.due_date?.text).toBe('Scadenza del termine: 22/04/2025.');
    for (const step of result.steps) {
      expect(step.article).not.toBe('');
      expect(step.text).not.toMatch(/[{}]/);
    }
  });

  it('names the patron day and tells the tacit approval date', () => {
    const result = clock({ receivedOn: '2026-08-30', legalTermDays: 30, clockRule: 'silenzio_assenso', today: '2026-09-01' });
    expect(result.steps.find((s) => s.code === 'term_end_moved')?.text).toContain('29/09/2026 Santo patrono');
    const tacit = result.steps.find((s) => s.code === 'tacit_approval');
    expect(tacit).toMatchObject({ on: '2026-10-01', article: 'L. 241/1990 art. 20 c.1' });
    expect(tacit?.text).toContain('dal 01/10/2026');
  });

  it('says when the documents did not arrive within 30 days and when a second request does not suspend', () => {
    const result = clock({
      receivedOn: '2025-03-03',
      legalTermDays: 60,
      events: [...integration('2025-03-13'), ...integration('2025-04-20', '2025-04-25')],
      today: '2025-04-25',
    });
    expect(result.steps.map((s) => s.code)).toEqual([
      'received',
      'integration_suspended',
      'integration_lapsed',
      'integration_once_only',
      'integration_no_effect',
      'term_end_moved',
      'due_date',
    ]);
    expect(result.steps[2]).toMatchObject({ on: '2025-04-13', params: { suspendedUntil: '2025-04-12' } });
    // 03/03 + 60 = 02/05; + 30 days of suspension = Sun 01/06/2025 -> Mon 02/06 Festa della Repubblica -> Tue 03/06/2025
    expect(result.dueDate).toBe('2025-06-03');
  });

  it('a decision after the due date is reported as late', () => {
    const result = clock({
      receivedOn: '2025-03-03',
      legalTermDays: 30,
      events: [{ type: 'decided', on: '2025-04-09' }],
      today: '2025-05-01',
    });
    expect(result).toMatchObject({ status: 'stopped', daysLeft: -7, overdueDays: 7 });
    expect(result.steps.find((s) => s.code === 'decided_late')?.text).toBe(
      'La decisione del 09/04/2025 è arrivata 7 giorni dopo la scadenza del 02/04/2025.',
    );
  });

  it('a preavviso on a SCIA is recorded but does not suspend the term to prohibit (art. 19 c.3)', () => {
    const result = clock({
      receivedOn: '2026-07-16',
      legalTermDays: 30,
      clockRule: 'scia',
      suspensionAllowed: false,
      events: [
        { type: 'preavviso_sent', on: '2026-07-20' },
        { type: 'observations_received', on: '2026-07-25' },
      ],
      today: '2026-07-25',
    });
    expect(result).toMatchObject({ status: 'running', dueDate: '2026-08-17', suspendedDays: 0 });
    expect(result.steps.map((s) => s.code)).toContain('preavviso_scia');
  });

  it('every step code has an Italian template', () => {
    for (const template of Object.values(CLOCK_STEP_TEMPLATES_IT)) expect(template.length).toBeGreaterThan(10);
  });
});
