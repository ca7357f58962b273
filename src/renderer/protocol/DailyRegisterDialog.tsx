import { useMemo, useState } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { DailyRegisterDocument } from '../../shared/api/protocol';
import { addDays, todayInRome } from '../../shared/domain/calendar';
import { call } from '../api/client';
import { Notice } from '../components/Notice';
import { useModalDialog } from '../components/useModalDialog';
import { base64ToBytes } from '../documents/documentFormat';
import { DocumentViewer } from '../documents/DocumentViewer';
import { errorMessage } from '../i18n/errors';
import { useObjectUrl } from '../components/useObjectUrl';
import { useI18n } from '../i18n/I18nProvider';
import { formatDayParts, parseDayText } from '../worklist/dayText';

function isoToText(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return formatDayParts({ year: year!, month: month!, day: date! });
}

function textToIso(text: string): string | null {
  const parts = parseDayText(text);
  return parts ? `${parts.year}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}` : null;
}

/**
 * The registro giornaliero (DPCM 3/12/2013 art. 7): a day (yesterday by default, as preservation
 * requires it by the next working day), produced as a PDF, shown in the viewer with its SHA-256
 * and downloadable as the file that goes to preservation.
 */
export function DailyRegisterDialog({ registerId, onClose }: { registerId: number | null; onClose(): void }) {
  const { t, format } = useI18n();
  const [dayText, setDayText] = useState(() => isoToText(addDays(todayInRome(), -1)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [document, setDocument] = useState<DailyRegisterDocument | null>(null);
  const modal = useModalDialog(onClose, busy);

  const bytes = useMemo(() => (document ? base64ToBytes(document.contentBase64) : null), [document]);
  const downloadUrl = useObjectUrl(bytes as BlobPart | null, 'application/pdf');

  const produce = async () => {
    const day = textToIso(dayText);
    setInvalid(day === null);
    if (!day) return;
    setBusy(true);
    setError(null);
    const result = await call('protocol/dailyRegister', { registerId, day });
    setBusy(false);
    if (result.ok) setDocument(result.data);
    else {
      setDocument(null);
      setError(result.error);
    }
  };

  return (
    <dialog {...modal} className="dialog protocol-daily-dialog" aria-labelledby="daily-title" data-testid="daily-register-dialog">
      <div className="dialog-body">
        <h2 id="daily-title">{t('protocol.daily.title')}</h2>
        <p>{t('protocol.daily.intro')}</p>
        <form
          className="protocol-daily-form"
          onSubmit={(event) => {
            event.preventDefault();
            void produce();
          }}
        >
          <label className="field">
            <span className="field-label">{t('protocol.daily.day')}</span>
            <input
              className="input day-input"
              data-testid="daily-register-day"
              inputMode="numeric"
              placeholder={t('date.placeholder')}
              maxLength={10}
              value={dayText}
              aria-invalid={invalid || undefined}
              onChange={(event) => setDayText(event.target.value)}
            />
            {invalid && <span className="field-error">{t('reason.iso_date')}</span>}
          </label>
          <button type="submit" className="btn btn-primary" data-testid="daily-register-produce" disabled={busy}>
            {busy ? t('protocol.daily.busy') : t('protocol.daily.produce')}
          </button>
        </form>
        {error && (
          <Notice kind="error" testId="daily-register-error">
            {errorMessage(error, t)}
          </Notice>
        )}
        {document && bytes && (
          <div className="protocol-daily-result" data-testid="daily-register-result">
            <p data-testid="daily-register-summary">
              {t('protocol.daily.summary', {
                day: format.date(document.day),
                aoo: document.aooCode,
                entries: format.number(document.entries),
                annulled: format.number(document.annulled),
              })}
            </p>
            <p className="protocol-hash">
              <span>{t('protocol.daily.sha256')}</span> <code data-testid="daily-register-sha256">{document.sha256}</code>
            </p>
            <div className="protocol-daily-viewer">
              <DocumentViewer file={{ filename: document.filename, contentType: 'application/pdf', bytes, sha256: document.sha256 }} />
            </div>
          </div>
        )}
      </div>
      <div className="dialog-actions">
        {document && downloadUrl && (
          <a className="btn" data-testid="daily-register-download" href={downloadUrl} download={document.filename}>
            {t('protocol.daily.download')}
          </a>
        )}
        <button type="button" className="btn" data-testid="daily-register-close" disabled={busy} onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </dialog>
  );
}
