/**
 * Protocol numbers of the registro di protocollo (DPR 445/2000, art. 57): progressive, at least
 * seven digits, restarting every calendar year. Displayed as 'NNNNNNN/YYYY'.
 */

export const PROTOCOL_NUMBER_MIN_DIGITS = 7;

export interface ParsedProtocolNumber {
  year?: number;
  number: number;
}

/** Spaces are allowed around the number, the slash and the year, not inside them. */
const PROTOCOL_TEXT = /^\s*(\d+)\s*(?:\/\s*(\d{4})\s*)?$/;

function isValidYear(year: number): boolean {
  return Number.isInteger(year) && year >= 1000 && year <= 9999;
}

function isValidNumber(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1;
}

/** '0000123/2025' for (2025, 123). Throws RangeError for a number < 1 or a year that is not 4 digits. */
export function formatProtocolNumber(year: number, number: number): string {
  if (!isValidYear(year)) throw new RangeError(`formatProtocolNumber: invalid year ${year}`);
  if (!isValidNumber(number)) throw new RangeError(`formatProtocolNumber: invalid number ${number}`);
  return `${String(number).padStart(PROTOCOL_NUMBER_MIN_DIGITS, '0')}/${year}`;
}

/**
 * Parses what a user types: '123/2025', '0000123/2025', '123', with spaces around the parts
 * (' 123 / 2025 '). The year is present only if typed. Returns null if not a protocol number.
 */
export function parseProtocolNumber(text: string): ParsedProtocolNumber | null {
  const m = PROTOCOL_TEXT.exec(text);
  if (!m) return null;
  const number = Number(m[1]);
  if (!isValidNumber(number)) return null;
  if (m[2] === undefined) return { number };
  const year = Number(m[2]);
  return isValidYear(year) ? { year, number } : null;
}
