/**
 * The managers' dashboard: scope (ente, office, person, procedure) and period, the deadlines of
 * the open cases, the period's figures, charts of age, weekly throughput, times against the legal
 * term and each person's load, the tacit-approval risk list; every bar, point and figure opens the
 * grid of the cases it counts. Kept current by the cases' live notifications.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { SessionInfo } from '../../shared/api/session';
import type { Dashboard, DashboardQueryValue, DrillValue, FlowMetric, SnapshotMetric, WorkloadSetup } from '../../shared/api/workload';
import { todayInRome } from '../../shared/domain/calendar';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import { call } from '../api/client';
import { useAppEvent } from '../api/hooks';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { Chart } from './Chart';
import { ageingOption, drillForChartClick, peopleOption, proceduresOption, weeklyOption, type ChartId } from './charts';
import { downloadFile } from './download';
import { DrillPanel } from './DrillPanel';
import { dayFromText, PERIOD_PRESETS, presetPeriod, textFromDay, type PeriodPreset } from './period';

const LIVE_REFRESH_DELAY_MS = 800;
const DEADLINE_BARS: readonly SnapshotMetric[] = ['overdue', 'dueWithin7', 'tacitRisk', 'tacitMatured', 'paused', 'unassigned'];
const PERIOD_FIGURES: readonly FlowMetric[] = ['received', 'closed', 'withdrawn', 'decided', 'decidedWithinTerm', 'decidedLate'];
const PAUSE_FIGURES: readonly FlowMetric[] = ['decidedAfterIntegration', 'decidedAfterPreavviso', 'decidedAfterConformation'];

/** The dashboard's charts in reading order: how wide each card is and how tall its chart. */
const CHART_CARDS: ReadonlyArray<{ chart: ChartId; className: string; height: (dashboard: Dashboard) => number }> = [
  { chart: 'ageing', className: 'workload-card', height: () => 220 },
  { chart: 'weekly', className: 'workload-card workload-wide', height: () => 260 },
  {
    chart: 'procedures',
    className: 'workload-card workload-span2',
    height: (dashboard) => Math.max(160, 60 + dashboard.byProcedure.length * 30),
  },
  { chart: 'people', className: 'workload-card', height: (dashboard) => Math.max(140, 40 + dashboard.people.length * 28) },
];

type ScopeKind = 'ente' | 'office' | 'person' | 'procedure';

function flowCount(dashboard: Dashboard, metric: FlowMetric): number {
  const flow = dashboard.flow;
  return metric === 'decidedLate' ? flow.decided - flow.decidedWithinTerm : flow[metric];
}

export function DashboardView({
  session,
  setup,
  onOpen,
}: {
  session: SessionInfo;
  setup: WorkloadSetup | null;
  onOpen?: (id: number) => void;
}) {
  const { t, format } = useI18n();
  const today = todayInRome();
  const [kind, setKind] = useState<ScopeKind>('ente');
  const [target, setTarget] = useState('');
  const [preset, setPreset] = useState<PeriodPreset>('quarter');
  const [fromText, setFromText] = useState(textFromDay(presetPeriod('quarter', today).from));
  const [toText, setToText] = useState(textFromDay(today));
  const [riskDays, setRiskDays] = useState(10);
  const [dashboard, setDashboard] = useState<Dashboard | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [drill, setDrill] = useState<{ value: DrillValue; title: string } | null>(null);
  const drillRef = useRef<HTMLDivElement | null>(null);

  const wholeEnte = session.role === 'admin' || setup?.people.find((person) => person.id === session.staffId)?.wholeEnte === true;
  const myOffices = useMemo(() => new Set(session.offices.map((office) => office.id)), [session.offices]);
  const offices = useMemo(
    () => (setup?.offices ?? []).filter((office) => wholeEnte || myOffices.has(office.id)),
    [setup, wholeEnte, myOffices],
  );
  const people = useMemo(
    () =>
      (setup?.people ?? []).filter(
        (person) => wholeEnte || person.id === session.staffId || person.officeIds.some((id) => myOffices.has(id)),
      ),
    [setup, wholeEnte, myOffices, session.staffId],
  );
  const procedures = useMemo(
    () => (setup?.procedureTypes ?? []).filter((procedure) => wholeEnte || myOffices.has(procedure.officeId)),
    [setup, wholeEnte, myOffices],
  );
  const choices = kind === 'office' ? offices : kind === 'person' ? people : kind === 'procedure' ? procedures : [];

  const period = preset === 'custom' ? { from: dayFromText(fromText), to: dayFromText(toText) } : presetPeriod(preset, today);
  const query = useMemo<DashboardQueryValue | null>(() => {
    if (!period.from || !period.to) return null;
    const id = Number(target);
    const scope =
      kind === 'ente'
        ? { kind }
        : !Number.isInteger(id) || id <= 0
          ? null
          : kind === 'office'
            ? { kind, officeId: id }
            : kind === 'person'
              ? { kind, staffId: id }
              : { kind, procedureTypeId: id };
    return scope ? ({ scope, from: period.from, to: period.to, riskDays } as DashboardQueryValue) : null;
  }, [kind, target, period.from, period.to, riskDays]);
  const queryKey = JSON.stringify(query);

  // Read again when the query changes and whenever `reloads` moves (live changes, a reassignment).
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  useEffect(() => {
    if (!query) return;
    let current = true;
    void call('workload/dashboard', query).then((result) => {
      if (!current) return;
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(null);
      setDashboard(result.data);
      setUpdatedAt(new Date());
    });
    return () => {
      current = false;
    };
    // queryKey stands for the query's content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryKey, reloads]);

  // Cases changed somewhere (a reassignment, a decision): read the figures again, quietly.
  const liveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useAppEvent('instances/changed', () => {
    if (liveTimer.current) clearTimeout(liveTimer.current);
    liveTimer.current = setTimeout(reload, LIVE_REFRESH_DELAY_MS);
  });
  useEffect(
    () => () => {
      if (liveTimer.current) clearTimeout(liveTimer.current);
    },
    [],
  );

  const metricLabel = (metric: SnapshotMetric | FlowMetric) => t(`workload.metric.${metric}`, { days: riskDays });

  const openDrill = (value: DrillValue) => {
    const parts = [metricLabel(value.metric)];
    if (value.ageing) parts.push(t('workload.drill.age', { band: t(`workload.age.${value.ageing}`) }));
    if (value.week) parts.push(t('workload.drill.week', { date: format.date(value.week) }));
    if (value.procedureTypeId !== undefined)
      parts.push(t('workload.drill.procedure', { name: setup?.procedureTypes.find((p) => p.id === value.procedureTypeId)?.name ?? '' }));
    if (value.staffId !== undefined)
      parts.push(t('workload.drill.person', { name: dashboard?.people.find((p) => p.staffId === value.staffId)?.name ?? '' }));
    setDrill({ value, title: parts.join(' · ') });
  };

  // A drill-down opens above the charts: bring it into view.
  useEffect(() => {
    if (drill) drillRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [drill]);

  const pick = (chart: ChartId) => (click: Parameters<typeof drillForChartClick>[2]) => {
    if (!dashboard) return;
    const value = drillForChartClick(chart, dashboard, click);
    if (value) openDrill(value);
  };

  const exportAs = async (format: 'csv' | 'pdf') => {
    if (!query) return;
    const result = await call('workload/export', { query, format });
    if (result.ok) downloadFile(result.data);
    else setError(result.error);
  };

  const options = useMemo(
    () =>
      dashboard
        ? {
            ageing: ageingOption(dashboard, t, format),
            weekly: weeklyOption(dashboard, t, format),
            procedures: proceduresOption(dashboard, t, format),
            people: peopleOption(dashboard, t, format),
          }
        : null,
    [dashboard, t, format],
  );
  const barMax = dashboard ? Math.max(1, ...DEADLINE_BARS.map((metric) => dashboard.snapshot[metric])) : 1;
  const flow = dashboard?.flow;
  const days = (value: number | null | undefined) =>
    value === null || value === undefined ? t('workload.kpi.none') : t('workload.kpi.days', { days: format.number(value) });

  return (
    <div className="workload-dashboard">
      <form className="workload-filters" onSubmit={(event) => event.preventDefault()} data-testid="workload-filters">
        <label>
          <span>{t('workload.scope.label')}</span>
          <select
            className="input"
            value={kind}
            data-testid="workload-scope-kind"
            onChange={(event) => {
              setKind(event.target.value as ScopeKind);
              setTarget('');
            }}
          >
            {(['ente', 'office', 'person', 'procedure'] as const).map((value) => (
              <option key={value} value={value}>
                {t(`workload.scope.${value}`)}
              </option>
            ))}
          </select>
        </label>
        {kind !== 'ente' && (
          <label>
            <span>{t('workload.scope.which')}</span>
            <select
              className="input"
              value={target}
              data-testid="workload-scope-target"
              onChange={(event) => setTarget(event.target.value)}
            >
              <option value="">{t('workload.bulk.choose')}</option>
              {choices.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span>{t('workload.period.label')}</span>
          <select
            className="input"
            value={preset}
            data-testid="workload-period"
            onChange={(event) => {
              const next = event.target.value as PeriodPreset;
              setPreset(next);
              if (next !== 'custom') {
                const range = presetPeriod(next, today);
                setFromText(textFromDay(range.from));
                setToText(textFromDay(range.to));
              }
            }}
          >
            {PERIOD_PRESETS.map((value) => (
              <option key={value} value={value}>
                {t(`workload.period.${value}`)}
              </option>
            ))}
          </select>
        </label>
        {preset === 'custom' && (
          <>
            <label>
              <span>{t('workload.period.from')}</span>
              <input
                className="input workload-day"
                value={fromText}
                placeholder={t('date.placeholder')}
                onChange={(e) => setFromText(e.target.value)}
                data-testid="workload-from"
                aria-invalid={!period.from}
              />
            </label>
            <label>
              <span>{t('workload.period.to')}</span>
              <input
                className="input workload-day"
                value={toText}
                placeholder={t('date.placeholder')}
                onChange={(e) => setToText(e.target.value)}
                data-testid="workload-to"
                aria-invalid={!period.to}
              />
            </label>
          </>
        )}
        <label>
          <span>{t('workload.riskDays')}</span>
          <input
            className="input workload-number"
            type="number"
            min={1}
            max={60}
            value={riskDays}
            onChange={(event) => setRiskDays(Math.max(1, Math.min(60, Number(event.target.value) || 1)))}
            data-testid="workload-risk-days"
          />
        </label>
        <div className="workload-filters-actions">
          <button
            type="button"
            className="btn"
            onClick={() => void exportAs('csv')}
            disabled={!dashboard}
            data-testid="workload-export-csv"
          >
            {t('workload.export.csv')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => void exportAs('pdf')}
            disabled={!dashboard}
            data-testid="workload-export-pdf"
          >
            {t('workload.export.pdf')}
          </button>
        </div>
      </form>

      {preset === 'custom' && (!period.from || !period.to) && <Notice kind="warning">{t('workload.period.invalidDay')}</Notice>}
      {error && (
        <Notice kind="error" testId="workload-error">
          {t('workload.loadError', { message: errorMessage(error, t) })}
        </Notice>
      )}
      {!dashboard && !error && <p className="cell-muted">{t('workload.loading')}</p>}

      {dashboard && (
        <>
          <p className="workload-asof" data-testid="workload-asof">
            {t('workload.asOf', {
              scope: dashboard.scope.name,
              today: format.date(dashboard.today),
              from: format.date(dashboard.from),
              to: format.date(dashboard.to),
            })}
            {updatedAt && (
              <span className="cell-muted"> · {t('workload.updatedLive', { time: format.dateTime(updatedAt.toISOString()) })}</span>
            )}
          </p>

          <div ref={drillRef}>
            {drill && query && (
              <DrillPanel
                key={JSON.stringify(drill.value) + queryKey}
                title={drill.title}
                query={query}
                drill={drill.value}
                onClose={() => setDrill(null)}
                onAssigned={reload}
                canAssign={session.role === 'manager'}
                {...(onOpen ? { onOpen } : {})}
              />
            )}
          </div>

          <div className="workload-grid">
            <section className="workload-card" aria-labelledby="workload-deadlines">
              <h2 id="workload-deadlines">{t('workload.section.deadlines')}</h2>
              <p className="workload-open">
                <button type="button" className="workload-link" onClick={() => openDrill({ metric: 'open' })} data-testid="figure-open">
                  {metricLabel('open')}: <strong>{format.number(dashboard.snapshot.open)}</strong>
                </button>
              </p>
              <ul className="workload-bars" data-testid="workload-deadline-bars">
                {DEADLINE_BARS.map((metric) => (
                  <li key={metric}>
                    <button
                      type="button"
                      className={`workload-bar workload-bar-${metric}`}
                      onClick={() => openDrill({ metric })}
                      data-testid={`bar-${metric}`}
                    >
                      <span className="workload-bar-label">{metricLabel(metric)}</span>
                      <span className="workload-bar-track">
                        <span className="workload-bar-fill" style={{ width: `${(dashboard.snapshot[metric] / barMax) * 100}%` }} />
                      </span>
                      <span className="workload-bar-value" data-testid={`bar-${metric}-value`}>
                        {format.number(dashboard.snapshot[metric])}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>

            <section className="workload-card" aria-labelledby="workload-period-title">
              <h2 id="workload-period-title">{t('workload.section.period')}</h2>
              <dl className="workload-figures">
                {PERIOD_FIGURES.map((metric) => (
                  <div key={metric}>
                    <dt>{metricLabel(metric)}</dt>
                    <dd>
                      <button
                        type="button"
                        className="workload-link"
                        onClick={() => openDrill({ metric })}
                        data-testid={`figure-${metric}`}
                      >
                        {format.number(flowCount(dashboard, metric))}
                      </button>
                    </dd>
                  </div>
                ))}
                <div>
                  <dt>{t('workload.kpi.withinTermShare')}</dt>
                  <dd data-testid="figure-within-term-share">
                    {flow?.withinTermShare === null
                      ? t('workload.kpi.none')
                      : `${format.number(Math.round((flow?.withinTermShare ?? 0) * 1000) / 10)}%`}
                  </dd>
                </div>
                <div>
                  <dt>{t('workload.kpi.medianLead')}</dt>
                  <dd data-testid="figure-median-lead">{days(flow?.medianLeadDays)}</dd>
                </div>
                <div>
                  <dt>{t('workload.kpi.medianTerm')}</dt>
                  <dd>{days(flow?.medianLegalTermDays)}</dd>
                </div>
              </dl>
              <ul className="workload-pauses">
                {PAUSE_FIGURES.map((metric) => (
                  <li key={metric}>
                    <button type="button" className="workload-link" onClick={() => openDrill({ metric })} data-testid={`figure-${metric}`}>
                      {metricLabel(metric)}: <strong>{format.number(flowCount(dashboard, metric))}</strong>
                    </button>
                  </li>
                ))}
              </ul>
            </section>

            {options &&
              CHART_CARDS.map(({ chart, className, height }) => (
                <section key={chart} className={className} aria-labelledby={`workload-${chart}`}>
                  <h2 id={`workload-${chart}`}>{t(`workload.section.${chart}`)}</h2>
                  <Chart
                    option={options[chart]}
                    onPick={pick(chart)}
                    height={height(dashboard)}
                    label={t(`workload.section.${chart}`)}
                    testId={`chart-${chart}`}
                  />
                </section>
              ))}

            <section className="workload-card workload-wide" aria-labelledby="workload-tacit">
              <h2 id="workload-tacit">{t('workload.section.tacitRisk', { days: riskDays })}</h2>
              {dashboard.tacitRisk.length === 0 ? (
                <p className="cell-muted">{t('workload.tacit.none', { days: riskDays })}</p>
              ) : (
                <table className="workload-table" data-testid="tacit-risk-list">
                  <thead>
                    <tr>
                      <th>{t('workload.tacit.protocol')}</th>
                      <th>{t('workload.tacit.procedure')}</th>
                      <th>{t('workload.tacit.applicant')}</th>
                      <th>{t('workload.tacit.assignee')}</th>
                      <th>{t('workload.tacit.dueDate')}</th>
                      <th>{t('workload.tacit.on')}</th>
                      <th>{t('workload.tacit.in')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {dashboard.tacitRisk.map((row) => (
                      <tr key={row.id} data-testid="tacit-risk-row" data-instance-id={row.id}>
                        <td>
                          <button
                            type="button"
                            className="workload-link cell-num"
                            onClick={() => onOpen?.(row.id)}
                            title={t('workload.drill.open')}
                          >
                            {formatProtocolNumber(row.protocolYear, row.protocolNumber)}
                          </button>
                        </td>
                        <td>{row.procedureName}</td>
                        <td>{row.applicantName}</td>
                        <td>{row.assigneeName ?? <span className="cell-muted">{t('workload.unassignedName')}</span>}</td>
                        <td>{format.date(row.dueDate)}</td>
                        <td data-testid="tacit-risk-date">{format.date(row.tacitApprovalOn)}</td>
                        <td>{row.daysToTacit === 0 ? t('workload.tacit.today') : t('workload.tacit.inDays', { days: row.daysToTacit })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {dashboard.tacitRisk.length < dashboard.snapshot.tacitRisk && (
                <p className="cell-muted">{t('workload.tacit.limited', { count: dashboard.tacitRisk.length })}</p>
              )}
            </section>
          </div>
          <p className="cell-muted workload-hint">{t('workload.chartHint')}</p>
        </>
      )}
    </div>
  );
}
