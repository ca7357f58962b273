import type { CellKeyDownEvent, ColDef, GridApi, IDatasource, RowClassRules } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import type { RefObject } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { gridLocale, gridTheme } from './setup';

const BLOCK_SIZE = 100;
const ROW_SELECTION = { mode: 'singleRow', checkboxes: false, enableClickSelection: true } as const;
const INITIAL_STATE = { sort: { sortModel: [{ colId: 'number', sort: 'desc' as const }] } };
/** Columns sort and filter only where the server can: each column says so itself. */
const DEFAULT_COLDEF: ColDef = {
  resizable: true,
  sortable: false,
  filter: false,
  suppressHeaderMenuButton: true,
  cellDataType: false,
  minWidth: 70,
};
const getRowId = ({ data }: { data: { id: number } }) => String(data.id);

/**
 * A numbered register on the Infinite Row Model: newest number first, one sort at a time, a row
 * opened by click or Enter. Every column is rendered, so a state badge is there even when scrolled
 * out of view.
 */
export function RegisterGrid<Row extends { id: number }>(props: {
  testId: string;
  columnDefs: ColDef<Row>[];
  rowClassRules: RowClassRules<Row>;
  datasource: IDatasource;
  noRowsText: string;
  apiRef: RefObject<GridApi<Row> | null>;
  onOpen(id: number): void;
}) {
  const { language } = useI18n();
  const { apiRef, onOpen } = props;
  return (
    <div className="grid-wrap" data-testid={props.testId}>
      <AgGridReact<Row>
        key={language}
        theme={gridTheme}
        localeText={gridLocale(language)}
        columnDefs={props.columnDefs}
        defaultColDef={DEFAULT_COLDEF}
        rowClassRules={props.rowClassRules}
        rowModelType="infinite"
        datasource={props.datasource}
        cacheBlockSize={BLOCK_SIZE}
        maxBlocksInCache={30}
        infiniteInitialRowCount={1}
        initialState={INITIAL_STATE}
        getRowId={getRowId}
        rowSelection={ROW_SELECTION}
        suppressMultiSort
        suppressColumnVirtualisation
        animateRows={false}
        tooltipShowDelay={700}
        overlayNoRowsTemplate={`<span class="cell-muted">${props.noRowsText}</span>`}
        onGridReady={(event) => {
          apiRef.current = event.api;
        }}
        onRowClicked={(event) => event.data && onOpen(event.data.id)}
        onCellKeyDown={(event: CellKeyDownEvent<Row>) => {
          if ((event.event as KeyboardEvent | undefined)?.key === 'Enter' && event.data) onOpen(event.data.id);
        }}
      />
    </div>
  );
}
