import { useEffect, useRef, useState } from 'react';
import type { CertificateDetail } from '../../shared/api/certificates';
import type { ApiError } from '../../shared/api/errors';
import { formatCertificateNumber } from '../../shared/domain/certificates';
import { call } from '../api/client';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { CertificatePdfView, loadedPdf, type LoadedPdf } from './CertificatePdfView';

/** A certificate's original PDF, read once. */
export function useCertificatePdf(certificateId: number, duplicate = false): { pdf: LoadedPdf | null; error: ApiError | null } {
  const [state, setState] = useState<{ id: number; pdf: LoadedPdf | null; error: ApiError | null } | null>(null);
  useEffect(() => {
    let current = true;
    void call('certificates/pdf', { certificateId, duplicate }).then((result) => {
      if (!current) return;
      setState({ id: certificateId, pdf: result.ok ? loadedPdf(result.data) : null, error: result.ok ? null : result.error });
    });
    return () => {
      current = false;
    };
  }, [certificateId, duplicate]);
  return state?.id === certificateId ? { pdf: state.pdf, error: state.error } : { pdf: null, error: null };
}

/** What the counter shows once a certificate is issued: its number and code, the PDF to print or save, and "new". */
export function IssuedCertificate({
  certificate,
  onNew,
  newShortcut,
}: {
  certificate: CertificateDetail;
  onNew(): void;
  newShortcut: string;
}) {
  const { t } = useI18n();
  const { pdf, error } = useCertificatePdf(certificate.id);
  const printButton = useRef<HTMLButtonElement>(null);
  const number = formatCertificateNumber(certificate.year, certificate.number);

  // Once the PDF is there, Enter prints it.
  useEffect(() => {
    if (pdf) printButton.current?.focus();
  }, [pdf]);

  return (
    <div className="counter-issued" data-testid="counter-issued">
      <div className="counter-issued-head">
        <Notice kind="success" testId="counter-issued-notice">
          <strong>{t('counter.issued', { number, holder: certificate.holderName })}</strong>
          <span className="counter-issued-facts">
            <span>
              {t('counter.issued.code')}:{' '}
              <span className="cell-mono" data-testid="counter-issued-code">
                {certificate.verificationCode}
              </span>
            </span>
            {certificate.protocolNumber && <span>{t('counter.issued.protocol', { number: certificate.protocolNumber })}</span>}
          </span>
        </Notice>
        <button type="button" className="btn" data-testid="counter-new" aria-keyshortcuts={newShortcut} onClick={onNew}>
          <Icon name="plus" />
          {t('counter.new')}
          <kbd>{newShortcut}</kbd>
        </button>
      </div>
      <span className="visually-hidden" data-testid="counter-issued-number">
        {number}
      </span>
      {error && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {pdf ? <CertificatePdfView pdf={pdf} printRef={printButton} /> : !error && <p className="cell-muted">{t('counter.pdfLoading')}</p>}
    </div>
  );
}
