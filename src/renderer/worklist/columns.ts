/**
 * The worklist's columns. Column ids are the contract's names (sort and filter keys) and what the
 * end-to-end tests find in the header. Filters offer only the options the server understands.
 */
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { WorklistRow, WorklistScope } from '../../shared/api/instances';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import type { Formatters } from '../i18n/format';
import type { Translate } from '../i18n/translate';
import { ApplicantCell, AssigneeCell, DaysLeftCell, StatusCell } from './cells';
import { DayInput } from './DayInput';
import { StatusFilter } from './StatusFilter';

const TEXT_OPTIONS = ['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith'];
const DATE_OPTIONS = ['equals', 'notEqual', 'lessThan', 'greaterThan', 'inRange'];
const NUMBER_OPTIONS = ['equals', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual', 'inRange'];

const textFilter = {
  filter: 'agTextColumnFilter',
  filterParams: { filterOptions: TEXT_OPTIONS, maxNumConditions: 2, debounceMs: 400, trimInput: true },
} satisfies ColDef;

const dateFilter = {
  filter: 'agDateColumnFilter',
  // dd/mm/yyyy typed by hand, not the browser's date input (which follows the OS locale).
  dateComponent: DayInput,
  filterParams: { filterOptions: DATE_OPTIONS, maxNumConditions: 2, inRangeInclusive: true },
} satisfies ColDef;

type Formatted = ValueFormatterParams<WorklistRow>;

export const WORKLIST_DEFAULT_COLDEF: ColDef<WorklistRow> = {
  resizable: true,
  sortable: false,
  filter: false,
  suppressHeaderMenuButton: true,
  cellDataType: false,
  minWidth: 80,
};

export function worklistColumns(scope: WorklistScope, t: Translate, format: Formatters): ColDef<WorklistRow>[] {
  const columns: ColDef<WorklistRow>[] = [
    {
      colId: 'protocol',
      headerName: t('worklist.col.protocol'),
      valueGetter: ({ data }) => (data ? formatProtocolNumber(data.protocolYear, data.protocolNumber) : ''),
      cellClass: 'cell-num',
      width: 116,
      sortable: true,
      filter: 'agTextColumnFilter',
      // A protocol number identifies one registration: the server looks it up exactly ('123', '123/2026').
      filterParams: { filterOptions: ['equals'], maxNumConditions: 1, debounceMs: 400, trimInput: true },
    },
    {
      colId: 'receivedAt',
      field: 'receivedAt',
      headerName: t('worklist.col.receivedAt'),
      valueFormatter: ({ value }: Formatted) => format.dateTime(value as string | undefined),
      cellClass: 'cell-num',
      width: 132,
      sortable: true,
      ...dateFilter,
    },
    {
      colId: 'procedureName',
      field: 'procedureName',
      headerName: t('worklist.col.procedureName'),
      tooltipField: 'procedureName',
      flex: 1,
      minWidth: 150,
      sortable: true,
      ...textFilter,
    },
    {
      colId: 'applicantName',
      field: 'applicantName',
      headerName: t('worklist.col.applicantName'),
      cellRenderer: ApplicantCell,
      width: 190,
      sortable: true,
      ...textFilter,
    },
    {
      colId: 'subject',
      field: 'subject',
      headerName: t('worklist.col.subject'),
      tooltipField: 'subject',
      flex: 1.3,
      minWidth: 170,
    },
    {
      colId: 'status',
      field: 'status',
      headerName: t('worklist.col.status'),
      cellRenderer: StatusCell,
      width: 124,
      sortable: true,
      filter: StatusFilter,
    },
    {
      colId: 'dueDate',
      field: 'dueDate',
      headerName: t('worklist.col.dueDate'),
      valueFormatter: ({ value }: Formatted) => format.date(value as string | undefined),
      cellClass: 'cell-num',
      width: 112,
      sortable: true,
      ...dateFilter,
    },
    {
      colId: 'daysLeft',
      field: 'daysLeft',
      headerName: t('worklist.col.daysLeft'),
      cellRenderer: DaysLeftCell,
      width: 150,
      sortable: true,
      filter: 'agNumberColumnFilter',
      filterParams: {
        filterOptions: NUMBER_OPTIONS,
        maxNumConditions: 2,
        debounceMs: 400,
        inRangeInclusive: true,
        // Whole days only (the contract takes integers): digits and a leading minus.
        allowedCharPattern: '\\d\\-',
        numberParser: (text: string | null) => {
          if (text === null || text.trim() === '') return null;
          const value = Number.parseInt(text, 10);
          return Number.isNaN(value) ? null : value;
        },
      },
    },
    {
      colId: 'officeName',
      field: 'officeName',
      headerName: t('worklist.col.officeName'),
      tooltipField: 'officeName',
      flex: 0.7,
      minWidth: 130,
    },
  ];
  if (scope !== 'mine') {
    columns.push({
      colId: 'assigneeName',
      field: 'assigneeName',
      headerName: t('worklist.col.assigneeName'),
      cellRenderer: AssigneeCell,
      width: 150,
    });
  }
  return columns;
}
