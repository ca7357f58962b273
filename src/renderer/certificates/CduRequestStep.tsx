import { useRef, useState } from 'react';
import type { CduPurpose, CduRequestReceipt, CduValidation } from '../../shared/api/cdu';
import { CDU_PURPOSES } from '../../shared/domain/cdu';
import type { ApiError } from '../../shared/api/errors';
import { call } from '../api/client';
import { useCall } from '../api/hooks';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { errorMessage, fieldMessages } from '../i18n/errors';
import type { MessageKey } from '../i18n/it';
import { useI18n } from '../i18n/I18nProvider';
import { fieldProblemText } from './fieldProblem';
import type { Person } from './PersonStep';

interface ParcelRow {
  sezione: string;
  foglio: string;
  particella: string;
}

const EMPTY_PARCEL: ParcelRow = { sezione: '', foglio: '', particella: '' };

function parcelsOf(rows: readonly ParcelRow[]) {
  return rows
    .filter((row) => row.foglio.trim() !== '' || row.particella.trim() !== '')
    .map((row) => ({ sezione: row.sezione, foglio: row.foglio, particella: row.particella }));
}

/**
 * The CDU is issued from a request (a case with its 30-day term): the applicant's open requests to
 * choose from, or a new one — parcels (foglio, particella) checked against the cadastre, and the
 * purpose — registered in the protocol.
 */
export function CduRequestStep({
  person,
  selected,
  onSelect,
}: {
  person: Person;
  selected: number | null;
  onSelect(requestId: number | null): void;
}) {
  const { t, format } = useI18n();
  const requests = useCall('certificates/cdu/requests/list', { view: 'open', text: person.codiceFiscale }, person.codiceFiscale);
  const [creating, setCreating] = useState(false);
  const [rows, setRows] = useState<ParcelRow[]>([EMPTY_PARCEL]);
  const [purpose, setPurpose] = useState<CduPurpose | ''>('');
  const [purposeNote, setPurposeNote] = useState('');
  const [validation, setValidation] = useState<CduValidation | null>(null);
  const [busy, setBusy] = useState<'check' | 'register' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [receipt, setReceipt] = useState<CduRequestReceipt | null>(null);
  const idempotencyKey = useRef(crypto.randomUUID());

  const own = (requests.data?.rows ?? []).filter((row) => row.applicant.personId === person.id);
  const fields = error ? fieldMessages(error, t) : {};

  const setRow = (index: number, patch: Partial<ParcelRow>) => {
    setValidation(null);
    setRows((previous) => previous.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  };

  const check = async () => {
    setBusy('check');
    setError(null);
    const result = await call('certificates/cdu/parcels/validate', { parcels: parcelsOf(rows) });
    setBusy(null);
    if (result.ok) setValidation(result.data);
    else setError(result.error);
  };

  const register = async () => {
    setBusy('register');
    setError(null);
    const result = await call('certificates/cdu/request', {
      personId: person.id,
      parcels: parcelsOf(rows),
      purpose: purpose === '' ? 'altro' : purpose,
      purposeNote: purposeNote.trim() === '' ? null : purposeNote.trim(),
      idempotencyKey: idempotencyKey.current,
    });
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setReceipt(result.data);
    setCreating(false);
    idempotencyKey.current = crypto.randomUUID();
    await requests.reload();
    onSelect(result.data.requestId);
  };

  return (
    <div className="counter-cdu" data-testid="counter-cdu">
      <p className="field-hint">{t('counter.cdu.intro')}</p>
      {receipt && (
        <Notice kind="success" testId="counter-cdu-registered">
          {t('counter.cdu.registered', { protocol: receipt.protocol.segnatura, date: format.date(receipt.dueDate) })}
        </Notice>
      )}
      {requests.error && <Notice kind="error">{errorMessage(requests.error, t)}</Notice>}
      {!creating && (
        <>
          <h3 className="counter-subtitle">{t('counter.cdu.requests')}</h3>
          {requests.data && own.length === 0 && <p className="cell-muted">{t('counter.cdu.noRequests')}</p>}
          <div className="counter-choices" role="radiogroup" aria-label={t('counter.cdu.requests')} data-testid="counter-cdu-requests">
            {own.map((row) => (
              <label key={row.id} className="counter-choice">
                <input type="radio" name="counter-cdu-request" checked={selected === row.id} onChange={() => onSelect(row.id)} />
                <span>
                  {t('counter.cdu.request', { date: format.date(row.requestedAt), parcels: row.parcels.join(', ') })}
                  {row.case && <span className="cell-muted"> · {t('counter.cdu.due', { date: format.date(row.case.dueDate) })}</span>}
                </span>
              </label>
            ))}
          </div>
          <div>
            <button type="button" className="btn btn-small" data-testid="counter-cdu-new" onClick={() => setCreating(true)}>
              <Icon name="plus" />
              {t('counter.cdu.new')}
            </button>
          </div>
        </>
      )}
      {creating && (
        <div className="counter-cdu-form">
          <h3 className="counter-subtitle">{t('counter.cdu.parcels')}</h3>
          <table className="counter-parcels">
            <thead>
              <tr>
                <th>{t('counter.cdu.sezione')}</th>
                <th>{t('counter.cdu.foglio')}</th>
                <th>{t('counter.cdu.particella')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const outcome = validation?.parcels[parcelsOf(rows.slice(0, index + 1)).length - 1];
                return (
                  <tr key={index}>
                    <td>
                      <input
                        className="input counter-parcel-sezione"
                        aria-label={`${t('counter.cdu.sezione')} ${index + 1}`}
                        maxLength={3}
                        value={row.sezione}
                        onChange={(event) => setRow(index, { sezione: event.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        className="input counter-parcel-number"
                        data-testid={`counter-cdu-foglio-${index}`}
                        aria-label={`${t('counter.cdu.foglio')} ${index + 1}`}
                        inputMode="numeric"
                        maxLength={4}
                        value={row.foglio}
                        onChange={(event) => setRow(index, { foglio: event.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        className="input counter-parcel-number"
                        data-testid={`counter-cdu-particella-${index}`}
                        aria-label={`${t('counter.cdu.particella')} ${index + 1}`}
                        maxLength={7}
                        value={row.particella}
                        onChange={(event) => setRow(index, { particella: event.target.value })}
                      />
                    </td>
                    <td className="counter-parcel-outcome" data-testid={`counter-cdu-outcome-${index}`}>
                      {outcome &&
                        (outcome.status === 'valid' && outcome.parcel ? (
                          <span className="counter-parcel-ok">
                            <Icon name="check" />
                            {t('counter.cdu.parcelOk', {
                              label: outcome.label,
                              area: format.number(outcome.parcel.areaM2),
                              quality: outcome.parcel.quality ?? '—',
                            })}
                          </span>
                        ) : (
                          <span className="field-error">
                            {outcome.label}: {outcome.reason ? fieldProblemText(outcome.reason, t) : ''}
                          </span>
                        ))}
                    </td>
                    <td>
                      {rows.length > 1 && (
                        <button
                          type="button"
                          className="btn btn-ghost btn-small"
                          aria-label={t('counter.cdu.removeParcel', { n: index + 1 })}
                          onClick={() => {
                            setValidation(null);
                            setRows((previous) => previous.filter((_, i) => i !== index));
                          }}
                        >
                          <Icon name="close" />
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="counter-inline">
            <button type="button" className="btn btn-small" onClick={() => setRows((previous) => [...previous, EMPTY_PARCEL])}>
              <Icon name="plus" />
              {t('counter.cdu.addParcel')}
            </button>
            <button
              type="button"
              className="btn btn-small"
              data-testid="counter-cdu-check"
              disabled={busy !== null}
              onClick={() => void check()}
            >
              {busy === 'check' ? t('counter.cdu.checking') : t('counter.cdu.check')}
            </button>
          </div>
          {fields.parcels && <span className="field-error">{fields.parcels}</span>}
          <div className="form-row">
            <label className="field">
              <span className="field-label">{t('counter.cdu.purpose')}</span>
              <select
                className="select"
                data-testid="counter-cdu-purpose"
                value={purpose}
                onChange={(event) => setPurpose(event.target.value as CduPurpose | '')}
              >
                <option value="" />
                {CDU_PURPOSES.map((value) => (
                  <option key={value} value={value}>
                    {t(`counter.cdu.purpose.${value}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
            {purpose === 'altro' && (
              <label className="field">
                <span className="field-label">{t('counter.cdu.purposeNote')}</span>
                <input className="input" maxLength={200} value={purposeNote} onChange={(event) => setPurposeNote(event.target.value)} />
                {fields.purposeNote && <span className="field-error">{fields.purposeNote}</span>}
              </label>
            )}
          </div>
          {error && !error.issues?.length && <Notice kind="error">{errorMessage(error, t)}</Notice>}
          <div className="counter-inline">
            <button type="button" className="btn" onClick={() => setCreating(false)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="counter-cdu-register"
              disabled={busy !== null || purpose === '' || validation?.allValid !== true}
              onClick={() => void register()}
            >
              {busy === 'register' ? t('counter.cdu.registering') : t('counter.cdu.register')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
