/**
 * The register's columns. Column ids are the contract's sort and filter keys and what the
 * end-to-end tests find in the header; filters offer only what the server understands.
 */
import type { ColDef, RowClassRules, ValueFormatterParams } from 'ag-grid-community';
import type { ProtocolListRow } from '../../shared/api/protocol';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import type { Formatters } from '../i18n/format';
import type { Translate } from '../i18n/translate';
import { DayInput } from '../worklist/DayInput';
import { StateCell } from './cells';

const textFilter = {
  filter: 'agTextColumnFilter',
  filterParams: {
    filterOptions: ['contains', 'notContains', 'equals', 'startsWith'],
    maxNumConditions: 2,
    debounceMs: 400,
    trimInput: true,
  },
} satisfies ColDef;

/** An annulled registration stays in the register, struck through (DPR 445/2000 art. 54). */
export const PROTOCOL_ROW_CLASSES: RowClassRules<ProtocolListRow> = {
  'row-annulled': (params) => params.data?.annulled === true,
};

type Formatted = ValueFormatterParams<ProtocolListRow>;

export function protocolColumns(t: Translate, format: Formatters): ColDef<ProtocolListRow>[] {
  return [
    {
      colId: 'number',
      headerName: t('protocol.col.number'),
      valueGetter: ({ data }) => (data ? formatProtocolNumber(data.year, data.number) : ''),
      cellClass: 'cell-num cell-strong',
      width: 128,
      sortable: true,
      filter: 'agTextColumnFilter',
      // A protocol number identifies one registration: looked up exactly ('123', '0000123/2026').
      filterParams: { filterOptions: ['equals'], maxNumConditions: 1, debounceMs: 400, trimInput: true },
    },
    {
      colId: 'registeredAt',
      field: 'registeredAt',
      headerName: t('protocol.col.registeredAt'),
      valueFormatter: ({ value }: Formatted) => format.dateTime(value as string | undefined),
      cellClass: 'cell-num',
      width: 138,
      sortable: true,
      filter: 'agDateColumnFilter',
      dateComponent: DayInput,
      filterParams: { filterOptions: ['equals', 'lessThan', 'greaterThan', 'inRange'], maxNumConditions: 1, inRangeInclusive: true },
    },
    {
      colId: 'direction',
      field: 'direction',
      headerName: t('protocol.col.direction'),
      valueFormatter: ({ data }: Formatted) =>
        data ? `${t(`protocol.direction.${data.direction}`)} · ${t(`protocol.channel.${data.channel}`)}` : '',
      width: 150,
    },
    {
      colId: 'correspondentName',
      field: 'correspondentName',
      headerName: t('protocol.col.correspondent'),
      tooltipField: 'correspondentName',
      width: 200,
      sortable: true,
      ...textFilter,
    },
    {
      colId: 'subject',
      field: 'subject',
      headerName: t('protocol.col.subject'),
      tooltipField: 'subject',
      flex: 1,
      minWidth: 220,
      sortable: true,
      ...textFilter,
    },
    { colId: 'classificationCode', field: 'classificationCode', headerName: t('protocol.col.classification'), width: 96 },
    { colId: 'officeName', field: 'officeName', headerName: t('protocol.col.office'), tooltipField: 'officeName', width: 170 },
    { colId: 'documentCount', field: 'documentCount', headerName: t('protocol.col.documents'), cellClass: 'cell-num', width: 90 },
    { colId: 'state', headerName: t('protocol.col.state'), cellRenderer: StateCell, width: 112 },
  ];
}
