/**
 * SQL of the archive's one search box. The service turns what was typed into criteria; here each
 * criterion becomes a set of (dossier, score) from its own index — practice numbers and old
 * protocol references (btree, GIN on the array), parcels (btree), addresses on resolved streets
 * (btree), full text with Italian stemming (GIN on the vector), names with typos (trigram GIN) —
 * and a dossier must be in every set the query asks for. Row-level security applies to every table
 * read, so a reserved dossier never surfaces for a role that may not see it.
 */
import type { Knex } from 'knex';
import type { ArchiveFiltersValue } from '../../shared/api/archive';
import { HIT_END, HIT_START } from '../../shared/domain/archiveHighlight';
import type { PracticeOutcome, PracticeType } from '../../shared/domain/archive';
import type { ParcelRef } from '../../shared/domain/archiveQuery';

type Db = Knex | Knex.Transaction;

export interface ResolvedAddress {
  /** Streets the typed name may be (every name of each), with how close each is (0–1). */
  streets: Array<{ id: number; score: number }>;
  civicNumber: number | null;
}

export interface SearchCriteria {
  numbers: Array<{ number: string; year: number }>;
  /** Old protocol references as stored: '4567/1978'. */
  protocolRefs: string[];
  parcels: ParcelRef[];
  addresses: ResolvedAddress[];
  /** Words for the full-text search, or null. */
  text: string | null;
  /** A name as typed, in the orders to try ('rossi mario', 'mario rossi'). */
  names: string[];
  years: { from: number; to: number } | null;
  dates: string[];
  /** Types of practice named in the text: they rank higher. */
  boostTypes: PracticeType[];
  filters: ArchiveFiltersValue;
}

/** Scores of the criteria: identifiers weigh most, then places, then words. */
const SCORE = {
  number: 100,
  referenceAsNumber: 70,
  protocol: 90,
  parcel: 50,
  subalternMatch: 10,
  wholeParcel: 5,
  street: 40,
  civic: 20,
  text: 30,
  name: 40,
  type: 5,
} as const;

/** Trigram similarity a name needs to be taken for the typed one. */
const NAME_SIMILARITY = 0.45;

interface Sql {
  text: string;
  bindings: Knex.RawBinding[];
}

const TSQUERY = `plainto_tsquery('scrivania.archivio', ?)`;

function numbersSet(criteria: SearchCriteria): Sql | null {
  if (criteria.numbers.length === 0) return null;
  const pairs = criteria.numbers.map(() => '(number = ? AND year = ?)').join(' OR ');
  const references = criteria.numbers.map((ref) => `${ref.number}/${ref.year}`);
  return {
    text: `SELECT id, max(score) AS score FROM (
             SELECT id, ${SCORE.number}::float8 AS score FROM scrivania.archive_dossiers WHERE ${pairs}
             UNION ALL
             SELECT id, ${SCORE.referenceAsNumber}::float8 FROM scrivania.archive_dossiers WHERE old_references && ?::text[]
           ) n GROUP BY id`,
    bindings: [...criteria.numbers.flatMap((ref) => [ref.number, ref.year]), references],
  };
}

function protocolSet(criteria: SearchCriteria): Sql | null {
  if (criteria.protocolRefs.length === 0) return null;
  return {
    text: `SELECT id, ${SCORE.protocol}::float8 AS score FROM scrivania.archive_dossiers WHERE old_references && ?::text[]`,
    bindings: [criteria.protocolRefs],
  };
}

function parcelsSet(criteria: SearchCriteria): Sql | null {
  if (criteria.parcels.length === 0) return null;
  const conditions: string[] = [];
  const bindings: Knex.RawBinding[] = [];
  const subalterns: number[] = [];
  for (const parcel of criteria.parcels) {
    const parts: string[] = [];
    if (parcel.foglio !== null) {
      parts.push('foglio = ?');
      bindings.push(parcel.foglio);
    }
    if (parcel.particella !== null) {
      parts.push('particella = ?');
      bindings.push(parcel.particella);
    }
    if (parcel.sezione !== null) {
      parts.push('(sezione = ? OR sezione IS NULL)');
      bindings.push(parcel.sezione);
    }
    if (parts.length === 0) continue;
    conditions.push(`(${parts.join(' AND ')})`);
    if (parcel.subalterno !== null) subalterns.push(parcel.subalterno);
  }
  if (conditions.length === 0) return null;
  return {
    text: `SELECT dossier_id AS id,
                  max(${SCORE.parcel} + CASE WHEN subalterno = ANY (?::int[]) THEN ${SCORE.subalternMatch}
                                             WHEN subalterno IS NULL THEN ${SCORE.wholeParcel} ELSE 0 END)::float8 AS score
             FROM scrivania.archive_parcels WHERE ${conditions.join(' OR ')} GROUP BY dossier_id`,
    bindings: [subalterns, ...bindings],
  };
}

function addressesSet(criteria: SearchCriteria): Sql | null {
  const resolved = criteria.addresses.filter((address) => address.streets.length > 0);
  if (resolved.length === 0) return null;
  const parts: string[] = [];
  const bindings: Knex.RawBinding[] = [];
  for (const address of resolved) {
    const streets = address.streets.map(() => '(?::int, ?::float8)').join(', ');
    // A house number typed narrows to that number (or to practices that give none).
    const civic = address.civicNumber === null ? '' : 'WHERE a.civic_number = ? OR a.civic_number IS NULL';
    parts.push(`SELECT a.dossier_id AS id,
                       s.score * ${SCORE.street} + CASE WHEN a.civic_number = ? THEN ${SCORE.civic} ELSE 0 END AS score
                  FROM scrivania.archive_addresses a
                  JOIN (VALUES ${streets}) s (street_id, score) ON s.street_id = a.street_id
                  ${civic}`);
    bindings.push(address.civicNumber, ...address.streets.flatMap((street) => [street.id, street.score]));
    if (address.civicNumber !== null) bindings.push(address.civicNumber);
  }
  return { text: `SELECT id, max(score)::float8 AS score FROM (${parts.join(' UNION ALL ')}) a GROUP BY id`, bindings };
}

/** Words in the full text (ranked by where they occur) or, when they may be a name, a name like them. */
function wordsSet(criteria: SearchCriteria): Sql | null {
  const parts: string[] = [];
  const bindings: Knex.RawBinding[] = [];
  if (criteria.text) {
    parts.push(`SELECT d.id, ${SCORE.text} * ts_rank(d.search_tsv, q.query) AS score
                  FROM scrivania.archive_dossiers d, (SELECT ${TSQUERY} AS query) q
                 WHERE numnode(q.query) > 0 AND d.search_tsv @@ q.query`);
    bindings.push(criteria.text);
  }
  for (const name of criteria.names) {
    parts.push(`SELECT s.dossier_id AS id, ${SCORE.name} * public.similarity(s.name_key, k.key) AS score
                  FROM scrivania.archive_dossier_subjects s, (SELECT scrivania.name_search_key(?) AS key) k
                 WHERE s.name_key = k.key
                    OR (s.name_key OPERATOR(public.%) k.key AND public.similarity(s.name_key, k.key) >= ${NAME_SIMILARITY})`);
    bindings.push(name);
  }
  if (parts.length === 0) return null;
  return { text: `SELECT id, max(score)::float8 AS score FROM (${parts.join(' UNION ALL ')}) w GROUP BY id`, bindings };
}

function filterConditions(criteria: SearchCriteria): Sql {
  const conditions: string[] = [];
  const bindings: Knex.RawBinding[] = [];
  const { filters } = criteria;
  if (filters.seriesIds.length > 0) {
    conditions.push('d.series_id = ANY (?::int[])');
    bindings.push(filters.seriesIds);
  }
  if (filters.practiceTypes.length > 0) {
    conditions.push('d.practice_type = ANY (?::text[])');
    bindings.push(filters.practiceTypes);
  }
  if (filters.outcomes.length > 0) {
    conditions.push('d.outcome = ANY (?::text[])');
    bindings.push(filters.outcomes);
  }
  const from = Math.max(filters.yearFrom ?? -Infinity, criteria.years?.from ?? -Infinity);
  const to = Math.min(filters.yearTo ?? Infinity, criteria.years?.to ?? Infinity);
  if (Number.isFinite(from)) {
    conditions.push('d.year >= ?');
    bindings.push(from);
  }
  if (Number.isFinite(to)) {
    conditions.push('d.year <= ?');
    bindings.push(to);
  }
  if (criteria.dates.length > 0) {
    conditions.push('(d.opened_on = ANY (?::date[]) OR d.decided_on = ANY (?::date[]) OR d.closed_on = ANY (?::date[]))');
    bindings.push(criteria.dates, criteria.dates, criteria.dates);
  }
  return { text: conditions.length > 0 ? conditions.join(' AND ') : 'true', bindings };
}

export interface RankedDossier {
  id: number;
  score: number;
}

/**
 * The dossiers that answer the criteria, best first (then the most recent), at most `cap`. With no
 * criterion at all, the archive in order of year, most recent first.
 */
export async function rankDossiers(db: Db, criteria: SearchCriteria, cap: number): Promise<RankedDossier[]> {
  const sets = [numbersSet(criteria), protocolSet(criteria), parcelsSet(criteria), addressesSet(criteria), wordsSet(criteria)].filter(
    (set): set is Sql => set !== null,
  );
  const filters = filterConditions(criteria);
  const ctes = sets.map((set, index) => `c${index} AS (${set.text})`);
  const joins = sets.map((_, index) => `JOIN c${index} ON c${index}.id = d.id`).join('\n');
  const score = sets.length > 0 ? sets.map((_, index) => `c${index}.score`).join(' + ') : '0';
  const boost = criteria.boostTypes.length > 0 ? `+ CASE WHEN d.practice_type = ANY (?::text[]) THEN ${SCORE.type} ELSE 0 END` : '';
  const sql = `${ctes.length > 0 ? `WITH ${ctes.join(',\n')}` : ''}
    SELECT d.id, (${score} ${boost})::float8 AS score
      FROM scrivania.archive_dossiers d
      ${joins}
     WHERE ${filters.text}
     ORDER BY score DESC, d.year DESC, d.id DESC
     LIMIT ?`;
  const bindings = [
    ...sets.flatMap((set) => set.bindings),
    ...(criteria.boostTypes.length > 0 ? [criteria.boostTypes] : []),
    ...filters.bindings,
    cap,
  ];
  const result = (await db.raw(sql, bindings)) as { rows: Array<{ id: string | number; score: number }> };
  return result.rows.map((row) => ({ id: Number(row.id), score: Number(row.score) }));
}

export interface PageRow {
  id: number;
  year: number;
  number: string;
  practiceType: PracticeType;
  outcome: PracticeOutcome;
  subject: string;
  /** The subject with the words of the full-text query marked (HIT_START/HIT_END); null without words. */
  subjectMarked: string | null;
  reserved: boolean;
  series: { id: number; code: string; title: string };
  boxLabel: string | null;
  subjects: Array<{ name: string; role: string }>;
  addresses: Array<{ text: string; street: number; civic: number | null }>;
  parcels: ParcelRef[];
  oldReferences: string[];
  documents: number;
  pages: number;
  /** A passage of the OCR text with the words marked, when they are found there and not in the subject. */
  contentMarked: string | null;
}

const HEADLINE_OPTIONS = `StartSel=${HIT_START}, StopSel=${HIT_END}`;

/** What the result grid shows of each dossier of a page, in the order given. */
export async function selectPage(db: Db, ids: number[], text: string | null): Promise<PageRow[]> {
  if (ids.length === 0) return [];
  const result = (await db.raw(
    `SELECT d.id, d.year, d.number, d.practice_type, d.outcome, d.subject, d.reserved, d.old_references,
            s.id AS series_id, s.code AS series_code, s.title AS series_title, b.label AS box_label,
            CASE WHEN numnode(q.query) > 0
                 THEN ts_headline('scrivania.archivio', d.subject, q.query, 'HighlightAll=true, ${HEADLINE_OPTIONS}') END AS subject_marked,
            (SELECT coalesce(json_agg(json_build_object('name', x.name, 'role', x.role) ORDER BY x.role <> 'applicant', x.id), '[]')
               FROM scrivania.archive_dossier_subjects x WHERE x.dossier_id = d.id) AS subjects,
            (SELECT coalesce(json_agg(json_build_object('text', a.written_as, 'street', a.street_id, 'civic', a.civic_number) ORDER BY a.id), '[]')
               FROM scrivania.archive_addresses a WHERE a.dossier_id = d.id) AS addresses,
            (SELECT coalesce(json_agg(json_build_object('sezione', p.sezione, 'foglio', p.foglio, 'particella', p.particella,
                                                        'subalterno', p.subalterno) ORDER BY p.id), '[]')
               FROM scrivania.archive_parcels p WHERE p.dossier_id = d.id) AS parcels,
            docs.documents, docs.pages,
            CASE WHEN numnode(q.query) > 0 AND NOT (to_tsvector('scrivania.archivio', d.subject) @@ q.query) AND d.search_tsv @@ q.query THEN
              (SELECT ts_headline('scrivania.archivio', a.ocr_text, q.query, 'MaxFragments=1, MaxWords=18, MinWords=8, ${HEADLINE_OPTIONS}')
                 FROM scrivania.archive_documents a
                WHERE a.dossier_id = d.id AND a.ocr_text IS NOT NULL
                  AND to_tsvector('scrivania.archivio', a.title || ' ' || a.ocr_text) @@ q.query
                ORDER BY a.sequence LIMIT 1)
            END AS content_marked
       FROM unnest(?::bigint[]) WITH ORDINALITY AS page (id, position)
       JOIN scrivania.archive_dossiers d ON d.id = page.id
       JOIN scrivania.archive_series s ON s.id = d.series_id
       LEFT JOIN scrivania.archive_boxes b ON b.id = d.box_id
       CROSS JOIN LATERAL (SELECT count(*)::int AS documents, coalesce(sum(page_count), 0)::int AS pages
                             FROM scrivania.archive_documents a WHERE a.dossier_id = d.id) docs
       CROSS JOIN (SELECT ${TSQUERY} AS query) q
      ORDER BY page.position`,
    [ids, text ?? ''],
  )) as {
    rows: Array<{
      id: string | number;
      year: number;
      number: string;
      practice_type: PracticeType;
      outcome: PracticeOutcome;
      subject: string;
      reserved: boolean;
      old_references: string[];
      series_id: number;
      series_code: string;
      series_title: string;
      box_label: string | null;
      subject_marked: string | null;
      subjects: Array<{ name: string; role: string }>;
      addresses: Array<{ text: string; street: number; civic: number | null }>;
      parcels: ParcelRef[];
      documents: number;
      pages: number;
      content_marked: string | null;
    }>;
  };
  return result.rows.map((row) => ({
    id: Number(row.id),
    year: row.year,
    number: row.number,
    practiceType: row.practice_type,
    outcome: row.outcome,
    subject: row.subject,
    subjectMarked: row.subject_marked,
    reserved: row.reserved,
    series: { id: row.series_id, code: row.series_code, title: row.series_title },
    boxLabel: row.box_label,
    subjects: row.subjects,
    addresses: row.addresses,
    parcels: row.parcels,
    oldReferences: row.old_references,
    documents: row.documents,
    pages: row.pages,
    contentMarked: row.content_marked,
  }));
}
