/**
 * A person's load against their capacity: a bar filled to the share of capacity used (capped at
 * the end of the bar, the number says how far over), coloured by level, with the figures in words.
 */
import type { PersonLoad } from '../../shared/api/workload';
import { useI18n } from '../i18n/I18nProvider';

export function LoadMeter({ load, label, testId }: { load: PersonLoad; label: string; testId?: string }) {
  const { t, format } = useI18n();
  const percent = Math.round(load.ratio * 100);
  const text = t('workload.meter.value', {
    load: format.number(load.weightedLoad),
    capacity: format.number(load.capacityPoints),
    percent: `${format.number(percent)}%`,
  });
  return (
    <div
      className={`load-meter load-${load.level}`}
      data-testid={testId}
      title={t('workload.meter.cases', { count: load.openCases, overdue: load.overdue })}
    >
      <span className="load-meter-label">{label}</span>
      <span
        className="load-meter-bar"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(percent, 100)}
        aria-valuetext={`${text}, ${t(`workload.meter.level.${load.level}`)}`}
      >
        <span className="load-meter-fill" style={{ width: `${Math.min(percent, 100)}%` }} />
      </span>
      <span className="load-meter-value">{text}</span>
      {load.absentToday && <span className="pill pill-disabled">{t('workload.meter.absent')}</span>}
    </div>
  );
}
