import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import type { Assignee, CaseDetail } from '../../shared/api/cases';
import { DECISION_OUTCOMES, type WorkflowAction } from '../../shared/domain/workflow';
import { Notice } from '../components/Notice';
import { FilePicker } from '../components/FilePicker';
import { useI18n } from '../i18n/I18nProvider';
import { isMessageKey, type Translate } from '../i18n/translate';
import { ACTION_SPECS, type ActionDraft, type ActionField, type FieldProblem } from './actionForms';

/** The applicant's term to answer, per action (art. 2 c.7: at most 30 days; art. 19 c.3: at least 30). */
const ANSWER_DAYS_RANGE: Partial<Record<WorkflowAction, { min: number; max: number }>> = {
  request_integration: { min: 1, max: 30 },
  request_conformation: { min: 30, max: 180 },
};

const TEXT_PROBLEMS: ReadonlySet<FieldProblem> = new Set(['reason_too_short', 'note_too_short']);

function problemText(field: ActionField, problem: FieldProblem, action: WorkflowAction, t: Translate): string {
  const range = ANSWER_DAYS_RANGE[action];
  if (field === 'answerWithinDays' && range) return t('caseForm.problem.answerDays', range);
  const key = `caseForm.problem.${problem}`;
  if (isMessageKey(key)) return t(key);
  const reasonKey = `reason.${problem}`;
  return isMessageKey(reasonKey) ? t(reasonKey) : t('reason.generic');
}

/** A label for a field that depends on the action (the reason of an integration request is "what is missing"). */
function fieldLabel(field: ActionField, action: WorkflowAction, t: Translate): string {
  const specific = `caseForm.${action}.${field}`;
  return isMessageKey(specific) ? t(specific) : t(`caseForm.field.${field}` as Parameters<Translate>[0]);
}

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

export interface ActionFormProps {
  action: WorkflowAction;
  detail: CaseDetail;
  draft: ActionDraft;
  problems: Partial<Record<ActionField, FieldProblem>>;
  busy: boolean;
  /** Set when the action is no longer possible (after a colleague's change): the text stays, the button is disabled. */
  unavailable: boolean;
  assignees: Assignee[] | null;
  upload: { accept: string; maxFileBytes: number } | null;
  /** Messages above the fields: the server's refusal, a colleague's change. */
  notices: ReactNode;
  onChange(patch: Partial<ActionDraft>): void;
  onProblem(field: ActionField, problem: FieldProblem | null): void;
  onSubmit(): void;
  onCancel(): void;
}

/**
 * One workflow step's form: exactly the fields `cases/act` needs for it, with the legal reference
 * in its heading. Ctrl+Enter confirms from a text area, Esc closes it (handled by the case screen).
 */
export function ActionForm(props: ActionFormProps) {
  const { action, detail, draft, problems, busy, unavailable, assignees, upload, notices, onChange, onProblem, onSubmit, onCancel } = props;
  const { t, format } = useI18n();
  const id = useId();
  const spec = ACTION_SPECS[action];
  const first = useRef<HTMLElement | null>(null);
  const range = ANSWER_DAYS_RANGE[action];
  const rejectionNeedsPreavviso = detail.procedure.clockRule !== 'scia' && !detail.preavvisoSent;

  useEffect(() => {
    first.current?.focus();
  }, [action]);

  const fieldId = (field: ActionField) => `${id}-${field}`;
  const errorId = (field: ActionField) => `${id}-${field}-error`;
  const refFor = (field: ActionField) => (element: HTMLElement | null) => {
    if (field === spec.firstField) first.current = element;
  };
  const invalidProps = (field: ActionField) =>
    problems[field] ? { 'aria-invalid': true as const, 'aria-describedby': errorId(field) } : { 'aria-invalid': undefined };
  const isEmptyText = (field: ActionField) =>
    typeof draft[field as keyof ActionDraft] === 'string' && String(draft[field as keyof ActionDraft]).trim() === '';
  const problemOf = (field: ActionField) =>
    problems[field] ? (
      <span className="field-error" id={errorId(field)} data-testid={`case-form-error-${field}`}>
        {/* An empty text is missing, not short. */}
        {TEXT_PROBLEMS.has(problems[field]) && isEmptyText(field) ? t('common.required') : problemText(field, problems[field], action, t)}
      </span>
    ) : null;

  const textArea = (field: 'reason' | 'measures' | 'note' | 'text', rows: number) => (
    <label className="field" key={field}>
      <span className="field-label">
        {fieldLabel(field, action, t)}
        {field === 'note' && <span className="optional"> ({t('caseForm.optional')})</span>}
      </span>
      <textarea
        ref={refFor(field)}
        id={fieldId(field)}
        className="input case-form-textarea"
        data-testid={`case-form-${field}`}
        rows={rows}
        maxLength={4000}
        value={draft[field]}
        onChange={(event) => onChange({ [field]: event.target.value })}
        {...invalidProps(field)}
      />
      {problemOf(field)}
    </label>
  );

  const onFile = async (file: File | null) => {
    if (!file) return onChange({ document: null });
    if (file.size === 0) return onProblem('document', 'empty_file');
    if (upload && file.size > upload.maxFileBytes) return onProblem('document', 'too_large');
    const contentBase64 = await readAsBase64(file);
    onProblem('document', null);
    onChange({ document: { filename: file.name, size: file.size, contentBase64 } });
  };

  const fields: Record<ActionField, () => ReactNode> = {
    assigneeId: () => (
      <label className="field" key="assigneeId">
        <span className="field-label">{fieldLabel('assigneeId', action, t)}</span>
        <select
          ref={refFor('assigneeId')}
          className="select"
          data-testid="case-form-assigneeId"
          value={draft.assigneeId}
          onChange={(event) => onChange({ assigneeId: event.target.value })}
          {...invalidProps('assigneeId')}
        >
          <option value="">{assignees ? t('caseForm.assigneePlaceholder') : t('common.loading')}</option>
          {(assignees ?? []).map((assignee) => (
            <option key={assignee.id} value={assignee.id} disabled={assignee.id === detail.assignee?.id}>
              {t('caseForm.assigneeOption', {
                name: assignee.name,
                role: isMessageKey(`role.${assignee.role}`) ? t(`role.${assignee.role}` as Parameters<Translate>[0]) : assignee.role,
                count: format.number(assignee.openCases),
              })}
            </option>
          ))}
        </select>
        {problemOf('assigneeId')}
      </label>
    ),
    outcome: () => (
      <fieldset className="fieldset case-form-outcomes" key="outcome" {...invalidProps('outcome')}>
        <legend className="field-label">{fieldLabel('outcome', action, t)}</legend>
        {DECISION_OUTCOMES.map((outcome, index) => {
          const blocked = outcome === 'rejected' && rejectionNeedsPreavviso;
          return (
            <label key={outcome} className="case-form-choice" data-disabled={blocked || undefined}>
              <input
                ref={index === 0 ? refFor('outcome') : undefined}
                type="radio"
                name={`${id}-outcome`}
                value={outcome}
                data-testid={`case-form-outcome-${outcome}`}
                checked={draft.outcome === outcome}
                disabled={blocked}
                onChange={() => onChange({ outcome })}
              />
              {t(`caseForm.outcome.${outcome}`)}
            </label>
          );
        })}
        {rejectionNeedsPreavviso && <span className="field-hint">{t('caseForm.rejectionNeedsPreavviso')}</span>}
        {problemOf('outcome')}
      </fieldset>
    ),
    reason: () => textArea('reason', action === 'assign' || action === 'withdraw' ? 2 : 4),
    measures: () => textArea('measures', 3),
    answerWithinDays: () => (
      <label className="field case-form-short" key="answerWithinDays">
        <span className="field-label">{fieldLabel('answerWithinDays', action, t)}</span>
        <input
          className="input"
          type="number"
          inputMode="numeric"
          data-testid="case-form-answerWithinDays"
          min={range?.min}
          max={range?.max}
          value={draft.answerWithinDays}
          onChange={(event) => onChange({ answerWithinDays: event.target.value })}
          {...invalidProps('answerWithinDays')}
        />
        {range && <span className="field-hint">{t('caseForm.answerDaysHint', range)}</span>}
        {problemOf('answerWithinDays')}
      </label>
    ),
    effectiveOn: () => (
      <label className="field case-form-short" key="effectiveOn">
        <span className="field-label">{fieldLabel('effectiveOn', action, t)}</span>
        <input
          ref={refFor('effectiveOn')}
          className="input"
          type="text"
          inputMode="numeric"
          placeholder={t('date.placeholder')}
          maxLength={10}
          data-testid="case-form-effectiveOn"
          value={draft.effectiveOn}
          onChange={(event) => onChange({ effectiveOn: event.target.value })}
          {...invalidProps('effectiveOn')}
        />
        {problemOf('effectiveOn')}
      </label>
    ),
    note: () => textArea('note', 2),
    text: () => textArea('text', 3),
    document: () => (
      <div className="field" key="document">
        <span className="field-label" id={`${fieldId('document')}-label`}>
          {fieldLabel('document', action, t)}
        </span>
        <FilePicker
          id={fieldId('document')}
          testId="case-form-document"
          accept={upload?.accept}
          labelledBy={`${fieldId('document')}-label`}
          describedBy={problems.document ? errorId('document') : undefined}
          chosen={
            draft.document
              ? t('caseForm.fileChosen', { name: draft.document.filename, size: format.number(Math.ceil(draft.document.size / 1024)) })
              : undefined
          }
          onFiles={(files) => void onFile(files[0] ?? null)}
        />
        {problemOf('document')}
      </div>
    ),
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy && !unavailable) onSubmit();
  };

  return (
    <form
      className="case-card case-form"
      data-testid="case-form"
      data-action={action}
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
      }}
    >
      <h2 id={`${id}-title`} className="case-form-title" data-testid="case-form-title">
        {t(`caseAction.${action}.heading`)}
      </h2>
      <p className="case-form-intro">{t(`caseAction.${action}.intro`)}</p>
      {action === 'request_integration' && !detail.clock.integrationSuspensionAvailable && (
        <Notice kind="warning" testId="case-form-no-suspension">
          {t('caseForm.integrationWithoutSuspension')}
        </Notice>
      )}
      {notices}
      <div className="case-form-fields">{spec.fields.map((field) => fields[field]())}</div>
      <div className="case-form-actions">
        <button
          ref={spec.firstField === null ? (element) => void (first.current = element) : undefined}
          type="submit"
          className="btn btn-primary"
          data-testid="case-form-submit"
          disabled={busy || unavailable}
        >
          {busy ? t('caseForm.busy') : t(`caseAction.${action}.submit`)}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="case-form-cancel"
          disabled={busy}
          onClick={onCancel}
          title={t('caseForm.cancelHint')}
        >
          {t('common.cancel')}
        </button>
        <span className="case-form-keys cell-muted">
          {spec.fields.some((f) => f !== 'effectiveOn' && f !== 'answerWithinDays') ? t('caseForm.keys') : t('caseForm.keysShort')}
        </span>
      </div>
    </form>
  );
}
