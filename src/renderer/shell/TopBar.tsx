import type { SessionInfo } from '../../shared/api/session';
import { Emblem, Icon } from '../components/Icon';
import { useI18n } from '../i18n/I18nProvider';
import { SIDENAV_ID } from './SideNav';

/** The strip on top: the menu toggle, the app's name and the ente the user works for. */
export function TopBar({
  session,
  navigationCollapsed,
  onToggleNavigation,
}: {
  session: SessionInfo;
  navigationCollapsed: boolean;
  onToggleNavigation(): void;
}) {
  const { t } = useI18n();
  const toggleLabel = navigationCollapsed ? t('nav.expand') : t('nav.collapse');
  return (
    <header className="topbar">
      <button
        type="button"
        className="topbar-toggle"
        data-testid="nav-toggle"
        aria-controls={SIDENAV_ID}
        aria-expanded={!navigationCollapsed}
        aria-label={toggleLabel}
        title={toggleLabel}
        onClick={onToggleNavigation}
      >
        <Icon name="menu" />
      </button>
      <div className="brand">
        <Emblem small />
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <div className="topbar-spacer" />
      <div className="topbar-ente" data-testid="topbar-ente">
        <Icon name="building" />
        {session.ente.name}
      </div>
    </header>
  );
}
