import type { CellKeyDownEvent, GetRowIdParams, GridApi, GridReadyEvent, RowClickedEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ArchiveFiltersValue, ArchiveSearchResult, ArchiveSearchRow, ArchiveSeriesInfo } from '../../shared/api/archive';
import { ARCHIVE_MAX_RESULTS, ARCHIVE_PAGE_SIZE } from '../../shared/api/archive';
import { PRACTICE_OUTCOMES, PRACTICE_TYPES, type PracticeOutcome, type PracticeType } from '../../shared/domain/archive';
import { parseArchiveQuery } from '../../shared/domain/archiveQuery';
import type { ApiError } from '../../shared/api/errors';
import { call } from '../api/client';
import { useConnection } from '../api/hooks';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import '../grid/setup';
import { gridLocale, gridTheme } from '../grid/setup';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { queryChips } from './queryChips';
import { ARCHIVE_DEFAULT_COLDEF, archiveColumns } from './searchColumns';
import { createArchiveDatasource } from './searchDatasource';

const SEARCH_DEBOUNCE_MS = 350;
const getRowId = (params: GetRowIdParams<ArchiveSearchRow>) => String(params.data.id);

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

interface FilterState {
  seriesId: number | null;
  practiceType: PracticeType | null;
  outcome: PracticeOutcome | null;
  yearFrom: string;
  yearTo: string;
}

const NO_FILTERS: FilterState = { seriesId: null, practiceType: null, outcome: null, yearFrom: '', yearTo: '' };

function yearOf(text: string): number | null {
  return /^\d{4}$/.test(text.trim()) ? Number(text.trim()) : null;
}

function toFilters(state: FilterState): ArchiveFiltersValue {
  const from = yearOf(state.yearFrom);
  const to = yearOf(state.yearTo);
  return {
    seriesIds: state.seriesId === null ? [] : [state.seriesId],
    practiceTypes: state.practiceType === null ? [] : [state.practiceType],
    outcomes: state.outcome === null ? [] : [state.outcome],
    yearFrom: from !== null && to !== null && from > to ? to : from,
    yearTo: from !== null && to !== null && from > to ? from : to,
  };
}

/**
 * The one search box with its chips (how the text is understood) and filters, over ag-grid's
 * Infinite Row Model: ranked results, highlighted where they matched. Enter or a click opens the
 * dossier.
 */
export function SearchView({ series, onOpen }: { series: ArchiveSeriesInfo[]; onOpen(dossierId: number): void }) {
  const { t, format, language } = useI18n();
  const { restoredCount } = useConnection();
  const apiRef = useRef<GridApi<ArchiveSearchRow> | null>(null);
  const [text, setText] = useState('');
  const [filterState, setFilterState] = useState<FilterState>(NO_FILTERS);
  const search = useDebounced(text, SEARCH_DEBOUNCE_MS);
  const filters = useMemo(() => toFilters(filterState), [filterState]);
  const [first, setFirst] = useState<{ key: string; result: ArchiveSearchResult } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const key = JSON.stringify([search, filters]);

  const chips = useMemo(() => queryChips(parseArchiveQuery(text), t, format.date), [text, t, format]);
  const columns = useMemo(() => archiveColumns(t, format), [t, format]);
  const gridContext = useMemo(() => ({ t }), [t]);

  const datasource = useMemo(
    () =>
      createArchiveDatasource({
        text: search,
        filters,
        fetchPage: (input) => call('archive/search', input),
        onFirstPage: (result) => {
          setError(null);
          setFirst({ key: JSON.stringify([search, filters]), result });
        },
        onError: setError,
      }),
    [search, filters],
  );

  const seenRestored = useRef(restoredCount);
  useEffect(() => {
    if (restoredCount === seenRestored.current) return;
    seenRestored.current = restoredCount;
    apiRef.current?.purgeInfiniteCache();
  }, [restoredCount]);

  const onGridReady = useCallback((event: GridReadyEvent<ArchiveSearchRow>) => {
    apiRef.current = event.api;
  }, []);

  const current = first?.key === key ? first.result : null;
  const countText =
    current === null
      ? t('archive.count.searching')
      : current.totalIsLowerBound
        ? t('archive.count.more', { count: format.number(ARCHIVE_MAX_RESULTS) })
        : current.total === 1
          ? t('archive.count.one')
          : t('archive.count.other', { count: format.number(current.total) });

  const setFilter = <K extends keyof FilterState>(name: K, value: FilterState[K]) =>
    setFilterState((previous) => ({ ...previous, [name]: value }));

  return (
    <div className="archive-search" data-testid="archive-search">
      <div className="archive-searchbar">
        <label className="search archive-searchbox">
          <span className="visually-hidden">{t('archive.search.label')}</span>
          <Icon name="search" />
          <input
            className="input"
            type="search"
            data-testid="archive-search-input"
            placeholder={t('archive.search.placeholder')}
            value={text}
            maxLength={500}
            autoFocus
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && text) {
                event.preventDefault();
                setText('');
              }
            }}
          />
        </label>
        <span className="page-count" data-testid="archive-count" aria-live="polite">
          {countText}
        </span>
      </div>
      <div className="archive-understood" data-testid="archive-chips">
        {chips.length === 0 ? (
          <span className="cell-muted">{t('archive.search.hint')}</span>
        ) : (
          <>
            <span className="cell-muted">{t('archive.search.understood')}</span>
            {chips.map((chip, index) => (
              <span key={index} className={`archive-chip archive-chip-${chip.kind}`} data-kind={chip.kind}>
                {chip.label}
              </span>
            ))}
          </>
        )}
        {current?.streets.map((street, index) => (
          <span key={`s${index}`} className="archive-streets" data-testid="archive-streets">
            {street.matched.length > 0
              ? t('archive.streets.matched', { typed: street.typed, streets: street.matched.join(', ') })
              : t('archive.streets.none', { typed: street.typed })}
          </span>
        ))}
      </div>
      <fieldset className="archive-filters">
        <legend className="visually-hidden">{t('archive.filters')}</legend>
        <label className="archive-filter">
          <span>{t('archive.filter.series')}</span>
          <select
            className="select"
            data-testid="archive-filter-series"
            value={filterState.seriesId ?? ''}
            onChange={(event) => setFilter('seriesId', event.target.value ? Number(event.target.value) : null)}
          >
            <option value="">{t('archive.filter.allSeries')}</option>
            {series.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.title}
              </option>
            ))}
          </select>
        </label>
        <label className="archive-filter">
          <span>{t('archive.filter.type')}</span>
          <select
            className="select"
            data-testid="archive-filter-type"
            value={filterState.practiceType ?? ''}
            onChange={(event) => setFilter('practiceType', (event.target.value || null) as PracticeType | null)}
          >
            <option value="">{t('archive.filter.allTypes')}</option>
            {PRACTICE_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`archive.type.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="archive-filter">
          <span>{t('archive.filter.outcome')}</span>
          <select
            className="select"
            data-testid="archive-filter-outcome"
            value={filterState.outcome ?? ''}
            onChange={(event) => setFilter('outcome', (event.target.value || null) as PracticeOutcome | null)}
          >
            <option value="">{t('archive.filter.allOutcomes')}</option>
            {PRACTICE_OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {t(`archive.outcome.${outcome}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="archive-filter archive-filter-year">
          <span>{t('archive.filter.yearFrom')}</span>
          <input
            className="input"
            inputMode="numeric"
            maxLength={4}
            data-testid="archive-filter-year-from"
            value={filterState.yearFrom}
            onChange={(event) => setFilter('yearFrom', event.target.value.replace(/\D/g, ''))}
          />
        </label>
        <label className="archive-filter archive-filter-year">
          <span>{t('archive.filter.yearTo')}</span>
          <input
            className="input"
            inputMode="numeric"
            maxLength={4}
            data-testid="archive-filter-year-to"
            value={filterState.yearTo}
            onChange={(event) => setFilter('yearTo', event.target.value.replace(/\D/g, ''))}
          />
        </label>
        <button
          type="button"
          className="btn"
          disabled={!text && JSON.stringify(filterState) === JSON.stringify(NO_FILTERS)}
          onClick={() => {
            setText('');
            setFilterState(NO_FILTERS);
          }}
        >
          <Icon name="reset" />
          {t('archive.filter.reset')}
        </button>
      </fieldset>

      {error && (
        <Notice kind="error" testId="archive-error">
          {t('archive.loadError', { message: errorMessage(error, t) })}
        </Notice>
      )}

      <div className="grid-wrap archive-grid" data-testid="archive-grid">
        <AgGridReact<ArchiveSearchRow>
          key={`${language}-${key}`}
          theme={gridTheme}
          localeText={gridLocale(language)}
          columnDefs={columns}
          defaultColDef={ARCHIVE_DEFAULT_COLDEF}
          context={gridContext}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={ARCHIVE_PAGE_SIZE}
          maxBlocksInCache={20}
          maxConcurrentDatasourceRequests={1}
          infiniteInitialRowCount={1}
          getRowId={getRowId}
          rowHeight={44}
          animateRows={false}
          tooltipShowDelay={600}
          overlayNoRowsTemplate={`<span class="cell-muted">${t('archive.noRows')}</span>`}
          onGridReady={onGridReady}
          onRowClicked={(event: RowClickedEvent<ArchiveSearchRow>) => event.data && onOpen(event.data.id)}
          onCellKeyDown={(event: CellKeyDownEvent<ArchiveSearchRow>) => {
            if ((event.event as KeyboardEvent | null)?.key === 'Enter' && event.data) onOpen(event.data.id);
          }}
        />
      </div>
    </div>
  );
}
