/**
 * Pure translation core: catalogues, language choice and `{placeholder}` interpolation. No React,
 * no DOM, so it is unit-tested in Node and usable outside components (e.g. ag-grid callbacks).
 */
import { en } from './en';
import { it, type Catalogue, type MessageKey } from './it';

export const LANGUAGES = ['it', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'it';

export const CATALOGUES: Record<Language, Catalogue> = { it, en };

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The stored preference if valid, else Italian (the product is Italian first). */
export function parseLanguage(value: string | null | undefined): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(it, key);
}

/** Replaces `{name}` with `params.name`; an unknown placeholder is left visible rather than dropped. */
export function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : match,
  );
}

export function createTranslator(language: Language): Translate {
  const catalogue = CATALOGUES[language];
  return (key, params) => interpolate(catalogue[key] ?? it[key] ?? key, params);
}
