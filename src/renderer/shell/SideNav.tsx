import type { KeyboardEvent } from 'react';
import { Icon } from '../components/Icon';
import { useI18n } from '../i18n/I18nProvider';
import type { Translate } from '../i18n/translate';
import { navGroups, type PageEntry, type PageId } from './pages';

export const SIDENAV_ID = 'sidenav';

/** Where each key moves the focus among `count` entries, from `index`: as in a desktop list. */
const FOCUS_MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowDown: (index, count) => (index + 1) % count,
  ArrowUp: (index, count) => (index - 1 + count) % count,
  Home: () => 0,
  End: (_index, count) => count - 1,
};

function moveFocus(event: KeyboardEvent<HTMLElement>) {
  const move = FOCUS_MOVES[event.key];
  if (!move) return;
  const items = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('.sidenav-item'));
  const index = items.findIndex((item) => item === document.activeElement);
  if (index < 0) return;
  event.preventDefault();
  items[move(index, items.length)]?.focus();
}

/** Expanded, the tooltip tells the shortcut; collapsed, also the page's name. */
function entryTooltip(t: Translate, label: string, shortcut: string, collapsed: boolean): string | undefined {
  if (!collapsed) return shortcut ? t('nav.shortcut', { n: shortcut }) : undefined;
  return shortcut ? t('nav.entryWithShortcut', { label, n: shortcut }) : label;
}

/**
 * The pages on the left, in sections (Pratiche, Sportello, Registri, Gestione), each with its
 * Alt+ shortcut. Collapsed, it shows the icons alone: names and shortcuts stay in the tooltips and
 * in what a screen reader says.
 */
export function SideNav({
  pages,
  current,
  collapsed,
  onNavigate,
}: {
  pages: PageEntry[];
  current: PageId;
  collapsed: boolean;
  onNavigate(page: PageId): void;
}) {
  const { t } = useI18n();
  return (
    <nav id={SIDENAV_ID} className="sidenav" data-collapsed={collapsed} aria-label={t('nav.label')} onKeyDown={moveFocus}>
      {navGroups(pages).map((group) => (
        <div key={group.id} className="sidenav-group">
          <div className="sidenav-group-label" id={`sidenav-group-${group.id}`}>
            {t(`nav.group.${group.id}`)}
          </div>
          <ul className="sidenav-list" aria-labelledby={`sidenav-group-${group.id}`}>
            {group.pages.map((page) => {
              const label = t(`nav.${page.id}`);
              return (
                <li key={page.id}>
                  <button
                    type="button"
                    className="sidenav-item"
                    data-testid={`nav-${page.id}`}
                    aria-current={page.id === current ? 'page' : undefined}
                    aria-keyshortcuts={page.shortcut ? `Alt+${page.shortcut}` : undefined}
                    title={entryTooltip(t, label, page.shortcut, collapsed)}
                    onClick={() => onNavigate(page.id)}
                  >
                    <Icon name={page.icon} />
                    <span className="sidenav-label">{label}</span>
                    {page.shortcut && <kbd aria-hidden="true">Alt+{page.shortcut}</kbd>}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
