import { useEffect, useRef, useState } from 'react';
import type { AccessPurposeValue, ArchiveDocumentInfo } from '../../shared/api/archive';
import type { ApiError } from '../../shared/api/errors';
import { call } from '../api/client';
import { Notice } from '../components/Notice';
import { base64ToBytes } from '../documents/documentFormat';
import { DocumentViewer, type ViewableFile } from '../documents/DocumentViewer';
import '../documents/documents.css';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { printPdf, saveFile } from './printPdf';
import { CloseButton } from '../components/CloseButton';

/**
 * An archived scan on screen (pages, zoom, rotation; images too), opened with the purpose given:
 * the opening is logged by the server as the bytes are read. Instead of downloading the original,
 * the user prints or saves a copy stamped "Copia per consultazione", each logged too.
 */
export function ScanViewer({
  document: scan,
  access,
  onClose,
}: {
  document: ArchiveDocumentInfo;
  access: AccessPurposeValue;
  onClose(): void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [file, setFile] = useState<ViewableFile | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<'print' | 'save' | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  useEffect(() => {
    let current = true;
    void call('archive/openScan', { documentId: scan.id, access }).then((result) => {
      if (!current) return;
      if (!result.ok) {
        setError(result.error);
        return;
      }
      const { filename, contentType, sha256, contentBase64, accessId } = result.data;
      setFile({ filename, contentType, sha256, bytes: base64ToBytes(contentBase64) });
      setNotice(t('archive.viewer.logged', { id: accessId }));
    });
    return () => {
      current = false;
    };
    // The scan is opened (and logged) once per viewer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scan.id]);

  const copy = async (action: 'print' | 'save') => {
    setBusy(action);
    setError(null);
    const result = await call('archive/stampedCopy', { documentId: scan.id, action, access });
    if (!result.ok) {
      setBusy(null);
      setError(result.error);
      return;
    }
    const bytes = base64ToBytes(result.data.contentBase64);
    setNotice(t('archive.viewer.copyLogged', { id: result.data.accessId }));
    try {
      if (action === 'save') saveFile(bytes, result.data.filename, result.data.contentType);
      else await printPdf(bytes);
    } finally {
      setBusy(null);
    }
  };

  const actions = (
    <>
      <button
        type="button"
        className="btn btn-small"
        data-testid="archive-print"
        disabled={busy !== null || !file}
        onClick={() => void copy('print')}
      >
        {busy === 'print' ? t('archive.viewer.busy') : t('archive.viewer.print')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid="archive-save"
        disabled={busy !== null || !file}
        onClick={() => void copy('save')}
      >
        {busy === 'save' ? t('archive.viewer.busy') : t('archive.viewer.save')}
      </button>
    </>
  );

  return (
    <dialog
      ref={dialog}
      className="viewer-dialog archive-viewer"
      data-testid="archive-viewer"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="archive-viewer-frame">
        {(notice || error) && (
          <div className="archive-viewer-notices">
            {notice && (
              <Notice kind="success" testId="archive-viewer-logged" onClose={() => setNotice(null)}>
                {notice}
              </Notice>
            )}
            {error && (
              <Notice kind="error" testId="archive-viewer-error">
                {errorMessage(error, t)}
              </Notice>
            )}
          </div>
        )}
        {file ? (
          <DocumentViewer file={file} onClose={onClose} actions={actions} />
        ) : (
          <section className="viewer" aria-busy={!error}>
            <header className="viewer-head">
              <span className="viewer-title">{error ? scan.title : t('viewer.loading')}</span>
              <CloseButton onClick={onClose} />
            </header>
          </section>
        )}
      </div>
    </dialog>
  );
}
