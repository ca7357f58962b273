import type { Knex } from 'knex';
import { classifyProcedureTypes } from '../../src/main/protocol/titolario';
import type { EnteFixture } from './fixtures';

/** The CDU procedure as the demo catalogue has it: 30 days, peremptory, never suspended (DPR 380/2001 art. 30 c.3). */
export async function addCduProcedure(admin: Knex, ente: EnteFixture): Promise<number> {
  const [row] = (await admin('scrivania.procedure_types')
    .insert({
      ente_id: ente.enteId,
      office_id: ente.offices.edilizia,
      code: 'CDU',
      name: 'Certificato di destinazione urbanistica (CDU)',
      category: 'urbanistica',
      legal_term_days: 30,
      clock_rule: 'silenzio_inadempimento',
      legal_reference: 'DPR 380/2001 art. 30 c.3',
      suspension_allowed: false,
    })
    .returning('id')) as Array<{ id: number }>;
  await classifyProcedureTypes(admin, ente.enteId);
  return row!.id;
}

export async function addParcel(
  admin: Knex,
  enteId: number,
  parcel: {
    foglio: number;
    particella: string;
    areaM2: number;
    sezione?: string;
    quality?: string;
    suppressed?: { on: string; cause: 'frazionamento' | 'fusione' | 'soppressione' };
  },
): Promise<number> {
  const [row] = (await admin('scrivania.cadastral_parcels')
    .insert({
      ente_id: enteId,
      sezione: parcel.sezione ?? null,
      foglio: parcel.foglio,
      particella: parcel.particella,
      area_m2: parcel.areaM2,
      quality: parcel.quality ?? null,
      valid_from: '1990-01-01',
      suppressed_on: parcel.suppressed?.on ?? null,
      suppression_cause: parcel.suppressed?.cause ?? null,
    })
    .returning('id')) as Array<{ id: string }>;
  return Number(row!.id);
}

export interface PlanningFixture {
  instrumentId: number;
  zones: Record<string, number>;
  articles: Record<string, number>;
}

/** A small PRG: zones B2 and F2 with their own articles and a general one on distances. */
export async function addPlanning(admin: Knex, enteId: number): Promise<PlanningFixture> {
  const [instrument] = (await admin('scrivania.planning_instruments')
    .insert({
      ente_id: enteId,
      kind: 'PRG',
      name: 'Piano regolatore generale',
      approval_act: 'Delibera del Consiglio comunale n. 38 del 27/06/2005',
      approved_on: '2005-06-27',
      in_force_from: '2005-08-01',
    })
    .returning('id')) as Array<{ id: number }>;
  const instrumentId = instrument!.id;
  const zoneRows = (await admin('scrivania.planning_zones')
    .insert([
      { ente_id: enteId, instrument_id: instrumentId, code: 'B2', name: 'Residenziale di completamento' },
      { ente_id: enteId, instrument_id: instrumentId, code: 'F2', name: 'Verde pubblico e sportivo' },
    ])
    .returning(['id', 'code'])) as Array<{ id: number; code: string }>;
  const articleRows = (await admin('scrivania.planning_articles')
    .insert([
      { ente_id: enteId, instrument_id: instrumentId, number: '9', title: 'Distanze', text: 'Distanza minima dai confini di m 5,00.' },
      {
        ente_id: enteId,
        instrument_id: instrumentId,
        number: '23',
        title: 'Zona B2',
        text: 'Indice di fabbricabilità fondiaria 1,5 mc/mq.',
      },
      {
        ente_id: enteId,
        instrument_id: instrumentId,
        number: '35',
        title: 'Zona F2',
        text: 'Aree destinate a verde pubblico: inedificabili.',
      },
    ])
    .returning(['id', 'number'])) as Array<{ id: number; number: string }>;
  const zones = Object.fromEntries(zoneRows.map((zone) => [zone.code, zone.id]));
  const articles = Object.fromEntries(articleRows.map((article) => [article.number, article.id]));
  await admin('scrivania.planning_zone_articles').insert([
    { zone_id: zones.B2, article_id: articles['23'], ente_id: enteId, instrument_id: instrumentId, position: 1 },
    { zone_id: zones.B2, article_id: articles['9'], ente_id: enteId, instrument_id: instrumentId, position: 2 },
    { zone_id: zones.F2, article_id: articles['35'], ente_id: enteId, instrument_id: instrumentId, position: 1 },
  ]);
  return { instrumentId, zones, articles };
}

export async function zoneParcel(
  admin: Knex,
  enteId: number,
  planning: PlanningFixture,
  parcelId: number,
  shares: Record<string, number>,
): Promise<void> {
  await admin('scrivania.parcel_zones').insert(
    Object.entries(shares).map(([code, share]) => ({
      parcel_id: parcelId,
      zone_id: planning.zones[code],
      ente_id: enteId,
      instrument_id: planning.instrumentId,
      share_percent: share,
    })),
  );
}
