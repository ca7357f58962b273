import { useGridFilter, type CustomFilterProps } from 'ag-grid-react';
import { INSTANCE_STATUSES, type InstanceStatus, type StatusFilterModel, type WorklistRow } from '../../shared/api/instances';
import { StatusPill } from '../components/StatusPill';
import { useI18n } from '../i18n/I18nProvider';
import { DEFAULT_STATUS_FILTER } from './query';

/**
 * The model for a set of ticked statuses, open cases only or not: `values` is left out when every
 * status is ticked, and there is no model (no filter) when nothing is left to filter.
 */
export function statusModelFor(values: readonly InstanceStatus[], openOnly: boolean): StatusFilterModel | null {
  const chosen = INSTANCE_STATUSES.filter((status) => values.includes(status));
  const everyStatus = chosen.length === INSTANCE_STATUSES.length;
  if (everyStatus && !openOnly) return null;
  return { filterType: 'status', ...(everyStatus ? {} : { values: chosen }), ...(openOnly ? { openOnly } : {}) };
}

/**
 * The status column's filter (ag-grid's set filter is Enterprise): "open cases only" (not closed,
 * whatever the status) and one checkbox per status, model `{ filterType: 'status', values?,
 * openOnly? }`. Filtering happens on the server; rows are never tested here.
 */
export function StatusFilter({ model, onModelChange }: CustomFilterProps<WorklistRow, unknown, StatusFilterModel>) {
  const { t } = useI18n();
  useGridFilter({ doesFilterPass: () => true });
  const selected: readonly InstanceStatus[] = model?.values ?? INSTANCE_STATUSES;
  const openOnly = model?.openOnly === true;

  const toggle = (status: InstanceStatus, on: boolean) => {
    const next = on ? [...selected, status] : selected.filter((value) => value !== status);
    onModelChange(statusModelFor(next, openOnly));
  };

  return (
    <div className="status-filter">
      <label>
        <input
          type="checkbox"
          data-testid="status-filter-open-only"
          checked={openOnly}
          onChange={(event) => onModelChange(statusModelFor(selected, event.target.checked))}
        />
        {t('statusFilter.openOnly')}
      </label>
      <fieldset>
        <legend>{t('statusFilter.legend')}</legend>
        {INSTANCE_STATUSES.map((status) => (
          <label key={status}>
            <input
              type="checkbox"
              data-testid={`status-filter-${status}`}
              checked={selected.includes(status)}
              onChange={(event) => toggle(status, event.target.checked)}
            />
            <StatusPill status={status} />
          </label>
        ))}
      </fieldset>
      {selected.length === 0 && <p className="status-filter-none">{t('statusFilter.none')}</p>}
      <div className="status-filter-actions">
        <button type="button" className="btn btn-small" onClick={() => onModelChange({ ...DEFAULT_STATUS_FILTER })}>
          {t('statusFilter.open')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => onModelChange(null)}>
          {t('statusFilter.all')}
        </button>
      </div>
    </div>
  );
}
