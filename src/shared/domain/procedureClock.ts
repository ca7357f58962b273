/**
 * The procedure clock: where the legal term of an instance stands, given the catalogue's term and
 * rule, the day of receipt, and what happened on the case since.
 *
 * How days are counted (the same conventions as dueDate.ts, applied to every restart):
 * - The day from which a term runs is not counted (dies a quo non computatur: art. 2963 c.2 c.c.,
 *   art. 155 c.1 c.p.c.). A term of N days received on day R ends on R + N; a term that restarts
 *   "from" day X with N days left ends on X + N.
 * - Only the last day of a term moves: if it is a Sunday or a public holiday (national, Easter
 *   Monday, 4 October from 2026, the ente's patron day) the term ends on the next working day
 *   (art. 2963 c.3 c.c., art. 155 c.4 c.p.c.). Holidays inside the term, or inside a suspension,
 *   change nothing. The days still to run are always counted from the unmoved last day, so a move
 *   is never carried into a later restart.
 * - Suspension (art. 2 c.7 and art. 10-bis L. 241/1990): the day of the request is a day of the
 *   term (the term was running when the act was made); the suspended days are the following ones,
 *   up to and including the day the suspension ends; counting resumes the day after, with the days
 *   that were left. Days left = last day of the term - day of the request (never below zero: a
 *   request on the last day, or on the day the term was moved to, leaves 0 days, and the term then
 *   ends on the day the suspension ends). Suspended days = last suspended day - day of the request.
 * - Interruption (art. 19 c.3 L. 241/1990 for SCIA; art. 20 c.5 DPR 380/2001 for the permesso di
 *   costruire): nothing of the elapsed term survives; the whole term runs again from the answer,
 *   which, as the day of receipt, is not counted: it ends on answer + term.
 * - A request made after the term has expired (after the possibly moved due date) cannot suspend
 *   or interrupt it: an expired term is not revived.
 *
 * Dates are 'YYYY-MM-DD' calendar dates in Europe/Rome, like calendar.ts.
 */
import { addDays, daysBetween, isHoliday, isIsoDate, italianHolidays, nextWorkingDay, type HolidayOptions, type IsoDate } from './calendar';
import { ClockError } from './procedureClockErrors';
import { clockStep, formatItalianDate, type ClockStep, type ClockStepCode, type ClockStepParams } from './procedureClockSteps';

export { ClockError, CLOCK_ERROR_CODES, isClockError, type ClockErrorCode } from './procedureClockErrors';
export { CLOCK_STEP_TEMPLATES_IT, type ClockStep, type ClockStepCode, type ClockStepParams } from './procedureClockSteps';

/** The catalogue's clock rules (procedure_types.clock_rule). */
export const CLOCK_RULES = ['silenzio_inadempimento', 'silenzio_assenso', 'scia'] as const;
export type ClockRule = (typeof CLOCK_RULES)[number];

/**
 * What a request for integration does to the term:
 * - 'suspension' (default, L. 241/1990 art. 2 c.7): suspends it once only, for at most 30 days;
 * - 'interruption' (DPR 380/2001 art. 20 c.5, permesso di costruire): interrupts it once only, if
 *   requested within 30 days of the application; the term restarts in full when the documents
 *   arrive.
 */
export const INTEGRATION_REGIMES = ['suspension', 'interruption'] as const;
export type IntegrationRegime = (typeof INTEGRATION_REGIMES)[number];

export const CLOCK_EVENT_TYPES = [
  'integration_requested',
  'integration_received',
  'preavviso_sent',
  'observations_received',
  'conformation_requested',
  'conformation_answered',
  'decided',
  'withdrawn',
] as const;
export type ClockEventType = (typeof CLOCK_EVENT_TYPES)[number];

/**
 * What happened on the case, as the clock needs it: one event per workflow action (workflow.ts),
 * dated with the day it took effect (Europe/Rome):
 * - request_integration -> integration_requested; receive_integration -> integration_received;
 * - send_preavviso (art. 10-bis) -> preavviso_sent; receive_observations -> observations_received;
 * - request_conformation (SCIA, art. 19 c.3) -> conformation_requested; receive_conformation -> conformation_answered;
 * - decide (accepted, rejected, partially accepted; for a SCIA: prohibition or end of the check) -> decided;
 * - withdraw -> withdrawn.
 * take_in_charge, assign, add_note and close (after a decision) do not affect the clock.
 * A preavviso on a SCIA is recorded but does not suspend the term to prohibit (art. 19 c.3).
 */
export type ClockEvent =
  | { type: 'integration_requested'; on: IsoDate }
  | { type: 'integration_received'; on: IsoDate }
  | {
      type: 'preavviso_sent';
      on: IsoDate;
      /** The day the applicant received the communication (the 10 days for observations run from it); default `on` (PEC). */
      deliveredOn?: IsoDate;
    }
  | { type: 'observations_received'; on: IsoDate }
  | {
      type: 'conformation_requested';
      on: IsoDate;
      /** The term given to the applicant to conform, in days: at least 30 (art. 19 c.3). */
      answerWithinDays: number;
    }
  | { type: 'conformation_answered'; on: IsoDate }
  | { type: 'decided'; on: IsoDate }
  | { type: 'withdrawn'; on: IsoDate };

export interface ProcedureClockInput {
  /** The catalogue's legal term (procedure_types.legal_term_days), 1..180 days. */
  legalTermDays: number;
  /** The catalogue's clock rule (procedure_types.clock_rule). */
  clockRule: ClockRule;
  /** procedure_types.suspension_allowed: whether an integration request may suspend (or interrupt) the term. */
  suspensionAllowed: boolean;
  /** Default 'suspension' (art. 2 c.7); 'interruption' for the permesso di costruire (DPR 380/2001 art. 20 c.5). */
  integrationRegime?: IntegrationRegime;
  /** silenzio_assenso only: true where environmental, landscape or heritage constraints exclude it (art. 20 c.4). */
  tacitApprovalExcluded?: boolean;
  /** Day of receipt of the instance (Europe/Rome). */
  receivedOn: IsoDate;
  /** The ente's patron saint day, 'MM-DD'. */
  patronDay?: string;
  /** The case's clock events in chronological order (same-day events in the order they happened). */
  events: readonly ClockEvent[];
  /** The day the clock is read (usually todayInRome()); no event may be later. */
  today: IsoDate;
}

export type ClockStatus = 'running' | 'suspended' | 'interrupted' | 'stopped';

/** Why the clock is not running, while it is suspended or interrupted. */
export interface ClockPause {
  /** integration: art. 2 c.7 (or DPR 380 art. 20 c.5); preavviso: art. 10-bis; conformation: art. 19 c.3. */
  kind: 'integration' | 'preavviso' | 'conformation';
  effect: 'suspension' | 'interruption';
  /** The day of the request. */
  since: IsoDate;
  /** Suspension: its last day if nothing else happens; the term counts again from the next day. Interruption: null. */
  suspendedUntil: IsoDate | null;
  /** True while the applicant's answer is still expected and would change the clock. */
  awaitingAnswer: boolean;
  /** The last day for the applicant's answer (null when none applies). */
  answerBy: IsoDate | null;
  /** Days of the term that run once the clock restarts: those left (suspension) or the full term (interruption). */
  termDaysLeft: number;
}

export interface ProcedureClock {
  status: ClockStatus;
  stoppedBy: 'decided' | 'withdrawn' | null;
  stoppedOn: IsoDate | null;
  /**
   * The last day of the term before the Sunday/holiday move, if nothing else happens. While
   * suspended: as if the suspension lasts until `pause.suspendedUntil`. While interrupted: null
   * (the new term starts only from the answer). When stopped: the term in force at the stop.
   */
  termEnd: IsoDate | null;
  /** `termEnd` moved to the next working day when it is a Sunday or a holiday. */
  dueDate: IsoDate | null;
  /**
   * Calendar days from `today` to `dueDate`: 0 on the due date, negative when overdue. When
   * stopped, counted from the stop day (negative = decided late). Null when there is no due date.
   */
  daysLeft: number | null;
  /** max(0, -daysLeft). */
  overdueDays: number;
  /** Set while suspended or interrupted. */
  pause: ClockPause | null;
  /** Days the term has been suspended up to today (art. 2 c.7 and art. 10-bis together). */
  suspendedDays: number;
  /** The art. 2 c.7 share of `suspendedDays` (at most 30). */
  integrationSuspensionDays: number;
  /** Whether an integration request made today would suspend (or interrupt) the term. */
  integrationSuspensionAvailable: boolean;
  /** silenzio_assenso: the day the application is deemed granted (the day after the due date), unless decided in time. */
  tacitApprovalOn: IsoDate | null;
  /** scia: the last day on which the activity can be prohibited under art. 19 c.3 (after it only art. 19 c.4). */
  prohibitionDeadline: IsoDate | null;
  /** scia: the day the activity is deemed prohibited because the applicant did not conform in time (art. 19 c.3). */
  deemedProhibitedOn: IsoDate | null;
  /** How the dates were computed, in order, each with its article. */
  steps: ClockStep[];
}

export const MIN_TERM_DAYS = 1;
export const MAX_TERM_DAYS = 180;
/** Art. 2 c.7 L. 241/1990: "per un periodo non superiore a trenta giorni". */
export const MAX_INTEGRATION_SUSPENSION_DAYS = 30;
/** Art. 10-bis L. 241/1990: "entro il termine di dieci giorni dal ricevimento della comunicazione". */
export const OBSERVATION_DAYS = 10;
/** Art. 10-bis L. 241/1990: the terms "ricominciano a decorrere dieci giorni dopo la presentazione delle osservazioni". */
export const RESTART_DAYS_AFTER_OBSERVATIONS = 10;
/** Art. 19 c.3 L. 241/1990: the applicant is given "un termine non inferiore a trenta giorni" to conform. */
export const MIN_CONFORMATION_DAYS = 30;
/** Art. 20 c.5 DPR 380/2001: the interruption is possible "entro trenta giorni dalla presentazione della domanda". */
export const INTEGRATION_INTERRUPTION_WINDOW_DAYS = 30;

interface Suspension {
  effect: 'suspension';
  kind: 'integration' | 'preavviso';
  since: IsoDate;
  until: IsoDate;
  awaitingAnswer: boolean;
  answerBy: IsoDate | null;
  termDaysLeft: number;
}

interface Interruption {
  effect: 'interruption';
  kind: 'integration' | 'conformation';
  since: IsoDate;
  answerBy: IsoDate | null;
  /** conformation only: the applicant's term ran out and the activity is deemed prohibited. */
  lapsed: boolean;
}

type Pause = Suspension | Interruption;

function fail(code: ClockError['code'], message: string, eventIndex?: number): never {
  throw new ClockError(code, message, eventIndex);
}

function requireDate(value: unknown, what: string, eventIndex?: number): IsoDate {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    fail('invalid_date', `${what} must be a real calendar date as YYYY-MM-DD, got ${JSON.stringify(value)}`, eventIndex);
  }
  return value;
}

/** Validates an input that may come straight from JSON, so every field is checked at run time. */
function validateInput(input: ProcedureClockInput): { holidays: HolidayOptions; regime: IntegrationRegime } {
  const { legalTermDays, clockRule, receivedOn, today, patronDay, events } = input;
  if (!Number.isInteger(legalTermDays) || legalTermDays < MIN_TERM_DAYS || legalTermDays > MAX_TERM_DAYS) {
    fail('invalid_term', `legalTermDays must be a whole number of days from ${MIN_TERM_DAYS} to ${MAX_TERM_DAYS}, got ${legalTermDays}`);
  }
  if (!(CLOCK_RULES as readonly string[]).includes(clockRule)) fail('invalid_rule', `Unknown clock rule ${JSON.stringify(clockRule)}`);
  const regime = input.integrationRegime ?? 'suspension';
  if (!(INTEGRATION_REGIMES as readonly string[]).includes(regime)) {
    fail('invalid_rule', `Unknown integration regime ${JSON.stringify(regime)}`);
  }
  if (typeof input.suspensionAllowed !== 'boolean') fail('invalid_rule', 'suspensionAllowed must be true or false');
  requireDate(receivedOn, 'receivedOn');
  requireDate(today, 'today');
  if (today < receivedOn) fail('today_before_receipt', `today (${today}) is before the day of receipt (${receivedOn})`);
  const holidays: HolidayOptions = patronDay === undefined ? {} : { patronDay };
  try {
    isHoliday(receivedOn, holidays);
  } catch {
    fail('invalid_patron_day', `The patron day must be MM-DD, got ${JSON.stringify(patronDay)}`);
  }
  if (!Array.isArray(events)) fail('invalid_event', 'events must be an array');
  return { holidays, regime };
}

/** The days between `from` and `to` that are not working days, named (e.g. "25/12/2026 Natale, 27/12/2026 domenica"). */
function describeClosedDays(from: IsoDate, to: IsoDate, holidays: HolidayOptions): string {
  const names: string[] = [];
  for (let day = from; day < to; day = addDays(day, 1)) {
    const holiday = italianHolidays(Number(day.slice(0, 4)), holidays).find((h) => h.date === day);
    names.push(`${formatItalianDate(day)} ${holiday?.name ?? 'domenica'}`);
  }
  return names.join(', ');
}

/** One pass over the events; the state is mutable and private to one computation. */
class ClockRun {
  private readonly term: number;
  private readonly receivedOn: IsoDate;
  private readonly rule: ClockRule;
  /** Last day of the term, before the holiday move; meaningful while no pause is in effect. */
  private termEnd: IsoDate;
  private pause: Pause | null = null;
  private stop: { by: 'decided' | 'withdrawn'; on: IsoDate } | null = null;
  /** Art. 2 c.7 / DPR 380 art. 20 c.5: the once-only suspension or interruption has been used. */
  private integrationUsed = false;
  /** Requests the applicant has not answered yet (an answer needs one, even if the request had no effect on the term). */
  private readonly unanswered = { integration: false, preavviso: false, conformation: false };
  private suspendedDaysEnded = 0;
  private integrationDaysEnded = 0;
  private deemedProhibitedOn: IsoDate | null = null;
  private lastEventOn: IsoDate;
  private readonly steps: ClockStep[] = [];

  constructor(
    private readonly input: ProcedureClockInput,
    private readonly holidays: HolidayOptions,
    private readonly regime: IntegrationRegime,
  ) {
    this.term = input.legalTermDays;
    this.receivedOn = input.receivedOn;
    this.rule = input.clockRule;
    this.termEnd = addDays(this.receivedOn, this.term);
    this.lastEventOn = this.receivedOn;
    this.record(this.receivedOn, this.rule === 'scia' ? 'scia_received' : 'received', { termDays: this.term });
    if (this.rule === 'silenzio_assenso' && input.tacitApprovalExcluded === true) {
      this.record(this.receivedOn, 'tacit_approval_excluded');
    }
  }

  private record(on: IsoDate, code: ClockStepCode, params: ClockStepParams = {}): void {
    this.steps.push(clockStep(on, code, params));
  }

  private dueOf(termEnd: IsoDate): IsoDate {
    return nextWorkingDay(termEnd, this.holidays);
  }

  /** The due date in force while the term is running. */
  private runningDue(): IsoDate {
    return this.dueOf(this.termEnd);
  }

  /** A term that has expired (the day is after its possibly moved due date) cannot be suspended or interrupted. */
  private expiredOn(day: IsoDate): boolean {
    return day > this.runningDue();
  }

  /** Days of the term still to run after `day` (the day itself counted as elapsed); 0 within the holiday move. */
  private daysLeftAfter(day: IsoDate): number {
    return Math.max(0, daysBetween(day, this.termEnd));
  }

  private endSuspension(suspension: Suspension, lastSuspendedDay: IsoDate): number {
    const days = daysBetween(suspension.since, lastSuspendedDay);
    this.suspendedDaysEnded += days;
    if (suspension.kind === 'integration') this.integrationDaysEnded += days;
    this.termEnd = addDays(lastSuspendedDay, suspension.termDaysLeft);
    this.pause = null;
    return days;
  }

  /** What happens by itself before `day`: a suspension whose last day has passed ends; an unanswered conformation lapses. */
  private settleBefore(day: IsoDate): void {
    const pause = this.pause;
    if (pause?.effect === 'suspension' && pause.until < day) {
      this.endSuspension(pause, pause.until);
      if (pause.awaitingAnswer) {
        const code = pause.kind === 'integration' ? 'integration_lapsed' : 'observations_lapsed';
        this.record(addDays(pause.until, 1), code, {
          suspendedUntil: pause.until,
          answerBy: pause.answerBy ?? pause.until,
          termDaysLeft: pause.termDaysLeft,
        });
      }
    } else if (
      pause?.effect === 'interruption' &&
      pause.kind === 'conformation' &&
      !pause.lapsed &&
      pause.answerBy !== null &&
      pause.answerBy < day
    ) {
      pause.lapsed = true;
      this.deemedProhibitedOn = addDays(pause.answerBy, 1);
      this.record(this.deemedProhibitedOn, 'conformation_lapsed', {
        answerBy: pause.answerBy,
        deemedProhibitedOn: this.deemedProhibitedOn,
      });
    }
  }

  private requireRunning(event: ClockEvent, index: number): void {
    if (this.pause !== null) {
      const state = this.pause.effect === 'suspension' ? 'suspended' : 'interrupted';
      fail('clock_not_running', `${event.type} on ${event.on}: the term is already ${state} since ${this.pause.since}`, index);
    }
  }

  apply(raw: unknown, index: number): void {
    const event = this.checkEvent(raw, index);
    this.settleBefore(event.on);
    switch (event.type) {
      case 'integration_requested':
        return this.integrationRequested(event, index);
      case 'integration_received':
        return this.integrationReceived(event, index);
      case 'preavviso_sent':
        return this.preavvisoSent(event, index);
      case 'observations_received':
        return this.observationsReceived(event, index);
      case 'conformation_requested':
        return this.conformationRequested(event, index);
      case 'conformation_answered':
        return this.conformationAnswered(event, index);
      case 'decided':
      case 'withdrawn':
        return this.stopped(event.type, event.on);
    }
  }

  private checkEvent(raw: unknown, index: number): ClockEvent {
    if (typeof raw !== 'object' || raw === null || !(CLOCK_EVENT_TYPES as readonly unknown[]).includes((raw as { type?: unknown }).type)) {
      fail('invalid_event', `Event ${index} is not a clock event (type must be one of ${CLOCK_EVENT_TYPES.join(', ')})`, index);
    }
    const event = raw as ClockEvent;
    requireDate(event.on, `Event ${index} (${event.type}) date`, index);
    if (this.stop !== null) {
      fail('event_after_stop', `${event.type} on ${event.on}: the clock stopped on ${this.stop.on} (${this.stop.by})`, index);
    }
    if (event.on < this.receivedOn) {
      fail('event_before_receipt', `${event.type} on ${event.on} is before the day of receipt ${this.receivedOn}`, index);
    }
    if (event.on < this.lastEventOn) {
      fail('event_out_of_order', `${event.type} on ${event.on} is listed after an event of ${this.lastEventOn}`, index);
    }
    if (event.on > this.input.today) fail('event_after_today', `${event.type} on ${event.on} is after today (${this.input.today})`, index);
    this.lastEventOn = event.on;
    return event;
  }

  private integrationRequested(event: ClockEvent, index: number): void {
    this.requireRunning(event, index);
    this.unanswered.integration = true;
    const on = event.on;
    if (this.rule === 'scia') return this.record(on, 'integration_scia');
    if (!this.input.suspensionAllowed) return this.record(on, 'integration_not_suspensible');
    if (this.integrationUsed) return this.record(on, 'integration_once_only');
    if (this.expiredOn(on)) return this.record(on, 'integration_after_expiry', { dueDate: this.runningDue() });
    if (this.regime === 'interruption') {
      const windowEnd = this.dueOf(addDays(this.receivedOn, INTEGRATION_INTERRUPTION_WINDOW_DAYS));
      if (on > windowEnd) return this.record(on, 'integration_interruption_too_late', { windowEnd });
      this.integrationUsed = true;
      this.pause = { effect: 'interruption', kind: 'integration', since: on, answerBy: null, lapsed: false };
      return this.record(on, 'integration_interrupted', { termDays: this.term });
    }
    this.integrationUsed = true;
    // The 30th suspended day is request + 30; without documents the term counts again from the next day.
    // Not moved for holidays: it bounds the suspension, it is not a term for anyone to act.
    const until = addDays(on, MAX_INTEGRATION_SUSPENSION_DAYS);
    const termDaysLeft = this.daysLeftAfter(on);
    this.pause = { effect: 'suspension', kind: 'integration', since: on, until, awaitingAnswer: true, answerBy: until, termDaysLeft };
    this.record(on, 'integration_suspended', { termDaysLeft, suspendedUntil: until });
  }

  private integrationReceived(event: ClockEvent, index: number): void {
    if (!this.unanswered.integration) {
      fail('no_pending_request', `integration_received on ${event.on} without an integration request to answer`, index);
    }
    this.unanswered.integration = false;
    const pause = this.pause;
    if (pause?.kind === 'integration' && pause.effect === 'suspension') {
      // Documents on day E: the suspended days are request+1 .. E; the term counts again from E+1.
      const suspendedDays = this.endSuspension(pause, event.on);
      return this.record(event.on, 'integration_received', { suspendedDays, termDaysLeft: pause.termDaysLeft });
    }
    if (pause?.kind === 'integration' && pause.effect === 'interruption') {
      // DPR 380/2001 art. 20 c.5: "ricomincia a decorrere per intero dalla data di ricezione della documentazione integrativa".
      this.termEnd = addDays(event.on, this.term);
      this.pause = null;
      return this.record(event.on, 'integration_restarted', { termDays: this.term });
    }
    this.record(event.on, 'integration_no_effect');
  }

  private preavvisoSent(event: Extract<ClockEvent, { type: 'preavviso_sent' }>, index: number): void {
    this.requireRunning(event, index);
    const deliveredOn = event.deliveredOn === undefined ? event.on : requireDate(event.deliveredOn, 'deliveredOn', index);
    if (deliveredOn < event.on) {
      fail('invalid_delivery_date', `preavviso delivered on ${deliveredOn}, before it was sent on ${event.on}`, index);
    }
    if (deliveredOn > this.input.today)
      fail('event_after_today', `preavviso delivered on ${deliveredOn}, after today (${this.input.today})`, index);
    this.unanswered.preavviso = true;
    // Art. 10-bis suspends the terms of instances (istanze di parte); a SCIA's term to prohibit is
    // only interrupted by a conformation request (art. 19 c.3). Recorded, so the case's history stays computable.
    if (this.rule === 'scia') return this.record(event.on, 'preavviso_scia');
    if (this.expiredOn(event.on)) return this.record(event.on, 'preavviso_after_expiry', { dueDate: this.runningDue() });
    // The applicant's 10 days run from the delivery; as a term to act, its last day moves off a Sunday or holiday.
    // Without observations the term counts again from the day after that last day ("dalla scadenza del termine").
    const answerBy = this.dueOf(addDays(deliveredOn, OBSERVATION_DAYS));
    const termDaysLeft = this.daysLeftAfter(event.on);
    this.pause = {
      effect: 'suspension',
      kind: 'preavviso',
      since: event.on,
      until: answerBy,
      awaitingAnswer: true,
      answerBy,
      termDaysLeft,
    };
    this.record(event.on, 'preavviso_suspended', { deliveredOn, answerBy, termDaysLeft });
  }

  private observationsReceived(event: ClockEvent, index: number): void {
    if (!this.unanswered.preavviso) {
      fail('no_pending_request', `observations_received on ${event.on} without a preavviso di rigetto to answer`, index);
    }
    this.unanswered.preavviso = false;
    const pause = this.pause;
    if (pause?.kind === 'preavviso' && pause.effect === 'suspension' && pause.awaitingAnswer) {
      // "ricominciano a decorrere dieci giorni dopo la presentazione delle osservazioni": observations on day O,
      // the suspension lasts to O+10 (a fixed delay, not a term for anyone to act: not moved), counting again from O+11.
      pause.until = addDays(event.on, RESTART_DAYS_AFTER_OBSERVATIONS);
      pause.awaitingAnswer = false;
      pause.answerBy = null;
      return this.record(event.on, 'observations_received', { suspendedUntil: pause.until, termDaysLeft: pause.termDaysLeft });
    }
    this.record(event.on, 'observations_no_effect');
  }

  private conformationRequested(event: Extract<ClockEvent, { type: 'conformation_requested' }>, index: number): void {
    if (this.rule !== 'scia') {
      fail('not_applicable', `conformation_requested on ${event.on}: a conformation request (art. 19 c.3) exists only for a SCIA`, index);
    }
    if (!Number.isInteger(event.answerWithinDays)) {
      fail('invalid_event', `conformation_requested on ${event.on}: answerWithinDays must be a whole number of days`, index);
    }
    if (event.answerWithinDays < MIN_CONFORMATION_DAYS) {
      fail(
        'invalid_conformation_term',
        `conformation_requested on ${event.on}: the applicant must be given at least ${MIN_CONFORMATION_DAYS} days, got ${event.answerWithinDays}`,
        index,
      );
    }
    this.requireRunning(event, index);
    this.unanswered.conformation = true;
    if (this.expiredOn(event.on)) return this.record(event.on, 'conformation_after_expiry', { dueDate: this.runningDue() });
    const answerBy = this.dueOf(addDays(event.on, event.answerWithinDays));
    this.pause = { effect: 'interruption', kind: 'conformation', since: event.on, answerBy, lapsed: false };
    this.record(event.on, 'conformation_interrupted', { answerBy, termDays: this.term });
  }

  private conformationAnswered(event: ClockEvent, index: number): void {
    if (!this.unanswered.conformation) {
      fail('no_pending_request', `conformation_answered on ${event.on} without a conformation request to answer`, index);
    }
    this.unanswered.conformation = false;
    const pause = this.pause;
    if (pause?.kind !== 'conformation') return this.record(event.on, 'conformation_no_effect');
    if (pause.lapsed) return this.record(event.on, 'conformation_late', { answerBy: pause.answerBy ?? event.on });
    // Art. 19 c.3: the term "ricomincia a decorrere dalla data in cui il privato comunica l'adozione delle suddette misure".
    this.termEnd = addDays(event.on, this.term);
    this.pause = null;
    this.record(event.on, 'conformation_answered', { termDays: this.term });
  }

  private stopped(by: 'decided' | 'withdrawn', on: IsoDate): void {
    // A decision during a suspension ends it that day; the term in force is then the one the clock would resume with.
    if (this.pause?.effect === 'suspension') this.endSuspension(this.pause, on);
    this.stop = { by, on };
    this.record(on, by);
  }

  result(): ProcedureClock {
    const today = this.input.today;
    if (this.stop === null) this.settleBefore(today);
    const pause = this.pause;
    const stop = this.stop;

    const termEnd = pause === null ? this.termEnd : pause.effect === 'suspension' ? addDays(pause.until, pause.termDaysLeft) : null;
    const dueDate = termEnd === null ? null : this.dueOf(termEnd);
    const daysLeft = dueDate === null ? null : daysBetween(stop?.on ?? today, dueDate);
    const ongoingSuspension = stop === null && pause?.effect === 'suspension' ? daysBetween(pause.since, today) : 0;
    const tacitApprovalOn =
      this.rule === 'silenzio_assenso' &&
      this.input.tacitApprovalExcluded !== true &&
      dueDate !== null &&
      (stop === null || stop.on > dueDate)
        ? addDays(dueDate, 1)
        : null;
    const status: ClockStatus =
      stop !== null ? 'stopped' : pause === null ? 'running' : pause.effect === 'suspension' ? 'suspended' : 'interrupted';

    this.recordOutcome(termEnd, dueDate, tacitApprovalOn, daysLeft);

    return {
      status,
      stoppedBy: stop?.by ?? null,
      stoppedOn: stop?.on ?? null,
      termEnd,
      dueDate,
      daysLeft,
      overdueDays: daysLeft !== null && daysLeft < 0 ? -daysLeft : 0,
      pause: stop === null && pause !== null ? this.describePause(pause) : null,
      suspendedDays: this.suspendedDaysEnded + ongoingSuspension,
      integrationSuspensionDays: this.integrationDaysEnded + (pause?.kind === 'integration' ? ongoingSuspension : 0),
      integrationSuspensionAvailable: this.integrationSuspensionAvailable(status, dueDate),
      tacitApprovalOn,
      prohibitionDeadline: this.rule === 'scia' ? dueDate : null,
      deemedProhibitedOn: this.deemedProhibitedOn,
      steps: this.steps,
    };
  }

  private integrationSuspensionAvailable(status: ClockStatus, dueDate: IsoDate | null): boolean {
    const today = this.input.today;
    if (status !== 'running' || dueDate === null || today > dueDate) return false;
    if (this.rule === 'scia' || !this.input.suspensionAllowed || this.integrationUsed) return false;
    return this.regime === 'suspension' || today <= this.dueOf(addDays(this.receivedOn, INTEGRATION_INTERRUPTION_WINDOW_DAYS));
  }

  private describePause(pause: Pause): ClockPause {
    if (pause.effect === 'suspension') {
      return {
        kind: pause.kind,
        effect: 'suspension',
        since: pause.since,
        suspendedUntil: pause.until,
        awaitingAnswer: pause.awaitingAnswer,
        answerBy: pause.answerBy,
        termDaysLeft: pause.termDaysLeft,
      };
    }
    return {
      kind: pause.kind,
      effect: 'interruption',
      since: pause.since,
      suspendedUntil: null,
      awaitingAnswer: !pause.lapsed,
      answerBy: pause.answerBy,
      termDaysLeft: this.term,
    };
  }

  /** The closing steps: the holiday move, the due date, and what its lapse means under the rule. */
  private recordOutcome(termEnd: IsoDate | null, dueDate: IsoDate | null, tacitApprovalOn: IsoDate | null, daysLeft: number | null): void {
    if (termEnd === null || dueDate === null) return;
    if (dueDate !== termEnd) {
      this.record(termEnd, 'term_end_moved', { termEnd, dueDate, closedDays: describeClosedDays(termEnd, dueDate, this.holidays) });
    }
    const pause = this.pause;
    if (this.stop === null && pause?.effect === 'suspension' && pause.awaitingAnswer && pause.answerBy !== null) {
      this.record(dueDate, 'due_date_if_no_answer', { dueDate, answerBy: pause.answerBy });
    } else {
      this.record(dueDate, 'due_date', { dueDate });
    }
    if (this.stop?.by === 'decided' && daysLeft !== null && daysLeft < 0) {
      this.record(this.stop.on, 'decided_late', { dueDate, overdueDays: -daysLeft });
    }
    if (this.rule === 'scia') this.record(dueDate, 'prohibition_deadline', { dueDate });
    if (tacitApprovalOn !== null) this.record(tacitApprovalOn, 'tacit_approval', { dueDate, tacitApprovalOn });
  }
}

/**
 * Where the term of an instance stands on `input.today`. Pure: same input, same result.
 * Throws ClockError (with a code and the index of the offending event) for input it cannot place
 * on the legal timeline; never computes a date from an invalid sequence.
 */
export function computeProcedureClock(input: ProcedureClockInput): ProcedureClock {
  const { holidays, regime } = validateInput(input);
  const run = new ClockRun(input, holidays, regime);
  input.events.forEach((event, index) => run.apply(event, index));
  return run.result();
}

/** True if `value` is one of the catalogue's clock rules. */
export function isClockRule(value: unknown): value is ClockRule {
  return (CLOCK_RULES as readonly unknown[]).includes(value);
}
