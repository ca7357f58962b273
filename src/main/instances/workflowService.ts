import type { Knex } from 'knex';
import type { CaseAction, CaseDetail, CaseEvent } from '../../shared/api/cases';
import type { StaffRole } from '../../shared/api/session';
import { addDays, todayInRome, type IsoDate } from '../../shared/domain/calendar';
import { decisionTemplateCode, type MessageTemplateCode, type TemplateValues } from '../../shared/domain/messageTemplates';
import { isClockError, type ProcedureClock } from '../../shared/domain/procedureClock';
import { formatItalianDate } from '../../shared/domain/procedureClockSteps';
import { availableActions, checkAction, type CaseFacts, type InstanceStatus, type WorkflowAction } from '../../shared/domain/workflow';
import { AppError } from '../api/appError';
import { addDocument } from '../documents/service';
import { queueMessage } from '../mail/outbox';
import { clockOfCase } from './caseClock';
import {
  insertCaseEvent,
  selectAssignees,
  selectCase,
  selectCaseEvents,
  updateCaseAtVersion,
  type CaseChanges,
  type CaseRow,
} from './caseQueries';

export interface Actor {
  staffId: number;
  role: StaffRole;
}

function factsOf(row: CaseRow, history: readonly CaseEvent[], actor: Actor): CaseFacts {
  return {
    status: row.status,
    closed: row.closed_at !== null,
    clockRule: row.clock_rule,
    integrationAlreadyRequested: history.some((event) => event.action === 'request_integration'),
    preavvisoSent: history.some((event) => event.action === 'send_preavviso'),
    holder: row.assignee_id === null ? 'nobody' : row.assignee_id === actor.staffId ? 'me' : 'other',
  };
}

function toDetail(row: CaseRow, history: CaseEvent[], clock: ProcedureClock, actor: Actor): CaseDetail {
  const facts = factsOf(row, history, actor);
  return {
    id: Number(row.id),
    version: row.version,
    status: row.status,
    channel: row.channel,
    subject: row.subject,
    receivedAt: row.received_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    protocol: {
      year: row.protocol_year,
      number: row.protocol_number,
      registeredAt: row.registered_at?.toISOString() ?? null,
      segnatura: row.segnatura,
    },
    applicant: {
      kind: row.applicant_person_id !== null ? 'person' : 'business',
      id: Number(row.applicant_person_id ?? row.applicant_business_id),
      name: row.applicant_name,
      taxCode: row.applicant_tax_code,
      email: row.applicant_email,
      pec: row.applicant_pec,
    },
    procedure: {
      id: row.procedure_type_id,
      code: row.procedure_code,
      name: row.procedure_name,
      clockRule: row.clock_rule,
      legalTermDays: row.legal_term_days,
      legalReference: row.legal_reference,
    },
    office: { id: row.office_id, name: row.office_name },
    assignee: row.assignee_id === null ? null : { id: row.assignee_id, name: row.assignee_name ?? '' },
    fascicolo:
      row.fascicolo_identifier === null
        ? null
        : {
            identifier: row.fascicolo_identifier,
            classificationCode: row.classification_code ?? '',
            classificationTitle: row.classification_title ?? '',
            openedOn: row.fascicolo_opened_on ?? '',
            closedOn: row.fascicolo_closed_on,
          },
    clock,
    actions: availableActions(facts, actor.role),
    integrationAlreadyRequested: facts.integrationAlreadyRequested,
    preavvisoSent: facts.preavvisoSent,
    history,
  };
}

function clockOrRefusal(row: CaseRow, history: readonly CaseEvent[], today: IsoDate): ProcedureClock {
  try {
    return clockOfCase(row, history, today);
  } catch (error) {
    if (isClockError(error)) throw new AppError('validation', error.message, `clock_${error.code}`);
    throw error;
  }
}

/** The case with its history, clock and the actions the user may take; `not_found` when not visible. */
export async function getCase(db: Knex | Knex.Transaction, instanceId: number, actor: Actor): Promise<CaseDetail> {
  const row = await selectCase(db, instanceId);
  if (!row) throw new AppError('not_found', 'No such case', 'case_not_found');
  const history = await selectCaseEvents(db, instanceId);
  return toDetail(row, history, clockOrRefusal(row, history, todayInRome()), actor);
}

function targetStatus(action: CaseAction, current: InstanceStatus): InstanceStatus {
  switch (action.action) {
    case 'take_in_charge':
    case 'receive_integration':
    case 'receive_observations':
    case 'receive_conformation':
      return 'in_progress';
    case 'request_integration':
      return 'suspended';
    case 'send_preavviso':
      return 'awaiting_observations';
    case 'request_conformation':
      return 'awaiting_conformation';
    case 'decide':
      return action.outcome;
    case 'withdraw':
      return 'withdrawn';
    case 'assign':
    case 'close':
    case 'add_note':
      return current;
  }
}

const REFUSAL_CODES: Record<string, 'forbidden' | 'conflict' | 'validation'> = {
  not_allowed_for_role: 'forbidden',
  not_holder: 'forbidden',
  not_allowed_in_status: 'conflict',
  case_closed: 'conflict',
  integration_already_requested: 'conflict',
  conformation_only_for_scia: 'validation',
  integration_not_for_scia: 'validation',
  preavviso_not_for_scia: 'validation',
  preavviso_required: 'conflict',
};

/** The letter a step sends the applicant, and the values it fills in. */
function messageFor(action: CaseAction, effectiveOn: IsoDate): { template: MessageTemplateCode; values: TemplateValues } | null {
  switch (action.action) {
    case 'request_integration':
      return {
        template: 'integration_request',
        values: { documenti: action.reason, termine: formatItalianDate(addDays(effectiveOn, action.answerWithinDays)) },
      };
    case 'send_preavviso':
      // Art. 10-bis: ten days to submit observations.
      return {
        template: 'preavviso_rigetto',
        values: { motivazione: action.reason, termine: formatItalianDate(addDays(effectiveOn, 10)) },
      };
    case 'request_conformation':
      return {
        template: 'scia_conformation',
        values: {
          motivazione: action.reason,
          prescrizioni: action.measures,
          termine: formatItalianDate(addDays(effectiveOn, action.answerWithinDays)),
        },
      };
    case 'decide':
      return {
        template: decisionTemplateCode(action.outcome),
        values: { motivazione: action.reason, data_conclusione: formatItalianDate(effectiveOn) },
      };
    default:
      return null;
  }
}

function reasonOf(action: CaseAction): string | null {
  if ('reason' in action) return action.reason;
  if ('note' in action) return action.note ?? null;
  if ('text' in action) return action.text;
  return null;
}

function checkEffectiveDay(effectiveOn: IsoDate, today: IsoDate, history: readonly CaseEvent[]): void {
  if (effectiveOn > today) throw new AppError('validation', 'Date in the future', 'date_in_future');
  const last = history.at(-1);
  if (last && effectiveOn < last.effectiveOn)
    throw new AppError('validation', 'Date before the last step of the case', 'date_before_last_step');
}

async function conflictWithLatest(db: Knex, instanceId: number): Promise<never> {
  const history = await selectCaseEvents(db, instanceId);
  const latest = history.at(-1);
  const who = latest ? `${latest.actorName ?? latest.actorLogin} (${latest.action}, ${latest.occurredAt})` : 'another user';
  throw new AppError('conflict', `The case was changed meanwhile by ${who}`, 'case_changed');
}

/**
 * Takes one step of the workflow on a case, in one transaction: checks the version the user saw
 * (a colleague's change in between is a `case_changed` conflict, nothing is overwritten), the
 * status, role and rules of law, records the step in the history, recomputes the procedure
 * clock, and writes what the step brings with it (the letter to the applicant, the outcome
 * document, the fascicolo's closing date). The database enforces the same transitions again.
 */
export async function actOnCase(db: Knex, action: CaseAction, actor: Actor): Promise<CaseDetail> {
  const today = todayInRome();
  await db.transaction(async (trx) => {
    const row = await selectCase(trx, action.instanceId, { forUpdate: true });
    if (!row) throw new AppError('not_found', 'No such case', 'case_not_found');
    if (row.version !== action.expectedVersion) return conflictWithLatest(db, action.instanceId);
    const history = await selectCaseEvents(trx, action.instanceId);
    const to = targetStatus(action, row.status);
    const refusal = checkAction(action.action as WorkflowAction, factsOf(row, history, actor), actor.role, to);
    if (refusal) throw new AppError(REFUSAL_CODES[refusal] ?? 'forbidden', `Action ${action.action} refused: ${refusal}`, refusal);

    const effectiveOn = 'effectiveOn' in action && action.effectiveOn ? action.effectiveOn : today;
    checkEffectiveDay(effectiveOn, today, history);
    const details: Record<string, unknown> = {};
    if ('answerWithinDays' in action) details.answerWithinDays = action.answerWithinDays;
    if ('measures' in action) details.measures = action.measures;

    const changes: CaseChanges = {};
    if (to !== row.status) changes.status = to;
    if (action.action === 'take_in_charge') changes.assignee_id = actor.staffId;
    if (action.action === 'assign') {
      const candidates = await selectAssignees(trx, row.office_id);
      const assignee = candidates.find((candidate) => candidate.id === action.assigneeId);
      if (!assignee) throw new AppError('validation', 'The person cannot hold cases of this office', 'assignee_not_eligible');
      if (assignee.id === row.assignee_id) throw new AppError('validation', 'Already assigned to this person', 'assignee_unchanged');
      changes.assignee_id = assignee.id;
      details.from = row.assignee_name;
      details.to = assignee.name;
    }
    if (action.action === 'decide') changes.decided_at = trx.raw('now()');
    if (action.action === 'close' || action.action === 'withdraw') changes.closed_at = trx.raw('now()');

    const newEvent: CaseEvent = {
      id: 0,
      occurredAt: new Date().toISOString(),
      effectiveOn,
      action: action.action,
      fromStatus: row.status,
      toStatus: to,
      actorName: null,
      actorLogin: '',
      reason: reasonOf(action),
      details,
    };
    const clock = clockOrRefusal(row, [...history, newEvent], today);
    if (action.action !== 'add_note' && action.action !== 'assign') {
      changes.due_date = clock.dueDate ?? row.due_date;
      changes.tacit_approval_on = clock.tacitApprovalOn;
      changes.clock_state = clock.status;
    }

    if (action.action === 'decide') {
      const outcome = await addDocument(trx, {
        instanceId: row.id,
        title: 'Provvedimento finale',
        kind: 'outcome',
        filename: action.document.filename,
        bytes: Buffer.from(action.document.contentBase64, 'base64'),
        confidential: false,
      });
      details.outcomeDocumentId = outcome.id;
    }
    const letter = messageFor(action, effectiveOn);
    if (letter) {
      try {
        const message = await queueMessage(trx, { instanceId: row.id, templateCode: letter.template, values: letter.values });
        details.messageId = message.id;
      } catch (error) {
        // No PEC or e-mail on record: the step stands, and the case says the letter goes by post.
        if (error instanceof AppError && error.reason === 'no_recipient_address') details.communication = 'by_post';
        else throw error;
      }
    }
    if (action.action === 'close') {
      await trx('scrivania.fascicoli')
        .whereIn('id', trx('scrivania.instances').where({ id: row.id }).select('fascicolo_id'))
        .update({ closed_on: today });
    }

    await insertCaseEvent(trx, {
      enteId: row.ente_id,
      instanceId: row.id,
      action: action.action,
      fromStatus: row.status,
      toStatus: to,
      effectiveOn,
      reason: newEvent.reason,
      details,
    });
    if (Object.keys(changes).length > 0 || action.action === 'add_note') {
      // A note changes nothing on the case but still bumps its version, so open screens refresh.
      const applied = await updateCaseAtVersion(
        trx,
        row.id,
        row.version,
        Object.keys(changes).length > 0 ? changes : { status: row.status },
      );
      if (!applied) return conflictWithLatest(db, action.instanceId);
    }
  });
  return getCase(db, action.instanceId, actor);
}

export async function listAssignees(db: Knex, instanceId: number) {
  const row = await selectCase(db, instanceId);
  if (!row) throw new AppError('not_found', 'No such case', 'case_not_found');
  return selectAssignees(db, row.office_id);
}
