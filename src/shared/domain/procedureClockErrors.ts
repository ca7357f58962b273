/**
 * Errors of the procedure clock. The clock never guesses: an input it cannot place on the legal
 * timeline is refused with a stable code, which the workflow maps to an API error (reason
 * `clock_<code>`) and the UI translates.
 */
export const CLOCK_ERROR_CODES = [
  /** A date is not a real calendar date 'YYYY-MM-DD'. */
  'invalid_date',
  /** The legal term is not a whole number of days between 1 and 180 (L. 241/1990 art. 2 c.2-4). */
  'invalid_term',
  /** The clock rule is not one of CLOCK_RULES, or the integration regime is unknown. */
  'invalid_rule',
  /** The ente's patron day is not 'MM-DD'. */
  'invalid_patron_day',
  /** An event of a type the clock does not know, or with a missing or malformed field. */
  'invalid_event',
  /** `today` is before the day of receipt. */
  'today_before_receipt',
  /** An event is dated before the day the instance was received. */
  'event_before_receipt',
  /** An event is dated before the event listed ahead of it: events must be in chronological order. */
  'event_out_of_order',
  /** An event is dated after `today` (the clock is computed as of today). */
  'event_after_today',
  /** An event follows the decision or the withdrawal that stopped the clock. */
  'event_after_stop',
  /** An answer (integration received, observations, conformation) without the request it answers. */
  'no_pending_request',
  /** A new suspension or interruption while the clock is already suspended or interrupted. */
  'clock_not_running',
  /** The event does not exist under this clock rule: a conformation request (art. 19 c.3) outside a SCIA. */
  'not_applicable',
  /** The delivery of the preavviso is dated before its sending. */
  'invalid_delivery_date',
  /** The conformation request gives the applicant fewer than 30 days (L. 241/1990 art. 19 c.3). */
  'invalid_conformation_term',
] as const;

export type ClockErrorCode = (typeof CLOCK_ERROR_CODES)[number];

export class ClockError extends Error {
  override readonly name = 'ClockError';

  constructor(
    readonly code: ClockErrorCode,
    message: string,
    /** Position in the input's `events` of the offending event, when an event is at fault. */
    readonly eventIndex?: number,
  ) {
    super(message);
  }
}

export function isClockError(value: unknown): value is ClockError {
  return value instanceof ClockError;
}
