import type { Knex } from 'knex';
import type { Assignee, CaseEvent } from '../../shared/api/cases';
import type { IntakeChannel } from '../../shared/api/instances';
import type { ClockRule } from '../../shared/domain/procedureClock';
import type { InstanceStatus } from '../../shared/domain/workflow';

type Db = Knex | Knex.Transaction;

export interface CaseRow {
  id: number;
  ente_id: number;
  version: number;
  status: InstanceStatus;
  channel: IntakeChannel;
  subject: string;
  received_at: Date;
  decided_at: Date | null;
  closed_at: Date | null;
  due_date: string;
  protocol_year: number;
  protocol_number: number;
  registered_at: Date | null;
  segnatura: string | null;
  applicant_person_id: number | null;
  applicant_business_id: number | null;
  applicant_name: string;
  applicant_tax_code: string;
  applicant_email: string | null;
  applicant_pec: string | null;
  procedure_type_id: number;
  procedure_code: string;
  procedure_name: string;
  clock_rule: ClockRule;
  legal_term_days: number;
  legal_reference: string;
  suspension_allowed: boolean;
  integration_regime: 'suspension' | 'interruption';
  tacit_approval_excluded: boolean;
  office_id: number;
  office_name: string;
  assignee_id: number | null;
  assignee_name: string | null;
  patron_day: string | null;
  fascicolo_identifier: string | null;
  classification_code: string | null;
  classification_title: string | null;
  fascicolo_opened_on: string | null;
  fascicolo_closed_on: string | null;
}

/** A case as the signed-in role may see it (row-level security decides); `forUpdate` locks it. */
export async function selectCase(db: Db, instanceId: number, options: { forUpdate?: boolean } = {}): Promise<CaseRow | null> {
  const query = db('scrivania.instances as i')
    .join('scrivania.procedure_types as p', 'p.id', 'i.procedure_type_id')
    .join('scrivania.offices as o', 'o.id', 'i.office_id')
    .join('scrivania.enti as e', 'e.id', 'i.ente_id')
    .leftJoin('scrivania.staff as s', 's.id', 'i.assignee_id')
    .leftJoin('scrivania.persons as pe', 'pe.id', 'i.applicant_person_id')
    .leftJoin('scrivania.businesses as b', 'b.id', 'i.applicant_business_id')
    .leftJoin('scrivania.fascicoli as f', 'f.id', 'i.fascicolo_id')
    .leftJoin('scrivania.classifications as c', 'c.id', 'f.classification_id')
    .where('i.id', instanceId)
    .first(
      'i.id',
      'i.ente_id',
      'i.version',
      'i.status',
      'i.channel',
      'i.subject',
      'i.received_at',
      'i.decided_at',
      'i.closed_at',
      'i.due_date',
      'i.protocol_year',
      'i.protocol_number',
      db.raw(
        `(SELECT pr.registered_at FROM scrivania.protocol_entries pr
           WHERE pr.register_id = i.protocol_register_id AND pr.year = i.protocol_year AND pr.number = i.protocol_number) AS registered_at`,
      ),
      db.raw(
        `(SELECT pr.segnatura FROM scrivania.protocol_entries pr
           WHERE pr.register_id = i.protocol_register_id AND pr.year = i.protocol_year AND pr.number = i.protocol_number) AS segnatura`,
      ),
      'i.applicant_person_id',
      'i.applicant_business_id',
      'i.applicant_name',
      'i.applicant_tax_code',
      db.raw('coalesce(pe.email, b.email) AS applicant_email'),
      db.raw('coalesce(pe.pec, b.pec) AS applicant_pec'),
      'i.procedure_type_id',
      'i.procedure_code',
      'i.procedure_name',
      'p.clock_rule',
      'p.legal_term_days',
      'p.legal_reference',
      'p.suspension_allowed',
      'p.integration_regime',
      'i.tacit_approval_excluded',
      'i.office_id',
      'o.name as office_name',
      'i.assignee_id',
      's.full_name as assignee_name',
      'e.patron_day',
      'f.identifier as fascicolo_identifier',
      'c.code as classification_code',
      'c.title as classification_title',
      'f.opened_on as fascicolo_opened_on',
      'f.closed_on as fascicolo_closed_on',
    );
  if (options.forUpdate) query.forUpdate('i');
  return ((await query) as CaseRow | undefined) ?? null;
}

interface EventRow {
  id: number;
  occurred_at: Date;
  effective_on: string;
  action: string;
  from_status: InstanceStatus | null;
  to_status: InstanceStatus | null;
  actor_name: string | null;
  actor_login: string;
  reason: string | null;
  details: Record<string, unknown>;
}

export async function selectCaseEvents(db: Db, instanceId: number): Promise<CaseEvent[]> {
  const rows = (await db('scrivania.instance_events as ev')
    .leftJoin('scrivania.staff as s', 's.id', 'ev.actor_staff_id')
    .where('ev.instance_id', instanceId)
    .orderBy('ev.id')
    .select(
      'ev.id',
      'ev.occurred_at',
      'ev.effective_on',
      'ev.action',
      'ev.from_status',
      'ev.to_status',
      's.full_name as actor_name',
      'ev.actor_login',
      'ev.reason',
      'ev.details',
    )) as EventRow[];
  return rows.map((row) => ({
    id: Number(row.id),
    occurredAt: row.occurred_at.toISOString(),
    effectiveOn: row.effective_on,
    action: row.action,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    actorName: row.actor_name,
    actorLogin: row.actor_login,
    reason: row.reason,
    details: row.details,
  }));
}

export interface NewCaseEvent {
  enteId: number;
  instanceId: number;
  action: string;
  fromStatus: InstanceStatus;
  toStatus: InstanceStatus;
  effectiveOn: string;
  reason: string | null;
  details: Record<string, unknown>;
}

export async function insertCaseEvent(trx: Knex.Transaction, event: NewCaseEvent): Promise<void> {
  await trx('scrivania.instance_events').insert({
    ente_id: event.enteId,
    instance_id: event.instanceId,
    action: event.action,
    from_status: event.fromStatus,
    to_status: event.toStatus,
    effective_on: event.effectiveOn,
    reason: event.reason,
    details: JSON.stringify(event.details),
  });
}

export interface CaseChanges {
  status?: InstanceStatus;
  assignee_id?: number | null;
  decided_at?: Knex.Raw;
  closed_at?: Knex.Raw;
  due_date?: string | null;
  tacit_approval_on?: string | null;
  clock_state?: string;
}

/** Applies a change if the case is still at the version the user saw; false when someone got there first. */
export async function updateCaseAtVersion(
  trx: Knex.Transaction,
  instanceId: number,
  version: number,
  changes: CaseChanges,
): Promise<boolean> {
  const updated = await trx('scrivania.instances').where({ id: instanceId, version }).update(changes);
  return updated === 1;
}

/** Colleagues who may hold the case: enabled staff of its office who process cases. */
export async function selectAssignees(db: Db, officeId: number): Promise<Assignee[]> {
  const rows = (await db('scrivania.staff as s')
    .join('scrivania.staff_offices as so', 'so.staff_id', 's.id')
    .where({ 'so.office_id': officeId, 's.enabled': true })
    .whereIn('s.role', ['clerk', 'technician', 'manager'])
    .orderBy('s.full_name')
    .select(
      's.id',
      's.full_name',
      's.role',
      db.raw(`(SELECT count(*) FROM scrivania.instances i WHERE i.assignee_id = s.id AND i.closed_at IS NULL)::integer AS open_cases`),
    )) as { id: number; full_name: string; role: string; open_cases: number }[];
  return rows.map((row) => ({ id: row.id, name: row.full_name, role: row.role, openCases: row.open_cases }));
}
