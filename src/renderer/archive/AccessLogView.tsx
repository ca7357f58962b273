import type { ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ArchiveAccessEntry } from '../../shared/api/archive';
import type { ApiError } from '../../shared/api/errors';
import { call } from '../api/client';
import { Notice } from '../components/Notice';
import '../grid/setup';
import { gridLocale, gridTheme } from '../grid/setup';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';

const PAGE = 200;

/** Today in Rome, ISO, and the same day a month earlier: the default period of the log. */
function lastMonth(): { from: string; to: string } {
  const day = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(date);
  const now = new Date();
  return { from: day(new Date(now.getTime() - 30 * 86_400_000)), to: day(now) };
}

/** Managers review who opened, printed or saved which scan, when and why. */
export function AccessLogView() {
  const { t, format, language } = useI18n();
  const [period, setPeriod] = useState(lastMonth);
  const [rows, setRows] = useState<ArchiveAccessEntry[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const fetchPage = useCallback(
    (offset: number) => call('archive/accessLog', { from: period.from || null, to: period.to || null, offset, limit: PAGE }),
    [period],
  );
  const apply = useCallback((offset: number, result: Awaited<ReturnType<typeof fetchPage>>) => {
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setRows((previous) => (offset === 0 ? result.data.rows : [...previous, ...result.data.rows]));
    setHasMore(result.data.hasMore);
  }, []);

  useEffect(() => {
    let current = true;
    void fetchPage(0).then((result) => current && apply(0, result));
    return () => {
      current = false;
    };
  }, [fetchPage, apply]);

  const loadMore = () => {
    const offset = rows.length;
    void fetchPage(offset).then((result) => apply(offset, result));
  };

  const columns = useMemo<ColDef<ArchiveAccessEntry>[]>(
    () => [
      {
        colId: 'at',
        headerName: t('archive.log.at'),
        valueGetter: ({ data }) => format.dateTime(data?.at),
        width: 150,
        cellClass: 'cell-num',
      },
      {
        colId: 'staff',
        headerName: t('archive.log.staff'),
        valueGetter: ({ data }) => (data ? `${data.staff.name} (${data.staff.login})` : ''),
        width: 220,
      },
      {
        colId: 'action',
        headerName: t('archive.log.action'),
        valueGetter: ({ data }) => (data ? t(`archive.log.action.${data.action}`) : ''),
        width: 120,
      },
      {
        colId: 'purpose',
        headerName: t('archive.log.purpose'),
        valueGetter: ({ data }) => (data ? [t(`archive.purpose.${data.purpose}`), data.note].filter(Boolean).join(' – ') : ''),
        tooltipValueGetter: ({ value }) => value as string,
        flex: 1,
        minWidth: 220,
      },
      { colId: 'reference', headerName: t('archive.log.reference'), valueGetter: ({ data }) => data?.reference ?? '', width: 150 },
      {
        colId: 'dossier',
        headerName: t('archive.log.dossier'),
        valueGetter: ({ data }) => (data ? data.dossier.label || t('archive.log.hiddenDossier') : ''),
        width: 240,
      },
      {
        colId: 'document',
        headerName: t('archive.log.document'),
        valueGetter: ({ data }) => data?.document.title ?? '',
        flex: 1,
        minWidth: 200,
      },
    ],
    [t, format],
  );

  return (
    <div className="archive-log" data-testid="archive-access-log">
      <div className="archive-log-head">
        <p className="cell-muted">{t('archive.log.intro')}</p>
        <label className="archive-filter">
          <span>{t('archive.log.from')}</span>
          <input
            className="input"
            type="date"
            data-testid="archive-log-from"
            value={period.from}
            onChange={(event) => setPeriod((p) => ({ ...p, from: event.target.value }))}
          />
        </label>
        <label className="archive-filter">
          <span>{t('archive.log.to')}</span>
          <input
            className="input"
            type="date"
            data-testid="archive-log-to"
            value={period.to}
            onChange={(event) => setPeriod((p) => ({ ...p, to: event.target.value }))}
          />
        </label>
        {hasMore && (
          <button type="button" className="btn" onClick={loadMore}>
            {t('archive.log.more')}
          </button>
        )}
      </div>
      {error && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      <div className="grid-wrap" data-testid="archive-log-grid">
        <AgGridReact<ArchiveAccessEntry>
          key={language}
          theme={gridTheme}
          localeText={gridLocale(language)}
          rowData={rows}
          columnDefs={columns}
          defaultColDef={{ resizable: true, sortable: true, filter: false, suppressHeaderMenuButton: true, cellDataType: false }}
          getRowId={({ data }) => String(data.id)}
          overlayNoRowsTemplate={`<span class="cell-muted">${t('archive.log.empty')}</span>`}
          animateRows={false}
          tooltipShowDelay={500}
        />
      </div>
    </div>
  );
}
