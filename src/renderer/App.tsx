import { AppInfoProvider, SessionProvider, useSession } from './api/hooks';
import { I18nProvider, useI18n } from './i18n/I18nProvider';
import { AppShell } from './shell/AppShell';
import { SignInPage } from './signin/SignInPage';

function Workspace() {
  const { t } = useI18n();
  const { status } = useSession();
  if (status.kind === 'loading') {
    return (
      <div className="splash" role="status">
        {t('app.loading')}
      </div>
    );
  }
  if (status.kind === 'signedIn') return <AppShell key={status.session.staffId} session={status.session} />;
  return <SignInPage key={status.reason} />;
}

export function App() {
  return (
    <I18nProvider>
      <AppInfoProvider>
        <SessionProvider>
          <Workspace />
        </SessionProvider>
      </AppInfoProvider>
    </I18nProvider>
  );
}
