import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiError } from '../../shared/api/errors';
import { STAFF_ROLES } from '../../shared/api/session';
import { PASSWORD_MIN_LENGTH, type StaffMember } from '../../shared/api/staff';
import { call } from '../api/client';
import { useCall } from '../api/hooks';
import { Icon } from '../components/Icon';
import { errorMessage, issueMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/it';
import { CloseButton } from '../components/CloseButton';
import {
  clientSideErrors,
  EMPTY_STAFF_FORM,
  fieldOfError,
  fieldOfIssuePath,
  normaliseUsernameInput,
  passwordRules,
  toCreateStaffInput,
  type StaffFormField,
  type StaffFormValues,
} from './staffForm';

const FIELD_LABEL: Record<StaffFormField, MessageKey> = {
  username: 'staff.field.username',
  fullName: 'staff.field.fullName',
  email: 'staff.field.email',
  role: 'staff.field.role',
  officeIds: 'staff.field.offices',
  password: 'staff.field.password',
  passwordConfirm: 'staff.field.passwordConfirm',
};

const FIELD_ORDER: readonly StaffFormField[] = ['username', 'fullName', 'email', 'role', 'officeIds', 'password', 'passwordConfirm'];

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** "Nuovo utente": a side panel (modal <dialog>) over the staff list. */
export function CreateStaffPanel({ onClose, onCreated }: { onClose(): void; onCreated(member: StaffMember): void }) {
  const { t } = useI18n();
  const offices = useCall('offices/list', {});
  const dialog = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState<StaffFormValues>(EMPTY_STAFF_FORM);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<StaffFormField, string>>>({});
  const [formError, setFormError] = useState<{ message: string; issues: { field: StaffFormField | null; message: string }[] } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    document.getElementById('staff-username')?.focus();
    return () => element.close();
  }, []);

  const set = <K extends keyof StaffFormValues>(key: K, value: StaffFormValues[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
    if (fieldErrors[key as StaffFormField]) setFieldErrors((previous) => ({ ...previous, [key]: undefined }));
  };

  const focusField = (field: StaffFormField) => {
    const id = field === 'officeIds' ? 'staff-offices' : `staff-${field === 'passwordConfirm' ? 'password-confirm' : field.toLowerCase()}`;
    const element = document.getElementById(id);
    const target = field === 'officeIds' ? element?.querySelector<HTMLInputElement>('input') : element;
    target?.focus();
  };

  const showServerError = (error: ApiError) => {
    const fields: Partial<Record<StaffFormField, string>> = {};
    const issues: { field: StaffFormField | null; message: string }[] = [];
    for (const issue of error.issues ?? []) {
      const field = fieldOfIssuePath(issue.path);
      const message = issueMessage(issue, t);
      issues.push({ field, message });
      if (field && !fields[field]) fields[field] = message;
    }
    const errorField = fieldOfError(error);
    if (errorField && !fields[errorField]) fields[errorField] = errorMessage(error, t);
    const rank = (field: StaffFormField | null) => (field ? FIELD_ORDER.indexOf(field) : FIELD_ORDER.length);
    issues.sort((a, b) => rank(a.field) - rank(b.field));
    setFieldErrors(fields);
    setFormError({ message: errorMessage(error, t), issues });
    const first = FIELD_ORDER.find((field) => fields[field]);
    if (first) requestAnimationFrame(() => focusField(first));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local = clientSideErrors(values);
    if (local.passwordConfirm) {
      setFieldErrors({ passwordConfirm: t('staff.field.passwordMismatch') });
      setFormError({
        message: t('staff.form.fixErrors'),
        issues: [{ field: 'passwordConfirm', message: t('staff.field.passwordMismatch') }],
      });
      focusField('passwordConfirm');
      return;
    }
    setBusy(true);
    setFormError(null);
    const result = await call('staff/create', toCreateStaffInput(values));
    setBusy(false);
    if (result.ok) {
      onCreated(result.data);
      return;
    }
    showServerError(result.error);
  };

  const rules = passwordRules(values.password);
  const describedBy = (id: string, field: StaffFormField, hint: boolean) =>
    [hint ? `${id}-hint` : '', fieldErrors[field] ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <dialog
      ref={dialog}
      className="drawer"
      aria-labelledby="staff-create-title"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form className="drawer-form" onSubmit={submit} noValidate aria-busy={busy}>
        <div className="drawer-head">
          <h2 id="staff-create-title">{t('staff.create.title')}</h2>
          <CloseButton onClick={onClose} disabled={busy} />
        </div>

        <div className="drawer-body">
          <p className="page-intro">{t('staff.create.intro')}</p>

          {formError && (
            <div className="alert" role="alert" data-testid="staff-form-error">
              <Icon name="alert" />
              <div className="alert-body">
                <div>{formError.message}</div>
                {formError.issues.length > 0 && (
                  <ul className="error-summary">
                    {formError.issues.map((issue, index) => (
                      <li key={index}>
                        {issue.field ? (
                          <a
                            href={`#${issue.field}`}
                            onClick={(event) => {
                              event.preventDefault();
                              if (issue.field) focusField(issue.field);
                            }}
                          >
                            {t(FIELD_LABEL[issue.field])}: {issue.message}
                          </a>
                        ) : (
                          issue.message
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
          )}

          <Field id="staff-username" label={t('staff.field.username')} hint={t('staff.field.usernameHint')} error={fieldErrors.username}>
            <input
              id="staff-username"
              className="input input-mono"
              data-testid="staff-username"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={48}
              value={values.username}
              aria-invalid={!!fieldErrors.username || undefined}
              aria-describedby={describedBy('staff-username', 'username', true)}
              onChange={(event) => set('username', normaliseUsernameInput(event.target.value))}
            />
          </Field>

          <Field id="staff-fullname" label={t('staff.field.fullName')} error={fieldErrors.fullName}>
            <input
              id="staff-fullname"
              className="input"
              data-testid="staff-fullname"
              autoComplete="off"
              maxLength={120}
              value={values.fullName}
              aria-invalid={!!fieldErrors.fullName || undefined}
              aria-describedby={describedBy('staff-fullname', 'fullName', false)}
              onChange={(event) => set('fullName', event.target.value)}
            />
          </Field>

          <div className="form-row">
            <Field
              id="staff-email"
              label={
                <>
                  {t('staff.field.email')} <span className="optional">({t('staff.field.optional')})</span>
                </>
              }
              error={fieldErrors.email}
            >
              <input
                id="staff-email"
                className="input"
                type="email"
                data-testid="staff-email"
                autoComplete="off"
                maxLength={200}
                value={values.email}
                aria-invalid={!!fieldErrors.email || undefined}
                aria-describedby={describedBy('staff-email', 'email', false)}
                onChange={(event) => set('email', event.target.value)}
              />
            </Field>

            <Field id="staff-role" label={t('staff.field.role')} error={fieldErrors.role}>
              <select
                id="staff-role"
                className="select"
                data-testid="staff-role"
                value={values.role}
                aria-invalid={!!fieldErrors.role || undefined}
                aria-describedby={describedBy('staff-role', 'role', false)}
                onChange={(event) => set('role', event.target.value as StaffFormValues['role'])}
              >
                <option value="" disabled>
                  {t('staff.field.rolePlaceholder')}
                </option>
                {STAFF_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {t(`role.${role}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>

          <fieldset className="field fieldset" aria-describedby="staff-offices-hint">
            <legend className="field-label">{t('staff.field.offices')}</legend>
            <div className="office-list" id="staff-offices" aria-invalid={!!fieldErrors.officeIds || undefined}>
              {offices.data === null && !offices.error && <span className="field-hint">{t('staff.field.officesLoading')}</span>}
              {offices.error && <span className="field-error">{errorMessage(offices.error, t)}</span>}
              {offices.data?.map((office) => (
                <label key={office.id}>
                  <input
                    type="checkbox"
                    data-testid={`staff-office-${office.id}`}
                    checked={values.officeIds.includes(office.id)}
                    onChange={(event) =>
                      set(
                        'officeIds',
                        event.target.checked ? [...values.officeIds, office.id] : values.officeIds.filter((id) => id !== office.id),
                      )
                    }
                  />
                  <span>{office.name}</span>
                  <span className="office-code">{office.code}</span>
                </label>
              ))}
            </div>
            <span className="field-hint" id="staff-offices-hint">
              {t('staff.field.officesHint')}
            </span>
            {fieldErrors.officeIds && <span className="field-error">{fieldErrors.officeIds}</span>}
          </fieldset>

          <div className="form-row">
            <Field id="staff-password" label={t('staff.field.password')} error={fieldErrors.password}>
              <input
                id="staff-password"
                className="input"
                type="password"
                data-testid="staff-password"
                autoComplete="new-password"
                maxLength={200}
                value={values.password}
                aria-invalid={!!fieldErrors.password || undefined}
                aria-describedby={['staff-password-rules', fieldErrors.password ? 'staff-password-error' : ''].filter(Boolean).join(' ')}
                onChange={(event) => set('password', event.target.value)}
              />
            </Field>
            <Field id="staff-password-confirm" label={t('staff.field.passwordConfirm')} error={fieldErrors.passwordConfirm}>
              <input
                id="staff-password-confirm"
                className="input"
                type="password"
                data-testid="staff-password-confirm"
                autoComplete="new-password"
                maxLength={200}
                value={values.passwordConfirm}
                aria-invalid={!!fieldErrors.passwordConfirm || undefined}
                aria-describedby={describedBy('staff-password-confirm', 'passwordConfirm', false)}
                onChange={(event) => set('passwordConfirm', event.target.value)}
              />
            </Field>
          </div>
          <ul className="rules" id="staff-password-rules" aria-label={t('staff.field.passwordHint', { min: PASSWORD_MIN_LENGTH })}>
            <li data-met={rules.length}>
              <Icon name={rules.length ? 'check' : 'dot'} />
              {t('staff.rule.length', { min: PASSWORD_MIN_LENGTH })}
            </li>
            <li data-met={rules.lettersAndDigits}>
              <Icon name={rules.lettersAndDigits ? 'check' : 'dot'} />
              {t('staff.rule.mix')}
            </li>
          </ul>
        </div>

        <div className="drawer-foot">
          <button type="button" className="btn" disabled={busy} onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" data-testid="staff-create-submit" disabled={busy}>
            {busy ? t('staff.create.busy') : t('staff.create.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
