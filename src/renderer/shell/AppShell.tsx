import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { SessionInfo } from '../../shared/api/session';
import { useSession } from '../api/hooks';
import { ArchivePage } from '../archive/ArchivePage';
import { CaseLayer, useCaseLayer } from '../cases/navigation';
import { CertificatesPage } from '../certificates/CertificatesPage';
import { IntakePage } from '../intake/IntakePage';
import { DossierPage } from '../people/DossierPage';
import { ProtocolPage } from '../protocol/ProtocolPage';
import { StaffPage } from '../staff/StaffPage';
import { TitolarioPage } from '../titolario/TitolarioPage';
import { WorklistPage } from '../worklist/WorklistPage';
import { ConnectionBanner } from './ConnectionBanner';
import { useNavigationCollapsed } from './navigationCollapse';
import { pagesFor, type PageId } from './pages';
import { SideNav } from './SideNav';
import { StatusBar } from './StatusBar';
import { TopBar } from './TopBar';

/** The workload page carries the charting library: loaded when first opened, not at start. */
const WorkloadPage = lazy(() => import('../workload/WorkloadPage').then((module) => ({ default: module.WorkloadPage })));

/** The workspace after sign-in: the top bar, the navigation on the left of the page, the status bar at the bottom. */
export function AppShell({ session }: { session: SessionInfo }) {
  const { signOut } = useSession();
  const pages = pagesFor(session.role);
  const [page, setPage] = useState<PageId>('mine');
  const [signingOut, setSigningOut] = useState(false);
  const [navigationCollapsed, toggleNavigation] = useNavigationCollapsed();

  // A case opens over the page (worklist, dossier, inbox); going to another page closes it.
  const caseLayer = useCaseLayer(useCallback(() => setPage('people'), []));
  const { closeCase } = caseLayer;
  const navigate = useCallback(
    (next: PageId) => {
      closeCase();
      setPage(next);
    },
    [closeCase],
  );

  // Alt+1..9, Alt+0: the pages in the navigation's order, from anywhere, by physical key so any layout works.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const digit = /^Digit(\d)$/.exec(event.code)?.[1] ?? (/^\d$/.test(event.key) ? event.key : null);
      const target = pages.find((entry) => entry.shortcut === digit);
      if (!target) return;
      event.preventDefault();
      navigate(target.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [pages, navigate]);

  const onSignOut = async () => {
    setSigningOut(true);
    await signOut();
  };

  return (
    <div className="shell">
      <TopBar session={session} navigationCollapsed={navigationCollapsed} onToggleNavigation={toggleNavigation} />
      <ConnectionBanner />
      <div className="shell-body">
        <SideNav pages={pages} current={page} collapsed={navigationCollapsed} onNavigate={navigate} />
        <div className="shell-main">
          <CaseLayer layer={caseLayer}>
            {page === 'intake' && pages.some((entry) => entry.id === 'intake') ? (
              <IntakePage />
            ) : page === 'people' ? (
              <DossierPage request={caseLayer.dossierRequest} />
            ) : page === 'staff' && session.role === 'admin' ? (
              <StaffPage session={session} />
            ) : page === 'archive' ? (
              <ArchivePage session={session} onOpenCase={caseLayer.navigation.openCase} />
            ) : page === 'certificates' && pages.some((entry) => entry.id === 'certificates') ? (
              <CertificatesPage session={session} />
            ) : page === 'protocol' ? (
              <ProtocolPage session={session} />
            ) : page === 'workload' && pages.some((entry) => entry.id === 'workload') ? (
              <Suspense fallback={null}>
                <WorkloadPage session={session} onOpen={caseLayer.navigation.openCase} />
              </Suspense>
            ) : page === 'titolario' && session.role === 'admin' ? (
              <TitolarioPage />
            ) : (
              <WorklistPage
                key={page}
                scope={page === 'mine' || page === 'office' || page === 'unassigned' ? page : 'mine'}
                onOpen={caseLayer.navigation.openCase}
              />
            )}
          </CaseLayer>
        </div>
      </div>
      <StatusBar session={session} onSignOut={() => void onSignOut()} signingOut={signingOut} />
    </div>
  );
}
