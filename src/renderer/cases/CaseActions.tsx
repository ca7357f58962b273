import { useCallback, useEffect, useRef, useState } from 'react';
import type { Assignee, CaseActionInputValue, CaseDetail, CaseEvent } from '../../shared/api/cases';
import type { ApiError } from '../../shared/api/errors';
import { todayInRome } from '../../shared/domain/calendar';
import type { WorkflowAction } from '../../shared/domain/workflow';
import { call } from '../api/client';
import { useCall } from '../api/hooks';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { ActionForm } from './ActionForm';
import {
  ACTION_FIELDS,
  ACTION_SPECS,
  actionForShortcut,
  buildActionInput,
  emptyDraft,
  type ActionDraft,
  type ActionField,
  type FieldProblem,
} from './actionForms';
import { colleagueStepsSince, lastEventId } from './caseHistory';
import { ColleagueSteps } from './ColleagueSteps';
import type { ActOutcome } from './useLiveCase';

interface OpenForm {
  action: WorkflowAction;
  /** The case as the user saw it when opening the form: the step is decided on this version. */
  expectedVersion: number;
  seenEventId: number;
}

type Problems = Partial<Record<ActionField, FieldProblem>>;

/** Whether another dialog (a document viewer) is in front: then Esc belongs to it. */
function dialogInFront(): boolean {
  return document.querySelector('dialog[open]') !== null;
}

/**
 * The actions the user may take now, one button each (with its Alt shortcut), and the form of the
 * one being taken. What is typed survives reloads of the case and conflicts with colleagues.
 */
export function CaseActions({
  detail,
  myLogin,
  act,
  onStepDone,
  onFormOpen,
}: {
  detail: CaseDetail;
  myLogin: string;
  act(input: CaseActionInputValue): Promise<ActOutcome>;
  onStepDone(action: WorkflowAction): void;
  /** A form opens: the notice of the previous step is no longer news. */
  onFormOpen(): void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState<OpenForm | null>(null);
  const [drafts, setDrafts] = useState<Partial<Record<WorkflowAction, ActionDraft>>>({});
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [conflictSteps, setConflictSteps] = useState<CaseEvent[] | null>(null);
  const [assignees, setAssignees] = useState<Assignee[] | null>(null);
  const uploadPolicy = useCall('documents/uploadPolicy', {});
  const buttons = useRef(new Map<WorkflowAction, HTMLButtonElement>());
  const toolbar = useRef<HTMLDivElement>(null);

  const openForm = useCallback(
    (action: WorkflowAction) => {
      onFormOpen();
      setOpen({ action, expectedVersion: detail.version, seenEventId: lastEventId(detail.history) });
      setDrafts((current) => (current[action] ? current : { ...current, [action]: emptyDraft(action, todayInRome()) }));
      setProblems({});
      setRefusal(null);
      setConflictSteps(null);
    },
    [detail, onFormOpen],
  );

  const closeForm = useCallback(() => {
    const action = open?.action;
    setOpen(null);
    setProblems({});
    setRefusal(null);
    setConflictSteps(null);
    // Back to where the user started, so the keyboard flow continues.
    const button = action ? buttons.current.get(action) : undefined;
    (button ?? toolbar.current?.querySelector<HTMLButtonElement>('button'))?.focus();
  }, [open]);

  // The assignee list (with each person's open cases) is read when the assignment form opens.
  useEffect(() => {
    if (open?.action !== 'assign') return;
    let cancelled = false;
    void call('cases/assignees', { instanceId: detail.id }).then((result) => {
      if (cancelled) return;
      if (result.ok) setAssignees(result.data);
      else setRefusal(result.error);
    });
    return () => {
      cancelled = true;
    };
  }, [open?.action, detail.id]);

  // Alt+<letter> opens an action's form; Esc closes it.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && open && !busy && !dialogInFront()) {
        event.preventDefault();
        event.stopPropagation();
        closeForm();
        return;
      }
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const letter = /^Key([A-Z])$/.exec(event.code)?.[1];
      if (!letter) return;
      // While a case is open, Alt+letter belongs to it, not to the page hidden under it.
      event.stopPropagation();
      const action = actionForShortcut(letter, detail.actions);
      if (!action || busy) return;
      event.preventDefault();
      openForm(action);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [open, busy, detail.actions, openForm, closeForm]);

  const draft = open ? (drafts[open.action] ?? emptyDraft(open.action, todayInRome())) : null;

  const submit = async () => {
    if (!open || !draft) return;
    const built = buildActionInput(open.action, draft, {
      instanceId: detail.id,
      expectedVersion: open.expectedVersion,
      today: todayInRome(),
    });
    if (!built.ok) return setProblems(built.problems);
    setBusy(true);
    setRefusal(null);
    const outcome = await act(built.input);
    setBusy(false);
    if (outcome.ok) {
      setDrafts((current) => {
        const next = { ...current };
        delete next[open.action];
        return next;
      });
      setOpen(null);
      setConflictSteps(null);
      onStepDone(open.action);
      return;
    }
    setRefusal(outcome.error);
    const fieldProblems: Problems = {};
    for (const issue of outcome.error.issues ?? []) {
      const field = issue.path.split('.')[0] as ActionField;
      if ((ACTION_FIELDS as readonly string[]).includes(field)) fieldProblems[field] ??= issue.reason;
    }
    setProblems(fieldProblems);
    if (outcome.latest) {
      // The form now stands on the case as it is: confirming again applies the step to it.
      setConflictSteps(colleagueStepsSince(outcome.latest.history, open.seenEventId, myLogin));
      setOpen({ ...open, expectedVersion: outcome.latest.version, seenEventId: lastEventId(outcome.latest.history) });
    }
  };

  const unavailable = open !== null && !detail.actions.includes(open.action);
  const notices = (
    <>
      {refusal && refusal.reason === 'case_changed' ? (
        <Notice kind="warning" testId="case-conflict">
          <ColleagueSteps steps={conflictSteps ?? []} intro={t('caseForm.conflict')} />
          <p>{unavailable ? t('caseForm.conflictUnavailable') : t('caseForm.conflictKept')}</p>
        </Notice>
      ) : (
        refusal && (
          <Notice kind="error" testId="case-action-error">
            {errorMessage(refusal, t)}
          </Notice>
        )
      )}
      {unavailable && refusal?.reason !== 'case_changed' && (
        <Notice kind="warning" testId="case-form-unavailable">
          {t('caseForm.unavailable')}
        </Notice>
      )}
    </>
  );

  return (
    <div className="case-actions">
      <div className="case-action-bar" role="toolbar" aria-label={t('caseActions.label')} ref={toolbar} data-testid="case-action-bar">
        {detail.actions.length === 0 && <span className="cell-muted">{t('caseActions.none')}</span>}
        {detail.actions.map((action) => {
          const shortcut = `Alt+${ACTION_SPECS[action].shortcut}`;
          return (
            <button
              key={action}
              ref={(element) => {
                if (element) buttons.current.set(action, element);
                else buttons.current.delete(action);
              }}
              type="button"
              className={open?.action === action ? 'btn btn-primary' : 'btn'}
              data-testid={`case-action-${action}`}
              aria-keyshortcuts={shortcut}
              aria-expanded={open?.action === action}
              title={t('caseActions.tooltip', { action: t(`caseAction.${action}.label`), shortcut })}
              onClick={() => openForm(action)}
            >
              {t(`caseAction.${action}.label`)}
              <kbd aria-hidden="true">{shortcut}</kbd>
            </button>
          );
        })}
      </div>
      {open && draft && (
        <ActionForm
          action={open.action}
          detail={detail}
          draft={draft}
          problems={problems}
          busy={busy}
          unavailable={unavailable}
          assignees={assignees}
          upload={uploadPolicy.data}
          notices={notices}
          onChange={(patch) => setDrafts((current) => ({ ...current, [open.action]: { ...draft, ...current[open.action], ...patch } }))}
          onProblem={(field, problem) =>
            setProblems((current) => {
              const next = { ...current };
              if (problem) next[field] = problem;
              else delete next[field];
              return next;
            })
          }
          onSubmit={() => void submit()}
          onCancel={closeForm}
        />
      )}
    </div>
  );
}
