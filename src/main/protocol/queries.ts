/**
 * The protocol register's SQL: the grid, one entry, the registers of the ente, the day's entries for
 * the registro giornaliero, annulment. Everything runs as the signed-in staff member: row-level
 * security decides which registrations they see (their offices', or the whole register for the
 * protocol office and administrators).
 */
import type { Knex } from 'knex';
import { segnaturaXml } from './segnatura';
import type {
  ProtocolAnnulment,
  ProtocolChannel,
  ProtocolDirection,
  ProtocolDocumentInfo,
  ProtocolEntryDetail,
  ProtocolFilterModel,
  ProtocolListQueryParsed,
  ProtocolListRow,
  ProtocolRegisterInfo,
  ProtocolSortColumn,
} from '../../shared/api/protocol';
import {
  applyCombined,
  applyInstantCondition,
  applyRegisterNumberCondition,
  applyTextCondition,
  readGridBlock,
  romeDayStart,
  romeNextDayStart,
} from './gridFilters';

type Db = Knex | Knex.Transaction;

const SORT_KEYS: Record<ProtocolSortColumn, readonly string[]> = {
  number: ['e.year', 'e.number'],
  registeredAt: ['e.registered_at'],
  correspondentName: ['e.correspondent_name'],
  subject: ['e.subject'],
};
const DEFAULT_SORT = { colId: 'number', sort: 'desc' } as const;

interface EntryRow {
  id: string | number;
  register_id: number;
  year: number;
  number: number;
  registered_at: Date;
  direction: ProtocolDirection;
  channel: ProtocolChannel;
  correspondent_name: string;
  subject: string;
  classification_code: string;
  office_name: string;
  document_count: string | number;
  annulled_at: Date | null;
  instance_id: string | number | null;
}

interface DetailRow extends EntryRow {
  segnatura: string;
  aoo_code: string;
  correspondent_tax_code: string | null;
  correspondent_address: string | null;
  external_ref: string | null;
  received_at: Date | null;
  classification_title: string;
  fascicolo: string | null;
  registered_by_name: string | null;
  registered_login: string;
  annulled_by_name: string | null;
  annulled_login: string | null;
  annulment_reason: string | null;
  annulment_act: string | null;
}

interface DocumentRow {
  entry_id: string | number;
  position: number;
  document_id: string | number | null;
  filename: string;
  content_type: string;
  size: string | number;
  sha256: string;
}

/** The columns of a grid row, on `protocol_entries e` joined to classification and office. */
function selectRow(q: Knex.QueryBuilder, db: Db): Knex.QueryBuilder {
  return q
    .join('scrivania.classifications as c', 'c.id', 'e.classification_id')
    .join('scrivania.offices as o', 'o.id', 'e.office_id')
    .select(
      'e.id',
      'e.register_id',
      'e.year',
      'e.number',
      'e.registered_at',
      'e.direction',
      'e.channel',
      'e.correspondent_name',
      'e.subject',
      'c.code as classification_code',
      'o.name as office_name',
      'e.annulled_at',
      'e.instance_id',
      db.raw('(SELECT count(*) FROM scrivania.protocol_entry_documents d WHERE d.entry_id = e.id) AS document_count'),
    );
}

function toRow(row: EntryRow): ProtocolListRow {
  return {
    id: Number(row.id),
    registerId: row.register_id,
    year: row.year,
    number: row.number,
    registeredAt: row.registered_at.toISOString(),
    direction: row.direction,
    channel: row.channel,
    correspondentName: row.correspondent_name,
    subject: row.subject,
    classificationCode: row.classification_code,
    officeName: row.office_name,
    documentCount: Number(row.document_count),
    annulled: row.annulled_at !== null,
    instanceId: row.instance_id === null ? null : Number(row.instance_id),
  };
}

function toDocument(row: DocumentRow): ProtocolDocumentInfo {
  return {
    position: row.position,
    documentId: row.document_id === null ? null : Number(row.document_id),
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
  };
}

export async function listRegisters(db: Db): Promise<ProtocolRegisterInfo[]> {
  const rows = (await db('scrivania.protocol_registers as r')
    .select('r.id', 'r.aoo_code', 'r.name', 'r.active', db.raw('scrivania.keeps_register(r.id) AS kept'))
    .orderBy([{ column: 'r.active', order: 'desc' }, 'r.id'])) as Array<{
    id: number;
    aoo_code: string;
    name: string;
    active: boolean;
    kept: boolean;
  }>;
  return rows.map((r) => ({ id: r.id, aooCode: r.aoo_code, name: r.name, active: r.active, keptByMe: r.kept }));
}

/** The register asked for, or the ente's first active one; null when the ente has none visible. */
export async function resolveRegisterId(db: Db, registerId: number | null): Promise<number | null> {
  const q = db('scrivania.protocol_registers').first('id');
  if (registerId !== null) q.where({ id: registerId });
  else q.where({ active: true }).orderBy('id');
  const row = (await q) as { id: number } | undefined;
  return row?.id ?? null;
}

function applyFilters(q: Knex.QueryBuilder, filters: ProtocolFilterModel): void {
  if (filters.number)
    applyCombined(q, filters.number, (inner, c) => applyRegisterNumberCondition(inner, { number: 'e.number', year: 'e.year' }, c));
  if (filters.correspondentName)
    applyCombined(q, filters.correspondentName, (inner, c) => applyTextCondition(inner, 'e.correspondent_name', c));
  if (filters.subject) applyCombined(q, filters.subject, (inner, c) => applyTextCondition(inner, 'e.subject', c));
  if (filters.registeredAt) applyCombined(q, filters.registeredAt, (inner, c) => applyInstantCondition(inner, 'e.registered_at', c));
}

/**
 * One block of the register grid: filters, day range, directions, annulment state; sorted with the
 * id as tie-breaker (newest number first by default). OFFSET paging over the register's
 * (register, year, number) index: a year's register is tens of thousands of rows at most.
 */
export async function readProtocolPage(
  db: Db,
  registerId: number,
  query: ProtocolListQueryParsed,
): Promise<{ rows: ProtocolListRow[]; total: number | null }> {
  const filtered = () => {
    const q = db('scrivania.protocol_entries as e').where('e.register_id', registerId);
    applyFilters(q, query.filters);
    if (query.from) q.where('e.registered_at', '>=', romeDayStart(q, query.from));
    if (query.to) q.where('e.registered_at', '<', romeNextDayStart(q, query.to));
    if (query.directions.length > 0) q.whereIn('e.direction', query.directions);
    if (query.annulled === 'only') q.whereNotNull('e.annulled_at');
    if (query.annulled === 'exclude') q.whereNull('e.annulled_at');
    return q;
  };
  const { colId, sort } = query.sort[0] ?? DEFAULT_SORT;
  const page = selectRow(filtered(), db);
  for (const column of SORT_KEYS[colId]) page.orderBy(column, sort);
  page.orderBy('e.id', sort);
  return readGridBlock(page, filtered, query, toRow);
}

async function documentsOf(db: Db, entryIds: number[]): Promise<Map<number, ProtocolDocumentInfo[]>> {
  const byEntry = new Map<number, ProtocolDocumentInfo[]>();
  if (entryIds.length === 0) return byEntry;
  const rows = (await db('scrivania.protocol_entry_documents')
    .whereIn('entry_id', entryIds)
    .orderBy(['entry_id', 'position'])
    .select('entry_id', 'position', 'document_id', 'filename', 'content_type', 'size', 'sha256')) as DocumentRow[];
  for (const row of rows) {
    const id = Number(row.entry_id);
    byEntry.set(id, [...(byEntry.get(id) ?? []), toDocument(row)]);
  }
  return byEntry;
}

function detailQuery(db: Db): Knex.QueryBuilder {
  return selectRow(db('scrivania.protocol_entries as e'), db)
    .join('scrivania.protocol_registers as r', 'r.id', 'e.register_id')
    .leftJoin('scrivania.fascicoli as f', 'f.id', 'e.fascicolo_id')
    .leftJoin('scrivania.staff as rb', 'rb.id', 'e.registered_by')
    .leftJoin('scrivania.staff as ab', 'ab.id', 'e.annulled_by')
    .select(
      'e.segnatura',
      'r.aoo_code',
      'e.correspondent_tax_code',
      'e.correspondent_address',
      'e.external_ref',
      'e.received_at',
      'c.title as classification_title',
      'f.identifier as fascicolo',
      'rb.full_name as registered_by_name',
      'e.registered_login',
      'ab.full_name as annulled_by_name',
      'e.annulled_login',
      'e.annulment_reason',
      'e.annulment_act',
    );
}

function toAnnulment(row: DetailRow): ProtocolAnnulment | null {
  if (row.annulled_at === null) return null;
  return {
    at: row.annulled_at.toISOString(),
    byName: row.annulled_by_name,
    login: row.annulled_login ?? '',
    reason: row.annulment_reason ?? '',
    act: row.annulment_act ?? '',
  };
}

function toDetail(row: DetailRow, documents: ProtocolDocumentInfo[]): ProtocolEntryDetail {
  const listed = toRow(row);
  // The segnatura text is 'IPA|AOO|YYYY-MM-DD|number', fixed at registration.
  const [ipaCode = '', , registeredOn = ''] = row.segnatura.split('|');
  return {
    ...listed,
    segnatura: row.segnatura,
    segnaturaXml: segnaturaXml({
      ipaCode,
      aooCode: row.aoo_code,
      registerCode: row.aoo_code,
      number: listed.number,
      registeredOn,
      direction: listed.direction,
      correspondent: { name: listed.correspondentName, taxCode: row.correspondent_tax_code, address: row.correspondent_address },
      subject: listed.subject,
      classification: listed.classificationCode,
      fascicolo: row.fascicolo,
      documents,
    }),
    aooCode: row.aoo_code,
    correspondentTaxCode: row.correspondent_tax_code,
    correspondentAddress: row.correspondent_address,
    externalRef: row.external_ref,
    receivedAt: row.received_at?.toISOString() ?? null,
    classificationTitle: row.classification_title,
    fascicolo: row.fascicolo,
    registeredByName: row.registered_by_name,
    registeredLogin: row.registered_login,
    documents,
    annulment: toAnnulment(row),
  };
}

/** One registration with its documents and annulment data; null when it does not exist or is not visible. */
export async function readEntryDetail(db: Db, entryId: number): Promise<ProtocolEntryDetail | null> {
  const row = (await detailQuery(db).where('e.id', entryId).first()) as DetailRow | undefined;
  if (!row) return null;
  const documents = await documentsOf(db, [entryId]);
  return toDetail(row, documents.get(entryId) ?? []);
}

/** Every registration of a register on a Rome calendar day, in number order, with documents. */
export async function readDayEntries(db: Db, registerId: number, day: string): Promise<ProtocolEntryDetail[]> {
  const q = detailQuery(db).where('e.register_id', registerId);
  q.where('e.registered_at', '>=', romeDayStart(q, day)).where('e.registered_at', '<', romeNextDayStart(q, day));
  const rows = (await q.orderBy([{ column: 'e.year' }, { column: 'e.number' }])) as DetailRow[];
  const documents = await documentsOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((row) => toDetail(row, documents.get(Number(row.id)) ?? []));
}

/** The register and its ente, for the heading of the registro giornaliero. */
export interface RegisterHeading {
  registerId: number;
  aooCode: string;
  registerName: string;
  ente: { name: string; address: string; codiceFiscale: string; ipaCode: string; pec: string | null };
}

export async function readRegisterHeading(db: Db, registerId: number): Promise<RegisterHeading | null> {
  const row = (await db('scrivania.protocol_registers as r')
    .join('scrivania.enti as en', 'en.id', 'r.ente_id')
    .where('r.id', registerId)
    .first('r.id', 'r.aoo_code', 'r.name', 'en.name as ente_name', 'en.address', 'en.codice_fiscale', 'en.ipa_code', 'en.pec')) as
    | {
        id: number;
        aoo_code: string;
        name: string;
        ente_name: string;
        address: string;
        codice_fiscale: string;
        ipa_code: string;
        pec: string | null;
      }
    | undefined;
  if (!row) return null;
  return {
    registerId: row.id,
    aooCode: row.aoo_code,
    registerName: row.name,
    ente: { name: row.ente_name, address: row.address, codiceFiscale: row.codice_fiscale, ipaCode: row.ipa_code, pec: row.pec },
  };
}

export async function keepsRegister(db: Db, registerId: number): Promise<boolean> {
  const result = await db.raw<{ rows: Array<{ kept: boolean }> }>('SELECT scrivania.keeps_register(?) AS kept', [registerId]);
  return result.rows[0]?.kept === true;
}

/** Locks a visible registration for annulment; null when it does not exist or is not visible. */
export async function lockEntry(trx: Knex.Transaction, entryId: number): Promise<{ annulled: boolean } | null> {
  const row = (await trx('scrivania.protocol_entries').where({ id: entryId }).forUpdate().first('annulled_at')) as
    { annulled_at: Date | null } | undefined;
  return row ? { annulled: row.annulled_at !== null } : null;
}

/** Art. 54: the database records when, by whom (the session's role) and refuses anyone but a manager. */
export async function markAnnulled(trx: Knex.Transaction, entryId: number, reason: string, act: string): Promise<void> {
  await trx('scrivania.protocol_entries')
    .where({ id: entryId })
    .update({ annulled_at: trx.fn.now(), annulment_reason: reason, annulment_act: act });
}
