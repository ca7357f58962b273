/**
 * The cases behind one bar or point of the dashboard, in a grid read a block at a time from the
 * server, with multi-select and the bulk reassignment of the ticked cases to a colleague with a
 * reason (all or nothing: a refusal names each case and why).
 */
import type { ColDef, GetRowIdParams, GridApi, GridReadyEvent, IDatasource, SelectionChangedEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { DashboardQueryValue, DrillRow, DrillValue } from '../../shared/api/workload';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import { call } from '../api/client';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import '../grid/setup';
import { gridLocale, gridTheme } from '../grid/setup';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { AssigneeCell, DaysLeftCell, StatusCell } from '../worklist/cells';
import { BulkOutcomeNotice, BulkReassignFields, useBulkReassign } from './BulkReassign';

const BLOCK = 100;
const ROW_SELECTION = { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false } as const;
const getRowId = (params: GetRowIdParams<DrillRow>) => String(params.data.id);

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

  const bulk = useBulkReassign(canAssign, selected, () => {
    setSelected([]);
    refresh();
    onAssigned();
  });

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
        <form className="workload-bulk" onSubmit={(event) => void bulk.reassign(event)} data-testid="workload-bulk">
          <span className="workload-bulk-count" data-testid="workload-bulk-count">
            {selected.length > 0 ? t('workload.bulk.selected', { count: selected.length }) : t('workload.bulk.selectHint')}
          </span>
          <BulkReassignFields bulk={bulk} testId="workload-bulk" canSubmit={selected.length > 0} />
        </form>
      )}
      <BulkOutcomeNotice bulk={bulk} testId="workload-bulk" />
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
