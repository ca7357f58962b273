/**
 * Locale formatters: Italian (it-IT) or British English (en-GB), both day/month/year, times in
 * Europe/Rome whatever the workstation's zone. Pure: the same output in Node and in the browser.
 */
import type { Language } from './translate';

export const LOCALES: Record<Language, string> = { it: 'it-IT', en: 'en-GB' };
export const TIME_ZONE = 'Europe/Rome';

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface Formatters {
  /** '05/03/2026'. A plain day ('2026-03-05') is shown as is; an instant as its day in Rome. */
  date(value: string | null | undefined): string;
  /** '05/03/2026 14:30' in Europe/Rome. */
  dateTime(value: string | null | undefined): string;
  /** '1.234,5' (grouping always on: CLDR would print Italian 4-digit numbers without it). */
  number(value: number | null | undefined, fractionDigits?: number): string;
  /** '1.234,50 €' (the space is a no-break space). */
  euro(value: number | null | undefined): string;
}

function parseInstant(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function createFormattersUncached(language: Language): Formatters {
  const locale = LOCALES[language];
  const dayInUtc = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const dayInRome = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE });
  const timeInRome = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE });
  const integer = new Intl.NumberFormat(locale, { useGrouping: 'always', maximumFractionDigits: 0 });
  const euro = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', useGrouping: 'always' });
  const numberCache = new Map<number, Intl.NumberFormat>();

  return {
    date(value) {
      if (!value) return '';
      const day = CALENDAR_DAY.exec(value);
      if (day) return dayInUtc.format(new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))));
      const instant = parseInstant(value);
      return instant ? dayInRome.format(instant) : '';
    },
    dateTime(value) {
      if (!value) return '';
      const instant = parseInstant(value);
      return instant ? `${dayInRome.format(instant)} ${timeInRome.format(instant)}` : '';
    },
    number(value, fractionDigits) {
      if (value === null || value === undefined || !Number.isFinite(value)) return '';
      if (fractionDigits === undefined) {
        return Number.isInteger(value) ? integer.format(value) : new Intl.NumberFormat(locale, { useGrouping: 'always' }).format(value);
      }
      let format = numberCache.get(fractionDigits);
      if (!format) {
        format = new Intl.NumberFormat(locale, {
          useGrouping: 'always',
          minimumFractionDigits: fractionDigits,
          maximumFractionDigits: fractionDigits,
        });
        numberCache.set(fractionDigits, format);
      }
      return format.format(value);
    },
    euro(value) {
      if (value === null || value === undefined || !Number.isFinite(value)) return '';
      return euro.format(value);
    },
  };
}

const cache = new Map<Language, Formatters>();

export function createFormatters(language: Language): Formatters {
  let formatters = cache.get(language);
  if (!formatters) {
    formatters = createFormattersUncached(language);
    cache.set(language, formatters);
  }
  return formatters;
}
