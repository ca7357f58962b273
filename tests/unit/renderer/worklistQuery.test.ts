import { describe, expect, it } from 'vitest';
import { WorklistQuery } from '../../../src/shared/api/instances';
import {
  DEFAULT_STATUS_FILTER,
  isDefaultStatusFilter,
  queryIdentity,
  toWorklistFilters,
  toWorklistQuery,
  toWorklistSort,
  type GridBlockRequest,
} from '../../../src/renderer/worklist/query';

const block = (overrides: Partial<GridBlockRequest> = {}): GridBlockRequest => ({
  startRow: 0,
  endRow: 100,
  sortModel: [],
  filterModel: {},
  ...overrides,
});

describe('ag-grid block request → instances/worklist query', () => {
  it('maps rows, scope and search; the first block never carries a cursor', () => {
    const query = toWorklistQuery(block(), { scope: 'office', search: '  rossi ' }, 'stale-cursor');
    expect(query).toEqual({
      scope: 'office',
      startRow: 0,
      endRow: 100,
      sort: [],
      filters: {},
      search: 'rossi',
      cursor: null,
    });
  });

  it('passes the cursor for a later block', () => {
    const query = toWorklistQuery(block({ startRow: 100, endRow: 200 }), { scope: 'mine', search: '' }, 'abc');
    expect(query.cursor).toBe('abc');
    expect(query.startRow).toBe(100);
  });

  it('keeps at most one sort column, and only columns the server can sort on', () => {
    expect(
      toWorklistSort([
        { colId: 'subject', sort: 'asc' },
        { colId: 'dueDate', sort: 'desc' },
      ]),
    ).toEqual([{ colId: 'dueDate', sort: 'desc' }]);
    expect(
      toWorklistSort([
        { colId: 'protocol', sort: 'asc' },
        { colId: 'receivedAt', sort: 'desc' },
      ]),
    ).toEqual([{ colId: 'protocol', sort: 'asc' }]);
    expect(toWorklistSort([{ colId: 'daysLeft', sort: null }])).toEqual([]);
    expect(toWorklistSort(undefined)).toEqual([]);
  });

  it('passes ag-grid text, date and number filter models through, combined ones too', () => {
    const filterModel = {
      applicantName: { filterType: 'text', type: 'contains', filter: 'Rossi' },
      receivedAt: { filterType: 'date', type: 'inRange', dateFrom: '2026-01-01 00:00:00', dateTo: '2026-01-31 00:00:00' },
      daysLeft: {
        filterType: 'number',
        operator: 'OR',
        conditions: [
          { filterType: 'number', type: 'lessThan', filter: 0 },
          { filterType: 'number', type: 'inRange', filter: 0, filterTo: 7 },
        ],
      },
      status: { filterType: 'status', values: ['suspended', 'received'] },
    };
    const filters = toWorklistFilters(filterModel);
    expect(filters).toEqual({
      receivedAt: filterModel.receivedAt,
      applicantName: filterModel.applicantName,
      status: { filterType: 'status', values: ['received', 'suspended'] },
      daysLeft: filterModel.daysLeft,
    });
  });

  it('drops fields and columns the strict contract does not know', () => {
    const filters = toWorklistFilters({
      procedureName: { filterType: 'text', type: 'equals', filter: 'SCIA', colId: 'procedureName' },
      subject: { filterType: 'text', type: 'contains', filter: 'x' },
      status: { filterType: 'status', values: ['received', 'bogus'] },
    });
    expect(filters).toEqual({
      procedureName: { filterType: 'text', type: 'equals', filter: 'SCIA' },
      status: { filterType: 'status', values: ['received'] },
    });
  });

  it('produces queries the contract accepts', () => {
    const query = toWorklistQuery(
      block({
        startRow: 200,
        endRow: 300,
        sortModel: [{ colId: 'receivedAt', sort: 'desc' }],
        filterModel: {
          protocol: { filterType: 'text', type: 'equals', filter: '123/2026' },
          dueDate: { filterType: 'date', type: 'lessThan', dateFrom: '2026-03-05 00:00:00', dateTo: null },
          status: DEFAULT_STATUS_FILTER,
        },
      }),
      { scope: 'unassigned', search: 'RSSMRA80A01H501U' },
      'cursor-1',
    );
    expect(WorklistQuery.safeParse(query).success).toBe(true);
  });

  it('recognises the default status filter: open cases (not closed), whatever their status', () => {
    expect(isDefaultStatusFilter({ filterType: 'status', openOnly: true })).toBe(true);
    expect(isDefaultStatusFilter(DEFAULT_STATUS_FILTER)).toBe(true);
    expect(isDefaultStatusFilter({ filterType: 'status', openOnly: true, values: ['received'] })).toBe(false);
    expect(isDefaultStatusFilter({ filterType: 'status', values: ['received'] })).toBe(false);
    expect(isDefaultStatusFilter(undefined)).toBe(false);
  });

  it('keeps "open cases only" with or without a list of statuses, and drops a model that filters nothing', () => {
    expect(toWorklistFilters({ status: { filterType: 'status', openOnly: true } })).toEqual({
      status: { filterType: 'status', openOnly: true },
    });
    expect(toWorklistFilters({ status: { filterType: 'status', openOnly: true, values: ['suspended', 'received'] } })).toEqual({
      status: { filterType: 'status', values: ['received', 'suspended'], openOnly: true },
    });
    expect(toWorklistFilters({ status: { filterType: 'status', openOnly: false } })).toEqual({});
    expect(toWorklistFilters({ status: { filterType: 'status', values: [] } })).toEqual({ status: { filterType: 'status', values: [] } });
  });
});

describe('query identity (what the cursors belong to)', () => {
  const view = { scope: 'mine' as const, search: '' };
  it('ignores the block range but not sort, filters, search or scope', () => {
    const base = queryIdentity(block(), view);
    expect(queryIdentity(block({ startRow: 100, endRow: 200 }), view)).toBe(base);
    expect(queryIdentity(block({ sortModel: [{ colId: 'dueDate', sort: 'desc' }] }), view)).not.toBe(base);
    expect(queryIdentity(block({ filterModel: { status: DEFAULT_STATUS_FILTER } }), view)).not.toBe(base);
    expect(queryIdentity(block(), { ...view, search: 'rossi' })).not.toBe(base);
    expect(queryIdentity(block(), { ...view, scope: 'office' })).not.toBe(base);
  });
});
