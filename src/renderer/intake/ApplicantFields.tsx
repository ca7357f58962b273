import { useState, type ReactNode } from 'react';
import type { ApplicantMatch } from '../../shared/api/intake';
import { call } from '../api/client';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/it';
import { matchLabel, valuesFromMatch, type ApplicantField, type ApplicantFormValues } from './applicantForm';

export function FormField({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

const FIELD_LABELS: Record<ApplicantField, MessageKey> = {
  codiceFiscale: 'intake.applicant.codiceFiscale',
  lastName: 'intake.applicant.lastName',
  firstName: 'intake.applicant.firstName',
  partitaIva: 'intake.applicant.partitaIva',
  businessTaxCode: 'intake.applicant.businessTaxCode',
  name: 'intake.applicant.name',
  email: 'intake.applicant.email',
  pec: 'intake.applicant.pec',
  address: 'intake.applicant.address',
  postalCode: 'intake.applicant.postalCode',
  city: 'intake.applicant.city',
};

const PERSON_FIELDS: ApplicantField[] = ['codiceFiscale', 'lastName', 'firstName'];
const BUSINESS_FIELDS: ApplicantField[] = ['partitaIva', 'name', 'businessTaxCode'];
const CONTACT_FIELDS: ApplicantField[] = ['pec', 'email', 'address', 'postalCode', 'city'];
const UPPER_CASE: ReadonlySet<ApplicantField> = new Set(['codiceFiscale', 'businessTaxCode']);

/**
 * Who the instance is from: a person (codice fiscale) or a business (partita IVA). A search of the
 * registry (by codice fiscale, partita IVA or name) and the entries an arrival matched fill the
 * fields; a new applicant is typed in and enters the registry with the registration.
 */
export function ApplicantFields({
  idPrefix,
  values,
  errors,
  suggestions = [],
  onChange,
}: {
  idPrefix: string;
  values: ApplicantFormValues;
  errors: Partial<Record<ApplicantField, string>>;
  suggestions?: ApplicantMatch[];
  onChange(values: ApplicantFormValues): void;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ApplicantMatch[] | null>(null);
  const [searching, setSearching] = useState(false);

  const search = async () => {
    if (query.trim().length < 2) return;
    setSearching(true);
    const result = await call('intake/findApplicants', { query });
    setSearching(false);
    setResults(result.ok ? result.data : []);
  };

  const set = (field: ApplicantField, value: string) =>
    onChange({ ...values, [field]: UPPER_CASE.has(field) ? value.toUpperCase() : value });
  const choose = (match: ApplicantMatch) => {
    onChange(valuesFromMatch(match));
    setResults(null);
  };
  const fields = [...(values.kind === 'person' ? PERSON_FIELDS : BUSINESS_FIELDS), ...CONTACT_FIELDS];
  const candidates = results ?? suggestions;

  return (
    <fieldset className="fieldset intake-applicant" data-testid={`${idPrefix}-applicant`}>
      <legend className="field-label">{t('intake.applicant.legend')}</legend>
      <div className="intake-search" role="search">
        <input
          className="input"
          id={`${idPrefix}-applicant-search`}
          data-testid={`${idPrefix}-applicant-search`}
          placeholder={t('intake.applicant.searchPlaceholder')}
          aria-label={t('intake.applicant.search')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              void search();
            }
          }}
        />
        <button
          type="button"
          className="btn"
          data-testid={`${idPrefix}-applicant-search-go`}
          disabled={searching || query.trim().length < 2}
          onClick={() => void search()}
        >
          {t('intake.applicant.search')}
        </button>
      </div>
      {candidates.length > 0 && (
        <ul
          className="intake-matches"
          aria-label={results ? t('intake.applicant.results') : t('intake.applicant.suggestions')}
          data-testid={`${idPrefix}-applicant-matches`}
        >
          {candidates.map((match) => (
            <li key={`${match.kind}-${match.id}`}>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                data-testid={`${idPrefix}-applicant-match`}
                onClick={() => choose(match)}
              >
                {matchLabel(match)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {results !== null && results.length === 0 && <span className="field-hint">{t('intake.applicant.noResults')}</span>}

      <div className="intake-kind" role="radiogroup" aria-label={t('intake.applicant.kind')}>
        {(['person', 'business'] as const).map((kind) => (
          <label key={kind}>
            <input
              type="radio"
              name={`${idPrefix}-kind`}
              data-testid={`${idPrefix}-kind-${kind}`}
              checked={values.kind === kind}
              onChange={() => onChange({ ...values, kind })}
            />
            {t(kind === 'person' ? 'intake.applicant.person' : 'intake.applicant.business')}
          </label>
        ))}
      </div>

      <div className="intake-grid">
        {fields.map((field) => {
          const id = `${idPrefix}-${field}`;
          return (
            <FormField key={field} id={id} label={t(FIELD_LABELS[field])} error={errors[field]}>
              <input
                id={id}
                className={UPPER_CASE.has(field) || field === 'partitaIva' ? 'input input-mono' : 'input'}
                data-testid={id}
                autoComplete="off"
                spellCheck={false}
                value={values[field]}
                aria-invalid={errors[field] ? true : undefined}
                aria-describedby={errors[field] ? `${id}-error` : undefined}
                onChange={(event) => set(field, event.target.value)}
              />
            </FormField>
          );
        })}
      </div>
    </fieldset>
  );
}
