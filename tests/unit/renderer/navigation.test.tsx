import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../src/renderer/i18n/I18nProvider';
import { navGroups, pagesFor, type PageEntry } from '../../../src/renderer/shell/pages';
import { SideNav } from '../../../src/renderer/shell/SideNav';
import { STAFF_ROLES } from '../../../src/shared/api/session';

const ids = (pages: readonly PageEntry[]) => pages.map((page) => page.id);

describe('the pages each role finds in the navigation', () => {
  it('gives the clerk the cases, the desk and the registers, without management', () => {
    expect(navGroups(pagesFor('clerk')).map((group) => [group.id, ids(group.pages)])).toEqual([
      ['cases', ['mine', 'office', 'unassigned', 'intake']],
      ['counter', ['people', 'certificates']],
      ['registers', ['protocol', 'archive']],
    ]);
  });

  it('gives the technician no arrivals to register and the manager the workloads', () => {
    expect(ids(pagesFor('technician'))).not.toContain('intake');
    expect(ids(pagesFor('technician'))).toContain('certificates');
    expect(navGroups(pagesFor('manager')).at(-1)).toMatchObject({ id: 'management', pages: [{ id: 'workload' }] });
  });

  it('numbers the shortcuts Alt+1 to Alt+9 then Alt+0 in the order the entries are shown, none twice', () => {
    for (const role of STAFF_ROLES) {
      const shown = navGroups(pagesFor(role)).flatMap((group) => group.pages);
      const shortcuts = shown.map((page) => page.shortcut).filter(Boolean);
      expect(shortcuts).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].slice(0, shortcuts.length));
      expect(shortcuts.length).toBe(Math.min(shown.length, 10));
    }
  });

  it('leaves only the administrator’s eleventh page, the titolario, without a shortcut', () => {
    const admin = pagesFor('admin');
    expect(admin.map((page) => `${page.id}:${page.shortcut}`).slice(-3)).toEqual(['workload:9', 'staff:0', 'titolario:']);
  });
});

describe('the navigation on the left', () => {
  const render = (collapsed: boolean) =>
    renderToStaticMarkup(
      <I18nProvider>
        <SideNav pages={pagesFor('admin')} current="protocol" collapsed={collapsed} onNavigate={() => undefined} />
      </I18nProvider>,
    );

  it('shows the sections and each entry’s shortcut, and marks the page on screen', () => {
    const html = render(false);
    for (const section of ['Pratiche', 'Sportello', 'Registri', 'Gestione']) expect(html).toContain(`>${section}</div>`);
    expect(html).toMatch(/data-testid="nav-protocol" aria-current="page" aria-keyshortcuts="Alt\+7"[^>]*>.*Protocollo.*Alt\+7/);
    expect(html).toMatch(/data-testid="nav-staff"[^>]*aria-keyshortcuts="Alt\+0"/);
    expect(html).not.toMatch(/data-testid="nav-titolario"[^>]*aria-keyshortcuts/);
    expect(html).not.toMatch(/data-testid="nav-mine" aria-current/);
  });

  it('collapsed, tells each page’s name and shortcut in its tooltip and keeps the name for screen readers', () => {
    const html = render(true);
    expect(html).toContain('data-collapsed="true"');
    expect(html).toMatch(/data-testid="nav-mine"[^>]*title="Le mie pratiche \(Alt\+1\)"/);
    expect(html).toMatch(/data-testid="nav-titolario"[^>]*title="Titolario"/);
    expect(html).toContain('<span class="sidenav-label">Fascicolo persona</span>');
  });
});
