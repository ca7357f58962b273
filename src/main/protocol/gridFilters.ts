/**
 * ag-grid community filter models (text and date conditions, possibly combined with AND/OR) turned
 * into knex WHERE clauses. Days are Rome calendar days whatever the server's time zone.
 */
import type { Knex } from 'knex';
import type { DateFilterModel, TextFilterModel } from '../../shared/api/instances';
import { parseProtocolNumber } from '../../shared/domain/protocolNumber';

type Where = Knex.QueryBuilder;
export type TextCondition = Extract<TextFilterModel, { type: string }>;
export type DateCondition = Extract<DateFilterModel, { type: string }>;

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A text condition over one column (case-insensitive). */
export function applyTextCondition(q: Where, column: string, condition: TextCondition): void {
  const value = (condition.filter ?? '').trim();
  switch (condition.type) {
    case 'blank':
      q.whereRaw('false');
      return;
    case 'notBlank':
      return;
    case 'contains':
      q.whereRaw(`${column} ILIKE ?`, [`%${escapeLike(value)}%`]);
      return;
    case 'notContains':
      q.whereRaw(`${column} NOT ILIKE ?`, [`%${escapeLike(value)}%`]);
      return;
    case 'startsWith':
      q.whereRaw(`${column} ILIKE ?`, [`${escapeLike(value)}%`]);
      return;
    case 'endsWith':
      q.whereRaw(`${column} ILIKE ?`, [`%${escapeLike(value)}`]);
      return;
    case 'equals':
      q.whereRaw(`lower(${column}) = lower(?)`, [value]);
      return;
    case 'notEqual':
      q.whereRaw(`lower(${column}) <> lower(?)`, [value]);
      return;
  }
}

/** The first instant of a Rome calendar day, as SQL. */
export function romeDayStart(q: Where, day: string): Knex.Raw {
  return q.client.raw(`(?::date::timestamp AT TIME ZONE 'Europe/Rome')`, [day]) as Knex.Raw;
}

/** The first instant of the Rome day after `day`, as SQL. */
export function romeNextDayStart(q: Where, day: string): Knex.Raw {
  return q.client.raw(`((?::date + 1)::timestamp AT TIME ZONE 'Europe/Rome')`, [day]) as Knex.Raw;
}

/** A date condition over a timestamptz column, compared by Rome calendar day. */
export function applyInstantCondition(q: Where, column: string, condition: DateCondition): void {
  const from = condition.dateFrom?.slice(0, 10);
  const to = condition.dateTo?.slice(0, 10);
  switch (condition.type) {
    case 'blank':
      q.whereRaw('false');
      return;
    case 'notBlank':
      return;
    case 'equals':
      if (from) q.where(column, '>=', romeDayStart(q, from)).where(column, '<', romeNextDayStart(q, from));
      return;
    case 'notEqual':
      if (from) q.where((inner) => inner.where(column, '<', romeDayStart(q, from)).orWhere(column, '>=', romeNextDayStart(q, from)));
      return;
    case 'lessThan':
      if (from) q.where(column, '<', romeDayStart(q, from));
      return;
    case 'greaterThan':
      if (from) q.where(column, '>=', romeNextDayStart(q, from));
      return;
    case 'inRange':
      if (from) q.where(column, '>=', romeDayStart(q, from));
      if (to) q.where(column, '<', romeNextDayStart(q, to));
      return;
  }
}

/** Applies a possibly combined (AND/OR) filter model condition by condition. */
export function applyCombined<C extends { type: string }>(
  q: Where,
  model: C | { operator: 'AND' | 'OR'; conditions: C[] },
  apply: (q: Where, condition: C) => void,
): void {
  if (!('conditions' in model)) {
    apply(q, model);
    return;
  }
  q.where((group) => {
    for (const condition of model.conditions) {
      const add = (inner: Where) => apply(inner, condition);
      if (model.operator === 'AND') group.andWhere(add);
      else group.orWhere(add);
    }
  });
}

/**
 * A register number typed in a grid's filter ('123', '0000123/2026'): it identifies one entry, so
 * only "equals" can match.
 */
export function applyRegisterNumberCondition(q: Where, columns: { number: string; year: string }, condition: TextCondition): void {
  if (condition.type === 'notBlank') return;
  const parsed = parseProtocolNumber(condition.filter ?? '');
  if (condition.type !== 'equals' || !parsed) {
    q.whereRaw('false');
    return;
  }
  q.where(columns.number, parsed.number);
  if (parsed.year !== undefined) q.where(columns.year, parsed.year);
}

/**
 * One block of a grid over ag-grid's infinite row model: `page` (filtered and sorted) from
 * `startRow` to `endRow`, and the total of `filtered()` counted for the first block only.
 */
export async function readGridBlock<Row, Out>(
  page: Where,
  filtered: () => Where,
  block: { startRow: number; endRow: number },
  map: (row: Row) => Out,
): Promise<{ rows: Out[]; total: number | null }> {
  page.offset(block.startRow).limit(block.endRow - block.startRow);
  const rows = ((await page) as Row[]).map(map);
  if (block.startRow !== 0) return { rows, total: null };
  const [counted] = (await filtered().count<{ count: string }[]>({ count: '*' })) as [{ count: string }];
  return { rows, total: Number(counted.count) };
}
