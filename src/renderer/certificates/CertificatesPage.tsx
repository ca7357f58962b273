import { useState } from 'react';
import type { SessionInfo } from '../../shared/api/session';
import { TabList, tabId } from '../components/TabList';
import type { MessageKey } from '../i18n/it';
import { useI18n } from '../i18n/I18nProvider';
import { certificateTabsFor, type CertificateTab } from './certificateTabs';
import { CounterView } from './CounterView';
import { RegisterView } from './RegisterView';
import { TypesView } from './TypesView';
import { VerifyView } from './VerifyView';
import './certificates.css';

const PANEL_ID = 'certificates-tabpanel';

/** "Certificati": the counter, the certificates register, verification and (administrators) the types. */
export function CertificatesPage({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const tabs = certificateTabsFor(session.role);
  const [tab, setTab] = useState<CertificateTab>(tabs[0] ?? 'verify');

  return (
    <main className="page certificates-page" aria-labelledby="certificates-title" data-testid="certificates-page">
      <div className="page-head">
        <div className="page-title">
          <h1 id="certificates-title">{t('certificates.title')}</h1>
          <span className="page-intro">{t('certificates.intro')}</span>
        </div>
      </div>
      <TabList<CertificateTab>
        tabs={tabs}
        current={tab}
        label={t('certificates.tabs')}
        idPrefix="certificates"
        panelId={PANEL_ID}
        onChange={setTab}
        labelOf={(id) => t(`certificates.tab.${id}` as MessageKey)}
      />
      <div className="certificates-tabpanel" id={PANEL_ID} role="tabpanel" aria-labelledby={tabId('certificates', tab)}>
        {tab === 'counter' && <CounterView session={session} />}
        {tab === 'register' && <RegisterView session={session} />}
        {tab === 'verify' && <VerifyView />}
        {tab === 'types' && <TypesView />}
      </div>
    </main>
  );
}
