import { z } from 'zod';
import {
  ACCESS_PURPOSES,
  ARCHIVE_MAX_YEAR,
  ARCHIVE_MIN_YEAR,
  BOX_STATUSES,
  PRACTICE_OUTCOMES,
  PRACTICE_TYPES,
  SERIES_KINDS,
  type AccessAction,
  type AccessPurpose,
  type AgidDossierKind,
  type ArchiveDocumentKind,
  type BoxStatus,
  type PracticeOutcome,
  type PracticeType,
  type SeriesKind,
  type StreetType,
  type SubjectRole,
} from '../domain/archive';
import { MAX_QUERY_LENGTH, type ArchiveQuery } from '../domain/archiveQuery';
import { channel } from './channel';

/**
 * The telematic archive: historical practices and other records, digitised, found with one search
 * box, viewed in the app with every access logged, filled by digitisation campaigns.
 */

/** Text with the parts that matched the search marked, for highlighting (never HTML). */
export type HighlightedText = Array<{ text: string; hit: boolean }>;

export interface ArchiveSeriesInfo {
  id: number;
  code: string;
  title: string;
  kind: SeriesKind;
  yearFrom: number | null;
  yearTo: number | null;
  /** Shared with every ente of the Unione; false when private to its ente. */
  shared: boolean;
  ente: { id: number; name: string };
  classification: string | null;
}

export const ARCHIVE_MATCH_KINDS = ['number', 'protocol', 'parcel', 'address', 'name', 'text', 'content'] as const;
export type ArchiveMatchKind = (typeof ARCHIVE_MATCH_KINDS)[number];

/** Why a dossier is in the results: the part of it that matched, highlighted. */
export interface ArchiveMatch {
  kind: ArchiveMatchKind;
  text: HighlightedText;
}

export interface ArchiveSearchRow {
  id: number;
  series: { id: number; code: string; title: string };
  year: number;
  number: string;
  practiceType: PracticeType;
  outcome: PracticeOutcome;
  subject: HighlightedText;
  /** Applicants first, as written on the practice. */
  names: string[];
  addresses: string[];
  parcels: string[];
  documents: number;
  pages: number;
  reserved: boolean;
  boxLabel: string | null;
  matches: ArchiveMatch[];
  score: number;
}

export interface ArchiveSearchResult {
  rows: ArchiveSearchRow[];
  /** Matches in all (capped: see `totalIsLowerBound`). */
  total: number;
  totalIsLowerBound: boolean;
  /** How the text was understood (the same parser runs in the renderer for the chips). */
  query: ArchiveQuery;
  /** Streets the addresses typed were taken to be, today's name first. */
  streets: Array<{ typed: string; matched: string[] }>;
}

/** At most this many results are ranked and paged; beyond it the search asks to be narrowed. */
export const ARCHIVE_MAX_RESULTS = 1000;
export const ARCHIVE_PAGE_SIZE = 50;

const year = z.number().int().min(ARCHIVE_MIN_YEAR).max(ARCHIVE_MAX_YEAR);
const id = z.number().int().positive();

export const ArchiveFilters = z
  .object({
    seriesIds: z.array(id).max(50).default([]),
    practiceTypes: z.array(z.enum(PRACTICE_TYPES)).max(PRACTICE_TYPES.length).default([]),
    outcomes: z.array(z.enum(PRACTICE_OUTCOMES)).max(PRACTICE_OUTCOMES.length).default([]),
    yearFrom: year.nullable().default(null),
    yearTo: year.nullable().default(null),
  })
  .strict()
  .refine((filters) => filters.yearFrom === null || filters.yearTo === null || filters.yearFrom <= filters.yearTo, {
    message: 'year_range',
    path: ['yearTo'],
  });
export type ArchiveFiltersValue = z.output<typeof ArchiveFilters>;

export const ArchiveSearchInput = z
  .object({
    /** Whatever was typed: the server cuts it at MAX_QUERY_LENGTH and never refuses it. */
    text: z.string().transform((text) => text.slice(0, MAX_QUERY_LENGTH)),
    filters: ArchiveFilters.default({ seriesIds: [], practiceTypes: [], outcomes: [], yearFrom: null, yearTo: null }),
    offset: z.number().int().min(0).max(ARCHIVE_MAX_RESULTS).default(0),
    limit: z.number().int().min(1).max(200).default(ARCHIVE_PAGE_SIZE),
  })
  .strict();
export type ArchiveSearchInputValue = z.input<typeof ArchiveSearchInput>;

export interface ArchiveDocumentInfo {
  id: number;
  sequence: number;
  title: string;
  kind: ArchiveDocumentKind;
  filename: string;
  contentType: string;
  size: number;
  pageCount: number;
  sha256: string;
  hasOcr: boolean;
  importedAt: string;
}

export interface ArchiveSubjectInfo {
  role: SubjectRole;
  name: string;
  taxCode: string | null;
  /** The person or business of the registry, when identified. */
  party: { kind: 'person' | 'business'; id: number } | null;
}

export interface ArchiveAddressInfo {
  writtenAs: string;
  civic: string | null;
  street: { type: StreetType; name: string };
  /** Today's name when the street has been renamed. */
  today: { type: StreetType; name: string } | null;
}

export interface ArchiveParcelInfo {
  sezione: string | null;
  foglio: number;
  particella: string;
  subalterno: number | null;
}

export interface ArchiveLinkedInstance {
  instanceId: number;
  subject: string;
  procedureName: string;
  protocol: string;
  linkedAt: string;
  linkedBy: string;
  note: string | null;
}

export interface ArchiveDossierDetail {
  id: number;
  series: ArchiveSeriesInfo;
  year: number;
  number: string;
  practiceType: PracticeType;
  subject: string;
  outcome: PracticeOutcome;
  openedOn: string | null;
  decidedOn: string | null;
  closedOn: string | null;
  oldReferences: string[];
  reserved: boolean;
  notes: string | null;
  location: { box: string; building: string; room: string; shelf: string } | null;
  /** AgID Linee guida 2021, allegato 5: metadata of the aggregation. */
  agid: {
    identifier: string;
    aggregationType: 'fascicolo';
    kind: AgidDossierKind;
    classification: string | null;
    retention: string;
    openedOn: string | null;
    closedOn: string | null;
  };
  subjects: ArchiveSubjectInfo[];
  addresses: ArchiveAddressInfo[];
  parcels: ArchiveParcelInfo[];
  documents: ArchiveDocumentInfo[];
  links: ArchiveLinkedInstance[];
}

/** Why a scan is opened, printed or saved: recorded in the access log with who and when. */
export const AccessPurposeInput = z
  .object({
    purpose: z.enum(ACCESS_PURPOSES),
    note: z.string().trim().max(500).nullable().default(null),
    /** E.g. the protocol number of the access-to-records request. */
    reference: z.string().trim().max(100).nullable().default(null),
  })
  .strict()
  .refine((value) => value.purpose !== 'other' || (value.note?.length ?? 0) >= 3, { message: 'purpose_note', path: ['note'] });
export type AccessPurposeValue = z.output<typeof AccessPurposeInput>;

export interface ArchiveScanContent {
  documentId: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  pageCount: number;
  contentBase64: string;
  /** The access log entry this opening was recorded as. */
  accessId: number;
}

export interface ArchiveStampedCopy {
  filename: string;
  /** Always a PDF: images are placed on a page with the stamp. */
  contentType: 'application/pdf';
  contentBase64: string;
  accessId: number;
  /** The stamp's text, as printed on every page. */
  stamp: string;
}

export interface ArchiveAccessEntry {
  id: number;
  at: string;
  staff: { id: number; name: string; login: string };
  action: AccessAction;
  purpose: AccessPurpose;
  note: string | null;
  reference: string | null;
  dossier: { id: number; label: string; reserved: boolean };
  document: { id: number; title: string };
}

export const AccessLogInput = z
  .object({
    from: z.iso.date().nullable().default(null),
    to: z.iso.date().nullable().default(null),
    dossierId: id.nullable().default(null),
    staffId: id.nullable().default(null),
    offset: z.number().int().min(0).max(100_000).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

export interface ArchivePrecedent {
  dossierId: number;
  label: string;
  year: number;
  practiceType: PracticeType;
  subject: string;
  /** What it shares with the instance. */
  sharedOn: Array<{ kind: 'parcel' | 'address'; text: string }>;
  linked: boolean;
  reserved: boolean;
}

export interface ArchivePrecedents {
  instanceId: number;
  /** Parcels and addresses read from the instance (its subject), as searched. */
  searchedParcels: string[];
  searchedAddresses: string[];
  precedents: ArchivePrecedent[];
  linked: ArchivePrecedent[];
}

export interface ArchiveBox {
  id: number;
  series: { id: number; code: string; title: string };
  label: string;
  building: string;
  room: string;
  shelf: string;
  yearFrom: number | null;
  yearTo: number | null;
  status: BoxStatus;
  statusChangedAt: string;
  statusChangedBy: string;
  dossiers: number;
  documents: number;
  pages: number;
}

export const CreateBoxInput = z
  .object({
    seriesId: id,
    label: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,39}$/, 'box_label'),
    building: z.string().trim().min(1).max(100),
    room: z.string().trim().min(1).max(60),
    shelf: z.string().trim().min(1).max(40),
    yearFrom: year.nullable().default(null),
    yearTo: year.nullable().default(null),
  })
  .strict();

export const MoveBoxInput = z
  .object({
    boxId: id,
    /** The stage the user saw: a box moved meanwhile by someone else is not moved again. */
    from: z.enum(BOX_STATUSES),
    to: z.enum(BOX_STATUSES),
  })
  .strict();

export interface CampaignDashboard {
  boxes: Record<BoxStatus, number>;
  bySeries: Array<{
    series: { id: number; code: string; title: string };
    boxes: Record<BoxStatus, number>;
    dossiers: number;
    documents: number;
    pages: number;
  }>;
  /** Dossiers and scanned pages per decade of the practices (1950 = 1950–1959). */
  byDecade: Array<{ decade: number; dossiers: number; digitisedDossiers: number; pages: number }>;
  /** Pages imported per day over the last `days` days, oldest first (days without imports are 0). */
  pagesPerDay: Array<{ day: string; pages: number; documents: number }>;
  days: number;
}

export const IMPORT_STATUSES = ['running', 'interrupting', 'interrupted', 'completed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Why a manifest row was not imported: each has a message in the renderer (`archive.import.reason.<code>`). */
export const IMPORT_REJECTIONS = [
  'wrong_column_count',
  'missing_value',
  'invalid_value',
  'unknown_series',
  'unknown_box',
  'unsafe_path',
  'file_missing',
  'file_empty',
  'file_too_large',
  'file_corrupt',
  'type_not_allowed',
  'name_mismatch',
  'hash_mismatch',
  'page_count_mismatch',
  'sidecar_missing',
  'dossier_conflict',
  'reserved_needs_manager',
  'dossier_reserved',
] as const;
export type ImportRejection = (typeof IMPORT_REJECTIONS)[number];

export interface ImportRowReport {
  line: number;
  filename: string | null;
  outcome: 'imported' | 'duplicate' | 'rejected';
  reason: ImportRejection | null;
  /** Which column or value, in the manifest's own words (e.g. `anno: "19x8"`). */
  detail: string | null;
  dossierId: number | null;
  documentId: number | null;
}

export interface ImportBatchStatus {
  id: number;
  folder: string;
  manifest: string;
  status: ImportStatus;
  totalRows: number;
  processed: number;
  imported: number;
  duplicates: number;
  rejected: number;
  startedAt: string;
  startedBy: string;
  finishedAt: string | null;
  /** Rows not imported (rejected and duplicates), in manifest order. */
  problems: ImportRowReport[];
}

/** Why a whole manifest is refused before any row is read: nothing is imported. */
export const MANIFEST_REFUSALS = [
  'folder_missing',
  'manifest_missing',
  'manifest_empty',
  'manifest_encoding',
  'manifest_too_large',
  'missing_columns',
  'unknown_columns',
  'duplicate_columns',
  'import_running',
] as const;
export type ManifestRefusal = (typeof MANIFEST_REFUSALS)[number];

export const StartImportInput = z
  .object({
    /** A folder on the computer (or server) that runs Scrivania. */
    folder: z.string().trim().min(1).max(1000),
    /** The manifest's file name inside the folder. */
    manifest: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .default('manifest.csv')
      .refine((name) => !/[\\/]/.test(name) && name !== '.' && name !== '..', 'filename'),
  })
  .strict();

export const ImportBatchRef = z.object({ batchId: id }).strict();

const seriesShape = {
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9_]{2,30}$/, 'series_code'),
  title: z.string().trim().min(3).max(200),
  kind: z.enum(SERIES_KINDS),
  yearFrom: year.nullable().default(null),
  yearTo: year.nullable().default(null),
  shared: z.boolean().default(false),
  classification: z.string().trim().max(40).nullable().default(null),
};
export const CreateSeriesInput = z.object(seriesShape).strict();

/**
 * The archive's channels. Each group joins the contract when its handlers exist (the handler map
 * must cover every channel): search and consultation first.
 */
export const archiveChannels = {
  'archive/series': channel<ArchiveSeriesInfo[]>()(z.object({}).strict()),
  'archive/createSeries': channel<ArchiveSeriesInfo>()(CreateSeriesInput),
  'archive/search': channel<ArchiveSearchResult>()(ArchiveSearchInput),
  'archive/dossier': channel<ArchiveDossierDetail>()(z.object({ dossierId: id }).strict()),
  'archive/openScan': channel<ArchiveScanContent>()(z.object({ documentId: id, access: AccessPurposeInput }).strict()),
  'archive/stampedCopy': channel<ArchiveStampedCopy>()(
    z.object({ documentId: id, action: z.enum(['print', 'save']), access: AccessPurposeInput }).strict(),
  ),
  'archive/accessLog': channel<{ rows: ArchiveAccessEntry[]; hasMore: boolean }>()(AccessLogInput),
  'archive/boxes': channel<ArchiveBox[]>()(z.object({ seriesId: id.nullable().default(null) }).strict()),
  'archive/createBox': channel<ArchiveBox>()(CreateBoxInput),
  'archive/moveBox': channel<ArchiveBox>()(MoveBoxInput),
  'archive/dashboard': channel<CampaignDashboard>()(z.object({ days: z.number().int().min(7).max(365).default(30) }).strict()),
  'archive/imports': channel<ImportBatchStatus[]>()(z.object({}).strict()),
  'archive/startImport': channel<ImportBatchStatus>()(StartImportInput),
  'archive/importStatus': channel<ImportBatchStatus>()(ImportBatchRef),
  'archive/interruptImport': channel<ImportBatchStatus>()(ImportBatchRef),
  'archive/resumeImport': channel<ImportBatchStatus>()(ImportBatchRef),
  'archive/precedents': channel<ArchivePrecedents>()(z.object({ instanceId: id }).strict()),
  'archive/link': channel<ArchivePrecedents>()(
    z.object({ instanceId: id, dossierId: id, note: z.string().trim().max(500).nullable().default(null) }).strict(),
  ),
  'archive/unlink': channel<ArchivePrecedents>()(z.object({ instanceId: id, dossierId: id }).strict()),
};
