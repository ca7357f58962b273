import { useState } from 'react';
import type { AccessPurposeValue, ArchiveDocumentInfo, ArchiveDossierDetail } from '../../shared/api/archive';
import type { SessionInfo } from '../../shared/api/session';
import { useCall } from '../api/hooks';
import { Notice } from '../components/Notice';
import { TabList, tabId } from '../components/TabList';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { AccessLogView } from './AccessLogView';
import { archiveTabsFor, type ArchiveTab } from './archiveTabs';
import { CampaignView } from './CampaignView';
import { DossierDrawer } from './DossierDrawer';
import { PrecedentsView } from './PrecedentsPanel';
import { PurposeDialog } from './PurposeDialog';
import { ScanViewer } from './ScanViewer';
import { SearchView } from './SearchView';
import './archive.css';

interface ScanRequest {
  dossier: ArchiveDossierDetail;
  document: ArchiveDocumentInfo;
}

/**
 * "Archivio": the one search box over the digitised archive, the dossier and its scans (opened with
 * a purpose, every access logged), and, by role, the access log.
 */
export function ArchivePage({ session, onOpenCase }: { session: SessionInfo; onOpenCase?(instanceId: number): void }) {
  const { t } = useI18n();
  const tabs = archiveTabsFor(session.role);
  const [tab, setTab] = useState<ArchiveTab>('search');
  const series = useCall('archive/series', {});
  const [openDossier, setOpenDossier] = useState<number | null>(null);
  const [scanRequest, setScanRequest] = useState<ScanRequest | null>(null);
  const [viewing, setViewing] = useState<{ document: ArchiveDocumentInfo; access: AccessPurposeValue } | null>(null);
  // The purpose given for a dossier is offered again for its other scans.
  const [purposes, setPurposes] = useState<Record<number, AccessPurposeValue>>({});

  return (
    <main className="page archive-page" aria-labelledby="archive-title" data-testid="archive-page">
      <div className="page-head">
        <div className="page-title">
          <h1 id="archive-title">{t('archive.title')}</h1>
          <span className="page-intro">{t('archive.intro')}</span>
        </div>
      </div>
      {tabs.length > 1 && (
        <TabList<ArchiveTab>
          tabs={tabs}
          current={tab}
          label={t('archive.tabs')}
          idPrefix="archive"
          panelId="archive-tabpanel"
          onChange={setTab}
          labelOf={(id) => t(`archive.tab.${id}`)}
        />
      )}
      {series.error && <Notice kind="error">{errorMessage(series.error, t)}</Notice>}
      <div className="archive-tabpanel" id="archive-tabpanel" role="tabpanel" aria-labelledby={tabId('archive', tab)}>
        {tab === 'search' && <SearchView series={series.data ?? []} onOpen={setOpenDossier} />}
        {tab === 'precedents' && <PrecedentsView onOpenDossier={setOpenDossier} />}
        {tab === 'campaign' && <CampaignView session={session} series={series.data ?? []} />}
        {tab === 'accessLog' && <AccessLogView />}
      </div>

      {openDossier !== null && (
        <DossierDrawer
          key={openDossier}
          dossierId={openDossier}
          onClose={() => setOpenDossier(null)}
          onOpenScan={(dossier, document) => setScanRequest({ dossier, document })}
          {...(onOpenCase ? { onOpenCase } : {})}
        />
      )}
      {scanRequest && (
        <PurposeDialog
          initial={purposes[scanRequest.dossier.id] ?? null}
          onCancel={() => setScanRequest(null)}
          onConfirm={(access) => {
            setPurposes((previous) => ({ ...previous, [scanRequest.dossier.id]: access }));
            setViewing({ document: scanRequest.document, access });
            setScanRequest(null);
          }}
        />
      )}
      {viewing && <ScanViewer document={viewing.document} access={viewing.access} onClose={() => setViewing(null)} />}
    </main>
  );
}
