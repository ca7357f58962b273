import type { CaseEvent } from '../../shared/api/cases';
import { computeProcedureClock, type ClockEvent, type ProcedureClock } from '../../shared/domain/procedureClock';
import { todayInRome } from '../../shared/domain/calendar';
import type { CaseRow } from './caseQueries';

/** The history entries that move the procedure clock, as the clock reads them. */
export function clockEventsOf(history: readonly Pick<CaseEvent, 'action' | 'effectiveOn' | 'details'>[]): ClockEvent[] {
  const events: ClockEvent[] = [];
  for (const event of history) {
    const on = event.effectiveOn;
    switch (event.action) {
      case 'request_integration':
        events.push({ type: 'integration_requested', on });
        break;
      case 'receive_integration':
        events.push({ type: 'integration_received', on });
        break;
      case 'send_preavviso':
        events.push({ type: 'preavviso_sent', on });
        break;
      case 'receive_observations':
        events.push({ type: 'observations_received', on });
        break;
      case 'request_conformation':
        events.push({ type: 'conformation_requested', on, answerWithinDays: Number(event.details.answerWithinDays ?? 30) });
        break;
      case 'receive_conformation':
        events.push({ type: 'conformation_answered', on });
        break;
      case 'decide':
        events.push({ type: 'decided', on });
        break;
      case 'withdraw':
        events.push({ type: 'withdrawn', on });
        break;
      default:
        break;
    }
  }
  return events;
}

/** What of a case the clock reads: the catalogue's rules, the case's exclusion, receipt, the ente's patron day. */
export type ClockCaseRow = Pick<
  CaseRow,
  'legal_term_days' | 'clock_rule' | 'suspension_allowed' | 'integration_regime' | 'tacit_approval_excluded' | 'received_at' | 'patron_day'
>;

/** The case's procedure clock read on `today`, from the catalogue's rules and the case's history. */
export function clockOfCase(
  row: ClockCaseRow,
  history: readonly Pick<CaseEvent, 'action' | 'effectiveOn' | 'details'>[],
  today = todayInRome(),
): ProcedureClock {
  return computeProcedureClock({
    legalTermDays: row.legal_term_days,
    clockRule: row.clock_rule,
    suspensionAllowed: row.suspension_allowed,
    integrationRegime: row.integration_regime,
    tacitApprovalExcluded: row.tacit_approval_excluded,
    receivedOn: todayInRome(row.received_at),
    ...(row.patron_day ? { patronDay: row.patron_day } : {}),
    events: clockEventsOf(history),
    today,
  });
}
