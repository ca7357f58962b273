import type { GridApi } from 'ag-grid-community';
import { useMemo, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api/errors';
import {
  PROTOCOL_ANNULLED_FILTERS,
  PROTOCOL_DIRECTIONS,
  type ProtocolAnnulledFilter,
  type ProtocolDirection,
  type ProtocolListRow,
} from '../../shared/api/protocol';
import type { SessionInfo } from '../../shared/api/session';
import { call } from '../api/client';
import { useCall } from '../api/hooks';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { createPagedDatasource } from '../grid/pagedDatasource';
import { RegisterGrid } from '../grid/RegisterGrid';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { DayRangeFields } from '../components/DayRangeFields';
import { dayFromText } from '../worklist/dayText';
import { PROTOCOL_ROW_CLASSES, protocolColumns } from './columns';
import { DailyRegisterDialog } from './DailyRegisterDialog';
import { toProtocolQuery, type ProtocolView } from './datasource';
import { EntryDetail } from './EntryDetail';
import './protocol.css';

/**
 * "Protocollo": the register of the AOO (ag-grid Infinite Row Model over `protocol/list`, newest
 * number first), the detail of a registration with its segnatura, documents and annulment, the
 * annulment itself for managers and the registro giornaliero.
 */
export function ProtocolPage({ session }: { session: SessionInfo }) {
  const { t, format } = useI18n();
  const apiRef = useRef<GridApi<ProtocolListRow> | null>(null);
  const registers = useCall('protocol/registers', {});
  const [registerId, setRegisterId] = useState<number | null>(null);
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [direction, setDirection] = useState<ProtocolDirection | ''>('');
  const [annulled, setAnnulled] = useState<ProtocolAnnulledFilter>('any');
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [dailyOpen, setDailyOpen] = useState(false);

  const from = dayFromText(fromText);
  const to = dayFromText(toText);
  const view: ProtocolView = useMemo(
    () => ({ registerId, from, to, directions: direction ? [direction] : [], annulled }),
    [registerId, from, to, direction, annulled],
  );
  const columnDefs = useMemo(() => protocolColumns(t, format), [t, format]);
  const datasource = useMemo(
    () =>
      createPagedDatasource({
        toQuery: (block) => toProtocolQuery(block, view),
        fetchPage: (query) => call('protocol/list', query),
        onTotal: setTotal,
        onError: setError,
      }),
    [view],
  );
  const refresh = () => apiRef.current?.refreshInfiniteCache();

  const register = registers.data?.find((r) => r.id === registerId) ?? registers.data?.[0] ?? null;
  const keepsRegister = register?.keptByMe ?? false;
  const canAnnul = session.role === 'manager' || session.role === 'admin';
  const countText =
    total === null
      ? t('protocol.counting')
      : total === 1
        ? t('protocol.countOne')
        : t('protocol.countOther', { count: format.number(total) });

  return (
    <main className="page protocol-page" aria-labelledby="protocol-title">
      <div className="page-head">
        <div className="page-title">
          <h1 id="protocol-title">{t('protocol.title')}</h1>
          <span className="page-count" data-testid="protocol-count" aria-live="polite">
            {register ? `${register.aooCode} · ` : ''}
            {countText}
          </span>
        </div>
        <div className="page-tools">
          {registers.data && registers.data.length > 1 && (
            <select
              className="input"
              aria-label={t('protocol.register')}
              value={registerId ?? ''}
              onChange={(event) => setRegisterId(event.target.value ? Number(event.target.value) : null)}
            >
              {registers.data.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.aooCode} · {r.name}
                </option>
              ))}
            </select>
          )}
          <button type="button" className="btn" onClick={refresh} title={t('worklist.refresh')}>
            <Icon name="refresh" />
            {t('worklist.refresh')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="daily-register-open"
            disabled={!keepsRegister}
            title={keepsRegister ? undefined : t('protocol.daily.notKeeper')}
            onClick={() => setDailyOpen(true)}
          >
            {t('protocol.daily.open')}
          </button>
        </div>
      </div>

      <div className="protocol-filters" role="group" aria-label={t('protocol.filters')}>
        <DayRangeFields
          fromLabel={t('protocol.filter.from')}
          toLabel={t('protocol.filter.to')}
          testIdPrefix="protocol"
          fromText={fromText}
          toText={toText}
          onFromText={setFromText}
          onToText={setToText}
        />
        <label className="field-inline">
          <span>{t('protocol.col.direction')}</span>
          <select
            className="input"
            data-testid="protocol-direction"
            value={direction}
            onChange={(e) => setDirection(e.target.value as ProtocolDirection | '')}
          >
            <option value="">{t('protocol.filter.allDirections')}</option>
            {PROTOCOL_DIRECTIONS.map((d) => (
              <option key={d} value={d}>
                {t(`protocol.direction.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>{t('protocol.col.state')}</span>
          <select
            className="input"
            data-testid="protocol-annulled"
            value={annulled}
            onChange={(e) => setAnnulled(e.target.value as ProtocolAnnulledFilter)}
          >
            {PROTOCOL_ANNULLED_FILTERS.map((value) => (
              <option key={value} value={value}>
                {t(`protocol.filter.annulled.${value}`)}
              </option>
            ))}
          </select>
        </label>
      </div>

      {error && (
        <Notice kind="error" testId="protocol-error">
          {t('protocol.loadError', { message: errorMessage(error, t) })}
        </Notice>
      )}

      <div className="protocol-body">
        <RegisterGrid<ProtocolListRow>
          testId="protocol-grid"
          columnDefs={columnDefs}
          rowClassRules={PROTOCOL_ROW_CLASSES}
          datasource={datasource}
          noRowsText={t('protocol.noRows')}
          apiRef={apiRef}
          onOpen={setSelected}
        />
        {selected !== null && (
          <EntryDetail
            key={selected}
            entryId={selected}
            canAnnul={canAnnul}
            onAnnulled={() => refresh()}
            onClose={() => setSelected(null)}
          />
        )}
      </div>
      {dailyOpen && <DailyRegisterDialog registerId={register?.id ?? null} onClose={() => setDailyOpen(false)} />}
    </main>
  );
}
