import { useState } from 'react';
import { CERTIFICATE_SOURCES, type CertificateSource, type CertificateTypeInfo } from '../../shared/api/certificates';
import type { ApiError } from '../../shared/api/errors';
import { STAFF_ROLES } from '../../shared/api/session';
import { placeholdersOf } from '../../shared/domain/certificates';
import { call } from '../api/client';
import { useCall } from '../api/hooks';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { errorMessage, fieldMessages } from '../i18n/errors';
import type { MessageKey } from '../i18n/it';
import { useI18n } from '../i18n/I18nProvider';
import { euroText } from './money';
import { AMOUNT_FIELDS, checkTypeForm, typeFormOf, type TypeForm } from './typeForm';
import { CloseButton } from '../components/CloseButton';

function TypeEditor({
  type,
  exemptions,
  onSaved,
  onClose,
}: {
  type: CertificateTypeInfo | null;
  exemptions: { code: string; label: string; norm: string }[];
  onSaved(saved: CertificateTypeInfo): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [form, setForm] = useState<TypeForm>(() => typeFormOf(type));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof TypeForm>(key: K, value: TypeForm[K]) => setForm((previous) => ({ ...previous, [key]: value }));
  const toggle = <T,>(list: readonly T[], item: T): T[] => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

  const save = async () => {
    const checked = checkTypeForm(form, t);
    if (!checked.ok) {
      setFields(checked.fields);
      return;
    }
    setFields({});
    setBusy(true);
    setError(null);
    const result = await call('certificates/types/save', checked.value);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      setFields(fieldMessages(result.error, t));
      return;
    }
    onSaved(result.data);
  };

  const fieldError = (field: string) =>
    fields[field] ? (
      <span className="field-error" data-testid={`type-error-${field}`}>
        {fields[field]}
      </span>
    ) : null;
  const text = (
    field: 'code' | 'name' | 'legalReferences' | 'signatoryTitle',
    label: MessageKey,
    extra?: { hint?: string; mono?: boolean },
  ) => (
    <label className="field">
      <span className="field-label">{t(label)}</span>
      <input
        className={extra?.mono ? 'input input-mono' : 'input'}
        data-testid={`type-${field}`}
        value={form[field]}
        aria-invalid={fields[field] ? true : undefined}
        onChange={(event) => set(field, event.target.value)}
      />
      {extra?.hint && <span className="field-hint">{extra.hint}</span>}
      {fieldError(field)}
    </label>
  );
  const amount = (field: keyof typeof AMOUNT_FIELDS, label: MessageKey) => (
    <label className="field">
      <span className="field-label">{t(label)}</span>
      <input
        className="input cert-amount-input"
        data-testid={`type-${field}`}
        inputMode="decimal"
        value={form[field]}
        aria-invalid={fields[AMOUNT_FIELDS[field]] ? true : undefined}
        onChange={(event) => set(field, event.target.value)}
      />
      {fieldError(AMOUNT_FIELDS[field])}
    </label>
  );

  return (
    <section className="cert-type-editor" data-testid="type-editor" aria-labelledby="type-editor-title">
      <header className="cert-drawer-head">
        <h2 id="type-editor-title">{type ? t('types.edit.title', { code: type.code }) : t('types.edit.titleNew')}</h2>
        <CloseButton onClick={onClose} />
      </header>
      <form
        className="cert-type-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {Object.keys(fields).length > 0 && <Notice kind="error">{t('types.errors')}</Notice>}
        {error && !error.issues?.length && <Notice kind="error">{errorMessage(error, t)}</Notice>}
        <div className="form-row">
          {text('code', 'types.field.code', { hint: t('types.field.codeHint'), mono: true })}
          {text('name', 'types.field.name')}
        </div>
        <label className="field">
          <span className="field-label">{t('types.field.source')}</span>
          <select
            className="select"
            data-testid="type-source"
            value={form.source}
            onChange={(event) => set('source', event.target.value as CertificateSource)}
          >
            {CERTIFICATE_SOURCES.map((source) => (
              <option key={source} value={source}>
                {t(`certificates.source.${source}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('types.field.template')}</span>
          <textarea
            className="input cert-template"
            data-testid="type-template"
            rows={7}
            value={form.template}
            aria-invalid={fields.template ? true : undefined}
            onChange={(event) => set('template', event.target.value)}
          />
          <span className="field-hint">
            {t('types.field.templateHint', {
              fields: placeholdersOf(form.source)
                .map((name) => `{{${name}}}`)
                .join(' '),
            })}
          </span>
          {fieldError('template')}
        </label>
        {text('legalReferences', 'types.field.legalReferences')}
        {text('signatoryTitle', 'types.field.signatoryTitle')}
        <label className="cert-check">
          <input
            type="checkbox"
            data-testid="type-bolloApplies"
            checked={form.bolloApplies}
            onChange={(event) => set('bolloApplies', event.target.checked)}
          />
          {t('types.field.bolloApplies')}
        </label>
        <div className="form-row cert-amounts">
          {form.bolloApplies && amount('bollo', 'types.field.bollo')}
          {form.bolloApplies && amount('feeWithBollo', 'types.field.feeWithBollo')}
          {amount('feeExempt', 'types.field.feeExempt')}
          {!form.validityUnlimited && (
            <label className="field">
              <span className="field-label">{t('types.field.validityMonths')}</span>
              <input
                className="input cert-amount-input"
                data-testid="type-validityMonths"
                inputMode="numeric"
                value={form.validityMonths}
                aria-invalid={fields.validityMonths ? true : undefined}
                onChange={(event) => set('validityMonths', event.target.value)}
              />
              {fieldError('validityMonths')}
            </label>
          )}
        </div>
        <label className="cert-check">
          <input
            type="checkbox"
            data-testid="type-validityUnlimited"
            checked={form.validityUnlimited}
            aria-describedby="type-validity-hint"
            onChange={(event) => set('validityUnlimited', event.target.checked)}
          />
          {t('types.field.validityUnlimited')}
        </label>
        <span className="field-hint" id="type-validity-hint">
          {t('types.field.validityUnlimitedHint')}
        </span>
        <fieldset className="fieldset">
          <legend className="field-label">{t('types.field.exemptions')}</legend>
          <div className="cert-exemption-list" data-testid="type-exemptions">
            {exemptions.map((exemption) => (
              <label key={exemption.code} className="cert-check">
                <input
                  type="checkbox"
                  checked={form.exemptionCodes.includes(exemption.code)}
                  onChange={() => set('exemptionCodes', toggle(form.exemptionCodes, exemption.code))}
                />
                <span>
                  {exemption.label} <span className="cell-muted">· {exemption.norm}</span>
                </span>
              </label>
            ))}
          </div>
          {fieldError('exemptionCodes')}
        </fieldset>
        <fieldset className="fieldset">
          <legend className="field-label">{t('types.field.roles')}</legend>
          <div className="cert-inline-checks">
            {STAFF_ROLES.map((role) => (
              <label key={role} className="cert-check">
                <input
                  type="checkbox"
                  checked={form.issuingRoles.includes(role)}
                  onChange={() => set('issuingRoles', toggle(form.issuingRoles, role))}
                />
                {t(`certificates.role.${role}` as MessageKey)}
              </label>
            ))}
          </div>
          {fieldError('issuingRoles')}
        </fieldset>
        <label className="cert-check">
          <input type="checkbox" checked={form.protocolled} onChange={(event) => set('protocolled', event.target.checked)} />
          {t('types.field.protocolled')}
        </label>
        <label className="cert-check">
          <input type="checkbox" checked={form.active} onChange={(event) => set('active', event.target.checked)} />
          {t('types.field.active')}
        </label>
        <div className="cert-drawer-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" data-testid="type-save" disabled={busy}>
            {busy ? t('types.saving') : t('types.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** "Tipi di certificato" (administrators): the types with their bollo, fees and validity; one opens for editing. */
export function TypesView() {
  const { t, format, language } = useI18n();
  const types = useCall('certificates/types/list', { includeInactive: true });
  const exemptions = useCall('certificates/exemptions/list', {});
  const [editing, setEditing] = useState<{ type: CertificateTypeInfo | null; serial: number } | null>(null);
  const [saved, setSaved] = useState<CertificateTypeInfo | null>(null);
  const euro = (cents: number) => euroText(cents, language, format);

  return (
    <div className="cert-types">
      <div className="cert-toolbar">
        <span className="page-intro">{t('types.intro')}</span>
        <button
          type="button"
          className="btn btn-primary cert-toolbar-end"
          data-testid="type-new"
          onClick={() => setEditing((previous) => ({ type: null, serial: (previous?.serial ?? 0) + 1 }))}
        >
          <Icon name="plus" />
          {t('types.new')}
        </button>
      </div>
      {saved && (
        <Notice kind="success" testId="type-saved" onClose={() => setSaved(null)}>
          {t('types.saved', { code: saved.code, version: saved.version })}
        </Notice>
      )}
      {types.error && <Notice kind="error">{errorMessage(types.error, t)}</Notice>}
      <div className="cert-types-layout">
        <table className="cert-types-table" data-testid="types-table">
          <thead>
            <tr>
              <th>{t('types.col.code')}</th>
              <th>{t('types.col.name')}</th>
              <th>{t('types.col.source')}</th>
              <th className="cell-num">{t('types.col.bollo')}</th>
              <th className="cell-num">{t('types.col.fees')}</th>
              <th>{t('types.col.validity')}</th>
              <th>{t('types.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {(types.data ?? []).map((type) => (
              <tr key={type.id} className={editing?.type?.id === type.id ? 'is-selected' : undefined}>
                <td className="cell-mono">
                  <button
                    type="button"
                    className="link-button"
                    data-testid={`type-open-${type.code}`}
                    onClick={() => setEditing((previous) => ({ type, serial: (previous?.serial ?? 0) + 1 }))}
                  >
                    {type.code}
                  </button>
                </td>
                <td>{type.name}</td>
                <td>{t(`certificates.source.${type.source}` as MessageKey)}</td>
                <td className="cell-num">{type.bolloApplies ? euro(type.bolloCents) : t('types.noBollo')}</td>
                <td className="cell-num">
                  {type.bolloApplies ? `${euro(type.feeWithBolloCents)} / ${euro(type.feeExemptCents)}` : euro(type.feeExemptCents)}
                </td>
                <td>{type.validityMonths === null ? t('types.unlimited') : t('types.months', { count: type.validityMonths })}</td>
                <td>{type.active ? t('types.active') : t('types.inactive')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {editing && (
          <TypeEditor
            key={editing.serial}
            type={editing.type}
            exemptions={exemptions.data ?? []}
            onClose={() => setEditing(null)}
            onSaved={(type) => {
              setSaved(type);
              setEditing(null);
              void types.reload();
            }}
          />
        )}
      </div>
    </div>
  );
}
