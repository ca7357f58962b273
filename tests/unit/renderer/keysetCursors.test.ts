import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../src/shared/api/errors';
import type { WorklistPage, WorklistQueryInput, WorklistRow } from '../../../src/shared/api/instances';
import { createWorklistDatasource } from '../../../src/renderer/worklist/datasource';
import { KeysetCursors } from '../../../src/renderer/worklist/keysetCursors';
import { queryIdentity, type GridSortItem } from '../../../src/renderer/worklist/query';

describe('KeysetCursors', () => {
  it('remembers the next cursor under the start row of the block that follows', () => {
    const cursors = new KeysetCursors();
    cursors.sync('A');
    expect(cursors.record('A', 0, 100, { rowCount: 100, total: 250, nextCursor: 'c100' })).toBe(250);
    expect(cursors.cursorFor(100)).toBe('c100');
    expect(cursors.cursorFor(200)).toBeNull();
    expect(cursors.cursorFor(0)).toBeNull();
  });

  it('keeps the total of the first block for the later ones, and a short block ends the list', () => {
    const cursors = new KeysetCursors();
    cursors.sync('A');
    cursors.record('A', 0, 100, { rowCount: 100, total: 250, nextCursor: 'c100' });
    expect(cursors.record('A', 100, 100, { rowCount: 100, total: null, nextCursor: 'c200' })).toBe(250);
    expect(cursors.record('A', 200, 100, { rowCount: 50, total: null, nextCursor: null })).toBe(250);
  });

  it('a total that is only a lower bound leaves the end unknown (-1) until a short block ends the list', () => {
    const cursors = new KeysetCursors();
    cursors.sync('A');
    expect(cursors.record('A', 0, 100, { rowCount: 100, total: 10_000, totalIsLowerBound: true, nextCursor: 'c100' })).toBe(-1);
    expect(cursors.knownTotal).toBeNull();
    expect(cursors.record('A', 100, 100, { rowCount: 100, total: null, nextCursor: 'c200' })).toBe(-1);
    expect(cursors.record('A', 12_300, 100, { rowCount: 40, total: null, nextCursor: null })).toBe(12_340);
  });

  it('says "unknown" (-1) for a full block when no total was ever seen', () => {
    const cursors = new KeysetCursors();
    cursors.sync('A');
    expect(cursors.record('A', 300, 100, { rowCount: 100, total: null, nextCursor: 'c400' })).toBe(-1);
  });

  it('forgets cursors and total as soon as sort, filter, search or scope change', () => {
    const cursors = new KeysetCursors();
    cursors.sync('sorted by due date');
    cursors.record('sorted by due date', 0, 100, { rowCount: 100, total: 900, nextCursor: 'c100' });
    cursors.sync('sorted by due date');
    expect(cursors.cursorFor(100)).toBe('c100');
    cursors.sync('sorted by protocol');
    expect(cursors.cursorFor(100)).toBeNull();
    expect(cursors.knownTotal).toBeNull();
    expect(cursors.size).toBe(0);
  });

  it('ignores a late answer that belongs to the previous identity', () => {
    const cursors = new KeysetCursors();
    cursors.sync('old');
    cursors.sync('new');
    cursors.record('old', 0, 100, { rowCount: 100, total: 5, nextCursor: 'stale' });
    expect(cursors.cursorFor(100)).toBeNull();
    expect(cursors.knownTotal).toBeNull();
  });
});

describe('worklist datasource', () => {
  const row = (id: number): WorklistRow => ({
    id,
    version: 1,
    protocolYear: 2026,
    protocolNumber: id,
    receivedAt: '2026-03-05T08:00:00.000Z',
    procedureCode: 'P',
    procedureName: 'Procedimento',
    applicantName: 'Mario Rossi',
    applicantTaxCode: 'RSSMRA80A01H501U',
    subject: 'Oggetto',
    status: 'received',
    channel: 'online',
    officeName: 'Ufficio',
    assigneeName: null,
    dueDate: '2026-04-04',
    daysLeft: 30,
  });
  const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => row(from + i + 1));

  function harness(pages: (query: WorklistQueryInput) => ApiResult<WorklistPage>) {
    const queries: WorklistQueryInput[] = [];
    const totals: number[] = [];
    const errors: string[] = [];
    const cursors = new KeysetCursors();
    const datasource = createWorklistDatasource({
      view: { scope: 'mine', search: '' },
      cursors,
      fetchPage: async (query) => {
        queries.push(query);
        return pages(query);
      },
      onTotal: (total, isLowerBound) => totals.push(isLowerBound ? -total : total),
      onError: (error) => errors.push(error.code),
    });
    const getRows = (startRow: number, sortModel: GridSortItem[] = [], filterModel: unknown = {}) =>
      new Promise<{ rows: WorklistRow[]; lastRow: number | undefined } | 'failed'>((resolve) => {
        void datasource.getRows({
          startRow,
          endRow: startRow + 100,
          sortModel: sortModel as never,
          filterModel: filterModel as never,
          successCallback: (rowsThisBlock: WorklistRow[], lastRow?: number) => resolve({ rows: rowsThisBlock, lastRow }),
          failCallback: () => resolve('failed'),
          context: undefined,
        } as never);
      });
    return { queries, totals, errors, cursors, getRows };
  }

  it('reads block 2 with the cursor of block 1 and reports the total from block 1', async () => {
    const h = harness((query) => ({
      ok: true,
      data: {
        rows: rows(query.startRow, query.startRow === 0 ? 100 : 20),
        total: query.startRow === 0 ? 120 : null,
        totalIsLowerBound: false,
        nextCursor: query.startRow === 0 ? 'after-100' : null,
      },
    }));
    const first = await h.getRows(0);
    expect(first !== 'failed' && first.lastRow).toBe(120);
    const second = await h.getRows(100);
    expect(h.queries[1]?.cursor).toBe('after-100');
    expect(second !== 'failed' && second.lastRow).toBe(120);
    expect(h.totals).toEqual([120]);
  });

  it('passes on a capped total as a lower bound, and lets the grid grow as the user scrolls', async () => {
    const h = harness((query) => ({
      ok: true,
      data: {
        rows: rows(query.startRow, 100),
        total: query.startRow === 0 ? 10_000 : null,
        totalIsLowerBound: query.startRow === 0,
        nextCursor: `after-${query.startRow + 100}`,
      },
    }));
    const first = await h.getRows(0);
    expect(first !== 'failed' && first.lastRow).toBe(-1);
    expect(h.totals).toEqual([-10_000]);
    const second = await h.getRows(100);
    expect(second !== 'failed' && second.lastRow).toBe(-1);
  });

  it('does not reuse a cursor after the sort changed', async () => {
    const h = harness((query) => ({
      ok: true,
      data: {
        rows: rows(query.startRow, 100),
        total: query.startRow === 0 ? 500 : null,
        totalIsLowerBound: false,
        nextCursor: `after-${query.startRow + 100}`,
      },
    }));
    await h.getRows(0, [{ colId: 'dueDate', sort: 'asc' }]);
    await h.getRows(100, [{ colId: 'protocol', sort: 'desc' }]);
    expect(h.queries[1]?.cursor).toBeNull();
    expect(h.queries[1]?.sort).toEqual([{ colId: 'protocol', sort: 'desc' }]);
    expect(h.cursors.currentIdentity).toBe(
      queryIdentity({ sortModel: [{ colId: 'protocol', sort: 'desc' }], filterModel: {} }, { scope: 'mine', search: '' }),
    );
  });

  it('an API error calls failCallback and reports the error', async () => {
    const h = harness(() => ({ ok: false, error: { code: 'unavailable', message: 'down' } }));
    expect(await h.getRows(0)).toBe('failed');
    expect(h.errors).toEqual(['unavailable']);
  });
});

describe('worklist datasource: identical blocks in flight', () => {
  it('share one call (ag-grid re-asks for block 0 when the status filter mounts)', async () => {
    let calls = 0;
    let release: (() => void) | null = null;
    const datasource = createWorklistDatasource({
      view: { scope: 'mine', search: '' },
      cursors: new KeysetCursors(),
      fetchPage: () => {
        calls++;
        return new Promise((resolve) => {
          release = () => resolve({ ok: true, data: { rows: [], total: 0, totalIsLowerBound: false, nextCursor: null } });
        });
      },
    });
    const ask = () =>
      new Promise<number | undefined>((resolve) => {
        void datasource.getRows({
          startRow: 0,
          endRow: 100,
          sortModel: [],
          filterModel: {},
          successCallback: (_rows: WorklistRow[], lastRow?: number) => resolve(lastRow),
          failCallback: () => resolve(undefined),
        } as never);
      });
    const first = ask();
    const second = ask();
    expect(calls).toBe(1);
    release!();
    expect(await Promise.all([first, second])).toEqual([0, 0]);
    void ask();
    expect(calls).toBe(2); // once settled, the same block is read again
    release!();
  });
});
