import { formatEuroCents } from '../../shared/domain/certificates';
import type { Formatters } from '../i18n/format';
import type { Language } from '../i18n/translate';

/**
 * An amount in cents as the desk and the certificate write it: '€ 16,00' in Italian (the form of
 * Italian public administration's acts), the locale's own currency format in English.
 */
export function euroText(cents: number, language: Language, format: Formatters): string {
  return language === 'it' ? `€ ${formatEuroCents(cents)}` : format.euro(cents / 100);
}

const EURO_TEXT = /^(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d{1,2}))?$/;

/**
 * Cents from an amount typed the Italian way ('0,52', '16', '1.234,50', '€ 5,16'); a dot followed by
 * one or two digits is read as the decimal separator too ('0.52'). Null when it is not an amount.
 */
export function parseEuroCents(text: string): number | null {
  let cleaned = text.replace(/€|\s/g, '');
  if (/^\d+\.\d{1,2}$/.test(cleaned)) cleaned = cleaned.replace('.', ',');
  const match = EURO_TEXT.exec(cleaned);
  if (!match) return null;
  const euros = Number((match[1] ?? '').replace(/\./g, ''));
  const cents = Number((match[2] ?? '0').padEnd(2, '0'));
  return euros * 100 + cents;
}
