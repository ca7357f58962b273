/**
 * The Infinite Row Model datasource of the worklist: one `instances/worklist` call per block, with
 * the keyset cursor when the previous block was read. No React and no DOM (unit-tested in Node).
 */
import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { ApiError, ApiResult } from '../../shared/api/errors';
import type { WorklistPage, WorklistQueryInput, WorklistRow } from '../../shared/api/instances';
import type { KeysetCursors } from './keysetCursors';
import { queryIdentity, toWorklistQuery, type GridBlockRequest, type WorklistView } from './query';

export interface WorklistDatasourceOptions {
  view: WorklistView;
  cursors: KeysetCursors;
  fetchPage(query: WorklistQueryInput): Promise<ApiResult<WorklistPage>>;
  /** The total of rows matching, when a first block tells it (or its lower bound: "more than"). */
  onTotal?(total: number, isLowerBound: boolean): void;
  onError?(error: ApiError): void;
  onSuccess?(): void;
}

type BlockParams = GridBlockRequest & Pick<IGetRowsParams<WorklistRow>, 'successCallback' | 'failCallback'>;

export interface WorklistDatasource extends IDatasource {
  /** Forgets requests in flight, so the next identical block is read again (after a refresh). */
  forgetInFlight(): void;
}

export function createWorklistDatasource(options: WorklistDatasourceOptions): WorklistDatasource {
  const { view, cursors } = options;
  // ag-grid purges and asks again for the very same block when a React custom filter (the status
  // filter) finishes mounting with the initial model: identical requests in flight share one call.
  const inFlight = new Map<string, Promise<ApiResult<WorklistPage>>>();
  const fetchShared = (query: WorklistQueryInput) => {
    const key = JSON.stringify(query);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = options.fetchPage(query).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
  return {
    rowCount: undefined,
    forgetInFlight: () => inFlight.clear(),
    async getRows(params: BlockParams) {
      const identity = queryIdentity(params, view);
      cursors.sync(identity);
      const query = toWorklistQuery(params, view, cursors.cursorFor(params.startRow));
      const result = await fetchShared(query);
      // A late answer for a list the user has since re-sorted or re-filtered: ag-grid drops the
      // block itself; the page's count and error line must not be overwritten by it either.
      const current = cursors.currentIdentity === identity;
      if (!result.ok) {
        if (current) options.onError?.(result.error);
        params.failCallback();
        return;
      }
      const page = result.data;
      const lastRow = cursors.record(identity, params.startRow, params.endRow - params.startRow, {
        rowCount: page.rows.length,
        total: page.total,
        totalIsLowerBound: page.totalIsLowerBound,
        nextCursor: page.nextCursor,
      });
      if (current) {
        if (page.total !== null) options.onTotal?.(page.total, page.totalIsLowerBound);
        options.onSuccess?.();
      }
      params.successCallback(page.rows, lastRow);
    },
  };
}
