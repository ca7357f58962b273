import type { Knex } from 'knex';
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

export interface ResolvedApplicant {
  personId: number | null;
  businessId: number | null;
  name: string;
  taxCode: string;
  address: string | null;
}

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

function postalAddress(row: { address: string | null; postal_code: string | null; city: string | null }): string | null {
  if (!row.address) return null;
  return [row.address, [row.postal_code, row.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/**
 * Finds the applicant in the people registry by codice fiscale or partita IVA, or records them
 * when new (an existing record is not overwritten by what a submission says). Refuses an invalid
 * identifier with `invalid_codice_fiscale` / `invalid_partita_iva`.
 */
export async function resolveApplicant(trx: Knex.Transaction, enteId: number, applicant: ApplicantInput): Promise<ResolvedApplicant> {
  if (applicant.kind === 'person') {
    const validation = validateCodiceFiscale(applicant.codiceFiscale);
    if (!validation.ok) throw new AppError('validation', 'Invalid codice fiscale', 'invalid_codice_fiscale');
    const fields = personFields(applicant, validation.value);
    await trx.raw(
      `INSERT INTO scrivania.persons (ente_id, codice_fiscale, last_name, first_name, sex, birth_date, birth_place, email, pec, address, postal_code, city)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ente_id, codice_fiscale) DO NOTHING`,
      [
        enteId,
        fields.codice_fiscale,
        fields.last_name,
        fields.first_name,
        fields.sex,
        fields.birth_date,
        fields.birth_place,
        fields.email,
        fields.pec,
        fields.address,
        fields.postal_code,
        fields.city,
      ],
    );
    const row = (await trx('scrivania.persons')
      .where({ ente_id: enteId, codice_fiscale: validation.value })
      .first('id', 'last_name', 'first_name', 'address', 'postal_code', 'city')) as
      | { id: number; last_name: string; first_name: string; address: string | null; postal_code: string | null; city: string | null }
      | undefined;
    if (!row) throw new AppError('forbidden', 'The person cannot be recorded', 'applicant_not_visible');
    return {
      personId: Number(row.id),
      businessId: null,
      name: `${row.last_name} ${row.first_name}`,
      taxCode: validation.value,
      address: postalAddress(row),
    };
  }
  const validation = validatePartitaIva(applicant.partitaIva);
  if (!validation.ok) throw new AppError('validation', 'Invalid partita IVA', 'invalid_partita_iva');
  const taxCode = (applicant.codiceFiscale ?? validation.value).toUpperCase();
  if (!isValidBusinessTaxCode(taxCode)) throw new AppError('validation', 'Invalid codice fiscale', 'invalid_codice_fiscale');
  await trx.raw(
    `INSERT INTO scrivania.businesses (ente_id, partita_iva, codice_fiscale, name, pec, email, address, postal_code, city)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ente_id, partita_iva) DO NOTHING`,
    [
      enteId,
      validation.value,
      taxCode,
      applicant.name.trim(),
      applicant.pec ?? null,
      applicant.email ?? null,
      applicant.address ?? null,
      applicant.postalCode ?? null,
      applicant.city ?? null,
    ],
  );
  const row = (await trx('scrivania.businesses')
    .where({ ente_id: enteId, partita_iva: validation.value })
    .first('id', 'name', 'address', 'postal_code', 'city')) as
    { id: number; name: string; address: string | null; postal_code: string | null; city: string | null } | undefined;
  if (!row) throw new AppError('forbidden', 'The business cannot be recorded', 'applicant_not_visible');
  return { personId: null, businessId: Number(row.id), name: row.name, taxCode: validation.value, address: postalAddress(row) };
}
