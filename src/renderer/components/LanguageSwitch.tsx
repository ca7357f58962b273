import { useId } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { LANGUAGES, isLanguage } from '../i18n/translate';

/** Italiano / English. Each option is written in its own language, as is customary. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { language, setLanguage, t } = useI18n();
  const id = useId();
  return (
    <span className="language-switch">
      <label htmlFor={id} className={compact ? 'visually-hidden' : 'muted'}>
        {t('language.label')}
        {compact ? '' : ' '}
      </label>
      <select
        id={id}
        className="select"
        data-testid="language-switch"
        value={language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) setLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`language.${code}`)}
          </option>
        ))}
      </select>
    </span>
  );
}
