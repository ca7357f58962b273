import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { Party, PeopleSearchResult } from '../../shared/api/people';
import { call } from '../api/client';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import type { PartyRef } from '../cases/navigation';
import { errorMessage, issueMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import type { Translate } from '../i18n/translate';
import { DossierView } from './DossierView';
import { PartyResults } from './PartyResults';
import './people.css';

/** The refusal of a search in words: the identifier's own reason when there is one (length, format, check character). */
function searchErrorText(error: ApiError, t: Translate): string {
  const issue = error.issues?.[0];
  return issue ? issueMessage(issue, t) : errorMessage(error, t);
}

/**
 * "Fascicolo persona": find a person or business (codice fiscale, partita IVA or name; Enter
 * searches), then see their dossier. Opened from a case's applicant with `request`.
 */
export function DossierPage({ request }: { request: { party: PartyRef; serial: number } | null }) {
  const { t, format } = useI18n();
  const [text, setText] = useState('');
  const [searching, setSearching] = useState(false);
  const [result, setResult] = useState<PeopleSearchResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<PartyRef | null>(request?.party ?? null);
  const input = useRef<HTMLInputElement>(null);

  // A new request (the applicant of a case) shows that dossier; adjusting state while rendering, as React advises.
  const [shownRequest, setShownRequest] = useState(request?.serial ?? 0);
  if (request && request.serial !== shownRequest) {
    setShownRequest(request.serial);
    setSelected(request.party);
  }

  useEffect(() => {
    if (!request) input.current?.focus();
  }, [request]);

  const search = async () => {
    setSearching(true);
    setError(null);
    const answer = await call('people/search', { text });
    setSearching(false);
    if (!answer.ok) {
      setError(answer.error);
      setResult(null);
      return;
    }
    setResult(answer.data);
    // One match by codice fiscale or partita IVA: that is who the clerk is looking for.
    const only = answer.data.parties.length === 1 && answer.data.searchedBy !== 'name' ? answer.data.parties[0] : undefined;
    if (only) setSelected({ kind: only.kind, id: only.id });
  };

  const open = (party: Party) => setSelected({ kind: party.kind, id: party.id });

  return (
    <main className="page people-page" aria-labelledby="people-title" data-testid="people-page">
      <div className="page-head">
        <div className="page-title">
          <h1 id="people-title">{t('people.title')}</h1>
        </div>
      </div>
      <div className="people-layout">
        <div className="people-search-pane">
          <form
            className="people-search"
            role="search"
            onSubmit={(event) => {
              event.preventDefault();
              void search();
            }}
          >
            <label className="search people-search-box">
              <span className="visually-hidden">{t('people.search')}</span>
              <Icon name="search" />
              <input
                ref={input}
                className="input"
                type="search"
                data-testid="people-search"
                placeholder={t('people.searchPlaceholder')}
                value={text}
                maxLength={100}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? 'people-search-error' : undefined}
                onChange={(event) => setText(event.target.value)}
              />
            </label>
            <button type="submit" className="btn btn-primary" data-testid="people-search-submit" disabled={searching}>
              {searching ? t('people.searching') : t('people.searchButton')}
            </button>
          </form>
          <p className="field-hint">{t('people.searchHint')}</p>
          {error && (
            <div id="people-search-error">
              <Notice kind="error" testId="people-search-error">
                {searchErrorText(error, t)}
              </Notice>
            </div>
          )}
          {result?.approximate && (
            <Notice kind="warning" testId="people-approximate">
              {t('people.approximate')}
            </Notice>
          )}
          {result?.truncated && (
            <Notice kind="warning" testId="people-truncated">
              {t('people.truncated', { count: format.number(result.parties.length) })}
            </Notice>
          )}
          {result && <PartyResults parties={result.parties} onOpen={open} />}
        </div>
        <div className="people-dossier-pane">
          {selected ? (
            <DossierView key={`${selected.kind}-${selected.id}`} party={selected} />
          ) : (
            <p className="dossier-placeholder cell-muted">{t('people.choose')}</p>
          )}
        </div>
      </div>
    </main>
  );
}
