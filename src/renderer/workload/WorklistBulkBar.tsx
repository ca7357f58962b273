/**
 * Bulk actions on the cases ticked in a worklist: a manager reassigns them to a colleague with a
 * reason; anyone takes unassigned ones in charge. All or nothing: a refusal names each case.
 */
import type { WorklistRow, WorklistScope } from '../../shared/api/instances';
import { call } from '../api/client';
import { useSession } from '../api/hooks';
import { useI18n } from '../i18n/I18nProvider';
import { BulkOutcomeNotice, BulkReassignFields, refusalText, useBulkReassign } from './BulkReassign';
import './workload.css';

export function WorklistBulkBar({ scope, selected, onDone }: { scope: WorklistScope; selected: readonly WorklistRow[]; onDone(): void }) {
  const { t } = useI18n();
  const { session } = useSession();
  const isManager = session?.role === 'manager';
  const bulk = useBulkReassign(isManager, selected, onDone);

  const open = selected.filter((row) => row.status !== 'withdrawn');
  const unassigned = open.filter((row) => row.assigneeName === null);

  const take = async () => {
    bulk.setBusy(true);
    const result = await call('workload/takeInCharge', {
      cases: unassigned.map((row) => ({ instanceId: row.id, expectedVersion: row.version })),
    });
    bulk.setBusy(false);
    if (!result.ok)
      return bulk.setOutcome({ kind: 'error', text: t('workload.bulk.failed', { message: refusalText(result.error, unassigned, t) }) });
    bulk.setOutcome({ kind: 'success', text: t('workload.bulk.taken', { count: result.data.taken.length }) });
    onDone();
  };

  return (
    <div className="workload-stack">
      {selected.length > 0 && (
        <form className="workload-bulk" onSubmit={(event) => void bulk.reassign(event)} data-testid="worklist-bulk">
          <span className="workload-bulk-count" data-testid="worklist-bulk-count">
            {t('workload.bulk.selected', { count: selected.length })}
          </span>
          {scope === 'unassigned' && unassigned.length > 0 && (
            <button type="button" className="btn" disabled={bulk.busy} onClick={() => void take()} data-testid="worklist-bulk-take">
              {t('workload.bulk.take', { count: unassigned.length })}
            </button>
          )}
          {isManager && <BulkReassignFields bulk={bulk} testId="worklist-bulk" canSubmit />}
        </form>
      )}
      <BulkOutcomeNotice bulk={bulk} testId="worklist-bulk" />
    </div>
  );
}
