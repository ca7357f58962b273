import type { Knex } from 'knex';
import type {
  DateFilterModel,
  InstanceStatus,
  IntakeChannel,
  NumberFilterModel,
  TextFilterModel,
  WorklistFilterModel,
  WorklistQueryParsed,
  WorklistRow,
  WorklistSortColumn,
} from '../../shared/api/instances';
import { parseProtocolNumber } from '../../shared/domain/protocolNumber';
import { decodeCursor, encodeCursor } from './worklistCursor';

/** Sort keys as (column, SQL type) pairs; `id` is always appended as the tie-breaker. */
const SORT_KEYS: Record<WorklistSortColumn, ReadonlyArray<readonly [column: string, type: string]>> = {
  protocol: [
    ['protocol_year', 'integer'],
    ['protocol_number', 'integer'],
  ],
  receivedAt: [['received_at', 'timestamptz']],
  procedureName: [['procedure_name', 'text']],
  applicantName: [['applicant_name', 'text']],
  status: [['status', 'text']],
  dueDate: [['due_date', 'date']],
  daysLeft: [['due_date', 'date']],
};

const DEFAULT_SORT = { colId: 'dueDate', sort: 'asc' } as const;

/** The Rome calendar day: due dates and "days left" are counted on it, whatever the server's zone. */
const TODAY_IN_ROME = `(now() AT TIME ZONE 'Europe/Rome')::date`;

export interface WorklistViewer {
  staffId: number;
  officeIds: number[];
}

interface WorklistDbRow {
  id: number;
  protocol_year: number;
  protocol_number: number;
  received_at: Date;
  procedure_code: string;
  procedure_name: string;
  applicant_name: string;
  applicant_tax_code: string;
  subject: string;
  status: InstanceStatus;
  channel: IntakeChannel;
  due_date: string;
  days_left: number;
  office_name: string;
  assignee_name: string | null;
  cursor_keys: string[];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type Where = Knex.QueryBuilder;

function applyTextCondition(q: Where, columns: string[], condition: Extract<TextFilterModel, { type: string }>): void {
  const value = (condition.filter ?? '').trim();
  const any = (sql: string, binding: string) =>
    q.where((inner) => {
      for (const column of columns) inner.orWhereRaw(sql.replaceAll('$col', column), [binding]);
    });
  switch (condition.type) {
    case 'blank':
      q.whereRaw('false');
      return;
    case 'notBlank':
      return;
    case 'contains':
      any(`$col ILIKE ?`, `%${escapeLike(value)}%`);
      return;
    case 'notContains':
      for (const column of columns) q.whereRaw(`${column} NOT ILIKE ?`, [`%${escapeLike(value)}%`]);
      return;
    case 'startsWith':
      any(`$col ILIKE ?`, `${escapeLike(value)}%`);
      return;
    case 'endsWith':
      any(`$col ILIKE ?`, `%${escapeLike(value)}`);
      return;
    case 'equals':
      any(`lower($col) = lower(?)`, value);
      return;
    case 'notEqual':
      for (const column of columns) q.whereRaw(`lower(${column}) <> lower(?)`, [value]);
      return;
  }
}

function applyProtocolCondition(q: Where, condition: Extract<TextFilterModel, { type: string }>): void {
  if (condition.type === 'notBlank') return;
  const parsed = parseProtocolNumber(condition.filter ?? '');
  if (condition.type === 'blank' || !parsed) {
    q.whereRaw('false');
    return;
  }
  const negate = condition.type === 'notEqual' || condition.type === 'notContains';
  q.where((inner) => {
    inner.where('i.protocol_number', parsed.number);
    if (parsed.year !== undefined) inner.where('i.protocol_year', parsed.year);
  });
  if (negate) q.whereRaw('false'); // a protocol number identifies one registration: "not" is not offered
}

/** `column` holds a timestamptz (`instant`) or a date; days are Rome calendar days either way. */
function applyDateCondition(q: Where, column: string, kind: 'instant' | 'day', condition: Extract<DateFilterModel, { type: string }>): void {
  const dayStart = (day: string) =>
    kind === 'instant' ? q.client.raw(`(?::date::timestamp AT TIME ZONE 'Europe/Rome')`, [day]) : q.client.raw('?::date', [day]);
  const nextDayStart = (day: string) =>
    kind === 'instant'
      ? q.client.raw(`((?::date + 1)::timestamp AT TIME ZONE 'Europe/Rome')`, [day])
      : q.client.raw('(?::date + 1)', [day]);
  const from = condition.dateFrom?.slice(0, 10);
  const to = condition.dateTo?.slice(0, 10);
  switch (condition.type) {
    case 'blank':
      q.whereRaw('false');
      return;
    case 'notBlank':
      return;
    case 'equals':
      if (!from) return;
      q.where(column, '>=', dayStart(from)).where(column, '<', nextDayStart(from));
      return;
    case 'notEqual':
      if (!from) return;
      q.where((inner) => inner.where(column, '<', dayStart(from)).orWhere(column, '>=', nextDayStart(from)));
      return;
    case 'lessThan':
      if (from) q.where(column, '<', dayStart(from));
      return;
    case 'greaterThan':
      if (from) q.where(column, '>=', nextDayStart(from));
      return;
    case 'inRange':
      if (from) q.where(column, '>=', dayStart(from));
      if (to) q.where(column, '<', nextDayStart(to));
      return;
  }
}

const NUMBER_COMPARISONS = {
  equals: '=',
  notEqual: '<>',
  lessThan: '<',
  lessThanOrEqual: '<=',
  greaterThan: '>',
  greaterThanOrEqual: '>=',
} as const;

/** "Days left" is compared as a due date: `due_date = today + n`, which the due-date index serves. */
function applyDaysLeftCondition(q: Where, condition: Extract<NumberFilterModel, { type: string }>): void {
  const day = (n: number | null | undefined) => q.client.raw(`(${TODAY_IN_ROME} + ?::integer)`, [n ?? 0]);
  const n = condition.filter;
  switch (condition.type) {
    case 'blank':
      q.whereRaw('false');
      return;
    case 'notBlank':
      return;
    case 'inRange':
      q.where('i.due_date', '>=', day(n)).where('i.due_date', '<=', day(condition.filterTo ?? n));
      return;
    default:
      q.where('i.due_date', NUMBER_COMPARISONS[condition.type], day(n));
  }
}

/** Applies a possibly combined (AND/OR) ag-grid filter model condition by condition. */
function applyCombined<C extends { type: string }>(
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

function applyFilters(q: Where, filters: WorklistFilterModel, search: string): void {
  if (filters.protocol) applyCombined(q, filters.protocol, applyProtocolCondition);
  if (filters.applicantName)
    applyCombined(q, filters.applicantName, (inner, c) => applyTextCondition(inner, ['i.applicant_name', 'i.applicant_tax_code'], c));
  if (filters.procedureName) applyCombined(q, filters.procedureName, (inner, c) => applyTextCondition(inner, ['i.procedure_name'], c));
  if (filters.receivedAt) applyCombined(q, filters.receivedAt, (inner, c) => applyDateCondition(inner, 'i.received_at', 'instant', c));
  if (filters.dueDate) applyCombined(q, filters.dueDate, (inner, c) => applyDateCondition(inner, 'i.due_date', 'day', c));
  if (filters.daysLeft) applyCombined(q, filters.daysLeft, applyDaysLeftCondition);
  if (filters.status) q.whereIn('i.status', filters.status.values);
  if (search) {
    const protocol = parseProtocolNumber(search);
    q.where((inner) => {
      inner.whereRaw('i.search_text LIKE ?', [`%${escapeLike(search.toLowerCase())}%`]);
      if (protocol) {
        inner.orWhere((p) => {
          p.where('i.protocol_number', protocol.number);
          if (protocol.year !== undefined) p.where('i.protocol_year', protocol.year);
        });
      }
    });
  }
}

function applyScope(q: Where, query: WorklistQueryParsed, viewer: WorklistViewer): void {
  switch (query.scope) {
    case 'mine':
      q.where('i.assignee_id', viewer.staffId);
      return;
    case 'office':
      q.whereIn('i.office_id', viewer.officeIds);
      return;
    case 'unassigned':
      q.whereIn('i.office_id', viewer.officeIds).whereNull('i.assignee_id');
      return;
  }
}

export interface WorklistResult {
  rows: WorklistRow[];
  total: number | null;
  nextCursor: string | null;
}

/**
 * One block of the worklist: scope, filters and search, sorted with `id` as tie-breaker. With a
 * cursor for the same sort the block is read by keyset seek (constant cost however deep); without
 * one (a jump with the scrollbar) by OFFSET. The page is chosen on `instances` alone and only its
 * rows are joined to offices and staff.
 */
export async function readWorklistPage(db: Knex, query: WorklistQueryParsed, viewer: WorklistViewer): Promise<WorklistResult> {
  const { colId, sort: direction } = query.sort[0] ?? DEFAULT_SORT;
  const keys = SORT_KEYS[colId];
  const limit = query.endRow - query.startRow;
  const cursor = query.cursor ? decodeCursor(query.cursor, colId, direction) : null;

  const filtered = () => {
    const q = db('scrivania.instances as i');
    applyScope(q, query, viewer);
    applyFilters(q, query.filters, query.search);
    return q;
  };

  const page = filtered().select(
    'i.id',
    'i.protocol_year',
    'i.protocol_number',
    'i.received_at',
    'i.procedure_code',
    'i.procedure_name',
    'i.applicant_name',
    'i.applicant_tax_code',
    'i.subject',
    'i.status',
    'i.channel',
    'i.due_date',
    'i.office_id',
    'i.assignee_id',
    db.raw(`ARRAY[${keys.map(([column]) => `i.${column}::text`).join(', ')}] AS cursor_keys`),
  );
  if (cursor && cursor.v.length === keys.length) {
    const comparison = direction === 'asc' ? '>' : '<';
    const columns = [...keys.map(([column]) => `i.${column}`), 'i.id'].join(', ');
    const placeholders = [...keys.map(([, type]) => `?::${type}`), '?::bigint'].join(', ');
    page.whereRaw(`(${columns}) ${comparison} (${placeholders})`, [...cursor.v, cursor.id]);
  } else if (query.startRow > 0) {
    page.offset(query.startRow);
  }
  for (const [column] of keys) page.orderBy(`i.${column}`, direction);
  page.orderBy('i.id', direction);
  page.limit(limit);

  const orderSql = [...keys.map(([column]) => `p.${column} ${direction}`), `p.id ${direction}`].join(', ');
  const pageSql = page.toSQL().toNative();
  const result = await db.raw<{ rows: WorklistDbRow[] }>(
    `SELECT p.*, (p.due_date - ${TODAY_IN_ROME}) AS days_left, o.name AS office_name, a.full_name AS assignee_name
       FROM (${pageSql.sql.replace(/\$(\d+)/g, '?')}) p
       JOIN scrivania.offices o ON o.id = p.office_id
       LEFT JOIN scrivania.staff a ON a.id = p.assignee_id
      ORDER BY ${orderSql}`,
    pageSql.bindings as Knex.RawBinding[],
  );

  let total: number | null = null;
  if (query.startRow === 0) {
    const [counted] = (await filtered().count<{ count: number }[]>({ count: '*' })) as [{ count: number }];
    total = Number(counted.count);
  }

  const rows = result.rows.map(toWorklistRow);
  const last = result.rows[result.rows.length - 1];
  const nextCursor =
    last && result.rows.length === limit ? encodeCursor({ c: colId, d: direction, v: last.cursor_keys, id: last.id }) : null;
  return { rows, total, nextCursor };
}

function toWorklistRow(row: WorklistDbRow): WorklistRow {
  return {
    id: row.id,
    protocolYear: row.protocol_year,
    protocolNumber: row.protocol_number,
    receivedAt: row.received_at.toISOString(),
    procedureCode: row.procedure_code,
    procedureName: row.procedure_name,
    applicantName: row.applicant_name,
    applicantTaxCode: row.applicant_tax_code,
    subject: row.subject,
    status: row.status,
    channel: row.channel,
    officeName: row.office_name,
    assigneeName: row.assignee_name,
    dueDate: row.due_date,
    daysLeft: row.days_left,
  };
}
