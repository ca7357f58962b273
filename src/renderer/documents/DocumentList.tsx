/**
 * The documents of one case: each with its current version and, on request, the earlier ones (file,
 * size, SHA-256, who uploaded it and when); adding a document or a new version; opening a version in
 * the viewer. Self-contained: give it an `instanceId`.
 */
import { Fragment, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  DOCUMENT_KINDS,
  type DocumentInfo,
  type DocumentKind,
  type DocumentUploadPolicy,
  type DocumentVersionInfo,
} from '../../shared/api/documents';
import { call } from '../api/client';
import { useAppEvent, useCall, useConnection } from '../api/hooks';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { FilePicker } from '../components/FilePicker';
import { useI18n } from '../i18n/I18nProvider';
import { bytesToBase64, fileSizeText, localRefusal, nameCheckNote, shortHash, uploadErrorMessage } from './documentFormat';
import { DocumentVersionViewer } from './DocumentViewer';
import './documents.css';

type Outcome = { kind: 'success' | 'error'; text: string } | null;

/** Reads a chosen file for upload, or explains why it cannot be sent (empty, too large). */
function usePreparedFile(policy: DocumentUploadPolicy | null) {
  const { t, format } = useI18n();
  return async (file: File): Promise<{ ok: true; contentBase64: string } | { ok: false; message: string }> => {
    const refusal = policy ? localRefusal(file, policy.maxFileBytes, format, t) : null;
    if (refusal) return { ok: false, message: refusal };
    return { ok: true, contentBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) };
  };
}

function FileField({
  id,
  policy,
  testId,
  onChange,
}: {
  id: string;
  policy: DocumentUploadPolicy | null;
  testId: string;
  onChange(file: File | null): void;
}) {
  const { t, format } = useI18n();
  const [chosenName, setChosenName] = useState<string | null>(null);
  return (
    <div className="field doc-form-wide">
      <label className="field-label" htmlFor={id}>
        {t('documents.field.file')}
      </label>
      <FilePicker
        id={id}
        testId={testId}
        accept={policy?.accept}
        describedBy={`${id}-hint`}
        chosen={chosenName}
        onFiles={(files) => {
          setChosenName(files[0]?.name ?? null);
          onChange(files[0] ?? null);
        }}
      />
      <span id={`${id}-hint`} className="field-hint">
        {t('documents.field.fileHint', { max: policy ? fileSizeText(policy.maxFileBytes, format, t) : '…' })}
      </span>
    </div>
  );
}

function AddDocumentForm({
  instanceId,
  policy,
  onDone,
  onCancel,
}: {
  instanceId: number;
  policy: DocumentUploadPolicy | null;
  onDone(outcome: Outcome, changed: boolean): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<DocumentKind>('attachment');
  const [confidential, setConfidential] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const prepare = usePreparedFile(policy);
  const titleInput = useRef<HTMLInputElement>(null);

  useEffect(() => titleInput.current?.focus(), []);

  const chooseFile = (chosen: File | null) => {
    setFile(chosen);
    setProblem(null);
    // The file name, without its extension, is a reasonable first title.
    if (chosen && !title.trim())
      setTitle(
        chosen.name
          .replace(/\.[^.]+$/, '')
          .replace(/[_-]+/g, ' ')
          .trim(),
      );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setProblem(t('documents.field.fileRequired'));
    if (!title.trim()) return setProblem(t('common.required'));
    setBusy(true);
    const prepared = await prepare(file);
    if (!prepared.ok) {
      setBusy(false);
      return setProblem(prepared.message);
    }
    const result = await call('documents/add', {
      instanceId,
      title: title.trim(),
      kind,
      filename: file.name,
      contentBase64: prepared.contentBase64,
      confidential,
    });
    setBusy(false);
    if (!result.ok) return setProblem(uploadErrorMessage(file.name, result.error, t));
    onDone({ kind: 'success', text: t('documents.added', { title: result.data.title }) }, true);
  };

  return (
    <form className="doc-form" data-testid="document-add-form" onSubmit={(event) => void submit(event)} noValidate>
      <h3>{t('documents.add.title')}</h3>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-title`}>
          {t('documents.field.title')}
        </label>
        <input
          ref={titleInput}
          id={`${id}-title`}
          className="input"
          data-testid="document-title-input"
          maxLength={300}
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-kind`}>
          {t('documents.field.kind')}
        </label>
        <select
          id={`${id}-kind`}
          className="select"
          data-testid="document-kind-select"
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value as DocumentKind)}
        >
          {DOCUMENT_KINDS.map((value) => (
            <option key={value} value={value}>
              {t(`documents.kind.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <FileField id={`${id}-file`} policy={policy} testId="document-file-input" onChange={chooseFile} />
      <label className="doc-check doc-form-wide">
        <input
          type="checkbox"
          data-testid="document-confidential"
          checked={confidential}
          onChange={(event) => setConfidential(event.currentTarget.checked)}
        />
        {t('documents.field.confidential')}
      </label>
      {problem && (
        <div className="doc-form-wide">
          <Notice kind="error" testId="document-form-error">
            {problem}
          </Notice>
        </div>
      )}
      <div className="doc-form-actions">
        <button type="button" className="btn" disabled={busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" data-testid="document-add-submit" disabled={busy}>
          {busy ? t('documents.add.busy') : t('documents.add.submit')}
        </button>
      </div>
    </form>
  );
}

function NewVersionForm({
  document,
  policy,
  onDone,
  onCancel,
}: {
  document: DocumentInfo;
  policy: DocumentUploadPolicy | null;
  onDone(outcome: Outcome, changed: boolean): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const prepare = usePreparedFile(policy);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setProblem(t('documents.field.fileRequired'));
    setBusy(true);
    const prepared = await prepare(file);
    if (!prepared.ok) {
      setBusy(false);
      return setProblem(prepared.message);
    }
    const result = await call('documents/addVersion', {
      documentId: document.id,
      filename: file.name,
      contentBase64: prepared.contentBase64,
      note: note.trim() || null,
    });
    setBusy(false);
    if (!result.ok) return setProblem(uploadErrorMessage(file.name, result.error, t));
    onDone({ kind: 'success', text: t('documents.versionAdded', { version: result.data.currentVersion, title: result.data.title }) }, true);
  };

  return (
    <form className="doc-form" data-testid={`document-version-form-${document.id}`} onSubmit={(event) => void submit(event)} noValidate>
      <h3>{t('documents.newVersionOf', { title: document.title })}</h3>
      <FileField
        id={`${id}-file`}
        policy={policy}
        testId={`document-version-file-${document.id}`}
        onChange={(chosen) => {
          setFile(chosen);
          setProblem(null);
        }}
      />
      <div className="field doc-form-wide">
        <label className="field-label" htmlFor={`${id}-note`}>
          {t('documents.field.note')}
        </label>
        <input
          id={`${id}-note`}
          className="input"
          data-testid={`document-version-note-${document.id}`}
          maxLength={1000}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
      </div>
      {problem && (
        <div className="doc-form-wide">
          <Notice kind="error" testId="document-form-error">
            {problem}
          </Notice>
        </div>
      )}
      <div className="doc-form-actions">
        <button type="button" className="btn" disabled={busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" data-testid={`document-version-submit-${document.id}`} disabled={busy}>
          {busy ? t('documents.add.busy') : t('documents.add.submit')}
        </button>
      </div>
    </form>
  );
}

function VersionCells({ version }: { version: DocumentVersionInfo }) {
  const { t, format } = useI18n();
  const note = nameCheckNote(version, t);
  return (
    <>
      <td className="doc-file">
        {version.filename}
        {note && <span className="doc-name-note">{note}</span>}
        {version.note && <span className="doc-sub">{version.note}</span>}
      </td>
      <td
        className="doc-num"
        data-testid={`document-size-${version.id}`}
        title={t('documents.size.bytes', { value: format.number(version.size) })}
      >
        {fileSizeText(version.size, format, t)}
      </td>
      <td>
        <span className="doc-hash" data-testid={`document-hash-${version.id}`} title={t('documents.hashTitle', { hash: version.sha256 })}>
          {shortHash(version.sha256)}
        </span>
      </td>
      <td>
        {format.dateTime(version.uploadedAt)}
        <span className="doc-sub">{version.uploadedBy?.name ?? t('documents.uploadedByImport')}</span>
      </td>
    </>
  );
}

/** The viewer in a modal <dialog> (focus trap, Esc, backdrop from the platform). */
function ViewerDialog({ versionId, onClose }: { versionId: number; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    return () => element.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="viewer-dialog"
      data-testid="document-viewer-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <DocumentVersionViewer versionId={versionId} onClose={onClose} />
    </dialog>
  );
}

export function DocumentList({ instanceId }: { instanceId: number }) {
  const { t } = useI18n();
  const { restoredCount } = useConnection();
  const documents = useCall('documents/list', { instanceId }, String(instanceId));
  const policy = useCall('documents/uploadPolicy', {});
  const [adding, setAdding] = useState(false);
  const [versionFormFor, setVersionFormFor] = useState<number | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [viewing, setViewing] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const { reload } = documents;
  const seenRestored = useRef(restoredCount);
  useEffect(() => {
    if (restoredCount === seenRestored.current) return;
    seenRestored.current = restoredCount;
    void reload();
  }, [restoredCount, reload]);
  useAppEvent('instances/changed', ({ ids }) => {
    if (ids.includes(instanceId)) void reload();
  });

  const finish = (next: Outcome, changed: boolean) => {
    setAdding(false);
    setVersionFormFor(null);
    setOutcome(next);
    if (changed) void reload();
  };

  const toggleExpanded = (documentId: number) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(documentId)) next.delete(documentId);
      else next.add(documentId);
      return next;
    });

  const list = documents.data ?? [];

  return (
    <section className="doc-list" data-testid="document-list" aria-busy={documents.loading}>
      <div className="doc-list-head">
        <h2>{t('documents.title')}</h2>
        <span className="doc-spacer" />
        <button
          type="button"
          className="btn btn-primary btn-small"
          data-testid="document-add-open"
          disabled={adding}
          onClick={() => {
            setOutcome(null);
            setVersionFormFor(null);
            setAdding(true);
          }}
        >
          <Icon name="plus" />
          {t('documents.add.open')}
        </button>
      </div>
      <p className="doc-intro">{t('documents.intro')}</p>

      {outcome && (
        <Notice kind={outcome.kind} testId="document-notice" onClose={() => setOutcome(null)}>
          {outcome.text}
        </Notice>
      )}
      {documents.error && (
        <Notice kind="error" testId="document-load-error">
          {t('documents.loadError', { message: errorMessage(documents.error, t) })}
        </Notice>
      )}
      {adding && <AddDocumentForm instanceId={instanceId} policy={policy.data} onDone={finish} onCancel={() => setAdding(false)} />}

      {documents.data && list.length === 0 && (
        <div className="doc-empty" data-testid="document-empty">
          {t('documents.empty')}
        </div>
      )}
      {list.length > 0 && (
        <table className="doc-table">
          <thead>
            <tr>
              <th scope="col">{t('documents.col.title')}</th>
              <th scope="col">{t('documents.col.version')}</th>
              <th scope="col">{t('documents.col.file')}</th>
              <th scope="col">{t('documents.col.size')}</th>
              <th scope="col">{t('documents.col.hash')}</th>
              <th scope="col">{t('documents.col.uploaded')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('documents.col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((document) => {
              const [current, ...older] = document.versions;
              if (!current) return null;
              const open = expanded.has(document.id);
              return (
                <Fragment key={document.id}>
                  <tr data-testid={`document-row-${document.id}`}>
                    <td>
                      <span className="doc-title">{document.title}</span>
                      <span className="doc-tags">
                        <span className="doc-tag">{t(`documents.kind.${document.kind}`)}</span>
                        {document.confidential && (
                          <span className="doc-tag doc-tag-confidential" data-testid={`document-confidential-${document.id}`}>
                            {t('documents.confidential')}
                          </span>
                        )}
                      </span>
                      {older.length > 0 && (
                        <button
                          type="button"
                          className="doc-toggle"
                          data-testid={`document-versions-toggle-${document.id}`}
                          aria-expanded={open}
                          onClick={() => toggleExpanded(document.id)}
                        >
                          {open ? t('documents.hideVersions') : t('documents.showVersions', { count: older.length })}
                        </button>
                      )}
                    </td>
                    <td className="doc-num" data-testid={`document-version-${document.id}`}>
                      {t('documents.versionNumber', { version: current.version })}
                      <span className="doc-sub">{t('documents.current')}</span>
                    </td>
                    <VersionCells version={current} />
                    <td className="doc-actions">
                      <button
                        type="button"
                        className="btn btn-small"
                        data-testid={`document-view-${current.id}`}
                        aria-label={t('documents.viewVersion', { version: current.version, title: document.title })}
                        onClick={() => setViewing(current.id)}
                      >
                        {t('documents.view')}
                      </button>
                      <button
                        type="button"
                        className="btn btn-small"
                        data-testid={`document-new-version-${document.id}`}
                        onClick={() => {
                          setOutcome(null);
                          setAdding(false);
                          setVersionFormFor(document.id);
                        }}
                      >
                        {t('documents.newVersion')}
                      </button>
                    </td>
                  </tr>
                  {versionFormFor === document.id && (
                    <tr>
                      <td colSpan={7}>
                        <NewVersionForm document={document} policy={policy.data} onDone={finish} onCancel={() => setVersionFormFor(null)} />
                      </td>
                    </tr>
                  )}
                  {open &&
                    older.map((version) => (
                      <tr key={version.id} className="doc-older" data-testid={`document-version-row-${version.id}`}>
                        <td />
                        <td className="doc-num">{t('documents.versionNumber', { version: version.version })}</td>
                        <VersionCells version={version} />
                        <td className="doc-actions">
                          <button
                            type="button"
                            className="btn btn-small"
                            data-testid={`document-view-${version.id}`}
                            aria-label={t('documents.viewVersion', { version: version.version, title: document.title })}
                            onClick={() => setViewing(version.id)}
                          >
                            {t('documents.view')}
                          </button>
                        </td>
                      </tr>
                    ))}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      {viewing !== null && <ViewerDialog versionId={viewing} onClose={() => setViewing(null)} />}
    </section>
  );
}
