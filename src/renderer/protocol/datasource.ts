/**
 * The Infinite Row Model datasource of the protocol register: one `protocol/list` call per block,
 * ag-grid's sort and column filters plus the page's own filters (days, directions, annulment).
 * No React and no DOM.
 */
import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { ApiError, ApiResult } from '../../shared/api/errors';
import {
  PROTOCOL_SORT_COLUMNS,
  type ProtocolAnnulledFilter,
  type ProtocolDirection,
  type ProtocolFilterModel,
  type ProtocolListPage,
  type ProtocolListQueryInput,
  type ProtocolSortColumn,
} from '../../shared/api/protocol';

/** What the page's toolbar selects, besides the grid's own sort and filters. */
export interface ProtocolView {
  registerId: number | null;
  from: string | null;
  to: string | null;
  directions: ProtocolDirection[];
  annulled: ProtocolAnnulledFilter;
}

export interface ProtocolDatasourceOptions {
  view: ProtocolView;
  fetchPage(query: ProtocolListQueryInput): Promise<ApiResult<ProtocolListPage>>;
  onTotal?(total: number): void;
  onError?(error: ApiError): void;
  onSuccess?(): void;
}

const FILTER_COLUMNS = ['number', 'registeredAt', 'correspondentName', 'subject'] as const;

type BlockRequest = Pick<IGetRowsParams, 'startRow' | 'endRow' | 'sortModel' | 'filterModel'>;

export function toProtocolQuery(params: BlockRequest, view: ProtocolView): ProtocolListQueryInput {
  const sort = params.sortModel
    .filter((item) => (PROTOCOL_SORT_COLUMNS as readonly string[]).includes(item.colId))
    .slice(0, 1)
    .map((item) => ({ colId: item.colId as ProtocolSortColumn, sort: item.sort }));
  const model = (params.filterModel ?? {}) as Record<string, unknown>;
  const filters = Object.fromEntries(
    FILTER_COLUMNS.filter((column) => model[column]).map((column) => [column, model[column]]),
  ) as ProtocolFilterModel;
  return {
    registerId: view.registerId,
    startRow: params.startRow,
    endRow: params.endRow,
    sort,
    filters,
    from: view.from,
    to: view.to,
    directions: view.directions,
    annulled: view.annulled,
  };
}

/** The last row index ag-grid should know of: exact at the end of the list, else the total when counted. */
export function lastRowOf(startRow: number, endRow: number, rowCount: number, total: number | null): number | undefined {
  if (rowCount < endRow - startRow) return startRow + rowCount;
  return total ?? undefined;
}

export function createProtocolDatasource(options: ProtocolDatasourceOptions): IDatasource {
  let total: number | null = null;
  return {
    rowCount: undefined,
    async getRows(params: IGetRowsParams) {
      const result = await options.fetchPage(toProtocolQuery(params, options.view));
      if (!result.ok) {
        options.onError?.(result.error);
        params.failCallback();
        return;
      }
      if (result.data.total !== null) {
        total = result.data.total;
        options.onTotal?.(total);
      }
      options.onSuccess?.();
      params.successCallback(result.data.rows, lastRowOf(params.startRow, params.endRow, result.data.rows.length, total));
    },
  };
}
