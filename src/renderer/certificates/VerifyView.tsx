import { useEffect, useMemo, useRef, useState } from 'react';
import type { CertificateVerification } from '../../shared/api/certificates';
import type { ApiError } from '../../shared/api/errors';
import { formatCertificateNumber, parseVerificationCode } from '../../shared/domain/certificates';
import { call } from '../api/client';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import type { MessageKey } from '../i18n/it';
import { useI18n } from '../i18n/I18nProvider';
import { CertificatePdfView, loadedPdf } from './CertificatePdfView';
import { fieldProblemText } from './fieldProblem';
import { validityText } from './validity';

/**
 * "Verifica": the code printed under the QR (or the address a scanner read from it) answers
 * whether the copy in hand is genuine — valid, annulled, expired or unknown — with the original.
 */
export function VerifyView() {
  const { t, format } = useI18n();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<CertificateVerification | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);
  const original = useMemo(
    () =>
      result && result.outcome !== 'unknown' ? loadedPdf({ filename: `certificato-${result.number}-${result.year}.pdf`, ...result }) : null,
    [result],
  );

  const verify = async () => {
    // A mistyped code is caught here by its check symbol, before asking the register.
    const parsed = parseVerificationCode(text.trim());
    if (!parsed.ok) {
      setProblem(parsed.reason);
      setResult(null);
      return;
    }
    setProblem(null);
    setBusy(true);
    setError(null);
    const answer = await call('certificates/verify', { code: parsed.code });
    setBusy(false);
    if (answer.ok) setResult(answer.data);
    else setError(answer.error);
  };

  return (
    <div className="cert-verify">
      <form
        className="cert-verify-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim() !== '') void verify();
        }}
      >
        <label className="field cert-verify-field">
          <span className="field-label">{t('verify.label')}</span>
          <input
            ref={input}
            className="input input-mono cert-verify-input"
            data-testid="verify-code"
            placeholder={t('verify.placeholder')}
            maxLength={500}
            autoComplete="off"
            spellCheck={false}
            value={text}
            aria-invalid={problem ? true : undefined}
            aria-describedby="verify-hint"
            onChange={(event) => setText(event.target.value)}
          />
          <span className="field-hint" id="verify-hint">
            {t('verify.hint')}
          </span>
          {problem && (
            <span className="field-error" data-testid="verify-problem">
              {fieldProblemText(problem, t)}
            </span>
          )}
        </label>
        <button type="submit" className="btn btn-primary" data-testid="verify-submit" disabled={busy || text.trim() === ''}>
          {busy ? t('verify.busy') : t('verify.button')}
        </button>
      </form>
      {error && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {result && (
        <div className="cert-verify-result">
          <div
            className={`cert-outcome cert-outcome-${result.outcome}`}
            role="status"
            data-testid="verify-outcome"
            data-outcome={result.outcome}
          >
            <Icon name={result.outcome === 'valid' ? 'check' : 'alert'} />
            <div>
              <strong>{t(`verify.outcome.${result.outcome}` as MessageKey)}</strong>
              <p>
                {result.outcome === 'unknown'
                  ? t('verify.explain.unknown', { code: result.code })
                  : result.outcome === 'annulled'
                    ? t('verify.explain.annulled', { date: format.date(result.annulledAt) })
                    : result.outcome === 'expired'
                      ? t('verify.explain.expired', { date: format.date(result.validUntil) })
                      : t('verify.explain.valid')}
              </p>
            </div>
          </div>
          {result.outcome !== 'unknown' && (
            <div className="cert-verify-original">
              <dl className="cert-detail cert-verify-facts" data-testid="verify-facts">
                <div className="cert-detail-row">
                  <dt>{t('verify.ente')}</dt>
                  <dd>{result.enteName}</dd>
                </div>
                <div className="cert-detail-row">
                  <dt>{t('verify.type')}</dt>
                  <dd data-testid="verify-type">{result.typeName}</dd>
                </div>
                <div className="cert-detail-row">
                  <dt>{t('verify.number')}</dt>
                  <dd data-testid="verify-number">{formatCertificateNumber(result.year, result.number)}</dd>
                </div>
                <div className="cert-detail-row">
                  <dt>{t('verify.holder')}</dt>
                  <dd data-testid="verify-holder">{result.holderName}</dd>
                </div>
                <div className="cert-detail-row">
                  <dt>{t('verify.issuedAt')}</dt>
                  <dd>{format.dateTime(result.issuedAt)}</dd>
                </div>
                <div className="cert-detail-row">
                  <dt>{t('certificates.validity')}</dt>
                  <dd data-testid="verify-validity">{validityText(result.validUntil, t, format)}</dd>
                </div>
                {result.annulmentReason && (
                  <div className="cert-detail-row">
                    <dt>{t('verify.reason')}</dt>
                    <dd data-testid="verify-reason">{result.annulmentReason}</dd>
                  </div>
                )}
                <div className="cert-detail-row">
                  <dt>{t('verify.sha256')}</dt>
                  <dd className="cell-mono cert-hash">{result.sha256}</dd>
                </div>
              </dl>
              {original && <CertificatePdfView key={result.code} pdf={original} />}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
