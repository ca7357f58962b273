/**
 * Pure mapping from what ag-grid's Infinite Row Model asks for (a block of rows, its sort model and
 * filter model) plus the page's own state (scope, search box) to the `instances/worklist` query.
 * ag-grid's text/date/number filter models are the contract's models: they pass through, trimmed to
 * the fields the contract knows (its schemas are strict). The status column's model is our own.
 */
import {
  INSTANCE_STATUSES,
  WORKLIST_SORT_COLUMNS,
  type StatusFilterModel,
  type WorklistFilterModel,
  type WorklistQueryInput,
  type WorklistScope,
  type WorklistSortColumn,
} from '../../shared/api/instances';

export interface GridSortItem {
  colId: string;
  sort: 'asc' | 'desc' | null | undefined;
}

/** The parts of ag-grid's `IGetRowsParams` the query is made of. */
export interface GridBlockRequest {
  startRow: number;
  endRow: number;
  sortModel: readonly GridSortItem[];
  filterModel: unknown;
}

export interface WorklistView {
  scope: WorklistScope;
  search: string;
}

export const SEARCH_MAX_LENGTH = 200;

/** The status filter's default: the cases still open (not closed), whatever their status. */
export const DEFAULT_STATUS_FILTER: StatusFilterModel = { filterType: 'status', openOnly: true };
export const DEFAULT_SORT: readonly GridSortItem[] = [{ colId: 'dueDate', sort: 'asc' }];

type AnyRecord = Record<string, unknown>;
type WorklistSort = NonNullable<WorklistQueryInput['sort']>;

function isRecord(value: unknown): value is AnyRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSortColumn(colId: string): colId is WorklistSortColumn {
  return (WORKLIST_SORT_COLUMNS as readonly string[]).includes(colId);
}

/** At most one column (the contract's rule); the first sortable one in ag-grid's order wins. */
export function toWorklistSort(sortModel: readonly GridSortItem[] | null | undefined): WorklistSort {
  for (const item of sortModel ?? []) {
    if (isSortColumn(item.colId) && (item.sort === 'asc' || item.sort === 'desc')) {
      return [{ colId: item.colId, sort: item.sort }];
    }
  }
  return [];
}

function pick(source: AnyRecord, fields: readonly string[]): AnyRecord {
  const out: AnyRecord = {};
  for (const field of fields) if (source[field] !== undefined) out[field] = source[field];
  return out;
}

/** A simple condition or ag-grid's combined `{ operator, conditions }`, keeping only known fields. */
function pickCombinable(model: AnyRecord, filterType: string, fields: readonly string[]): AnyRecord {
  if (Array.isArray(model.conditions)) {
    return {
      filterType,
      operator: model.operator,
      conditions: model.conditions.map((condition: unknown) =>
        isRecord(condition) ? { ...pick(condition, fields), filterType } : condition,
      ),
    };
  }
  return { ...pick(model, fields), filterType };
}

const TEXT_FIELDS = ['type', 'filter'] as const;
const DATE_FIELDS = ['type', 'dateFrom', 'dateTo'] as const;
const NUMBER_FIELDS = ['type', 'filter', 'filterTo'] as const;

/** Known statuses only, in the catalogue's order; no model when it filters nothing. */
export function toStatusFilter(model: unknown): StatusFilterModel | undefined {
  if (!isRecord(model)) return undefined;
  const openOnly = model.openOnly === true;
  const chosen = Array.isArray(model.values) ? new Set(model.values as unknown[]) : null;
  if (!chosen && !openOnly) return undefined;
  return {
    filterType: 'status',
    ...(chosen ? { values: INSTANCE_STATUSES.filter((status) => chosen.has(status)) } : {}),
    ...(openOnly ? { openOnly } : {}),
  };
}

/** Known columns only, always in the same order (the result is also part of the cursor identity). */
export function toWorklistFilters(filterModel: unknown): WorklistFilterModel {
  const filters: AnyRecord = {};
  if (!isRecord(filterModel)) return filters as WorklistFilterModel;
  const text = (column: string) => {
    const model = filterModel[column];
    if (isRecord(model)) filters[column] = pickCombinable(model, 'text', TEXT_FIELDS);
  };
  const date = (column: string) => {
    const model = filterModel[column];
    if (isRecord(model)) filters[column] = pickCombinable(model, 'date', DATE_FIELDS);
  };
  text('protocol');
  date('receivedAt');
  text('procedureName');
  text('applicantName');
  const status = toStatusFilter(filterModel.status);
  if (status) filters.status = status;
  date('dueDate');
  if (isRecord(filterModel.daysLeft)) filters.daysLeft = pickCombinable(filterModel.daysLeft, 'number', NUMBER_FIELDS);
  return filters as WorklistFilterModel;
}

export function normaliseSearch(search: string): string {
  return search.trim().slice(0, SEARCH_MAX_LENGTH);
}

export function toWorklistQuery(request: GridBlockRequest, view: WorklistView, cursor: string | null): WorklistQueryInput {
  return {
    scope: view.scope,
    startRow: request.startRow,
    endRow: request.endRow,
    sort: toWorklistSort(request.sortModel),
    filters: toWorklistFilters(request.filterModel),
    search: normaliseSearch(view.search),
    cursor: request.startRow > 0 ? cursor : null,
  };
}

/**
 * Everything that decides which rows there are and in which order, but not which block: when it
 * changes, every cursor handed out so far belongs to another list.
 */
export function queryIdentity(request: Pick<GridBlockRequest, 'sortModel' | 'filterModel'>, view: WorklistView): string {
  return JSON.stringify([
    view.scope,
    normaliseSearch(view.search),
    toWorklistSort(request.sortModel),
    toWorklistFilters(request.filterModel),
  ]);
}

export function isDefaultStatusFilter(model: unknown): boolean {
  const status = toStatusFilter(model);
  return !!status && status.openOnly === true && status.values === undefined;
}
