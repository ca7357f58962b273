import type { CellKeyDownEvent, ColDef, RowDoubleClickedEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo } from 'react';
import type { Party } from '../../shared/api/people';
import '../grid/setup';
import { gridLocale, gridTheme } from '../grid/setup';
import type { Formatters } from '../i18n/format';
import { useI18n } from '../i18n/I18nProvider';
import type { Translate } from '../i18n/translate';
import { birthPlaceText, partyName, partyTaxCode } from './partyText';

function columns(t: Translate, format: Formatters): ColDef<Party>[] {
  return [
    {
      colId: 'kind',
      headerName: t('people.col.kind'),
      valueGetter: ({ data }) => (data ? t(`people.kind.${data.kind}`) : ''),
      width: 92,
    },
    { colId: 'name', headerName: t('people.col.name'), valueGetter: ({ data }) => (data ? partyName(data) : ''), flex: 1, minWidth: 160 },
    {
      colId: 'taxCode',
      headerName: t('people.col.taxCode'),
      valueGetter: ({ data }) => (data ? partyTaxCode(data) : ''),
      cellClass: 'cell-mono',
      width: 168,
    },
    {
      colId: 'where',
      headerName: t('people.col.where'),
      valueGetter: ({ data }) => {
        if (!data) return '';
        if (data.kind === 'person')
          return t(`people.born.${data.sex}`, { date: format.date(data.birthDate), place: birthPlaceText(data.birthPlace, t) });
        return data.city ?? '';
      },
      flex: 1,
      minWidth: 140,
    },
  ];
}

const DEFAULT_COLDEF: ColDef<Party> = {
  resizable: true,
  sortable: true,
  suppressHeaderMenuButton: true,
  cellDataType: false,
  // Narrow pane: the whole text on hover.
  tooltipValueGetter: ({ value }) => (typeof value === 'string' ? value : null),
};
const ROW_SELECTION = { mode: 'singleRow', checkboxes: false, enableClickSelection: true } as const;

/** The people and businesses found; Enter or a double click opens one's dossier. */
export function PartyResults({ parties, onOpen }: { parties: Party[]; onOpen(party: Party): void }) {
  const { t, format, language } = useI18n();
  const columnDefs = useMemo(() => columns(t, format), [t, format]);
  return (
    <div className="grid-wrap people-results" data-testid="people-results">
      <AgGridReact<Party>
        key={language}
        theme={gridTheme}
        localeText={gridLocale(language)}
        columnDefs={columnDefs}
        defaultColDef={DEFAULT_COLDEF}
        rowData={parties}
        getRowId={({ data }) => `${data.kind}-${data.id}`}
        rowSelection={ROW_SELECTION}
        animateRows={false}
        overlayNoRowsTemplate={`<span class="cell-muted">${t('people.noResults')}</span>`}
        onRowDoubleClicked={(event: RowDoubleClickedEvent<Party>) => event.data && onOpen(event.data)}
        onCellKeyDown={(event: CellKeyDownEvent<Party>) => {
          if ((event.event as KeyboardEvent | undefined)?.key === 'Enter' && event.data) onOpen(event.data);
        }}
      />
    </div>
  );
}
