import type { GridApi } from 'ag-grid-community';
import { useMemo, useRef, useState } from 'react';
import { CERTIFICATE_STATUSES, type CertificateListRow, type CertificateStatus } from '../../shared/api/certificates';
import type { ApiError } from '../../shared/api/errors';
import type { SessionInfo } from '../../shared/api/session';
import { call } from '../api/client';
import { useCall } from '../api/hooks';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { createPagedDatasource } from '../grid/pagedDatasource';
import { RegisterGrid } from '../grid/RegisterGrid';
import { errorMessage } from '../i18n/errors';
import type { MessageKey } from '../i18n/it';
import { useI18n } from '../i18n/I18nProvider';
import { DayRangeFields } from '../components/DayRangeFields';
import { dayFromText } from '../worklist/dayText';
import { CertificateDrawer } from './CertificateDrawer';
import { REGISTER_ROW_CLASSES, registerColumns, toRegisterQuery, type RegisterView as View } from './registerGrid';

/** "Registro certificati": every certificate issued, newest first, with filters; a row opens its detail. */
export function RegisterView({ session }: { session: SessionInfo }) {
  const { t, format, language } = useI18n();
  const apiRef = useRef<GridApi<CertificateListRow> | null>(null);
  const types = useCall('certificates/types/list', { includeInactive: true });
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [typeCode, setTypeCode] = useState('');
  const [status, setStatus] = useState<CertificateStatus | ''>('');
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<number | null>(null);

  const from = dayFromText(fromText);
  const to = dayFromText(toText);
  const view: View = useMemo(
    () => ({ from, to, typeCodes: typeCode ? [typeCode] : [], statuses: status ? [status] : [] }),
    [from, to, typeCode, status],
  );
  const columnDefs = useMemo(() => registerColumns(t, format, language), [t, format, language]);
  const datasource = useMemo(
    () =>
      createPagedDatasource({
        toQuery: (block) => toRegisterQuery(block, view),
        fetchPage: (query) => call('certificates/register/list', query),
        onTotal: setTotal,
        onError: setError,
      }),
    [view],
  );
  const refresh = () => apiRef.current?.refreshInfiniteCache();
  const countText =
    total === null
      ? t('register.counting')
      : total === 1
        ? t('register.count.one')
        : t('register.count.other', { count: format.number(total) });

  return (
    <div className="cert-register">
      <div className="cert-toolbar" role="group" aria-label={t('register.filters')}>
        <DayRangeFields
          fromLabel={t('register.filter.from')}
          toLabel={t('register.filter.to')}
          testIdPrefix="register"
          fromText={fromText}
          toText={toText}
          onFromText={setFromText}
          onToText={setToText}
        />
        <label className="field-inline">
          <span>{t('register.filter.type')}</span>
          <select className="select" data-testid="register-type" value={typeCode} onChange={(event) => setTypeCode(event.target.value)}>
            <option value="">{t('register.filter.allTypes')}</option>
            {(types.data ?? []).map((type) => (
              <option key={type.code} value={type.code}>
                {type.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>{t('register.filter.status')}</span>
          <select
            className="select"
            data-testid="register-status"
            value={status}
            onChange={(event) => setStatus(event.target.value as CertificateStatus | '')}
          >
            <option value="">{t('register.filter.allStatuses')}</option>
            {CERTIFICATE_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`certificates.status.${value}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <span className="page-count" data-testid="register-count" aria-live="polite">
          {countText}
        </span>
        <button type="button" className="btn cert-toolbar-end" onClick={refresh}>
          <Icon name="refresh" />
          {t('worklist.refresh')}
        </button>
      </div>
      {error && (
        <Notice kind="error" testId="register-error">
          {t('register.loadError', { message: errorMessage(error, t) })}
        </Notice>
      )}
      <RegisterGrid<CertificateListRow>
        testId="register-grid"
        columnDefs={columnDefs}
        rowClassRules={REGISTER_ROW_CLASSES}
        datasource={datasource}
        noRowsText={t('register.noRows')}
        apiRef={apiRef}
        onOpen={setSelected}
      />
      {selected !== null && (
        <CertificateDrawer
          key={selected}
          certificateId={selected}
          canAnnul={session.role === 'manager' || session.role === 'admin'}
          onChanged={refresh}
          onClose={() => setSelected(null)}
        />
      )}
    </div>
  );
}
