import { decodeCodiceFiscale, validateCodiceFiscale } from '../../shared/domain/codiceFiscale';
import { isValidBusinessTaxCode, validatePartitaIva } from '../../shared/domain/partitaIva';
import { AppError } from '../api/appError';

export interface PersonApplicant {
  kind: 'person';
  codiceFiscale: string;
  lastName: string;
  firstName: string;
  sex?: 'M' | 'F';
  birthDate?: string;
  birthPlace?: string;
  email?: string | null;
  pec?: string | null;
  address?: string | null;
  postalCode?: string | null;
  city?: string | null;
}

export interface BusinessApplicant {
  kind: 'business';
  partitaIva: string;
  codiceFiscale?: string;
  name: string;
  pec?: string | null;
  email?: string | null;
  address?: string | null;
  postalCode?: string | null;
  city?: string | null;
}

export type ApplicantInput = PersonApplicant | BusinessApplicant;

/** The 4-digit year of a codice fiscale's 2-digit one: the latest not after this year. */
function birthYear(year2: number, today: Date): number {
  const currentYear = today.getFullYear();
  const century = Math.floor(currentYear / 100) * 100;
  return century + year2 > currentYear ? century - 100 + year2 : century + year2;
}

function personFields(applicant: PersonApplicant, codiceFiscale: string) {
  const decoded = decodeCodiceFiscale(codiceFiscale);
  const { year2, month, day } = decoded.birthDate;
  const derivedBirthDate = `${birthYear(year2, new Date())}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return {
    codice_fiscale: codiceFiscale,
    last_name: applicant.lastName.trim(),
    first_name: applicant.firstName.trim(),
    sex: applicant.sex ?? decoded.sex,
    birth_date: applicant.birthDate ?? derivedBirthDate,
    birth_place: applicant.birthPlace?.trim() || decoded.birthPlaceCode,
    email: applicant.email ?? null,
    pec: applicant.pec ?? null,
    address: applicant.address ?? null,
    postal_code: applicant.postalCode ?? null,
    city: applicant.city ?? null,
  };
}

/** What the people registry needs to find an applicant, or to record them when new. */
export type ApplicantRecord =
  | { kind: 'person'; record: ReturnType<typeof personFields> }
  | {
      kind: 'business';
      record: {
        partita_iva: string;
        codice_fiscale: string;
        name: string;
        pec: string | null;
        email: string | null;
        address: string | null;
        postal_code: string | null;
        city: string | null;
      };
    };

/**
 * The registry record of an applicant, from what a submission says: the identifier validated and
 * normalised, a person's sex, birth date and place derived from the codice fiscale when not given.
 * Refuses an invalid identifier with `invalid_codice_fiscale` / `invalid_partita_iva`. The database
 * function `scrivania.resolve_applicant` finds the applicant by it or records them when new (an
 * existing record is not overwritten by what a submission says).
 */
export function applicantRecord(applicant: ApplicantInput): ApplicantRecord {
  if (applicant.kind === 'person') {
    const validation = validateCodiceFiscale(applicant.codiceFiscale);
    if (!validation.ok) throw new AppError('validation', 'Invalid codice fiscale', 'invalid_codice_fiscale');
    return { kind: 'person', record: personFields(applicant, validation.value) };
  }
  const validation = validatePartitaIva(applicant.partitaIva);
  if (!validation.ok) throw new AppError('validation', 'Invalid partita IVA', 'invalid_partita_iva');
  const taxCode = (applicant.codiceFiscale ?? validation.value).toUpperCase();
  if (!isValidBusinessTaxCode(taxCode)) throw new AppError('validation', 'Invalid codice fiscale', 'invalid_codice_fiscale');
  return {
    kind: 'business',
    record: {
      partita_iva: validation.value,
      codice_fiscale: taxCode,
      name: applicant.name.trim(),
      pec: applicant.pec ?? null,
      email: applicant.email ?? null,
      address: applicant.address ?? null,
      postal_code: applicant.postalCode ?? null,
      city: applicant.city ?? null,
    },
  };
}
