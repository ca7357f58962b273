import { useState } from 'react';
import { ANNULMENT_ACT_MIN, ANNULMENT_REASON_MIN, type ProtocolEntryDetail } from '../../shared/api/protocol';
import type { ApiError } from '../../shared/api/errors';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import { call } from '../api/client';
import { Notice } from '../components/Notice';
import { useModalDialog } from '../components/useModalDialog';
import { errorMessage, fieldMessages } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';

/**
 * Annulment of a registration (DPR 445/2000 art. 54): the manager states the reason and the
 * authorising act; nothing is deleted, the registration stays readable and marked.
 */
export function AnnulDialog({
  entry,
  onDone,
  onCancel,
}: {
  entry: ProtocolEntryDetail;
  onDone(entry: ProtocolEntryDetail): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [act, setAct] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [touched, setTouched] = useState(false);
  const modal = useModalDialog(onCancel, busy);

  const reasonShort = reason.trim().length < ANNULMENT_REASON_MIN;
  const actShort = act.trim().length < ANNULMENT_ACT_MIN;
  const serverFields = error ? fieldMessages(error, t) : {};

  const submit = async () => {
    setTouched(true);
    if (reasonShort || actShort) return;
    setBusy(true);
    const result = await call('protocol/annul', { entryId: entry.id, reason: reason.trim(), act: act.trim() });
    setBusy(false);
    if (result.ok) onDone(result.data);
    else setError(result.error);
  };

  const number = formatProtocolNumber(entry.year, entry.number);
  return (
    <dialog {...modal} className="dialog protocol-annul-dialog" aria-labelledby="annul-title" data-testid="annul-dialog">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        noValidate
      >
        <div className="dialog-body">
          <h2 id="annul-title">{t('protocol.annul.title', { number })}</h2>
          <p>{t('protocol.annul.intro')}</p>
          <label className="field">
            <span className="field-label">{t('protocol.annul.reason')}</span>
            <textarea
              className="input"
              data-testid="annul-reason"
              rows={3}
              maxLength={1000}
              value={reason}
              aria-invalid={(touched && reasonShort) || Boolean(serverFields.reason) || undefined}
              onChange={(event) => setReason(event.target.value)}
            />
            {touched && reasonShort ? (
              <span className="field-error">{t('reason.annulment_reason_too_short', { min: ANNULMENT_REASON_MIN })}</span>
            ) : serverFields.reason ? (
              <span className="field-error">{serverFields.reason}</span>
            ) : null}
          </label>
          <label className="field">
            <span className="field-label">{t('protocol.annul.act')}</span>
            <input
              className="input"
              data-testid="annul-act"
              maxLength={300}
              placeholder={t('protocol.annul.actPlaceholder')}
              value={act}
              aria-invalid={(touched && actShort) || Boolean(serverFields.act) || undefined}
              onChange={(event) => setAct(event.target.value)}
            />
            {touched && actShort ? (
              <span className="field-error">{t('reason.annulment_act_too_short', { min: ANNULMENT_ACT_MIN })}</span>
            ) : serverFields.act ? (
              <span className="field-error">{serverFields.act}</span>
            ) : null}
          </label>
          {error && !error.issues?.length && (
            <Notice kind="error" testId="annul-error">
              {errorMessage(error, t)}
            </Notice>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn" data-testid="annul-cancel" disabled={busy} onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-danger" data-testid="annul-confirm" disabled={busy}>
            {busy ? t('protocol.annul.busy') : t('protocol.annul.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
