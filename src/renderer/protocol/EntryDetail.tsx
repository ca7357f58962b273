import { useState } from 'react';
import type { ProtocolEntryDetail } from '../../shared/api/protocol';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import { useCall } from '../api/hooks';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { fileSizeText, shortHash } from '../documents/documentFormat';
import { errorMessage } from '../i18n/errors';
import { useObjectUrl } from '../components/useObjectUrl';
import { useI18n } from '../i18n/I18nProvider';
import { AnnulDialog } from './AnnulDialog';
import { CloseButton } from '../components/CloseButton';

function CopyHash({ sha256 }: { sha256: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-ghost btn-small"
      data-testid="copy-hash"
      title={t('protocol.detail.copyHash')}
      aria-label={t('protocol.detail.copyHash')}
      onClick={() => {
        void navigator.clipboard?.writeText(sha256).then(() => setCopied(true));
      }}
    >
      {copied ? <Icon name="check" /> : t('protocol.detail.copy')}
    </button>
  );
}

/** One registration: segnatura, correspondent, classification, documents with hashes, annulment. */
export function EntryDetail({
  entryId,
  canAnnul,
  onAnnulled,
  onClose,
}: {
  entryId: number;
  canAnnul: boolean;
  onAnnulled(entry: ProtocolEntryDetail): void;
  onClose(): void;
}) {
  const { t, format } = useI18n();
  const { data, error, reload } = useCall('protocol/get', { entryId }, String(entryId));
  const [annulling, setAnnulling] = useState(false);
  const segnaturaUrl = useObjectUrl(data && data.id === entryId ? data.segnaturaXml : null, 'application/xml');

  if (error && !data) {
    return (
      <aside className="protocol-detail" data-testid="protocol-detail">
        <Notice kind="error">{errorMessage(error, t)}</Notice>
      </aside>
    );
  }
  if (!data || data.id !== entryId) {
    return (
      <aside className="protocol-detail" data-testid="protocol-detail" aria-busy="true">
        <p className="cell-muted">{t('common.loading')}</p>
      </aside>
    );
  }
  const entry = data;
  const number = formatProtocolNumber(entry.year, entry.number);
  const row = (label: string, value: string | null, testId?: string) => (
    <div className="protocol-detail-row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value || t('common.none')}</dd>
    </div>
  );

  return (
    <aside
      className={entry.annulled ? 'protocol-detail is-annulled' : 'protocol-detail'}
      data-testid="protocol-detail"
      aria-labelledby="protocol-detail-title"
    >
      <header className="protocol-detail-head">
        <div>
          <h2 id="protocol-detail-title">
            <span className="protocol-number" data-testid="detail-number">
              {number}
            </span>
            {entry.annulled && (
              <span className="pill pill-annulled" data-testid="detail-annulled-badge">
                {t('protocol.state.annulled')}
              </span>
            )}
          </h2>
          <p className="cell-muted">
            {t(`protocol.direction.${entry.direction}`)} · {t(`protocol.channel.${entry.channel}`)} · {format.dateTime(entry.registeredAt)}
          </p>
        </div>
        <CloseButton onClick={onClose} />
      </header>

      {entry.annulment && (
        <div className="protocol-annulment" role="status" data-testid="detail-annulment">
          <strong>{t('protocol.detail.annulledTitle')}</strong>
          <dl>
            {row(t('protocol.detail.annulledAt'), format.dateTime(entry.annulment.at))}
            {row(t('protocol.detail.annulledBy'), `${entry.annulment.byName ?? entry.annulment.login} (${entry.annulment.login})`)}
            {row(t('protocol.detail.annulmentReason'), entry.annulment.reason, 'detail-annulment-reason')}
            {row(t('protocol.detail.annulmentAct'), entry.annulment.act, 'detail-annulment-act')}
          </dl>
        </div>
      )}

      <dl className="protocol-detail-list">
        {row(t('protocol.detail.segnatura'), entry.segnatura, 'detail-segnatura')}
        <div className="protocol-detail-row">
          <dt />
          <dd>
            <a
              className="link"
              data-testid="detail-segnatura-xml"
              download={`segnatura-${String(entry.number).padStart(7, '0')}-${entry.year}.xml`}
              href={segnaturaUrl ?? undefined}
            >
              {t('protocol.detail.segnaturaXml')}
            </a>
          </dd>
        </div>
        {row(
          t('protocol.col.correspondent'),
          [entry.correspondentName, entry.correspondentTaxCode].filter(Boolean).join(' · '),
          'detail-correspondent',
        )}
        {row(t('protocol.detail.address'), entry.correspondentAddress)}
        {row(t('protocol.col.subject'), entry.subject, 'detail-subject')}
        {row(t('protocol.col.classification'), `${entry.classificationCode} ${entry.classificationTitle}`)}
        {row(t('protocol.detail.fascicolo'), entry.fascicolo)}
        {row(t('protocol.col.office'), entry.officeName)}
        {row(t('protocol.detail.externalRef'), entry.externalRef)}
        {row(t('protocol.detail.receivedAt'), entry.receivedAt ? format.dateTime(entry.receivedAt) : null)}
        {row(t('protocol.detail.registeredBy'), `${entry.registeredByName ?? entry.registeredLogin} (${entry.registeredLogin})`)}
      </dl>

      <h3 className="protocol-detail-subtitle">{t('protocol.detail.documents', { count: entry.documents.length })}</h3>
      {entry.documents.length === 0 ? (
        <p className="cell-muted">{t('protocol.detail.noDocuments')}</p>
      ) : (
        <ul className="protocol-documents" data-testid="detail-documents">
          {entry.documents.map((doc) => (
            <li key={doc.position}>
              <span className="protocol-document-name">
                {doc.position}. {doc.filename}
              </span>
              <span className="cell-muted">
                {doc.contentType} · {fileSizeText(doc.size, format, t)}
              </span>
              <span className="protocol-hash">
                <abbr title={doc.sha256} data-testid="document-hash">
                  SHA-256 {shortHash(doc.sha256)}
                </abbr>
                <CopyHash sha256={doc.sha256} />
              </span>
            </li>
          ))}
        </ul>
      )}

      {canAnnul && !entry.annulled && (
        <div className="protocol-detail-actions">
          <button type="button" className="btn btn-danger" data-testid="annul-open" onClick={() => setAnnulling(true)}>
            {t('protocol.annul.open')}
          </button>
        </div>
      )}
      {annulling && (
        <AnnulDialog
          entry={entry}
          onCancel={() => setAnnulling(false)}
          onDone={(annulled) => {
            setAnnulling(false);
            void reload();
            onAnnulled(annulled);
          }}
        />
      )}
    </aside>
  );
}
