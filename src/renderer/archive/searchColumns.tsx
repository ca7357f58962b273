/**
 * Columns of the archive's result grid. Results come ranked from the server, so the grid neither
 * sorts nor filters (the filters are above it); highlighted parts are drawn by cell renderers.
 */
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { ArchiveSearchRow } from '../../shared/api/archive';
import type { Formatters } from '../i18n/format';
import type { Translate } from '../i18n/translate';
import { Highlighted, plainText } from './Highlighted';

type Cell = ICellRendererParams<ArchiveSearchRow>;

export const ARCHIVE_DEFAULT_COLDEF: ColDef<ArchiveSearchRow> = {
  resizable: true,
  sortable: false,
  filter: false,
  suppressHeaderMenuButton: true,
  cellDataType: false,
  minWidth: 70,
};

function SubjectCell({ data }: Cell) {
  if (!data) return null;
  return (
    <span className="archive-cell-subject" title={plainText(data.subject)}>
      {data.reserved && <span className="pill archive-reserved-pill">{'\u{1F512}'}</span>}
      <Highlighted text={data.subject} />
    </span>
  );
}

function MatchesCell({ data, context }: Cell & { context: { t: Translate } }) {
  if (!data) return null;
  const shown = data.matches.filter((match) => match.kind !== 'text');
  return (
    <span className="archive-matches">
      {shown.map((match, index) => (
        <span key={index} className={`archive-match archive-match-${match.kind}`} data-kind={match.kind}>
          <span className="archive-match-kind">{context.t(`archive.match.${match.kind}`)}</span>
          <Highlighted text={match.text} />
        </span>
      ))}
    </span>
  );
}

export function archiveColumns(t: Translate, format: Formatters): ColDef<ArchiveSearchRow>[] {
  return [
    {
      colId: 'number',
      headerName: t('archive.col.number'),
      valueGetter: ({ data }) => (data ? `${data.number}/${data.year}` : ''),
      cellClass: 'cell-num',
      width: 104,
    },
    {
      colId: 'type',
      headerName: t('archive.col.type'),
      valueGetter: ({ data }) => (data ? t(`archive.type.${data.practiceType}`) : ''),
      width: 170,
    },
    { colId: 'subject', headerName: t('archive.col.subject'), cellRenderer: SubjectCell, flex: 2, minWidth: 260 },
    {
      colId: 'names',
      headerName: t('archive.col.names'),
      valueGetter: ({ data }) => data?.names.join('; ') ?? '',
      tooltipValueGetter: ({ value }) => value as string,
      flex: 1,
      minWidth: 150,
    },
    {
      colId: 'address',
      headerName: t('archive.col.address'),
      valueGetter: ({ data }) => data?.addresses.join('; ') ?? '',
      tooltipValueGetter: ({ value }) => value as string,
      flex: 1,
      minWidth: 150,
    },
    { colId: 'parcels', headerName: t('archive.col.parcels'), valueGetter: ({ data }) => data?.parcels.join('; ') ?? '', width: 170 },
    { colId: 'matches', headerName: t('archive.col.matches'), cellRenderer: MatchesCell, flex: 2, minWidth: 260 },
    {
      colId: 'scans',
      headerName: t('archive.col.scans'),
      valueGetter: ({ data }) =>
        !data
          ? ''
          : data.documents === 0
            ? t('archive.scans.none')
            : t('archive.scans.count', { documents: format.number(data.documents), pages: format.number(data.pages) }),
      width: 126,
    },
    {
      colId: 'outcome',
      headerName: t('archive.col.outcome'),
      valueGetter: ({ data }) => (data ? t(`archive.outcome.${data.outcome}`) : ''),
      width: 110,
    },
    { colId: 'series', headerName: t('archive.col.series'), valueGetter: ({ data }) => data?.series.title ?? '', width: 190 },
  ];
}
