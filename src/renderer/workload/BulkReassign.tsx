/**
 * The bulk reassignment of ticked cases to a colleague with a reason, shared by the dashboard's
 * drill-down and the worklist: the choice of person (with their load, absent ones disabled), the
 * reason, and the all-or-nothing request whose refusal names each case and why.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { PersonLoad } from '../../shared/api/workload';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import { call } from '../api/client';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import type { Translate } from '../i18n/translate';

export interface BulkCase {
  id: number;
  version: number;
  protocolYear: number;
  protocolNumber: number;
}

export interface BulkOutcome {
  kind: 'success' | 'error';
  text: string;
}

/** The refusal of a bulk action in words, naming each case it concerns by its protocol number. */
export function refusalText(
  error: ApiError,
  rows: ReadonlyArray<Pick<BulkCase, 'id' | 'protocolYear' | 'protocolNumber'>>,
  t: Translate,
): string {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const perCase = (error.issues ?? [])
    .map((issue) => {
      const id = Number(issue.path.split('.')[1]);
      const row = byId.get(id);
      if (!row) return null;
      return t('workload.bulk.caseIssue', {
        protocol: formatProtocolNumber(row.protocolYear, row.protocolNumber),
        message: errorMessage({ code: error.code, reason: issue.reason }, t),
      });
    })
    .filter((text): text is string => text !== null);
  return perCase.length > 0 ? perCase.join(' ') : errorMessage(error, t);
}

/**
 * The state of a bulk bar: the people one may reassign to (loaded only when `canAssign`, and again
 * after each outcome so their loads stay current), the chosen person and reason, and the outcome of
 * the last action. `reassign` sends the ticked cases to the chosen person and calls `onAssigned`.
 */
export function useBulkReassign(canAssign: boolean, cases: readonly BulkCase[], onAssigned: () => void) {
  const { t } = useI18n();
  const [people, setPeople] = useState<PersonLoad[]>([]);
  const [assigneeId, setAssigneeId] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);

  useEffect(() => {
    if (!canAssign) return;
    let current = true;
    void call('workload/loads', { officeId: null }).then((result) => {
      if (current && result.ok) setPeople(result.data);
    });
    return () => {
      current = false;
    };
  }, [canAssign, outcome]);

  const reassign = async (event: FormEvent) => {
    event.preventDefault();
    const person = people.find((p) => String(p.staffId) === assigneeId);
    if (!person) return setOutcome({ kind: 'error', text: t('workload.bulk.needPerson') });
    if (reason.trim().length < 5) return setOutcome({ kind: 'error', text: t('workload.bulk.needReason') });
    setBusy(true);
    const result = await call('workload/assign', {
      method: cases.length === 1 ? 'manual' : 'bulk',
      reason: reason.trim(),
      assignments: cases.map((row) => ({ instanceId: row.id, expectedVersion: row.version, assigneeId: person.staffId })),
    });
    setBusy(false);
    if (!result.ok) return setOutcome({ kind: 'error', text: t('workload.bulk.failed', { message: refusalText(result.error, cases, t) }) });
    setOutcome({ kind: 'success', text: t('workload.bulk.done', { count: result.data.assigned.length, name: person.name }) });
    setReason('');
    onAssigned();
  };

  return { people, assigneeId, setAssigneeId, reason, setReason, busy, setBusy, outcome, setOutcome, reassign };
}

export type BulkReassign = ReturnType<typeof useBulkReassign>;

/** The person and reason fields and the submit button of a bulk bar, inside its form. */
export function BulkReassignFields({ bulk, testId, canSubmit }: { bulk: BulkReassign; testId: string; canSubmit: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <label>
        <span>{t('workload.bulk.assignTo')}</span>
        <select
          className="input"
          value={bulk.assigneeId}
          onChange={(event) => bulk.setAssigneeId(event.target.value)}
          data-testid={`${testId}-person`}
        >
          <option value="">{t('workload.bulk.choose')}</option>
          {bulk.people.map((person) => (
            <option key={person.staffId} value={person.staffId} disabled={person.absentToday}>
              {person.absentToday
                ? t('workload.bulk.absent', { name: person.name })
                : t('workload.bulk.option', { name: person.name, percent: `${Math.round(person.ratio * 100)}%` })}
            </option>
          ))}
        </select>
      </label>
      <label className="workload-bulk-reason">
        <span>{t('workload.bulk.reason')}</span>
        <input
          className="input"
          value={bulk.reason}
          maxLength={4000}
          placeholder={t('workload.bulk.reasonPlaceholder')}
          onChange={(event) => bulk.setReason(event.target.value)}
          data-testid={`${testId}-reason`}
        />
      </label>
      <button type="submit" className="btn btn-primary" disabled={bulk.busy || !canSubmit} data-testid={`${testId}-submit`}>
        {t('workload.bulk.submit')}
      </button>
    </>
  );
}

/** The outcome of the last bulk action, dismissable. */
export function BulkOutcomeNotice({ bulk, testId }: { bulk: BulkReassign; testId: string }) {
  if (!bulk.outcome) return null;
  return (
    <Notice kind={bulk.outcome.kind} testId={`${testId}-outcome`} onClose={() => bulk.setOutcome(null)}>
      {bulk.outcome.text}
    </Notice>
  );
}
