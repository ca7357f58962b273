/**
 * The certificates register grid: its columns (ids are the contract's sort and filter keys) and the
 * query of `certificates/register/list` for one block of the Infinite Row Model. No React and no DOM.
 */
import type { ColDef, RowClassRules } from 'ag-grid-community';
import {
  CERTIFICATE_SORT_COLUMNS,
  type CertificateListQueryInput,
  type CertificateListRow,
  type CertificateStatus,
} from '../../shared/api/certificates';
import { formatCertificateNumber } from '../../shared/domain/certificates';
import type { Formatters } from '../i18n/format';
import type { MessageKey } from '../i18n/it';
import type { Language, Translate } from '../i18n/translate';
import type { BlockRequest } from '../grid/pagedDatasource';
import { DayInput } from '../worklist/DayInput';
import { euroText } from './money';

/** What the toolbar selects, besides the grid's own sort and column filters. */
export interface RegisterView {
  from: string | null;
  to: string | null;
  typeCodes: string[];
  statuses: CertificateStatus[];
}

const FILTER_COLUMNS = ['number', 'issuedAt', 'holderName', 'typeName'] as const;

export function toRegisterQuery(params: BlockRequest, view: RegisterView): CertificateListQueryInput {
  const sort = params.sortModel
    .filter((item) => (CERTIFICATE_SORT_COLUMNS as readonly string[]).includes(item.colId))
    .slice(0, 1)
    .map((item) => ({ colId: item.colId as (typeof CERTIFICATE_SORT_COLUMNS)[number], sort: item.sort }));
  const model = (params.filterModel ?? {}) as Record<string, unknown>;
  const filters = Object.fromEntries(FILTER_COLUMNS.filter((column) => model[column]).map((column) => [column, model[column]]));
  return { startRow: params.startRow, endRow: params.endRow, sort, filters, ...view };
}

/** An annulled certificate stays in the register, struck through. */
export const REGISTER_ROW_CLASSES: RowClassRules<CertificateListRow> = {
  'cert-row-annulled': (params) => params.data?.status === 'annulled',
};

const textFilter = {
  filter: 'agTextColumnFilter',
  filterParams: { filterOptions: ['contains', 'startsWith', 'equals'], maxNumConditions: 1, debounceMs: 400, trimInput: true },
} satisfies ColDef;

/** 'In bollo, marca cartacea', or the exemption's code for an exempt certificate. */
export function certificateUseText(row: Pick<CertificateListRow, 'useKind' | 'exemptionCode'>, t: Translate): string {
  const kind = t(`certificates.use.${row.useKind}` as MessageKey);
  return row.useKind === 'exempt' && row.exemptionCode ? `${kind} · ${row.exemptionCode}` : kind;
}

export function registerColumns(t: Translate, format: Formatters, language: Language): ColDef<CertificateListRow>[] {
  return [
    {
      colId: 'number',
      headerName: t('register.col.number'),
      valueGetter: ({ data }) => (data ? formatCertificateNumber(data.year, data.number) : ''),
      cellClass: 'cell-num cell-strong',
      width: 104,
      sortable: true,
      filter: 'agTextColumnFilter',
      filterParams: { filterOptions: ['equals'], maxNumConditions: 1, debounceMs: 400, trimInput: true },
    },
    {
      colId: 'issuedAt',
      field: 'issuedAt',
      headerName: t('register.col.issuedAt'),
      valueFormatter: ({ value }) => format.dateTime(value as string | undefined),
      cellClass: 'cell-num',
      width: 138,
      sortable: true,
      filter: 'agDateColumnFilter',
      dateComponent: DayInput,
      filterParams: { filterOptions: ['equals', 'lessThan', 'greaterThan', 'inRange'], maxNumConditions: 1, inRangeInclusive: true },
    },
    {
      colId: 'typeName',
      field: 'typeName',
      headerName: t('register.col.type'),
      tooltipField: 'typeName',
      width: 190,
      sortable: true,
      ...textFilter,
    },
    {
      colId: 'holderName',
      headerName: t('register.col.holder'),
      valueGetter: ({ data }) => (data ? `${data.holderName} · ${data.holderTaxCode}` : ''),
      tooltipValueGetter: ({ value }) => (typeof value === 'string' ? value : null),
      flex: 1,
      minWidth: 220,
      sortable: true,
      ...textFilter,
    },
    { colId: 'use', headerName: t('register.col.use'), valueGetter: ({ data }) => (data ? certificateUseText(data, t) : ''), width: 220 },
    {
      colId: 'fees',
      headerName: t('register.col.fees'),
      valueGetter: ({ data }) => (data ? euroText(data.feeCents, language, format) : ''),
      cellClass: 'cell-num',
      type: 'rightAligned',
      width: 96,
    },
    { colId: 'issuedBy', field: 'issuedByName', headerName: t('register.col.issuedBy'), width: 150 },
    {
      colId: 'status',
      headerName: t('register.col.status'),
      valueGetter: ({ data }) => (data ? t(`certificates.status.${data.status}` as MessageKey) : ''),
      cellClass: ({ data }) => (data ? `cert-status cert-status-${data.status}` : ''),
      width: 104,
    },
  ];
}
