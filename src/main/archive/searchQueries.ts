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
  /** Words of a person's name, each the same or a typo away from a word of the names in the dossiers; or none. */
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

interface Sql {
  text: string;
  bindings: Knex.RawBinding[];
  /** The set gives each dossier's year too (read from the rows it was found in). */
  withYear?: boolean;
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
             SELECT id, ${SCORE.referenceAsNumber}::float8 FROM scrivania.archive_reference_ids(?::text[]) AS r (id)
           ) n GROUP BY id`,
    bindings: [...criteria.numbers.flatMap((ref) => [ref.number, ref.year]), references],
  };
}

function protocolSet(criteria: SearchCriteria): Sql | null {
  if (criteria.protocolRefs.length === 0) return null;
  return {
    text: `SELECT id, ${SCORE.protocol}::float8 AS score FROM scrivania.archive_reference_ids(?::text[]) AS r (id)`,
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
    text: `SELECT dossier_id AS id, max(year) AS year,
                  max(${SCORE.parcel} + CASE WHEN subalterno = ANY (?::int[]) THEN ${SCORE.subalternMatch}
                                             WHEN subalterno IS NULL THEN ${SCORE.wholeParcel} ELSE 0 END)::float8 AS score
             FROM scrivania.archive_parcels WHERE ${conditions.join(' OR ')} GROUP BY dossier_id`,
    bindings: [subalterns, ...bindings],
    withYear: true,
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
    parts.push(`SELECT a.dossier_id AS id, a.year,
                       s.score * ${SCORE.street} + CASE WHEN a.civic_number = ? THEN ${SCORE.civic} ELSE 0 END AS score
                  FROM scrivania.archive_addresses a
                  JOIN (VALUES ${streets}) s (street_id, score) ON s.street_id = a.street_id
                  ${civic}`);
    bindings.push(address.civicNumber, ...address.streets.flatMap((street) => [street.id, street.score]));
    if (address.civicNumber !== null) bindings.push(address.civicNumber);
  }
  return {
    text: `SELECT id, max(year) AS year, max(score)::float8 AS score FROM (${parts.join(' UNION ALL ')}) a GROUP BY id`,
    bindings,
    withYear: true,
  };
}

/** How close each word of a name must be to a word of a person's name: the same, or a typo away. */
const NAME_WORD_SIMILARITY = 0.45;
/** Dossiers taken from a name, at most: the closest names first. */
const NAME_DOSSIERS = 5000;

/**
 * The dossiers of the people whose names have every word typed, in any order, each the same or a
 * typo away (read by a lookup that can use the indexes under row-level security: see the archive
 * migration's search lookups).
 */
function namesSet(criteria: SearchCriteria): Sql | null {
  if (criteria.names.length === 0) return null;
  return {
    text: `SELECT n.dossier_id AS id, n.year, (${SCORE.name} * n.closeness)::float8 AS score
             FROM scrivania.archive_name_dossiers(?::text[], ?::real, ?::int) n`,
    bindings: [criteria.names, NAME_WORD_SIMILARITY, NAME_DOSSIERS],
    withYear: true,
  };
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
  const years = yearRange(criteria);
  if (years.from !== null) {
    conditions.push('d.year >= ?');
    bindings.push(years.from);
  }
  if (years.to !== null) {
    conditions.push('d.year <= ?');
    bindings.push(years.to);
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
  year: number;
  /** Found by words only in the text of its scans (OCR): the page shows the passage. */
  contentOnly: boolean;
}

/** Words found in what describes a dossier weigh more than words found only in its scans. */
const TEXT_SCORE = { described: SCORE.text, contentOnly: SCORE.text / 10 } as const;

type RankRow = { id: string | number; score: number; year: number; content_only: boolean };

function toRanked(rows: RankRow[]): RankedDossier[] {
  return rows.map((row) => ({ id: Number(row.id), score: Number(row.score), year: row.year, contentOnly: row.content_only }));
}

function byRank(a: RankedDossier, b: RankedDossier): number {
  return b.score - a.score || b.year - a.year || b.id - a.id;
}

/** A lookup's array argument: null when empty (no condition). */
function nonEmpty<T>(values: T[]): T[] | null {
  return values.length > 0 ? values : null;
}

/** The filters as the full-text lookups take them: series, types, outcomes, first and last year, days. */
function lookupFilters(criteria: SearchCriteria): Knex.RawBinding[] {
  const { filters } = criteria;
  const years = yearRange(criteria);
  return [
    nonEmpty(filters.seriesIds),
    nonEmpty(filters.practiceTypes),
    nonEmpty(filters.outcomes),
    years.from,
    years.to,
    nonEmpty(criteria.dates),
  ];
}

/** The years asked, by the filters and by the text typed (null: no bound). */
function yearRange(criteria: SearchCriteria): { from: number | null; to: number | null } {
  const { filters } = criteria;
  const from = Math.max(filters.yearFrom ?? -Infinity, criteria.years?.from ?? -Infinity);
  const to = Math.min(filters.yearTo ?? Infinity, criteria.years?.to ?? Infinity);
  return { from: Number.isFinite(from) ? from : null, to: Number.isFinite(to) ? to : null };
}

/**
 * The dossiers with the words in what describes them (or only in the text of their scans), within
 * the filters, the types named first and then the most recent, at most `limit`: read by a lookup that
 * can use the full-text indexes under row-level security (see the archive migration's search lookups).
 */
async function textStep(db: Db, criteria: SearchCriteria, words: string, inScans: boolean, limit: number): Promise<RankedDossier[]> {
  const result = (await db.raw(
    `SELECT id, year, boosted
       FROM scrivania.archive_text_ids(?, ?, ?::int[], ?::text[], ?::text[], ?::int, ?::int, ?::date[], ?::text[], ?::int)`,
    [words, inScans, ...lookupFilters(criteria), nonEmpty(criteria.boostTypes), limit],
  )) as { rows: Array<{ id: string | number; year: number; boosted: boolean }> };
  const score = inScans ? TEXT_SCORE.contentOnly : TEXT_SCORE.described;
  return result.rows.map((row) => ({
    id: Number(row.id),
    year: row.year,
    score: score + (row.boosted ? SCORE.type : 0),
    contentOnly: inScans,
  }));
}

/**
 * Dossiers found only by the text of their scans, none of `found`, at most `limit`, in no order:
 * once better matches fill the page, these only count towards the total, and taking them as the
 * full-text index gives them stops early instead of sorting them all.
 */
async function scanOnlyCount(db: Db, criteria: SearchCriteria, words: string, found: number[], limit: number): Promise<RankedDossier[]> {
  const result = (await db.raw(
    `SELECT id, year FROM scrivania.archive_scan_only_ids(?, ?::int[], ?::text[], ?::text[], ?::int, ?::int, ?::date[], ?::bigint[], ?::int)`,
    [words, ...lookupFilters(criteria), found, limit],
  )) as { rows: Array<{ id: string | number; year: number }> };
  return result.rows.map((row) => ({ id: Number(row.id), year: row.year, score: TEXT_SCORE.contentOnly, contentOnly: true }));
}

/**
 * Places (and identifiers) alone, with no filter: the sets carry the year, and their rows are read
 * under the same policy as the dossiers' (the children of a dossier carry its ente and reserved
 * flag), so the ranking needs no dossier row at all.
 */
function rankedFromSets(sets: Sql[]): string {
  const ctes = sets.map((set, index) => `c${index} AS (${set.text})`);
  const joins = sets.slice(1).map((_, index) => `JOIN c${index + 1} ON c${index + 1}.id = c0.id`);
  const score = sets.map((_, index) => `c${index}.score`).join(' + ');
  return `WITH ${ctes.join(',\n')}
    SELECT c0.id, c0.year, (${score})::float8 AS score, false AS content_only
      FROM c0 ${joins.join(' ')}
     ORDER BY score DESC, c0.year DESC, c0.id DESC
     LIMIT ?`;
}

/**
 * The dossiers that answer the criteria, best first (then the most recent), at most `cap`:
 *
 * - identifiers and places are sets read from their own indexes, and a dossier must be in each;
 *   the words typed must then be in its full text (scans included) or be the name of someone in it,
 *   and weigh more when they are in what describes it (subject, type, names, addresses) than only
 *   in the scans;
 * - words alone: the people whose name they are, the dossiers whose description has them (most
 *   recent first), then — only if those are fewer than `cap` — those whose scans have them. Each step
 *   stops at `cap`, so a common word costs no more than a rare one; only the first `ordered` need
 *   their order (the page): when the better matches fill them, the scans' are only counted;
 * - nothing at all: the archive in order of year, most recent first.
 */
export async function rankDossiers(db: Db, criteria: SearchCriteria, cap: number, ordered = cap): Promise<RankedDossier[]> {
  const sets = [numbersSet(criteria), protocolSet(criteria), parcelsSet(criteria), addressesSet(criteria)].filter(
    (set): set is Sql => set !== null,
  );
  const names = namesSet(criteria);
  const words = criteria.text;
  const filters = filterConditions(criteria);
  const boost = criteria.boostTypes.length > 0 ? `+ CASE WHEN d.practice_type = ANY (?::text[]) THEN ${SCORE.type} ELSE 0 END` : '';
  const boostBindings = criteria.boostTypes.length > 0 ? [criteria.boostTypes] : [];
  const run = async (sql: string, bindings: Knex.RawBinding[]) => toRanked(((await db.raw(sql, bindings)) as { rows: RankRow[] }).rows);

  const unfiltered = filters.bindings.length === 0 && criteria.boostTypes.length === 0;
  if (sets.length > 0 && sets.every((set) => set.withYear) && !names && !words && unfiltered) {
    return run(rankedFromSets(sets), [...sets.flatMap((set) => set.bindings), cap]);
  }
  if (sets.length > 0) {
    const ctes = [...sets, ...(names ? [names] : [])].map((set, index) => `c${index} AS (${set.text})`);
    const joins = sets.map((_, index) => `JOIN c${index} ON c${index}.id = d.id`).join('\n');
    const score = sets.map((_, index) => `c${index}.score`).join(' + ');
    const named = names ? `c${sets.length}` : null;
    const textScore = `CASE WHEN d.meta_tsv @@ q.query THEN ${TEXT_SCORE.described} ELSE ${TEXT_SCORE.contentOnly} END`;
    const wordsScore = !words ? '' : named ? `+ coalesce(${named}.score, ${textScore})` : `+ ${textScore}`;
    const wordsWhere = !words ? '' : named ? `AND (${named}.id IS NOT NULL OR d.search_tsv @@ q.query)` : 'AND d.search_tsv @@ q.query';
    const sql = `WITH ${ctes.join(',\n')}
      SELECT d.id, d.year, (${score} ${wordsScore} ${boost})::float8 AS score,
             ${words ? `NOT (d.meta_tsv @@ q.query)${named ? ` AND ${named}.id IS NULL` : ''}` : 'false'} AS content_only
        FROM scrivania.archive_dossiers d
        ${joins}
        ${named ? `LEFT JOIN ${named} ON ${named}.id = d.id` : ''}
        CROSS JOIN (SELECT ${TSQUERY} AS query) q
       WHERE ${filters.text} ${wordsWhere}
       ORDER BY score DESC, d.year DESC, d.id DESC
       LIMIT ?`;
    return run(sql, [
      ...sets.flatMap((set) => set.bindings),
      ...(names?.bindings ?? []),
      ...boostBindings,
      words ?? '',
      ...filters.bindings,
      cap,
    ]);
  }

  if (words) {
    const found = new Map<number, RankedDossier>();
    const keep = (ranked: RankedDossier[]) => {
      for (const entry of ranked) if ((found.get(entry.id)?.score ?? -1) < entry.score) found.set(entry.id, entry);
    };
    if (names && unfiltered) {
      keep(await run(rankedFromSets([names]), [...names.bindings, cap]));
    } else if (names) {
      // The name's set first (a CTE placed before the SELECT: its bindings come first).
      keep(
        await run(
          `WITH n AS (${names.text})
           SELECT d.id, d.year, (n.score ${boost})::float8 AS score, false AS content_only
             FROM n JOIN scrivania.archive_dossiers d ON d.id = n.id
            WHERE ${filters.text}
            ORDER BY score DESC, d.year DESC, d.id DESC
            LIMIT ?`,
          [...names.bindings, ...boostBindings, ...filters.bindings, cap],
        ),
      );
    }
    keep(await textStep(db, criteria, words, false, cap));
    if (found.size >= ordered && found.size < cap) keep(await scanOnlyCount(db, criteria, words, [...found.keys()], cap - found.size));
    else if (found.size < cap) keep(await textStep(db, criteria, words, true, cap - found.size));
    return [...found.values()].sort(byRank).slice(0, cap);
  }

  return run(
    `SELECT d.id, d.year, (0 ${boost})::float8 AS score, false AS content_only
       FROM scrivania.archive_dossiers d
      WHERE ${filters.text}
      ORDER BY d.year DESC, d.id DESC
      LIMIT ?`,
    [...boostBindings, ...filters.bindings, cap],
  );
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

/**
 * What the result grid shows of each dossier of a page, in the order given; for those found only
 * by the text of their scans (`contentOnly`), the passage where the words are.
 */
export async function selectPage(db: Db, ids: number[], text: string | null, contentOnly: number[] = []): Promise<PageRow[]> {
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
            CASE WHEN numnode(q.query) > 0 AND page.id = ANY (?::bigint[]) THEN
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
    [contentOnly, ids, text ?? ''],
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
