import { z } from 'zod';
import { channel } from './channel';
import { INSTANCE_STATUSES, PENDING_STATUSES, type InstanceStatus } from '../domain/workflow';

export { INSTANCE_STATUSES, type InstanceStatus };
/** Statuses in which the procedure is still running: the worklist's default filter. */
export const OPEN_INSTANCE_STATUSES: readonly InstanceStatus[] = PENDING_STATUSES;

export const INTAKE_CHANNELS = ['online', 'pec', 'desk'] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

/** A row of the worklist grid. Dates are ISO strings: `receivedAt` a timestamp, `dueDate` a day. */
export interface WorklistRow {
  id: number;
  /** Optimistic version of the case: a bulk action names the version the user saw. */
  version: number;
  protocolYear: number;
  protocolNumber: number;
  receivedAt: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  applicantTaxCode: string;
  subject: string;
  status: InstanceStatus;
  channel: IntakeChannel;
  officeName: string;
  assigneeName: string | null;
  dueDate: string;
  /** Calendar days from today (Europe/Rome) to the due date; negative when overdue. */
  daysLeft: number;
}

export const WORKLIST_SCOPES = ['mine', 'office', 'unassigned'] as const;
export type WorklistScope = (typeof WORKLIST_SCOPES)[number];

export const WORKLIST_SORT_COLUMNS = [
  'protocol',
  'receivedAt',
  'procedureName',
  'applicantName',
  'status',
  'dueDate',
  'daysLeft',
] as const;
export type WorklistSortColumn = (typeof WORKLIST_SORT_COLUMNS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}( 00:00:00)?$/, 'iso_date');

/** The subset of ag-grid's community filter models the worklist understands. */
const textCondition = z
  .object({
    filterType: z.literal('text'),
    type: z.enum(['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank']),
    filter: z.string().max(200).optional().nullable(),
  })
  .strict();

const dateCondition = z
  .object({
    filterType: z.literal('date'),
    type: z.enum(['equals', 'notEqual', 'lessThan', 'greaterThan', 'inRange', 'blank', 'notBlank']),
    dateFrom: isoDate.optional().nullable(),
    dateTo: isoDate.optional().nullable(),
  })
  .strict();

const numberCondition = z
  .object({
    filterType: z.literal('number'),
    type: z.enum([
      'equals',
      'notEqual',
      'lessThan',
      'lessThanOrEqual',
      'greaterThan',
      'greaterThanOrEqual',
      'inRange',
      'blank',
      'notBlank',
    ]),
    filter: z.number().int().min(-100000).max(100000).optional().nullable(),
    filterTo: z.number().int().min(-100000).max(100000).optional().nullable(),
  })
  .strict();

function combinable<T extends z.ZodObject>(condition: T, filterType: string) {
  const combined = z
    .object({
      filterType: z.literal(filterType),
      operator: z.enum(['AND', 'OR']),
      conditions: z.array(condition).min(1).max(4),
    })
    .strict();
  return z.union([condition, combined]);
}

export const TextFilter = combinable(textCondition, 'text');
export const DateFilter = combinable(dateCondition, 'date');
export const NumberFilter = combinable(numberCondition, 'number');
/**
 * The status column uses our own checkbox filter (ag-grid's set filter is not community): the
 * statuses ticked (absent: all of them) and whether only open cases are shown. A case is open until
 * it is closed (`closed_at`), whatever its status: a decided case stays open until it is filed.
 */
export const StatusFilter = z
  .object({
    filterType: z.literal('status'),
    values: z.array(z.enum(INSTANCE_STATUSES)).max(INSTANCE_STATUSES.length).optional(),
    openOnly: z.boolean().optional(),
  })
  .strict();

export type TextFilterModel = z.infer<typeof TextFilter>;
export type DateFilterModel = z.infer<typeof DateFilter>;
export type NumberFilterModel = z.infer<typeof NumberFilter>;
export type StatusFilterModel = z.infer<typeof StatusFilter>;

export const WorklistFilters = z
  .object({
    protocol: TextFilter.optional(),
    receivedAt: DateFilter.optional(),
    procedureName: TextFilter.optional(),
    applicantName: TextFilter.optional(),
    status: StatusFilter.optional(),
    dueDate: DateFilter.optional(),
    daysLeft: NumberFilter.optional(),
  })
  .strict();
export type WorklistFilterModel = z.infer<typeof WorklistFilters>;

export const WORKLIST_MAX_PAGE = 500;

export const WorklistQuery = z
  .object({
    scope: z.enum(WORKLIST_SCOPES),
    startRow: z.number().int().min(0),
    endRow: z.number().int().min(1),
    sort: z
      .array(z.object({ colId: z.enum(WORKLIST_SORT_COLUMNS), sort: z.enum(['asc', 'desc']) }).strict())
      .max(1)
      .default([]),
    filters: WorklistFilters.default({}),
    /** Free text over protocol number, applicant, codice fiscale and subject. */
    search: z.string().trim().max(200).default(''),
    /**
     * Keyset cursor: the last row of the previous block, as returned in `nextCursor`. When present
     * and the sort allows it, the page is read with a keyset seek instead of OFFSET.
     */
    cursor: z.string().max(500).nullable().default(null),
  })
  .strict()
  .refine((q) => q.endRow > q.startRow && q.endRow - q.startRow <= WORKLIST_MAX_PAGE, {
    message: 'page_size',
    path: ['endRow'],
  });
export type WorklistQueryInput = z.input<typeof WorklistQuery>;
export type WorklistQueryParsed = z.output<typeof WorklistQuery>;

/** The worklist counts matching rows up to this many; beyond it the total is "more than" this. */
export const WORKLIST_COUNT_LIMIT = 10_000;

export interface WorklistPage {
  rows: WorklistRow[];
  /**
   * Rows matching, counted for the first block only (null on later blocks), at most
   * WORKLIST_COUNT_LIMIT: when more match, `total` is that limit and `totalIsLowerBound` is true.
   */
  total: number | null;
  /** True when more than `total` rows match (the count stopped at WORKLIST_COUNT_LIMIT). */
  totalIsLowerBound: boolean;
  /** Cursor for the block that follows this one, or null at the end. */
  nextCursor: string | null;
}

export const instancesChannels = {
  'instances/worklist': channel<WorklistPage>()(WorklistQuery),
};
