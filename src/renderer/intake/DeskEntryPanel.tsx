import { useEffect, useRef, useState, type FormEvent } from 'react';
import { DESK_MAX_ATTACHMENTS, type ProcedureChoice, type RegistrationOutcome } from '../../shared/api/intake';
import { call } from '../api/client';
import { useCall } from '../api/hooks';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { fileSizeText, localRefusal, uploadErrorMessage } from '../documents/documentFormat';
import { errorMessage, issueMessage } from '../i18n/errors';
import { FilePicker } from '../components/FilePicker';
import { useI18n } from '../i18n/I18nProvider';
import { ApplicantFields, FormField } from './ApplicantFields';
import {
  applicantErrors,
  applicantFieldOfIssue,
  applicantInputOf,
  EMPTY_APPLICANT,
  type ApplicantField,
  type ApplicantFormValues,
} from './applicantForm';
import { ProcedureSelect } from './ProcedureSelect';
import { stageFile } from './stagedUpload';
import { CloseButton } from '../components/CloseButton';

interface Scan {
  key: number;
  file: File;
  title: string;
}

type FieldErrors = Partial<Record<ApplicantField | 'procedureCode' | 'subject' | 'files', string>>;

/**
 * Paper brought to the desk: the applicant (found in the registry, or typed in: the codice fiscale
 * is checked as it is typed, omocodia included), the procedure, the subject and the scans — the
 * first scan is the application. Registered at once; the protocol stamp is shown when done.
 */
export function DeskEntryPanel({
  procedures,
  onClose,
  onRegistered,
}: {
  procedures: ProcedureChoice[];
  onClose(): void;
  onRegistered(outcome: RegistrationOutcome): void;
}) {
  const { t, format } = useI18n();
  const policy = useCall('documents/uploadPolicy', {});
  const dialog = useRef<HTMLDialogElement>(null);
  const keys = useRef(0);
  const [applicant, setApplicant] = useState<ApplicantFormValues>(EMPTY_APPLICANT);
  const [procedureCode, setProcedureCode] = useState('');
  const [subject, setSubject] = useState('');
  const [scans, setScans] = useState<Scan[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [shownErrors, setShownErrors] = useState(false);
  const [serverError, setServerError] = useState<{ message: string; fields: FieldErrors } | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    document.getElementById('desk-applicant-search')?.focus();
    return () => element?.close();
  }, []);

  const maxFileBytes = policy.data?.maxFileBytes ?? null;
  const fileProblems = scans
    .map((scan) => (maxFileBytes === null ? null : localRefusal(scan.file, maxFileBytes, format, t)))
    .filter(Boolean);
  const localErrors = applicantErrors(applicant);
  const errors: FieldErrors = {
    ...(shownErrors ? Object.fromEntries(Object.entries(localErrors).map(([field, key]) => [field, t(key)])) : {}),
    ...(shownErrors && !procedureCode ? { procedureCode: t('intake.procedure.required') } : {}),
    ...(shownErrors && subject.trim().length < 3 ? { subject: t('intake.subject.required') } : {}),
    ...(fileProblems[0] ? { files: fileProblems[0] } : {}),
    ...serverError?.fields,
  };

  const addFiles = (files: File[]) => {
    const added = files.slice(0, DESK_MAX_ATTACHMENTS - scans.length).map((file) => {
      keys.current += 1;
      return { key: keys.current, file, title: file.name.replace(/\.[^.]+$/, '') };
    });
    setScans((list) => [...list, ...added]);
    setServerError(null);
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    setShownErrors(true);
    setServerError(null);
    if (Object.keys(localErrors).length > 0 || !procedureCode || subject.trim().length < 3 || fileProblems.length > 0) return;
    const attachments = [];
    for (const [index, scan] of scans.entries()) {
      setBusy(t('intake.desk.uploading', { name: scan.file.name }));
      const bytes = new Uint8Array(await scan.file.arrayBuffer());
      const staged = await stageFile(bytes);
      if (!staged.ok) {
        setBusy(null);
        setServerError({ message: uploadErrorMessage(scan.file.name, staged.error, t), fields: {} });
        return;
      }
      attachments.push({
        uploadId: staged.data.uploadId,
        filename: scan.file.name,
        title: scan.title.trim() || scan.file.name,
        kind: index === 0 ? ('application' as const) : ('attachment' as const),
        size: bytes.length,
      });
    }
    setBusy(t('intake.registering'));
    const result = await call('intake/registerDesk', { procedureCode, applicant: applicantInputOf(applicant), subject, attachments });
    setBusy(null);
    if (result.ok) {
      onRegistered(result.data);
      return;
    }
    const fields: FieldErrors = {};
    for (const issue of result.error.issues ?? []) {
      const field =
        applicantFieldOfIssue(issue.path, applicant.kind) ??
        (issue.path === 'procedureCode' || issue.path === 'subject' ? issue.path : issue.path.startsWith('attachments') ? 'files' : null);
      if (field && !fields[field]) fields[field] = issueMessage(issue, t);
    }
    setServerError({ message: errorMessage(result.error, t), fields });
  };

  return (
    <dialog
      ref={dialog}
      className="drawer intake-desk-drawer"
      aria-labelledby="desk-title"
      data-testid="desk-panel"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit(event);
      }}
    >
      <form className="drawer-form" onSubmit={(event) => void submit(event)} noValidate aria-busy={busy !== null}>
        <div className="drawer-head">
          <h2 id="desk-title">{t('intake.desk.title')}</h2>
          <CloseButton onClick={onClose} disabled={busy !== null} />
        </div>
        <div className="drawer-body">
          <p className="page-intro">{t('intake.desk.intro')}</p>
          {serverError && (
            <Notice kind="error" testId="desk-error" onClose={() => setServerError(null)}>
              {serverError.message}
            </Notice>
          )}
          <ApplicantFields
            idPrefix="desk"
            values={applicant}
            errors={errors}
            onChange={(values) => {
              setApplicant(values);
              setServerError(null);
            }}
          />
          <ProcedureSelect
            id="desk-procedure"
            procedures={procedures}
            value={procedureCode}
            error={errors.procedureCode}
            onChange={setProcedureCode}
          />
          <FormField id="desk-subject" label={t('intake.subject.label')} error={errors.subject} hint={t('intake.subject.hint')}>
            <textarea
              id="desk-subject"
              className="input intake-subject"
              data-testid="desk-subject"
              rows={2}
              maxLength={500}
              value={subject}
              aria-invalid={errors.subject ? true : undefined}
              onChange={(event) => setSubject(event.target.value)}
            />
          </FormField>
          <fieldset className="fieldset intake-scans">
            <legend className="field-label">{t('intake.desk.scans')}</legend>
            <ul className="intake-attachments" data-testid="desk-scans">
              {scans.map((scan, index) => (
                <li key={scan.key}>
                  <span className="pill">{t(index === 0 ? 'documents.kind.application' : 'documents.kind.attachment')}</span>
                  <input
                    className="input"
                    aria-label={t('intake.desk.scanTitle', { name: scan.file.name })}
                    value={scan.title}
                    maxLength={200}
                    onChange={(event) =>
                      setScans((list) => list.map((s) => (s.key === scan.key ? { ...s, title: event.target.value } : s)))
                    }
                  />
                  <span className="field-hint intake-filename" title={scan.file.name}>
                    {scan.file.name} · {fileSizeText(scan.file.size, format, t)}
                  </span>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    aria-label={t('intake.desk.removeScan', { name: scan.file.name })}
                    title={t('intake.desk.removeScan', { name: scan.file.name })}
                    onClick={() => setScans((list) => list.filter((s) => s.key !== scan.key))}
                  >
                    <Icon name="close" />
                  </button>
                </li>
              ))}
            </ul>
            <FilePicker
              id="desk-files"
              testId="desk-files"
              multiple
              accept={policy.data?.accept}
              describedBy="desk-files-hint"
              chosen={scans.length > 0 ? t('file.chosenCount', { count: scans.length }) : undefined}
              onFiles={addFiles}
            />
            <span className="field-hint" id="desk-files-hint">
              {t('intake.desk.scansHint', { max: maxFileBytes === null ? '…' : fileSizeText(maxFileBytes, format, t) })}
            </span>
            {errors.files && (
              <span className="field-error" data-testid="desk-files-error">
                {errors.files}
              </span>
            )}
          </fieldset>
        </div>
        <div className="drawer-foot">
          {busy && (
            <span className="field-hint intake-foot-left" role="status">
              {busy}
            </span>
          )}
          <button type="button" className="btn" disabled={busy !== null} onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="desk-register"
            disabled={busy !== null}
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
