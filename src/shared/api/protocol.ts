import { z } from 'zod';
import { isIsoDate } from '../domain/calendar';
import { channel } from './channel';
import { DateFilter, TextFilter } from './instances';

/** DPR 445/2000: what is registered is received (incoming), sent (outgoing) or internal. */
export const PROTOCOL_DIRECTIONS = ['incoming', 'outgoing', 'internal'] as const;
export type ProtocolDirection = (typeof PROTOCOL_DIRECTIONS)[number];

export const PROTOCOL_CHANNELS = ['online', 'pec', 'email', 'desk', 'post', 'internal'] as const;
export type ProtocolChannel = (typeof PROTOCOL_CHANNELS)[number];

/** An AOO's register of the signed-in staff member's ente. */
export interface ProtocolRegisterInfo {
  id: number;
  aooCode: string;
  name: string;
  active: boolean;
  /** True when the staff member keeps the whole register (protocol office or administrator). */
  keptByMe: boolean;
}

/** A row of the register grid. `registeredAt` is an ISO timestamp. */
export interface ProtocolListRow {
  id: number;
  registerId: number;
  year: number;
  number: number;
  registeredAt: string;
  direction: ProtocolDirection;
  channel: ProtocolChannel;
  correspondentName: string;
  subject: string;
  classificationCode: string;
  officeName: string;
  documentCount: number;
  annulled: boolean;
  instanceId: number | null;
}

export interface ProtocolDocumentInfo {
  position: number;
  documentId: number | null;
  filename: string;
  contentType: string;
  size: number;
  /** SHA-256 fixed at registration (art. 53), 64 lower-case hex digits. */
  sha256: string;
}

export interface ProtocolAnnulment {
  at: string;
  byName: string | null;
  login: string;
  reason: string;
  act: string;
}

export interface ProtocolEntryDetail extends ProtocolListRow {
  /** Art. 55: IPA code|AOO|date|number. */
  segnatura: string;
  /** The same segnatura as the XML that travels with the document (AgID Linee guida 2021, Allegato 6). */
  segnaturaXml: string;
  aooCode: string;
  correspondentTaxCode: string | null;
  correspondentAddress: string | null;
  externalRef: string | null;
  receivedAt: string | null;
  classificationTitle: string;
  fascicolo: string | null;
  registeredByName: string | null;
  registeredLogin: string;
  documents: ProtocolDocumentInfo[];
  annulment: ProtocolAnnulment | null;
}

export const PROTOCOL_SORT_COLUMNS = ['number', 'registeredAt', 'correspondentName', 'subject'] as const;
export type ProtocolSortColumn = (typeof PROTOCOL_SORT_COLUMNS)[number];

export const PROTOCOL_MAX_PAGE = 500;

/** A real calendar day 'YYYY-MM-DD' (2026-02-30 is refused). */
const isoDay = z.string().refine(isIsoDate, 'iso_date');

export const ProtocolFilters = z
  .object({
    /** '123', '0000123/2026': one registration, looked up exactly. */
    number: TextFilter.optional(),
    registeredAt: DateFilter.optional(),
    correspondentName: TextFilter.optional(),
    subject: TextFilter.optional(),
  })
  .strict();
export type ProtocolFilterModel = z.infer<typeof ProtocolFilters>;

export const PROTOCOL_ANNULLED_FILTERS = ['any', 'only', 'exclude'] as const;
export type ProtocolAnnulledFilter = (typeof PROTOCOL_ANNULLED_FILTERS)[number];

export const ProtocolListQuery = z
  .object({
    /** The AOO; the ente's first active register when absent. */
    registerId: z.number().int().positive().nullable().default(null),
    startRow: z.number().int().min(0),
    endRow: z.number().int().min(1),
    sort: z
      .array(z.object({ colId: z.enum(PROTOCOL_SORT_COLUMNS), sort: z.enum(['asc', 'desc']) }).strict())
      .max(1)
      .default([]),
    filters: ProtocolFilters.default({}),
    /** Registration days (Europe/Rome), both included. */
    from: isoDay.nullable().default(null),
    to: isoDay.nullable().default(null),
    /** Empty: every direction. */
    directions: z.array(z.enum(PROTOCOL_DIRECTIONS)).max(PROTOCOL_DIRECTIONS.length).default([]),
    annulled: z.enum(PROTOCOL_ANNULLED_FILTERS).default('any'),
  })
  .strict()
  .refine((q) => q.endRow > q.startRow && q.endRow - q.startRow <= PROTOCOL_MAX_PAGE, { message: 'page_size', path: ['endRow'] })
  .refine((q) => q.from === null || q.to === null || q.from <= q.to, { message: 'day_range', path: ['to'] });
export type ProtocolListQueryInput = z.input<typeof ProtocolListQuery>;
export type ProtocolListQueryParsed = z.output<typeof ProtocolListQuery>;

export interface ProtocolListPage {
  rows: ProtocolListRow[];
  /** Total rows matching, counted for the first block only (null on later blocks). */
  total: number | null;
  registerId: number;
}

export const ANNULMENT_REASON_MIN = 5;
export const ANNULMENT_ACT_MIN = 3;

export const AnnulInput = z
  .object({
    entryId: z.number().int().positive(),
    /** Why the registration is annulled (art. 54). */
    reason: z.string().trim().min(ANNULMENT_REASON_MIN, 'annulment_reason_too_short').max(1000, 'too_big'),
    /** The authorising act, e.g. "Provvedimento n. 12/2026 del Responsabile del protocollo". */
    act: z.string().trim().min(ANNULMENT_ACT_MIN, 'annulment_act_too_short').max(300, 'too_big'),
  })
  .strict();
export type AnnulInputValue = z.input<typeof AnnulInput>;

export const DailyRegisterInput = z
  .object({
    registerId: z.number().int().positive().nullable().default(null),
    day: isoDay,
  })
  .strict();

/** The registro giornaliero di protocollo (DPCM 3/12/2013 art. 7) as a PDF. */
export interface DailyRegisterDocument {
  registerId: number;
  aooCode: string;
  day: string;
  filename: string;
  entries: number;
  annulled: number;
  generatedAt: string;
  /** SHA-256 of the PDF bytes: what goes to preservation with it. */
  sha256: string;
  contentBase64: string;
}

export const protocolChannels = {
  'protocol/registers': channel<ProtocolRegisterInfo[]>()(z.object({}).strict()),
  'protocol/list': channel<ProtocolListPage>()(ProtocolListQuery),
  'protocol/get': channel<ProtocolEntryDetail>()(z.object({ entryId: z.number().int().positive() }).strict()),
  'protocol/annul': channel<ProtocolEntryDetail>()(AnnulInput),
  'protocol/dailyRegister': channel<DailyRegisterDocument>()(DailyRegisterInput),
};
