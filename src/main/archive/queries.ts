/**
 * SQL of the archive's records: series, streets, dossiers with their subjects, addresses, parcels
 * and scans, the access log and the links to current instances. Every read runs under the session's
 * row-level security; rows are mapped to the API's camelCase types here and nowhere else.
 */
import type { Knex } from 'knex';
import type {
  ArchiveAccessEntry,
  ArchiveAddressInfo,
  ArchiveDocumentInfo,
  ArchiveDossierDetail,
  ArchiveLinkedInstance,
  ArchiveParcelInfo,
  ArchiveSeriesInfo,
  ArchiveSubjectInfo,
} from '../../shared/api/archive';
import type {
  AccessAction,
  AccessPurpose,
  AgidDossierKind,
  ArchiveDocumentKind,
  PracticeOutcome,
  PracticeType,
  SeriesKind,
  StreetType,
  SubjectRole,
} from '../../shared/domain/archive';

type Db = Knex | Knex.Transaction;

const day = (value: Date | string | null): string | null =>
  value === null ? null : typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

// ------------------------------------------------------------------------------------------------
// Series

interface SeriesRow {
  id: number;
  code: string;
  title: string;
  kind: SeriesKind;
  year_from: number | null;
  year_to: number | null;
  shared: boolean;
  ente_id: number;
  ente_name: string | null;
  classification: string | null;
}

function toSeries(row: SeriesRow): ArchiveSeriesInfo {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    kind: row.kind,
    yearFrom: row.year_from,
    yearTo: row.year_to,
    shared: row.shared,
    // Another ente of the Unione is not readable (enti policy): its series still say whose they are.
    ente: { id: row.ente_id, name: row.ente_name ?? '' },
    classification: row.classification,
  };
}

function seriesSelect(db: Db) {
  return db('scrivania.archive_series as s')
    .leftJoin('scrivania.enti as e', 'e.id', 's.ente_id')
    .select(
      's.id',
      's.code',
      's.title',
      's.kind',
      's.year_from',
      's.year_to',
      's.shared',
      's.ente_id',
      'e.name as ente_name',
      's.classification',
    );
}

export async function selectSeries(db: Db, where: { id?: number } = {}): Promise<ArchiveSeriesInfo[]> {
  const query = seriesSelect(db).orderBy([{ column: 's.ente_id' }, { column: 's.year_from' }, { column: 's.code' }]);
  if (where.id !== undefined) query.where('s.id', where.id);
  return ((await query) as SeriesRow[]).map(toSeries);
}

export async function insertSeries(
  db: Db,
  series: {
    enteId: number;
    code: string;
    title: string;
    kind: SeriesKind;
    yearFrom: number | null;
    yearTo: number | null;
    shared: boolean;
    classification: string | null;
  },
): Promise<number> {
  const [row] = (await db('scrivania.archive_series')
    .insert({
      ente_id: series.enteId,
      code: series.code,
      title: series.title,
      kind: series.kind,
      year_from: series.yearFrom,
      year_to: series.yearTo,
      shared: series.shared,
      classification: series.classification,
    })
    .returning('id')) as { id: number }[];
  return row!.id;
}

/** The series of the session's own ente with this code (imports write only their own ente's series). */
export async function findOwnSeries(db: Db, enteId: number, code: string): Promise<{ id: number; classification: string | null } | null> {
  const row = (await db('scrivania.archive_series').where({ ente_id: enteId, code }).first('id', 'classification')) as
    { id: number; classification: string | null } | undefined;
  return row ?? null;
}

export async function findBox(db: Db, seriesId: number, label: string): Promise<number | null> {
  const row = (await db('scrivania.archive_boxes').where({ series_id: seriesId, label }).first('id')) as { id: number } | undefined;
  return row?.id ?? null;
}

export async function enteIpaCode(db: Db, enteId: number): Promise<string> {
  const row = (await db('scrivania.enti').where({ id: enteId }).first('ipa_code')) as { ipa_code: string } | undefined;
  if (!row) throw new Error(`Ente ${enteId} not visible`);
  return row.ipa_code;
}

// ------------------------------------------------------------------------------------------------
// Streets (toponymy)

export interface StreetRow {
  id: number;
  street_type: StreetType;
  name: string;
  today_id: number;
}

/** The street with exactly this type and name (by its search key), old names included. */
export async function findStreet(db: Db, enteId: number, streetType: StreetType, name: string): Promise<StreetRow | null> {
  const row = (await db('scrivania.archive_streets')
    .where({ ente_id: enteId, street_type: streetType })
    .whereRaw('name_key = scrivania.name_search_key(?)', [name])
    .first('id', 'street_type', 'name', db.raw('coalesce(current_street_id, id) AS today_id'))) as StreetRow | undefined;
  return row ?? null;
}

export interface NewStreet {
  enteId: number;
  streetType: StreetType;
  name: string;
  currentStreetId?: number | null;
  renamedOn?: string | null;
  verified: boolean;
}

export async function insertStreet(db: Db, street: NewStreet): Promise<number> {
  const [row] = (await db('scrivania.archive_streets')
    .insert({
      ente_id: street.enteId,
      street_type: street.streetType,
      name: street.name,
      current_street_id: street.currentStreetId ?? null,
      renamed_on: street.renamedOn ?? null,
      verified: street.verified,
    })
    .returning('id')) as { id: number }[];
  return row!.id;
}

/** The street with this type and name, added (not yet verified) when the toponymy lacks it. */
export async function findOrAddStreet(db: Db, street: NewStreet): Promise<number> {
  await db('scrivania.archive_streets')
    .insert({ ente_id: street.enteId, street_type: street.streetType, name: street.name, verified: street.verified })
    .onConflict(['ente_id', 'street_type', 'name_key'])
    .ignore();
  const found = await findStreet(db, street.enteId, street.streetType, street.name);
  if (!found) throw new Error(`Street ${street.streetType} ${street.name} not visible after insert`);
  return found.id;
}

export interface StreetCandidate {
  id: number;
  streetType: StreetType;
  name: string;
  todayId: number;
  similarity: number;
}

/**
 * Streets whose name is like `name` (trigram similarity on the accent- and case-free key), best
 * first: typos and abbreviations of the user are forgiven here.
 */
export async function similarStreets(db: Db, name: string, limit = 8): Promise<StreetCandidate[]> {
  const rows = (await db.raw(
    `SELECT id, street_type, name, coalesce(current_street_id, id) AS today_id,
            public.similarity(name_key, k.key) AS similarity
       FROM scrivania.archive_streets, (SELECT scrivania.name_search_key(?) AS key) k
      WHERE name_key OPERATOR(public.%) k.key OR name_key = k.key
         OR (length(k.key) >= 4 AND name_key LIKE k.key || '%')
      ORDER BY similarity DESC, id
      LIMIT ?`,
    [name, limit],
  )) as { rows: Array<{ id: number; street_type: StreetType; name: string; today_id: number; similarity: number }> };
  return rows.rows.map((row) => ({
    id: row.id,
    streetType: row.street_type,
    name: row.name,
    todayId: row.today_id,
    similarity: Number(row.similarity),
  }));
}

/** Every name a street has had (today's and the historical ones), for a set of today's streets. */
export async function streetsOfToday(
  db: Db,
  todayIds: number[],
): Promise<Array<{ id: number; todayId: number; streetType: StreetType; name: string }>> {
  if (todayIds.length === 0) return [];
  const rows = (await db('scrivania.archive_streets')
    .whereIn('id', todayIds)
    .orWhereIn('current_street_id', todayIds)
    .select('id', 'street_type', 'name', db.raw('coalesce(current_street_id, id) AS today_id'))) as Array<{
    id: number;
    street_type: StreetType;
    name: string;
    today_id: number;
  }>;
  return rows.map((row) => ({ id: row.id, todayId: row.today_id, streetType: row.street_type, name: row.name }));
}

// ------------------------------------------------------------------------------------------------
// Dossiers and what they hold

export interface NewDossierRow {
  series_id: number;
  ente_id: number;
  year: number;
  number: string;
  practice_type: PracticeType;
  subject: string;
  outcome: PracticeOutcome;
  opened_on: string | null;
  decided_on: string | null;
  closed_on: string | null;
  old_references: string[];
  box_id: number | null;
  reserved: boolean;
  agid_identifier: string;
  agid_kind: AgidDossierKind;
  classification: string | null;
  notes: string | null;
}

export async function insertDossiers(db: Db, rows: NewDossierRow[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = (await db('scrivania.archive_dossiers').insert(rows).returning('id')) as { id: string | number }[];
  return inserted.map((row) => Number(row.id));
}

export interface ExistingDossier {
  id: number;
  practiceType: PracticeType;
  subject: string;
  reserved: boolean;
}

/** The dossier with this series, year and number, if the session can see it. */
export async function findDossier(db: Db, seriesId: number, year: number, number: string): Promise<ExistingDossier | null> {
  const row = (await db('scrivania.archive_dossiers')
    .where({ series_id: seriesId, year, number })
    .first('id', 'practice_type', 'subject', 'reserved')) as
    { id: string | number; practice_type: PracticeType; subject: string; reserved: boolean } | undefined;
  return row ? { id: Number(row.id), practiceType: row.practice_type, subject: row.subject, reserved: row.reserved } : null;
}

export interface NewSubjectRow {
  dossier_id: number;
  role: SubjectRole;
  name: string;
  tax_code: string | null;
  person_id: number | null;
  business_id: number | null;
}
export interface NewAddressRow {
  dossier_id: number;
  street_id: number;
  written_as: string;
  civic: string | null;
}
export interface NewParcelRow {
  dossier_id: number;
  sezione: string | null;
  foglio: number;
  particella: string;
  subalterno: number | null;
}
export interface NewArchiveDocumentRow {
  dossier_id: number;
  sequence: number;
  title: string;
  kind: ArchiveDocumentKind;
  sha256: string;
  filename: string;
  page_count: number;
  ocr_text: string | null;
  ocr_source: 'text_layer' | 'sidecar' | null;
  import_batch_id: number | null;
}

const CHUNK = 1000;

async function insertInChunks<T extends object>(db: Db, table: string, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db(table).insert(rows.slice(i, i + CHUNK));
}

export async function insertSubjects(db: Db, rows: NewSubjectRow[]): Promise<void> {
  await insertInChunks(db, 'scrivania.archive_dossier_subjects', rows);
}
export async function insertAddresses(db: Db, rows: NewAddressRow[]): Promise<void> {
  await insertInChunks(db, 'scrivania.archive_addresses', rows);
}
export async function insertParcels(db: Db, rows: NewParcelRow[]): Promise<void> {
  await insertInChunks(db, 'scrivania.archive_parcels', rows);
}

export async function insertArchiveDocument(db: Db, row: NewArchiveDocumentRow): Promise<number> {
  const [inserted] = (await db('scrivania.archive_documents').insert(row).returning('id')) as { id: string | number }[];
  return Number(inserted!.id);
}

export async function insertArchiveDocuments(db: Db, rows: NewArchiveDocumentRow[]): Promise<void> {
  await insertInChunks(db, 'scrivania.archive_documents', rows);
}

export async function nextDocumentSequence(db: Db, dossierId: number): Promise<number> {
  const row = (await db('scrivania.archive_documents').where({ dossier_id: dossierId }).max({ last: 'sequence' }).first()) as
    { last: number | null } | undefined;
  return (row?.last ?? 0) + 1;
}

/** The archived scan with these bytes (the same file is archived once), if the session can see it. */
export async function findArchivedFile(db: Db, enteId: number, sha256: string): Promise<{ documentId: number; dossierId: number } | null> {
  const row = (await db('scrivania.archive_documents').where({ ente_id: enteId, sha256 }).first('id', 'dossier_id')) as
    { id: string | number; dossier_id: string | number } | undefined;
  return row ? { documentId: Number(row.id), dossierId: Number(row.dossier_id) } : null;
}

/** Persons and businesses of the registry with these tax codes (codice fiscale or partita IVA). */
export async function partiesByTaxCode(
  db: Db,
  enteId: number,
  codes: string[],
): Promise<Map<string, { personId: number | null; businessId: number | null }>> {
  const found = new Map<string, { personId: number | null; businessId: number | null }>();
  if (codes.length === 0) return found;
  const persons = (await db('scrivania.persons')
    .where({ ente_id: enteId })
    .whereIn('codice_fiscale', codes)
    .select('id', 'codice_fiscale')) as Array<{ id: string | number; codice_fiscale: string }>;
  for (const person of persons) found.set(person.codice_fiscale, { personId: Number(person.id), businessId: null });
  const businesses = (await db('scrivania.businesses')
    .where({ ente_id: enteId })
    .whereIn('partita_iva', codes)
    .select('id', 'partita_iva')) as Array<{ id: string | number; partita_iva: string }>;
  for (const business of businesses) found.set(business.partita_iva, { personId: null, businessId: Number(business.id) });
  return found;
}

// ------------------------------------------------------------------------------------------------
// Dossier detail

interface DossierRow {
  id: string | number;
  series_id: number;
  year: number;
  number: string;
  practice_type: PracticeType;
  subject: string;
  outcome: PracticeOutcome;
  opened_on: Date | string | null;
  decided_on: Date | string | null;
  closed_on: Date | string | null;
  old_references: string[];
  reserved: boolean;
  notes: string | null;
  agid_identifier: string;
  agid_kind: AgidDossierKind;
  classification: string | null;
  retention: string;
  box_label: string | null;
  building: string | null;
  room: string | null;
  shelf: string | null;
}

export async function selectDossierDetail(db: Db, dossierId: number): Promise<ArchiveDossierDetail | null> {
  const row = (await db('scrivania.archive_dossiers as d')
    .leftJoin('scrivania.archive_boxes as b', 'b.id', 'd.box_id')
    .where('d.id', dossierId)
    .first(
      'd.id',
      'd.series_id',
      'd.year',
      'd.number',
      'd.practice_type',
      'd.subject',
      'd.outcome',
      'd.opened_on',
      'd.decided_on',
      'd.closed_on',
      'd.old_references',
      'd.reserved',
      'd.notes',
      'd.agid_identifier',
      'd.agid_kind',
      'd.classification',
      'd.retention',
      'b.label as box_label',
      'b.building',
      'b.room',
      'b.shelf',
    )) as DossierRow | undefined;
  if (!row) return null;
  const [series] = await selectSeries(db, { id: row.series_id });
  const [subjects, addresses, parcels, documents, links] = await Promise.all([
    selectSubjects(db, dossierId),
    selectAddresses(db, dossierId),
    selectParcels(db, dossierId),
    selectDocuments(db, dossierId),
    selectLinkedInstances(db, dossierId),
  ]);
  return {
    id: Number(row.id),
    series: series!,
    year: row.year,
    number: row.number,
    practiceType: row.practice_type,
    subject: row.subject,
    outcome: row.outcome,
    openedOn: day(row.opened_on),
    decidedOn: day(row.decided_on),
    closedOn: day(row.closed_on),
    oldReferences: row.old_references,
    reserved: row.reserved,
    notes: row.notes,
    location:
      row.box_label !== null ? { box: row.box_label, building: row.building ?? '', room: row.room ?? '', shelf: row.shelf ?? '' } : null,
    agid: {
      identifier: row.agid_identifier,
      aggregationType: 'fascicolo',
      kind: row.agid_kind,
      classification: row.classification ?? series?.classification ?? null,
      retention: row.retention,
      openedOn: day(row.opened_on),
      closedOn: day(row.closed_on),
    },
    subjects,
    addresses,
    parcels,
    documents,
    links,
  };
}

async function selectSubjects(db: Db, dossierId: number): Promise<ArchiveSubjectInfo[]> {
  const rows = (await db('scrivania.archive_dossier_subjects')
    .where({ dossier_id: dossierId })
    .orderBy('id')
    .select('role', 'name', 'tax_code', 'person_id', 'business_id')) as Array<{
    role: SubjectRole;
    name: string;
    tax_code: string | null;
    person_id: string | number | null;
    business_id: string | number | null;
  }>;
  return rows.map((row) => ({
    role: row.role,
    name: row.name,
    taxCode: row.tax_code,
    party:
      row.person_id !== null
        ? { kind: 'person', id: Number(row.person_id) }
        : row.business_id !== null
          ? { kind: 'business', id: Number(row.business_id) }
          : null,
  }));
}

async function selectAddresses(db: Db, dossierId: number): Promise<ArchiveAddressInfo[]> {
  const rows = (await db('scrivania.archive_addresses as a')
    .join('scrivania.archive_streets as s', 's.id', 'a.street_id')
    .leftJoin('scrivania.archive_streets as t', 't.id', 's.current_street_id')
    .where('a.dossier_id', dossierId)
    .orderBy('a.id')
    .select('a.written_as', 'a.civic', 's.street_type', 's.name', 't.street_type as today_type', 't.name as today_name')) as Array<{
    written_as: string;
    civic: string | null;
    street_type: StreetType;
    name: string;
    today_type: StreetType | null;
    today_name: string | null;
  }>;
  return rows.map((row) => ({
    writtenAs: row.written_as,
    civic: row.civic,
    street: { type: row.street_type, name: row.name },
    today: row.today_type && row.today_name ? { type: row.today_type, name: row.today_name } : null,
  }));
}

async function selectParcels(db: Db, dossierId: number): Promise<ArchiveParcelInfo[]> {
  const rows = (await db('scrivania.archive_parcels')
    .where({ dossier_id: dossierId })
    .orderBy('id')
    .select('sezione', 'foglio', 'particella', 'subalterno')) as ArchiveParcelInfo[];
  return rows.map((row) => ({ sezione: row.sezione, foglio: row.foglio, particella: row.particella, subalterno: row.subalterno }));
}

interface DocumentRow {
  id: string | number;
  sequence: number;
  title: string;
  kind: ArchiveDocumentKind;
  filename: string;
  content_type: string;
  size: string | number;
  page_count: number;
  sha256: string;
  has_ocr: boolean;
  imported_at: Date;
}

const DOCUMENT_COLUMNS = [
  'id',
  'sequence',
  'title',
  'kind',
  'filename',
  'content_type',
  'size',
  'page_count',
  'sha256',
  'imported_at',
] as const;

function toDocument(row: DocumentRow): ArchiveDocumentInfo {
  return {
    id: Number(row.id),
    sequence: row.sequence,
    title: row.title,
    kind: row.kind,
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size),
    pageCount: row.page_count,
    sha256: row.sha256,
    hasOcr: row.has_ocr,
    importedAt: row.imported_at.toISOString(),
  };
}

async function selectDocuments(db: Db, dossierId: number): Promise<ArchiveDocumentInfo[]> {
  const rows = (await db('scrivania.archive_documents')
    .where({ dossier_id: dossierId })
    .orderBy('sequence')
    .select(...DOCUMENT_COLUMNS, db.raw('ocr_text IS NOT NULL AS has_ocr'))) as DocumentRow[];
  return rows.map(toDocument);
}

export interface ScanToRead {
  document: ArchiveDocumentInfo;
  dossierId: number;
  enteId: number;
  dossierLabel: string;
}

/** A scan the session can see, with what the viewer and the stamp need. */
export async function findScan(db: Db, documentId: number): Promise<ScanToRead | null> {
  const row = (await db('scrivania.archive_documents as a')
    .join('scrivania.archive_dossiers as d', 'd.id', 'a.dossier_id')
    .where('a.id', documentId)
    .first(
      ...DOCUMENT_COLUMNS.map((column) => `a.${column}`),
      db.raw('a.ocr_text IS NOT NULL AS has_ocr'),
      'a.dossier_id',
      'a.ente_id',
      db.raw(`scrivania.archive_practice_type_label(d.practice_type) || ' n. ' || d.number || '/' || d.year AS dossier_label`),
    )) as (DocumentRow & { dossier_id: string | number; ente_id: number; dossier_label: string }) | undefined;
  if (!row) return null;
  return { document: toDocument(row), dossierId: Number(row.dossier_id), enteId: row.ente_id, dossierLabel: row.dossier_label };
}

// ------------------------------------------------------------------------------------------------
// Access log

export async function insertAccess(
  db: Db,
  access: { documentId: number; action: AccessAction; purpose: AccessPurpose; note: string | null; reference: string | null },
): Promise<{ id: number; at: Date }> {
  const [row] = (await db('scrivania.archive_access_log')
    .insert({
      // The dossier and its ente are filled in by the database from the document.
      document_id: access.documentId,
      action: access.action,
      purpose: access.purpose,
      purpose_note: access.note,
      reference: access.reference,
    })
    .returning(['id', 'at'])) as { id: string | number; at: Date }[];
  return { id: Number(row!.id), at: row!.at };
}

export interface AccessLogFilter {
  from: string | null;
  to: string | null;
  dossierId: number | null;
  staffId: number | null;
  offset: number;
  limit: number;
}

export async function selectAccessLog(db: Db, filter: AccessLogFilter): Promise<{ rows: ArchiveAccessEntry[]; hasMore: boolean }> {
  const query = db('scrivania.archive_access_log as l')
    .join('scrivania.staff as s', 's.id', 'l.staff_id')
    .leftJoin('scrivania.archive_dossiers as d', 'd.id', 'l.dossier_id')
    .leftJoin('scrivania.archive_documents as a', 'a.id', 'l.document_id')
    .select(
      'l.id',
      'l.at',
      'l.staff_id',
      's.full_name',
      'l.login',
      'l.action',
      'l.purpose',
      'l.purpose_note',
      'l.reference',
      'l.dossier_id',
      'l.document_id',
      'a.title',
      'd.reserved',
      db.raw(`scrivania.archive_practice_type_label(d.practice_type) || ' n. ' || d.number || '/' || d.year AS dossier_label`),
    )
    .orderBy([
      { column: 'l.at', order: 'desc' },
      { column: 'l.id', order: 'desc' },
    ])
    .offset(filter.offset)
    .limit(filter.limit + 1);
  // Days are Rome's: an access at 00:30 on the 5th (23:30 UTC on the 4th) belongs to the 5th.
  if (filter.from) query.whereRaw(`l.at >= (?::date)::timestamp AT TIME ZONE 'Europe/Rome'`, [filter.from]);
  if (filter.to) query.whereRaw(`l.at < ((?::date) + 1)::timestamp AT TIME ZONE 'Europe/Rome'`, [filter.to]);
  if (filter.dossierId) query.where('l.dossier_id', filter.dossierId);
  if (filter.staffId) query.where('l.staff_id', filter.staffId);
  const rows = (await query) as Array<{
    id: string | number;
    at: Date;
    staff_id: number;
    full_name: string;
    login: string;
    action: AccessAction;
    purpose: AccessPurpose;
    purpose_note: string | null;
    reference: string | null;
    dossier_id: string | number;
    document_id: string | number;
    title: string | null;
    reserved: boolean | null;
    dossier_label: string | null;
  }>;
  return {
    hasMore: rows.length > filter.limit,
    rows: rows.slice(0, filter.limit).map((row) => ({
      id: Number(row.id),
      at: row.at.toISOString(),
      staff: { id: row.staff_id, name: row.full_name, login: row.login },
      action: row.action,
      purpose: row.purpose,
      note: row.purpose_note,
      reference: row.reference,
      // A manager may review accesses to a dossier now hidden from them (reserved): the entry stays, the label does not.
      dossier: { id: Number(row.dossier_id), label: row.dossier_label ?? '', reserved: row.reserved ?? true },
      document: { id: Number(row.document_id), title: row.title ?? '' },
    })),
  };
}

// ------------------------------------------------------------------------------------------------
// Links to current instances

async function selectLinkedInstances(db: Db, dossierId: number): Promise<ArchiveLinkedInstance[]> {
  const rows = (await db('scrivania.archive_instance_links as l')
    .join('scrivania.instances as i', 'i.id', 'l.instance_id')
    .join('scrivania.staff as s', 's.id', 'l.linked_by')
    .where('l.dossier_id', dossierId)
    .orderBy('l.linked_at', 'desc')
    .select(
      'l.instance_id',
      'i.subject',
      'i.procedure_name',
      'i.protocol_number',
      'i.protocol_year',
      'l.linked_at',
      's.full_name',
      'l.note',
    )) as Array<{
    instance_id: string | number;
    subject: string;
    procedure_name: string;
    protocol_number: number;
    protocol_year: number;
    linked_at: Date;
    full_name: string;
    note: string | null;
  }>;
  return rows.map((row) => ({
    instanceId: Number(row.instance_id),
    subject: row.subject,
    procedureName: row.procedure_name,
    protocol: `${String(row.protocol_number).padStart(7, '0')}/${row.protocol_year}`,
    linkedAt: row.linked_at.toISOString(),
    linkedBy: row.full_name,
    note: row.note,
  }));
}

export async function instanceForPrecedents(db: Db, instanceId: number): Promise<{ id: number; enteId: number; subject: string } | null> {
  const row = (await db('scrivania.instances').where({ id: instanceId }).first('id', 'ente_id', 'subject')) as
    { id: string | number; ente_id: number; subject: string } | undefined;
  return row ? { id: Number(row.id), enteId: row.ente_id, subject: row.subject } : null;
}

export async function linkedDossierIds(db: Db, instanceId: number): Promise<number[]> {
  const rows = (await db('scrivania.archive_instance_links').where({ instance_id: instanceId }).select('dossier_id')) as Array<{
    dossier_id: string | number;
  }>;
  return rows.map((row) => Number(row.dossier_id));
}

export async function insertLink(
  db: Db,
  link: { instanceId: number; dossierId: number; enteId: number; note: string | null },
): Promise<void> {
  await db('scrivania.archive_instance_links')
    .insert({ instance_id: link.instanceId, dossier_id: link.dossierId, ente_id: link.enteId, note: link.note })
    .onConflict(['instance_id', 'dossier_id'])
    .ignore();
}

export async function deleteLink(db: Db, instanceId: number, dossierId: number): Promise<number> {
  return db('scrivania.archive_instance_links').where({ instance_id: instanceId, dossier_id: dossierId }).delete();
}

export async function dossierVisible(db: Db, dossierId: number): Promise<boolean> {
  return (await db('scrivania.archive_dossiers').where({ id: dossierId }).first('id')) !== undefined;
}
