import type { StaffRole } from '../../shared/api/session';

export const ARCHIVE_TABS = ['search', 'precedents', 'campaign', 'accessLog'] as const;
export type ArchiveTab = (typeof ARCHIVE_TABS)[number];

/**
 * The sections of the Archivio page each role sees: everyone searches and consults; everyone looks
 * for precedents of the instances they handle; the campaign is run by technical staff and managers;
 * managers and administrators review the access log.
 */
const TAB_ROLES: Readonly<Record<ArchiveTab, readonly StaffRole[]>> = {
  search: ['clerk', 'technician', 'manager', 'admin'],
  precedents: ['clerk', 'technician', 'manager', 'admin'],
  campaign: ['technician', 'manager', 'admin'],
  accessLog: ['manager', 'admin'],
};

export function archiveTabsFor(role: StaffRole, available: readonly ArchiveTab[] = ARCHIVE_TABS): ArchiveTab[] {
  return available.filter((tab) => TAB_ROLES[tab].includes(role));
}
