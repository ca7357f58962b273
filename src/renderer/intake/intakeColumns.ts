import type { ColDef } from 'ag-grid-community';
import type { ArrivalRow, QuarantineRow } from '../../shared/api/intake';
import type { Formatters } from '../i18n/format';
import type { Translate } from '../i18n/translate';

export const INTAKE_TABS = ['pending', 'quarantine', 'registered', 'discarded'] as const;
export type IntakeTab = (typeof INTAKE_TABS)[number];

/** Sorts ISO instants as instants (the cells show them formatted). */
const byInstant = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');

export function arrivalColumns(t: Translate, format: Formatters, tab: IntakeTab): ColDef<ArrivalRow>[] {
  const columns: ColDef<ArrivalRow>[] = [
    {
      colId: 'receivedAt',
      field: 'receivedAt',
      headerName: t('intake.col.receivedAt'),
      width: 150,
      sort: tab === 'pending' ? 'asc' : 'desc',
      comparator: byInstant,
      valueFormatter: ({ value }) => format.dateTime(value as string),
    },
    {
      colId: 'source',
      field: 'source',
      headerName: t('intake.col.source'),
      width: 100,
      valueFormatter: ({ value }) => t(value === 'pec' ? 'intake.source.pec' : 'intake.source.email'),
    },
    {
      colId: 'sender',
      headerName: t('intake.col.sender'),
      flex: 1,
      minWidth: 200,
      valueGetter: ({ data }) => (data ? (data.senderName ? `${data.senderName} <${data.senderAddress}>` : data.senderAddress) : ''),
      tooltipValueGetter: ({ data }) => data?.senderAddress ?? '',
    },
    { colId: 'subject', field: 'subject', headerName: t('intake.col.subject'), flex: 2, minWidth: 260, tooltipField: 'subject' },
    { colId: 'attachments', field: 'attachmentCount', headerName: t('intake.col.attachments'), width: 110, type: 'numericColumn' },
  ];
  if (tab === 'registered') {
    columns.push({
      colId: 'protocol',
      headerName: t('intake.col.protocol'),
      width: 260,
      valueGetter: ({ data }) => data?.protocol?.segnatura ?? '',
      cellClass: 'cell-mono',
    });
  }
  return columns;
}

export function quarantineColumns(t: Translate, format: Formatters, reviewed: boolean): ColDef<QuarantineRow>[] {
  const columns: ColDef<QuarantineRow>[] = [
    {
      colId: 'lastSeenAt',
      field: 'lastSeenAt',
      headerName: t('intake.col.lastSeenAt'),
      width: 150,
      sort: 'desc',
      comparator: byInstant,
      valueFormatter: ({ value }) => format.dateTime(value as string),
    },
    {
      colId: 'source',
      field: 'source',
      headerName: t('intake.col.source'),
      width: 100,
      valueFormatter: ({ value }) => t(value === 'portal' ? 'intake.source.portal' : 'intake.source.pec'),
    },
    { colId: 'origin', field: 'origin', headerName: t('intake.col.origin'), width: 220, tooltipField: 'origin', cellClass: 'cell-mono' },
    {
      colId: 'reason',
      field: 'reason',
      headerName: t('intake.col.reason'),
      flex: 1,
      minWidth: 240,
      valueFormatter: ({ value }) => t(`quarantine.reason.${value as QuarantineRow['reason']}`),
      filterValueGetter: ({ data }) => (data ? t(`quarantine.reason.${data.reason}`) : ''),
    },
    { colId: 'detail', field: 'detail', headerName: t('intake.col.detail'), flex: 1.4, minWidth: 260, tooltipField: 'detail' },
    { colId: 'seenCount', field: 'seenCount', headerName: t('intake.col.seenCount'), width: 100, type: 'numericColumn' },
  ];
  if (reviewed) {
    columns.push({
      colId: 'review',
      headerName: t('intake.col.review'),
      width: 300,
      valueGetter: ({ data }) =>
        data?.resolution
          ? t(data.resolution === 'discarded' ? 'intake.quarantine.reviewedDiscarded' : 'intake.quarantine.reviewedResubmitted', {
              who: data.reviewedBy ?? '',
              when: format.dateTime(data.reviewedAt),
            })
          : '',
      tooltipValueGetter: ({ data }) => data?.resolutionNote ?? '',
    });
  }
  return columns;
}
