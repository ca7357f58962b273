/**
 * Days typed the Italian way, whatever the workstation's locale: '05/03/2026', '5/3/2026',
 * '05-03-2026', '05.03.2026', '05032026'. Two-digit years are taken as 20yy. Pure.
 */
import { isIsoDate, type IsoDate } from '../../shared/domain/calendar';

export interface DayParts {
  year: number;
  month: number;
  day: number;
}

const SEPARATED = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})\s*$/;
const COMPACT = /^\s*(\d{2})(\d{2})(\d{4})\s*$/;

export function parseDayText(text: string): DayParts | null {
  const match = SEPARATED.exec(text) ?? COMPACT.exec(text);
  if (!match) return null;
  const day = Number(match[1]);
  const month = Number(match[2]);
  let year = Number(match[3]);
  if (match[3]!.length === 2) year += 2000;
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(iso) ? { year, month, day } : null;
}

export function formatDayParts(parts: DayParts): string {
  return `${String(parts.day).padStart(2, '0')}/${String(parts.month).padStart(2, '0')}/${parts.year}`;
}

/** ag-grid hands dates to and from date components as local-time Date objects. */
export function dayPartsToDate(parts: DayParts): Date {
  return new Date(parts.year, parts.month - 1, parts.day);
}

export function dateToDayParts(date: Date): DayParts {
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() };
}

/** '05/03/2026' → '2026-03-05'; null when it is not a day. */
export function dayFromText(text: string): IsoDate | null {
  const parts = parseDayText(text);
  return parts
    ? `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`
    : null;
}
