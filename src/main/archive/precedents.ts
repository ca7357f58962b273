/**
 * Precedents ("precedenti"): the historical dossiers on the same parcel or at the same address as a
 * current instance (a building practice, a CDU request), read from what the instance says — its
 * subject, as registered ("Ampliamento, Via Roma 14 (Fg. 12 mapp. 345)"), with the same parser as
 * the search box — and the links staff make between them.
 */
import type { Knex } from 'knex';
import type { ArchiveFiltersValue, ArchivePrecedent, ArchivePrecedents } from '../../shared/api/archive';
import { formatAddressRef, formatParcel, parseArchiveQuery, type ParcelRef } from '../../shared/domain/archiveQuery';
import { AppError } from '../api/appError';
import { deleteLink, dossierVisible, insertLink, instanceForPrecedents, linkedDossierIds } from './queries';
import { resolveStreet } from './search';
import { rankDossiers, selectPage, type PageRow, type SearchCriteria } from './searchQueries';

type Db = Knex | Knex.Transaction;

const NO_FILTERS: ArchiveFiltersValue = { seriesIds: [], practiceTypes: [], outcomes: [], yearFrom: null, yearTo: null };
/** Precedents offered, at most (the best placed first). */
const MAX_PRECEDENTS = 100;

function criteria(parts: Partial<SearchCriteria>): SearchCriteria {
  return {
    numbers: [],
    protocolRefs: [],
    parcels: [],
    addresses: [],
    text: null,
    names: [],
    years: null,
    dates: [],
    boostTypes: [],
    filters: NO_FILTERS,
    ...parts,
  };
}

function sameParcel(a: ParcelRef, b: ParcelRef): boolean {
  return a.foglio === b.foglio && a.particella === b.particella;
}

export async function precedentsOf(db: Db, instanceId: number): Promise<ArchivePrecedents> {
  const instance = await instanceForPrecedents(db, instanceId);
  if (!instance) throw new AppError('not_found', 'No such instance', 'instance_not_found');
  const query = parseArchiveQuery(instance.subject);
  // Only whole parcels (foglio and particella) and addresses with a house number identify a property.
  const parcels = query.parcels.filter((parcel) => parcel.foglio !== null && parcel.particella !== null);
  const addresses = query.addresses.filter((address) => address.civic !== null);
  const streets = await Promise.all(addresses.map((address) => resolveStreet(db, address)));

  const scores = new Map<number, number>();
  const add = (ranked: Array<{ id: number; score: number }>) => {
    for (const entry of ranked) scores.set(entry.id, Math.max(scores.get(entry.id) ?? 0, entry.score) + (scores.has(entry.id) ? 10 : 0));
  };
  if (parcels.length > 0) add(await rankDossiers(db, criteria({ parcels }), MAX_PRECEDENTS));
  for (const street of streets) {
    if (street.resolved.streets.length > 0) add(await rankDossiers(db, criteria({ addresses: [street.resolved] }), MAX_PRECEDENTS));
  }
  const linked = await linkedDossierIds(db, instanceId);
  const ids = [...new Set([...linked, ...[...scores.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id)])].slice(
    0,
    MAX_PRECEDENTS + linked.length,
  );
  const rows = await selectPage(db, ids, null);
  const streetIds = new Set(streets.flatMap((street) => street.resolved.streets.map((candidate) => candidate.id)));
  const civics = new Set(streets.map((street) => street.resolved.civicNumber));

  const toPrecedent = (row: PageRow): ArchivePrecedent => ({
    dossierId: row.id,
    label: `${row.number}/${row.year}`,
    year: row.year,
    practiceType: row.practiceType,
    subject: row.subject,
    sharedOn: [
      ...row.parcels
        .filter((parcel) => parcels.some((wanted) => sameParcel(parcel, wanted)))
        .map((parcel) => ({ kind: 'parcel' as const, text: formatParcel(parcel) })),
      ...row.addresses
        .filter((address) => streetIds.has(address.street) && (address.civic === null || civics.has(address.civic)))
        .map((address) => ({ kind: 'address' as const, text: address.text })),
    ],
    linked: linked.includes(row.id),
    reserved: row.reserved,
  });
  const all = rows.map(toPrecedent);
  return {
    instanceId,
    searchedParcels: parcels.map(formatParcel),
    searchedAddresses: addresses.map(formatAddressRef),
    precedents: all.filter((precedent) => !precedent.linked),
    linked: all.filter((precedent) => precedent.linked),
  };
}

/** Links a historical dossier to a current instance (both must be visible to the session). */
export async function linkPrecedent(db: Knex, instanceId: number, dossierId: number, note: string | null): Promise<ArchivePrecedents> {
  await db.transaction(async (trx) => {
    const instance = await instanceForPrecedents(trx, instanceId);
    if (!instance) throw new AppError('not_found', 'No such instance', 'instance_not_found');
    if (!(await dossierVisible(trx, dossierId))) throw new AppError('not_found', 'No such archive dossier', 'archive_dossier_not_found');
    await insertLink(trx, { instanceId, dossierId, enteId: instance.enteId, note });
  });
  return precedentsOf(db, instanceId);
}

export async function unlinkPrecedent(db: Knex, instanceId: number, dossierId: number): Promise<ArchivePrecedents> {
  await db.transaction(async (trx) => {
    if (!(await instanceForPrecedents(trx, instanceId))) throw new AppError('not_found', 'No such instance', 'instance_not_found');
    await deleteLink(trx, instanceId, dossierId);
  });
  return precedentsOf(db, instanceId);
}
