import type { StaffRole } from '../../shared/api/session';

export const CERTIFICATE_TABS = ['counter', 'register', 'verify', 'types'] as const;
export type CertificateTab = (typeof CERTIFICATE_TABS)[number];

/**
 * The sections of the Certificati page each role sees: the counter, the register and verification
 * for the staff who issue certificates (technicians issue the CDU); the types for administrators.
 */
const TAB_ROLES: Readonly<Record<CertificateTab, readonly StaffRole[]>> = {
  counter: ['clerk', 'technician', 'manager', 'admin'],
  register: ['clerk', 'technician', 'manager', 'admin'],
  verify: ['clerk', 'technician', 'manager', 'admin'],
  types: ['admin'],
};

export function certificateTabsFor(role: StaffRole): CertificateTab[] {
  return CERTIFICATE_TABS.filter((tab) => TAB_ROLES[tab].includes(role));
}
