import { z } from 'zod';
import { isIsoDate } from '../domain/calendar';
import {
  CERTIFICATE_SOURCES,
  CERTIFICATE_USE_KINDS,
  checkTemplate,
  feeBounds,
  MAX_VALIDITY_MONTHS,
  type CertificateSource,
  type CertificateUseKind,
} from '../domain/certificates';
import { channel } from './channel';
import { DateFilter, TextFilter } from './instances';
import { STAFF_ROLES, type StaffRole } from './session';

/**
 * Certificates at the desk (DOMAIN.md "Certificates at the desk"): types as configuration, the
 * counter flow (quote, issue), the certificates register, duplicates, annulment and verification
 * of a printed copy by its contrassegno.
 */

export { CERTIFICATE_SOURCES, CERTIFICATE_USE_KINDS, type CertificateSource, type CertificateUseKind };

export const PAYMENT_METHODS = ['cash', 'card', 'pagopa'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** A certificate in the register: valid, annulled (art. "never deleted") or past its validity. */
export const CERTIFICATE_STATUSES = ['valid', 'annulled', 'expired'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** What verification by code answers. */
export const VERIFICATION_OUTCOMES = ['valid', 'annulled', 'expired', 'unknown'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

/** Refusal reasons (`reason` of the error is `certificates.<reason>`), each translated as `reason.certificates.<reason>`. */
export const CERTIFICATE_REASONS = [
  'type_unknown',
  'type_inactive',
  'role_not_allowed',
  'person_unknown',
  'not_resident',
  'household_unknown',
  'birth_not_recorded',
  'parcel_unknown',
  'cdu_request_required',
  'exemption_not_allowed',
  'bollo_not_applicable',
  'payment_required',
  'payment_not_expected',
  'pagopa_reference_required',
  'marca_serial_required',
  'already_annulled',
  'annulment_not_allowed',
  'duplicate_of_annulled',
  'type_code_taken',
  'type_changed',
  'unknown_placeholder',
  'template_malformed',
  'fee_out_of_bounds',
  'certificate_unknown',
  'exemption_unknown',
  'type_source_fixed',
  'protocol_case_required',
  'settings_missing',
  'source_unavailable',
  'verification_code_format',
  'verification_code_check',
] as const;
export type CertificateReason = (typeof CERTIFICATE_REASONS)[number];

/** An exemption from the imposta di bollo, with the norm printed on the certificate. */
export interface CertificateExemption {
  code: string;
  /** The use, as the clerk reads it: 'Uso pensione', 'Uso scolastico', ... */
  label: string;
  /** As printed: 'art. 9 Tabella B D.P.R. 642/1972'. */
  norm: string;
}

export interface CertificateTypeInfo {
  id: number;
  code: string;
  name: string;
  source: CertificateSource;
  /** Body with `{{placeholder}}` fields (see `placeholdersOf` in the domain). */
  template: string;
  /** The norms the certificate rests on, printed under the title. */
  legalReferences: string;
  /** False for certificates exempt by law (stato civile): only an exemption use is possible. */
  bolloApplies: boolean;
  bolloCents: number;
  /** The exemptions allowed for this type, in display order. */
  exemptions: CertificateExemption[];
  /** Diritti di segreteria with bollo and in exemption (cents). */
  feeWithBolloCents: number;
  feeExemptCents: number;
  /** Months of validity; null: unlimited (states, qualities and facts not subject to change, art. 41 c.1 DPR 445/2000). */
  validityMonths: number | null;
  protocolled: boolean;
  issuingRoles: StaffRole[];
  /** Printed over the signature: 'L'Ufficiale d'Anagrafe', 'Il Responsabile del Servizio'. */
  signatoryTitle: string;
  active: boolean;
  /** Raised by every save; issued certificates keep the snapshot of the version they were issued with. */
  version: number;
  updatedAt: string;
}

const cents = z.number().int().min(0).max(100_000);
const exemptionCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9_]{2,40}$/, 'exemption_code');

export const SaveCertificateTypeInput = z
  .object({
    /** Null creates a new type. */
    id: z.number().int().positive().nullable(),
    /** The version the administrator edited (null for a new type): a stale edit is refused. */
    expectedVersion: z.number().int().positive().nullable(),
    code: z
      .string()
      .trim()
      .regex(/^[A-Z0-9_]{2,40}$/, 'type_code'),
    name: z.string().trim().min(3).max(200),
    source: z.enum(CERTIFICATE_SOURCES),
    template: z.string().trim().min(10).max(20_000),
    legalReferences: z.string().trim().max(2000),
    bolloApplies: z.boolean(),
    bolloCents: cents,
    exemptionCodes: z.array(exemptionCode).max(60),
    feeWithBolloCents: cents,
    feeExemptCents: cents,
    validityMonths: z.number().int().min(1).max(MAX_VALIDITY_MONTHS).nullable(),
    protocolled: z.boolean(),
    issuingRoles: z.array(z.enum(STAFF_ROLES)).min(1).max(STAFF_ROLES.length),
    signatoryTitle: z.string().trim().min(3).max(200),
    active: z.boolean(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const check = checkTemplate(value.template, value.source);
    if (!check.ok) ctx.addIssue({ code: 'custom', path: ['template'], message: check.reason });
    const bounds = feeBounds(value.source);
    for (const field of ['feeWithBolloCents', 'feeExemptCents'] as const) {
      if (value[field] < bounds.min || value[field] > bounds.max) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'fee_out_of_bounds' });
      }
    }
    // A certificate is registered in the protocol within the case it answers: only the CDU has one.
    if (value.protocolled && value.source !== 'cdu') {
      ctx.addIssue({ code: 'custom', path: ['protocolled'], message: 'protocol_case_required' });
    }
    if (!value.bolloApplies && value.exemptionCodes.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['exemptionCodes'], message: 'exemption_required' });
    }
  });
export type SaveCertificateTypeValue = z.input<typeof SaveCertificateTypeInput>;

/** How the bollo is dealt with: a paper marca (its serial), a digital bollo, or an exemption. */
export const CertificateUse = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('bollo_paper'),
      marcaSerial: z
        .string()
        .trim()
        .regex(/^[0-9]{14}$/, 'marca_serial'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('bollo_digital'),
      /** IUBD of a bollo already paid through pagoPA (@e.bollo); absent: collected at the desk. */
      iubd: z
        .string()
        .trim()
        .regex(/^[0-9A-Za-z]{10,40}$/, 'iubd')
        .nullable()
        .optional(),
    })
    .strict(),
  z.object({ kind: z.literal('exempt'), exemptionCode }).strict(),
]);
export type CertificateUseValue = z.infer<typeof CertificateUse>;

export const CertificatePayment = z
  .object({
    method: z.enum(PAYMENT_METHODS),
    /** IUV or notice number of the pagoPA payment. */
    pagopaReference: z
      .string()
      .trim()
      .regex(/^[0-9]{17,18}$/, 'pagopa_reference')
      .nullable()
      .optional(),
  })
  .strict();
export type CertificatePaymentValue = z.infer<typeof CertificatePayment>;

export const QuoteInput = z.object({ typeCode: z.string().trim().min(1).max(40), use: CertificateUse }).strict();

export interface CertificateQuote {
  typeCode: string;
  typeVersion: number;
  /** Imposta di bollo the certificate bears (0 when exempt). */
  bolloCents: number;
  /** Part of the bollo paid at the desk (a digital bollo not yet paid through pagoPA). */
  bolloCollectedCents: number;
  feeCents: number;
  totalDueCents: number;
  /** False when nothing is due: the issue request then carries no payment. */
  paymentRequired: boolean;
  exemption: CertificateExemption | null;
  /** Last valid day if issued today ('YYYY-MM-DD'); null: unlimited validity. */
  validUntil: string | null;
}

export const IssueCertificateInput = z
  .object({
    typeCode: z.string().trim().min(1).max(40),
    /** The holder (registry certificates) or applicant (CDU). */
    personId: z.number().int().positive(),
    use: CertificateUse,
    /** Null exactly when nothing is due. */
    payment: CertificatePayment.nullable(),
    /** The CDU request (a case) the certificate answers. */
    cduRequestId: z.number().int().positive().nullable().optional(),
    /** Chosen by the client once per counter form: a repeat (double click, retry) returns the same certificate. */
    idempotencyKey: z.string().uuid(),
  })
  .strict();
export type IssueCertificateValue = z.input<typeof IssueCertificateInput>;

export interface CertificateListRow {
  id: number;
  year: number;
  number: number;
  issuedAt: string;
  typeCode: string;
  typeName: string;
  holderName: string;
  holderTaxCode: string;
  useKind: CertificateUseKind;
  exemptionCode: string | null;
  bolloCents: number;
  feeCents: number;
  status: CertificateStatus;
  /** Last valid day; null: unlimited validity (never expires). */
  validUntil: string | null;
  verificationCode: string;
  issuedByName: string | null;
  /** 'NNNNNNN/YYYY' of the outgoing registration, for protocolled types. */
  protocolNumber: string | null;
  duplicates: number;
}

export interface CertificateDetail extends CertificateListRow {
  typeVersion: number;
  marcaSerial: string | null;
  iubd: string | null;
  exemption: CertificateExemption | null;
  payment: { method: PaymentMethod; amountCents: number; pagopaReference: string | null } | null;
  protocolSegnatura: string | null;
  cduRequestId: number | null;
  pdfSha256: string;
  annulment: { at: string; byName: string | null; reason: string } | null;
  /** Every duplicate printed, oldest first. */
  duplicatePrints: Array<{ at: string; byName: string | null }>;
}

export const CERTIFICATE_SORT_COLUMNS = ['number', 'issuedAt', 'holderName', 'typeName'] as const;
export const CERTIFICATE_MAX_PAGE = 500;

export const CertificateFilters = z
  .object({
    /** '123' or '123/2026'. */
    number: TextFilter.optional(),
    issuedAt: DateFilter.optional(),
    holderName: TextFilter.optional(),
    typeName: TextFilter.optional(),
  })
  .strict();

const isoDay = z.string().refine(isIsoDate, 'iso_date');

export const CertificateListQuery = z
  .object({
    startRow: z.number().int().min(0),
    endRow: z.number().int().min(1),
    sort: z
      .array(z.object({ colId: z.enum(CERTIFICATE_SORT_COLUMNS), sort: z.enum(['asc', 'desc']) }).strict())
      .max(1)
      .default([]),
    filters: CertificateFilters.default({}),
    typeCodes: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
    statuses: z.array(z.enum(CERTIFICATE_STATUSES)).max(CERTIFICATE_STATUSES.length).default([]),
    /** Issue days (Europe/Rome), both included. */
    from: isoDay.nullable().default(null),
    to: isoDay.nullable().default(null),
    /** A holder's certificates only. */
    personId: z.number().int().positive().nullable().default(null),
  })
  .strict()
  .refine((q) => q.endRow > q.startRow && q.endRow - q.startRow <= CERTIFICATE_MAX_PAGE, { message: 'page_size', path: ['endRow'] })
  .refine((q) => q.from === null || q.to === null || q.from <= q.to, { message: 'day_range', path: ['to'] });
export type CertificateListQueryInput = z.input<typeof CertificateListQuery>;
export type CertificateListQueryParsed = z.output<typeof CertificateListQuery>;

export interface CertificateListPage {
  rows: CertificateListRow[];
  /** Counted for the first block only (null on later blocks). */
  total: number | null;
}

export const CertificateIdInput = z.object({ certificateId: z.number().int().positive() }).strict();

export const CertificatePdfInput = z
  .object({
    certificateId: z.number().int().positive(),
    /** True prints a copy marked "DUPLICATO" and logs who printed it. */
    duplicate: z.boolean().default(false),
  })
  .strict();

export interface CertificatePdf {
  certificateId: number;
  filename: string;
  duplicate: boolean;
  /** SHA-256 of these bytes (for the original: the one stored at issue). */
  sha256: string;
  contentBase64: string;
}

export const CERTIFICATE_ANNULMENT_REASON_MIN = 5;

export const AnnulCertificateInput = z
  .object({
    certificateId: z.number().int().positive(),
    reason: z.string().trim().min(CERTIFICATE_ANNULMENT_REASON_MIN, 'annulment_reason_too_short').max(1000, 'too_big'),
  })
  .strict();

/** The code typed, or what a QR scanner read (the verification address): parsed by the server. */
export const VerifyCertificateInput = z.object({ code: z.string().trim().min(1).max(500) }).strict();

export type CertificateVerification =
  | { outcome: 'unknown'; code: string }
  | {
      outcome: Exclude<VerificationOutcome, 'unknown'>;
      code: string;
      enteName: string;
      typeName: string;
      year: number;
      number: number;
      issuedAt: string;
      /** Null: unlimited validity. */
      validUntil: string | null;
      holderName: string;
      annulledAt: string | null;
      annulmentReason: string | null;
      /** SHA-256 of the original PDF, and the original itself. */
      sha256: string;
      contentBase64: string;
    };

export const certificatesChannels = {
  'certificates/types/list': channel<CertificateTypeInfo[]>()(z.object({ includeInactive: z.boolean().default(false) }).strict()),
  'certificates/types/save': channel<CertificateTypeInfo>()(SaveCertificateTypeInput),
  'certificates/exemptions/list': channel<CertificateExemption[]>()(z.object({}).strict()),
  'certificates/quote': channel<CertificateQuote>()(QuoteInput),
  'certificates/issue': channel<CertificateDetail>()(IssueCertificateInput),
  'certificates/register/list': channel<CertificateListPage>()(CertificateListQuery),
  'certificates/get': channel<CertificateDetail>()(CertificateIdInput),
  'certificates/pdf': channel<CertificatePdf>()(CertificatePdfInput),
  'certificates/annul': channel<CertificateDetail>()(AnnulCertificateInput),
  'certificates/verify': channel<CertificateVerification>()(VerifyCertificateInput),
};
