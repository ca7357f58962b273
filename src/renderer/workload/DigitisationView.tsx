/**
 * Digitisation monitoring: the catalogue's procedures available online, applications received by
 * channel and month, processing times per procedure against the legal term; downloads as JSON and
 * CSV (aggregates only, fields documented in docs/open-data).
 */
import { useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { DigitisationReport } from '../../shared/api/workload';
import { DIGITISATION_EXPORT_FORMATS } from '../../shared/api/workload';
import { todayInRome } from '../../shared/domain/calendar';
import { call } from '../api/client';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { Chart } from './Chart';
import { axisTooltip, PALETTE, valueAxis } from './charts';
import { downloadFile } from './download';
import { monthLabel, presetPeriod } from './period';

export function DigitisationView() {
  const { t, format, language } = useI18n();
  const today = todayInRome();
  const [preset, setPreset] = useState<'year' | 'ytd'>('year');
  const period = presetPeriod(preset, today);
  const [report, setReport] = useState<DigitisationReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void call('workload/digitisation', period).then((result) => {
      if (result.ok) {
        setReport(result.data);
        setError(null);
      } else setError(result.error);
    });
    // The period is derived from the preset.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [preset]);

  const share = (value: number | null) => (value === null ? t('workload.kpi.none') : `${format.number(Math.round(value * 1000) / 10)}%`);
  const option = useMemo(
    () =>
      report && {
        legend: { top: 0 },
        grid: { left: 44, right: 48, top: 32, bottom: 28 },
        tooltip: axisTooltip(format),
        xAxis: { type: 'category', data: report.months.map((m) => monthLabel(m.month, language)) },
        yAxis: [valueAxis(format), { ...valueAxis(format, '%'), max: 100, splitLine: { show: false } }],
        series: [
          {
            name: t('workload.digi.channel.online'),
            type: 'bar',
            stack: 'channel',
            itemStyle: { color: PALETTE.received },
            data: report.months.map((m) => m.online),
          },
          {
            name: t('workload.digi.channel.pec'),
            type: 'bar',
            stack: 'channel',
            itemStyle: { color: PALETTE.closed },
            data: report.months.map((m) => m.pec),
          },
          {
            name: t('workload.digi.channel.desk'),
            type: 'bar',
            stack: 'channel',
            itemStyle: { color: PALETTE.term },
            data: report.months.map((m) => m.desk),
          },
          {
            name: t('workload.digi.onlineShare'),
            type: 'line',
            yAxisIndex: 1,
            itemStyle: { color: PALETTE.decided },
            data: report.months.map((m) => (m.onlineShare === null ? null : Math.round(m.onlineShare * 1000) / 10)),
          },
        ],
      },
    [report, t, format, language],
  );

  const download = async (kind: (typeof DIGITISATION_EXPORT_FORMATS)[number]) => {
    const result = await call('workload/digitisationExport', { ...period, format: kind });
    if (result.ok) downloadFile(result.data);
    else setError(result.error);
  };

  return (
    <div className="workload-stack" data-testid="workload-digitisation">
      <div className="workload-filters">
        <label>
          <span>{t('workload.period.label')}</span>
          <select className="input" value={preset} onChange={(event) => setPreset(event.target.value as 'year' | 'ytd')}>
            <option value="year">{t('workload.period.year')}</option>
            <option value="ytd">{t('workload.period.ytd')}</option>
          </select>
        </label>
        <div className="workload-filters-actions">
          {DIGITISATION_EXPORT_FORMATS.map((kind) => (
            <button key={kind} type="button" className="btn" onClick={() => void download(kind)} disabled={!report}>
              {t(`workload.digi.export.${kind}`)}
            </button>
          ))}
        </div>
      </div>
      {error && <Notice kind="error">{t('workload.loadError', { message: errorMessage(error, t) })}</Notice>}
      {report && !report.wholeEnte && <Notice kind="warning">{t('workload.digi.partial')}</Notice>}
      {report && (
        <>
          <div className="workload-grid">
            <section className="workload-card">
              <h2>{t('workload.digi.catalogueOnline')}</h2>
              <p className="workload-big" data-testid="digi-catalogue">
                {t('workload.digi.share', {
                  part: format.number(report.catalogue.onlineProcedures),
                  whole: format.number(report.catalogue.procedures),
                  share: share(report.catalogue.onlineShare),
                })}
              </p>
            </section>
            <section className="workload-card">
              <h2>{t('workload.digi.receivedOnline')}</h2>
              <p className="workload-big" data-testid="digi-received">
                {t('workload.digi.share', {
                  part: format.number(report.received.online),
                  whole: format.number(report.received.total),
                  share: share(report.received.onlineShare),
                })}
              </p>
            </section>
            <section className="workload-card workload-wide">
              <h2>{t('workload.digi.byMonth')}</h2>
              {option && <Chart option={option} height={260} label={t('workload.digi.byMonth')} />}
            </section>
            <section className="workload-card workload-wide">
              <h2>{t('workload.digi.procedures')}</h2>
              <table className="workload-table">
                <thead>
                  <tr>
                    <th>{t('workload.digi.col.code')}</th>
                    <th>{t('workload.digi.col.name')}</th>
                    <th>{t('workload.digi.col.office')}</th>
                    <th className="cell-num">{t('workload.digi.col.term')}</th>
                    <th>{t('workload.digi.col.online')}</th>
                    <th className="cell-num">{t('workload.digi.col.received')}</th>
                    <th className="cell-num">{t('workload.digi.col.receivedOnline')}</th>
                    <th className="cell-num">{t('workload.digi.col.decided')}</th>
                    <th className="cell-num">{t('workload.digi.col.withinTerm')}</th>
                    <th className="cell-num">{t('workload.digi.col.medianLead')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.procedures.map((p) => (
                    <tr key={p.code}>
                      <td className="cell-mono">{p.code}</td>
                      <td>{p.name}</td>
                      <td>{p.office}</td>
                      <td className="cell-num">{t('workload.setup.termDays', { days: p.legalTermDays })}</td>
                      <td>{p.onlineAvailable ? t('workload.digi.yes') : t('workload.digi.no')}</td>
                      <td className="cell-num">{format.number(p.received)}</td>
                      <td className="cell-num">{format.number(p.receivedOnline)}</td>
                      <td className="cell-num">{format.number(p.decided)}</td>
                      <td className="cell-num">{share(p.decided > 0 ? p.decidedWithinTerm / p.decided : null)}</td>
                      <td className="cell-num">
                        {p.medianLeadDays === null
                          ? t('workload.kpi.none')
                          : t('workload.kpi.days', { days: format.number(p.medianLeadDays) })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
          <p className="cell-muted">{t('workload.digi.aggregates')}</p>
        </>
      )}
    </div>
  );
}
