/**
 * Italian civil calendar on plain calendar dates.
 *
 * Dates are strings 'YYYY-MM-DD' (proleptic Gregorian, no time, no timezone).
 * Arithmetic is done on an integer day number (days since 1970-01-01), which is
 * the same as UTC-based arithmetic: local-time `Date` arithmetic is never used,
 * so daylight-saving changes cannot shift a date by one.
 */

/** A calendar date as 'YYYY-MM-DD'. */
export type IsoDate = string;

export interface CalendarDate {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
}

export interface HolidayOptions {
  /** The ente's patron saint day as 'MM-DD' (e.g. '06-29' for Roma). */
  patronDay?: string;
}

export interface Holiday {
  date: IsoDate;
  name: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/** First year in which 4 October is again a national holiday (L. 8 ottobre 2025, n. 151, in force from 1 January 2026). */
export const SAN_FRANCESCO_FROM_YEAR = 2026;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isValidParts(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Parses a strict 'YYYY-MM-DD' string; throws RangeError if it is not a real date. */
export function parseIsoDate(date: IsoDate): CalendarDate {
  const m = ISO_DATE.exec(date);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (isValidParts(year, month, day)) return { year, month, day };
  }
  throw new RangeError(`Invalid calendar date: ${JSON.stringify(date)} (expected a real date as YYYY-MM-DD)`);
}

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  return m !== null && isValidParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function formatIsoDate({ year, month, day }: CalendarDate): IsoDate {
  if (!isValidParts(year, month, day)) {
    throw new RangeError(`Invalid calendar date: ${year}-${month}-${day}`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Day number <-> civil date (H. Hinnant, "chrono-compatible low-level date algorithms").
function toDayNumber({ year, month, day }: CalendarDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(n: number): CalendarDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

/** `date` plus `n` calendar days (n may be negative). */
export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return formatIsoDate(fromDayNumber(toDayNumber(parseIsoDate(date)) + n));
}

/** Calendar days from `from` to `to` (to - from): positive when `to` is later. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(parseIsoDate(to)) - toDayNumber(parseIsoDate(from));
}

/** Day of the week, 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  // 1970-01-01 (day number 0) was a Thursday.
  return (((toDayNumber(parseIsoDate(date)) + 4) % 7) + 7) % 7;
}

export function isSunday(date: IsoDate): boolean {
  return dayOfWeek(date) === 0;
}

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  if (!Number.isInteger(year) || year < 1583 || year > MAX_YEAR) {
    throw new RangeError(`easterSunday: year must be an integer between 1583 and ${MAX_YEAR}, got ${year}`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatIsoDate({ year, month, day });
}

function parsePatronDay(patronDay: string): { month: number; day: number } {
  const m = MONTH_DAY.exec(patronDay);
  if (m) {
    const month = Number(m[1]);
    const day = Number(m[2]);
    // Checked against a leap year, so '02-29' is accepted (it then applies only in leap years).
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2000, month)) return { month, day };
  }
  throw new RangeError(`Invalid patron day: ${JSON.stringify(patronDay)} (expected MM-DD)`);
}

const FIXED_HOLIDAYS: ReadonlyArray<{ month: number; day: number; name: string; fromYear?: number }> = [
  { month: 1, day: 1, name: 'Capodanno' },
  { month: 1, day: 6, name: 'Epifania' },
  { month: 4, day: 25, name: 'Anniversario della Liberazione' },
  { month: 5, day: 1, name: 'Festa del Lavoro' },
  { month: 6, day: 2, name: 'Festa della Repubblica' },
  { month: 8, day: 15, name: 'Assunzione di Maria (Ferragosto)' },
  { month: 10, day: 4, name: "San Francesco d'Assisi, patrono d'Italia", fromYear: SAN_FRANCESCO_FROM_YEAR },
  { month: 11, day: 1, name: 'Ognissanti' },
  { month: 12, day: 8, name: 'Immacolata Concezione' },
  { month: 12, day: 25, name: 'Natale' },
  { month: 12, day: 26, name: 'Santo Stefano' },
];

/**
 * The public holidays of a year, sorted by date (Sundays are not listed).
 *
 * National holidays of art. 2 L. 27 maggio 1949, n. 260, as amended (L. 336/2000 for 2 June,
 * DPR 792/1985 for 6 January, L. 151/2025 for 4 October from 2026), plus Easter Monday and the
 * local patron saint day. Models the rules in force from 2001 on; earlier years (when some of
 * these days were not holidays) are not modelled.
 */
export function italianHolidays(year: number, opts: HolidayOptions = {}): Holiday[] {
  const easter = easterSunday(year);
  const holidays: Holiday[] = [
    { date: easter, name: 'Pasqua' },
    { date: addDays(easter, 1), name: "Lunedì dell'Angelo (Pasquetta)" },
  ];
  for (const h of FIXED_HOLIDAYS) {
    if (h.fromYear !== undefined && year < h.fromYear) continue;
    holidays.push({ date: formatIsoDate({ year, month: h.month, day: h.day }), name: h.name });
  }
  if (opts.patronDay !== undefined) {
    const { month, day } = parsePatronDay(opts.patronDay);
    if (day <= daysInMonth(year, month)) {
      holidays.push({ date: formatIsoDate({ year, month, day }), name: 'Santo patrono' });
    }
  }
  return holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

/** True if `date` is a public holiday (national, Easter Monday, or the patron day). Sundays are checked by `isSunday`. */
export function isHoliday(date: IsoDate, opts: HolidayOptions = {}): boolean {
  const { year } = parseIsoDate(date);
  return italianHolidays(year, opts).some((h) => h.date === date);
}

/**
 * The day on which a term falling on `date` expires: `date` itself if it is a working day,
 * otherwise the next day that is neither a Sunday nor a holiday (art. 2963, comma 3, c.c.;
 * art. 155, comma 4, c.p.c.: "se il giorno di scadenza è festivo, la scadenza è prorogata di
 * diritto al primo giorno seguente non festivo").
 *
 * Saturday is NOT a holiday for this purpose: a term ending on Saturday does not move.
 * (The Saturday extension of art. 155, comma 5, c.p.c. applies only to acts of civil procedure
 * performed outside hearings, not to administrative terms, and is deliberately not applied.)
 */
export function nextWorkingDay(date: IsoDate, opts: HolidayOptions = {}): IsoDate {
  let d = date;
  while (isSunday(d) || isHoliday(d, opts)) d = addDays(d, 1);
  return d;
}

let romeFormatter: Intl.DateTimeFormat | undefined;

/** The current calendar date in Europe/Rome (not in the machine's timezone). */
export function todayInRome(now: Date = new Date()): IsoDate {
  romeFormatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Rome',
    calendar: 'gregory',
    numberingSystem: 'latn',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const parts = romeFormatter.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return formatIsoDate({ year: part('year'), month: part('month'), day: part('day') });
}
