export { it, type Catalogue, type MessageKey } from './it';
export { en } from './en';
export * from './translate';
export * from './format';
export * from './errors';
export { I18nProvider, LANGUAGE_STORAGE_KEY, useI18n, type I18n } from './I18nProvider';
