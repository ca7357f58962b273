import { useState } from 'react';
import { CERTIFICATE_ANNULMENT_REASON_MIN, type CertificateDetail } from '../../shared/api/certificates';
import type { ApiError } from '../../shared/api/errors';
import { formatCertificateNumber } from '../../shared/domain/certificates';
import { call } from '../api/client';
import { useCall } from '../api/hooks';
import { Notice } from '../components/Notice';
import { useModalDialog } from '../components/useModalDialog';
import '../documents/documents.css';
import { errorMessage } from '../i18n/errors';
import type { MessageKey } from '../i18n/it';
import { useI18n } from '../i18n/I18nProvider';
import { CertificatePdfView } from './CertificatePdfView';
import { useCertificatePdf } from './IssuedCertificate';
import { euroText } from './money';
import { validityText } from './validity';
import { CloseButton } from '../components/CloseButton';

/** The original or a duplicate (marked, and logged by the server as it is produced) in a viewer dialog. */
function PdfDialog({ certificateId, duplicate, onClose }: { certificateId: number; duplicate: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { pdf, error } = useCertificatePdf(certificateId, duplicate);
  const modal = useModalDialog(onClose);
  return (
    <dialog
      {...modal}
      className="viewer-dialog cert-pdf-dialog"
      data-testid="certificate-pdf-dialog"
      aria-label={duplicate ? t('register.detail.duplicate') : t('register.detail.original')}
    >
      <div className="cert-pdf-dialog-frame">
        <div className="cert-pdf-dialog-head">
          {duplicate && <span className="cell-muted">{t('register.duplicateMark')}</span>}
          <CloseButton onClick={onClose} testId="certificate-pdf-close" />
        </div>
        {error && <Notice kind="error">{errorMessage(error, t)}</Notice>}
        {pdf ? <CertificatePdfView pdf={pdf} /> : !error && <p className="cell-muted">{t('counter.pdfLoading')}</p>}
      </div>
    </dialog>
  );
}

function AnnulDialog({ certificate, onDone, onCancel }: { certificate: CertificateDetail; onDone(): void; onCancel(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const modal = useModalDialog(onCancel, busy);
  const short = reason.trim().length < CERTIFICATE_ANNULMENT_REASON_MIN;

  const submit = async () => {
    setTouched(true);
    if (short) return;
    setBusy(true);
    const result = await call('certificates/annul', { certificateId: certificate.id, reason: reason.trim() });
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error);
  };

  return (
    <dialog {...modal} className="dialog" aria-labelledby="cert-annul-title" data-testid="certificate-annul-dialog">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="dialog-body">
          <h2 id="cert-annul-title">
            {t('register.annul.title', { number: formatCertificateNumber(certificate.year, certificate.number) })}
          </h2>
          <p>{t('register.annul.intro')}</p>
          <label className="field">
            <span className="field-label">{t('register.annul.reason')}</span>
            <textarea
              className="input"
              data-testid="certificate-annul-reason"
              rows={3}
              maxLength={1000}
              value={reason}
              aria-invalid={(touched && short) || undefined}
              onChange={(event) => setReason(event.target.value)}
            />
            {touched && short && (
              <span className="field-error">{t('reason.annulment_reason_too_short', { min: CERTIFICATE_ANNULMENT_REASON_MIN })}</span>
            )}
          </label>
          {error && <Notice kind="error">{errorMessage(error, t)}</Notice>}
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn" disabled={busy} onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-danger" data-testid="certificate-annul-confirm" disabled={busy}>
            {busy ? t('register.annul.busy') : t('register.annul.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** One certificate of the register: what was issued, to whom, how it was paid; original, duplicate, annulment. */
export function CertificateDrawer({
  certificateId,
  canAnnul,
  onChanged,
  onClose,
}: {
  certificateId: number;
  canAnnul: boolean;
  onChanged(): void;
  onClose(): void;
}) {
  const { t, format, language } = useI18n();
  const { data, error, reload } = useCall('certificates/get', { certificateId }, String(certificateId));
  const [viewing, setViewing] = useState<'original' | 'duplicate' | null>(null);
  const [annulling, setAnnulling] = useState(false);
  const euro = (cents: number) => euroText(cents, language, format);

  const row = (label: string, value: string | null, testId?: string) => (
    <div className="cert-detail-row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value || t('common.none')}</dd>
    </div>
  );

  let body;
  if (error && !data) body = <Notice kind="error">{errorMessage(error, t)}</Notice>;
  else if (!data) body = <p className="cell-muted">{t('common.loading')}</p>;
  else {
    const c = data;
    const useLine =
      c.useKind === 'bollo_paper'
        ? t('register.detail.marca', { serial: c.marcaSerial ?? '' })
        : c.useKind === 'bollo_digital'
          ? c.iubd
            ? t('register.detail.iubd', { iubd: c.iubd })
            : t('register.detail.digitalAtDesk')
          : c.exemption
            ? t('register.detail.exemption', { label: c.exemption.label, norm: c.exemption.norm })
            : t('certificates.use.exempt');
    const paymentLine = c.payment
      ? c.payment.pagopaReference
        ? t('register.detail.paymentPagopa', {
            method: t(`certificates.payment.${c.payment.method}` as MessageKey),
            amount: euro(c.payment.amountCents),
            reference: c.payment.pagopaReference,
          })
        : t('register.detail.paymentText', {
            method: t(`certificates.payment.${c.payment.method}` as MessageKey),
            amount: euro(c.payment.amountCents),
          })
      : t('register.detail.noPayment');
    body = (
      <>
        {c.annulment && (
          <div className="cert-annulment" role="status" data-testid="certificate-annulment">
            <strong>{t('register.detail.annulled')}</strong>
            <span>{t('register.detail.annulledAt', { date: format.dateTime(c.annulment.at), name: c.annulment.byName ?? '—' })}</span>
            <span>
              {t('register.detail.annulmentReason')}: {c.annulment.reason}
            </span>
          </div>
        )}
        <dl className="cert-detail">
          {row(t('register.detail.holder'), `${c.holderName} · ${c.holderTaxCode}`, 'certificate-holder')}
          {row(t('register.detail.type'), c.typeName)}
          {row(t('register.detail.issuedAt'), format.dateTime(c.issuedAt))}
          {row(t('register.detail.issuedBy'), c.issuedByName)}
          {row(t('certificates.validity'), validityText(c.validUntil, t, format), 'certificate-validity')}
          {row(t('register.detail.use'), useLine, 'certificate-use')}
          {row(t('register.detail.bollo'), euro(c.bolloCents))}
          {row(t('register.detail.fee'), euro(c.feeCents))}
          {row(t('register.detail.payment'), paymentLine)}
          {row(t('register.detail.code'), c.verificationCode, 'certificate-code')}
          {row(t('register.detail.protocol'), c.protocolSegnatura ?? c.protocolNumber)}
          {row(t('register.detail.sha256'), c.pdfSha256)}
        </dl>
        {c.duplicatePrints.length > 0 && (
          <>
            <h3 className="cert-detail-subtitle">{t('register.detail.duplicates')}</h3>
            <ul className="cert-duplicates" data-testid="certificate-duplicates">
              {c.duplicatePrints.map((print) => (
                <li key={print.at}>{t('register.detail.duplicateLine', { date: format.dateTime(print.at), name: print.byName ?? '—' })}</li>
              ))}
            </ul>
          </>
        )}
      </>
    );
  }

  return (
    <aside
      className={data?.status === 'annulled' ? 'cert-drawer is-annulled' : 'cert-drawer'}
      data-testid="certificate-detail"
      aria-labelledby="cert-detail-title"
    >
      <header className="cert-drawer-head">
        <h2 id="cert-detail-title">
          {data ? t('register.detail.title', { number: formatCertificateNumber(data.year, data.number) }) : t('common.loading')}
          {data && (
            <span className={`pill cert-pill cert-pill-${data.status}`} data-testid="certificate-status">
              {t(`certificates.status.${data.status}` as MessageKey)}
            </span>
          )}
        </h2>
        <CloseButton onClick={onClose} />
      </header>
      <div className="cert-drawer-body">{body}</div>
      {data && (
        <div className="cert-drawer-actions">
          <button type="button" className="btn" data-testid="certificate-original" onClick={() => setViewing('original')}>
            {t('register.detail.original')}
          </button>
          {data.status !== 'annulled' && (
            <button type="button" className="btn" data-testid="certificate-duplicate" onClick={() => setViewing('duplicate')}>
              {t('register.detail.duplicate')}
            </button>
          )}
          {canAnnul && data.status !== 'annulled' && (
            <button type="button" className="btn btn-danger" data-testid="certificate-annul" onClick={() => setAnnulling(true)}>
              {t('register.detail.annul')}
            </button>
          )}
        </div>
      )}
      {viewing && data && (
        <PdfDialog
          certificateId={data.id}
          duplicate={viewing === 'duplicate'}
          onClose={() => {
            setViewing(null);
            if (viewing === 'duplicate') void reload();
          }}
        />
      )}
      {annulling && data && (
        <AnnulDialog
          certificate={data}
          onCancel={() => setAnnulling(false)}
          onDone={() => {
            setAnnulling(false);
            void reload();
            onChanged();
          }}
        />
      )}
    </aside>
  );
}
