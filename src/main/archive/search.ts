/**
 * The archive's one search box: what was typed is read by the shared parser, typed street names are
 * matched against the toponymy (typos, abbreviations and old names forgiven), and the dossiers that
 * answer everything asked are ranked, with the parts that matched marked for highlighting.
 * Whatever the input, the answer is a result (possibly empty), never an error.
 */
import type { Knex } from 'knex';
import {
  ARCHIVE_MAX_RESULTS,
  type ArchiveFiltersValue,
  type ArchiveMatch,
  type ArchiveSearchResult,
  type ArchiveSearchRow,
  type HighlightedText,
} from '../../shared/api/archive';
import { STREET_TYPE_LABELS } from '../../shared/domain/archive';
import { foldWord, fromMarkedText, highlightWords, isHighlighted, plain, withinOneEdit } from '../../shared/domain/archiveHighlight';
import {
  formatAddressRef,
  formatParcel,
  formatPracticeNumber,
  parseArchiveQuery,
  type AddressRef,
  type ArchiveQuery,
  type ParcelRef,
} from '../../shared/domain/archiveQuery';
import { similarStreets, streetsOfToday, type StreetCandidate } from './queries';
import { rankDossiers, selectPage, type PageRow, type ResolvedAddress, type SearchCriteria } from './searchQueries';

type Db = Knex | Knex.Transaction;

/** How close a street's name must be to the typed one (trigram similarity of the folded names). */
const STREET_SIMILARITY = 0.45;
/**
 * A short name with one letter dropped, added or changed shares few trigrams with the right one
 * ('caour' and 'cavour' 0.44, 'trvi' and 'trevi' 0.38): from this length one edit is a typo too.
 */
const ONE_EDIT_MIN_LENGTH = 4;

function isLikeStreet(street: StreetCandidate, typedKey: string): boolean {
  return (
    street.similarity >= STREET_SIMILARITY || (typedKey.length >= ONE_EDIT_MIN_LENGTH && withinOneEdit(foldWord(street.name), typedKey))
  );
}
/** Streets taken for one typed name, at most. */
const MAX_STREETS_PER_ADDRESS = 4;

export interface StreetMatch {
  address: AddressRef;
  resolved: ResolvedAddress;
  /** Display names of the streets taken, today's first. */
  names: string[];
  /** Words of the typed name not used for the street (left to the full-text search). */
  leftover: string[];
}

/**
 * Which streets a typed address may be: the longest start of the typed name that is like some
 * street's name, and then every name each of those streets has had (its old names and today's).
 */
export async function resolveStreet(db: Db, address: AddressRef): Promise<StreetMatch> {
  for (let length = address.nameWords.length; length >= 1; length--) {
    const name = address.nameWords.slice(0, length).join(' ');
    const candidates = (await similarStreets(db, name)).filter((street) => isLikeStreet(street, foldWord(name)));
    if (candidates.length === 0) continue;
    const best = candidates[0]!.similarity;
    // An exact name leaves the look-alikes out; a typo keeps the few close ones.
    const chosen = candidates
      .filter((street) => street.similarity >= best - (best >= 0.99 ? 0.01 : 0.15))
      .slice(0, MAX_STREETS_PER_ADDRESS);
    // The name typed (or the one most like it) ranks first; the street's other names, old or new, just after.
    const scoreOfStreet = new Map<number, number>();
    const scoreOfToday = new Map<number, number>();
    for (const street of chosen) {
      const typeBonus = address.streetType === street.streetType ? 0.1 : 0;
      const score = Math.min(1, street.similarity + typeBonus);
      scoreOfStreet.set(street.id, Math.max(scoreOfStreet.get(street.id) ?? 0, score));
      scoreOfToday.set(street.todayId, Math.max(scoreOfToday.get(street.todayId) ?? 0, score));
    }
    const names = await streetsOfToday(db, [...scoreOfToday.keys()]);
    const label = (street: { streetType: string; name: string }) =>
      `${STREET_TYPE_LABELS[street.streetType as keyof typeof STREET_TYPE_LABELS] ?? street.streetType} ${street.name}`;
    const ordered = [...names].sort((a, b) => Number(a.id !== a.todayId) - Number(b.id !== b.todayId) || a.name.localeCompare(b.name));
    return {
      address,
      resolved: {
        streets: names.map((street) => ({
          id: street.id,
          score: scoreOfStreet.get(street.id) ?? 0.9 * (scoreOfToday.get(street.todayId) ?? 0),
        })),
        civicNumber: civicNumberOf(address.civic),
      },
      names: ordered.map(label),
      leftover: address.nameWords.slice(length),
    };
  }
  return { address, resolved: { streets: [], civicNumber: civicNumberOf(address.civic) }, names: [], leftover: address.nameWords };
}

function civicNumberOf(civic: string | null): number | null {
  const digits = civic ? /^\d+/.exec(civic)?.[0] : undefined;
  return digits ? Number(digits) : null;
}

function criteriaOf(query: ArchiveQuery, streets: StreetMatch[], names: string[], filters: ArchiveFiltersValue): SearchCriteria {
  // Words of a street name that matched no street are searched as text (addresses are in the vector).
  const unresolvedWords = streets.flatMap((match) => (match.resolved.streets.length === 0 ? match.address.nameWords : match.leftover));
  const words = [...query.words, ...unresolvedWords];
  return {
    numbers: query.numbers,
    protocolRefs: query.protocolRefs.map((ref) => `${ref.number}/${ref.year}`),
    parcels: query.parcels,
    addresses: streets.filter((match) => match.resolved.streets.length > 0).map((match) => match.resolved),
    text: words.length > 0 ? words.join(' ') : null,
    names,
    years: query.years,
    dates: query.dates,
    boostTypes: query.practiceTypes,
    filters,
  };
}

function parcelMatches(parcel: ParcelRef, wanted: ParcelRef): boolean {
  return (
    (wanted.foglio === null || wanted.foglio === parcel.foglio) &&
    (wanted.particella === null || wanted.particella === parcel.particella) &&
    (wanted.sezione === null || parcel.sezione === null || wanted.sezione === parcel.sezione)
  );
}

/** Why each dossier is in the results, highlighted. */
function matchesOf(row: PageRow, query: ArchiveQuery, criteria: SearchCriteria, streets: StreetMatch[]): ArchiveMatch[] {
  const matches: ArchiveMatch[] = [];
  const hit = (text: string): HighlightedText => [{ text, hit: true }];
  if (query.numbers.some((ref) => ref.number === row.number && ref.year === row.year)) {
    matches.push({ kind: 'number', text: hit(formatPracticeNumber({ number: row.number, year: row.year })) });
  }
  const references = new Set([...criteria.protocolRefs, ...query.numbers.map((ref) => `${ref.number}/${ref.year}`)]);
  for (const reference of row.oldReferences) {
    if (references.has(reference)) matches.push({ kind: 'protocol', text: [{ text: 'prot. ', hit: false }, ...hit(reference)] });
  }
  for (const parcel of row.parcels) {
    if (query.parcels.some((wanted) => parcelMatches(parcel, wanted))) matches.push({ kind: 'parcel', text: hit(formatParcel(parcel)) });
  }
  const streetIds = new Set(criteria.addresses.flatMap((address) => address.streets.map((street) => street.id)));
  for (const address of row.addresses) {
    if (!streetIds.has(address.street)) continue;
    const typedWords = streets.flatMap((match) => [...match.address.nameWords, ...(match.address.civic ? [match.address.civic] : [])]);
    const marked = highlightWords(address.text, typedWords);
    matches.push({ kind: 'address', text: isHighlighted(marked) ? marked : hit(address.text) });
  }
  const nameWords = criteria.names.length > 0 ? query.nameWords : query.words;
  for (const subject of row.subjects) {
    const marked = highlightWords(subject.name, nameWords);
    if (isHighlighted(marked)) matches.push({ kind: 'name', text: marked });
  }
  if (row.subjectMarked && isHighlighted(fromMarkedText(row.subjectMarked)))
    matches.push({ kind: 'text', text: fromMarkedText(row.subjectMarked) });
  if (row.contentMarked) matches.push({ kind: 'content', text: fromMarkedText(row.contentMarked.replace(/\s+/g, ' ').trim()) });
  return matches;
}

function toRow(row: PageRow, score: number, matches: ArchiveMatch[]): ArchiveSearchRow {
  return {
    id: row.id,
    series: row.series,
    year: row.year,
    number: row.number,
    practiceType: row.practiceType,
    outcome: row.outcome,
    subject: row.subjectMarked ? fromMarkedText(row.subjectMarked) : plain(row.subject),
    names: row.subjects.map((subject) => subject.name),
    addresses: row.addresses.map((address) => address.text),
    parcels: row.parcels.map(formatParcel),
    documents: row.documents,
    pages: row.pages,
    reserved: row.reserved,
    boxLabel: row.boxLabel,
    matches,
    score: Math.round(score * 100) / 100,
  };
}

export interface ArchiveSearchRequest {
  text: string;
  filters: ArchiveFiltersValue;
  offset: number;
  limit: number;
}

/** Searches the archive as the session sees it. */
export async function searchArchive(db: Knex, request: ArchiveSearchRequest): Promise<ArchiveSearchResult> {
  const query = parseArchiveQuery(request.text);
  const streets = await Promise.all(query.addresses.map((address) => resolveStreet(db, address)));
  // Two words or more may be a person's name (surname and name): tried with typos too.
  const unresolved = streets.some((match) => match.resolved.streets.length === 0 || match.leftover.length > 0);
  const names = query.nameWords.length >= 2 && !unresolved ? query.nameWords : [];
  const criteria = criteriaOf(query, streets, names, request.filters);
  const ranked = await rankDossiers(db, criteria, ARCHIVE_MAX_RESULTS + 1, request.offset + request.limit);
  const total = Math.min(ranked.length, ARCHIVE_MAX_RESULTS);
  const page = ranked.slice(request.offset, Math.min(request.offset + request.limit, ARCHIVE_MAX_RESULTS));
  const rows = await selectPage(
    db,
    page.map((entry) => entry.id),
    criteria.text,
    page.filter((entry) => entry.contentOnly).map((entry) => entry.id),
  );
  const scoreOf = new Map(page.map((entry) => [entry.id, entry.score]));
  return {
    rows: rows.map((row) => toRow(row, scoreOf.get(row.id) ?? 0, matchesOf(row, query, criteria, streets))),
    total,
    totalIsLowerBound: ranked.length > ARCHIVE_MAX_RESULTS,
    query,
    streets: streets.map((match) => ({ typed: formatAddressRef(match.address), matched: match.names })),
  };
}
