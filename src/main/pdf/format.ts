/**
 * Italian formats for printed documents: days as dd/mm/yyyy, times in Europe/Rome whatever the
 * server's zone, numbers with the Italian separators, protocol numbers as 0000123/2026.
 */
export const PDF_TIME_ZONE = 'Europe/Rome';

const dayFormat = new Intl.DateTimeFormat('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: PDF_TIME_ZONE });
const timeFormat = new Intl.DateTimeFormat('it-IT', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: PDF_TIME_ZONE,
});
const longDayFormat = new Intl.DateTimeFormat('it-IT', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const integerFormat = new Intl.NumberFormat('it-IT', { useGrouping: 'always', maximumFractionDigits: 0 });

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayAsUtcDate(day: string): Date {
  const match = CALENDAR_DAY.exec(day);
  if (!match) throw new RangeError(`Not a calendar day: ${day}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** '2026-11-23' → '23/11/2026'. */
export function formatDay(day: string): string {
  const match = CALENDAR_DAY.exec(day);
  if (!match) throw new RangeError(`Not a calendar day: ${day}`);
  return `${match[3]}/${match[2]}/${match[1]}`;
}

/** '2026-11-23' → 'lunedì 23 novembre 2026'. */
export function formatLongDay(day: string): string {
  return longDayFormat.format(dayAsUtcDate(day));
}

/** An instant as its Rome day: '23/11/2026'. */
export function formatInstantDay(instant: Date | string): string {
  return dayFormat.format(new Date(instant));
}

/** An instant in Rome: '23/11/2026 14:05:09'. */
export function formatDateTime(instant: Date | string): string {
  const date = new Date(instant);
  return `${dayFormat.format(date)} ${timeFormat.format(date)}`;
}

/** An instant's Rome time of day: '14:05:09'. */
export function formatTime(instant: Date | string): string {
  return timeFormat.format(new Date(instant));
}

/** 1234567 → '1.234.567' (grouping always on, as Italian documents print it). */
export function formatInteger(value: number): string {
  return integerFormat.format(value);
}

/** A file size: '512 byte', '12,4 kB', '3,1 MB'. */
export function formatBytes(size: number): string {
  if (size < 1024) return `${formatInteger(size)} byte`;
  const units = ['kB', 'MB', 'GB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(value)} ${units[unit]}`;
}
