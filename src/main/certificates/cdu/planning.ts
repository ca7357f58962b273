/**
 * What the cadastre and the planning tables say about parcels: the check of typed parcels (known,
 * suppressed, unknown) and, for known ones, their zones with the share of their area, the articles
 * of the planning rules that govern each zone, and the constraints on them.
 */
import type { Knex } from 'knex';
import type { CduCadastralParcel, CduParcelCheck, CduParcelPlanning, CduZoneOfParcel } from '../../../shared/api/cdu';
import { duplicatePositions, parcelKey, parcelLabel, unzonedPercent, zoneAreaM2, type CduParcelRef } from '../../../shared/domain/cdu';
import {
  selectKnownFogli,
  selectParcelConstraints,
  selectParcelsById,
  selectParcelsByRef,
  selectParcelZones,
  selectSuccessors,
  selectZoneArticles,
  type ParcelRow,
} from './queries';

type Db = Knex | Knex.Transaction;

export const PARCEL_REASONS = {
  unknown: 'certificates.parcel_unknown',
  foglioUnknown: 'certificates.foglio_unknown',
  suppressed: 'certificates.parcel_suppressed',
  duplicate: 'certificates.parcel_duplicate',
} as const;

function toParcel(row: ParcelRow): CduCadastralParcel {
  return {
    id: row.id,
    sezione: row.sezione,
    foglio: row.foglio,
    particella: row.particella,
    label: parcelLabel(row),
    areaM2: row.area_m2,
    quality: row.quality,
    qualityClass: row.quality_class,
  };
}

/** Each typed parcel checked against the ente's catasto terreni, in the order typed. */
export async function checkParcels(db: Db, parcels: readonly CduParcelRef[]): Promise<CduParcelCheck[]> {
  const found = new Map((await selectParcelsByRef(db, parcels)).map((row) => [parcelKey(row), row]));
  const missing = parcels.filter((parcel) => !found.has(parcelKey(parcel)));
  const knownFogli = new Set((missing.length > 0 ? await selectKnownFogli(db, missing) : []).map((row) => `${row.sezione}|${row.foglio}`));
  const suppressedIds = [...found.values()].filter((row) => row.suppressed_on !== null).map((row) => row.id);
  const successors = new Map<number, string[]>();
  for (const row of await selectSuccessors(db, suppressedIds)) {
    successors.set(row.parcel_id, [...(successors.get(row.parcel_id) ?? []), parcelLabel(row)]);
  }
  const duplicates = duplicatePositions(parcels);

  return parcels.map((input, position): CduParcelCheck => {
    const base = { position, input, label: parcelLabel(input) };
    const row = found.get(parcelKey(input));
    if (duplicates.has(position)) {
      return { ...base, status: 'duplicate', reason: PARCEL_REASONS.duplicate, parcel: row ? toParcel(row) : null, suppression: null };
    }
    if (!row) {
      const foglioKnown = knownFogli.has(`${input.sezione ?? ''}|${input.foglio}`);
      return {
        ...base,
        status: 'unknown',
        reason: foglioKnown ? PARCEL_REASONS.unknown : PARCEL_REASONS.foglioUnknown,
        parcel: null,
        suppression: null,
      };
    }
    if (row.suppressed_on !== null && row.suppression_cause !== null) {
      return {
        ...base,
        status: 'suppressed',
        reason: PARCEL_REASONS.suppressed,
        parcel: toParcel(row),
        suppression: { on: row.suppressed_on, cause: row.suppression_cause, successors: successors.get(row.id) ?? [] },
      };
    }
    return { ...base, status: 'valid', reason: null, parcel: toParcel(row), suppression: null };
  });
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

/**
 * The planning data of parcels (by id, in the order given) under the instruments in force on `on`.
 * Parcels are read as they are; whether they may still be certified is the caller's check.
 */
export async function planningOfParcels(db: Db, parcelIds: readonly number[], on: string): Promise<CduParcelPlanning[]> {
  const parcels = new Map((await selectParcelsById(db, parcelIds)).map((row) => [row.id, row]));
  const zoneRows = await selectParcelZones(db, parcelIds, on);
  const articles = groupBy(await selectZoneArticles(db, [...new Set(zoneRows.map((row) => row.zone_id))]), (row) => row.zone_id);
  const zonesByParcel = groupBy(zoneRows, (row) => row.parcel_id);
  const constraintsByParcel = groupBy(await selectParcelConstraints(db, parcelIds), (row) => row.parcel_id);

  return parcelIds.flatMap((parcelId) => {
    const row = parcels.get(parcelId);
    if (!row) return [];
    const zones = (zonesByParcel.get(parcelId) ?? []).map((zone): CduZoneOfParcel => ({
      zoneId: zone.zone_id,
      instrument: {
        id: zone.instrument_id,
        kind: zone.kind,
        name: zone.instrument_name,
        approvalAct: zone.approval_act,
        approvedOn: zone.approved_on,
      },
      code: zone.code,
      name: zone.name,
      sharePercent: Number(zone.share_percent),
      areaM2: zoneAreaM2(row.area_m2, Number(zone.share_percent)),
      articles: (articles.get(zone.zone_id) ?? []).map((article) => ({
        id: article.id,
        number: article.number,
        title: article.title,
        text: article.text,
      })),
    }));
    return [
      {
        parcel: toParcel(row),
        zones,
        unzonedPercent: unzonedPercent(zones.map((zone) => zone.sharePercent)),
        constraints: (constraintsByParcel.get(parcelId) ?? []).map((constraint) => ({
          id: constraint.id,
          kind: constraint.kind,
          name: constraint.name,
          legalReference: constraint.legal_reference,
          act: constraint.act,
          note: constraint.note,
        })),
      },
    ];
  });
}
