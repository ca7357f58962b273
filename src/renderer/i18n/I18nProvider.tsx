import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createFormatters, type Formatters } from './format';
import { createTranslator, parseLanguage, type Language, type Translate } from './translate';

/** Where the language choice is remembered (per workstation, not per user: it is chosen before sign-in). */
export const LANGUAGE_STORAGE_KEY = 'scrivania.language';

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
  format: Formatters;
}

const I18nContext = createContext<I18n | null>(null);

function readStoredLanguage(): Language {
  try {
    return parseLanguage(window.localStorage.getItem(LANGUAGE_STORAGE_KEY));
  } catch {
    return parseLanguage(null);
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(readStoredLanguage);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(LANGUAGE_STORAGE_KEY, next);
    } catch {
      // Storage may be unavailable (private mode): the choice then lasts for this window only.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18n>(
    () => ({ language, setLanguage, t: createTranslator(language), format: createFormatters(language) }),
    [language, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
