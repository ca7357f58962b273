import type { IGetRowsParams } from 'ag-grid-community';
import { describe, expect, it as test } from 'vitest';
import { createPagedDatasource, lastRowOf } from '../../../src/renderer/grid/pagedDatasource';
import type { ApiError, ApiResult } from '../../../src/shared/api/errors';

type Page = { rows: number[]; total: number | null };

/** Asks the datasource for one block and reports what ag-grid was told. */
async function block(datasource: ReturnType<typeof createPagedDatasource>, startRow: number, endRow: number) {
  let outcome: { rows: unknown[]; lastRow: number | undefined } | 'failed' | null = null;
  const params = {
    startRow,
    endRow,
    sortModel: [],
    filterModel: {},
    successCallback: (rows: unknown[], lastRow?: number) => (outcome = { rows, lastRow }),
    failCallback: () => (outcome = 'failed'),
  } as unknown as IGetRowsParams;
  await datasource.getRows(params);
  return outcome;
}

describe('the paged datasource of the registers', () => {
  test('the last row is exact at the end of the list, the total when counted, unknown otherwise', () => {
    expect(lastRowOf(200, 300, 42, null)).toBe(242);
    expect(lastRowOf(0, 100, 100, 5000)).toBe(5000);
    expect(lastRowOf(0, 100, 100, null)).toBeUndefined();
  });

  test('the total counted on the first block is kept for the next ones, which do not count again', async () => {
    const pages: ApiResult<Page>[] = [
      { ok: true, data: { rows: Array.from({ length: 100 }, (_, i) => i), total: 250 } },
      { ok: true, data: { rows: Array.from({ length: 100 }, (_, i) => 100 + i), total: null } },
    ];
    const queries: string[] = [];
    const totals: number[] = [];
    const datasource = createPagedDatasource({
      toQuery: (request) => `${request.startRow}-${request.endRow}`,
      fetchPage: async (query: string) => {
        queries.push(query);
        return pages.shift()!;
      },
      onTotal: (total) => totals.push(total),
      onError: () => undefined,
    });
    expect(await block(datasource, 0, 100)).toMatchObject({ lastRow: 250 });
    expect(await block(datasource, 100, 200)).toMatchObject({ lastRow: 250 });
    expect(queries).toEqual(['0-100', '100-200']);
    expect(totals).toEqual([250]);
  });

  test('a failed block is reported to the page and to the grid; the next block that loads clears it', async () => {
    const failure: ApiError = { code: 'unavailable', message: 'database down' };
    const pages: ApiResult<Page>[] = [
      { ok: false, error: failure },
      { ok: true, data: { rows: [1, 2, 3], total: 3 } },
    ];
    const errors: (ApiError | null)[] = [];
    const datasource = createPagedDatasource({
      toQuery: () => ({}),
      fetchPage: async () => pages.shift()!,
      onTotal: () => undefined,
      onError: (error) => errors.push(error),
    });
    expect(await block(datasource, 0, 100)).toBe('failed');
    expect(await block(datasource, 0, 100)).toEqual({ rows: [1, 2, 3], lastRow: 3 });
    expect(errors).toEqual([failure, null]);
  });
});
