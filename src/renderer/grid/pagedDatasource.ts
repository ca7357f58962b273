/**
 * An Infinite Row Model datasource over a paged list channel: one call per block, the total kept
 * once the server has counted it, errors reported to the page. No React and no DOM.
 */
import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { ApiError, ApiResult } from '../../shared/api/errors';

export type BlockRequest = Pick<IGetRowsParams, 'startRow' | 'endRow' | 'sortModel' | 'filterModel'>;

/** The last row index ag-grid should know of: exact at the end of the list, else the total when counted. */
export function lastRowOf(startRow: number, endRow: number, rowCount: number, total: number | null): number | undefined {
  if (rowCount < endRow - startRow) return startRow + rowCount;
  return total ?? undefined;
}

export function createPagedDatasource<Query, Row>(options: {
  toQuery(block: BlockRequest): Query;
  fetchPage(query: Query): Promise<ApiResult<{ rows: Row[]; total: number | null }>>;
  onTotal(total: number): void;
  /** The failure of the last block, or null once a block has loaded. */
  onError(error: ApiError | null): void;
}): IDatasource {
  let total: number | null = null;
  return {
    async getRows(params: IGetRowsParams) {
      const result = await options.fetchPage(options.toQuery(params));
      if (!result.ok) {
        options.onError(result.error);
        params.failCallback();
        return;
      }
      if (result.data.total !== null) {
        total = result.data.total;
        options.onTotal(total);
      }
      options.onError(null);
      params.successCallback(result.data.rows, lastRowOf(params.startRow, params.endRow, result.data.rows.length, total));
    },
  };
}
