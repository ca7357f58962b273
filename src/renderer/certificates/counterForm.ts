/**
 * The counter form's rules, without React: which uses a type allows, what the clerk typed turned
 * into the issue request's `use` and `payment` (checked with the contract's own schemas, so the
 * screen refuses exactly what the server would), and when the request changed enough to need a new
 * idempotency key.
 */
import {
  CertificatePayment,
  CertificateUse,
  type CertificatePaymentValue,
  type CertificateQuote,
  type CertificateTypeInfo,
  type CertificateUseKind,
  type CertificateUseValue,
  type PaymentMethod,
} from '../../shared/api/certificates';
import type { StaffRole } from '../../shared/api/session';

export interface UseDraft {
  kind: CertificateUseKind | null;
  marcaSerial: string;
  iubd: string;
  exemptionCode: string;
}

export interface PaymentDraft {
  method: PaymentMethod | null;
  pagopaReference: string;
}

export const EMPTY_USE: UseDraft = { kind: null, marcaSerial: '', iubd: '', exemptionCode: '' };
export const EMPTY_PAYMENT: PaymentDraft = { method: null, pagopaReference: '' };

/** A field of the form and the reason it is refused (`required` or the contract's own reason). */
export interface FieldProblem<F extends string> {
  field: F;
  reason: string;
}

export type Checked<T, F extends string> = { ok: true; value: T } | { ok: false; problem: FieldProblem<F> };

/** The types a role may issue at the counter, in the order the administrator listed them. */
export function issuableTypes(types: readonly CertificateTypeInfo[], role: StaffRole): CertificateTypeInfo[] {
  return types.filter((type) => type.active && type.issuingRoles.includes(role));
}

/** A certificate exempt by law (no bollo) can only be issued in exemption. */
export function usesFor(type: Pick<CertificateTypeInfo, 'bolloApplies'>): CertificateUseKind[] {
  return type.bolloApplies ? ['bollo_paper', 'bollo_digital', 'exempt'] : ['exempt'];
}

/** People read a marca's number in groups: spaces and dots are not part of it. */
export function normaliseDigits(text: string): string {
  return text.replace(/[\s.]/g, '');
}

type UseField = 'kind' | 'marcaSerial' | 'iubd' | 'exemptionCode';

function firstIssueReason(issues: readonly { message: string }[]): string {
  return issues[0]?.message ?? 'generic';
}

/** The `use` of the issue request, or the first field to correct. */
export function useFromDraft(draft: UseDraft): Checked<CertificateUseValue, UseField> {
  if (draft.kind === null) return { ok: false, problem: { field: 'kind', reason: 'required' } };
  let candidate: unknown;
  let field: UseField;
  if (draft.kind === 'bollo_paper') {
    field = 'marcaSerial';
    const serial = normaliseDigits(draft.marcaSerial);
    if (serial === '') return { ok: false, problem: { field, reason: 'required' } };
    candidate = { kind: 'bollo_paper', marcaSerial: serial };
  } else if (draft.kind === 'bollo_digital') {
    field = 'iubd';
    const iubd = draft.iubd.trim();
    candidate = { kind: 'bollo_digital', iubd: iubd === '' ? null : iubd };
  } else {
    field = 'exemptionCode';
    if (draft.exemptionCode === '') return { ok: false, problem: { field, reason: 'required' } };
    candidate = { kind: 'exempt', exemptionCode: draft.exemptionCode };
  }
  const parsed = CertificateUse.safeParse(candidate);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, problem: { field, reason: firstIssueReason(parsed.error.issues) } };
}

type PaymentField = 'method' | 'pagopaReference';

/** The `payment` of the issue request: null when nothing is due, else the method (and the pagoPA reference). */
export function paymentFromDraft(
  draft: PaymentDraft,
  quote: Pick<CertificateQuote, 'paymentRequired'>,
): Checked<CertificatePaymentValue | null, PaymentField> {
  if (!quote.paymentRequired) return { ok: true, value: null };
  if (draft.method === null) return { ok: false, problem: { field: 'method', reason: 'required' } };
  if (draft.method !== 'pagopa') return { ok: true, value: { method: draft.method } };
  const reference = normaliseDigits(draft.pagopaReference);
  if (reference === '') return { ok: false, problem: { field: 'pagopaReference', reason: 'required' } };
  const parsed = CertificatePayment.safeParse({ method: 'pagopa', pagopaReference: reference });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, problem: { field: 'pagopaReference', reason: firstIssueReason(parsed.error.issues) } };
}

/** What identifies one issue request: a change of any of it asks the server for another certificate. */
export function requestSignature(parts: {
  personId: number | null;
  typeCode: string | null;
  use: CertificateUseValue | null;
  payment: CertificatePaymentValue | null;
  cduRequestId: number | null;
}): string {
  return JSON.stringify([parts.personId, parts.typeCode, parts.use, parts.payment, parts.cduRequestId]);
}

/**
 * One idempotency key per request: the same while the request stays the same (a double click, a
 * retry after a lost answer return the one certificate), a new one when anything in it changes.
 */
export function createIdempotencyKeys(newKey: () => string = () => crypto.randomUUID()) {
  let current: { signature: string; key: string } | null = null;
  return {
    keyFor(signature: string): string {
      if (current?.signature !== signature) current = { signature, key: newKey() };
      return current.key;
    },
    /** After a certificate was issued: the next one, even identical, is another certificate. */
    reset(): void {
      current = null;
    },
  };
}
