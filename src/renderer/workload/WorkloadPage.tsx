/**
 * "Carichi di lavoro": the managers' page, in four tabs — dashboard, assignment, people and rules,
 * digitisation. The setup (offices, people, procedures, rules) is read once and shared.
 */
import { useEffect, useState } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { SessionInfo } from '../../shared/api/session';
import type { WorkloadSetup } from '../../shared/api/workload';
import { call } from '../api/client';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { AssignmentView } from './AssignmentView';
import { DashboardView } from './DashboardView';
import { DigitisationView } from './DigitisationView';
import { SetupView } from './SetupView';
import './workload.css';

const TABS = ['dashboard', 'assignment', 'setup', 'digitisation'] as const;
type Tab = (typeof TABS)[number];

export function WorkloadPage({ session, onOpen }: { session: SessionInfo; onOpen?: (instanceId: number) => void }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('dashboard');
  const [setup, setSetup] = useState<WorkloadSetup | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let current = true;
    void call('workload/setup', {}).then((result) => {
      if (!current) return;
      if (result.ok) setSetup(result.data);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, []);

  return (
    <main className="page workload-page" aria-labelledby="workload-title">
      <div className="page-head">
        <div className="page-title">
          <h1 id="workload-title">{t('workload.title')}</h1>
        </div>
        <div className="workload-tabs" role="tablist" aria-label={t('workload.title')}>
          {TABS.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`workload-tab-${id}`}
              aria-selected={tab === id}
              aria-controls="workload-tabpanel"
              className="workload-tab"
              data-testid={`workload-tab-${id}`}
              onClick={() => setTab(id)}
            >
              {t(`workload.tab.${id}`)}
            </button>
          ))}
        </div>
      </div>
      {error && <Notice kind="error">{t('workload.loadError', { message: errorMessage(error, t) })}</Notice>}
      <div className="page-scroll workload-body" role="tabpanel" id="workload-tabpanel" aria-labelledby={`workload-tab-${tab}`}>
        {tab === 'dashboard' && <DashboardView session={session} setup={setup} {...(onOpen ? { onOpen } : {})} />}
        {tab === 'assignment' && <AssignmentView session={session} setup={setup} />}
        {tab === 'setup' && setup && <SetupView setup={setup} onChanged={setSetup} />}
        {tab === 'digitisation' && <DigitisationView />}
      </div>
    </main>
  );
}
