/**
 * Assignment by the office rules: a proposal for the office's unassigned cases, or for an absent
 * person's urgent cases, shown case by case (who takes it, over capacity or not, who nobody can
 * take and why), then confirmed with a reason and applied all or nothing. Beside it, the current
 * load of each person.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { SessionInfo } from '../../shared/api/session';
import type { AssignmentPlanView, PersonLoad, PlanInputValue, WorkloadSetup } from '../../shared/api/workload';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import { call } from '../api/client';
import { useAppEvent } from '../api/hooks';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { LoadMeter } from './LoadMeter';

function PlanTable({ plan }: { plan: AssignmentPlanView }) {
  const { t, format } = useI18n();
  return (
    <table className="workload-table" data-testid="workload-plan">
      <thead>
        <tr>
          <th>{t('workload.assign.col.protocol')}</th>
          <th>{t('workload.assign.col.procedure')}</th>
          <th>{t('workload.assign.col.dueDate')}</th>
          <th>{t('workload.assign.col.from')}</th>
          <th>{t('workload.assign.col.to')}</th>
          <th>{t('workload.assign.col.note')}</th>
        </tr>
      </thead>
      <tbody>
        {plan.items.map((item) => (
          <tr key={item.instanceId} data-testid="workload-plan-row">
            <td className="cell-num">{formatProtocolNumber(item.protocolYear, item.protocolNumber)}</td>
            <td>{item.procedureName}</td>
            <td>{format.date(item.dueDate)}</td>
            <td>{item.from?.name ?? <span className="cell-muted">{t('workload.unassignedName')}</span>}</td>
            <td>{item.to?.name ?? '—'}</td>
            <td>
              {item.unplacedReason ? (
                <span className="pill pill-disabled">{t(`workload.assign.unplaced.${item.unplacedReason}`)}</span>
              ) : item.overCapacity ? (
                <span className="pill pill-rejected">{t('workload.assign.overCapacity')}</span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ProposalPanel({
  title,
  intro,
  children,
  request,
  onApplied,
}: {
  title: string;
  intro: string;
  children: React.ReactNode;
  request: PlanInputValue | null;
  onApplied(): void;
}) {
  const { t } = useI18n();
  const [plan, setPlan] = useState<AssignmentPlanView | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const propose = async (event: FormEvent) => {
    event.preventDefault();
    if (!request) return;
    setDone(null);
    const result = await call('workload/plan', request);
    if (!result.ok) {
      setError(result.error);
      setPlan(null);
      return;
    }
    setError(null);
    setPlan(result.data);
    setReason(t(`workload.assign.defaultReason.${result.data.method}`));
  };

  const placed = plan?.items.filter((item) => item.to !== null) ?? [];
  const apply = async () => {
    if (!plan) return;
    setBusy(true);
    const result = await call('workload/assign', {
      method: plan.method,
      rule: plan.rule,
      reason,
      assignments: placed.map((item) => ({ instanceId: item.instanceId, expectedVersion: item.expectedVersion, assigneeId: item.to!.id })),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setPlan(null);
    setDone(t('workload.assign.done', { count: result.data.assigned.length }));
    onApplied();
  };

  return (
    <section className="workload-card">
      <h2>{title}</h2>
      <p className="page-intro">{intro}</p>
      <form className="workload-filters" onSubmit={(event) => void propose(event)}>
        {children}
        <button type="submit" className="btn btn-primary" disabled={!request}>
          {t('workload.assign.propose')}
        </button>
      </form>
      {error && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {done && <Notice kind="success">{done}</Notice>}
      {plan && (
        <>
          <p>{t('workload.assign.rule', { rule: t(plan.rule ? `workload.assign.rule.${plan.rule}` : 'workload.assign.rule.none') })}</p>
          {plan.items.length === 0 ? <p className="cell-muted">{t('workload.assign.empty')}</p> : <PlanTable plan={plan} />}
          {placed.length > 0 && (
            <div className="workload-bulk">
              <label className="workload-bulk-reason">
                <span>{t('workload.assign.reason')}</span>
                <input className="input" value={reason} onChange={(event) => setReason(event.target.value)} maxLength={4000} />
              </label>
              <button type="button" className="btn btn-primary" disabled={busy || reason.trim().length < 5} onClick={() => void apply()}>
                {t('workload.assign.confirm', { count: placed.length })}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

export function AssignmentView({ session, setup }: { session: SessionInfo; setup: WorkloadSetup | null }) {
  const { t } = useI18n();
  const offices = (setup?.offices ?? []).filter((office) => office.canManage);
  const absent = (setup?.people ?? []).filter((person) => person.canManage && person.absences.length > 0);
  const [officeId, setOfficeId] = useState('');
  const [limit, setLimit] = useState(50);
  const [staffId, setStaffId] = useState('');
  const [withinDays, setWithinDays] = useState(7);
  const [loads, setLoads] = useState<PersonLoad[]>([]);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    void call('workload/loads', { officeId: null }).then((result) => {
      if (result.ok) setLoads(result.data);
    });
  }, [version]);
  useAppEvent('instances/changed', () => setVersion((v) => v + 1));

  return (
    <div className="workload-columns">
      <div className="workload-stack">
        <ProposalPanel
          title={t('workload.assign.unassignedTitle')}
          intro={t('workload.assign.unassignedIntro')}
          request={officeId ? { kind: 'unassigned', officeId: Number(officeId), limit } : null}
          onApplied={() => setVersion((v) => v + 1)}
        >
          <label>
            <span>{t('workload.assign.office')}</span>
            <select className="input" value={officeId} onChange={(event) => setOfficeId(event.target.value)} data-testid="assign-office">
              <option value="">{t('workload.bulk.choose')}</option>
              {offices.map((office) => (
                <option key={office.id} value={office.id}>
                  {office.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('workload.assign.limit')}</span>
            <input
              className="input workload-number"
              type="number"
              min={1}
              max={500}
              value={limit}
              onChange={(event) => setLimit(Math.max(1, Math.min(500, Number(event.target.value) || 1)))}
            />
          </label>
        </ProposalPanel>
        <ProposalPanel
          title={t('workload.assign.absenceTitle')}
          intro={t('workload.assign.absenceIntro')}
          request={staffId ? { kind: 'absence', staffId: Number(staffId), withinDays } : null}
          onApplied={() => setVersion((v) => v + 1)}
        >
          <label>
            <span>{t('workload.assign.person')}</span>
            <select className="input" value={staffId} onChange={(event) => setStaffId(event.target.value)} data-testid="assign-absent">
              <option value="">{absent.length === 0 ? t('workload.assign.noneAbsent') : t('workload.bulk.choose')}</option>
              {absent.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('workload.assign.withinDays')}</span>
            <input
              className="input workload-number"
              type="number"
              min={0}
              max={60}
              value={withinDays}
              onChange={(event) => setWithinDays(Math.max(0, Math.min(60, Number(event.target.value) || 0)))}
            />
          </label>
        </ProposalPanel>
      </div>
      <section className="workload-card workload-loads" data-testid="workload-loads">
        <h2>{t('workload.loads.title')}</h2>
        {loads.map((load) => (
          <LoadMeter key={load.staffId} load={load} label={load.name} testId={`load-${load.staffId}`} />
        ))}
        {session.role !== 'manager' && <p className="cell-muted">{t('reason.managers_only')}</p>}
      </section>
    </div>
  );
}
