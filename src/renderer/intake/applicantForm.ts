/**
 * The applicant part of the desk and inbox forms, as pure functions: values from a registry match,
 * the field checks the clerk sees as they type (the same rules as the server: codice fiscale with
 * omocodia, partita IVA check digit), and the API input. No React, unit-tested in Node.
 */
import type { ApplicantInputValue, ApplicantMatch } from '../../shared/api/intake';
import { validateCodiceFiscale } from '../../shared/domain/codiceFiscale';
import { isValidBusinessTaxCode, validatePartitaIva } from '../../shared/domain/partitaIva';
import type { MessageKey } from '../i18n/it';

export type ApplicantKind = 'person' | 'business';

export interface ApplicantFormValues {
  kind: ApplicantKind;
  codiceFiscale: string;
  lastName: string;
  firstName: string;
  partitaIva: string;
  businessTaxCode: string;
  name: string;
  email: string;
  pec: string;
  address: string;
  postalCode: string;
  city: string;
}

export type ApplicantField = Exclude<keyof ApplicantFormValues, 'kind'>;

export const EMPTY_APPLICANT: ApplicantFormValues = {
  kind: 'person',
  codiceFiscale: '',
  lastName: '',
  firstName: '',
  partitaIva: '',
  businessTaxCode: '',
  name: '',
  email: '',
  pec: '',
  address: '',
  postalCode: '',
  city: '',
};

/** The form filled from a registry entry (the clerk may still correct the contacts). */
export function valuesFromMatch(match: ApplicantMatch): ApplicantFormValues {
  const contacts = {
    email: match.email ?? '',
    pec: match.pec ?? '',
    address: match.address ?? '',
    postalCode: match.postalCode ?? '',
    city: match.city ?? '',
  };
  if (match.kind === 'person') {
    return {
      ...EMPTY_APPLICANT,
      kind: 'person',
      codiceFiscale: match.codiceFiscale,
      lastName: match.lastName,
      firstName: match.firstName,
      ...contacts,
    };
  }
  return {
    ...EMPTY_APPLICANT,
    kind: 'business',
    partitaIva: match.partitaIva,
    businessTaxCode: match.codiceFiscale === match.partitaIva ? '' : match.codiceFiscale,
    name: match.name,
    ...contacts,
  };
}

/** What a sender gives the form before any registry match: their address, as PEC or e-mail. */
export function valuesFromSender(address: string, certified: boolean): ApplicantFormValues {
  return { ...EMPTY_APPLICANT, ...(certified ? { pec: address } : { email: address }) };
}

export function matchLabel(match: ApplicantMatch): string {
  return match.kind === 'person'
    ? `${match.lastName} ${match.firstName} · ${match.codiceFiscale}`
    : `${match.name} · P. IVA ${match.partitaIva}`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** The first problem of each field, as a message key; empty when the applicant may be sent. */
export function applicantErrors(values: ApplicantFormValues): Partial<Record<ApplicantField, MessageKey>> {
  const errors: Partial<Record<ApplicantField, MessageKey>> = {};
  if (values.kind === 'person') {
    const cf = validateCodiceFiscale(values.codiceFiscale);
    if (!values.codiceFiscale.trim()) errors.codiceFiscale = 'common.required';
    else if (!cf.ok) errors.codiceFiscale = `reason.codice_fiscale_${cf.reason}`;
    if (!values.lastName.trim()) errors.lastName = 'common.required';
    if (!values.firstName.trim()) errors.firstName = 'common.required';
  } else {
    const piva = validatePartitaIva(values.partitaIva);
    if (!values.partitaIva.trim()) errors.partitaIva = 'common.required';
    else if (!piva.ok) errors.partitaIva = `reason.partita_iva_${piva.reason}`;
    if (values.businessTaxCode.trim() && !isValidBusinessTaxCode(values.businessTaxCode.trim().toUpperCase()))
      errors.businessTaxCode = 'reason.invalid_codice_fiscale';
    if (!values.name.trim()) errors.name = 'common.required';
  }
  if (values.email.trim() && !EMAIL.test(values.email.trim())) errors.email = 'issue.email.invalid_format';
  if (values.pec.trim() && !EMAIL.test(values.pec.trim())) errors.pec = 'issue.email.invalid_format';
  if (values.postalCode.trim() && !/^\d{5}$/.test(values.postalCode.trim())) errors.postalCode = 'reason.postal_code';
  return errors;
}

/** The API's applicant from the form (empty optional fields become null). */
export function applicantInputOf(values: ApplicantFormValues): ApplicantInputValue {
  const optional = (value: string) => value.trim() || null;
  const contacts = {
    email: optional(values.email),
    pec: optional(values.pec),
    address: optional(values.address),
    postalCode: optional(values.postalCode),
    city: optional(values.city),
  };
  if (values.kind === 'person') {
    return {
      kind: 'person',
      codiceFiscale: values.codiceFiscale.trim().toUpperCase(),
      lastName: values.lastName.trim(),
      firstName: values.firstName.trim(),
      ...contacts,
    };
  }
  return {
    kind: 'business',
    partitaIva: values.partitaIva.trim(),
    ...(values.businessTaxCode.trim() ? { codiceFiscale: values.businessTaxCode.trim().toUpperCase() } : {}),
    name: values.name.trim(),
    ...contacts,
  };
}

/** `applicant.codiceFiscale` (a server issue path) → the form field it belongs to. */
export function applicantFieldOfIssue(path: string, kind: ApplicantKind): ApplicantField | null {
  const [head, field] = path.split('.');
  if (head !== 'applicant' || !field) return null;
  if (field === 'codiceFiscale') return kind === 'person' ? 'codiceFiscale' : 'businessTaxCode';
  return field !== 'kind' && Object.hasOwn(EMPTY_APPLICANT, field) ? (field as ApplicantField) : null;
}
