import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { CertificateDetail, CertificateQuote, CertificateTypeInfo } from '../../shared/api/certificates';
import type { ApiError } from '../../shared/api/errors';
import type { SessionInfo } from '../../shared/api/session';
import { call } from '../api/client';
import { useCall } from '../api/hooks';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { CduRequestStep } from './CduRequestStep';
import {
  createIdempotencyKeys,
  EMPTY_PAYMENT,
  EMPTY_USE,
  issuableTypes,
  paymentFromDraft,
  requestSignature,
  useFromDraft,
  type PaymentDraft,
  type UseDraft,
} from './counterForm';
import { FeesTable, PaymentStep } from './FeesStep';
import { IssuedCertificate } from './IssuedCertificate';
import { euroText } from './money';
import { PersonCard, PersonSearch, type Person } from './PersonStep';
import { UseStep } from './UseStep';

type Step = 'person' | 'type' | 'cdu' | 'use' | 'payment' | 'issue';

/** Alt+<letter> moves to a step from anywhere on the counter; shown beside each step's title. */
const STEP_KEYS: Partial<Record<Step, string>> = { person: 'P', type: 'C', use: 'U', payment: 'G', issue: 'R' };
const NEW_KEY = 'N';

type QuoteState = { signature: string; quote: CertificateQuote | null; error: ApiError | null };

/**
 * "Sportello": one screen, top to bottom — the person, the certificate, its use (bollo or
 * exemption), the amounts, the payment — then Issue, which produces the numbered PDF to print or
 * save. Enter moves to the next step, Alt+letter jumps to a step, Alt+R issues, Alt+N starts again.
 */
export function CounterView({ session }: { session: SessionInfo }) {
  const { t, format, language } = useI18n();
  const types = useCall('certificates/types/list', {});
  const [person, setPerson] = useState<Person | null>(null);
  const [typeCode, setTypeCode] = useState<string | null>(null);
  const [cduRequestId, setCduRequestId] = useState<number | null>(null);
  const [useDraft, setUseDraft] = useState<UseDraft>(EMPTY_USE);
  const [paymentDraft, setPaymentDraft] = useState<PaymentDraft>(EMPTY_PAYMENT);
  const [quoteState, setQuoteState] = useState<QuoteState | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const [issueError, setIssueError] = useState<ApiError | null>(null);
  const [issued, setIssued] = useState<CertificateDetail | null>(null);
  const keys = useRef(createIdempotencyKeys());
  const searchInput = useRef<HTMLInputElement>(null);
  const sections = useRef<Partial<Record<Step, HTMLElement | null>>>({});

  const offered = useMemo(() => issuableTypes(types.data ?? [], session.role), [types.data, session.role]);
  const type: CertificateTypeInfo | null = offered.find((item) => item.code === typeCode) ?? null;
  const needsCduRequest = type?.source === 'cdu';

  const use = useFromDraft(useDraft);
  const useValue = type && use.ok ? use.value : null;
  const quoteSignature = type && useValue ? JSON.stringify([type.code, type.version, useValue]) : null;
  const quote = quoteState && quoteState.signature === quoteSignature ? quoteState.quote : null;
  const payment = quote ? paymentFromDraft(paymentDraft, quote) : null;

  // The amounts come from the server (the type's current configuration), asked again when the use changes.
  useEffect(() => {
    if (!quoteSignature || !type || !useValue) return;
    let current = true;
    void call('certificates/quote', { typeCode: type.code, use: useValue }).then((result) => {
      if (!current) return;
      setQuoteState({ signature: quoteSignature, quote: result.ok ? result.data : null, error: result.ok ? null : result.error });
    });
    return () => {
      current = false;
    };
    // quoteSignature stands for type and use.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [quoteSignature]);

  /** Focuses a step's field to correct, its choice, or its first control; false while the step has none yet. */
  const focusStep = useCallback((step: Step): boolean => {
    const section = sections.current[step];
    const target =
      section?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      section?.querySelector<HTMLElement>('input:checked') ??
      section?.querySelector<HTMLElement>('input:not([type=hidden]):not(:disabled), select, textarea, button:not(:disabled)');
    target?.focus();
    return Boolean(target);
  }, []);
  // A step asked for focus before it was rendered (or its choices loaded) takes it as soon as it can.
  const [pendingFocus, setPendingFocus] = useState<Step | null>(null);
  useEffect(() => {
    if (pendingFocus && focusStep(pendingFocus)) setPendingFocus(null);
  }, [pendingFocus, focusStep, types.data, person, typeCode, cduRequestId, quoteState, attempted]);

  const stepsShown: Step[] = [
    'person',
    ...(person ? (['type'] as const) : []),
    ...(person && needsCduRequest ? (['cdu'] as const) : []),
    ...(person && type && (!needsCduRequest || cduRequestId !== null) ? (['use', 'payment', 'issue'] as const) : []),
  ];

  const advanceFrom = (step: Step) => {
    const next = stepsShown[stepsShown.indexOf(step) + 1];
    if (next) setPendingFocus(next);
  };

  const reset = () => {
    keys.current.reset();
    setPerson(null);
    setTypeCode(null);
    setCduRequestId(null);
    setUseDraft(EMPTY_USE);
    setPaymentDraft(EMPTY_PAYMENT);
    setAttempted(false);
    setIssueError(null);
    setIssued(null);
    requestAnimationFrame(() => searchInput.current?.focus());
  };

  const issue = async () => {
    setAttempted(true);
    if (issuing || !person || !type) return;
    // The first step still to complete takes the focus, its problem shown under the field.
    const incomplete: Step | null =
      needsCduRequest && cduRequestId === null ? 'cdu' : !useValue ? 'use' : !quote || !payment?.ok ? 'payment' : null;
    if (incomplete || !useValue || !quote || !payment?.ok) {
      if (incomplete) setPendingFocus(incomplete);
      return;
    }
    const request = {
      typeCode: type.code,
      personId: person.id,
      use: useValue,
      payment: payment.value,
      cduRequestId: needsCduRequest ? cduRequestId : null,
    };
    const idempotencyKey = keys.current.keyFor(requestSignature(request));
    setIssuing(true);
    setIssueError(null);
    const result = await call('certificates/issue', { ...request, idempotencyKey });
    setIssuing(false);
    if (!result.ok) {
      setIssueError(result.error);
      return;
    }
    keys.current.reset();
    setIssued(result.data);
  };

  useEffect(() => {
    searchInput.current?.focus();
  }, []);

  // Alt+letter shortcuts of the counter (the shell keeps Alt+digits for the pages).
  const latest = useRef({ focusStep, issue, reset, issued: issued !== null, stepsShown });
  useEffect(() => {
    latest.current = { focusStep, issue, reset, issued: issued !== null, stepsShown };
  });
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const letter = /^Key([A-Z])$/.exec(event.code)?.[1];
      if (!letter) return;
      const state = latest.current;
      if (letter === NEW_KEY) {
        event.preventDefault();
        state.reset();
        return;
      }
      if (state.issued) return;
      const step = (Object.keys(STEP_KEYS) as Step[]).find((candidate) => STEP_KEYS[candidate] === letter);
      if (!step || !state.stepsShown.includes(step)) return;
      event.preventDefault();
      if (step === 'issue') void state.issue();
      else state.focusStep(step);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  if (issued) return <IssuedCertificate certificate={issued} onNew={reset} newShortcut={`Alt+${NEW_KEY}`} />;

  /** Enter on a choice or a field goes to the next step (buttons and the search keep their own Enter). */
  const onStepKey = (step: Step) => (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Enter' || event.altKey || event.ctrlKey || event.shiftKey) return;
    const target = event.target as HTMLElement;
    if (target.tagName === 'BUTTON' || target.tagName === 'TEXTAREA' || target.closest('form')) return;
    event.preventDefault();
    if (step === 'payment') void issue();
    else advanceFrom(step);
  };

  const section = (step: Step, title: string, body: ReactNode, done = false) => (
    <section
      key={step}
      ref={(element) => {
        sections.current[step] = element;
      }}
      className={done ? 'counter-step is-done' : 'counter-step'}
      aria-labelledby={`counter-step-${step}`}
      data-testid={`counter-step-${step}`}
      tabIndex={-1}
      onKeyDown={onStepKey(step)}
    >
      <h2 className="counter-step-title" id={`counter-step-${step}`}>
        <span className="counter-step-number" aria-hidden="true">
          {stepsShown.indexOf(step) + 1}
        </span>
        {title}
        {STEP_KEYS[step] && <kbd title={t('certificates.shortcut', { keys: `Alt+${STEP_KEYS[step]}` })}>Alt+{STEP_KEYS[step]}</kbd>}
      </h2>
      {body}
    </section>
  );

  const useProblem = attempted && !use.ok ? use.problem : null;
  const paymentProblem = attempted && payment && !payment.ok ? payment.problem : null;
  const quoteError = quoteState && quoteState.signature === quoteSignature ? quoteState.error : null;
  const feeSummary = (item: CertificateTypeInfo) => {
    const euro = (cents: number) => euroText(cents, language, format);
    return item.bolloApplies
      ? t('counter.type.fees', { bollo: euro(item.bolloCents), fee: euro(item.feeWithBolloCents), feeExempt: euro(item.feeExemptCents) })
      : `${t('counter.type.exemptByLaw')} · ${t('counter.type.feesExemptOnly', { feeExempt: euro(item.feeExemptCents) })}`;
  };

  return (
    <div className="counter" data-testid="counter">
      {section(
        'person',
        t('counter.step.person'),
        person ? (
          <PersonCard
            person={person}
            onChange={() => {
              setPerson(null);
              setCduRequestId(null);
              requestAnimationFrame(() => searchInput.current?.focus());
            }}
          />
        ) : (
          <PersonSearch
            inputRef={searchInput}
            onChoose={(chosen) => {
              setPerson(chosen);
              setPendingFocus('type');
            }}
          />
        ),
        person !== null,
      )}

      {person &&
        section(
          'type',
          t('counter.step.type'),
          <>
            {types.error && <Notice kind="error">{errorMessage(types.error, t)}</Notice>}
            {types.data && offered.length === 0 && <Notice kind="warning">{t('counter.type.none')}</Notice>}
            <div
              className="counter-choices counter-types"
              role="radiogroup"
              aria-label={t('counter.step.type')}
              data-testid="counter-types"
            >
              {offered.map((item) => (
                <label key={item.code} className="counter-choice counter-type">
                  <input
                    type="radio"
                    name="counter-type"
                    value={item.code}
                    data-testid={`counter-type-${item.code}`}
                    checked={typeCode === item.code}
                    onChange={() => {
                      setTypeCode(item.code);
                      setCduRequestId(null);
                      setUseDraft(item.bolloApplies ? EMPTY_USE : { ...EMPTY_USE, kind: 'exempt' });
                      setAttempted(false);
                      setIssueError(null);
                    }}
                  />
                  <span className="counter-type-text">
                    <span className="counter-type-name">{item.name}</span>
                    <span className="cell-muted">
                      {feeSummary(item)}
                      {item.protocolled ? ` · ${t('counter.type.protocolled')}` : ''}
                    </span>
                  </span>
                </label>
              ))}
            </div>
          </>,
          type !== null,
        )}

      {person &&
        type &&
        needsCduRequest &&
        section(
          'cdu',
          t('counter.step.cdu'),
          <CduRequestStep person={person} selected={cduRequestId} onSelect={setCduRequestId} />,
          cduRequestId !== null,
        )}

      {stepsShown.includes('use') && type && (
        <div className="counter-row">
          {section(
            'use',
            t('counter.step.use'),
            <UseStep type={type} draft={useDraft} problem={useProblem} onChange={setUseDraft} />,
            use.ok,
          )}
          <div className="counter-side">
            {section(
              'payment',
              t('counter.step.fees'),
              quote ? (
                <>
                  <FeesTable quote={quote} useKind={useDraft.kind ?? 'exempt'} />
                  <h3 className="counter-subtitle">{t('counter.step.payment')}</h3>
                  <PaymentStep quote={quote} draft={paymentDraft} problem={paymentProblem} onChange={setPaymentDraft} />
                </>
              ) : quoteError ? (
                <Notice kind="error" testId="counter-quote-error">
                  {errorMessage(quoteError, t)}
                </Notice>
              ) : (
                <p className="cell-muted">{quoteSignature ? t('counter.fees.loading') : t('counter.fees.pending')}</p>
              ),
            )}
            {section(
              'issue',
              t('counter.issue'),
              <div className="counter-issue">
                {issueError && (
                  <Notice kind="error" testId="counter-issue-error">
                    {errorMessage(issueError, t)}
                  </Notice>
                )}
                <button
                  type="button"
                  className="btn btn-primary counter-issue-button"
                  data-testid="counter-issue"
                  aria-keyshortcuts="Alt+R"
                  disabled={issuing}
                  aria-busy={issuing || undefined}
                  onClick={() => void issue()}
                >
                  {issuing ? t('counter.issuing') : t('counter.issue')}
                </button>
                <span className="field-hint">{t('counter.issueHint')}</span>
              </div>,
            )}
          </div>
        </div>
      )}
    </div>
  );
}
