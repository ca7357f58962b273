import { useState, type RefObject } from 'react';
import type { CertificatePdf } from '../../shared/api/certificates';
import { Notice } from '../components/Notice';
import { base64ToBytes } from '../documents/documentFormat';
import { DocumentViewer } from '../documents/DocumentViewer';
import { useI18n } from '../i18n/I18nProvider';
import { printCertificate, saveCertificate } from './certificateOutput';

export interface LoadedPdf {
  filename: string;
  sha256: string;
  bytes: Uint8Array;
}

export function loadedPdf(pdf: Pick<CertificatePdf, 'filename' | 'sha256' | 'contentBase64'>): LoadedPdf {
  return { filename: pdf.filename, sha256: pdf.sha256, bytes: base64ToBytes(pdf.contentBase64) };
}

/** A certificate's PDF in the app's viewer, with Print (system dialog, or the browser's viewer) and Save. */
export function CertificatePdfView({ pdf, printRef }: { pdf: LoadedPdf; printRef?: RefObject<HTMLButtonElement | null> }) {
  const { t } = useI18n();
  const [printing, setPrinting] = useState(false);
  const [blocked, setBlocked] = useState(false);

  const print = async () => {
    setPrinting(true);
    try {
      setBlocked(!(await printCertificate(pdf.bytes)));
    } finally {
      setPrinting(false);
    }
  };

  const actions = (
    <>
      <button
        ref={printRef}
        type="button"
        className="btn btn-small btn-primary"
        data-testid="certificate-print"
        disabled={printing}
        onClick={() => void print()}
      >
        {t('counter.print')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid="certificate-save"
        onClick={() => saveCertificate(pdf.bytes, pdf.filename)}
      >
        {t('counter.save')}
      </button>
    </>
  );

  return (
    <div className="certificate-pdf" data-testid="certificate-pdf">
      {blocked && (
        <Notice kind="warning" onClose={() => setBlocked(false)}>
          {t('counter.printBlocked')}
        </Notice>
      )}
      <DocumentViewer
        file={{ filename: pdf.filename, contentType: 'application/pdf', bytes: pdf.bytes, sha256: pdf.sha256 }}
        actions={actions}
      />
    </div>
  );
}
