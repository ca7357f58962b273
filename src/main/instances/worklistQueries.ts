import type { Knex } from 'knex';
import {
  WORKLIST_COUNT_LIMIT,
  type DateFilterModel,
  type InstanceStatus,
  type IntakeChannel,
  type NumberFilterModel,
  type StatusFilterModel,
  type TextFilterModel,
  type WorklistFilterModel,
  type WorklistQueryParsed,
  type WorklistRow,
  type WorklistSortColumn,
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
  version: number;
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
type TextCondition = Extract<TextFilterModel, { type: string }>;

function applyTextCondition(q: Where, columns: string[], condition: TextCondition): void {
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

/**
 * The conditions that keep only rows matching a text, as the ILIKE pattern they stand for (ILIKE
 * without wildcards is a case-insensitive equality, as `lower(col) = lower(value)`): these can be
 * looked up in a small table or an index before the cases are read.
 */
function matchingPattern(condition: TextCondition): string | null {
  const value = escapeLike((condition.filter ?? '').trim());
  switch (condition.type) {
    case 'contains':
      return `%${value}%`;
    case 'startsWith':
      return `${value}%`;
    case 'endsWith':
      return `%${value}`;
    case 'equals':
      return value;
    default:
      return null;
  }
}

/**
 * "Procedure contains …": the procedure types are matched first (a few dozen rows), and the cases
 * by type id, which every worklist index carries. Matching the cases' own column would read them all:
 * under row-level security PostgreSQL does not push LIKE (not leakproof) into an index scan.
 * `procedure_name` is its type's name (kept in step by a trigger), and the viewer sees the types of
 * their ente, as they see its cases.
 */
function applyProcedureCondition(q: Where, condition: TextCondition): void {
  const pattern = matchingPattern(condition);
  if (pattern === null) {
    applyTextCondition(q, ['i.procedure_name'], condition);
    return;
  }
  q.whereRaw('i.procedure_type_id = ANY (ARRAY(SELECT t.id FROM scrivania.procedure_types t WHERE t.name ILIKE ?))', [pattern]);
}

/**
 * The scope handed to the lookup functions so that they return only the scope's cases (offices, or
 * the assignee for "my cases"). It only narrows what they return: row-level security is applied
 * inside them whatever it says, and the scope is applied again to the cases read back.
 */
interface LookupScope {
  offices: number[] | null;
  assignee: number | null;
}

function lookupScope(query: WorklistQueryParsed, viewer: WorklistViewer): LookupScope {
  return query.scope === 'mine' ? { offices: null, assignee: viewer.staffId } : { offices: viewer.officeIds, assignee: null };
}

/**
 * "Applicant contains …" over name and codice fiscale / partita IVA: `worklist_applicant_ids`
 * (migrations 20261123090700 and 0710) matches the registry's people and businesses by trigram
 * index, then finds their visible cases in the scope by index. The case's applicant name and tax
 * code are copies of the registry's (kept in step by triggers), so the rows are the ones ILIKE on
 * the case would keep.
 */
function applyApplicantCondition(q: Where, condition: TextCondition, scope: LookupScope): void {
  const pattern = matchingPattern(condition);
  if (pattern === null) {
    applyTextCondition(q, ['i.applicant_name', 'i.applicant_tax_code'], condition);
    return;
  }
  q.whereRaw('i.id IN (SELECT scrivania.worklist_applicant_ids(?, ?::integer[], ?::integer))', [pattern, scope.offices, scope.assignee]);
}

function applyProtocolCondition(q: Where, condition: TextCondition): void {
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
function applyDateCondition(
  q: Where,
  column: string,
  kind: 'instant' | 'day',
  condition: Extract<DateFilterModel, { type: string }>,
): void {
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
function applyDaysLeftCondition(q: Where, condition: NumberCondition): void {
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

/** Open cases are the ones not closed: the partial `*_open_idx` indexes hold exactly those. */
function applyStatusFilter(q: Where, filter: StatusFilterModel): void {
  if (filter.openOnly) q.whereNull('i.closed_at');
  if (filter.values) q.whereIn('i.status', filter.values);
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

/**
 * The search box: protocol number, applicant, codice fiscale and subject. The trigram index on
 * `search_text` cannot serve a LIKE under row-level security, so `worklist_search_ids` (migrations
 * 20261123090700 and 0710) runs it with the very policy of `instances_visible` applied inside.
 */
function applySearch(q: Where, search: string, scope: LookupScope): void {
  const protocol = parseProtocolNumber(search);
  q.whereRaw('i.id IN (SELECT scrivania.worklist_search_ids(?, ?::integer, ?::integer, ?::integer[], ?::integer))', [
    search,
    protocol?.number ?? null,
    protocol?.year ?? null,
    scope.offices,
    scope.assignee,
  ]);
}

function applyFilters(q: Where, filters: WorklistFilterModel, search: string, scope: LookupScope): void {
  if (filters.protocol) applyCombined(q, filters.protocol, applyProtocolCondition);
  if (filters.applicantName) applyCombined(q, filters.applicantName, (inner, c) => applyApplicantCondition(inner, c, scope));
  if (filters.procedureName) applyCombined(q, filters.procedureName, applyProcedureCondition);
  if (filters.receivedAt) applyCombined(q, filters.receivedAt, (inner, c) => applyDateCondition(inner, 'i.received_at', 'instant', c));
  if (filters.dueDate) applyCombined(q, filters.dueDate, (inner, c) => applyDateCondition(inner, 'i.due_date', 'day', c));
  if (filters.daysLeft) applyCombined(q, filters.daysLeft, applyDaysLeftCondition);
  if (filters.status) applyStatusFilter(q, filters.status);
  if (search) applySearch(q, search, scope);
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

type DateCondition = Extract<DateFilterModel, { type: string }>;
type NumberCondition = Extract<NumberFilterModel, { type: string }>;

const boundedDay = (c: DateCondition) => c.type === 'equals' || (c.type === 'inRange' && !!c.dateFrom && !!c.dateTo);
const boundedDaysLeft = (c: NumberCondition) => c.type === 'equals' || c.type === 'inRange';

/** True when every condition of a (possibly combined) filter keeps only a bounded range. */
function bounded<C extends { type: string }>(model: C | { conditions: C[] } | undefined, isBounded: (c: C) => boolean): boolean {
  if (!model) return false;
  return 'conditions' in model ? model.conditions.every(isBounded) : isBounded(model);
}

/**
 * A bounded range (a day, a month) on a date the list is not sorted by. Dates are correlated (a
 * case received in October is due in November), which the planner does not know: it walks the sort
 * order hoping to meet the range soon and may read most of the scope first. The range is read first
 * instead (a MATERIALIZED CTE is a fence the planner keeps), then sorted: a few thousand rows at most.
 */
function rangeOnAnotherColumn(filters: WorklistFilterModel, keys: ReadonlyArray<readonly [string, string]>): boolean {
  const sortedBy = new Set(keys.map(([column]) => column));
  const onReceived = bounded(filters.receivedAt, boundedDay);
  const onDue = bounded(filters.dueDate, boundedDay) || bounded(filters.daysLeft, boundedDaysLeft);
  return (onReceived && !sortedBy.has('received_at')) || (onDue && !sortedBy.has('due_date'));
}

export interface WorklistResult {
  rows: WorklistRow[];
  total: number | null;
  totalIsLowerBound: boolean;
  nextCursor: string | null;
}

/** knex's native SQL uses $n placeholders; nested in db.raw it needs `?` again. */
function asRaw(builder: Where): { sql: string; bindings: Knex.RawBinding[] } {
  const native = builder.toSQL().toNative();
  return { sql: native.sql.replace(/\$(\d+)/g, '?'), bindings: native.bindings as Knex.RawBinding[] };
}

/**
 * The search box and "applicant contains …" find their cases through a function returning every
 * matching id; the block and the count would each call it and read each match.
 */
function usesTextLookup(query: WorklistQueryParsed): boolean {
  if (query.search) return true;
  const applicant = query.filters.applicantName;
  if (!applicant) return false;
  return ('conditions' in applicant ? applicant.conditions : [applicant]).some((condition) => matchingPattern(condition) !== null);
}

interface WorklistDbRowWithCount extends WorklistDbRow {
  matches: string | null;
}

/**
 * One block of the worklist: scope, filters and search, sorted with `id` as tie-breaker.
 *
 * - The block's ids and sort keys are chosen first, on `instances` alone (an index-only scan where
 *   the filters allow it: the worklist indexes carry ente, office, assignee, status and procedure),
 *   then only those rows are read and joined to offices and staff. A jump with the scrollbar
 *   (OFFSET, no cursor) thus skips index entries, not table rows.
 * - With a cursor for the same sort the block is read by keyset seek (constant cost however deep).
 * - The first block also counts the matches, up to WORKLIST_COUNT_LIMIT + 1 rows: on another
 *   connection of the session's pool while the block is read, or, when every match has to be found
 *   anyway (text lookups, a date range on another column), from the same MATERIALIZED set.
 */
export async function readWorklistPage(db: Knex, query: WorklistQueryParsed, viewer: WorklistViewer): Promise<WorklistResult> {
  const { colId, sort: direction } = query.sort[0] ?? DEFAULT_SORT;
  const keys = SORT_KEYS[colId];
  const limit = query.endRow - query.startRow;
  const cursor = query.cursor ? decodeCursor(query.cursor, colId, direction) : null;

  const filtered = () => {
    const q = db('scrivania.instances as i');
    applyScope(q, query, viewer);
    applyFilters(q, query.filters, query.search, lookupScope(query, viewer));
    return q;
  };

  const candidates = filtered().select('i.id', ...keys.map(([column]) => `i.${column}`));
  const found = usesTextLookup(query) || rangeOnAnotherColumn(query.filters, keys) ? asRaw(candidates) : null;
  const chosen: Where = found ? db.queryBuilder().from('found as i').select('i.*') : candidates;
  if (cursor && cursor.v.length === keys.length) {
    const comparison = direction === 'asc' ? '>' : '<';
    const columns = [...keys.map(([column]) => `i.${column}`), 'i.id'].join(', ');
    const placeholders = [...keys.map(([, type]) => `?::${type}`), '?::bigint'].join(', ');
    chosen.whereRaw(`(${columns}) ${comparison} (${placeholders})`, [...cursor.v, cursor.id]);
  } else if (query.startRow > 0) {
    chosen.offset(query.startRow);
  }
  for (const [column] of keys) chosen.orderBy(`i.${column}`, direction);
  chosen.orderBy('i.id', direction).limit(limit);

  const countAlong = found !== null && query.startRow === 0;
  const capped = (sql: string) => `SELECT count(*) FROM (${sql} LIMIT ${WORKLIST_COUNT_LIMIT + 1}) m`;
  const order = [...keys.map(([column]) => `k.${column} ${direction}`), `k.id ${direction}`].join(', ');
  const block = asRaw(chosen);
  const readBlock = db
    .raw<{ rows: WorklistDbRowWithCount[] }>(
      `${found ? `WITH found AS MATERIALIZED (${found.sql})` : ''}
     SELECT i.id, i.version, i.protocol_year, i.protocol_number, i.received_at, i.procedure_code, i.procedure_name, i.applicant_name,
            i.applicant_tax_code, i.subject, i.status, i.channel, i.due_date, (i.due_date - ${TODAY_IN_ROME}) AS days_left,
            o.name AS office_name, a.full_name AS assignee_name,
            ARRAY[${keys.map(([column]) => `k.${column}::text`).join(', ')}] AS cursor_keys,
            ${countAlong ? `(${capped('SELECT 1 FROM found')})` : 'NULL'} AS matches
       FROM (${block.sql}) k
       JOIN scrivania.instances i ON i.id = k.id
       JOIN scrivania.offices o ON o.id = i.office_id
       LEFT JOIN scrivania.staff a ON a.id = i.assignee_id
      ORDER BY ${order}`,
      [...(found?.bindings ?? []), ...block.bindings],
    )
    .then((result) => result.rows);

  const countMatches = async (): Promise<number> => {
    const matching = asRaw(filtered().select(db.raw('1')));
    const counted = await db.raw<{ rows: Array<{ count: string }> }>(capped(matching.sql), matching.bindings);
    return Number(counted.rows[0]?.count ?? 0);
  };

  const [blockRows, countedApart] = await Promise.all([readBlock, query.startRow === 0 && !countAlong ? countMatches() : null]);
  // Counted along: an empty first block means no match at all.
  const matches = countAlong ? Number(blockRows[0]?.matches ?? 0) : countedApart;

  const last = blockRows[blockRows.length - 1];
  const nextCursor = last && blockRows.length === limit ? encodeCursor({ c: colId, d: direction, v: last.cursor_keys, id: last.id }) : null;
  return {
    rows: blockRows.map(toWorklistRow),
    total: matches === null ? null : Math.min(matches, WORKLIST_COUNT_LIMIT),
    totalIsLowerBound: matches !== null && matches > WORKLIST_COUNT_LIMIT,
    nextCursor,
  };
}

function toWorklistRow(row: WorklistDbRow): WorklistRow {
  return {
    id: row.id,
    version: row.version,
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
