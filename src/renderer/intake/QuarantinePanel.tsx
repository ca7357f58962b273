import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { QuarantineDetail, QuarantineResolution, QuarantineRow } from '../../shared/api/intake';
import { call } from '../api/client';
import { Notice } from '../components/Notice';
import { fileSizeText } from '../documents/documentFormat';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { FormField } from './ApplicantFields';
import { CloseButton } from '../components/CloseButton';

/**
 * One refused item: why (the reason in words, and the technical detail), what came in (the start
 * of its content), and the clerk's review — discard it, or re-submit it to intake (e.g. once the
 * catalogue has the missing procedure), with a note that stays on the entry.
 */
export function QuarantinePanel({
  entryId,
  onClose,
  onReviewed,
}: {
  entryId: number;
  onClose(): void;
  onReviewed(entry: QuarantineRow): void;
}) {
  const { t, format } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [entry, setEntry] = useState<QuarantineDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  useEffect(() => {
    let current = true;
    void call('intake/quarantineEntry', { entryId }).then((result) => {
      if (!current) return;
      if (result.ok) setEntry(result.data);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [entryId]);

  const review = async (resolution: QuarantineResolution) => {
    if (busy || note.trim().length < 5) return;
    setBusy(true);
    setError(null);
    const result = await call('intake/reviewQuarantine', { entryId, resolution, note });
    setBusy(false);
    if (result.ok) {
      onReviewed(result.data);
      return;
    }
    setError(result.error);
    // Re-submitted and refused again: the entry now shows the new reason.
    const reloaded = await call('intake/quarantineEntry', { entryId });
    if (reloaded.ok) setEntry(reloaded.data);
  };

  const reviewed = entry?.resolution !== null && entry?.resolution !== undefined;

  return (
    <dialog
      ref={dialog}
      className="drawer intake-quarantine-drawer"
      aria-labelledby="quarantine-title"
      data-testid="quarantine-panel"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <div className="drawer-form">
        <div className="drawer-head">
          <h2 id="quarantine-title">{t('intake.quarantine.entryTitle')}</h2>
          <CloseButton onClick={onClose} disabled={busy} />
        </div>
        <div className="drawer-body">
          {error && (
            <Notice kind="error" testId="quarantine-error" onClose={() => setError(null)}>
              {errorMessage(error, t)}
            </Notice>
          )}
          {entry && (
            <>
              <p className="intake-reason" data-testid="quarantine-reason">
                <strong>{t(`quarantine.reason.${entry.reason}`)}</strong>
              </p>
              <dl className="intake-facts">
                <dt>{t('intake.quarantine.source')}</dt>
                <dd>{t(entry.source === 'portal' ? 'intake.source.portal' : 'intake.source.pec')}</dd>
                <dt>{t('intake.quarantine.origin')}</dt>
                <dd className="cell-mono intake-break">{entry.origin}</dd>
                {entry.externalId && (
                  <>
                    <dt>{t('intake.quarantine.externalId')}</dt>
                    <dd className="cell-mono intake-break">{entry.externalId}</dd>
                  </>
                )}
                <dt>{t('intake.quarantine.seen')}</dt>
                <dd>
                  {entry.seenCount === 1
                    ? t('intake.quarantine.seenOnce', { first: format.dateTime(entry.firstSeenAt) })
                    : t('intake.quarantine.seenText', {
                        first: format.dateTime(entry.firstSeenAt),
                        last: format.dateTime(entry.lastSeenAt),
                        count: entry.seenCount,
                      })}
                </dd>
                <dt>{t('intake.quarantine.detail')}</dt>
                <dd className="intake-break" data-testid="quarantine-detail">
                  {entry.detail}
                </dd>
                <dt>{t('intake.quarantine.content')}</dt>
                <dd>
                  {fileSizeText(entry.contentSize, format, t)} ·{' '}
                  <span className="cell-mono" title={entry.contentSha256}>
                    SHA-256 {entry.contentSha256.slice(0, 12)}…
                  </span>
                </dd>
              </dl>
              {entry.contentPreview && (
                <details className="intake-body-text">
                  <summary>{t(entry.contentTruncated ? 'intake.quarantine.previewTruncated' : 'intake.quarantine.preview')}</summary>
                  <pre data-testid="quarantine-content">{entry.contentPreview}</pre>
                </details>
              )}
              {reviewed ? (
                <Notice kind="success">
                  {t(entry.resolution === 'discarded' ? 'intake.quarantine.reviewedDiscarded' : 'intake.quarantine.reviewedResubmitted', {
                    who: entry.reviewedBy ?? '',
                    when: format.dateTime(entry.reviewedAt),
                  })}
                  {entry.resolutionNote && <div>{entry.resolutionNote}</div>}
                </Notice>
              ) : (
                <FormField id="quarantine-note" label={t('intake.quarantine.note')} hint={t('intake.quarantine.noteHint')}>
                  <textarea
                    id="quarantine-note"
                    className="input"
                    data-testid="quarantine-note"
                    rows={3}
                    maxLength={500}
                    value={note}
                    onChange={(event) => setNote(event.target.value)}
                  />
                </FormField>
              )}
            </>
          )}
        </div>
        <div className="drawer-foot">
          <button type="button" className="btn" disabled={busy} onClick={onClose}>
            {t('common.close')}
          </button>
          {entry && !reviewed && (
            <>
              <button
                type="button"
                className="btn"
                data-testid="quarantine-resubmit"
                disabled={busy || note.trim().length < 5}
                onClick={() => void review('resubmitted')}
              >
                {t('intake.quarantine.resubmit')}
              </button>
              <button
                type="button"
                className="btn btn-danger"
                data-testid="quarantine-discard"
                disabled={busy || note.trim().length < 5}
                onClick={() => void review('discarded')}
              >
                {t('intake.quarantine.discard')}
              </button>
            </>
          )}
        </div>
      </div>
    </dialog>
  );
}
