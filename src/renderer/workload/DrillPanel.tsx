/**
 * The cases behind one bar or point of the dashboard, in a grid read a block at a time from the
 * server, with multi-select and the bulk reassignment of the ticked cases to a colleague with a
 * reason (all or nothing: a refusal names each case and why).
 */
import type { ColDef, GetRowIdParams, GridApi, GridReadyEvent, IDatasource, SelectionChangedEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { DashboardQueryValue, DrillRow, DrillValue, PersonLoad } from '../../shared/api/workload';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import { call } from '../api/client';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import '../grid/setup';
import { gridLocale, gridTheme } from '../grid/setup';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import type { Translate } from '../i18n/translate';
import { AssigneeCell, DaysLeftCell, StatusCell } from '../worklist/cells';

const BLOCK = 100;
const ROW_SELECTION = { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false } as const;
const getRowId = (params: GetRowIdParams<DrillRow>) => String(params.data.id);

/** The refusal of a bulk action in words, naming each case it concerns by its protocol number. */
export function refusalText(
  error: ApiError,
  rows: ReadonlyArray<Pick<DrillRow, 'id' | 'protocolYear' | 'protocolNumber'>>,
  t: Translate,
): string {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const perCase = (error.issues ?? [])
    .map((issue) => {
      const id = Number(issue.path.split('.')[1]);
      const row = byId.get(id);
      if (!row) return null;
      return t('workload.bulk.caseIssue', {
        protocol: formatProtocolNumber(row.protocolYear, row.protocolNumber),
        message: errorMessage({ code: error.code, reason: issue.reason }, t),
      });
    })
    .filter((text): text is string => text !== null);
  return perCase.length > 0 ? perCase.join(' ') : errorMessage(error, t);
}

export function DrillPanel({
  title,
  query,
  drill,
  onClose,
  onOpen,
  onAssigned,
  canAssign,
}: {
  title: string;
  query: DashboardQueryValue;
  drill: DrillValue;
  onClose(): void;
  onOpen?: (instanceId: number) => void;
  onAssigned(): void;
  canAssign: boolean;
}) {
  const { t, format, language } = useI18n();
  const api = useRef<GridApi<DrillRow> | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<DrillRow[]>([]);
  const [people, setPeople] = useState<PersonLoad[]>([]);
  const [assigneeId, setAssigneeId] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  useEffect(() => {
    if (!canAssign) return;
    void call('workload/loads', { officeId: null }).then((result) => {
      if (result.ok) setPeople(result.data);
    });
  }, [canAssign, outcome]);

  const datasource = useMemo<IDatasource>(() => {
    let known: number | null = null;
    return {
      getRows: (params) => {
        void call('workload/cases', { query, drill, startRow: params.startRow, endRow: params.endRow }).then((result) => {
          if (!result.ok) {
            setError(result.error);
            params.failCallback();
            return;
          }
          setError(null);
          if (result.data.total !== null) {
            known = result.data.total;
            setTotal(result.data.total);
          }
          const lastRow =
            known ?? (result.data.rows.length < params.endRow - params.startRow ? params.startRow + result.data.rows.length : -1);
          params.successCallback(result.data.rows, lastRow);
        });
      },
    };
  }, [query, drill]);

  const refresh = useCallback(() => {
    api.current?.deselectAll();
    api.current?.purgeInfiniteCache();
  }, []);

  const columns = useMemo<ColDef<DrillRow>[]>(
    () => [
      {
        colId: 'protocol',
        headerName: t('worklist.col.protocol'),
        valueGetter: ({ data }) => (data ? formatProtocolNumber(data.protocolYear, data.protocolNumber) : ''),
        cellClass: 'cell-num',
        width: 140,
      },
      {
        colId: 'receivedAt',
        field: 'receivedAt',
        headerName: t('worklist.col.receivedAt'),
        valueFormatter: ({ value }) => format.date(value as string),
        width: 110,
      },
      {
        colId: 'procedureName',
        field: 'procedureName',
        headerName: t('worklist.col.procedureName'),
        flex: 1,
        minWidth: 160,
        tooltipField: 'procedureName',
      },
      { colId: 'applicantName', field: 'applicantName', headerName: t('worklist.col.applicantName'), width: 180 },
      { colId: 'status', field: 'status', headerName: t('worklist.col.status'), cellRenderer: StatusCell, width: 130 },
      {
        colId: 'dueDate',
        field: 'dueDate',
        headerName: t('worklist.col.dueDate'),
        valueFormatter: ({ value }) => format.date(value as string),
        width: 106,
      },
      { colId: 'daysLeft', field: 'daysLeft', headerName: t('worklist.col.daysLeft'), cellRenderer: DaysLeftCell, width: 170 },
      {
        colId: 'tacitApprovalOn',
        field: 'tacitApprovalOn',
        headerName: t('workload.tacit.on'),
        valueFormatter: ({ value }) => format.date(value as string | null),
        width: 130,
      },
      { colId: 'officeName', field: 'officeName', headerName: t('worklist.col.officeName'), width: 150, tooltipField: 'officeName' },
      { colId: 'assigneeName', field: 'assigneeName', headerName: t('worklist.col.assigneeName'), cellRenderer: AssigneeCell, width: 150 },
    ],
    [t, format],
  );

  const onGridReady = useCallback((event: GridReadyEvent<DrillRow>) => {
    api.current = event.api;
  }, []);

  const onSelectionChanged = useCallback((event: SelectionChangedEvent<DrillRow>) => {
    setSelected(event.api.getSelectedRows().filter((row) => row.closedAt === null && row.decidedAt === null));
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const person = people.find((p) => String(p.staffId) === assigneeId);
    if (!person) return setOutcome({ kind: 'error', text: t('workload.bulk.needPerson') });
    if (reason.trim().length < 5) return setOutcome({ kind: 'error', text: t('workload.bulk.needReason') });
    setBusy(true);
    const result = await call('workload/assign', {
      method: selected.length === 1 ? 'manual' : 'bulk',
      reason: reason.trim(),
      assignments: selected.map((row) => ({ instanceId: row.id, expectedVersion: row.version, assigneeId: person.staffId })),
    });
    setBusy(false);
    if (!result.ok) {
      setOutcome({ kind: 'error', text: t('workload.bulk.failed', { message: refusalText(result.error, selected, t) }) });
      return;
    }
    setOutcome({ kind: 'success', text: t('workload.bulk.done', { count: result.data.assigned.length, name: person.name }) });
    setReason('');
    setSelected([]);
    refresh();
    onAssigned();
  };

  return (
    <section className="workload-drill workload-card" aria-labelledby="workload-drill-title" data-testid="workload-drill">
      <div className="workload-drill-head">
        <h2 id="workload-drill-title">
          {t('workload.drill.title', { metric: title, count: total === null ? t('workload.drill.counting') : format.number(total) })}
        </h2>
        <button type="button" className="btn btn-small" onClick={onClose} data-testid="workload-drill-close">
          <Icon name="close" />
          {t('workload.drill.close')}
        </button>
      </div>
      {error && <Notice kind="error">{t('workload.loadError', { message: errorMessage(error, t) })}</Notice>}
      {canAssign && (
        <form className="workload-bulk" onSubmit={(event) => void submit(event)} data-testid="workload-bulk">
          <span className="workload-bulk-count" data-testid="workload-bulk-count">
            {selected.length > 0 ? t('workload.bulk.selected', { count: selected.length }) : t('workload.bulk.selectHint')}
          </span>
          <label>
            <span>{t('workload.bulk.assignTo')}</span>
            <select
              className="input"
              value={assigneeId}
              onChange={(event) => setAssigneeId(event.target.value)}
              data-testid="workload-bulk-person"
            >
              <option value="">{t('workload.bulk.choose')}</option>
              {people.map((person) => (
                <option key={person.staffId} value={person.staffId} disabled={person.absentToday}>
                  {person.absentToday
                    ? t('workload.bulk.absent', { name: person.name })
                    : t('workload.bulk.option', { name: person.name, percent: `${Math.round(person.ratio * 100)}%` })}
                </option>
              ))}
            </select>
          </label>
          <label className="workload-bulk-reason">
            <span>{t('workload.bulk.reason')}</span>
            <input
              className="input"
              value={reason}
              maxLength={4000}
              placeholder={t('workload.bulk.reasonPlaceholder')}
              onChange={(event) => setReason(event.target.value)}
              data-testid="workload-bulk-reason"
            />
          </label>
          <button type="submit" className="btn btn-primary" disabled={busy || selected.length === 0} data-testid="workload-bulk-submit">
            {t('workload.bulk.submit')}
          </button>
        </form>
      )}
      {outcome && (
        <Notice kind={outcome.kind} testId="workload-bulk-outcome" onClose={() => setOutcome(null)}>
          {outcome.text}
        </Notice>
      )}
      <div className="workload-drill-grid" data-testid="workload-drill-grid">
        <AgGridReact<DrillRow>
          key={language}
          theme={gridTheme}
          localeText={gridLocale(language)}
          columnDefs={columns}
          defaultColDef={{ resizable: true, sortable: false, suppressHeaderMenuButton: true, cellDataType: false }}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={BLOCK}
          maxBlocksInCache={20}
          infiniteInitialRowCount={1}
          getRowId={getRowId}
          rowSelection={canAssign ? ROW_SELECTION : undefined}
          animateRows={false}
          onGridReady={onGridReady}
          onSelectionChanged={onSelectionChanged}
          onRowDoubleClicked={({ data }) => data && onOpen?.(data.id)}
        />
      </div>
    </section>
  );
}
