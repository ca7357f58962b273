import { useEffect, useRef, useState } from 'react';
import type { ArchiveDocumentInfo, ArchiveDossierDetail } from '../../shared/api/archive';
import type { ApiError } from '../../shared/api/errors';
import { STREET_TYPE_LABELS } from '../../shared/domain/archive';
import { formatParcel } from '../../shared/domain/archiveQuery';
import { call } from '../api/client';
import { Notice } from '../components/Notice';
import { fileSizeText } from '../documents/documentFormat';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { CloseButton } from '../components/CloseButton';

/** One archive dossier: the practice, its people, places, parcels, AgID metadata and scans. */
export function DossierDrawer({
  dossierId,
  onClose,
  onOpenScan,
  onOpenCase,
}: {
  dossierId: number;
  onClose(): void;
  onOpenScan(dossier: ArchiveDossierDetail, document: ArchiveDocumentInfo): void;
  onOpenCase?(instanceId: number): void;
}) {
  const { t, format } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [dossier, setDossier] = useState<ArchiveDossierDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  useEffect(() => {
    let current = true;
    void call('archive/dossier', { dossierId }).then((result) => {
      if (!current) return;
      if (result.ok) setDossier(result.data);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [dossierId]);

  const title = dossier
    ? t('archive.dossier.title', { type: t(`archive.type.${dossier.practiceType}`), number: dossier.number, year: dossier.year })
    : t('archive.dossier.loading');
  const street = (value: { type: keyof typeof STREET_TYPE_LABELS; name: string }) => `${STREET_TYPE_LABELS[value.type]} ${value.name}`;

  return (
    <dialog
      ref={dialog}
      className="drawer archive-drawer"
      aria-labelledby="archive-dossier-title"
      data-testid="archive-dossier"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="drawer-form">
        <div className="drawer-head">
          <h2 id="archive-dossier-title" data-testid="archive-dossier-title">
            {title}
          </h2>
          <CloseButton onClick={onClose} />
        </div>
        <div className="drawer-body">
          {error && (
            <Notice kind="error" testId="archive-dossier-error">
              {errorMessage(error, t)}
            </Notice>
          )}
          {dossier && (
            <>
              {dossier.reserved && <Notice kind="warning">{t('archive.dossier.reservedNotice')}</Notice>}
              <dl className="archive-facts">
                <dt>{t('archive.dossier.subject')}</dt>
                <dd data-testid="archive-dossier-subject">{dossier.subject}</dd>
                <dt>{t('archive.dossier.series')}</dt>
                <dd>{dossier.series.title}</dd>
                <dt>{t('archive.dossier.outcome')}</dt>
                <dd>{t(`archive.outcome.${dossier.outcome}`)}</dd>
                <dt>{t('archive.dossier.dates')}</dt>
                <dd>
                  {[
                    dossier.openedOn && t('archive.dossier.opened', { date: format.date(dossier.openedOn) }),
                    dossier.decidedOn && t('archive.dossier.decided', { date: format.date(dossier.decidedOn) }),
                    dossier.closedOn && t('archive.dossier.closed', { date: format.date(dossier.closedOn) }),
                  ]
                    .filter(Boolean)
                    .join(', ') || t('common.none')}
                </dd>
                {dossier.oldReferences.length > 0 && (
                  <>
                    <dt>{t('archive.dossier.references')}</dt>
                    <dd>{dossier.oldReferences.join(', ')}</dd>
                  </>
                )}
                <dt>{t('archive.dossier.location')}</dt>
                <dd>{dossier.location ? t('archive.dossier.locationValue', dossier.location) : t('archive.dossier.noLocation')}</dd>
              </dl>

              <section>
                <h3 className="archive-section-title">{t('archive.dossier.documents')}</h3>
                {dossier.documents.length === 0 ? (
                  <p className="cell-muted">{t('archive.dossier.noDocuments')}</p>
                ) : (
                  <ul className="archive-documents" data-testid="archive-documents">
                    {dossier.documents.map((document) => (
                      <li key={document.id} className="archive-document">
                        <div>
                          <div className="archive-document-title">{document.title}</div>
                          <div className="cell-sub">
                            {t(`archive.docKind.${document.kind}`)} · {document.filename} ·{' '}
                            {t('archive.dossier.pages', { pages: document.pageCount })} · {fileSizeText(document.size, format, t)}
                            {document.hasOcr ? ` · ${t('archive.dossier.ocr')}` : ''}
                          </div>
                        </div>
                        <button
                          type="button"
                          className="btn btn-small btn-primary"
                          data-testid="archive-open-scan"
                          onClick={() => onOpenScan(dossier, document)}
                        >
                          {t('archive.dossier.open')}
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </section>

              {dossier.subjects.length > 0 && (
                <section>
                  <h3 className="archive-section-title">{t('archive.dossier.subjects')}</h3>
                  <ul className="archive-list">
                    {dossier.subjects.map((subject, index) => (
                      <li key={index}>
                        <span className="cell-muted">{t(`archive.role.${subject.role}`)}:</span> {subject.name}
                        {subject.taxCode && <span className="cell-mono"> {subject.taxCode}</span>}
                        {subject.party && <span className="pill archive-registry-pill">{t('archive.dossier.inRegistry')}</span>}
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              {dossier.addresses.length > 0 && (
                <section>
                  <h3 className="archive-section-title">{t('archive.dossier.addresses')}</h3>
                  <ul className="archive-list">
                    {dossier.addresses.map((address, index) => (
                      <li key={index}>
                        {address.writtenAs}
                        {address.today && (
                          <span className="cell-muted"> ({t('archive.dossier.today', { street: street(address.today) })})</span>
                        )}
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              {dossier.parcels.length > 0 && (
                <section>
                  <h3 className="archive-section-title">{t('archive.dossier.parcels')}</h3>
                  <ul className="archive-list">
                    {dossier.parcels.map((parcel, index) => (
                      <li key={index}>{formatParcel(parcel)}</li>
                    ))}
                  </ul>
                </section>
              )}
              {dossier.links.length > 0 && (
                <section>
                  <h3 className="archive-section-title">{t('archive.dossier.links')}</h3>
                  <ul className="archive-list">
                    {dossier.links.map((link) => (
                      <li key={link.instanceId}>
                        <span className="cell-mono">{link.protocol}</span> {link.procedureName}: {link.subject}
                        {onOpenCase && (
                          <button type="button" className="btn btn-small btn-ghost" onClick={() => onOpenCase(link.instanceId)}>
                            {t('archive.dossier.openCase')}
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              <section>
                <h3 className="archive-section-title">{t('archive.agid.title')}</h3>
                <dl className="archive-facts">
                  <dt>{t('archive.agid.identifier')}</dt>
                  <dd className="cell-mono">{dossier.agid.identifier}</dd>
                  <dt>{t('archive.agid.type')}</dt>
                  <dd>{t('archive.agid.fascicolo')}</dd>
                  <dt>{t('archive.agid.kind')}</dt>
                  <dd>{t(`archive.agidKind.${dossier.agid.kind}`)}</dd>
                  <dt>{t('archive.agid.classification')}</dt>
                  <dd>{dossier.agid.classification ?? t('common.none')}</dd>
                  <dt>{t('archive.agid.retention')}</dt>
                  <dd>{dossier.agid.retention}</dd>
                </dl>
              </section>
            </>
          )}
        </div>
      </div>
    </dialog>
  );
}
