/**
 * What a clerk typed in the dossier's search box, understood the way a front office reads it:
 * - only digits: a partita IVA (or a company's numeric codice fiscale), 11 digits with its check
 *   digit; an "IT" prefix (as on VAT documents) is allowed;
 * - letters and digits together: a person's codice fiscale, 16 characters with its check character,
 *   omocodia included (DM 23/12/1976; digits replaced by L M N P Q R S T U V, up to all seven);
 * - anything else: a name, surname first ("Rossi Mario"), in any case, with or without accents and
 *   apostrophes ("D'Angelo Niccolò" = "dangelo niccolo").
 * Spaces, dots and dashes inside a code are ignored ("RSS MRA 80A01 H501U").
 * An identifier that cannot be valid is refused with the reason, so the clerk can correct it
 * instead of wondering why nobody is found.
 */
import { validateCodiceFiscale, type CodiceFiscaleError } from './codiceFiscale';
import { validatePartitaIva, type PartitaIvaError } from './partitaIva';

export type PeopleQuery =
  { kind: 'codice_fiscale'; value: string } | { kind: 'partita_iva'; value: string } | { kind: 'name'; words: string[] };

export type PeopleQueryRefusal = `codice_fiscale_${CodiceFiscaleError}` | `partita_iva_${PartitaIvaError}` | 'name_too_short';

export type PeopleQueryInterpretation = { ok: true; query: PeopleQuery } | { ok: false; reason: PeopleQueryRefusal };

/** At most this many words of a name are used (surname, names, particles). */
export const MAX_NAME_WORDS = 5;
/** A name search needs at least this many letters in all. */
export const MIN_NAME_LETTERS = 2;

const CODE_SEPARATORS = /[\s.\-/]/g;
/** A codice fiscale whose seven digits all became letters (omocodia of the last degree) has no digit left. */
const FULLY_OMOCODIC = /^[A-Z]{6}[LMNPQRSTUV]{2}[A-Z][LMNPQRSTUV]{2}[A-Z][LMNPQRSTUV]{3}[A-Z]$/;

export function interpretPeopleQuery(text: string): PeopleQueryInterpretation {
  const compact = text.replace(CODE_SEPARATORS, '').toUpperCase();
  const vatNumber = /^IT\d+$/.test(compact) ? compact.slice(2) : compact;
  if (/^\d+$/.test(vatNumber)) {
    const check = validatePartitaIva(vatNumber);
    return check.ok
      ? { ok: true, query: { kind: 'partita_iva', value: check.value } }
      : { ok: false, reason: `partita_iva_${check.reason}` };
  }
  if (/^[A-Z0-9]+$/.test(compact) && (/\d/.test(compact) || FULLY_OMOCODIC.test(compact))) {
    const check = validateCodiceFiscale(compact);
    return check.ok
      ? { ok: true, query: { kind: 'codice_fiscale', value: check.value } }
      : { ok: false, reason: `codice_fiscale_${check.reason}` };
  }
  const words = text
    .split(/\s+/)
    .map((word) => word.trim())
    .filter((word) => /\p{L}|\d/u.test(word))
    .slice(0, MAX_NAME_WORDS);
  const letters = words.join('').match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_NAME_LETTERS) return { ok: false, reason: 'name_too_short' };
  return { ok: true, query: { kind: 'name', words } };
}
