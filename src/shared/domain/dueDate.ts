/**
 * Simple due date of a term expressed in calendar days (no suspensions yet).
 *
 * - The day of receipt is not counted (dies a quo non computatur: art. 2963, comma 2, c.c.;
 *   art. 155, comma 1, c.p.c.), so the term ends on receivedOn + termDays.
 * - If that day is a Sunday or a public holiday, the term is extended to the next day that is
 *   neither (art. 2963, comma 3, c.c.; art. 155, comma 4, c.p.c.). Saturday does not extend it.
 */
import { addDays, daysBetween, nextWorkingDay, parseIsoDate, type IsoDate } from './calendar';

export interface DueDateInput {
  /** Day of receipt, 'YYYY-MM-DD' (calendar date in Europe/Rome). */
  receivedOn: IsoDate;
  /** Term in calendar days, a non-negative integer. */
  termDays: number;
  /** The ente's patron saint day, 'MM-DD'. */
  patronDay?: string;
}

export function computeDueDate({ receivedOn, termDays, patronDay }: DueDateInput): IsoDate {
  if (!Number.isInteger(termDays) || termDays < 0) {
    throw new RangeError(`computeDueDate: termDays must be a non-negative integer, got ${termDays}`);
  }
  parseIsoDate(receivedOn);
  const end = addDays(receivedOn, termDays);
  return nextWorkingDay(end, patronDay === undefined ? {} : { patronDay });
}

/** Calendar days from `today` to `dueDate`: 0 on the due date itself, negative when overdue. */
export function daysLeft(dueDate: IsoDate, today: IsoDate): number {
  return daysBetween(today, dueDate);
}
