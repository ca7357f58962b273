/**
 * How a certificate's validity reads in the register and in verification: until its last valid day,
 * or unlimited for states, personal qualities and facts not subject to change (art. 41 c.1 DPR 445/2000).
 */
import type { Formatters } from '../i18n/format';
import type { Translate } from '../i18n/translate';

export function validityText(validUntil: string | null, t: Translate, format: Pick<Formatters, 'date'>): string {
  return validUntil === null ? t('certificates.validity.unlimited') : t('certificates.validity.until', { date: format.date(validUntil) });
}
