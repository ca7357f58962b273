/**
 * The dashboard's period: a preset (last 30 or 90 days, last 12 months, year to date) or days typed
 * by hand (dd/mm/yyyy). Pure, so the presets are unit-tested.
 */
import { addDays, type IsoDate } from '../../shared/domain/calendar';
import { LOCALES } from '../i18n/format';
import type { Language } from '../i18n/translate';
import { formatDayParts } from '../worklist/dayText';

export { dayFromText } from '../worklist/dayText';

export const PERIOD_PRESETS = ['month', 'quarter', 'year', 'ytd', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, today: IsoDate): { from: IsoDate; to: IsoDate } {
  switch (preset) {
    case 'month':
      return { from: addDays(today, -29), to: today };
    case 'quarter':
      return { from: addDays(today, -89), to: today };
    case 'year':
      return { from: addDays(today, -364), to: today };
    case 'ytd':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}

/** A month of the reports ('2026-03') as people read it: 'mar 2026', 'Mar 2026'. */
export function monthLabel(month: string, language: Language): string {
  const [year, number] = month.split('-').map(Number);
  if (!year || !number) return month;
  return new Intl.DateTimeFormat(LOCALES[language], { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, number - 1, 1)),
  );
}

export function textFromDay(day: IsoDate): string {
  return formatDayParts({ year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)) });
}
