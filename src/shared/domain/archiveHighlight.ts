/**
 * Highlighting of search results: which words of a displayed text (a name, an address) the user's
 * words match, forgiving case, accents, a missing apostrophe and one typing error in longer words,
 * as the search itself does. Also reads the database's highlighted text (ts_headline with markers).
 * Pure, shared, unit-tested.
 */
import type { HighlightedText } from '../api/archive';

/** Markers the database puts around matched words (characters that never occur in archive text). */
export const HIT_START = '\u27e6';
export const HIT_END = '\u27e7';

/** Splits text marked with HIT_START/HIT_END into segments. */
export function fromMarkedText(marked: string): HighlightedText {
  const segments: HighlightedText = [];
  let rest = marked;
  while (rest.length > 0) {
    const start = rest.indexOf(HIT_START);
    if (start < 0) {
      segments.push({ text: rest, hit: false });
      break;
    }
    if (start > 0) segments.push({ text: rest.slice(0, start), hit: false });
    const end = rest.indexOf(HIT_END, start + 1);
    const hit = end < 0 ? rest.slice(start + 1) : rest.slice(start + 1, end);
    if (hit.length > 0) segments.push({ text: hit, hit: true });
    rest = end < 0 ? '' : rest.slice(end + 1);
  }
  return merge(segments);
}

function merge(segments: HighlightedText): HighlightedText {
  const merged: HighlightedText = [];
  for (const segment of segments) {
    const last = merged[merged.length - 1];
    if (last && last.hit === segment.hit) last.text += segment.text;
    else merged.push({ ...segment });
  }
  return merged;
}

export function plain(text: string): HighlightedText {
  return text.length > 0 ? [{ text, hit: false }] : [];
}

export function isHighlighted(text: HighlightedText): boolean {
  return text.some((segment) => segment.hit);
}

/** A word as compared: lower case, accents and apostrophes removed. */
export function foldWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** At most one insertion, deletion or substitution apart. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (a.length > b.length) i += 1;
    else if (b.length > a.length) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Whether a displayed word answers a typed one: equal, a prefix or one typo away (4+ letters). */
export function wordMatches(shown: string, typed: string): boolean {
  const a = foldWord(shown);
  const b = foldWord(typed);
  if (a.length === 0 || b.length === 0) return false;
  if (a === b) return true;
  if (b.length >= 4 && a.startsWith(b)) return true;
  return b.length >= 4 && withinOneEdit(a, b);
}

/** Marks the words of `text` that match any of `typed`. */
export function highlightWords(text: string, typed: readonly string[]): HighlightedText {
  const terms = typed.filter((word) => foldWord(word).length > 0);
  if (terms.length === 0) return plain(text);
  const segments: HighlightedText = [];
  for (const part of text.split(/([\p{L}\p{N}'’]+)/u)) {
    if (part.length === 0) continue;
    const hit = /[\p{L}\p{N}]/u.test(part) && terms.some((term) => wordMatches(part, term));
    segments.push({ text: part, hit });
  }
  return merge(segments);
}
