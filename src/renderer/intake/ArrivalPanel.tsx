import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { ArrivalAttachment, ArrivalDetail, ProcedureChoice, RegistrationOutcome } from '../../shared/api/intake';
import { call } from '../api/client';
import { Notice } from '../components/Notice';
import { DocumentViewer, type ViewableFile } from '../documents/DocumentViewer';
import { base64ToBytes, fileSizeText } from '../documents/documentFormat';
import { errorMessage, issueMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { ApplicantFields, FormField } from './ApplicantFields';
import {
  applicantErrors,
  applicantFieldOfIssue,
  applicantInputOf,
  valuesFromMatch,
  valuesFromSender,
  type ApplicantField,
  type ApplicantFormValues,
} from './applicantForm';
import { ProcedureSelect } from './ProcedureSelect';
import { CloseButton } from '../components/CloseButton';

type Preview = { attachmentId: number; file: ViewableFile | null; error: ApiError | null };

/**
 * One arrival of the inbox, to complete and register (or discard with a reason): what came in and
 * what the provider certified on the left with the form, the chosen attachment's preview on the right.
 * Ctrl+Enter registers; Esc closes.
 */
export function ArrivalPanel({
  arrivalId,
  procedures,
  onClose,
  onRegistered,
  onDiscarded,
}: {
  arrivalId: number;
  procedures: ProcedureChoice[];
  onClose(): void;
  onRegistered(outcome: RegistrationOutcome, arrival: ArrivalDetail): void;
  onDiscarded(arrival: ArrivalDetail): void;
}) {
  const { t, format } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [arrival, setArrival] = useState<ArrivalDetail | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [procedureCode, setProcedureCode] = useState('');
  const [subject, setSubject] = useState('');
  const [applicant, setApplicant] = useState<ApplicantFormValues | null>(null);
  const [included, setIncluded] = useState<number[]>([]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [shownErrors, setShownErrors] = useState(false);
  const [serverError, setServerError] = useState<{
    message: string;
    fields: Partial<Record<ApplicantField | 'procedureCode' | 'subject', string>>;
  } | null>(null);
  const [discarding, setDiscarding] = useState(false);
  const [discardReason, setDiscardReason] = useState('');

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const showAttachment = async (attachment: ArrivalAttachment) => {
    setPreview({ attachmentId: attachment.id, file: null, error: null });
    const result = await call('intake/arrivalAttachment', { attachmentId: attachment.id });
    setPreview((current) =>
      current?.attachmentId !== attachment.id
        ? current
        : result.ok
          ? {
              attachmentId: attachment.id,
              error: null,
              file: {
                filename: result.data.filename,
                contentType: result.data.contentType,
                bytes: base64ToBytes(result.data.base64),
                sha256: attachment.sha256,
              },
            }
          : { attachmentId: attachment.id, file: null, error: result.error },
    );
  };

  useEffect(() => {
    let current = true;
    void call('intake/arrival', { arrivalId }).then((result) => {
      if (!current) return;
      if (!result.ok) {
        setLoadError(result.error);
        return;
      }
      const detail = result.data;
      setArrival(detail);
      setSubject(detail.subject);
      setIncluded(detail.attachments.map((attachment) => attachment.id));
      const first = detail.applicantMatches[0];
      setApplicant(first ? valuesFromMatch(first) : valuesFromSender(detail.senderAddress, detail.source === 'pec'));
      if (detail.attachments[0]) void showAttachment(detail.attachments[0]);
      requestAnimationFrame(() => document.getElementById('arrival-procedure')?.focus());
    });
    return () => {
      current = false;
    };
  }, [arrivalId]);

  const localErrors = applicant ? applicantErrors(applicant) : {};
  const fieldErrors: Partial<Record<ApplicantField | 'procedureCode' | 'subject', string>> = {
    ...(shownErrors ? Object.fromEntries(Object.entries(localErrors).map(([field, key]) => [field, t(key)])) : {}),
    ...(shownErrors && !procedureCode ? { procedureCode: t('intake.procedure.required') } : {}),
    ...(shownErrors && subject.trim().length < 3 ? { subject: t('intake.subject.required') } : {}),
    ...serverError?.fields,
  };

  const register = async () => {
    if (!arrival || !applicant || busy) return;
    setShownErrors(true);
    setServerError(null);
    if (Object.keys(localErrors).length > 0 || !procedureCode || subject.trim().length < 3) return;
    setBusy(true);
    const result = await call('intake/registerArrival', {
      arrivalId: arrival.id,
      procedureCode,
      applicant: applicantInputOf(applicant),
      subject,
      attachmentIds: arrival.attachments.filter((attachment) => included.includes(attachment.id)).map((attachment) => attachment.id),
    });
    setBusy(false);
    if (result.ok) {
      onRegistered(result.data, arrival);
      return;
    }
    const fields: Partial<Record<ApplicantField | 'procedureCode' | 'subject', string>> = {};
    for (const issue of result.error.issues ?? []) {
      const field =
        applicantFieldOfIssue(issue.path, applicant.kind) ??
        (issue.path === 'procedureCode' || issue.path === 'subject' ? issue.path : null);
      if (field && !fields[field]) fields[field] = issueMessage(issue, t);
    }
    setServerError({ message: errorMessage(result.error, t), fields });
  };

  const discard = async () => {
    if (!arrival || busy || discardReason.trim().length < 5) return;
    setBusy(true);
    const result = await call('intake/discardArrival', { arrivalId: arrival.id, reason: discardReason });
    setBusy(false);
    if (result.ok) onDiscarded(arrival);
    else setServerError({ message: errorMessage(result.error, t), fields: {} });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void register();
  };

  return (
    <dialog
      ref={dialog}
      className="drawer intake-drawer"
      aria-labelledby="arrival-title"
      data-testid="arrival-panel"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          void register();
        }
      }}
    >
      <form className="drawer-form" onSubmit={onSubmit} noValidate aria-busy={busy}>
        <div className="drawer-head">
          <h2 id="arrival-title">
            {arrival ? t(arrival.source === 'pec' ? 'intake.arrival.titlePec' : 'intake.arrival.titleEmail') : t('common.loading')}
          </h2>
          <CloseButton onClick={onClose} disabled={busy} />
        </div>
        <div className="intake-drawer-columns">
          <div className="drawer-body">
            {loadError && <Notice kind="error">{errorMessage(loadError, t)}</Notice>}
            {serverError && (
              <Notice kind="error" testId="arrival-error" onClose={() => setServerError(null)}>
                {serverError.message}
              </Notice>
            )}
            {arrival && applicant && (
              <>
                <dl className="intake-facts" data-testid="arrival-facts">
                  <dt>{t('intake.arrival.sender')}</dt>
                  <dd>
                    {arrival.senderName ? `${arrival.senderName} <${arrival.senderAddress}>` : arrival.senderAddress}
                    {arrival.certification && <span className="pill pill-enabled intake-pec-pill">{t('intake.arrival.certified')}</span>}
                  </dd>
                  <dt>{t('intake.arrival.receivedAt')}</dt>
                  <dd>{format.dateTime(arrival.receivedAt)}</dd>
                  {arrival.certification && (
                    <>
                      <dt>{t('intake.arrival.provider')}</dt>
                      <dd>{arrival.certification.provider ?? '—'}</dd>
                      <dt>{t('intake.arrival.identifier')}</dt>
                      <dd className="cell-mono intake-break">{arrival.certification.identifier}</dd>
                    </>
                  )}
                  <dt>{t('intake.arrival.originalSubject')}</dt>
                  <dd>{arrival.subject || '—'}</dd>
                </dl>
                {arrival.bodyText && (
                  <details className="intake-body-text" open>
                    <summary>{t('intake.arrival.text')}</summary>
                    <pre data-testid="arrival-text">{arrival.bodyText}</pre>
                  </details>
                )}
                <fieldset className="fieldset">
                  <legend className="field-label">{t('intake.arrival.attachments')}</legend>
                  {arrival.attachments.length === 0 && <span className="field-hint">{t('intake.arrival.noAttachments')}</span>}
                  <ul className="intake-attachments">
                    {arrival.attachments.map((attachment, index) => (
                      <li key={attachment.id} aria-current={preview?.attachmentId === attachment.id ? 'true' : undefined}>
                        <label>
                          <input
                            type="checkbox"
                            data-testid={`arrival-include-${index}`}
                            checked={included.includes(attachment.id)}
                            onChange={(event) =>
                              setIncluded((list) =>
                                event.target.checked ? [...list, attachment.id] : list.filter((id) => id !== attachment.id),
                              )
                            }
                          />
                          <span className="intake-filename">{attachment.filename}</span>
                        </label>
                        <span className="field-hint">{fileSizeText(attachment.size, format, t)}</span>
                        <button
                          type="button"
                          className="btn btn-small"
                          data-testid={`arrival-preview-${index}`}
                          onClick={() => void showAttachment(attachment)}
                        >
                          {t('documents.view')}
                        </button>
                      </li>
                    ))}
                  </ul>
                  <span className="field-hint">{t('intake.arrival.attachmentsHint')}</span>
                </fieldset>

                <ProcedureSelect
                  id="arrival-procedure"
                  procedures={procedures}
                  value={procedureCode}
                  error={fieldErrors.procedureCode}
                  onChange={setProcedureCode}
                />
                <ApplicantFields
                  idPrefix="arrival"
                  values={applicant}
                  errors={fieldErrors}
                  suggestions={arrival.applicantMatches}
                  onChange={(values) => {
                    setApplicant(values);
                    setServerError(null);
                  }}
                />
                <FormField
                  id="arrival-subject"
                  label={t('intake.subject.label')}
                  error={fieldErrors.subject}
                  hint={t('intake.subject.hint')}
                >
                  <textarea
                    id="arrival-subject"
                    className="input intake-subject"
                    data-testid="arrival-subject"
                    rows={2}
                    maxLength={500}
                    value={subject}
                    aria-invalid={fieldErrors.subject ? true : undefined}
                    onChange={(event) => setSubject(event.target.value)}
                  />
                </FormField>

                {discarding && (
                  <div className="intake-discard" data-testid="arrival-discard-form">
                    <FormField id="arrival-discard-reason" label={t('intake.arrival.discardReason')} hint={t('intake.arrival.discardHint')}>
                      <textarea
                        id="arrival-discard-reason"
                        className="input"
                        data-testid="arrival-discard-reason"
                        rows={2}
                        maxLength={500}
                        value={discardReason}
                        onChange={(event) => setDiscardReason(event.target.value)}
                      />
                    </FormField>
                    <div className="intake-row-actions">
                      <button type="button" className="btn" onClick={() => setDiscarding(false)}>
                        {t('common.cancel')}
                      </button>
                      <button
                        type="button"
                        className="btn btn-danger"
                        data-testid="arrival-discard-confirm"
                        disabled={busy || discardReason.trim().length < 5}
                        onClick={() => void discard()}
                      >
                        {t('intake.arrival.discardConfirm')}
                      </button>
                    </div>
                  </div>
                )}
              </>
            )}
          </div>
          <aside className="intake-preview" aria-label={t('intake.arrival.preview')}>
            {preview?.file && <DocumentViewer file={preview.file} />}
            {preview?.error && <Notice kind="error">{errorMessage(preview.error, t)}</Notice>}
            {preview && !preview.file && !preview.error && <p className="field-hint">{t('common.loading')}</p>}
            {!preview && <p className="field-hint intake-preview-empty">{t('intake.arrival.noPreview')}</p>}
          </aside>
        </div>
        <div className="drawer-foot">
          {arrival && !discarding && (
            <button
              type="button"
              className="btn intake-foot-left"
              data-testid="arrival-discard"
              disabled={busy}
              onClick={() => setDiscarding(true)}
            >
              {t('intake.arrival.discard')}
            </button>
          )}
          <button type="button" className="btn" disabled={busy} onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="arrival-register"
            disabled={busy || !arrival}
            aria-keyshortcuts="Control+Enter"
            title={t('intake.shortcut.register')}
          >
            {busy ? t('intake.registering') : t('intake.register')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
