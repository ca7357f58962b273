/**
 * Bulk actions on the cases ticked in a worklist: a manager reassigns them to a colleague with a
 * reason; anyone takes unassigned ones in charge. All or nothing: a refusal names each case.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { WorklistRow, WorklistScope } from '../../shared/api/instances';
import type { PersonLoad } from '../../shared/api/workload';
import { call } from '../api/client';
import { useSession } from '../api/hooks';
import { Notice } from '../components/Notice';
import { useI18n } from '../i18n/I18nProvider';
import { refusalText } from './DrillPanel';
import './workload.css';

export function WorklistBulkBar({ scope, selected, onDone }: { scope: WorklistScope; selected: readonly WorklistRow[]; onDone(): void }) {
  const { t } = useI18n();
  const { session } = useSession();
  const isManager = session?.role === 'manager';
  const [people, setPeople] = useState<PersonLoad[]>([]);
  const [assigneeId, setAssigneeId] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  useEffect(() => {
    if (!isManager) return;
    let current = true;
    void call('workload/loads', { officeId: null }).then((result) => {
      if (current && result.ok) setPeople(result.data);
    });
    return () => {
      current = false;
    };
  }, [isManager, outcome]);

  const open = selected.filter((row) => row.status !== 'withdrawn');
  const unassigned = open.filter((row) => row.assigneeName === null);

  const reassign = async (event: FormEvent) => {
    event.preventDefault();
    const person = people.find((p) => String(p.staffId) === assigneeId);
    if (!person) return setOutcome({ kind: 'error', text: t('workload.bulk.needPerson') });
    if (reason.trim().length < 5) return setOutcome({ kind: 'error', text: t('workload.bulk.needReason') });
    setBusy(true);
    const result = await call('workload/assign', {
      method: selected.length === 1 ? 'manual' : 'bulk',
      reason: reason.trim(),
      assignments: selected.map((row) => ({ instanceId: row.id, expectedVersion: row.version, assigneeId: person.staffId })),
    });
    setBusy(false);
    if (!result.ok)
      return setOutcome({ kind: 'error', text: t('workload.bulk.failed', { message: refusalText(result.error, selected, t) }) });
    setOutcome({ kind: 'success', text: t('workload.bulk.done', { count: result.data.assigned.length, name: person.name }) });
    setReason('');
    onDone();
  };

  const take = async () => {
    setBusy(true);
    const result = await call('workload/takeInCharge', {
      cases: unassigned.map((row) => ({ instanceId: row.id, expectedVersion: row.version })),
    });
    setBusy(false);
    if (!result.ok)
      return setOutcome({ kind: 'error', text: t('workload.bulk.failed', { message: refusalText(result.error, unassigned, t) }) });
    setOutcome({ kind: 'success', text: t('workload.bulk.taken', { count: result.data.taken.length }) });
    onDone();
  };

  return (
    <div className="workload-stack">
      {selected.length > 0 && (
        <form className="workload-bulk" onSubmit={(event) => void reassign(event)} data-testid="worklist-bulk">
          <span className="workload-bulk-count" data-testid="worklist-bulk-count">
            {t('workload.bulk.selected', { count: selected.length })}
          </span>
          {scope === 'unassigned' && unassigned.length > 0 && (
            <button type="button" className="btn" disabled={busy} onClick={() => void take()} data-testid="worklist-bulk-take">
              {t('workload.bulk.take', { count: unassigned.length })}
            </button>
          )}
          {isManager && (
            <>
              <label>
                <span>{t('workload.bulk.assignTo')}</span>
                <select
                  className="input"
                  value={assigneeId}
                  onChange={(event) => setAssigneeId(event.target.value)}
                  data-testid="worklist-bulk-person"
                >
                  <option value="">{t('workload.bulk.choose')}</option>
                  {people.map((person) => (
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
                  value={reason}
                  maxLength={4000}
                  placeholder={t('workload.bulk.reasonPlaceholder')}
                  onChange={(event) => setReason(event.target.value)}
                  data-testid="worklist-bulk-reason"
                />
              </label>
              <button type="submit" className="btn btn-primary" disabled={busy} data-testid="worklist-bulk-submit">
                {t('workload.bulk.submit')}
              </button>
            </>
          )}
        </form>
      )}
      {outcome && (
        <Notice kind={outcome.kind} testId="worklist-bulk-outcome" onClose={() => setOutcome(null)}>
          {outcome.text}
        </Notice>
      )}
    </div>
  );
}
