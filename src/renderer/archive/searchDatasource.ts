/**
 * The Infinite Row Model datasource of the archive search: one `archive/search` call per block of
 * rows (by offset: results are ranked, so there is no key to seek on), the total known from the
 * first answer. No React and no DOM (unit-tested in Node).
 */
import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { ArchiveFiltersValue, ArchiveSearchInputValue, ArchiveSearchResult, ArchiveSearchRow } from '../../shared/api/archive';
import { ARCHIVE_MAX_RESULTS } from '../../shared/api/archive';
import type { ApiError, ApiResult } from '../../shared/api/errors';

export interface ArchiveDatasourceOptions {
  text: string;
  filters: ArchiveFiltersValue;
  fetchPage(input: ArchiveSearchInputValue): Promise<ApiResult<ArchiveSearchResult>>;
  /** The first block's answer: the total and how the text was understood. */
  onFirstPage?(result: ArchiveSearchResult): void;
  onError?(error: ApiError): void;
}

type BlockParams = Pick<IGetRowsParams<ArchiveSearchRow>, 'startRow' | 'endRow' | 'successCallback' | 'failCallback'>;

/** Where the grid's row count ends: the total when known, else -1 (more to come). */
export function lastRowOf(result: ArchiveSearchResult, startRow: number): number {
  const reached = startRow + result.rows.length;
  if (result.totalIsLowerBound) return reached >= ARCHIVE_MAX_RESULTS || result.rows.length === 0 ? reached : -1;
  return result.total;
}

export function createArchiveDatasource(options: ArchiveDatasourceOptions): IDatasource {
  return {
    rowCount: undefined,
    async getRows(params: BlockParams) {
      const limit = Math.min(params.endRow, ARCHIVE_MAX_RESULTS) - params.startRow;
      if (limit <= 0) {
        params.successCallback([], params.startRow);
        return;
      }
      const result = await options.fetchPage({ text: options.text, filters: options.filters, offset: params.startRow, limit });
      if (!result.ok) {
        options.onError?.(result.error);
        params.failCallback();
        return;
      }
      if (params.startRow === 0) options.onFirstPage?.(result.data);
      params.successCallback(result.data.rows, lastRowOf(result.data, params.startRow));
    },
  };
}
