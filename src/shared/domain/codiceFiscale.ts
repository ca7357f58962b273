/**
 * Codice fiscale of natural persons (DM 23 dicembre 1976; DPR 605/1973).
 *
 * Layout (1-based positions):
 *   1-3 surname, 4-6 first name, 7-8 year (2 digits), 9 month letter,
 *   10-11 day (+40 for women), 12-15 birthplace (Belfiore code: letter + 3 digits),
 *   16 check character.
 *
 * Omocodia: to tell apart people who would get the same code, the Agenzia delle Entrate replaces
 * digits with letters (0-9 -> L M N P Q R S T U V), starting from the rightmost digit position
 * (15, 14, 13, 11, 10, 8, 7), and recomputes the check character. Such codes are valid.
 */
import { daysInMonth, parseIsoDate } from './calendar';

export type CodiceFiscaleError = 'length' | 'format' | 'check_char' | 'date';

export type CodiceFiscaleValidation = { ok: true; value: string } | { ok: false; reason: CodiceFiscaleError };

export interface DecodedCodiceFiscale {
  birthDate: { year2: number; month: number; day: number };
  sex: 'M' | 'F';
  /** Belfiore code of the comune (or 'Z' + 3 digits for a foreign country), with omocodia removed. */
  birthPlaceCode: string;
}

export interface CodiceFiscalePerson {
  lastName: string;
  firstName: string;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  sex: 'M' | 'F';
  /** Belfiore code, e.g. 'H501' for Roma. */
  birthPlaceCode: string;
}

/** Month letters A=January ... T=December. */
const MONTH_LETTERS = 'ABCDEHLMPRST';
/** Letter replacing digit d (index) under omocodia. */
const OMOCODIA_LETTERS = 'LMNPQRSTUV';
/** 0-based indexes of the digit positions 7,8,10,11,13,14,15 that omocodia may replace. */
const OMOCODIA_INDEXES = [6, 7, 9, 10, 12, 13, 14] as const;
/** The same, in the order in which omocodia replaces them (rightmost first). */
const OMOCODIA_ORDER = [...OMOCODIA_INDEXES].reverse();
export const MAX_OMOCODIA_LEVEL = OMOCODIA_INDEXES.length;

/**
 * Values of characters in odd positions (1st, 3rd, ... 15th), indexed by A..Z.
 * Digits 0..9 have the same value as letters A..J.
 */
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

// Character classes: L = letter, D = digit or omocodia letter; the check char is any letter.
const DIGIT_OR_OMO = '[0-9LMNPQRSTUV]';
const FORMAT = new RegExp(
  `^[A-Z]{6}${DIGIT_OR_OMO}{2}[A-Z]${DIGIT_OR_OMO}{2}[A-Z]${DIGIT_OR_OMO}{3}[A-Z]$`,
);
const FIRST15 = /^[A-Z0-9]{15}$/;

/** Value 0..25 of a character: digits 0-9 as themselves, letters A-Z as 0-25. */
function ordinal(ch: string): number {
  const code = ch.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 65;
}

/** Check character for the first 15 characters of a codice fiscale (odd/even tables, sum mod 26). */
export function codiceFiscaleCheckChar(first15: string): string {
  const s = first15.toUpperCase();
  if (!FIRST15.test(s)) {
    throw new RangeError(`codiceFiscaleCheckChar: expected 15 letters/digits, got ${JSON.stringify(first15)}`);
  }
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const v = ordinal(s.charAt(i));
    // i is 0-based: i even <=> 1-based odd position.
    sum += i % 2 === 0 ? (ODD_VALUES[v] ?? 0) : v;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** Replaces omocodia letters with the digits they stand for (positions 7,8,10,11,13,14,15). */
function removeOmocodia(cf: string): string {
  const chars = cf.split('');
  for (const i of OMOCODIA_INDEXES) {
    const idx = OMOCODIA_LETTERS.indexOf(chars[i] ?? '');
    if (idx >= 0) chars[i] = String(idx);
  }
  return chars.join('');
}

/** Decodes month and day of an already de-omocodised, well-formed code; null if impossible. */
function decodeDate(plain: string): { year2: number; month: number; day: number; sex: 'M' | 'F' } | null {
  const month = MONTH_LETTERS.indexOf(plain.charAt(8)) + 1;
  if (month === 0) return null;
  const rawDay = Number(plain.slice(9, 11));
  const sex = rawDay > 40 ? 'F' : 'M';
  const day = sex === 'F' ? rawDay - 40 : rawDay;
  // The century is unknown, so 29 February is always accepted (2000 is a leap year).
  if (day < 1 || day > daysInMonth(2000, month)) return null;
  return { year2: Number(plain.slice(6, 8)), month, day, sex };
}

/**
 * Validates a codice fiscale of a natural person. The input is trimmed and upper-cased.
 * Checks, in order: length 16; character classes (omocodia letters allowed in the digit
 * positions); check character; a possible month and day (01-31 / 41-71, within the month's length).
 */
export function validateCodiceFiscale(input: string): CodiceFiscaleValidation {
  const value = input.trim().toUpperCase();
  if (value.length !== 16) return { ok: false, reason: 'length' };
  if (!FORMAT.test(value)) return { ok: false, reason: 'format' };
  if (codiceFiscaleCheckChar(value.slice(0, 15)) !== value.charAt(15)) return { ok: false, reason: 'check_char' };
  if (decodeDate(removeOmocodia(value)) === null) return { ok: false, reason: 'date' };
  return { ok: true, value };
}

export function isValidCodiceFiscale(s: string): boolean {
  return validateCodiceFiscale(s).ok;
}

function requireValid(cf: string, fn: string): string {
  const r = validateCodiceFiscale(cf);
  if (!r.ok) throw new RangeError(`${fn}: invalid codice fiscale ${JSON.stringify(cf)} (${r.reason})`);
  return r.value;
}

/** Birth date (2-digit year), sex and birthplace encoded in a valid codice fiscale. Throws RangeError if invalid. */
export function decodeCodiceFiscale(cf: string): DecodedCodiceFiscale {
  const plain = removeOmocodia(requireValid(cf, 'decodeCodiceFiscale'));
  const date = decodeDate(plain);
  if (date === null) throw new RangeError(`decodeCodiceFiscale: invalid date in ${JSON.stringify(cf)}`);
  const { sex, ...birthDate } = date;
  return { birthDate, sex, birthPlaceCode: plain.slice(11, 15) };
}

/** Upper-case A-Z letters of a name: accents removed, spaces, apostrophes and other signs dropped. */
function nameLetters(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
}

function splitLetters(name: string): { consonants: string; vowels: string } {
  const letters = nameLetters(name);
  return { consonants: letters.replace(/[AEIOU]/g, ''), vowels: letters.replace(/[^AEIOU]/g, '') };
}

function surnameCode(lastName: string): string {
  const { consonants, vowels } = splitLetters(lastName);
  return (consonants + vowels + 'XXX').slice(0, 3);
}

function firstNameCode(firstName: string): string {
  const { consonants, vowels } = splitLetters(firstName);
  if (consonants.length >= 4) return consonants.charAt(0) + consonants.charAt(2) + consonants.charAt(3);
  return (consonants + vowels + 'XXX').slice(0, 3);
}

/**
 * Computes the (non-omocodic) codice fiscale of a person.
 * Throws RangeError for an invalid date, sex, birthplace code, or a name without letters.
 */
export function buildCodiceFiscale(person: CodiceFiscalePerson): string {
  const { lastName, firstName, birthDate, sex } = person;
  if (nameLetters(lastName) === '' || nameLetters(firstName) === '') {
    throw new RangeError('buildCodiceFiscale: lastName and firstName must contain letters');
  }
  if (sex !== 'M' && sex !== 'F') throw new RangeError(`buildCodiceFiscale: invalid sex ${JSON.stringify(sex)}`);
  const place = person.birthPlaceCode.trim().toUpperCase();
  if (!/^[A-Z]\d{3}$/.test(place)) {
    throw new RangeError(`buildCodiceFiscale: invalid birthplace code ${JSON.stringify(person.birthPlaceCode)}`);
  }
  const { year, month, day } = parseIsoDate(birthDate);
  const first15 =
    surnameCode(lastName) +
    firstNameCode(firstName) +
    String(year % 100).padStart(2, '0') +
    MONTH_LETTERS.charAt(month - 1) +
    String(sex === 'F' ? day + 40 : day).padStart(2, '0') +
    place;
  return first15 + codiceFiscaleCheckChar(first15);
}

/**
 * The omocodic variant of level `level` (0-7): the `level` rightmost digit positions
 * (15, 14, 13, 11, 10, 8, 7) hold letters, the others digits; the check char is recomputed.
 * Level 0 gives the plain (non-omocodic) code. Throws RangeError if `cf` is invalid.
 */
export function applyOmocodia(cf: string, level: number): string {
  if (!Number.isInteger(level) || level < 0 || level > MAX_OMOCODIA_LEVEL) {
    throw new RangeError(`applyOmocodia: level must be an integer 0-${MAX_OMOCODIA_LEVEL}, got ${level}`);
  }
  const chars = removeOmocodia(requireValid(cf, 'applyOmocodia')).split('');
  for (const i of OMOCODIA_ORDER.slice(0, level)) {
    chars[i] = OMOCODIA_LETTERS.charAt(Number(chars[i]));
  }
  const first15 = chars.slice(0, 15).join('');
  return first15 + codiceFiscaleCheckChar(first15);
}
