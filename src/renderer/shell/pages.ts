import type { StaffRole } from '../../shared/api/session';
import type { WorklistScope } from '../../shared/api/instances';

export type PageId = WorklistScope | 'staff';

export interface PageEntry {
  id: PageId;
  /** Alt+<shortcut> switches to the page. */
  shortcut: string;
}

/** The navigation, in order; "Personale" only for administrators. */
export function pagesFor(role: StaffRole): PageEntry[] {
  const pages: PageEntry[] = [
    { id: 'mine', shortcut: '1' },
    { id: 'office', shortcut: '2' },
    { id: 'unassigned', shortcut: '3' },
  ];
  if (role === 'admin') pages.push({ id: 'staff', shortcut: '4' });
  return pages;
}
