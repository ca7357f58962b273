/**
 * The demo Comune's cadastre and planning data for the CDU: its PRG (zones, NTA articles,
 * constraints), a few hundred parcels of the catasto terreni — those the demo archive's showcase
 * and a sample of its practices are on, and those today's CDU instances name — each zoned by where
 * it lies on the map (the centre on fogli 10-14, expansion 15-20, industry 21-25, farmland and the
 * protected hill elsewhere), some split by a frazionamento, and two CDU requests in progress.
 */
import type { Knex } from 'knex';
import { parseArchiveQuery } from '../../shared/domain/archiveQuery';
import { parcelKey, type CduPurpose } from '../../shared/domain/cdu';
import { PENDING_STATUSES } from '../../shared/domain/workflow';
import { DEMO_CONSTRAINTS, DEMO_GENERAL_ARTICLES, DEMO_PRG, DEMO_ZONES, generalArticle, type DemoConstraint } from './cduPlanning';
import type { Rng } from './rng';

export interface DemoParcelSpot {
  foglio: number;
  particella: string;
}

export interface DemoParcel extends DemoParcelSpot {
  areaM2: number;
  quality: string;
  qualityClass: string | null;
  validFrom: string;
  suppressed: { on: string; successors: DemoParcel[] } | null;
  /** Zone codes with the share of the parcel in each (the rest, if any, is road). */
  zones: Array<[code: string, sharePercent: number]>;
  constraints: Array<DemoConstraint['key']>;
}

export interface DemoCduSummary {
  parcels: number;
  suppressed: number;
  zones: number;
  articles: number;
  requests: number;
}

/** The zones a foglio of the map is made of: the centre, the expansion, industry, the river, the hill. */
function zonesOfFoglio(foglio: number): readonly string[] {
  if (foglio >= 10 && foglio <= 14) return ['A', 'B1', 'B2', 'B2', 'F1', 'F2'];
  if (foglio >= 15 && foglio <= 20) return ['B2', 'C1', 'C2', 'C2', 'F2'];
  if (foglio >= 21 && foglio <= 25) return ['D1', 'D1', 'D2'];
  if (foglio <= 5) return ['E2'];
  return ['E1', 'E1', 'E1', 'E2'];
}

function constraintsOf(r: Rng, foglio: number, urban: boolean): Array<DemoConstraint['key']> {
  const keys: Array<DemoConstraint['key']> = [];
  if (foglio <= 5) keys.push('colle');
  if (foglio >= 31 && foglio <= 33) keys.push('idrogeologico');
  if (foglio === 33 && r.chance(0.4)) keys.push('torrente');
  if (urban && r.chance(0.1)) keys.push('stradale');
  if (foglio === 14 && r.chance(0.2)) keys.push('cimiteriale');
  return keys;
}

const FARMLAND = [
  ['Seminativo', 4],
  ['Seminativo arborato', 3],
  ['Uliveto', 3],
  ['Vigneto', 2],
  ['Bosco ceduo', 3],
  ['Pascolo', 2],
] as const;

function describeParcel(r: Rng, spot: DemoParcelSpot): Omit<DemoParcel, 'suppressed'> {
  const zones = zonesOfFoglio(spot.foglio);
  const main = r.pick(zones);
  const urban = DEMO_ZONES.find((zone) => zone.code === main)!.urban;
  const [quality, classes] = urban && r.chance(0.8) ? (['Ente urbano', 0] as const) : r.pick(FARMLAND);
  const shares: DemoParcel['zones'] = [];
  const split = r.next();
  const other = zones.find((code) => code !== main);
  if (split < 0.2 && other) {
    const share = r.int(55, 90);
    shares.push([main, share], [other, 100 - share]);
  } else if (split < 0.3) {
    shares.push([main, r.int(92, 98)]);
  } else {
    shares.push([main, 100]);
  }
  return {
    ...spot,
    areaM2: urban ? r.int(280, 2600) : r.int(1800, 42_000),
    quality,
    qualityClass: classes === 0 ? null : String(r.int(1, classes)),
    validFrom: r.chance(0.7)
      ? '1971-01-01'
      : `${r.int(1972, 2004)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
    zones: shares,
    constraints: constraintsOf(r, spot.foglio, urban),
  };
}

/**
 * The parcels of the demo cadastre, one per distinct spot, in a stable order. Parcels that a CDU
 * instance names stay current; about one in thirty of the others was split by a frazionamento into
 * two parcels numbered from 2001 on its foglio, which share its zones and constraints.
 */
export function generateDemoCadastre(r: Rng, spots: readonly DemoParcelSpot[], keepCurrent: ReadonlySet<string>): DemoParcel[] {
  const seen = new Set<string>();
  const nextNumber = new Map<number, number>();
  const parcels: DemoParcel[] = [];
  for (const spot of spots) {
    const key = parcelKey({ sezione: null, ...spot });
    if (seen.has(key)) continue;
    seen.add(key);
    const parcel = describeParcel(r, spot);
    const split = !keepCurrent.has(key) && (r.chance(1 / 30) || (spot.foglio === 12 && spot.particella === '346'));
    if (!split) {
      parcels.push({ ...parcel, suppressed: null });
      continue;
    }
    const first = nextNumber.get(spot.foglio) ?? 2001;
    nextNumber.set(spot.foglio, first + 2);
    const part = Math.round(parcel.areaM2 * (r.int(35, 65) / 100));
    const successors = [part, parcel.areaM2 - part].map((areaM2, index): DemoParcel => ({
      ...parcel,
      particella: String(first + index),
      areaM2,
      validFrom: `${r.int(2005, 2023)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
      suppressed: null,
    }));
    parcels.push({ ...parcel, suppressed: { on: successors[0]!.validFrom, successors } });
  }
  return parcels;
}

interface CduInstance {
  id: number;
  subject: string;
  status: string;
  person: number | null;
  received_at: Date;
  parcels: DemoParcelSpot[];
}

const PURPOSE_WORDS: Array<[RegExp, CduPurpose]> = [
  [/compravendita/, 'compravendita'],
  [/successione/, 'successione'],
  [/donazione/, 'donazione'],
  [/divisione/, 'divisione'],
  [/mutuo/, 'mutuo'],
];

function spotsOf(subject: string): DemoParcelSpot[] {
  return parseArchiveQuery(subject).parcels.flatMap((parcel) =>
    parcel.foglio !== null && parcel.particella !== null ? [{ foglio: parcel.foglio, particella: parcel.particella }] : [],
  );
}

function uuidFrom(r: Rng): string {
  const hex = Array.from({ length: 32 }, () => r.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Loads the demo's planning instrument, cadastre and CDU requests into the demo's transaction. */
export async function loadDemoCdu(
  trx: Knex.Transaction,
  options: { enteId: number; rng: Rng; registrar: { id: number; login: string }; archiveSample?: number },
): Promise<DemoCduSummary> {
  const { enteId, rng: r } = options;
  const [instrument] = (await trx('scrivania.planning_instruments')
    .insert({
      ente_id: enteId,
      kind: DEMO_PRG.kind,
      name: DEMO_PRG.name,
      approval_act: DEMO_PRG.approvalAct,
      approved_on: DEMO_PRG.approvedOn,
      in_force_from: DEMO_PRG.inForceFrom,
    })
    .returning('id')) as Array<{ id: number }>;
  const instrumentId = instrument!.id;
  const articles = [...DEMO_GENERAL_ARTICLES, ...DEMO_ZONES.map((zone) => zone.article)];
  const articleIds = new Map(
    (
      (await trx('scrivania.planning_articles')
        .insert(articles.map((article) => ({ ente_id: enteId, instrument_id: instrumentId, ...article })))
        .returning(['id', 'number'])) as Array<{ id: number; number: string }>
    ).map((row) => [row.number, row.id]),
  );
  const zoneIds = new Map(
    (
      (await trx('scrivania.planning_zones')
        .insert(DEMO_ZONES.map((zone) => ({ ente_id: enteId, instrument_id: instrumentId, code: zone.code, name: zone.name })))
        .returning(['id', 'code'])) as Array<{ id: number; code: string }>
    ).map((row) => [row.code, row.id]),
  );
  await trx('scrivania.planning_zone_articles').insert(
    DEMO_ZONES.flatMap((zone) =>
      [zone.article, ...zone.general.map(generalArticle)].map((article, index) => ({
        zone_id: zoneIds.get(zone.code),
        article_id: articleIds.get(article.number),
        ente_id: enteId,
        instrument_id: instrumentId,
        position: index + 1,
      })),
    ),
  );
  const constraintIds = new Map(
    (
      (await trx('scrivania.planning_constraints')
        .insert(
          DEMO_CONSTRAINTS.map((constraint) => ({
            ente_id: enteId,
            kind: constraint.kind,
            name: constraint.name,
            legal_reference: constraint.legalReference,
            act: constraint.act,
          })),
        )
        .returning(['id', 'name'])) as Array<{ id: number; name: string }>
    ).map((row) => [DEMO_CONSTRAINTS.find((constraint) => constraint.name === row.name)!.key, row.id]),
  );

  // The parcels: the archive showcase's, a sample of the archive's practices', and every CDU instance's.
  const archiveSpots = (await trx('scrivania.archive_parcels')
    .where({ ente_id: enteId })
    .distinct('foglio', 'particella')
    .orderBy(['foglio', 'particella'])) as DemoParcelSpot[];
  const sample = archiveSpots.filter(() => r.chance((options.archiveSample ?? 150) / Math.max(archiveSpots.length, 1)));
  const cduInstances = (
    (await trx('scrivania.instances as i')
      .join('scrivania.procedure_types as p', 'p.id', 'i.procedure_type_id')
      .where({ 'i.ente_id': enteId, 'p.code': 'CDU' })
      .orderBy('i.id')
      .select('i.id', 'i.status', 'i.subject', 'i.applicant_person_id as person', 'i.received_at')) as Array<Omit<CduInstance, 'parcels'>>
  ).map((row) => ({ ...row, id: Number(row.id), person: row.person === null ? null : Number(row.person), parcels: spotsOf(row.subject) }));
  const requested = cduInstances.flatMap((instance) => instance.parcels);
  const showcase: DemoParcelSpot[] = [
    { foglio: 12, particella: '345' },
    { foglio: 12, particella: '346' },
    { foglio: 9, particella: '210' },
  ];
  const keepCurrent = new Set([...requested, { foglio: 12, particella: '345' }].map((spot) => parcelKey({ sezione: null, ...spot })));
  const parcels = generateDemoCadastre(r, [...showcase, ...sample, ...requested], keepCurrent);

  const rows = parcels.flatMap((parcel) => [parcel, ...(parcel.suppressed?.successors ?? [])]);
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = (await trx('scrivania.cadastral_parcels')
      .insert(
        rows.slice(i, i + 500).map((parcel) => ({
          ente_id: enteId,
          foglio: parcel.foglio,
          particella: parcel.particella,
          area_m2: parcel.areaM2,
          quality: parcel.quality,
          quality_class: parcel.qualityClass,
          valid_from: parcel.validFrom,
          suppressed_on: parcel.suppressed?.on ?? null,
          suppression_cause: parcel.suppressed ? 'frazionamento' : null,
        })),
      )
      .returning(['id', 'foglio', 'particella'])) as Array<{ id: string } & DemoParcelSpot>;
    for (const row of inserted) ids.set(parcelKey({ sezione: null, ...row }), Number(row.id));
  }
  const idOf = (spot: DemoParcelSpot) => ids.get(parcelKey({ sezione: null, ...spot }))!;
  await trx('scrivania.cadastral_parcel_successors').insert(
    parcels.flatMap((parcel) =>
      (parcel.suppressed?.successors ?? []).map((successor) => ({
        parcel_id: idOf(parcel),
        successor_id: idOf(successor),
        ente_id: enteId,
      })),
    ),
  );
  const zoned = rows.flatMap((parcel) =>
    parcel.zones.map(([code, share]) => ({
      parcel_id: idOf(parcel),
      zone_id: zoneIds.get(code),
      ente_id: enteId,
      instrument_id: instrumentId,
      share_percent: share,
    })),
  );
  for (let i = 0; i < zoned.length; i += 1000) await trx('scrivania.parcel_zones').insert(zoned.slice(i, i + 1000));
  const bound = rows.flatMap((parcel) =>
    parcel.constraints.map((key) => ({ parcel_id: idOf(parcel), constraint_id: constraintIds.get(key), ente_id: enteId })),
  );
  if (bound.length > 0) await trx('scrivania.parcel_constraints').insert(bound);

  // Two requests in progress: the latest pending CDU instances of persons.
  const pending = cduInstances
    .filter((instance) => instance.person !== null && instance.parcels.length > 0)
    .filter((instance) => (PENDING_STATUSES as readonly string[]).includes(instance.status))
    .slice(-2);
  for (const instance of pending) {
    const [request] = (await trx('scrivania.cdu_requests')
      .insert({
        ente_id: enteId,
        instance_id: instance.id,
        applicant_person_id: instance.person,
        purpose: PURPOSE_WORDS.find(([pattern]) => pattern.test(instance.subject))?.[1] ?? 'compravendita',
        idempotency_key: uuidFrom(r),
        requested_at: instance.received_at,
        requested_by: options.registrar.id,
        requested_by_login: options.registrar.login,
      })
      .returning('id')) as Array<{ id: string }>;
    const distinct = [...new Set(instance.parcels.map(idOf))];
    await trx('scrivania.cdu_request_parcels').insert(
      distinct.map((parcelId, index) => ({ request_id: Number(request!.id), position: index + 1, parcel_id: parcelId, ente_id: enteId })),
    );
  }

  return {
    parcels: rows.length,
    suppressed: parcels.filter((parcel) => parcel.suppressed !== null).length,
    zones: DEMO_ZONES.length,
    articles: articles.length,
    requests: pending.length,
  };
}
