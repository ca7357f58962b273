import { validateCodiceFiscale } from '../../shared/domain/codiceFiscale';
import { validatePartitaIva } from '../../shared/domain/partitaIva';

const CODICE_FISCALE_CANDIDATE = /(?<![A-Z0-9])[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![A-Z0-9])/g;
const PARTITA_IVA_CANDIDATE = /(?<![0-9])[0-9]{11}(?![0-9])/g;

/**
 * The valid codici fiscali (omocodia included) and partite IVA written in a text — a subject or an
 * e-mail body — in order of first appearance, without repetitions. Candidates whose check
 * character or digit is wrong are left out: a typo must not prefill someone else.
 */
export function taxCodesInText(text: string): string[] {
  const upper = text.toUpperCase();
  const found: { index: number; value: string }[] = [];
  for (const match of upper.matchAll(CODICE_FISCALE_CANDIDATE)) {
    if (validateCodiceFiscale(match[0]).ok) found.push({ index: match.index, value: match[0] });
  }
  for (const match of upper.matchAll(PARTITA_IVA_CANDIDATE)) {
    if (validatePartitaIva(match[0]).ok) found.push({ index: match.index, value: match[0] });
  }
  return [...new Set(found.sort((a, b) => a.index - b.index).map((entry) => entry.value))];
}
