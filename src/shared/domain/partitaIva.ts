/**
 * Partita IVA (DPR 633/1972, art. 35; DPR 605/1973): 11 digits, the last one a check digit.
 * Digits 1-7: matricola of the taxpayer; 8-10: code of the provincial office; 11: check digit.
 * It is also the codice fiscale of companies and other non-natural persons.
 */
import { isValidCodiceFiscale } from './codiceFiscale';

export type PartitaIvaError = 'length' | 'format' | 'check_digit';

export type PartitaIvaValidation = { ok: true; value: string } | { ok: false; reason: PartitaIvaError };

const TEN_DIGITS = /^\d{10}$/;
const ELEVEN_DIGITS = /^\d{11}$/;

/**
 * Check digit of the first 10 digits (Luhn-style): digits in odd positions (1st, 3rd, ...) are
 * summed as they are; digits in even positions are doubled, minus 9 if the result exceeds 9;
 * check = (10 - sum % 10) % 10.
 */
export function partitaIvaCheckDigit(first10: string): string {
  if (!TEN_DIGITS.test(first10)) {
    throw new RangeError(`partitaIvaCheckDigit: expected 10 digits, got ${JSON.stringify(first10)}`);
  }
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = Number(first10.charAt(i));
    if (i % 2 === 0) {
      sum += d; // 1-based odd position
    } else {
      const doubled = d * 2;
      sum += doubled > 9 ? doubled - 9 : doubled;
    }
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * Validates a partita IVA (input trimmed). '00000000000' passes the check digit but is not a
 * real number (matricola and office code 0), so it is rejected as 'format'.
 */
export function validatePartitaIva(s: string): PartitaIvaValidation {
  const value = s.trim();
  if (value.length !== 11) return { ok: false, reason: 'length' };
  if (!ELEVEN_DIGITS.test(value) || value === '00000000000') return { ok: false, reason: 'format' };
  if (partitaIvaCheckDigit(value.slice(0, 10)) !== value.charAt(10)) return { ok: false, reason: 'check_digit' };
  return { ok: true, value };
}

export function isValidPartitaIva(s: string): boolean {
  return validatePartitaIva(s).ok;
}

/**
 * Tax code of a business: either an 11-digit partita IVA / codice fiscale of a company, or the
 * 16-character personal codice fiscale of a sole trader (ditta individuale).
 */
export function isValidBusinessTaxCode(s: string): boolean {
  return isValidPartitaIva(s) || isValidCodiceFiscale(s);
}
