import { z } from 'zod';
import {
  CDU_PURPOSES,
  MAX_CDU_PARCELS,
  type ConstraintKind,
  type CduParcelRef,
  type CduPurpose,
  type ParcelCheckStatus,
  type PlanningInstrumentKind,
  type SuppressionCause,
} from '../domain/cdu';
import type { InstanceStatus } from '../domain/workflow';
import type { ArchivePrecedent } from './archive';
import { channel } from './channel';

/**
 * The certificato di destinazione urbanistica (DPR 380/2001 art. 30): parcels checked against the
 * cadastre, the request registered in the protocol as a case with its 30-day peremptory term, and
 * each parcel's zones, planning rules and constraints as the certificate will print them. The
 * certificate itself is issued through `certificates/issue` with the request's `cduRequestId`.
 */

export { CDU_PURPOSES, MAX_CDU_PARCELS };
export type { CduParcelRef, CduPurpose, ConstraintKind, ParcelCheckStatus, PlanningInstrumentKind, SuppressionCause };

const id = z.number().int().positive();

/** A parcel as typed at the counter: the foglio may arrive as text, an empty sezione means none. */
export const CduParcelInput = z
  .object({
    sezione: z
      .string()
      .trim()
      .toUpperCase()
      .transform((value) => (value === '' ? null : value))
      .pipe(
        z
          .string()
          .regex(/^[A-Z]{1,3}$/, 'sezione')
          .nullable(),
      )
      .nullable()
      .default(null),
    foglio: z
      .union([
        z.number(),
        z
          .string()
          .trim()
          .regex(/^\d{1,4}$/, 'foglio')
          .transform(Number),
      ])
      .pipe(z.number().int('foglio').min(1, 'foglio').max(9999, 'foglio')),
    particella: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[1-9][0-9]{0,5}[a-z]?$/, 'particella'),
  })
  .strict();
export type CduParcelInputValue = z.input<typeof CduParcelInput>;

const parcelList = z.array(CduParcelInput).min(1, 'parcels_required').max(MAX_CDU_PARCELS, 'too_many_parcels');

export const CduValidateInput = z.object({ parcels: parcelList }).strict();

export const CduRequestInput = z
  .object({
    /** The applicant, found in the people registry at the counter. */
    personId: id,
    parcels: parcelList,
    purpose: z.enum(CDU_PURPOSES),
    /** Required for 'altro': the use the applicant declares. */
    purposeNote: z
      .string()
      .trim()
      .max(200)
      .nullish()
      .transform((value) => (value ? value : null)),
    /** From the client: a double click registers one request, not two. */
    idempotencyKey: z.uuid(),
  })
  .strict()
  .refine((input) => input.purpose !== 'altro' || (input.purposeNote?.length ?? 0) >= 3, {
    message: 'purpose_note_required',
    path: ['purposeNote'],
  });
export type CduRequestInputValue = z.input<typeof CduRequestInput>;

/** A parcel of the catasto terreni as the cadastral table holds it. */
export interface CduCadastralParcel {
  id: number;
  sezione: string | null;
  foglio: number;
  particella: string;
  /** "Fg. 12 part. 345" */
  label: string;
  areaM2: number;
  /** Qualità di coltura (Seminativo, Uliveto, Ente urbano...) and classe, where recorded. */
  quality: string | null;
  qualityClass: string | null;
}

/** The outcome of checking one typed parcel, in the order typed. */
export interface CduParcelCheck {
  position: number;
  input: CduParcelRef;
  label: string;
  status: ParcelCheckStatus;
  /**
   * Why it cannot be certified, translatable (`reason.<reason>`): `certificates.parcel_unknown`,
   * `certificates.foglio_unknown` (no parcel at all on that foglio), `certificates.parcel_suppressed`,
   * `certificates.parcel_duplicate`. Null when valid.
   */
  reason: string | null;
  /** The parcel found (valid, or suppressed: the last state it had). */
  parcel: CduCadastralParcel | null;
  suppression: { on: string; cause: SuppressionCause; successors: string[] } | null;
}

export interface CduValidation {
  parcels: CduParcelCheck[];
  allValid: boolean;
}

export interface CduArticle {
  id: number;
  /** "23", "23-bis" */
  number: string;
  title: string;
  text: string;
}

export interface CduPlanningInstrument {
  id: number;
  kind: PlanningInstrumentKind;
  name: string;
  /** "Delibera del Consiglio comunale n. 45 del 12/07/2004" */
  approvalAct: string;
  approvedOn: string;
}

export interface CduZoneOfParcel {
  zoneId: number;
  instrument: CduPlanningInstrument;
  /** "B2" */
  code: string;
  /** "Residenziale di completamento" */
  name: string;
  sharePercent: number;
  areaM2: number;
  articles: CduArticle[];
}

export interface CduConstraintOfParcel {
  id: number;
  kind: ConstraintKind;
  name: string;
  legalReference: string;
  /** The act that placed it (decree, plan), where recorded. */
  act: string | null;
  note: string | null;
}

export interface CduParcelPlanning {
  parcel: CduCadastralParcel;
  zones: CduZoneOfParcel[];
  /** Share of the parcel in no zone (roads, water courses); 0 when fully zoned. */
  unzonedPercent: number;
  constraints: CduConstraintOfParcel[];
}

/** The protocol registration of the request: seen by the protocol office and the case's office. */
export interface CduProtocolInfo {
  year: number;
  number: number;
  segnatura: string;
  registeredAt: string;
}

/** The case the request opened, as its office sees it; null for users of other offices. */
export interface CduCaseInfo {
  status: InstanceStatus;
  /** Art. 30 c.3: the peremptory term, from the procedure clock. */
  dueDate: string;
  /** Calendar days from today (Europe/Rome) to the due date; negative when overdue. */
  daysLeft: number;
  assigneeName: string | null;
  officeName: string;
  closed: boolean;
}

export interface CduRequestRow {
  id: number;
  instanceId: number;
  requestedAt: string;
  requestedBy: string;
  applicant: { personId: number; name: string; taxCode: string };
  purpose: CduPurpose;
  purposeNote: string | null;
  parcels: string[];
  protocol: CduProtocolInfo | null;
  case: CduCaseInfo | null;
  /** The certificate (not annulled) that answers the request, once issued. */
  certificate: { id: number; year: number; number: number } | null;
}

export interface CduRequestDetail extends CduRequestRow {
  /** Each parcel's zones, articles and constraints, as of today. */
  planning: CduParcelPlanning[];
  /** The archive's historical dossiers on the same parcels; null when the user cannot see the case. */
  precedents: { suggested: ArchivePrecedent[]; linked: ArchivePrecedent[] } | null;
}

export const CDU_REQUEST_VIEWS = ['open', 'closed', 'all'] as const;
export type CduRequestView = (typeof CDU_REQUEST_VIEWS)[number];

export const CduRequestListInput = z
  .object({
    /** Open: the case is pending (or of an office the user does not see); closed: decided or withdrawn. */
    view: z.enum(CDU_REQUEST_VIEWS).default('open'),
    /** Applicant's name or codice fiscale, or a parcel ("12/345", "fg 12 part 345"). */
    text: z.string().trim().max(100).default(''),
    offset: z.number().int().min(0).max(100_000).default(0),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

/** What the counter hands the applicant: the protocol number and the day the certificate is due. */
export interface CduRequestReceipt {
  requestId: number;
  instanceId: number;
  protocol: CduProtocolInfo;
  /** Art. 30 c.3: thirty days, peremptory (moved to the next working day when it falls on a holiday). */
  dueDate: string;
  /** True when the same idempotency key had already registered it (a double click). */
  alreadyRequested: boolean;
}

export const cduChannels = {
  'certificates/cdu/parcels/validate': channel<CduValidation>()(CduValidateInput),
  'certificates/cdu/request': channel<CduRequestReceipt>()(CduRequestInput),
  'certificates/cdu/requests/list': channel<{ rows: CduRequestRow[]; total: number }>()(CduRequestListInput),
  'certificates/cdu/get': channel<CduRequestDetail>()(z.object({ requestId: id }).strict()),
};
