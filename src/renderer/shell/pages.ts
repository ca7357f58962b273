import type { StaffRole } from '../../shared/api/session';
import type { WorklistScope } from '../../shared/api/instances';
import type { IconName } from '../components/Icon';

export type PageId = WorklistScope | 'intake' | 'protocol' | 'people' | 'staff' | 'titolario' | 'workload' | 'archive' | 'certificates';

/** The sections of the navigation, in order: the cases, the desk, the registers, the office's management. */
export const NAV_GROUP_IDS = ['cases', 'counter', 'registers', 'management'] as const;
export type NavGroupId = (typeof NAV_GROUP_IDS)[number];

export interface PageEntry {
  id: PageId;
  group: NavGroupId;
  icon: IconName;
  /** Alt+<shortcut> switches to the page; empty for the pages past the tenth. */
  shortcut: string;
}

export interface NavGroup {
  id: NavGroupId;
  pages: PageEntry[];
}

interface PageDefinition {
  id: PageId;
  group: NavGroupId;
  icon: IconName;
  /** Who sees the page; everyone when absent. */
  roles?: readonly StaffRole[];
}

/**
 * The navigation: each capability adds its page here, in its section. Shortcuts (Alt+1 ... Alt+9,
 * then Alt+0, as the keys lie on the keyboard) follow the order in which a role sees its pages,
 * section by section, so they never collide.
 */
const PAGES: readonly PageDefinition[] = [
  { id: 'mine', group: 'cases', icon: 'tray' },
  { id: 'office', group: 'cases', icon: 'users' },
  { id: 'unassigned', group: 'cases', icon: 'userPlus' },
  { id: 'intake', group: 'cases', icon: 'mail', roles: ['clerk', 'manager', 'admin'] },
  { id: 'people', group: 'counter', icon: 'idCard' },
  { id: 'certificates', group: 'counter', icon: 'certificate', roles: ['clerk', 'technician', 'manager', 'admin'] },
  { id: 'protocol', group: 'registers', icon: 'register' },
  { id: 'archive', group: 'registers', icon: 'archiveBox' },
  { id: 'workload', group: 'management', icon: 'chart', roles: ['manager', 'admin'] },
  { id: 'staff', group: 'management', icon: 'staff', roles: ['admin'] },
  { id: 'titolario', group: 'management', icon: 'hierarchy', roles: ['admin'] },
];

const SHORTCUT_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

export function pagesFor(role: StaffRole): PageEntry[] {
  const visible = PAGES.filter((page) => !page.roles || page.roles.includes(role));
  const inSectionOrder = NAV_GROUP_IDS.flatMap((group) => visible.filter((page) => page.group === group));
  return inSectionOrder.map((page, index) => ({
    id: page.id,
    group: page.group,
    icon: page.icon,
    shortcut: SHORTCUT_KEYS[index] ?? '',
  }));
}

/** The pages section by section; a section with no page for the role is left out. */
export function navGroups(pages: readonly PageEntry[]): NavGroup[] {
  return NAV_GROUP_IDS.map((id) => ({ id, pages: pages.filter((page) => page.group === id) })).filter((group) => group.pages.length > 0);
}
