import { describe, expect, it } from 'vitest';
import type { ArchiveSearchResult } from '../../src/shared/api/archive';
import { emptyArchiveQuery, parseArchiveQuery } from '../../src/shared/domain/archiveQuery';
import { archiveTabsFor } from '../../src/renderer/archive/archiveTabs';
import { queryChips } from '../../src/renderer/archive/queryChips';
import { createArchiveDatasource, lastRowOf } from '../../src/renderer/archive/searchDatasource';
import { createTranslator } from '../../src/renderer/i18n/translate';

const t = createTranslator('it');
const result = (rows: number, total: number, totalIsLowerBound = false): ArchiveSearchResult => ({
  rows: Array.from({ length: rows }, (_, i) => ({ id: i + 1 }) as ArchiveSearchResult['rows'][number]),
  total,
  totalIsLowerBound,
  query: emptyArchiveQuery(),
  streets: [],
});

describe('archive search in the renderer', () => {
  it('shows how the text was understood, in Italian', () => {
    const chips = queryChips(parseArchiveQuery('condono 1986 fg 12 mapp 345 v. roma 12'), t, (day) => day);
    expect(chips.map((chip) => chip.label)).toEqual(['Catasto Fg. 12 part. 345', 'Indirizzo Via Roma 12', 'Anno 1986', 'Parole «condono»']);
    expect(queryChips(parseArchiveQuery('Rossi Mario'), t, (day) => day).map((chip) => chip.label)).toEqual(['Nome «rossi mario»']);
  });

  it('asks the server block by block with offsets and tells the grid where the rows end', async () => {
    const calls: Array<{ offset?: number; limit?: number }> = [];
    let first: ArchiveSearchResult | null = null;
    const datasource = createArchiveDatasource({
      text: 'garage',
      filters: { seriesIds: [], practiceTypes: [], outcomes: [], yearFrom: null, yearTo: null },
      fetchPage: async (input) => {
        calls.push({ offset: input.offset, limit: input.limit });
        return { ok: true, data: result(input.offset === 0 ? 50 : 20, 70) };
      },
      onFirstPage: (data) => {
        first = data;
      },
    });
    const answers: Array<[number, number | undefined]> = [];
    const block = (startRow: number) =>
      datasource.getRows({
        startRow,
        endRow: startRow + 50,
        successCallback: (rows: unknown[], lastRow?: number) => answers.push([rows.length, lastRow]),
        failCallback: () => answers.push([-1, -1]),
      } as never);
    await block(0);
    await block(50);
    expect(calls).toEqual([
      { offset: 0, limit: 50 },
      { offset: 50, limit: 50 },
    ]);
    expect(answers).toEqual([
      [50, 70],
      [20, 70],
    ]);
    expect(first).not.toBeNull();
  });

  it('beyond the ranked maximum the grid stops asking; an unknown end stays open', () => {
    expect(lastRowOf(result(50, 1000, true), 0)).toBe(-1);
    expect(lastRowOf(result(50, 1000, true), 950)).toBe(1000);
    expect(lastRowOf(result(3, 3), 0)).toBe(3);
  });

  it('gives each role its sections of the page', () => {
    expect(archiveTabsFor('clerk')).toEqual(['search', 'precedents']);
    expect(archiveTabsFor('technician')).toEqual(['search', 'precedents', 'campaign']);
    expect(archiveTabsFor('manager')).toEqual(['search', 'precedents', 'campaign', 'accessLog']);
  });
});
