/**
 * The certificate type editor's form, without React: the form as typed from a type (or the defaults
 * of a new one), and the save request checked with the contract's own schema.
 */
import {
  SaveCertificateTypeInput,
  type CertificateSource,
  type CertificateTypeInfo,
  type SaveCertificateTypeValue,
} from '../../shared/api/certificates';
import type { StaffRole } from '../../shared/api/session';
import { DEFAULT_BOLLO_CENTS, DEFAULT_VALIDITY_MONTHS, formatEuroCents } from '../../shared/domain/certificates';
import { isMessageKey, type Translate } from '../i18n/translate';
import { fieldProblemText } from './fieldProblem';
import { parseEuroCents } from './money';

/** The form as typed: amounts as text (Italian decimal comma), the rest as the contract has it. */
export interface TypeForm {
  id: number | null;
  expectedVersion: number | null;
  code: string;
  name: string;
  source: CertificateSource;
  template: string;
  legalReferences: string;
  bolloApplies: boolean;
  bollo: string;
  exemptionCodes: string[];
  feeWithBollo: string;
  feeExempt: string;
  /** Art. 41 c.1 DPR 445/2000: facts not subject to change; the months are then not asked. */
  validityUnlimited: boolean;
  validityMonths: string;
  protocolled: boolean;
  issuingRoles: StaffRole[];
  signatoryTitle: string;
  active: boolean;
}

export const AMOUNT_FIELDS = { bollo: 'bolloCents', feeWithBollo: 'feeWithBolloCents', feeExempt: 'feeExemptCents' } as const;

/** The form for an existing type, or the defaults of a new one. */
export function typeFormOf(type: CertificateTypeInfo | null): TypeForm {
  if (!type) {
    return {
      id: null,
      expectedVersion: null,
      code: '',
      name: '',
      source: 'residence',
      template: '',
      legalReferences: '',
      bolloApplies: true,
      bollo: formatEuroCents(DEFAULT_BOLLO_CENTS),
      exemptionCodes: [],
      feeWithBollo: '0,00',
      feeExempt: '0,00',
      validityUnlimited: false,
      validityMonths: String(DEFAULT_VALIDITY_MONTHS),
      protocolled: false,
      issuingRoles: ['clerk', 'manager', 'admin'],
      signatoryTitle: '',
      active: true,
    };
  }
  return {
    id: type.id,
    expectedVersion: type.version,
    code: type.code,
    name: type.name,
    source: type.source,
    template: type.template,
    legalReferences: type.legalReferences,
    bolloApplies: type.bolloApplies,
    bollo: formatEuroCents(type.bolloCents),
    exemptionCodes: type.exemptions.map((exemption) => exemption.code),
    feeWithBollo: formatEuroCents(type.feeWithBolloCents),
    feeExempt: formatEuroCents(type.feeExemptCents),
    validityUnlimited: type.validityMonths === null,
    validityMonths: String(type.validityMonths ?? DEFAULT_VALIDITY_MONTHS),
    protocolled: type.protocolled,
    issuingRoles: type.issuingRoles,
    signatoryTitle: type.signatoryTitle,
    active: type.active,
  };
}

/**
 * The save request from the form, checked with the contract's own schema (template placeholders,
 * fee bounds, exemptions of a type exempt by law), or the message of each field to correct.
 */
export function checkTypeForm(
  form: TypeForm,
  t: Translate,
): { ok: true; value: SaveCertificateTypeValue } | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const cents: Partial<Record<(typeof AMOUNT_FIELDS)[keyof typeof AMOUNT_FIELDS], number>> = {};
  for (const [formField, field] of Object.entries(AMOUNT_FIELDS) as [
    keyof typeof AMOUNT_FIELDS,
    (typeof AMOUNT_FIELDS)[keyof typeof AMOUNT_FIELDS],
  ][]) {
    const value = parseEuroCents(form[formField]);
    if (value === null) fields[field] = t('types.field.amountInvalid');
    else cents[field] = value;
  }
  const validityMonths = Number(form.validityMonths);
  const candidate = {
    id: form.id,
    expectedVersion: form.expectedVersion,
    code: form.code,
    name: form.name,
    source: form.source,
    template: form.template,
    legalReferences: form.legalReferences,
    bolloApplies: form.bolloApplies,
    bolloCents: cents.bolloCents ?? 0,
    exemptionCodes: form.exemptionCodes,
    feeWithBolloCents: cents.feeWithBolloCents ?? 0,
    feeExemptCents: cents.feeExemptCents ?? 0,
    validityMonths: form.validityUnlimited ? null : Number.isInteger(validityMonths) ? validityMonths : -1,
    protocolled: form.protocolled,
    issuingRoles: form.issuingRoles,
    signatoryTitle: form.signatoryTitle,
    active: form.active,
  };
  const parsed = SaveCertificateTypeInput.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field in fields) continue;
      const reason = issueReason(issue);
      const specific = `issue.${field}.${reason}`;
      fields[field] = isMessageKey(specific) ? t(specific) : fieldProblemText(reason, t);
    }
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value: candidate };
}

/** zod's own codes for built-in checks (too_small, ...), our reason for custom and regex ones. */
function issueReason(issue: { code: string; message: string }): string {
  return issue.code === 'custom' || issue.code === 'invalid_format' ? issue.message : issue.code;
}
