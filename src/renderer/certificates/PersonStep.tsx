import { useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { Party, PeopleSearchResult } from '../../shared/api/people';
import { call } from '../api/client';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { errorMessage, issueMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { birthPlaceText, partyAddress, partyName } from '../people/partyText';

export type Person = Extract<Party, { kind: 'person' }>;

function isPerson(party: Party): party is Person {
  return party.kind === 'person';
}

/** The person chosen: name, codice fiscale, birth and address, as the clerk checks them with the citizen. */
export function PersonCard({ person, onChange }: { person: Person; onChange(): void }) {
  const { t, format } = useI18n();
  return (
    <div className="counter-person" data-testid="counter-person">
      <div>
        <div className="counter-person-name" data-testid="counter-person-name">
          {partyName(person)}
        </div>
        <div className="cell-mono">{person.codiceFiscale}</div>
        <div className="cell-muted">
          {t(`people.born.${person.sex}`, { date: format.date(person.birthDate), place: birthPlaceText(person.birthPlace, t) })}
        </div>
        <div className="cell-muted">{partyAddress(person) ?? t('counter.person.noAddress')}</div>
      </div>
      <button type="button" className="btn btn-small" data-testid="counter-person-change" onClick={onChange}>
        {t('counter.person.change')}
      </button>
    </div>
  );
}

/**
 * Finding the holder in the people registry (the same `people/search` as the person's dossier):
 * a codice fiscale picks the person at once; a name lists the matches, chosen with the arrows and
 * Enter. Businesses are not holders of registry certificates and are left out.
 */
export function PersonSearch({ inputRef, onChoose }: { inputRef: RefObject<HTMLInputElement | null>; onChoose(person: Person): void }) {
  const { t, format } = useI18n();
  const [text, setText] = useState('');
  const [searching, setSearching] = useState(false);
  const [result, setResult] = useState<(PeopleSearchResult & { people: Person[]; text: string }) | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const list = useRef<HTMLUListElement>(null);

  const search = async () => {
    setSearching(true);
    setError(null);
    const answer = await call('people/search', { text });
    setSearching(false);
    if (!answer.ok) {
      setResult(null);
      setError(answer.error);
      return;
    }
    const people = answer.data.parties.filter(isPerson);
    const only = people.length === 1 && answer.data.searchedBy === 'codice_fiscale' ? people[0] : undefined;
    if (only) {
      setResult(null);
      onChoose(only);
      return;
    }
    setResult({ ...answer.data, people, text: text.trim() });
    // The clerk goes on with the arrows: the first match takes the focus.
    if (people.length > 0) requestAnimationFrame(() => list.current?.querySelector('button')?.focus());
  };

  const onListKey = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...(list.current?.querySelectorAll('button') ?? [])];
    const index = buttons.findIndex((button) => button === document.activeElement);
    const next = buttons[event.key === 'ArrowDown' ? Math.min(index + 1, buttons.length - 1) : Math.max(index - 1, 0)];
    if (!next) return;
    event.preventDefault();
    next.focus();
  };

  const issue = error?.issues?.[0];
  return (
    <div className="counter-search">
      <form
        className="counter-search-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim() !== '') void search();
        }}
      >
        <label className="search counter-search-box">
          <span className="visually-hidden">{t('counter.search.label')}</span>
          <Icon name="search" />
          <input
            ref={inputRef}
            className="input"
            type="search"
            data-testid="counter-person-search"
            placeholder={t('counter.search.placeholder')}
            value={text}
            maxLength={100}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby="counter-search-hint"
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <button type="submit" className="btn" disabled={searching || text.trim() === ''}>
          {searching ? t('counter.search.busy') : t('counter.search.button')}
        </button>
      </form>
      <p className="field-hint" id="counter-search-hint">
        {t('counter.search.hint')}
      </p>
      {error && (
        <Notice kind="error" testId="counter-search-error">
          {issue ? issueMessage(issue, t) : errorMessage(error, t)}
        </Notice>
      )}
      {result && result.people.length === 0 && (
        <Notice kind="warning" testId="counter-search-none">
          {t('counter.search.none', { text: result.text })}
        </Notice>
      )}
      {result?.approximate && result.people.length > 0 && <Notice kind="warning">{t('counter.search.approximate')}</Notice>}
      {result?.truncated && <Notice kind="warning">{t('counter.search.truncated', { count: format.number(result.people.length) })}</Notice>}
      {result && result.people.length > 0 && (
        <ul ref={list} className="counter-matches" data-testid="counter-matches" onKeyDown={onListKey}>
          {result.people.map((person) => (
            <li key={person.id}>
              <button type="button" className="counter-match" onClick={() => onChoose(person)}>
                <span className="counter-match-name">{partyName(person)}</span>
                <span className="cell-mono">{person.codiceFiscale}</span>
                <span className="cell-muted">
                  {t(`people.born.${person.sex}`, { date: format.date(person.birthDate), place: birthPlaceText(person.birthPlace, t) })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
