/**
 * SQL of the CDU: the cadastre, the planning tables and the requests. Every read runs under the
 * caller's role, so row-level security keeps each ente to its own parcels and requests, and the
 * case and protocol columns of a request to the users who may see them.
 */
import type { Knex } from 'knex';
import type { CduParcelRef, ConstraintKind, CduPurpose, PlanningInstrumentKind, SuppressionCause } from '../../../shared/domain/cdu';
import type { InstanceStatus } from '../../../shared/domain/workflow';
import type { StaffRole } from '../../../shared/api/session';
import type { ClockRule } from '../../../shared/domain/procedureClock';

type Db = Knex | Knex.Transaction;

export interface ParcelRow {
  id: number;
  sezione: string | null;
  foglio: number;
  particella: string;
  area_m2: number;
  quality: string | null;
  quality_class: string | null;
  suppressed_on: string | null;
  suppression_cause: SuppressionCause | null;
}

const PARCEL_COLUMNS = `p.id::integer AS id, p.sezione, p.foglio, p.particella, p.area_m2, p.quality, p.quality_class,
  to_char(p.suppressed_on, 'YYYY-MM-DD') AS suppressed_on, p.suppression_cause`;

function parcelArrays(parcels: readonly CduParcelRef[]): [string[], number[], string[]] {
  return [
    parcels.map((parcel) => parcel.sezione ?? ''),
    parcels.map((parcel) => parcel.foglio),
    parcels.map((parcel) => parcel.particella),
  ];
}

/**
 * The parcels of the catasto terreni with the identifiers typed: the current one where there is
 * one, else the last suppressed one (its suppression is the answer).
 */
export async function selectParcelsByRef(db: Db, parcels: readonly CduParcelRef[]): Promise<ParcelRow[]> {
  const result = await db.raw<{ rows: ParcelRow[] }>(
    `SELECT DISTINCT ON (coalesce(p.sezione, ''), p.foglio, p.particella) ${PARCEL_COLUMNS}
       FROM scrivania.cadastral_parcels p
       JOIN unnest(?::text[], ?::integer[], ?::text[]) AS wanted (sezione, foglio, particella)
         ON coalesce(p.sezione, '') = wanted.sezione AND p.foglio = wanted.foglio AND p.particella = wanted.particella
      WHERE p.catasto = 'terreni'
      ORDER BY coalesce(p.sezione, ''), p.foglio, p.particella, p.suppressed_on DESC NULLS FIRST`,
    parcelArrays(parcels),
  );
  return result.rows;
}

/** Of the (sezione, foglio) pairs given, those the ente's catasto terreni has any parcel on. */
export async function selectKnownFogli(db: Db, parcels: readonly CduParcelRef[]): Promise<Array<{ sezione: string; foglio: number }>> {
  const [sezioni, fogli] = parcelArrays(parcels);
  const result = await db.raw<{ rows: Array<{ sezione: string; foglio: number }> }>(
    `SELECT DISTINCT wanted.sezione, wanted.foglio
       FROM unnest(?::text[], ?::integer[]) AS wanted (sezione, foglio)
      WHERE EXISTS (SELECT 1 FROM scrivania.cadastral_parcels p
                     WHERE p.catasto = 'terreni' AND p.foglio = wanted.foglio AND coalesce(p.sezione, '') = wanted.sezione)`,
    [sezioni, fogli],
  );
  return result.rows;
}

export async function selectSuccessors(db: Db, parcelIds: readonly number[]): Promise<Array<CduParcelRef & { parcel_id: number }>> {
  if (parcelIds.length === 0) return [];
  const result = await db.raw<{ rows: Array<CduParcelRef & { parcel_id: number }> }>(
    `SELECT s.parcel_id::integer AS parcel_id, p.sezione, p.foglio, p.particella
       FROM scrivania.cadastral_parcel_successors s
       JOIN scrivania.cadastral_parcels p ON p.id = s.successor_id
      WHERE s.parcel_id = ANY (?::bigint[])
      ORDER BY s.parcel_id, p.foglio, length(p.particella), p.particella`,
    [[...parcelIds]],
  );
  return result.rows;
}

export async function selectParcelsById(db: Db, parcelIds: readonly number[]): Promise<ParcelRow[]> {
  const result = await db.raw<{ rows: ParcelRow[] }>(
    `SELECT ${PARCEL_COLUMNS} FROM scrivania.cadastral_parcels p WHERE p.id = ANY (?::bigint[])`,
    [[...parcelIds]],
  );
  return result.rows;
}

export interface ParcelZoneRow {
  parcel_id: number;
  zone_id: number;
  code: string;
  name: string;
  share_percent: string;
  instrument_id: number;
  kind: PlanningInstrumentKind;
  instrument_name: string;
  approval_act: string;
  approved_on: string;
}

/** The zones of the instruments in force on `on` that the parcels fall in, largest share first. */
export async function selectParcelZones(db: Db, parcelIds: readonly number[], on: string): Promise<ParcelZoneRow[]> {
  const result = await db.raw<{ rows: ParcelZoneRow[] }>(
    `SELECT pz.parcel_id::integer AS parcel_id, z.id AS zone_id, z.code, z.name, pz.share_percent::text AS share_percent,
            i.id AS instrument_id, i.kind, i.name AS instrument_name, i.approval_act,
            to_char(i.approved_on, 'YYYY-MM-DD') AS approved_on
       FROM scrivania.parcel_zones pz
       JOIN scrivania.planning_zones z ON z.id = pz.zone_id
       JOIN scrivania.planning_instruments i ON i.id = pz.instrument_id
      WHERE pz.parcel_id = ANY (?::bigint[])
        AND i.in_force_from <= ?::date AND (i.in_force_to IS NULL OR i.in_force_to >= ?::date)
      ORDER BY pz.parcel_id, pz.share_percent DESC, z.code`,
    [[...parcelIds], on, on],
  );
  return result.rows;
}

export interface ZoneArticleRow {
  zone_id: number;
  id: number;
  number: string;
  title: string;
  text: string;
}

export async function selectZoneArticles(db: Db, zoneIds: readonly number[]): Promise<ZoneArticleRow[]> {
  if (zoneIds.length === 0) return [];
  const result = await db.raw<{ rows: ZoneArticleRow[] }>(
    `SELECT za.zone_id, a.id, a.number, a.title, a.text
       FROM scrivania.planning_zone_articles za
       JOIN scrivania.planning_articles a ON a.id = za.article_id
      WHERE za.zone_id = ANY (?::integer[])
      ORDER BY za.zone_id, za.position`,
    [[...zoneIds]],
  );
  return result.rows;
}

export interface ParcelConstraintRow {
  parcel_id: number;
  id: number;
  kind: ConstraintKind;
  name: string;
  legal_reference: string;
  act: string | null;
  note: string | null;
}

export async function selectParcelConstraints(db: Db, parcelIds: readonly number[]): Promise<ParcelConstraintRow[]> {
  const result = await db.raw<{ rows: ParcelConstraintRow[] }>(
    `SELECT pc.parcel_id::integer AS parcel_id, c.id, c.kind, c.name, c.legal_reference, c.act, pc.note
       FROM scrivania.parcel_constraints pc
       JOIN scrivania.planning_constraints c ON c.id = pc.constraint_id
      WHERE pc.parcel_id = ANY (?::bigint[])
      ORDER BY pc.parcel_id, c.kind, c.name`,
    [[...parcelIds]],
  );
  return result.rows;
}

export interface CduProcedureRow {
  legal_term_days: number;
  clock_rule: ClockRule;
  suspension_allowed: boolean;
  patron_day: string | null;
}

/** The ente's active CDU procedure type, with what its clock needs. */
export async function selectCduProcedure(db: Db, code: string): Promise<CduProcedureRow | null> {
  const row = (await db('scrivania.procedure_types as p')
    .join('scrivania.enti as e', 'e.id', 'p.ente_id')
    .where({ 'p.code': code, 'p.active': true })
    .first('p.legal_term_days', 'p.clock_rule', 'p.suspension_allowed', 'e.patron_day')) as CduProcedureRow | undefined;
  return row ?? null;
}

export interface PersonRow {
  id: number;
  codice_fiscale: string;
  last_name: string;
  first_name: string;
  email: string | null;
  pec: string | null;
  address: string | null;
  postal_code: string | null;
  city: string | null;
}

export async function selectPerson(db: Db, personId: number): Promise<PersonRow | null> {
  const row = (await db('scrivania.persons')
    .where({ id: personId })
    .first('id', 'codice_fiscale', 'last_name', 'first_name', 'email', 'pec', 'address', 'postal_code', 'city')) as PersonRow | undefined;
  return row ? { ...row, id: Number(row.id) } : null;
}

export async function selectRequestIdByKey(db: Db, idempotencyKey: string): Promise<number | null> {
  const row = (await db('scrivania.cdu_requests').where({ idempotency_key: idempotencyKey }).first('id')) as { id: string } | undefined;
  return row ? Number(row.id) : null;
}

export async function insertRequest(
  trx: Knex.Transaction,
  request: {
    instanceId: number;
    personId: number;
    purpose: CduPurpose;
    purposeNote: string | null;
    idempotencyKey: string;
    parcelIds: readonly number[];
  },
): Promise<number> {
  const [row] = (await trx('scrivania.cdu_requests')
    .insert({
      instance_id: request.instanceId,
      applicant_person_id: request.personId,
      purpose: request.purpose,
      purpose_note: request.purposeNote,
      idempotency_key: request.idempotencyKey,
    })
    .returning(['id', 'ente_id'])) as Array<{ id: string; ente_id: number }>;
  if (!row) throw new Error('The CDU request was not recorded');
  const requestId = Number(row.id);
  await trx('scrivania.cdu_request_parcels').insert(
    request.parcelIds.map((parcelId, index) => ({ request_id: requestId, position: index + 1, parcel_id: parcelId, ente_id: row.ente_id })),
  );
  return requestId;
}

export interface RequestRow {
  id: number;
  instance_id: number;
  requested_at: Date;
  requested_by: string;
  purpose: CduPurpose;
  purpose_note: string | null;
  person_id: number;
  last_name: string;
  first_name: string;
  codice_fiscale: string;
  parcels: CduParcelRef[];
  parcel_ids: number[];
  protocol_year: number | null;
  protocol_number: number | null;
  segnatura: string | null;
  registered_at: Date | null;
  status: InstanceStatus | null;
  due_date: string | null;
  days_left: number | null;
  closed: boolean | null;
  office_name: string | null;
  assignee_name: string | null;
  certificate_id: number | null;
  certificate_year: number | null;
  certificate_number: number | null;
  total: string;
}

export interface RequestFilter {
  requestId?: number;
  view: 'open' | 'closed' | 'all';
  /** Words of the applicant's name or codice fiscale. */
  text: string | null;
  /** Parcels named in the search text: the request names one of them. */
  parcels: CduParcelRef[];
  offset: number;
  limit: number;
  today: string;
}

const PENDING: readonly InstanceStatus[] = ['received', 'in_progress', 'suspended', 'awaiting_observations', 'awaiting_conformation'];

/**
 * Requests with their applicant and parcels, and the case and protocol columns the user may see
 * (null otherwise). Open requests come by due date, the others newest first.
 */
export async function selectRequests(db: Db, filter: RequestFilter): Promise<RequestRow[]> {
  const where: string[] = [];
  const bindings: Knex.RawBinding[] = [filter.today];
  if (filter.requestId !== undefined) {
    where.push('r.id = ?');
    bindings.push(filter.requestId);
  }
  if (filter.view === 'open') {
    where.push('(i.id IS NULL OR (i.closed_at IS NULL AND i.status = ANY (?::text[])))');
    bindings.push([...PENDING]);
  } else if (filter.view === 'closed') {
    where.push('(i.closed_at IS NOT NULL OR NOT (i.status = ANY (?::text[])))');
    bindings.push([...PENDING]);
  }
  const textConditions: string[] = [];
  if (filter.text) {
    textConditions.push(
      `(pe.codice_fiscale = upper(?) OR (pe.last_name || ' ' || pe.first_name) ILIKE ? OR (pe.first_name || ' ' || pe.last_name) ILIKE ?)`,
    );
    const like = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    bindings.push(filter.text, like, like);
  }
  if (filter.parcels.length > 0) {
    textConditions.push(
      `EXISTS (SELECT 1 FROM scrivania.cdu_request_parcels rp JOIN scrivania.cadastral_parcels cp ON cp.id = rp.parcel_id
                JOIN unnest(?::text[], ?::integer[], ?::text[]) AS wanted (sezione, foglio, particella)
                  ON coalesce(cp.sezione, '') = wanted.sezione AND cp.foglio = wanted.foglio AND cp.particella = wanted.particella
               WHERE rp.request_id = r.id)`,
    );
    bindings.push(...parcelArrays(filter.parcels));
  }
  if (textConditions.length > 0) where.push(`(${textConditions.join(' OR ')})`);
  bindings.push(filter.limit, filter.offset);
  const order = filter.view === 'open' ? 'i.due_date NULLS LAST, r.requested_at, r.id' : 'r.requested_at DESC, r.id DESC';
  const result = await db.raw<{ rows: RequestRow[] }>(
    `SELECT r.id::integer AS id, r.instance_id::integer AS instance_id, r.requested_at,
            coalesce(st.full_name, r.requested_by_login) AS requested_by,
            r.purpose, r.purpose_note, pe.id::integer AS person_id, pe.last_name, pe.first_name, pe.codice_fiscale,
            parcels.list AS parcels, parcels.ids AS parcel_ids,
            pr.year AS protocol_year, pr.number AS protocol_number, pr.segnatura, pr.registered_at,
            i.status, to_char(i.due_date, 'YYYY-MM-DD') AS due_date, (i.due_date - ?::date) AS days_left,
            CASE WHEN i.id IS NULL THEN NULL ELSE i.closed_at IS NOT NULL END AS closed,
            o.name AS office_name, a.full_name AS assignee_name,
            ce.id AS certificate_id, ce.year AS certificate_year, ce.number AS certificate_number,
            count(*) OVER () AS total
       FROM scrivania.cdu_requests r
       JOIN scrivania.persons pe ON pe.id = r.applicant_person_id
       LEFT JOIN scrivania.staff st ON st.id = r.requested_by
       LEFT JOIN scrivania.instances i ON i.id = r.instance_id
       LEFT JOIN scrivania.offices o ON o.id = i.office_id
       LEFT JOIN scrivania.staff a ON a.id = i.assignee_id
       LEFT JOIN LATERAL (SELECT e.year, e.number, e.segnatura, e.registered_at FROM scrivania.protocol_entries e
                           WHERE e.instance_id = r.instance_id ORDER BY e.id LIMIT 1) pr ON true
       LEFT JOIN scrivania.certificates ce ON ce.cdu_request_id = r.id AND ce.annulled_at IS NULL
       CROSS JOIN LATERAL (
         SELECT jsonb_agg(jsonb_build_object('sezione', cp.sezione, 'foglio', cp.foglio, 'particella', cp.particella) ORDER BY rp.position) AS list,
                array_agg(cp.id::integer ORDER BY rp.position) AS ids
           FROM scrivania.cdu_request_parcels rp JOIN scrivania.cadastral_parcels cp ON cp.id = rp.parcel_id
          WHERE rp.request_id = r.id) parcels
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${order}
      LIMIT ? OFFSET ?`,
    bindings,
  );
  return result.rows;
}

/** Who is signed in on this connection, as the workflow needs them. */
export async function selectCurrentActor(db: Db): Promise<{ staffId: number; role: StaffRole } | null> {
  const result = await db.raw<{ rows: Array<{ staff_id: number | null; role: StaffRole | null }> }>(
    'SELECT scrivania.current_staff_id() AS staff_id, scrivania.current_staff_role() AS role',
  );
  const row = result.rows[0];
  return row?.staff_id && row.role ? { staffId: row.staff_id, role: row.role } : null;
}
