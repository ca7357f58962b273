import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useMemo, useState } from 'react';
import type { ArchiveBox, ArchiveSeriesInfo, CampaignDashboard } from '../../shared/api/archive';
import type { SessionInfo } from '../../shared/api/session';
import { BOX_STATUSES, nextBoxStatus, type BoxStatus } from '../../shared/domain/archive';
import type { ApiError } from '../../shared/api/errors';
import { call } from '../api/client';
import { useCall } from '../api/hooks';
import { Notice } from '../components/Notice';
import '../grid/setup';
import { gridLocale, gridTheme } from '../grid/setup';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { ImportPanel } from './ImportPanel';

const PAGES_DAYS = 30;

function StageBar({ boxes }: { boxes: Record<BoxStatus, number> }) {
  const { t } = useI18n();
  const total = BOX_STATUSES.reduce((sum, status) => sum + boxes[status], 0);
  return (
    <div
      className="archive-stagebar"
      role="img"
      aria-label={BOX_STATUSES.map((status) => `${t(`archive.campaign.status.${status}`)}: ${boxes[status]}`).join(', ')}
    >
      {BOX_STATUSES.map((status) =>
        boxes[status] > 0 ? (
          <span
            key={status}
            className={`archive-stage archive-stage-${status}`}
            style={{ flexGrow: total === 0 ? 0 : boxes[status] }}
            title={`${t(`archive.campaign.status.${status}`)}: ${boxes[status]}`}
          >
            {boxes[status]}
          </span>
        ) : null,
      )}
    </div>
  );
}

function Dashboard({ dashboard }: { dashboard: CampaignDashboard }) {
  const { t, format } = useI18n();
  const maxDecade = Math.max(1, ...dashboard.byDecade.map((decade) => decade.dossiers));
  const maxDay = Math.max(1, ...dashboard.pagesPerDay.map((day) => day.pages));
  return (
    <div className="archive-dashboard" data-testid="archive-dashboard">
      <div className="archive-cards">
        {BOX_STATUSES.map((status) => (
          <div key={status} className={`archive-card archive-card-${status}`} data-testid={`archive-boxes-${status}`}>
            <span className="archive-card-value">{format.number(dashboard.boxes[status])}</span>
            <span className="archive-card-label">
              {t('archive.campaign.boxes')} · {t(`archive.campaign.status.${status}`).toLowerCase()}
            </span>
          </div>
        ))}
      </div>
      <div className="archive-panels">
        <section className="archive-panel">
          <h3 className="archive-section-title">{t('archive.campaign.bySeries')}</h3>
          {dashboard.bySeries.map((entry) => (
            <div key={entry.series.id} className="archive-series-progress" data-testid="archive-series-progress">
              <div className="archive-series-name">
                <strong>{entry.series.title}</strong>
                <span className="cell-muted">{t('archive.campaign.pages', { pages: format.number(entry.pages) })}</span>
              </div>
              <StageBar boxes={entry.boxes} />
            </div>
          ))}
          <div className="archive-legend">
            {BOX_STATUSES.map((status) => (
              <span key={status}>
                <span className={`archive-swatch archive-stage-${status}`} /> {t(`archive.campaign.status.${status}`)}
              </span>
            ))}
          </div>
        </section>
        <section className="archive-panel">
          <h3 className="archive-section-title">{t('archive.campaign.byDecade')}</h3>
          <div className="archive-decades">
            {dashboard.byDecade.map((decade) => (
              <div
                key={decade.decade}
                className="archive-decade"
                title={t('archive.campaign.digitised', {
                  digitised: format.number(decade.digitisedDossiers),
                  dossiers: format.number(decade.dossiers),
                })}
              >
                <span className="archive-decade-label">{t('archive.campaign.decade', { decade: decade.decade })}</span>
                <span className="archive-decade-bar">
                  <span className="archive-decade-total" style={{ width: `${(decade.dossiers / maxDecade) * 100}%` }}>
                    <span
                      className="archive-decade-done"
                      style={{ width: `${decade.dossiers === 0 ? 0 : (decade.digitisedDossiers / decade.dossiers) * 100}%` }}
                    />
                  </span>
                </span>
                <span className="archive-decade-value cell-num">
                  {format.number(decade.digitisedDossiers)}/{format.number(decade.dossiers)}
                </span>
              </div>
            ))}
          </div>
        </section>
      </div>
      <section className="archive-panel">
        <h3 className="archive-section-title">{t('archive.campaign.perDay', { days: dashboard.days })}</h3>
        <div className="archive-days" data-testid="archive-pages-per-day">
          {dashboard.pagesPerDay.map((day) => (
            <span
              key={day.day}
              className="archive-day"
              title={t('archive.campaign.dayTooltip', {
                day: format.date(day.day),
                pages: format.number(day.pages),
                documents: format.number(day.documents),
              })}
            >
              <span className="archive-day-bar" style={{ height: `${(day.pages / maxDay) * 100}%` }} />
              <span className="archive-day-label">{day.day.slice(8, 10)}</span>
            </span>
          ))}
        </div>
      </section>
    </div>
  );
}

function BoxActions({
  data,
  context,
}: ICellRendererParams<ArchiveBox> & { context: { move(box: ArchiveBox, to: BoxStatus): void; canMoveBack: boolean } }) {
  const { t } = useI18n();
  if (!data) return null;
  const next = nextBoxStatus(data.status);
  const previous = BOX_STATUSES[BOX_STATUSES.indexOf(data.status) - 1];
  return (
    <span className="archive-box-actions">
      {next && (
        <button type="button" className="btn btn-small" data-testid="archive-box-advance" onClick={() => context.move(data, next)}>
          {t('archive.campaign.advance', { status: t(`archive.campaign.status.${next}`) })}
        </button>
      )}
      {previous && context.canMoveBack && (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => context.move(data, previous)}>
          {t('archive.campaign.moveBack', { status: t(`archive.campaign.status.${previous}`) })}
        </button>
      )}
    </span>
  );
}

const EMPTY_BOX = { label: '', building: '', room: '', shelf: '', yearFrom: '', yearTo: '' };

function NewBoxForm({ seriesId, onCreated }: { seriesId: number; onCreated(box: ArchiveBox): void }) {
  const { t } = useI18n();
  const [values, setValues] = useState(EMPTY_BOX);
  const [error, setError] = useState<ApiError | null>(null);
  const field = (name: keyof typeof EMPTY_BOX, label: string, size = 12) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        className="input"
        size={size}
        data-testid={`archive-box-${name}`}
        value={values[name]}
        onChange={(event) => setValues((v) => ({ ...v, [name]: event.target.value }))}
      />
    </label>
  );
  const year = (text: string) => (/^\d{4}$/.test(text) ? Number(text) : null);
  return (
    <details className="archive-newbox">
      <summary>{t('archive.campaign.newBox')}</summary>
      <form
        className="archive-newbox-form"
        onSubmit={(event) => {
          event.preventDefault();
          void call('archive/createBox', {
            seriesId,
            label: values.label,
            building: values.building,
            room: values.room,
            shelf: values.shelf,
            yearFrom: year(values.yearFrom),
            yearTo: year(values.yearTo),
          }).then((result) => {
            if (!result.ok) {
              setError(result.error);
              return;
            }
            setError(null);
            setValues(EMPTY_BOX);
            onCreated(result.data);
          });
        }}
      >
        {field('label', t('archive.campaign.label'))}
        {field('building', t('archive.campaign.building'), 18)}
        {field('room', t('archive.campaign.room'), 18)}
        {field('shelf', t('archive.campaign.shelfField'))}
        {field('yearFrom', t('archive.campaign.yearFrom'), 5)}
        {field('yearTo', t('archive.campaign.yearTo'), 5)}
        <button type="submit" className="btn btn-primary">
          {t('archive.campaign.create')}
        </button>
      </form>
      {error && <Notice kind="error">{errorMessage(error, t)}</Notice>}
    </details>
  );
}

/** The digitisation campaign: its dashboard, the boxes of each series and their stages, imports. */
export function CampaignView({ session, series }: { session: SessionInfo; series: ArchiveSeriesInfo[] }) {
  const { t, format, language } = useI18n();
  const dashboard = useCall('archive/dashboard', { days: PAGES_DAYS });
  const [seriesId, setSeriesId] = useState<number | null>(null);
  const shownSeries = seriesId ?? series[0]?.id ?? null;
  const boxes = useCall('archive/boxes', { seriesId: shownSeries }, String(shownSeries));
  const [error, setError] = useState<ApiError | null>(null);
  const { reload: reloadDashboard } = dashboard;
  const { reload: reloadBoxes } = boxes;

  const refresh = useCallback(() => {
    void reloadDashboard();
    void reloadBoxes();
  }, [reloadDashboard, reloadBoxes]);

  const move = useCallback(
    async (box: ArchiveBox, to: BoxStatus) => {
      const result = await call('archive/moveBox', { boxId: box.id, from: box.status, to });
      if (!result.ok) setError(result.error);
      else setError(null);
      refresh();
    },
    [refresh],
  );

  const context = useMemo(
    () => ({
      move: (box: ArchiveBox, to: BoxStatus) => void move(box, to),
      canMoveBack: session.role === 'manager' || session.role === 'admin',
    }),
    [move, session.role],
  );
  const columns = useMemo<ColDef<ArchiveBox>[]>(
    () => [
      { colId: 'label', headerName: t('archive.campaign.box'), field: 'label', width: 130, cellClass: 'cell-mono' },
      {
        colId: 'years',
        headerName: t('archive.campaign.years'),
        valueGetter: ({ data }) =>
          data
            ? [data.yearFrom, data.yearTo]
                .filter((y) => y !== null)
                .filter((y, i, all) => all.indexOf(y) === i)
                .join('–')
            : '',
        width: 100,
      },
      {
        colId: 'shelf',
        headerName: t('archive.campaign.shelf'),
        valueGetter: ({ data }) => (data ? `${data.room}, ${data.shelf}` : ''),
        flex: 1,
        minWidth: 200,
      },
      {
        colId: 'content',
        headerName: t('archive.campaign.content'),
        valueGetter: ({ data }) =>
          data
            ? `${t('archive.campaign.dossiers', { count: format.number(data.dossiers) })}, ${t('archive.scans.count', { documents: format.number(data.documents), pages: format.number(data.pages) })}`
            : '',
        width: 210,
      },
      {
        colId: 'status',
        headerName: t('archive.campaign.status'),
        valueGetter: ({ data }) => (data ? t(`archive.campaign.status.${data.status}`) : ''),
        width: 130,
      },
      {
        colId: 'changed',
        headerName: t('archive.campaign.changed'),
        valueGetter: ({ data }) => (data ? `${format.dateTime(data.statusChangedAt)} ${data.statusChangedBy}` : ''),
        width: 210,
      },
      { colId: 'actions', headerName: '', cellRenderer: BoxActions, width: 330, sortable: false },
    ],
    [t, format],
  );

  return (
    <div className="archive-campaign" data-testid="archive-campaign">
      {dashboard.error && <Notice kind="error">{t('archive.campaign.loadError', { message: errorMessage(dashboard.error, t) })}</Notice>}
      {dashboard.data && <Dashboard dashboard={dashboard.data} />}
      <section className="archive-panel archive-boxes">
        <div className="archive-boxes-head">
          <h3 className="archive-section-title">{t('archive.campaign.boxList')}</h3>
          <select
            className="select"
            data-testid="archive-boxes-series"
            value={shownSeries ?? ''}
            onChange={(event) => setSeriesId(Number(event.target.value))}
          >
            {series.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.title}
              </option>
            ))}
          </select>
        </div>
        {shownSeries !== null && <NewBoxForm seriesId={shownSeries} onCreated={refresh} />}
        {error && (
          <Notice kind="error" onClose={() => setError(null)}>
            {errorMessage(error, t)}
          </Notice>
        )}
        <div className="grid-wrap archive-boxes-grid" data-testid="archive-boxes-grid">
          <AgGridReact<ArchiveBox>
            key={language}
            theme={gridTheme}
            localeText={gridLocale(language)}
            rowData={boxes.data ?? []}
            loading={boxes.loading && boxes.data === null}
            columnDefs={columns}
            context={context}
            defaultColDef={{ resizable: true, sortable: true, filter: false, suppressHeaderMenuButton: true, cellDataType: false }}
            getRowId={({ data }) => String(data.id)}
            animateRows={false}
          />
        </div>
      </section>
      <ImportPanel onImported={refresh} />
    </div>
  );
}
