import type { CustomCellRendererProps } from 'ag-grid-react';
import { OPEN_INSTANCE_STATUSES, type WorklistRow } from '../../shared/api/instances';
import { StatusPill } from '../components/StatusPill';
import { useI18n } from '../i18n/I18nProvider';
import { urgencyOf } from './daysLeft';

type Props = CustomCellRendererProps<WorklistRow>;

export function ApplicantCell({ data }: Props) {
  if (!data) return null;
  return (
    <div className="cell-two-lines">
      <span>{data.applicantName}</span>
      <span className="cell-sub">{data.applicantTaxCode}</span>
    </div>
  );
}

export function StatusCell({ data }: Props) {
  return data ? <StatusPill status={data.status} /> : null;
}

export function DaysLeftCell({ data }: Props) {
  const { t, format } = useI18n();
  if (!data) return null;
  // A concluded case has no clock running: its due date is history, not urgency.
  if (!OPEN_INSTANCE_STATUSES.includes(data.status)) return <span className="cell-muted">{t('worklist.concluded')}</span>;
  const days = data.daysLeft;
  const urgency = urgencyOf(days);
  const text =
    days < 0
      ? t('worklist.overdue', { days: format.number(-days) })
      : days === 0
        ? t('worklist.dueToday')
        : t('worklist.daysLeft', { days: format.number(days) });
  return <span className={urgency === 'normal' ? 'days' : `days days-chip days-${urgency}`}>{text}</span>;
}

export function AssigneeCell({ data }: Props) {
  const { t } = useI18n();
  if (!data) return null;
  return data.assigneeName ? <span>{data.assigneeName}</span> : <span className="cell-muted">{t('worklist.unassigned')}</span>;
}
