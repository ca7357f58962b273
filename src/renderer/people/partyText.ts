/** How a person or business is named and identified on screen. Pure. */
import type { Party } from '../../shared/api/people';
import type { Translate } from '../i18n/translate';

/** Surname first, as the registry and the protocol write it. */
export function partyName(party: Party): string {
  return party.kind === 'person' ? `${party.lastName} ${party.firstName}` : party.name;
}

/** The codice fiscale of a person, the partita IVA of a business. */
export function partyTaxCode(party: Party): string {
  return party.kind === 'person' ? party.codiceFiscale : party.partitaIva;
}

/** 'Via Roma 1, 06100 Perugia', or null when no address is on record. */
export function partyAddress(party: Party): string | null {
  if (!party.address) return null;
  const place = [party.postalCode, party.city].filter(Boolean).join(' ');
  return place ? `${party.address}, ${place}` : party.address;
}

/** A cadastral code (Belfiore, e.g. H501) where the registry has no place name: a codice fiscale was all there was. */
export function isCadastralCode(place: string): boolean {
  return /^[A-Z]\d{3}$/.test(place);
}

export function birthPlaceText(place: string, t: Translate): string {
  return isCadastralCode(place) ? t('people.cadastralCode', { code: place }) : place;
}
