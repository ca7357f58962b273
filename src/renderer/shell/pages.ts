import type { StaffRole } from '../../shared/api/session';
import type { WorklistScope } from '../../shared/api/instances';

export type PageId = WorklistScope | 'intake' | 'protocol' | 'people' | 'staff' | 'titolario' | 'workload' | 'archive' | 'certificates';

export interface PageEntry {
  id: PageId;
  /** Alt+<shortcut> switches to the page. */
  shortcut: string;
}

interface PageDefinition {
  id: PageId;
  /** Who sees the page; everyone when absent. */
  roles?: readonly StaffRole[];
}

/**
 * The navigation, in order. Each capability adds its page here; shortcuts (Alt+1, Alt+2, ...)
 * follow the order of the pages a role can see, so they never collide.
 */
const PAGES: readonly PageDefinition[] = [
  { id: 'mine' },
  { id: 'office' },
  { id: 'unassigned' },
  { id: 'intake', roles: ['clerk', 'manager', 'admin'] },
  { id: 'people' },
  { id: 'certificates', roles: ['clerk', 'technician', 'manager', 'admin'] },
  { id: 'protocol' },
  { id: 'archive' },
  { id: 'staff', roles: ['admin'] },
  { id: 'titolario', roles: ['admin'] },
  { id: 'workload', roles: ['manager', 'admin'] },
];

export function pagesFor(role: StaffRole): PageEntry[] {
  return PAGES.filter((page) => !page.roles || page.roles.includes(role)).map((page, index) => ({
    id: page.id,
    shortcut: index < 9 ? String(index + 1) : '',
  }));
}
