import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../domain/calendar';
import {
  ABSENCE_KINDS,
  AGEING_BUCKETS,
  ASSIGNMENT_METHODS,
  ASSIGNMENT_RULES,
  type AbsenceKind,
  type AgeingBucketId,
  type AssignmentMethod,
  type AssignmentRule,
  type LoadLevel,
} from '../domain/workload';
import type { UnplacedReason } from '../domain/workloadAssignment';
import { channel } from './channel';
import { WORKLIST_SCOPES, WORKLIST_SORT_COLUMNS, WorklistFilters, type WorklistRow } from './instances';
import type { NamedRef, StaffRole } from './session';

const id = z.number().int().positive();
const isoDay = z.string().refine(isIsoDate, 'iso_date');
const reasonText = z.string().trim().min(5, 'reason_too_short').max(4000);

// ------------------------------------------------------------------------------------------------
// Setup: load model, capacity, absences, competences, rules, the whole-ente grant

export interface WorkloadAbsence {
  id: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
  kind: AbsenceKind;
  note: string | null;
}

export interface WorkloadPerson {
  id: number;
  name: string;
  role: StaffRole;
  enabled: boolean;
  officeIds: number[];
  /** Part-time share, 1 = full time. */
  capacityShare: number;
  /** Procedure types the person handles. */
  competences: number[];
  /** Absences not yet over. */
  absences: WorkloadAbsence[];
  absentToday: boolean;
  /** Managers only: granted the whole ente's cases. */
  wholeEnte: boolean;
  /** Whether the signed-in user may change this person's capacity, competences and absences. */
  canManage: boolean;
}

export interface WorkloadOffice extends NamedRef {
  rule: AssignmentRule | null;
  byCompetence: boolean;
  canManage: boolean;
}

export interface WorkloadProcedure extends NamedRef {
  code: string;
  officeId: number;
  legalTermDays: number;
  weight: number;
  weightIsDefault: boolean;
  onlineAvailable: boolean;
  canManage: boolean;
}

export interface WorkloadSetup {
  fullTimePoints: number;
  /** Administrators set the ente's full-time points and grant managers the whole ente. */
  isAdministrator: boolean;
  offices: WorkloadOffice[];
  procedureTypes: WorkloadProcedure[];
  people: WorkloadPerson[];
}

export const SetFullTimePointsInput = z.object({ fullTimePoints: z.number().gt(0, 'points_range').max(1000, 'points_range') }).strict();
export const SetWeightInput = z
  .object({ procedureTypeId: id, weight: z.number().min(0.1, 'weight_range').max(50, 'weight_range').nullable() })
  .strict();
export const SetCapacityInput = z
  .object({ staffId: id, capacityShare: z.number().min(0.05, 'capacity_range').max(1, 'capacity_range') })
  .strict();
export const SetCompetencesInput = z.object({ staffId: id, procedureTypeIds: z.array(id).max(500) }).strict();
export const AddAbsenceInput = z
  .object({
    staffId: id,
    startsOn: isoDay,
    endsOn: isoDay,
    kind: z.enum(ABSENCE_KINDS),
    note: z.string().trim().max(500).nullable().default(null),
  })
  .strict()
  .refine((input) => input.endsOn >= input.startsOn, { message: 'absence_reversed', path: ['endsOn'] });
export const RemoveAbsenceInput = z.object({ absenceId: id }).strict();
export const SetOfficeRuleInput = z.object({ officeId: id, rule: z.enum(ASSIGNMENT_RULES).nullable(), byCompetence: z.boolean() }).strict();
export const SetWholeEnteInput = z.object({ staffId: id, granted: z.boolean() }).strict();

// ------------------------------------------------------------------------------------------------
// Loads

export interface PersonLoad {
  staffId: number;
  name: string;
  openCases: number;
  /** Open cases past their due date. */
  overdue: number;
  weightedLoad: number;
  capacityPoints: number;
  ratio: number;
  level: LoadLevel;
  absentToday: boolean;
}

export const LoadsInput = z.object({ officeId: id.nullable().default(null) }).strict();

// ------------------------------------------------------------------------------------------------
// Assignment

export const AssignmentItem = z.object({ instanceId: id, expectedVersion: id, assigneeId: id }).strict();

export const MAX_BULK_CASES = 500;

/** Manual (one case), bulk, automatic or absence cover: the same rules, all or nothing. */
export const AssignInput = z
  .object({
    method: z.enum(ASSIGNMENT_METHODS),
    rule: z.enum(ASSIGNMENT_RULES).nullable().default(null),
    reason: reasonText,
    assignments: z.array(AssignmentItem).min(1, 'no_cases').max(MAX_BULK_CASES, 'too_many_cases'),
  })
  .strict()
  .refine((input) => input.method !== 'manual' || input.assignments.length === 1, { message: 'manual_is_one_case', path: ['assignments'] })
  .refine((input) => new Set(input.assignments.map((a) => a.instanceId)).size === input.assignments.length, {
    message: 'duplicate_case',
    path: ['assignments'],
  });
export type AssignInputValue = z.input<typeof AssignInput>;

export interface AssignResult {
  batchId: number;
  assigned: Array<{ instanceId: number; assigneeId: number; version: number }>;
}

export const PlanInput = z.discriminatedUnion('kind', [
  /** The office's unassigned cases, most urgent first. */
  z.object({ kind: z.literal('unassigned'), officeId: id, limit: z.number().int().min(1).max(MAX_BULK_CASES).default(100) }).strict(),
  /** An absent person's urgent cases: overdue, due or turning into tacit approval within `withinDays`. */
  z.object({ kind: z.literal('absence'), staffId: id, withinDays: z.number().int().min(0).max(60).default(7) }).strict(),
  /** Chosen cases, redistributed by their offices' rules. */
  z.object({ kind: z.literal('cases'), instanceIds: z.array(id).min(1, 'no_cases').max(MAX_BULK_CASES, 'too_many_cases') }).strict(),
]);
export type PlanInputValue = z.input<typeof PlanInput>;

export interface PlanItem {
  instanceId: number;
  expectedVersion: number;
  protocolYear: number;
  protocolNumber: number;
  procedureName: string;
  officeId: number;
  dueDate: IsoDate;
  tacitApprovalOn: IsoDate | null;
  from: NamedRef | null;
  to: NamedRef | null;
  /** The person's load goes over capacity with this case (allowed only to cover urgent cases). */
  overCapacity: boolean;
  /** Why nobody could take it (then `to` is null). */
  unplacedReason: UnplacedReason | null;
}

export interface AssignmentPlanView {
  method: Extract<AssignmentMethod, 'automatic' | 'absence_cover'>;
  /** The rule of the office, when all the cases belong to one office. */
  rule: AssignmentRule | null;
  items: PlanItem[];
}

// ------------------------------------------------------------------------------------------------
// Dashboard

export const DashboardScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ente') }).strict(),
  z.object({ kind: z.literal('office'), officeId: id }).strict(),
  z.object({ kind: z.literal('person'), staffId: id }).strict(),
  z.object({ kind: z.literal('procedure'), procedureTypeId: id }).strict(),
]);
export type DashboardScopeValue = z.infer<typeof DashboardScope>;

export const DashboardQuery = z
  .object({
    scope: DashboardScope,
    from: isoDay,
    to: isoDay,
    /** Tacit-approval risk: cases that become silenzio-assenso within this many days. */
    riskDays: z.number().int().min(1, 'risk_days_range').max(60, 'risk_days_range').default(10),
  })
  .strict();
export type DashboardQueryValue = z.input<typeof DashboardQuery>;
export type DashboardQueryParsed = z.output<typeof DashboardQuery>;

export const DUE_SOON_DAYS = 7;

/** The situation today of the open cases in scope. */
export interface DashboardSnapshot {
  open: number;
  unassigned: number;
  /** Clock paused (suspended or interrupted) today. */
  paused: number;
  overdue: number;
  dueWithin7: number;
  tacitRisk: number;
  /** Silence has already become acceptance (tacit approval date passed) and the case is still open. */
  tacitMatured: number;
  ageing: Array<{ bucket: AgeingBucketId; count: number }>;
}

/** What happened in the period. */
export interface DashboardFlow {
  received: number;
  closed: number;
  withdrawn: number;
  decided: number;
  decidedWithinTerm: number;
  withinTermShare: number | null;
  /** Days from receipt to decision, median over the cases decided in the period. */
  medianLeadDays: number | null;
  /** The legal terms of the same cases, median: what the lead time is measured against. */
  medianLegalTermDays: number | null;
  /** Decided cases whose history has a request for integration (art. 2 c.7), a preavviso (art. 10-bis), a conformation request (art. 19 c.3). */
  decidedAfterIntegration: number;
  decidedAfterPreavviso: number;
  decidedAfterConformation: number;
}

export interface DashboardWeek {
  /** Monday of the week. */
  week: IsoDate;
  received: number;
  closed: number;
  decided: number;
}

export interface DashboardProcedure {
  procedureTypeId: number;
  name: string;
  legalTermDays: number;
  decided: number;
  decidedWithinTerm: number;
  medianLeadDays: number | null;
}

export interface TacitRiskCase {
  id: number;
  protocolYear: number;
  protocolNumber: number;
  procedureName: string;
  applicantName: string;
  assigneeName: string | null;
  dueDate: IsoDate;
  tacitApprovalOn: IsoDate;
  daysToTacit: number;
}

export const TACIT_RISK_LIST_LIMIT = 200;

export interface Dashboard {
  scope: DashboardScopeValue & { name: string };
  from: IsoDate;
  to: IsoDate;
  today: IsoDate;
  riskDays: number;
  snapshot: DashboardSnapshot;
  flow: DashboardFlow;
  weekly: DashboardWeek[];
  byProcedure: DashboardProcedure[];
  people: PersonLoad[];
  /** Open cases that become silenzio-assenso within riskDays, soonest first (at most TACIT_RISK_LIST_LIMIT). */
  tacitRisk: TacitRiskCase[];
}

export const SNAPSHOT_METRICS = ['open', 'unassigned', 'paused', 'overdue', 'dueWithin7', 'tacitRisk', 'tacitMatured'] as const;
export const FLOW_METRICS = [
  'received',
  'closed',
  'withdrawn',
  'decided',
  'decidedWithinTerm',
  'decidedLate',
  'decidedAfterIntegration',
  'decidedAfterPreavviso',
  'decidedAfterConformation',
] as const;
export const DRILL_METRICS = [...SNAPSHOT_METRICS, ...FLOW_METRICS] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];
export type SnapshotMetric = (typeof SNAPSHOT_METRICS)[number];
export type FlowMetric = (typeof FLOW_METRICS)[number];

export function isSnapshotMetric(metric: DrillMetric): metric is SnapshotMetric {
  return (SNAPSHOT_METRICS as readonly string[]).includes(metric);
}

/** One bar or point of the dashboard: a metric, narrowed to an age band, a week, a procedure or a person. */
export const Drill = z
  .object({
    metric: z.enum(DRILL_METRICS),
    ageing: z.enum(AGEING_BUCKETS.map((b) => b.id) as [AgeingBucketId, ...AgeingBucketId[]]).optional(),
    week: isoDay.optional(),
    procedureTypeId: id.optional(),
    staffId: id.optional(),
  })
  .strict()
  .refine((drill) => drill.ageing === undefined || isSnapshotMetric(drill.metric), { message: 'drill_ageing_open_only', path: ['ageing'] })
  .refine((drill) => drill.week === undefined || !isSnapshotMetric(drill.metric), { message: 'drill_week_period_only', path: ['week'] });
export type DrillValue = z.infer<typeof Drill>;

export const DRILL_MAX_PAGE = 500;

export const DrillQuery = z
  .object({
    query: DashboardQuery,
    drill: Drill,
    startRow: z.number().int().min(0),
    endRow: z.number().int().min(1),
  })
  .strict()
  .refine((q) => q.endRow > q.startRow && q.endRow - q.startRow <= DRILL_MAX_PAGE, { message: 'page_size', path: ['endRow'] });
export type DrillQueryValue = z.input<typeof DrillQuery>;

export interface DrillRow extends WorklistRow {
  officeId: number;
  assigneeId: number | null;
  tacitApprovalOn: IsoDate | null;
  decidedAt: string | null;
  closedAt: string | null;
}

export interface DrillPage {
  rows: DrillRow[];
  /** Counted for the first block only (null later). */
  total: number | null;
}

export const EXPORT_FORMATS = ['csv', 'pdf'] as const;
export const DashboardExportInput = z.object({ query: DashboardQuery, format: z.enum(EXPORT_FORMATS) }).strict();

export interface ExportFile {
  filename: string;
  contentType: string;
  contentBase64: string;
}

// ------------------------------------------------------------------------------------------------
// Digitisation monitoring (aggregates only, fit to publish as open data)

export const DigitisationQuery = z.object({ from: isoDay, to: isoDay }).strict();
/** Open-data files: the whole report as JSON, or one of its two tables as CSV (fields documented in docs/open-data). */
export const DIGITISATION_EXPORT_FORMATS = ['json', 'csv_procedures', 'csv_months'] as const;
export const DigitisationExportInput = z.object({ from: isoDay, to: isoDay, format: z.enum(DIGITISATION_EXPORT_FORMATS) }).strict();

export interface DigitisationProcedure {
  code: string;
  name: string;
  office: string;
  legalTermDays: number;
  onlineAvailable: boolean;
  received: number;
  receivedOnline: number;
  decided: number;
  decidedWithinTerm: number;
  medianLeadDays: number | null;
}

export interface DigitisationMonth {
  /** 'YYYY-MM'. */
  month: string;
  online: number;
  pec: number;
  desk: number;
  total: number;
  onlineShare: number | null;
}

export interface DigitisationReport {
  ente: { name: string; istatCode: string; ipaCode: string };
  /** False when the reader sees only some offices: the figures then cover those offices only. */
  wholeEnte: boolean;
  from: IsoDate;
  to: IsoDate;
  generatedAt: string;
  catalogue: { procedures: number; onlineProcedures: number; onlineShare: number | null };
  received: { total: number; online: number; pec: number; desk: number; onlineShare: number | null };
  months: DigitisationMonth[];
  procedures: DigitisationProcedure[];
}

// ------------------------------------------------------------------------------------------------
// Worklists: saved views, bulk taking in charge

/** What a worklist view remembers: filters (as the worklist accepts them), sort, columns, search. */
export const WorklistViewState = z
  .object({
    filter: WorklistFilters.optional(),
    sort: z
      .array(z.object({ colId: z.enum(WORKLIST_SORT_COLUMNS), sort: z.enum(['asc', 'desc']) }).strict())
      .max(1)
      .optional(),
    columns: z
      .array(
        z
          .object({
            colId: z.string().min(1).max(40),
            width: z.number().int().min(20).max(2000).optional(),
            hide: z.boolean().optional(),
          })
          .strict(),
      )
      .max(40)
      .optional(),
    search: z.string().max(200).optional(),
  })
  .strict();
export type WorklistViewStateValue = z.infer<typeof WorklistViewState>;

export interface WorklistView {
  id: number;
  name: string;
  state: WorklistViewStateValue;
  /** The worklist opens with this view. */
  isDefault: boolean;
}

/** How the person left the worklist last time, and the saved view it came from (if any). */
export interface RememberedWorklistView {
  state: WorklistViewStateValue;
  viewId: number | null;
}

export interface WorklistViews {
  views: WorklistView[];
  /** The worklist reopens so, unless the person chose a view to open with. */
  remembered: RememberedWorklistView | null;
}

export const MAX_SAVED_VIEWS = 30;

const scopeInput = z.enum(WORKLIST_SCOPES);
export const ViewsInput = z.object({ scope: scopeInput }).strict();
export const SaveViewInput = z
  .object({
    scope: scopeInput,
    name: z.string().trim().min(1, 'view_name_empty').max(60, 'view_name_too_long'),
    state: WorklistViewState,
    isDefault: z.boolean().default(false),
  })
  .strict();
/** Which saved view the worklist opens with; null: the standard one. */
export const DefaultViewInput = z.object({ scope: scopeInput, id: id.nullable() }).strict();
export const DeleteViewInput = z.object({ scope: scopeInput, id }).strict();
/** The worklist's state as the person leaves it, kept for their next sign-in. */
export const RememberViewInput = z.object({ scope: scopeInput, state: WorklistViewState, viewId: id.nullable() }).strict();

export const TakeInChargeInput = z
  .object({
    cases: z
      .array(z.object({ instanceId: id, expectedVersion: id }).strict())
      .min(1, 'no_cases')
      .max(MAX_BULK_CASES, 'too_many_cases'),
  })
  .strict()
  .refine((input) => new Set(input.cases.map((c) => c.instanceId)).size === input.cases.length, {
    message: 'duplicate_case',
    path: ['cases'],
  });

export interface TakeInChargeResult {
  taken: Array<{ instanceId: number; version: number }>;
}

export const workloadChannels = {
  'workload/setup': channel<WorkloadSetup>()(z.object({}).strict()),
  'workload/setFullTimePoints': channel<WorkloadSetup>()(SetFullTimePointsInput),
  'workload/setWeight': channel<WorkloadSetup>()(SetWeightInput),
  'workload/setCapacity': channel<WorkloadSetup>()(SetCapacityInput),
  'workload/setCompetences': channel<WorkloadSetup>()(SetCompetencesInput),
  'workload/addAbsence': channel<WorkloadSetup>()(AddAbsenceInput),
  'workload/removeAbsence': channel<WorkloadSetup>()(RemoveAbsenceInput),
  'workload/setOfficeRule': channel<WorkloadSetup>()(SetOfficeRuleInput),
  'workload/setWholeEnte': channel<WorkloadSetup>()(SetWholeEnteInput),
  'workload/loads': channel<PersonLoad[]>()(LoadsInput),
  'workload/myLoad': channel<PersonLoad>()(z.object({}).strict()),
  'workload/plan': channel<AssignmentPlanView>()(PlanInput),
  'workload/assign': channel<AssignResult>()(AssignInput),
  'workload/dashboard': channel<Dashboard>()(DashboardQuery),
  'workload/cases': channel<DrillPage>()(DrillQuery),
  'workload/export': channel<ExportFile>()(DashboardExportInput),
  'workload/digitisation': channel<DigitisationReport>()(DigitisationQuery),
  'workload/digitisationExport': channel<ExportFile>()(DigitisationExportInput),
  'workload/views': channel<WorklistViews>()(ViewsInput),
  'workload/saveView': channel<WorklistViews>()(SaveViewInput),
  'workload/defaultView': channel<WorklistViews>()(DefaultViewInput),
  'workload/deleteView': channel<WorklistViews>()(DeleteViewInput),
  'workload/rememberView': channel<RememberedWorklistView>()(RememberViewInput),
  'workload/takeInCharge': channel<TakeInChargeResult>()(TakeInChargeInput),
};
