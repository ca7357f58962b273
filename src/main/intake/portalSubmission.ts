import crypto from 'node:crypto';
import { z } from 'zod';
import type { QuarantineReason } from '../../shared/api/intake';
import { validateCodiceFiscale } from '../../shared/domain/codiceFiscale';
import { isValidBusinessTaxCode, validatePartitaIva } from '../../shared/domain/partitaIva';
import type { ApplicantInput } from '../protocol/registration';

/**
 * The portal submission format (`docs/intake/portal-submission.schema.json` is generated from this
 * schema, and a unit test keeps the two identical). Structure is checked here; what JSON Schema
 * cannot express — check characters of codice fiscale and partita IVA, the SHA-256 the portal
 * computed over each attachment — is checked afterwards, each with its own quarantine reason.
 */
export const PORTAL_SUBMISSION_FORMAT = 'scrivania.portal-submission/1';
export const PORTAL_MAX_ATTACHMENTS = 50;
export const PORTAL_MAX_FORM_FIELDS = 500;

const email = z.email().max(200);
const optionalNullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
const postalCode = z.string().regex(/^[0-9]{5}$/);
const CODICE_FISCALE_SHAPE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

const PersonApplicant = z
  .object({
    kind: z.literal('person'),
    codiceFiscale: z
      .string()
      .regex(CODICE_FISCALE_SHAPE)
      .describe('Codice fiscale, upper case; omocodia letters allowed. Its check character is verified.'),
    lastName: z.string().min(1).max(100),
    firstName: z.string().min(1).max(100),
    birthDate: z.iso.date().optional(),
    birthPlace: z.string().min(1).max(100).optional(),
    sex: z.enum(['M', 'F']).optional(),
    email: optionalNullable(email),
    pec: optionalNullable(email).describe('Certified e-mail (PEC) address, where the applicant wants to receive communications.'),
    address: optionalNullable(z.string().max(200)),
    postalCode: optionalNullable(postalCode),
    city: optionalNullable(z.string().max(100)),
  })
  .strict()
  .describe('A natural person, identified by codice fiscale.');

const BusinessApplicant = z
  .object({
    kind: z.literal('business'),
    partitaIva: z
      .string()
      .regex(/^[0-9]{11}$/)
      .describe('Partita IVA, 11 digits. Its check digit is verified.'),
    codiceFiscale: z
      .string()
      .regex(/^([0-9]{11}|[A-Z0-9]{16})$/)
      .optional()
      .describe("The business's codice fiscale when it differs from the partita IVA (11 digits, or 16 characters for a sole trader)."),
    name: z.string().min(1).max(200),
    pec: optionalNullable(email),
    email: optionalNullable(email),
    address: optionalNullable(z.string().max(200)),
    postalCode: optionalNullable(postalCode),
    city: optionalNullable(z.string().max(100)),
  })
  .strict()
  .describe('A business, identified by partita IVA.');

const Attachment = z
  .object({
    filename: z
      .string()
      .min(1)
      .max(200)
      // eslint-disable-next-line no-control-regex -- control characters have no place in a file name
      .regex(/^[^/\\\u0000-\u001f]+$/)
      .describe('File name as uploaded by the applicant, without any folder.'),
    title: z.string().min(1).max(200).describe('What the document is, e.g. "Domanda" or "Relazione tecnica".'),
    kind: z
      .enum(['application', 'attachment'])
      .describe('"application" for the application form itself, "attachment" for everything else.'),
    contentType: z
      .string()
      .max(100)
      .optional()
      .describe('The type the portal declared; informative only: Scrivania detects the type from the content.'),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe('Lower-case hex SHA-256 of the decoded bytes, computed by the portal. Verified.'),
    contentBase64: z.base64().describe('The file, base64 (RFC 4648, with padding).'),
  })
  .strict();

export const PortalSubmissionSchema = z
  .object({
    format: z.literal(PORTAL_SUBMISSION_FORMAT).describe('Format and version of this document.'),
    submissionId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/)
      .describe(
        "The portal's own unique id of the submission: the same id is registered only once per ente, however often it is delivered.",
      ),
    submittedAt: z.iso
      .datetime({ offset: true })
      .describe('When the applicant submitted, with its UTC offset: the date the instance was received.'),
    enteIstatCode: z
      .string()
      .regex(/^[0-9]{6}$/)
      .describe('ISTAT code of the comune the submission is addressed to.'),
    procedureCode: z
      .string()
      .regex(/^[A-Z0-9_]{2,30}$/)
      .describe("Code of the procedure type in the ente's catalogue."),
    applicant: z.discriminatedUnion('kind', [PersonApplicant, BusinessApplicant]),
    subject: z.string().min(3).max(500).describe('Oggetto: what is asked, as it will be registered in the protocol.'),
    formFields: z
      .record(z.string().min(1).max(100), z.union([z.string().max(10000), z.number(), z.boolean(), z.null()]))
      .describe('The fields of the online form, by name, as the applicant filled them in.'),
    attachments: z.array(Attachment).max(PORTAL_MAX_ATTACHMENTS),
  })
  .strict()
  .meta({
    title: 'Scrivania portal submission',
    description:
      'One instance submitted online through the portal of the comune, delivered to Scrivania as a .json file in the intake folder or as a row of scrivania.portal_submissions.',
  });

export type PortalSubmission = z.output<typeof PortalSubmissionSchema>;

/** The JSON Schema (2020-12) of the format, as committed under docs/intake/. */
export function portalSubmissionJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PortalSubmissionSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}

export interface VerifiedAttachment {
  filename: string;
  title: string;
  kind: 'application' | 'attachment';
  bytes: Buffer;
}

/** A submission that passed every check: attachments decoded and their SHA-256 verified. */
export interface VerifiedPortalSubmission {
  submissionId: string;
  submittedAt: string;
  enteIstatCode: string;
  procedureCode: string;
  applicant: ApplicantInput;
  subject: string;
  formFields: PortalSubmission['formFields'];
  attachments: VerifiedAttachment[];
}

export interface IntakeRefusal {
  reason: QuarantineReason;
  /** A human-readable explanation (English, technical: the UI shows the translated reason beside it). */
  detail: string;
}

export type PortalCheck = { ok: true; submission: VerifiedPortalSubmission } | ({ ok: false; submissionId: string | null } & IntakeRefusal);

/** The submission id when the document has one worth keying on, even if the rest is invalid. */
export function submissionIdOf(document: unknown): string | null {
  const value = (document as { submissionId?: unknown } | null)?.submissionId;
  return typeof value === 'string' && PortalSubmissionSchema.shape.submissionId.safeParse(value).success ? value : null;
}

function describeIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 8).map((issue) => `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}`);
  if (error.issues.length > 8) lines.push(`… ${error.issues.length - 8} more`);
  return lines.join('; ');
}

function applicantOf(applicant: PortalSubmission['applicant']): ApplicantInput {
  if (applicant.kind === 'person') {
    return {
      kind: 'person',
      codiceFiscale: applicant.codiceFiscale,
      lastName: applicant.lastName.trim(),
      firstName: applicant.firstName.trim(),
      email: applicant.email ?? null,
      pec: applicant.pec ?? null,
      address: applicant.address ?? null,
      postalCode: applicant.postalCode ?? null,
      city: applicant.city ?? null,
      ...(applicant.birthDate ? { birthDate: applicant.birthDate } : {}),
      ...(applicant.birthPlace ? { birthPlace: applicant.birthPlace } : {}),
      ...(applicant.sex ? { sex: applicant.sex } : {}),
    };
  }
  return {
    kind: 'business',
    partitaIva: applicant.partitaIva,
    ...(applicant.codiceFiscale ? { codiceFiscale: applicant.codiceFiscale } : {}),
    name: applicant.name.trim(),
    pec: applicant.pec ?? null,
    email: applicant.email ?? null,
    address: applicant.address ?? null,
    postalCode: applicant.postalCode ?? null,
    city: applicant.city ?? null,
  };
}

function checkApplicant(applicant: PortalSubmission['applicant']): IntakeRefusal | null {
  if (applicant.kind === 'person') {
    const check = validateCodiceFiscale(applicant.codiceFiscale);
    return check.ok
      ? null
      : { reason: 'invalid_codice_fiscale', detail: `applicant.codiceFiscale ${applicant.codiceFiscale}: ${check.reason}` };
  }
  const check = validatePartitaIva(applicant.partitaIva);
  if (!check.ok) return { reason: 'invalid_partita_iva', detail: `applicant.partitaIva ${applicant.partitaIva}: ${check.reason}` };
  if (applicant.codiceFiscale && !isValidBusinessTaxCode(applicant.codiceFiscale)) {
    return {
      reason: 'invalid_codice_fiscale',
      detail: `applicant.codiceFiscale ${applicant.codiceFiscale}: not a valid business tax code`,
    };
  }
  return null;
}

/**
 * Checks a parsed JSON document against the format: structure, identifiers, attachment hashes.
 * Nothing here touches the database: the ente and the catalogue are the importer's to check.
 */
export function checkPortalSubmission(document: unknown): PortalCheck {
  const submissionId = submissionIdOf(document);
  const parsed = PortalSubmissionSchema.safeParse(document);
  if (!parsed.success) return { ok: false, submissionId, reason: 'schema_violation', detail: describeIssues(parsed.error) };
  const submission = parsed.data;
  const applicantRefusal = checkApplicant(submission.applicant);
  if (applicantRefusal) return { ok: false, submissionId, ...applicantRefusal };
  const attachments: VerifiedAttachment[] = [];
  for (const [index, attachment] of submission.attachments.entries()) {
    const bytes = Buffer.from(attachment.contentBase64, 'base64');
    const computed = crypto.createHash('sha256').update(bytes).digest('hex');
    if (computed !== attachment.sha256) {
      return {
        ok: false,
        submissionId,
        reason: 'sha256_mismatch',
        detail: `attachments.${index} ${attachment.filename}: declared ${attachment.sha256}, computed ${computed}`,
      };
    }
    attachments.push({ filename: attachment.filename, title: attachment.title, kind: attachment.kind, bytes });
  }
  return {
    ok: true,
    submission: {
      submissionId: submission.submissionId,
      submittedAt: submission.submittedAt,
      enteIstatCode: submission.enteIstatCode,
      procedureCode: submission.procedureCode,
      applicant: applicantOf(submission.applicant),
      subject: submission.subject.trim(),
      formFields: submission.formFields,
      attachments,
    },
  };
}

export type PortalDocument = { ok: true; document: unknown } | { ok: false; reason: 'malformed_json'; detail: string };

/** Reads the bytes of a .json file: UTF-8 (a BOM is tolerated), one JSON document. */
export function readPortalDocument(bytes: Buffer): PortalDocument {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    return { ok: true, document: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: 'malformed_json', detail: (error as Error).message };
  }
}
