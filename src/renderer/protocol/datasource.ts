/**
 * The `protocol/list` query of one block of the protocol register: ag-grid's sort and column
 * filters plus the page's own filters (days, directions, annulment).
 * No React and no DOM.
 */
import type { BlockRequest } from '../grid/pagedDatasource';
import {
  PROTOCOL_SORT_COLUMNS,
  type ProtocolAnnulledFilter,
  type ProtocolDirection,
  type ProtocolFilterModel,
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

const FILTER_COLUMNS = ['number', 'registeredAt', 'correspondentName', 'subject'] as const;

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
