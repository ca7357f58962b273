/**
 * The load model and the dashboard's pure rules: how heavy a person's work is against their
 * capacity, how a period is checked, how open cases are aged, how weeks are cut, how a median is
 * read from a histogram. No I/O: the same rules serve the main process, the renderer and the tests.
 */
import { addDays, dayOfWeek, daysBetween, type IsoDate } from './calendar';

/** How much work a case of a procedure type is, when the office has not said otherwise. */
export const DEFAULT_PROCEDURE_WEIGHT = 1;
/** A person's part-time share when not set: full time. */
export const DEFAULT_CAPACITY_SHARE = 1;
/** The weighted load a full-time person holds at 100% on the load meter, when the ente has not set it. */
export const DEFAULT_FULL_TIME_POINTS = 40;

export const ASSIGNMENT_RULES = ['round_robin', 'least_load'] as const;
export type AssignmentRule = (typeof ASSIGNMENT_RULES)[number];

/** How an assignment came about, as recorded in the trace of assignment batches. */
export const ASSIGNMENT_METHODS = ['manual', 'bulk', 'automatic', 'absence_cover'] as const;
export type AssignmentMethod = (typeof ASSIGNMENT_METHODS)[number];

export const ABSENCE_KINDS = ['ferie', 'malattia', 'formazione', 'permesso', 'altro'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

export type LoadLevel = 'light' | 'normal' | 'high' | 'over';

export interface LoadFigures {
  /** Sum of the weights of the person's open cases. */
  weightedLoad: number;
  /** What the person can hold: part-time share × the ente's full-time points. */
  capacityPoints: number;
  /** weightedLoad / capacityPoints (1 = full). */
  ratio: number;
  level: LoadLevel;
}

export function capacityPoints(capacityShare: number, fullTimePoints: number): number {
  return Math.round(capacityShare * fullTimePoints * 10) / 10;
}

export function loadLevel(ratio: number): LoadLevel {
  if (ratio > 1) return 'over';
  if (ratio >= 0.85) return 'high';
  if (ratio >= 0.4) return 'normal';
  return 'light';
}

export function loadFigures(weightedLoad: number, capacityShare: number, fullTimePoints: number): LoadFigures {
  const capacity = capacityPoints(capacityShare, fullTimePoints);
  const ratio = capacity > 0 ? weightedLoad / capacity : Number.POSITIVE_INFINITY;
  return { weightedLoad: Math.round(weightedLoad * 10) / 10, capacityPoints: capacity, ratio, level: loadLevel(ratio) };
}

// ------------------------------------------------------------------------------------------------
// Periods

/** The longest period the dashboard reads: ten years (the archive of a decade of cases). */
export const MAX_PERIOD_DAYS = 3660;

export type PeriodRefusal = 'period_empty' | 'period_in_future' | 'period_too_long';

/**
 * Why a period cannot be read, or null. `from` and `to` are both included: a period ending before
 * it starts has no day in it; one starting after today has nothing to show yet.
 */
export function checkPeriod(from: IsoDate, to: IsoDate, today: IsoDate): PeriodRefusal | null {
  if (to < from) return 'period_empty';
  if (from > today) return 'period_in_future';
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) return 'period_too_long';
  return null;
}

/** The Monday of the ISO week a day falls in. */
export function weekStart(day: IsoDate): IsoDate {
  return addDays(day, -((dayOfWeek(day) + 6) % 7));
}

/** Every week (by its Monday) that has at least one day in the period, in order. */
export function weeksOf(from: IsoDate, to: IsoDate): IsoDate[] {
  const weeks: IsoDate[] = [];
  for (let week = weekStart(from); week <= to; week = addDays(week, 7)) weeks.push(week);
  return weeks;
}

/**
 * The whole weeks (Monday to Sunday) inside a period, as [first Monday, the Monday after the last
 * one], or null when the period holds no whole week. Long periods read those from the weekly
 * roll-up and only the days at their edges from the daily one.
 */
export function wholeWeeksOf(from: IsoDate, to: IsoDate): { from: IsoDate; until: IsoDate } | null {
  const first = weekStart(from) === from ? from : addDays(weekStart(from), 7);
  const until = weekStart(addDays(to, 1));
  return first < until ? { from: first, until } : null;
}

/** First day of the month of a day. */
export function monthStart(day: IsoDate): IsoDate {
  return `${day.slice(0, 7)}-01`;
}

/** First day of the next month. */
export function nextMonthStart(day: IsoDate): IsoDate {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/**
 * The whole months inside a period, as [first month, first month after the last], or null when
 * the period holds no whole month. The dashboard reads those from the monthly roll-up and the
 * remaining days (the edges) case by case.
 */
export function wholeMonthsOf(from: IsoDate, to: IsoDate): { from: IsoDate; until: IsoDate } | null {
  const first = from === monthStart(from) ? from : nextMonthStart(from);
  const until = addDays(to, 1) === nextMonthStart(to) ? nextMonthStart(to) : monthStart(to);
  return first < until ? { from: first, until } : null;
}

// ------------------------------------------------------------------------------------------------
// Ageing and medians

/** Age bands of open cases, in days since receipt (both ends included; `to` null: no upper end). */
export const AGEING_BUCKETS = [
  { id: 'd0_30', from: 0, to: 30 },
  { id: 'd31_60', from: 31, to: 60 },
  { id: 'd61_90', from: 61, to: 90 },
  { id: 'd91_180', from: 91, to: 180 },
  { id: 'd181_plus', from: 181, to: null },
] as const;
export type AgeingBucketId = (typeof AGEING_BUCKETS)[number]['id'];

export function ageingBucketOf(ageDays: number): AgeingBucketId {
  const bucket = AGEING_BUCKETS.find((b) => ageDays >= b.from && (b.to === null || ageDays <= b.to));
  return bucket ? bucket.id : 'd0_30';
}

export interface HistogramBin {
  value: number;
  count: number;
}

/**
 * The median of the values a histogram counts (the mean of the two middle values when the count is
 * even), or null when it counts nothing. Bins may come in any order and repeat a value.
 */
export function medianOfHistogram(bins: readonly HistogramBin[]): number | null {
  const merged = new Map<number, number>();
  for (const bin of bins) if (bin.count > 0) merged.set(bin.value, (merged.get(bin.value) ?? 0) + bin.count);
  const sorted = [...merged.entries()].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const valueAt = (position: number): number => {
    let seen = 0;
    for (const [value, count] of sorted) {
      seen += count;
      if (position < seen) return value;
    }
    return (sorted.at(-1) as [number, number])[0];
  };
  return total % 2 === 1 ? valueAt((total - 1) / 2) : (valueAt(total / 2 - 1) + valueAt(total / 2)) / 2;
}

/** A share as a fraction 0..1, or null when there is nothing to divide. */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
