/**
 * What staff type in the archive's one search box, understood the way a technical office reads it:
 *
 * - practice numbers: `123/1978`, `n. 45/78`, `123 del 1978`, `12bis/1986`;
 * - old protocol references: `prot. 4567/1978`;
 * - cadastral references (catasto): `F. 12 part. 345`, `fg 12 mapp 345 sub 3`, `foglio 12 particella 345`,
 *   `F. 12/345`, `fg. 7 mapp. 120, 121`, `sez. B fg 3 map 88`, `particella 345` alone;
 * - addresses, with the usual abbreviations: `v. roma 12`, `p.zza Garibaldi 3`, `c.so Vittorio Emanuele`,
 *   `Via IV Novembre 12/A`, `via 20 settembre`, `loc. Pian di Mezzo`;
 * - years and ranges: `1986`, `1978-1985`, `dal 1970 al 1975`; days: `12/03/1978`;
 * - everything else: words for the full-text search (Italian stemming, in the database), which are also
 *   tried as a person's name ("Rossi Mario") with typo tolerance.
 *
 * The parser is pure and total: any input gives an answer, never an exception (a property test checks
 * it). It only recognises; deciding which street "v. roma" is, or which words are a name, is the
 * database's job (toponymy and trigram similarity).
 */
import { ARCHIVE_MAX_YEAR, ARCHIVE_MIN_YEAR, STREET_TYPE_LABELS, STREET_TYPES, type PracticeType, type StreetType } from './archive';

export interface PracticeNumberRef {
  /** As written, lower case, without leading zeros: '123', '12bis'. */
  number: string;
  year: number;
}

/** A cadastral reference (Catasto): sezione, foglio, particella (mappale), subalterno. */
export interface ParcelRef {
  sezione: string | null;
  foglio: number | null;
  particella: string | null;
  subalterno: number | null;
}

export interface AddressRef {
  streetType: StreetType | null;
  /** The street's name as typed, word by word, lower case ('vittorio', 'emanuele'). */
  nameWords: string[];
  /** House number as typed, lower case: '12', '12/a', '5bis'. */
  civic: string | null;
}

export interface ArchiveQuery {
  numbers: PracticeNumberRef[];
  protocolRefs: PracticeNumberRef[];
  parcels: ParcelRef[];
  addresses: AddressRef[];
  /** A year, or a range of years, of the practice. */
  years: { from: number; to: number } | null;
  /** Days (ISO) mentioned: the practice was opened, decided or closed on one of them. */
  dates: string[];
  /** Types of practice named (for ranking: the words stay in `words` too). */
  practiceTypes: PracticeType[];
  /** Words for the full-text search, lower case, in the order typed. */
  words: string[];
  /** The words that may be a person's name (letters only), at most MAX_NAME_WORDS. */
  nameWords: string[];
}

/** Longest input read: anything longer is cut (a search box, not a document). */
export const MAX_QUERY_LENGTH = 500;
export const MAX_NAME_WORDS = 4;
const MAX_STREET_NAME_WORDS = 7;
const MAX_ITEMS = 10;

export function emptyArchiveQuery(): ArchiveQuery {
  return {
    numbers: [],
    protocolRefs: [],
    parcels: [],
    addresses: [],
    years: null,
    dates: [],
    practiceTypes: [],
    words: [],
    nameWords: [],
  };
}

/** True when the query asks for nothing: every archive record would match. */
export function isEmptyArchiveQuery(query: ArchiveQuery): boolean {
  return (
    query.numbers.length === 0 &&
    query.protocolRefs.length === 0 &&
    query.parcels.length === 0 &&
    query.addresses.length === 0 &&
    query.years === null &&
    query.dates.length === 0 &&
    query.words.length === 0
  );
}

// ------------------------------------------------------------------------------------------------
// Normalisation

/** Left and right of a whole word: no letter or digit next to it. */
const B = '(?<![\\p{L}\\d])';
const E = '(?![\\p{L}\\d])';

const MONTH_NAMES = [
  'gennaio',
  'febbraio',
  'marzo',
  'aprile',
  'maggio',
  'giugno',
  'luglio',
  'agosto',
  'settembre',
  'ottobre',
  'novembre',
  'dicembre',
];

/** Dotted abbreviations of street types, spelled out before the text is cut into tokens. */
const ABBREVIATIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [new RegExp(`${B}p\\.?\\s?z{1,2}a${E}\\.?`, 'gu'), ' piazza '],
  [new RegExp(`${B}p\\.\\s?le${E}\\.?`, 'gu'), ' piazzale '],
  [new RegExp(`${B}p\\.?\\s?lla${E}\\.?`, 'gu'), ' particella '],
  [new RegExp(`${B}(?:c\\.\\s?so|cso)${E}\\.?`, 'gu'), ' corso '],
  [new RegExp(`${B}(?:v\\.\\s?le|vle)${E}\\.?`, 'gu'), ' viale '],
  [new RegExp(`${B}v\\.\\s?lo${E}\\.?`, 'gu'), ' vicolo '],
  [new RegExp(`${B}(?:l\\.\\s?go|lgo)${E}\\.?`, 'gu'), ' largo '],
  [new RegExp(`${B}c\\.\\s?da${E}\\.?`, 'gu'), ' contrada '],
  [new RegExp(`${B}b\\.\\s?go${E}\\.?`, 'gu'), ' borgo '],
  [new RegExp(`${B}(?:s\\.\\s?da|str)${E}\\.?`, 'gu'), ' strada '],
  [new RegExp(`${B}(?:loc|localit[àa]|localita')${E}\\.?`, 'gu'), ' localita '],
  [new RegExp(`${B}(?:fraz|fr)${E}\\.?`, 'gu'), ' frazione '],
  [new RegExp(`${B}voc${E}\\.?`, 'gu'), ' vocabolo '],
  [new RegExp(`${B}vic${E}\\.?`, 'gu'), ' vicolo '],
  // "v." or "v" followed by a word, or by a day and a month ("v. 25 aprile"): via (a person's
  // initial is written after the surname, so "Rossi V." stays).
  [new RegExp(`${B}v(?:\\.\\s*|\\s+)(?=\\p{L}{2}|\\d{1,2}\\s+(?:${MONTH_NAMES.join('|')})${E})`, 'gu'), ' via '],
  [/n\s?°/gu, ' n. '],
];

function normalise(text: string): string {
  let out = text.slice(0, MAX_QUERY_LENGTH).normalize('NFC').toLowerCase();
  out = out.replace(/[’‘`´]/g, "'").replace(/[“”«»"]/g, ' ');
  for (const [pattern, replacement] of ABBREVIATIONS) out = out.replace(pattern, replacement);
  return out;
}

// ------------------------------------------------------------------------------------------------
// Days (taken out before tokenising: 12/03/1978 is neither a practice number nor a parcel)

const DAY_PATTERN = /(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?![\d/])/gu;

/** Two-digit years of archive records: 30-99 are 1930-1999, 00-29 are 2000-2029. */
export function expandTwoDigitYear(twoDigits: number): number {
  return twoDigits >= 30 ? 1900 + twoDigits : 2000 + twoDigits;
}

function isArchiveYear(year: number): boolean {
  return Number.isInteger(year) && year >= ARCHIVE_MIN_YEAR && year <= ARCHIVE_MAX_YEAR;
}

function isoDay(day: number, month: number, year: number): string | null {
  if (!isArchiveYear(year) || month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function takeDays(text: string, into: string[]): string {
  return text.replace(DAY_PATTERN, (whole, d: string, m: string, y: string) => {
    const year = y.length === 2 ? expandTwoDigitYear(Number(y)) : Number(y);
    const day = isoDay(Number(d), Number(m), year);
    if (!day) return whole;
    if (!into.includes(day) && into.length < MAX_ITEMS) into.push(day);
    return ' ';
  });
}

// ------------------------------------------------------------------------------------------------
// Tokens

/** A number token: `text` without leading zeros ('12bis'), `digits` its leading digits as typed ('012'). */
type NumberToken = { kind: 'num'; text: string; digits: string };
type Token = NumberToken | { kind: 'word'; text: string } | { kind: 'sep'; text: string };

/** A number with no letters after it. */
function isPlainNumber(token: Token | undefined): token is NumberToken {
  return token?.kind === 'num' && /^\d+$/.test(token.text);
}

const TOKEN_PATTERN = /(\d+(?:bis|ter|quater)?(?:[a-z](?!\p{L}))?)|(\p{L}[\p{L}']*\.?)|([/,;\-–])/gu;

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    if (match[1] !== undefined) tokens.push({ kind: 'num', text: stripLeadingZeros(match[1]), digits: /^\d+/.exec(match[1])![0] });
    else if (match[2] !== undefined) tokens.push({ kind: 'word', text: match[2].replace(/\.$/, '').replace(/^'+|'+$/g, '') });
    else if (match[3] !== undefined) tokens.push({ kind: 'sep', text: match[3] === '–' ? '-' : match[3] });
  }
  return tokens.filter((token) => token.text.length > 0);
}

function stripLeadingZeros(number: string): string {
  return number.replace(/^0+(?=\d)/, '');
}

// ------------------------------------------------------------------------------------------------
// Vocabulary

const SHEET_WORDS = new Set(['f', 'fg', 'fgl', 'fog', 'foglio', 'fogli']);
/** Words for particella (mappale). Single letters only count right after a foglio. */
const PARCEL_WORDS = new Set(['part', 'partic', 'particella', 'particelle', 'plla', 'mapp', 'map', 'mappale', 'mappali', 'mn']);
const PARCEL_WORDS_AFTER_SHEET = new Set([...PARCEL_WORDS, 'p', 'pt', 'm', 'n', 'num', 'nr']);
const SUBALTERN_WORDS = new Set(['s', 'sub', 'subalterno', 'subalterni']);
const SECTION_WORDS = new Set(['sez', 'sezione']);
const NUMBER_MARKS = new Set(['n', 'nr', 'num', 'numero']);
const PROTOCOL_WORDS = new Set(['prot', 'protocollo', 'protoc']);
const CIVIC_MARKS = new Set(['n', 'nr', 'civ', 'civico']);
const LIST_WORDS = new Set(['e', 'ed']);
const STREET_TYPE_WORDS = new Map<string, StreetType>([
  ...STREET_TYPES.map((type) => [type, type] as const),
  ['località', 'localita'],
  ['piazzetta', 'piazza'],
]);
/** Words for the months: "Via 20 Settembre", "Via IV Novembre". */
const MONTHS = new Set(MONTH_NAMES);
/** Words that only say "in the archive" and would otherwise have to appear in every result. */
const FILLER_WORDS = new Set([
  'pratica',
  'pratiche',
  'fascicolo',
  'fascicoli',
  'archivio',
  'cerca',
  'ricerca',
  'anno',
  'anni',
  'del',
  'dal',
  'al',
  'tra',
  'n',
  'nr',
  'num',
  'numero',
  'prot',
  'protocollo',
  ...STREET_TYPES,
]);

/** Words that name a type of practice (they stay full-text words too: the type's name is indexed). */
const PRACTICE_TYPE_WORDS: ReadonlyArray<readonly [RegExp, PracticeType]> = [
  [/^(condon[oi]|sanatoria)$/, 'condono'],
  [/^licenz[ae]$/, 'licenza_edilizia'],
  [/^concession[ei]$/, 'concessione_edilizia'],
  [/^autorizzazion[ei]$/, 'autorizzazione_edilizia'],
  [/^(permess[oi]|pdc)$/, 'permesso_di_costruire'],
  [/^(dia|d\.i\.a)$/, 'dia'],
  [/^scia$/, 'scia'],
  [/^cila$/, 'cila'],
  [/^(agibilit[àa]|abitabilit[àa])$/, 'agibilita'],
  [/^(delibera|deliberazione|delibere)$/, 'delibera_consiglio'],
];

function practiceTypeOf(word: string, next: string | undefined): PracticeType | null {
  if (/^licenz[ae]$/.test(word) && next !== undefined && /^commercial[ei]$/.test(next)) return 'licenza_commerciale';
  if (/^(delibera|deliberazione|delibere)$/.test(word) && next !== undefined && /^(di|della)$/.test(next)) return null;
  if (/^giunta$/.test(word)) return 'delibera_giunta';
  for (const [pattern, type] of PRACTICE_TYPE_WORDS) if (pattern.test(word)) return type;
  return null;
}

function yearOf(token: Token | undefined): number | null {
  if (!isPlainNumber(token) || token.digits.length !== 4) return null;
  return isArchiveYear(Number(token.digits)) ? Number(token.digits) : null;
}

/** The year after a slash in `123/1978` or `45/78`. */
function slashYearOf(token: Token | undefined): number | null {
  if (!isPlainNumber(token)) return null;
  if (token.digits.length === 2) return expandTwoDigitYear(Number(token.digits));
  return yearOf(token);
}

// ------------------------------------------------------------------------------------------------
// The scan

class Scanner {
  readonly used: boolean[];
  readonly result = emptyArchiveQuery();
  private pendingSection: string | null = null;

  constructor(readonly tokens: Token[]) {
    this.used = tokens.map(() => false);
  }

  private at(i: number): Token | undefined {
    return this.used[i] ? undefined : this.tokens[i];
  }

  private word(i: number): string | undefined {
    const token = this.at(i);
    return token?.kind === 'word' ? token.text : undefined;
  }

  private num(i: number): NumberToken | undefined {
    const token = this.at(i);
    return token?.kind === 'num' ? token : undefined;
  }

  private sep(i: number, ...accepted: string[]): boolean {
    const token = this.at(i);
    return token?.kind === 'sep' && accepted.includes(token.text);
  }

  private take(from: number, to: number): void {
    for (let i = from; i < to; i++) this.used[i] = true;
  }

  run(): ArchiveQuery {
    for (let i = 0; i < this.tokens.length; i++) {
      if (this.used[i]) continue;
      const consumed =
        this.section(i) ||
        this.cadastral(i) ||
        this.parcelAlone(i) ||
        this.protocol(i) ||
        this.address(i) ||
        this.practiceNumber(i) ||
        this.yearRange(i) ||
        this.year(i);
      if (consumed > 0) i += consumed - 1;
    }
    this.words();
    return this.result;
  }

  /** `sez. B` before a foglio. */
  private section(i: number): number {
    const word = this.word(i);
    if (!word || !SECTION_WORDS.has(word)) return 0;
    const value = this.at(i + 1);
    if (!value || value.kind === 'sep' || value.text.length > 3) return 0;
    this.pendingSection = value.text.toUpperCase();
    this.take(i, i + 2);
    return 2;
  }

  /** `F. 12 part. 345 sub 3`, `fg 12 mapp 345, 346`, `F. 12/345`, `foglio 12`. */
  private cadastral(i: number): number {
    const word = this.word(i);
    const sheetToken = this.num(i + 1);
    if (!word || !SHEET_WORDS.has(word) || !isPlainNumber(sheetToken) || sheetToken.text.length > 4) return 0;
    const foglio = Number(sheetToken.digits);
    let j = i + 2;
    let sezione = this.pendingSection;
    this.pendingSection = null;
    const sectionWord = this.word(j);
    if (sectionWord && SECTION_WORDS.has(sectionWord) && this.at(j + 1) && this.at(j + 1)!.kind !== 'sep') {
      sezione = this.at(j + 1)!.text.toUpperCase();
      j += 2;
    }
    const particelle: string[] = [];
    if (this.sep(j, '/') && this.num(j + 1)) {
      particelle.push(this.num(j + 1)!.text);
      j += 2;
    } else {
      if (this.sep(j, ',')) j += 1;
      const parcelWord = this.word(j);
      if (parcelWord && PARCEL_WORDS_AFTER_SHEET.has(parcelWord) && this.num(j + 1)) {
        j = this.numberList(j + 1, particelle);
      }
    }
    const subalterni: string[] = [];
    if (particelle.length > 0) {
      if (this.sep(j, ',')) j += this.word(j + 1) && SUBALTERN_WORDS.has(this.word(j + 1)!) ? 1 : 0;
      const subWord = this.word(j);
      if (subWord && SUBALTERN_WORDS.has(subWord) && this.num(j + 1)) j = this.numberList(j + 1, subalterni);
    }
    this.pushParcels(sezione, foglio, particelle, subalterni);
    this.take(i, j);
    return j - i;
  }

  /** `particella 345`, `mapp. 345 sub 2` without a foglio. */
  private parcelAlone(i: number): number {
    const word = this.word(i);
    if (!word || !PARCEL_WORDS.has(word) || !this.num(i + 1)) return 0;
    const particelle: string[] = [];
    let j = this.numberList(i + 1, particelle);
    const subalterni: string[] = [];
    const subWord = this.word(j);
    if (subWord && SUBALTERN_WORDS.has(subWord) && this.num(j + 1)) j = this.numberList(j + 1, subalterni);
    this.pushParcels(this.pendingSection, null, particelle, subalterni);
    this.pendingSection = null;
    this.take(i, j);
    return j - i;
  }

  /** Reads `345`, `345, 346`, `345 e 346`, `345-346` from `start`; returns the index after the list. */
  private numberList(start: number, into: string[]): number {
    let j = start;
    for (;;) {
      const token = this.num(j);
      if (!token) break;
      into.push(token.text);
      j += 1;
      const separated = this.sep(j, ',', '-', '/') || (this.word(j) !== undefined && LIST_WORDS.has(this.word(j)!));
      if (separated && this.num(j + 1) && !this.num(j + 1)!.text.match(/^\d{4}$/)) j += 1;
      else break;
    }
    return j;
  }

  private pushParcels(sezione: string | null, foglio: number | null, particelle: string[], subalterni: string[]): void {
    const parcels: ParcelRef[] = [];
    if (particelle.length === 0) parcels.push({ sezione, foglio, particella: null, subalterno: null });
    particelle.forEach((particella, index) => {
      const last = index === particelle.length - 1;
      const subs = last && subalterni.length > 0 ? subalterni : [null];
      for (const sub of subs) {
        const subalterno = sub === null ? null : Number(/^\d+/.exec(sub)?.[0] ?? NaN);
        parcels.push({ sezione, foglio, particella, subalterno: Number.isFinite(subalterno) ? subalterno : null });
      }
    });
    for (const parcel of parcels) if (this.result.parcels.length < MAX_ITEMS) this.result.parcels.push(parcel);
  }

  /** `prot. 4567/1978`, `protocollo n. 12/86`. */
  private protocol(i: number): number {
    const word = this.word(i);
    if (!word || !PROTOCOL_WORDS.has(word)) return 0;
    let j = i + 1;
    if (this.word(j) && NUMBER_MARKS.has(this.word(j)!)) j += 1;
    const number = this.num(j);
    const year = this.sep(j + 1, '/') ? slashYearOf(this.at(j + 2)) : null;
    if (!number || year === null) return 0;
    if (this.result.protocolRefs.length < MAX_ITEMS) this.result.protocolRefs.push({ number: number.text, year });
    this.take(i, j + 3);
    return j + 3 - i;
  }

  /** `via Roma 12`, `corso Vittorio Emanuele`, `via 20 settembre 5`, `via Roma, 12/A`. */
  private address(i: number): number {
    const word = this.word(i);
    const streetType = word ? STREET_TYPE_WORDS.get(word) : undefined;
    if (!streetType) return 0;
    const nameWords: string[] = [];
    let civic: string | null = null;
    let j = i + 1;
    while (j < this.tokens.length && nameWords.length < MAX_STREET_NAME_WORDS) {
      const token = this.at(j);
      if (!token) break;
      if (token.kind === 'word') {
        const next = this.at(j + 1);
        if (nameWords.length > 0 && CIVIC_MARKS.has(token.text) && next?.kind === 'num') {
          civic = this.civicAt(j + 1);
          j += 1 + this.civicLength(j + 1);
          break;
        }
        const keyword =
          SHEET_WORDS.has(token.text) || PARCEL_WORDS.has(token.text) || PROTOCOL_WORDS.has(token.text) || SECTION_WORDS.has(token.text);
        if (keyword && next?.kind === 'num') break;
        if (nameWords.length > 0 && STREET_TYPE_WORDS.has(token.text)) break;
        nameWords.push(token.text);
        j += 1;
      } else if (token.kind === 'num') {
        const next = this.at(j + 1);
        // "Via 20 Settembre", "Via 4 Novembre": a number before a month is part of the name.
        if (next?.kind === 'word' && MONTHS.has(next.text)) {
          nameWords.push(token.text, next.text);
          j += 2;
          continue;
        }
        if (nameWords.length === 0 || yearOf(token) !== null) break;
        if (this.sep(j + 1, '/') && slashYearOf(this.at(j + 2)) !== null && this.at(j + 2)!.text.length === 4) break;
        civic = this.civicAt(j);
        j += this.civicLength(j);
        break;
      } else {
        const next = this.at(j + 1);
        if (token.text === ',' && nameWords.length > 0 && next?.kind === 'num' && yearOf(next) === null) {
          civic = this.civicAt(j + 1);
          j += 1 + this.civicLength(j + 1);
        }
        break;
      }
    }
    if (nameWords.length === 0) return 0;
    if (this.result.addresses.length < MAX_ITEMS) this.result.addresses.push({ streetType, nameWords, civic });
    this.take(i, j);
    return j - i;
  }

  /** A house number at `j`: `12`, `12/a`, `12/14`, `5bis`. */
  private civicAt(j: number): string {
    const token = this.at(j)!;
    const suffix = this.civicSuffix(j);
    return suffix ? `${token.text}/${suffix}` : token.text;
  }

  private civicSuffix(j: number): string | null {
    if (!this.sep(j + 1, '/')) return null;
    const after = this.at(j + 2);
    if (!after || after.kind === 'sep') return null;
    if (after.kind === 'word' && after.text.length === 1) return after.text;
    if (after.kind === 'num' && after.digits.length <= 3) return after.text;
    return null;
  }

  private civicLength(j: number): number {
    return this.civicSuffix(j) ? 3 : 1;
  }

  /** `123/1978`, `n. 45/78`, `123 del 1978`. */
  private practiceNumber(i: number): number {
    let j = i;
    const mark = this.word(j);
    if (mark && NUMBER_MARKS.has(mark) && this.num(j + 1)) j += 1;
    const number = this.num(j);
    if (!number || number.digits.length > 7) return 0;
    let year: number | null = null;
    let end = j + 1;
    if (this.sep(j + 1, '/')) {
      year = slashYearOf(this.at(j + 2));
      end = j + 3;
    } else if (this.word(j + 1) === 'del') {
      year = yearOf(this.at(j + 2));
      end = j + 3;
    }
    if (year === null) return 0;
    if (this.result.numbers.length < MAX_ITEMS) this.result.numbers.push({ number: number.text, year });
    this.take(i, end);
    return end - i;
  }

  /** `1978-1985`, `dal 1970 al 1975`, `tra 1970 e 1975`. */
  private yearRange(i: number): number {
    const word = this.word(i);
    if ((word === 'dal' || word === 'tra') && yearOf(this.at(i + 1)) !== null) {
      const joiner = this.word(i + 2);
      const to = yearOf(this.at(i + 3));
      if ((joiner === 'al' || joiner === 'e') && to !== null) {
        this.setYears(yearOf(this.at(i + 1))!, to);
        this.take(i, i + 4);
        return 4;
      }
      this.setYears(yearOf(this.at(i + 1))!, ARCHIVE_MAX_YEAR);
      this.take(i, i + 2);
      return 2;
    }
    const from = yearOf(this.at(i));
    const to = this.sep(i + 1, '-') ? yearOf(this.at(i + 2)) : null;
    if (from === null || to === null) return 0;
    this.setYears(from, to);
    this.take(i, i + 3);
    return 3;
  }

  private year(i: number): number {
    const year = yearOf(this.at(i));
    if (year === null) return 0;
    const years = this.result.years;
    this.setYears(Math.min(year, years?.from ?? year), Math.max(year, years?.to ?? year));
    this.take(i, i + 1);
    return 1;
  }

  private setYears(a: number, b: number): void {
    this.result.years = { from: Math.min(a, b), to: Math.max(a, b) };
  }

  /** What is left: full-text words (filler words dropped), the types they name, a possible name. */
  private words(): void {
    const left = this.tokens.filter((token, i) => !this.used[i] && token.kind !== 'sep').map((token) => token.text);
    left.forEach((text, index) => {
      const type = practiceTypeOf(text, left[index + 1]);
      if (type && !this.result.practiceTypes.includes(type)) this.result.practiceTypes.push(type);
    });
    const words = left.filter((text) => !FILLER_WORDS.has(text) && /[\p{L}\d]/u.test(text));
    this.result.words = words.slice(0, 2 * MAX_ITEMS);
    const names = words.filter((text) => /^\p{L}[\p{L}']*$/u.test(text) && text.replace(/'/g, '').length >= 2);
    const onlyNames = names.length > 0 && names.length <= MAX_NAME_WORDS && names.length === words.length;
    this.result.nameWords = onlyNames && this.result.practiceTypes.length === 0 ? names : [];
  }
}

/** Understands one search box input; never throws. */
export function parseArchiveQuery(input: unknown): ArchiveQuery {
  try {
    const days: string[] = [];
    const text = takeDays(normalise(typeof input === 'string' ? input : ''), days);
    const query = new Scanner(tokenise(text)).run();
    query.dates = days;
    return query;
  } catch {
    // A bug in a pattern must not stop a search: fall back to plain words.
    const words = (typeof input === 'string' ? input : '')
      .slice(0, MAX_QUERY_LENGTH)
      .toLowerCase()
      .split(/[^\p{L}\d]+/u)
      .filter((word) => word.length > 0)
      .slice(0, 2 * MAX_ITEMS);
    return { ...emptyArchiveQuery(), words };
  }
}

/** A practice number as staff write it: '123/1978'. */
export function formatPracticeNumber(ref: PracticeNumberRef): string {
  return `${ref.number}/${ref.year}`;
}

/** Prepositions stay lower case inside a street name ('Via della Libertà', 'Via Leonardo da Vinci'). */
const NAME_PREPOSITIONS = new Set([
  'di',
  'del',
  'della',
  'dello',
  'dei',
  'degli',
  'delle',
  'da',
  'dal',
  'dalla',
  'e',
  'in',
  'al',
  'alla',
  'alle',
  'ai',
  'sul',
  'sulla',
  'a',
]);
/** Articles too, except where they begin the name ('Località Le Case'). */
const NAME_ARTICLES = new Set(['la', 'le', 'lo', 'il', 'i', 'gli']);

/** Elided particles: "dell'Annunziata", "sull'Argine". */
const ELIDED_PARTICLES = new Set(['dell', 'dall', 'all', 'nell', 'sull', 'l', 'd']);

/** A street's name from its words: 'vittorio emanuele ii' → 'Vittorio Emanuele II', 'della libertà' → 'della Libertà'. */
export function streetNameFromWords(words: readonly string[]): string {
  return words
    .map((word, index) => {
      if (ROMAN_NUMERAL.test(word) && (word !== 'i' || (index > 0 && index === words.length - 1))) return word.toUpperCase();
      if (NAME_PREPOSITIONS.has(word) || (index > 0 && NAME_ARTICLES.has(word))) return word;
      return word
        .split("'")
        .map((part, index, parts) => (index < parts.length - 1 && ELIDED_PARTICLES.has(part) ? part : capitalise(part)))
        .join("'");
    })
    .join(' ');
}

/** An address as written on a document: 'Via Roma 12'. */
export function formatAddressRef(address: AddressRef): string {
  const type = address.streetType ? STREET_TYPE_LABELS[address.streetType] : '';
  return [type, streetNameFromWords(address.nameWords), address.civic?.toUpperCase() ?? ''].filter((part) => part.length > 0).join(' ');
}

/** I to XXXIX: kings, popes and dates in street names (Vittorio Emanuele II, Giovanni XXIII, XX Settembre). */
const ROMAN_NUMERAL = /^(?=[ivx])x{0,3}(ix|iv|v?i{0,3})$/;

function capitalise(word: string): string {
  return word.length > 0 ? word[0]!.toUpperCase() + word.slice(1) : word;
}

/** A cadastral reference as written in Italian documents: 'Sez. B Fg. 12 part. 345 sub. 3'. */
export function formatParcel(parcel: ParcelRef): string {
  const parts: string[] = [];
  if (parcel.sezione) parts.push(`Sez. ${parcel.sezione}`);
  if (parcel.foglio !== null) parts.push(`Fg. ${parcel.foglio}`);
  if (parcel.particella !== null) parts.push(`part. ${parcel.particella}`);
  if (parcel.subalterno !== null) parts.push(`sub. ${parcel.subalterno}`);
  return parts.join(' ');
}
