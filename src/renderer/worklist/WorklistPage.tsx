import type {
  CellKeyDownEvent,
  FilterChangedEvent,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  GridState,
  SelectionChangedEvent,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { WorklistRow, WorklistScope } from '../../shared/api/instances';
import { call } from '../api/client';
import { useAppEvent, useConnection } from '../api/hooks';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import '../grid/setup';
import { gridLocale, gridTheme } from '../grid/setup';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { MyLoadMeter } from '../workload/MyLoadMeter';
import { WorklistBulkBar } from '../workload/WorklistBulkBar';
import { WorklistViewsControl } from '../workload/WorklistViewsControl';
import { worklistColumns, WORKLIST_DEFAULT_COLDEF } from './columns';
import { worklistCountText } from './countText';
import { createWorklistDatasource, type WorklistDatasource } from './datasource';
import { KeysetCursors } from './keysetCursors';
import { DEFAULT_SORT, DEFAULT_STATUS_FILTER, isDefaultStatusFilter } from './query';

const SEARCH_DEBOUNCE_MS = 300;
const CHANGE_REFRESH_DELAY_MS = 400;
export const WORKLIST_BLOCK_SIZE = 100;

// Ticked rows take bulk actions (reassignment, taking in charge); a click still selects one row.
const ROW_SELECTION = { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: true } as const;
const DEFAULT_FILTER_MODEL = { status: DEFAULT_STATUS_FILTER };
const getRowId = (params: GetRowIdParams<WorklistRow>) => String(params.data.id);

const INITIAL_STATE: GridState = {
  filter: { filterModel: { status: DEFAULT_STATUS_FILTER } },
  sort: { sortModel: DEFAULT_SORT.map((item) => ({ colId: item.colId, sort: item.sort ?? 'asc' })) },
};

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

function hasNonDefaultFilters(model: Record<string, unknown>): boolean {
  return Object.entries(model).some(([column, value]) => column !== 'status' || !isDefaultStatusFilter(value)) || !model.status;
}

/**
 * One worklist (scope mine / office / unassigned): ag-grid's Infinite Row Model over
 * `instances/worklist`, 100 rows per block, keyset cursors, server-side sort, filters and search.
 */
export function WorklistPage({
  scope,
  onOpen,
}: {
  scope: WorklistScope;
  /** Opens the case screen: double click or Enter on a row. */
  onOpen?: (instanceId: number) => void;
}) {
  const { t, format, language } = useI18n();
  const { restoredCount } = useConnection();
  const apiRef = useRef<GridApi<WorklistRow> | null>(null);
  const [cursors] = useState(() => new KeysetCursors());
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText, SEARCH_DEBOUNCE_MS);
  // The count belongs to one datasource (scope + search): a new one starts as "counting".
  const [count, setCount] = useState<{ source: WorklistDatasource | null; total: number | null; isLowerBound: boolean }>({
    source: null,
    total: null,
    isLowerBound: false,
  });
  const [error, setError] = useState<ApiError | null>(null);
  const [filtersDirty, setFiltersDirty] = useState(false);
  const [gridApi, setGridApi] = useState<GridApi<WorklistRow> | null>(null);
  const [selected, setSelected] = useState<WorklistRow[]>([]);

  const columnDefs = useMemo(() => worklistColumns(scope, t, format), [scope, t, format]);

  const datasource = useMemo(() => {
    const created: WorklistDatasource = createWorklistDatasource({
      view: { scope, search },
      cursors,
      fetchPage: (query) => call('instances/worklist', query),
      onTotal: (total, isLowerBound) => setCount({ source: created, total, isLowerBound }),
      onError: setError,
      onSuccess: () => setError(null),
    });
    return created;
  }, [scope, search, cursors]);
  const total = count.source === datasource ? count.total : null;

  const refresh = useCallback(
    (hard: boolean) => {
      const api = apiRef.current;
      if (!api || api.isDestroyed()) return;
      cursors.reset();
      datasource.forgetInFlight();
      if (hard) api.purgeInfiniteCache();
      else api.refreshInfiniteCache();
    },
    [cursors, datasource],
  );

  // When the connection comes back, reload what is shown (blocks may have failed meanwhile).
  const seenRestored = useRef(restoredCount);
  useEffect(() => {
    if (restoredCount === seenRestored.current) return;
    seenRestored.current = restoredCount;
    refresh(true);
  }, [restoredCount, refresh]);

  // Another workspace changed some cases: refresh in place (rows stay on screen while reloading).
  const changeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useAppEvent('instances/changed', () => {
    if (changeTimer.current) clearTimeout(changeTimer.current);
    changeTimer.current = setTimeout(() => refresh(false), CHANGE_REFRESH_DELAY_MS);
  });
  useEffect(
    () => () => {
      if (changeTimer.current) clearTimeout(changeTimer.current);
    },
    [],
  );

  const onGridReady = useCallback((event: GridReadyEvent<WorklistRow>) => {
    apiRef.current = event.api;
    setGridApi(event.api);
  }, []);

  const onSelectionChanged = useCallback((event: SelectionChangedEvent<WorklistRow>) => setSelected(event.api.getSelectedRows()), []);
  const afterBulk = useCallback(() => {
    apiRef.current?.deselectAll();
    refresh(false);
  }, [refresh]);

  const onFilterChanged = useCallback((event: FilterChangedEvent<WorklistRow>) => {
    setCount({ source: null, total: null, isLowerBound: false });
    setFiltersDirty(hasNonDefaultFilters(event.api.getFilterModel()));
  }, []);

  const resetFilters = () => {
    setSearchText('');
    apiRef.current?.setFilterModel({ status: DEFAULT_STATUS_FILTER });
  };

  const countText = worklistCountText(total, count.isLowerBound, t, format);

  return (
    <main className="page" aria-labelledby="worklist-title">
      <div className="page-head">
        <div className="page-title">
          <h1 id="worklist-title">{t(`worklist.title.${scope}`)}</h1>
          <span className="page-count" data-testid="worklist-count" aria-live="polite">
            {countText}
          </span>
          {scope === 'mine' && <MyLoadMeter />}
        </div>
        <div className="page-tools">
          <WorklistViewsControl
            scope={scope}
            api={gridApi}
            search={searchText}
            onSearch={setSearchText}
            defaultFilter={DEFAULT_FILTER_MODEL}
          />
          <label className="search">
            <span className="visually-hidden">{t('worklist.search')}</span>
            <Icon name="search" />
            <input
              className="input"
              type="search"
              data-testid="worklist-search"
              placeholder={t('worklist.searchPlaceholder')}
              value={searchText}
              maxLength={200}
              onChange={(event) => setSearchText(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape' && searchText) {
                  event.preventDefault();
                  setSearchText('');
                }
              }}
            />
          </label>
          <button type="button" className="btn" disabled={!filtersDirty && !searchText} onClick={resetFilters}>
            <Icon name="reset" />
            {t('worklist.clearFilters')}
          </button>
          <button type="button" className="btn" onClick={() => refresh(true)} title={t('worklist.refresh')}>
            <Icon name="refresh" />
            {t('worklist.refresh')}
          </button>
        </div>
      </div>

      {error && (
        <Notice kind="error" testId="worklist-error">
          {t('worklist.loadError', { message: errorMessage(error, t) })}
        </Notice>
      )}

      <WorklistBulkBar scope={scope} selected={selected} onDone={afterBulk} />

      <div className="grid-wrap" data-testid="worklist-grid">
        <AgGridReact<WorklistRow>
          key={language}
          theme={gridTheme}
          localeText={gridLocale(language)}
          columnDefs={columnDefs}
          defaultColDef={WORKLIST_DEFAULT_COLDEF}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={WORKLIST_BLOCK_SIZE}
          maxBlocksInCache={30}
          maxConcurrentDatasourceRequests={2}
          infiniteInitialRowCount={1}
          initialState={INITIAL_STATE}
          getRowId={getRowId}
          rowSelection={ROW_SELECTION}
          suppressMultiSort
          animateRows={false}
          tooltipShowDelay={700}
          overlayNoRowsTemplate={`<span class="cell-muted">${t('worklist.noRows')}</span>`}
          onGridReady={onGridReady}
          onFilterChanged={onFilterChanged}
          onSelectionChanged={onSelectionChanged}
          onRowDoubleClicked={({ data }) => data && onOpen?.(data.id)}
          onCellKeyDown={({ event, data }: CellKeyDownEvent<WorklistRow>) => {
            if ((event as KeyboardEvent | null | undefined)?.key === 'Enter' && data) onOpen?.(data.id);
          }}
        />
      </div>
    </main>
  );
}
