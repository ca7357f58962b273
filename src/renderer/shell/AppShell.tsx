import { useCallback, useEffect, useState } from 'react';
import type { SessionInfo } from '../../shared/api/session';
import { useSession } from '../api/hooks';
import { IntakePage } from '../intake/IntakePage';
import { StaffPage } from '../staff/StaffPage';
import { TitolarioPage } from '../titolario/TitolarioPage';
import { WorklistPage } from '../worklist/WorklistPage';
import { ConnectionBanner } from './ConnectionBanner';
import { pagesFor, type PageId } from './pages';
import { StatusBar } from './StatusBar';
import { TopBar } from './TopBar';

/** The workspace after sign-in: navigation on top, the page, the status bar at the bottom. */
export function AppShell({ session }: { session: SessionInfo }) {
  const { signOut } = useSession();
  const pages = pagesFor(session.role);
  const [page, setPage] = useState<PageId>('mine');
  const [signingOut, setSigningOut] = useState(false);

  const navigate = useCallback((next: PageId) => setPage(next), []);

  // Alt+1..4: the worklists (and staff) from anywhere, by physical key so any layout works.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const digit = /^Digit(\d)$/.exec(event.code)?.[1] ?? (/^\d$/.test(event.key) ? event.key : null);
      const target = pages.find((entry) => entry.shortcut === digit);
      if (!target) return;
      event.preventDefault();
      setPage(target.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [pages]);

  const onSignOut = async () => {
    setSigningOut(true);
    await signOut();
  };

  return (
    <div className="shell">
      <TopBar session={session} pages={pages} current={page} onNavigate={navigate} />
      <ConnectionBanner />
      {page === 'intake' && pages.some((entry) => entry.id === 'intake') ? (
        <IntakePage />
      ) : page === 'staff' && session.role === 'admin' ? (
        <StaffPage session={session} />
      ) : page === 'titolario' && session.role === 'admin' ? (
        <TitolarioPage />
      ) : (
        <WorklistPage key={page} scope={page === 'mine' || page === 'office' || page === 'unassigned' ? page : 'mine'} />
      )}
      <StatusBar session={session} onSignOut={() => void onSignOut()} signingOut={signingOut} />
    </div>
  );
}
