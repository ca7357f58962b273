/**
 * The worklist queries the grid can send: every sort column both ways, with the default status
 * filter (open cases) and without it, each column filter and the free-text search, for one scope.
 */
import type pg from 'pg';
import {
  WORKLIST_SORT_COLUMNS,
  type WorklistFilterModel,
  type WorklistQueryInput,
  type WorklistScope,
} from '../../src/shared/api/instances';
import { addDays, daysInMonth, parseIsoDate, todayInRome } from '../../src/shared/domain/calendar';
import { formatProtocolNumber } from '../../src/shared/domain/protocolNumber';

export type PageKind = 'first' | 'next' | 'deep-cursor' | 'deep-offset';
export const PAGE_KINDS: readonly PageKind[] = ['first', 'next', 'deep-cursor', 'deep-offset'];
export const PAGE_SIZE = 100;
/** The deep keyset page: the 50th block (rows 4,900-4,999), reached by walking the cursor chain. */
export const DEEP_CURSOR_BLOCK = 50;
/** The deep OFFSET page: a jump with the scrollbar to row 20,000. */
export const DEEP_OFFSET_ROW = 20_000;

export interface Shape {
  scope: WorklistScope;
  /** e.g. "sort receivedAt desc · open" */
  name: string;
  group: 'default' | 'sort' | 'filter' | 'search';
  query: Pick<WorklistQueryInput, 'sort' | 'filters' | 'search'>;
}

export interface ShapeParameters {
  surname: string;
  procedureWord: string;
  /** A protocol number of the viewer's scope, as displayed ('0001234/2025'). */
  protocol: string;
  dueMonth: { from: string; to: string };
  receivedMonth: { from: string; to: string };
}

/** The grid's default status filter: the open cases (not closed, whatever their status). */
const OPEN: WorklistFilterModel = {
  status: { filterType: 'status', openOnly: true },
};

function monthOf(day: string): { from: string; to: string } {
  const { year, month } = parseIsoDate(day);
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  return { from: first, to: addDays(first, daysInMonth(year, month) - 1) };
}

/** Picks realistic filter values from the data the viewer sees (read as superuser). */
export async function shapeParameters(admin: pg.Client, scopeSql: string, scopeParams: unknown[]): Promise<ShapeParameters> {
  const surname = await admin.query<{ last_name: string }>(
    `SELECT last_name FROM scrivania.persons GROUP BY last_name ORDER BY count(*) DESC, last_name LIMIT 1`,
  );
  const procedure = await admin.query<{ procedure_name: string }>(
    `SELECT procedure_name FROM scrivania.instances i WHERE ${scopeSql} GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    scopeParams,
  );
  const protocol = await admin.query<{
    protocol_year: number;
    protocol_number: number;
  }>(
    `SELECT protocol_year, protocol_number FROM scrivania.instances i
      WHERE ${scopeSql} AND closed_at IS NULL
      ORDER BY received_at DESC OFFSET 50 LIMIT 1`,
    scopeParams,
  );
  const words = (procedure.rows[0]?.procedure_name ?? 'residenza').split(/[^\p{L}]+/u).filter((w) => w.length >= 5);
  const procedureWord = words.sort((a, b) => b.length - a.length)[0] ?? 'residenza';
  const row = protocol.rows[0];
  const today = todayInRome();
  const lastMonth = addDays(monthOf(today).from, -1);
  return {
    surname: surname.rows[0]?.last_name ?? 'Rossi',
    procedureWord: procedureWord.toLowerCase(),
    protocol: row ? formatProtocolNumber(row.protocol_year, row.protocol_number) : '0000001/2026',
    dueMonth: monthOf(today),
    receivedMonth: monthOf(lastMonth),
  };
}

export function buildShapes(scope: WorklistScope, p: ShapeParameters): Shape[] {
  const shapes: Shape[] = [];
  const add = (group: Shape['group'], name: string, query: Shape['query']) => shapes.push({ scope, name, group, query });

  add('default', 'default sort · open', {
    sort: [],
    filters: OPEN,
    search: '',
  });
  add('default', 'default sort · all', { sort: [], filters: {}, search: '' });
  for (const column of WORKLIST_SORT_COLUMNS) {
    for (const direction of ['asc', 'desc'] as const) {
      if (column === 'dueDate' && direction === 'asc') continue; // the default sort, above
      for (const [label, filters] of [
        ['open', OPEN],
        ['all', {}],
      ] as const) {
        add('sort', `sort ${column} ${direction} · ${label}`, {
          sort: [{ colId: column, sort: direction }],
          filters,
          search: '',
        });
      }
    }
  }

  const columnFilters: Array<[string, WorklistFilterModel]> = [
    [
      `applicant contains "${p.surname}"`,
      {
        applicantName: {
          filterType: 'text',
          type: 'contains',
          filter: p.surname,
        },
      },
    ],
    [
      `procedure contains "${p.procedureWord}"`,
      {
        procedureName: {
          filterType: 'text',
          type: 'contains',
          filter: p.procedureWord,
        },
      },
    ],
    [
      `dueDate in ${p.dueMonth.from.slice(0, 7)}`,
      {
        dueDate: {
          filterType: 'date',
          type: 'inRange',
          dateFrom: p.dueMonth.from,
          dateTo: p.dueMonth.to,
        },
      },
    ],
    ['daysLeft < 0 (overdue)', { daysLeft: { filterType: 'number', type: 'lessThan', filter: 0 } }],
    [
      `receivedAt in ${p.receivedMonth.from.slice(0, 7)}`,
      {
        receivedAt: {
          filterType: 'date',
          type: 'inRange',
          dateFrom: p.receivedMonth.from,
          dateTo: p.receivedMonth.to,
        },
      },
    ],
  ];
  for (const [name, filters] of columnFilters) {
    add('filter', `${name} · open`, {
      sort: [],
      filters: { ...OPEN, ...filters },
      search: '',
    });
    add('filter', `${name} · all`, { sort: [], filters, search: '' });
  }
  for (const [name, search] of [
    [`search "${p.surname.toLowerCase()}"`, p.surname.toLowerCase()],
    [`search "${p.protocol}"`, p.protocol],
  ] as const) {
    add('search', `${name} · open`, { sort: [], filters: OPEN, search });
    add('search', `${name} · all`, { sort: [], filters: {}, search });
  }
  return shapes;
}

export function pageInput(shape: Shape, startRow: number, cursor: string | null): WorklistQueryInput {
  return {
    scope: shape.scope,
    ...shape.query,
    startRow,
    endRow: startRow + PAGE_SIZE,
    cursor,
  };
}
