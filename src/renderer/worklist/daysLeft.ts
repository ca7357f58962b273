/** How urgent a case is, from its days left (negative = overdue). Pure, shared by cell and tests. */
export type Urgency = 'overdue' | 'soon' | 'normal';

export const SOON_DAYS = 7;

export function urgencyOf(daysLeft: number): Urgency {
  if (daysLeft < 0) return 'overdue';
  if (daysLeft <= SOON_DAYS) return 'soon';
  return 'normal';
}
