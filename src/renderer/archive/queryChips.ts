/**
 * How the search box was understood, as chips under it ("Numero 123/1978", "Catasto Fg. 12 part.
 * 345"): the same shared parser the server uses, run as the user types. Pure (unit-tested).
 */
import { formatAddressRef, formatParcel, formatPracticeNumber, type ArchiveQuery } from '../../shared/domain/archiveQuery';
import type { Translate } from '../i18n/translate';

export interface QueryChip {
  kind: 'number' | 'protocol' | 'parcel' | 'address' | 'years' | 'date' | 'words' | 'name';
  label: string;
}

export function queryChips(query: ArchiveQuery, t: Translate, formatDay: (day: string) => string): QueryChip[] {
  const chips: QueryChip[] = [];
  for (const ref of query.numbers) chips.push({ kind: 'number', label: t('archive.chip.number', { value: formatPracticeNumber(ref) }) });
  for (const ref of query.protocolRefs)
    chips.push({ kind: 'protocol', label: t('archive.chip.protocol', { value: formatPracticeNumber(ref) }) });
  for (const parcel of query.parcels) chips.push({ kind: 'parcel', label: t('archive.chip.parcel', { value: formatParcel(parcel) }) });
  for (const address of query.addresses)
    chips.push({ kind: 'address', label: t('archive.chip.address', { value: formatAddressRef(address) }) });
  if (query.years) {
    chips.push({
      kind: 'years',
      label:
        query.years.from === query.years.to
          ? t('archive.chip.year', { year: query.years.from })
          : t('archive.chip.years', { from: query.years.from, to: query.years.to }),
    });
  }
  for (const day of query.dates) chips.push({ kind: 'date', label: t('archive.chip.date', { value: formatDay(day) }) });
  if (query.nameWords.length > 0) chips.push({ kind: 'name', label: t('archive.chip.name', { value: query.nameWords.join(' ') }) });
  else if (query.words.length > 0) chips.push({ kind: 'words', label: t('archive.chip.words', { value: query.words.join(' ') }) });
  return chips;
}
