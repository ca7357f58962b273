import type { SessionInfo } from '../../shared/api/session';
import { Emblem } from '../components/Icon';
import { useI18n } from '../i18n/I18nProvider';
import type { PageEntry, PageId } from './pages';

export function TopBar({
  session,
  pages,
  current,
  onNavigate,
}: {
  session: SessionInfo;
  pages: PageEntry[];
  current: PageId;
  onNavigate(page: PageId): void;
}) {
  const { t } = useI18n();
  return (
    <header className="topbar">
      <div className="brand">
        <Emblem small />
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <nav className="nav" aria-label={t('nav.label')}>
        {pages.map((page) => (
          <button
            key={page.id}
            type="button"
            className="nav-item"
            data-testid={`nav-${page.id}`}
            aria-current={page.id === current ? 'page' : undefined}
            aria-keyshortcuts={page.shortcut ? `Alt+${page.shortcut}` : undefined}
            title={page.shortcut ? t('nav.shortcut', { n: page.shortcut }) : undefined}
            onClick={() => onNavigate(page.id)}
          >
            {t(`nav.${page.id}`)}
            {/* Alt+1 to Alt+9: the pages after the ninth have no shortcut. */}
            {page.shortcut && <kbd aria-hidden="true">Alt+{page.shortcut}</kbd>}
          </button>
        ))}
      </nav>
      <div className="topbar-spacer" />
      <div className="topbar-ente">{session.ente.name}</div>
    </header>
  );
}
