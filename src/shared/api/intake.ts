import { z } from 'zod';
import { validateCodiceFiscale } from '../domain/codiceFiscale';
import { validatePartitaIva } from '../domain/partitaIva';
import { channel } from './channel';

/**
 * Intake: what reaches the ente from the portal, by certified e-mail (PEC) or across the desk.
 * Portal submissions are registered automatically; PEC and e-mail arrivals wait in the inbox
 * ("Arrivi") until a clerk completes and registers them; the desk form registers at once. Bad input
 * never registers anything: it is kept in the quarantine with a reason for a clerk to review.
 */

export const ARRIVAL_SOURCES = ['pec', 'email'] as const;
export type ArrivalSource = (typeof ARRIVAL_SOURCES)[number];

export const ARRIVAL_STATUSES = ['pending', 'registered', 'discarded'] as const;
export type ArrivalStatus = (typeof ARRIVAL_STATUSES)[number];

export const QUARANTINE_SOURCES = ['portal', 'pec'] as const;
export type QuarantineSource = (typeof QUARANTINE_SOURCES)[number];

/** Why an item was refused. Each has an Italian and an English sentence (`quarantine.reason.<code>`). */
export const QUARANTINE_REASONS = [
  'malformed_json',
  'schema_violation',
  'sha256_mismatch',
  'invalid_codice_fiscale',
  'invalid_partita_iva',
  'unknown_procedure',
  'wrong_ente',
  'submission_id_reused',
  'attachment_type_not_allowed',
  'attachment_too_large',
  'attachment_empty',
  'attachment_name_mismatch',
  'file_too_large',
  'eml_malformed',
  'pec_missing_part',
  'pec_daticert_invalid',
  'pec_receipt',
  'pec_anomaly',
  'registration_refused',
  'registration_failed',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

export const QUARANTINE_RESOLUTIONS = ['discarded', 'resubmitted'] as const;
export type QuarantineResolution = (typeof QUARANTINE_RESOLUTIONS)[number];

export const QUARANTINE_VIEWS = ['open', 'reviewed'] as const;

export const ATTACHMENT_KINDS = ['application', 'attachment'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// Applicant, as entered at the desk or completed in the inbox

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => (value ? value : null));
const optionalEmail = z
  .union([z.literal(''), z.email().max(200)])
  .nullish()
  .transform((value) => (value ? value : null));

export const CodiceFiscaleInput = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((value, ctx) => {
    const check = validateCodiceFiscale(value);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: `codice_fiscale_${check.reason}` });
  });

export const PartitaIvaInput = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const check = validatePartitaIva(value);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: `partita_iva_${check.reason}` });
  });

export const PersonApplicantInput = z
  .object({
    kind: z.literal('person'),
    codiceFiscale: CodiceFiscaleInput,
    lastName: z.string().trim().min(1).max(100),
    firstName: z.string().trim().min(1).max(100),
    email: optionalEmail,
    pec: optionalEmail,
    address: optionalText(200),
    postalCode: z
      .union([z.literal(''), z.string().regex(/^\d{5}$/, 'postal_code')])
      .nullish()
      .transform((value) => (value ? value : null)),
    city: optionalText(100),
    birthDate: z.iso.date().optional(),
    birthPlace: z.string().trim().min(1).max(100).optional(),
    sex: z.enum(['M', 'F']).optional(),
  })
  .strict();

export const BusinessApplicantInput = z
  .object({
    kind: z.literal('business'),
    partitaIva: PartitaIvaInput,
    codiceFiscale: z.string().trim().toUpperCase().max(16).optional(),
    name: z.string().trim().min(1).max(200),
    pec: optionalEmail,
    email: optionalEmail,
    address: optionalText(200),
    postalCode: z
      .union([z.literal(''), z.string().regex(/^\d{5}$/, 'postal_code')])
      .nullish()
      .transform((value) => (value ? value : null)),
    city: optionalText(100),
  })
  .strict();

export const ApplicantInputSchema = z.discriminatedUnion('kind', [PersonApplicantInput, BusinessApplicantInput]);
export type ApplicantInputValue = z.input<typeof ApplicantInputSchema>;
export type ApplicantInputParsed = z.output<typeof ApplicantInputSchema>;

const procedureCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9_]{2,30}$/, 'procedure_code');
const subject = z.string().trim().min(3).max(500);

// ---------------------------------------------------------------------------------------------
// Read models

export interface ProtocolStamp {
  year: number;
  number: number;
  registeredAt: string;
  segnatura: string;
}

export interface RegistrationOutcome {
  instanceId: number;
  protocol: ProtocolStamp;
  alreadyRegistered: boolean;
}

export interface ArrivalAttachment {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** What the PEC provider certified (daticert.xml), for the clerk and the auditor. */
export interface PecCertification {
  kind: string;
  sender: string;
  recipients: string[];
  provider: string | null;
  deliveredAt: string;
  identifier: string;
  messageId: string | null;
}

export interface ArrivalRow {
  id: number;
  source: ArrivalSource;
  externalId: string;
  receivedAt: string;
  senderAddress: string;
  senderName: string | null;
  subject: string;
  attachmentCount: number;
  status: ArrivalStatus;
  instanceId: number | null;
  protocol: ProtocolStamp | null;
}

/** A registry entry the sender's address or a codice fiscale in the text points at. */
export type ApplicantMatch =
  | {
      kind: 'person';
      id: number;
      codiceFiscale: string;
      lastName: string;
      firstName: string;
      birthDate: string;
      birthPlace: string;
      sex: 'M' | 'F';
      email: string | null;
      pec: string | null;
      address: string | null;
      postalCode: string | null;
      city: string | null;
    }
  | {
      kind: 'business';
      id: number;
      partitaIva: string;
      codiceFiscale: string;
      name: string;
      email: string | null;
      pec: string | null;
      address: string | null;
      postalCode: string | null;
      city: string | null;
    };

export interface ArrivalDetail extends ArrivalRow {
  bodyText: string;
  recipients: string[];
  certification: PecCertification | null;
  attachments: ArrivalAttachment[];
  /** Registry entries matched by the sender's e-mail/PEC, then by codici fiscali found in the text. */
  applicantMatches: ApplicantMatch[];
  /** Codici fiscali (valid ones, omocodia included) and partite IVA found in the subject and body. */
  taxCodesInText: string[];
  discardReason: string | null;
  handledBy: string | null;
  handledAt: string | null;
}

export interface QuarantineRow {
  id: number;
  source: QuarantineSource;
  origin: string;
  externalId: string | null;
  reason: QuarantineReason;
  detail: string;
  firstSeenAt: string;
  lastSeenAt: string;
  seenCount: number;
  contentSize: number;
  contentSha256: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  resolution: QuarantineResolution | null;
  resolutionNote: string | null;
}

export interface QuarantineDetail extends QuarantineRow {
  /** The start of the raw content as text (JSON or the .eml), for the clerk to see what came in. */
  contentPreview: string;
  contentTruncated: boolean;
}

export interface IntakeCounts {
  pendingArrivals: number;
  openQuarantine: number;
}

export interface ProcedureChoice {
  code: string;
  name: string;
  officeName: string;
  legalTermDays: number;
}

export interface AttachmentContent {
  filename: string;
  contentType: string;
  base64: string;
}

export interface StagedUpload {
  uploadId: string;
  received: number;
}

// ---------------------------------------------------------------------------------------------
// Inputs

export const ARRIVAL_PREVIEW_MAX_BYTES = 15 * 1024 * 1024;
/** Desk scans travel in chunks so that no single call exceeds the transport's body limit. */
export const UPLOAD_CHUNK_BYTES = 768 * 1024;
export const DESK_MAX_ATTACHMENTS = 20;

export const ListArrivalsInput = z.object({ status: z.enum(ARRIVAL_STATUSES).default('pending') }).strict();

const id = z.number().int().positive();

export const RegisterArrivalInput = z
  .object({
    arrivalId: id,
    procedureCode,
    applicant: ApplicantInputSchema,
    subject,
    /** The attachments to register with it, the first being the application itself. */
    attachmentIds: z.array(id).max(50),
  })
  .strict();
export type RegisterArrivalInputValue = z.input<typeof RegisterArrivalInput>;

export const DiscardArrivalInput = z.object({ arrivalId: id, reason: z.string().trim().min(5, 'reason_required').max(500) }).strict();

export const ListQuarantineInput = z.object({ view: z.enum(QUARANTINE_VIEWS).default('open') }).strict();

export const ReviewQuarantineInput = z
  .object({
    entryId: id,
    resolution: z.enum(QUARANTINE_RESOLUTIONS),
    note: z.string().trim().min(5, 'reason_required').max(500),
  })
  .strict();

export const StageUploadInput = z
  .object({
    /** null starts a new upload; later chunks name the upload the first answer gave. */
    uploadId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,64}$/)
      .nullable(),
    offset: z.number().int().min(0),
    base64: z.base64().max(Math.ceil((UPLOAD_CHUNK_BYTES * 4) / 3) + 4),
  })
  .strict();

export const DeskRegistrationInput = z
  .object({
    procedureCode,
    applicant: ApplicantInputSchema,
    subject,
    attachments: z
      .array(
        z
          .object({
            uploadId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
            filename: z.string().trim().min(1).max(200),
            title: z.string().trim().min(1).max(200),
            kind: z.enum(ATTACHMENT_KINDS),
            size: z.number().int().min(0),
          })
          .strict(),
      )
      .max(DESK_MAX_ATTACHMENTS),
  })
  .strict();
export type DeskRegistrationInputValue = z.input<typeof DeskRegistrationInput>;

export const FindApplicantsInput = z.object({ query: z.string().trim().min(2).max(100) }).strict();

export const intakeChannels = {
  'intake/counts': channel<IntakeCounts>()(z.object({}).strict()),
  'intake/arrivals': channel<ArrivalRow[]>()(ListArrivalsInput),
  'intake/arrival': channel<ArrivalDetail>()(z.object({ arrivalId: id }).strict()),
  'intake/arrivalAttachment': channel<AttachmentContent>()(z.object({ attachmentId: id }).strict()),
  'intake/registerArrival': channel<RegistrationOutcome>()(RegisterArrivalInput),
  'intake/discardArrival': channel<ArrivalRow>()(DiscardArrivalInput),
  'intake/quarantine': channel<QuarantineRow[]>()(ListQuarantineInput),
  'intake/quarantineEntry': channel<QuarantineDetail>()(z.object({ entryId: id }).strict()),
  'intake/reviewQuarantine': channel<QuarantineRow>()(ReviewQuarantineInput),
  'intake/procedures': channel<ProcedureChoice[]>()(z.object({}).strict()),
  'intake/findApplicants': channel<ApplicantMatch[]>()(FindApplicantsInput),
  'intake/stageUpload': channel<StagedUpload>()(StageUploadInput),
  'intake/registerDesk': channel<RegistrationOutcome>()(DeskRegistrationInput),
};
