/**
 * The dossier's SQL: the registry search and what is on record about one person or business. Every
 * query runs on the signed-in user's own connection, so row-level security decides what comes back:
 * the ente's registry for everyone, instances, registrations and messages of the user's offices.
 */
import type { Knex } from 'knex';
import type { DossierInstance, DossierMessage, DossierProtocolEntry, Party, PartyKind } from '../../shared/api/people';
import type { MessageStatus } from '../../shared/api/messages';
import type { ProtocolChannel, ProtocolDirection } from '../../shared/api/protocol';
import type { InstanceStatus } from '../../shared/domain/workflow';

type Db = Knex | Knex.Transaction;

const TODAY_IN_ROME = `(now() AT TIME ZONE 'Europe/Rome')::date`;
/** The same key as the trigram indexes of migration 20261123091600_people_search. */
const PERSON_NAME_KEY = `scrivania.name_search_key(p.last_name || ' ' || p.first_name)`;
const BUSINESS_NAME_KEY = 'scrivania.name_search_key(b.name)';

interface PersonRow {
  id: number;
  codice_fiscale: string;
  last_name: string;
  first_name: string;
  birth_date: string;
  birth_place: string;
  sex: 'M' | 'F';
  email: string | null;
  pec: string | null;
  address: string | null;
  postal_code: string | null;
  city: string | null;
}

interface BusinessRow {
  id: number;
  partita_iva: string;
  codice_fiscale: string;
  name: string;
  email: string | null;
  pec: string | null;
  address: string | null;
  postal_code: string | null;
  city: string | null;
}

const PERSON_COLUMNS = [
  'p.id',
  'p.codice_fiscale',
  'p.last_name',
  'p.first_name',
  'p.birth_date',
  'p.birth_place',
  'p.sex',
  'p.email',
  'p.pec',
  'p.address',
  'p.postal_code',
  'p.city',
];
const BUSINESS_COLUMNS = [
  'b.id',
  'b.partita_iva',
  'b.codice_fiscale',
  'b.name',
  'b.email',
  'b.pec',
  'b.address',
  'b.postal_code',
  'b.city',
];

function toPerson(row: PersonRow): Party {
  return {
    kind: 'person',
    id: row.id,
    codiceFiscale: row.codice_fiscale,
    lastName: row.last_name,
    firstName: row.first_name,
    birthDate: row.birth_date,
    birthPlace: row.birth_place,
    sex: row.sex,
    email: row.email,
    pec: row.pec,
    address: row.address,
    postalCode: row.postal_code,
    city: row.city,
  };
}

function toBusiness(row: BusinessRow): Party {
  return {
    kind: 'business',
    id: row.id,
    partitaIva: row.partita_iva,
    codiceFiscale: row.codice_fiscale,
    name: row.name,
    email: row.email,
    pec: row.pec,
    address: row.address,
    postalCode: row.postal_code,
    city: row.city,
  };
}

const persons = (db: Db) => db('scrivania.persons as p').select(PERSON_COLUMNS);
const businesses = (db: Db) => db('scrivania.businesses as b').select(BUSINESS_COLUMNS);

/** The person with this codice fiscale, and a sole trader's business registered under it. */
export async function partiesByCodiceFiscale(db: Db, codiceFiscale: string): Promise<Party[]> {
  const people = (await persons(db).where('p.codice_fiscale', codiceFiscale)) as PersonRow[];
  const firms = (await businesses(db).where('b.codice_fiscale', codiceFiscale).orderBy('b.name')) as BusinessRow[];
  return [...people.map(toPerson), ...firms.map(toBusiness)];
}

/** The business with this partita IVA (or numeric codice fiscale). */
export async function partiesByPartitaIva(db: Db, partitaIva: string): Promise<Party[]> {
  const firms = (await businesses(db)
    .where((q) => q.where('b.partita_iva', partitaIva).orWhere('b.codice_fiscale', partitaIva))
    .orderBy('b.name')) as BusinessRow[];
  return firms.map(toBusiness);
}

/**
 * People and businesses whose name contains every word (each compared by its search key), the
 * ones whose name starts with the words in the order typed (surname first) first. `limit + 1`
 * rows at most per kind, so the caller can tell there were more.
 */
export async function partiesByNameWords(db: Db, words: readonly string[], limit: number): Promise<{ parties: Party[]; more: boolean }> {
  const joined = words.join(' ');
  const containsAll = (q: Knex.QueryBuilder, key: string) => {
    for (const word of words) q.whereRaw(`${key} LIKE '%' || scrivania.name_search_key(?) || '%'`, [word]);
  };
  const people = (await persons(db)
    .modify((q) => containsAll(q, PERSON_NAME_KEY))
    .orderByRaw(
      `(${PERSON_NAME_KEY} LIKE scrivania.name_search_key(?) || '%') DESC, lower(p.last_name), lower(p.first_name), p.birth_date`,
      [joined],
    )
    .limit(limit + 1)) as PersonRow[];
  const firms = (await businesses(db)
    .modify((q) => containsAll(q, BUSINESS_NAME_KEY))
    .orderByRaw(`(${BUSINESS_NAME_KEY} LIKE scrivania.name_search_key(?) || '%') DESC, lower(b.name)`, [joined])
    .limit(limit + 1)) as BusinessRow[];
  return mergeLimited(people, firms, limit);
}

/**
 * The names closest to what was typed (pg_trgm word similarity of the search keys), for a surname
 * misspelt or half-remembered: "Rosi Mario" finds "Rossi Mario".
 */
export async function partiesByNameSimilarity(
  db: Db,
  words: readonly string[],
  limit: number,
): Promise<{ parties: Party[]; more: boolean }> {
  const joined = words.join(' ');
  const similar = (key: string) => `scrivania.name_search_key(?) OPERATOR(public.<%) ${key}`;
  const closeness = (key: string) => `public.word_similarity(scrivania.name_search_key(?), ${key}) DESC`;
  const people = (await persons(db)
    .whereRaw(similar(PERSON_NAME_KEY), [joined])
    .orderByRaw(`${closeness(PERSON_NAME_KEY)}, lower(p.last_name), lower(p.first_name)`, [joined])
    .limit(limit + 1)) as PersonRow[];
  const firms = (await businesses(db)
    .whereRaw(similar(BUSINESS_NAME_KEY), [joined])
    .orderByRaw(`${closeness(BUSINESS_NAME_KEY)}, lower(b.name)`, [joined])
    .limit(limit + 1)) as BusinessRow[];
  return mergeLimited(people, firms, limit);
}

function mergeLimited(people: PersonRow[], firms: BusinessRow[], limit: number): { parties: Party[]; more: boolean } {
  const all = [...people.slice(0, limit).map(toPerson), ...firms.slice(0, limit).map(toBusiness)];
  return { parties: all.slice(0, limit), more: people.length > limit || firms.length > limit || all.length > limit };
}

export async function selectParty(db: Db, kind: PartyKind, id: number): Promise<Party | null> {
  if (kind === 'person') {
    const row = (await persons(db).where('p.id', id).first()) as PersonRow | undefined;
    return row ? toPerson(row) : null;
  }
  const row = (await businesses(db).where('b.id', id).first()) as BusinessRow | undefined;
  return row ? toBusiness(row) : null;
}

/** Person: the businesses they represent. Business: its legal representative. */
export async function selectRelatedParties(db: Db, kind: PartyKind, id: number): Promise<Party[]> {
  if (kind === 'person') {
    const firms = (await businesses(db).where('b.legal_representative_id', id).orderBy('b.name')) as BusinessRow[];
    return firms.map(toBusiness);
  }
  const people = (await persons(db).whereIn(
    'p.id',
    db('scrivania.businesses').where({ id }).whereNotNull('legal_representative_id').select('legal_representative_id'),
  )) as PersonRow[];
  return people.map(toPerson);
}

const applicantColumn = (kind: PartyKind) => (kind === 'person' ? 'applicant_person_id' : 'applicant_business_id');

interface InstanceRow {
  id: number;
  protocol_year: number;
  protocol_number: number;
  received_at: Date;
  procedure_name: string;
  subject: string;
  status: InstanceStatus;
  office_name: string;
  assignee_name: string | null;
  due_date: string;
  days_left: number | null;
  closed_at: Date | null;
}

export async function selectPartyInstances(db: Db, kind: PartyKind, id: number): Promise<DossierInstance[]> {
  const rows = (await db('scrivania.instances as i')
    .join('scrivania.offices as o', 'o.id', 'i.office_id')
    .leftJoin('scrivania.staff as s', 's.id', 'i.assignee_id')
    .where(`i.${applicantColumn(kind)}`, id)
    .orderBy([
      { column: 'i.received_at', order: 'desc' },
      { column: 'i.id', order: 'desc' },
    ])
    .select(
      'i.id',
      'i.protocol_year',
      'i.protocol_number',
      'i.received_at',
      'i.procedure_name',
      'i.subject',
      'i.status',
      'o.name as office_name',
      's.full_name as assignee_name',
      'i.due_date',
      db.raw(`CASE WHEN i.decided_at IS NULL AND i.closed_at IS NULL THEN i.due_date - ${TODAY_IN_ROME} END AS days_left`),
      'i.closed_at',
    )) as InstanceRow[];
  return rows.map((row) => ({
    id: row.id,
    protocolYear: row.protocol_year,
    protocolNumber: row.protocol_number,
    receivedAt: row.received_at.toISOString(),
    procedureName: row.procedure_name,
    subject: row.subject,
    status: row.status,
    officeName: row.office_name,
    assigneeName: row.assignee_name,
    dueDate: row.due_date,
    daysLeft: row.days_left,
    closedAt: row.closed_at?.toISOString() ?? null,
  }));
}

interface ProtocolRow {
  id: number;
  year: number;
  number: number;
  registered_at: Date;
  direction: ProtocolDirection;
  channel: ProtocolChannel;
  subject: string;
  classification_code: string;
  annulled_at: Date | null;
  instance_id: number | null;
}

/** Registrations naming them as correspondent, and those belonging to their instances. */
export async function selectPartyProtocolEntries(db: Db, kind: PartyKind, id: number): Promise<DossierProtocolEntry[]> {
  const correspondent = kind === 'person' ? 'pe.person_id' : 'pe.business_id';
  const rows = (await db('scrivania.protocol_entries as pe')
    .join('scrivania.classifications as c', 'c.id', 'pe.classification_id')
    .where((q) =>
      q.where(correspondent, id).orWhereIn('pe.instance_id', db('scrivania.instances').where(applicantColumn(kind), id).select('id')),
    )
    .orderBy([
      { column: 'pe.registered_at', order: 'desc' },
      { column: 'pe.id', order: 'desc' },
    ])
    .select(
      'pe.id',
      'pe.year',
      'pe.number',
      'pe.registered_at',
      'pe.direction',
      'pe.channel',
      'pe.subject',
      'c.code as classification_code',
      'pe.annulled_at',
      'pe.instance_id',
    )) as ProtocolRow[];
  return rows.map((row) => ({
    id: row.id,
    year: row.year,
    number: row.number,
    registeredAt: row.registered_at.toISOString(),
    direction: row.direction,
    channel: row.channel,
    subject: row.subject,
    classificationCode: row.classification_code,
    annulled: row.annulled_at !== null,
    instanceId: row.instance_id,
  }));
}

interface MessageRow {
  id: number;
  instance_id: number;
  protocol_year: number;
  protocol_number: number;
  template_code: string;
  subject: string;
  recipient_address: string;
  status: MessageStatus;
  queued_at: Date;
  sent_at: Date | null;
}

/** The communications sent about their instances (to whichever address was on record then). */
export async function selectPartyMessages(db: Db, kind: PartyKind, id: number): Promise<DossierMessage[]> {
  const rows = (await db('scrivania.messages as m')
    .join('scrivania.instances as i', 'i.id', 'm.instance_id')
    .where(`i.${applicantColumn(kind)}`, id)
    .orderBy([
      { column: 'm.queued_at', order: 'desc' },
      { column: 'm.id', order: 'desc' },
    ])
    .select(
      'm.id',
      'm.instance_id',
      'i.protocol_year',
      'i.protocol_number',
      'm.template_code',
      'm.subject',
      'm.recipient_address',
      'm.status',
      'm.queued_at',
      'm.sent_at',
    )) as MessageRow[];
  return rows.map((row) => ({
    id: row.id,
    instanceId: row.instance_id,
    protocolYear: row.protocol_year,
    protocolNumber: row.protocol_number,
    templateCode: row.template_code,
    subject: row.subject,
    recipientAddress: row.recipient_address,
    status: row.status,
    queuedAt: row.queued_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
  }));
}
