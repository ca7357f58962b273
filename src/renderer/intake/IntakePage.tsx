import type { CellKeyDownEvent, ColDef, GetRowIdParams, RowDoubleClickedEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ArrivalRow, QuarantineRow } from '../../shared/api/intake';
import { useCall, useConnection } from '../api/hooks';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { TabList, tabId } from '../components/TabList';
import '../grid/setup';
import { gridLocale, gridTheme } from '../grid/setup';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { ArrivalPanel } from './ArrivalPanel';
import { DeskEntryPanel } from './DeskEntryPanel';
import { arrivalColumns, quarantineColumns, type IntakeTab, INTAKE_TABS } from './intakeColumns';
import { QuarantinePanel } from './QuarantinePanel';
import './intake.css';

const DEFAULT_COLDEF: ColDef = { resizable: true, sortable: true, filter: true, suppressHeaderMenuButton: true, cellDataType: false };
const arrivalRowId = (params: GetRowIdParams<ArrivalRow>) => String(params.data.id);
const quarantineRowId = (params: GetRowIdParams<QuarantineRow>) => String(params.data.id);

/** Opens the row's panel on Enter, so the grid works without a mouse. */
function openOnEnter<T>(open: (row: T) => void) {
  return (event: CellKeyDownEvent<T>) => {
    const key = (event.event as globalThis.KeyboardEvent | null)?.key;
    if (key === 'Enter' && event.data) open(event.data);
  };
}

/**
 * "Arrivi": what reached the ente and waits for the protocol — PEC and e-mail arrivals to complete
 * and register, the quarantine of refused items, what was already handled — and the desk entry for
 * paper (Alt+N). Enter (or a double click) on a row opens it.
 */
export function IntakePage() {
  const { t, format, language } = useI18n();
  const { restoredCount } = useConnection();
  const [tab, setTab] = useState<IntakeTab>('pending');
  const [openArrival, setOpenArrival] = useState<number | null>(null);
  const [openEntry, setOpenEntry] = useState<number | null>(null);
  const [desk, setDesk] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const deskButton = useRef<HTMLButtonElement>(null);

  const counts = useCall('intake/counts', {});
  const procedures = useCall('intake/procedures', {});
  const arrivalStatus = tab === 'registered' || tab === 'discarded' ? tab : 'pending';
  const arrivals = useCall('intake/arrivals', { status: arrivalStatus }, arrivalStatus);
  const [showReviewed, setShowReviewed] = useState(false);
  const quarantineView = showReviewed ? 'reviewed' : 'open';
  const quarantine = useCall('intake/quarantine', { view: quarantineView }, quarantineView);

  const reloadAll = useCallback(async () => {
    await Promise.all([counts.reload(), arrivals.reload(), quarantine.reload()]);
  }, [counts, arrivals, quarantine]);

  const seenRestored = useRef(restoredCount);
  useEffect(() => {
    if (restoredCount === seenRestored.current) return;
    seenRestored.current = restoredCount;
    void reloadAll();
  }, [restoredCount, reloadAll]);

  // Alt+N: a new desk registration, from anywhere on the page.
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (event.code !== 'KeyN' && event.key.toLowerCase() !== 'n') return;
      event.preventDefault();
      setNotice(null);
      setDesk(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const arrivalCols = useMemo(() => arrivalColumns(t, format, tab), [t, format, tab]);
  const quarantineCols = useMemo(() => quarantineColumns(t, format, showReviewed), [t, format, showReviewed]);

  const tabLabel = (id: IntakeTab) => {
    if (id === 'pending') return t('intake.tab.pending', { count: counts.data?.pendingArrivals ?? '…' });
    if (id === 'quarantine') return t('intake.tab.quarantine', { count: counts.data?.openQuarantine ?? '…' });
    return t(id === 'registered' ? 'intake.tab.registered' : 'intake.tab.discarded');
  };

  const loadError = tab === 'quarantine' ? quarantine.error : arrivals.error;

  return (
    <main className="page" aria-labelledby="intake-title" data-testid="intake-page">
      <div className="page-head">
        <div className="page-title">
          <h1 id="intake-title">{t('intake.title')}</h1>
          <span className="page-intro">{t('intake.intro')}</span>
        </div>
        <div className="page-tools">
          {tab === 'quarantine' && (
            <label className="intake-toggle">
              <input
                type="checkbox"
                data-testid="intake-show-reviewed"
                checked={showReviewed}
                onChange={(event) => setShowReviewed(event.target.checked)}
              />
              {t('intake.quarantine.showReviewed')}
            </label>
          )}
          <button type="button" className="btn" data-testid="intake-refresh" onClick={() => void reloadAll()}>
            <Icon name="refresh" />
            {t('worklist.refresh')}
          </button>
          <button
            ref={deskButton}
            type="button"
            className="btn btn-primary"
            data-testid="intake-desk-open"
            aria-keyshortcuts="Alt+N"
            title={t('intake.shortcut.desk')}
            onClick={() => {
              setNotice(null);
              setDesk(true);
            }}
          >
            <Icon name="plus" />
            {t('intake.desk.open')}
            <kbd aria-hidden="true">Alt+N</kbd>
          </button>
        </div>
      </div>

      <TabList<IntakeTab>
        tabs={INTAKE_TABS}
        current={tab}
        label={t('intake.tabs')}
        idPrefix="intake"
        panelId="intake-tabpanel"
        onChange={setTab}
        labelOf={tabLabel}
      />

      {notice && (
        <Notice kind="success" testId="intake-notice" onClose={() => setNotice(null)}>
          {notice}
        </Notice>
      )}
      {loadError && (
        <Notice kind="error" testId="intake-load-error">
          {t('intake.loadError', { message: errorMessage(loadError, t) })}
        </Notice>
      )}

      <div
        className="grid-wrap"
        id="intake-tabpanel"
        role="tabpanel"
        aria-labelledby={tabId('intake', tab)}
        data-testid={`intake-grid-${tab}`}
      >
        {tab === 'quarantine' ? (
          <AgGridReact<QuarantineRow>
            key={`q-${quarantineView}-${language}`}
            theme={gridTheme}
            localeText={gridLocale(language)}
            rowData={quarantine.data ?? []}
            loading={quarantine.loading && quarantine.data === null}
            columnDefs={quarantineCols}
            defaultColDef={DEFAULT_COLDEF}
            getRowId={quarantineRowId}
            overlayNoRowsTemplate={t('intake.quarantine.empty')}
            onCellKeyDown={openOnEnter<QuarantineRow>((row) => setOpenEntry(row.id))}
            onRowDoubleClicked={(event: RowDoubleClickedEvent<QuarantineRow>) => event.data && setOpenEntry(event.data.id)}
            animateRows={false}
            tooltipShowDelay={500}
          />
        ) : (
          <AgGridReact<ArrivalRow>
            key={`a-${tab}-${language}`}
            theme={gridTheme}
            localeText={gridLocale(language)}
            rowData={arrivals.data ?? []}
            loading={arrivals.loading && arrivals.data === null}
            columnDefs={arrivalCols}
            defaultColDef={DEFAULT_COLDEF}
            getRowId={arrivalRowId}
            overlayNoRowsTemplate={t(tab === 'pending' ? 'intake.arrivals.empty' : 'intake.arrivals.emptyHandled')}
            onCellKeyDown={openOnEnter<ArrivalRow>((row) => row.status === 'pending' && setOpenArrival(row.id))}
            onRowDoubleClicked={(event: RowDoubleClickedEvent<ArrivalRow>) =>
              event.data?.status === 'pending' && setOpenArrival(event.data.id)
            }
            animateRows={false}
            tooltipShowDelay={500}
          />
        )}
      </div>

      {openArrival !== null && (
        <ArrivalPanel
          arrivalId={openArrival}
          procedures={procedures.data ?? []}
          onClose={() => setOpenArrival(null)}
          onRegistered={(outcome) => {
            setOpenArrival(null);
            setNotice(
              t(outcome.alreadyRegistered ? 'intake.alreadyRegistered' : 'intake.registered', { segnatura: outcome.protocol.segnatura }),
            );
            void reloadAll();
          }}
          onDiscarded={(arrival) => {
            setOpenArrival(null);
            setNotice(t('intake.arrival.discarded', { subject: arrival.subject || arrival.senderAddress }));
            void reloadAll();
          }}
        />
      )}
      {openEntry !== null && (
        <QuarantinePanel
          entryId={openEntry}
          onClose={() => setOpenEntry(null)}
          onReviewed={(entry) => {
            setOpenEntry(null);
            setNotice(
              t(entry.resolution === 'resubmitted' ? 'intake.quarantine.resubmittedNotice' : 'intake.quarantine.discardedNotice', {
                origin: entry.origin,
              }),
            );
            void reloadAll();
          }}
        />
      )}
      {desk && (
        <DeskEntryPanel
          procedures={procedures.data ?? []}
          onClose={() => {
            setDesk(false);
            deskButton.current?.focus();
          }}
          onRegistered={(outcome) => {
            setDesk(false);
            setNotice(t('intake.registered', { segnatura: outcome.protocol.segnatura }));
            deskButton.current?.focus();
          }}
        />
      )}
    </main>
  );
}
