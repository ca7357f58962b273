import { describe, expect, it as test } from 'vitest';
import { ACTION_SPECS, actionForShortcut, buildActionInput, emptyDraft, type ActionDraft } from '../../../src/renderer/cases/actionForms';
import { colleagueStepsSince, documentsOfEvent, eventLabel, messageOfEvent, newestFirst } from '../../../src/renderer/cases/caseHistory';
import { en } from '../../../src/renderer/i18n/en';
import { it } from '../../../src/renderer/i18n/it';
import { createTranslator } from '../../../src/renderer/i18n/translate';
import type { CaseEvent } from '../../../src/shared/api/cases';
import type { DocumentInfo } from '../../../src/shared/api/documents';
import type { OutboxMessage } from '../../../src/shared/api/messages';
import { CLOCK_STEP_TEMPLATES_IT } from '../../../src/shared/domain/procedureClock';
import { INSTANCE_STATUSES, TRANSITIONS, WORKFLOW_ACTIONS, type WorkflowAction } from '../../../src/shared/domain/workflow';

const TODAY = '2026-03-10';
const context = { instanceId: 7, expectedVersion: 4, today: TODAY };
const draft = (action: WorkflowAction, patch: Partial<ActionDraft> = {}): ActionDraft => ({ ...emptyDraft(action, TODAY), ...patch });

function event(id: number, action: string, actorLogin: string, details: Record<string, unknown> = {}): CaseEvent {
  return {
    id,
    occurredAt: '2026-03-10T09:00:00.000Z',
    effectiveOn: TODAY,
    action,
    fromStatus: 'in_progress',
    toStatus: action === 'decide' ? 'accepted' : 'in_progress',
    actorName: actorLogin === 'a.rossi' ? 'Anna Rossi' : 'Bruno Verdi',
    actorLogin,
    reason: null,
    details,
  };
}

describe('the action forms: what is typed becomes a cases/act input, checked by the contract', () => {
  test('a request for integration names the version the user saw and the term to answer (art. 2 c.7: at most 30 days)', () => {
    const built = buildActionInput('request_integration', draft('request_integration', { reason: 'Manca la relazione tecnica' }), context);
    expect(built).toEqual({
      ok: true,
      input: {
        instanceId: 7,
        expectedVersion: 4,
        action: 'request_integration',
        reason: 'Manca la relazione tecnica',
        answerWithinDays: 30,
      },
    });
    const tooLong = buildActionInput(
      'request_integration',
      draft('request_integration', { reason: 'Manca la relazione tecnica', answerWithinDays: '45' }),
      context,
    );
    expect(tooLong).toEqual({ ok: false, problems: { answerWithinDays: 'too_big' } });
  });

  test('a conformation request gives the applicant at least 30 days (art. 19 c.3) and needs both the findings and the measures', () => {
    const built = buildActionInput(
      'request_conformation',
      draft('request_conformation', { reason: 'Altezza non conforme', answerWithinDays: '20' }),
      context,
    );
    expect(built).toEqual({ ok: false, problems: { measures: 'reason_too_short', answerWithinDays: 'too_small' } });
  });

  test('too short a reason or note is refused field by field', () => {
    expect(buildActionInput('send_preavviso', draft('send_preavviso', { reason: 'No' }), context)).toEqual({
      ok: false,
      problems: { reason: 'reason_too_short' },
    });
    expect(buildActionInput('add_note', draft('add_note'), context)).toEqual({ ok: false, problems: { text: 'note_too_short' } });
  });

  test('receipt days are typed the Italian way, and cannot be invalid or in the future', () => {
    expect(buildActionInput('receive_integration', draft('receive_integration', { effectiveOn: '9/3/2026' }), context)).toEqual({
      ok: true,
      input: { instanceId: 7, expectedVersion: 4, action: 'receive_integration', effectiveOn: '2026-03-09' },
    });
    expect(buildActionInput('receive_integration', draft('receive_integration', { effectiveOn: '31/02/2026' }), context)).toEqual({
      ok: false,
      problems: { effectiveOn: 'day_invalid' },
    });
    expect(buildActionInput('receive_observations', draft('receive_observations', { effectiveOn: '11/03/2026' }), context)).toEqual({
      ok: false,
      problems: { effectiveOn: 'date_in_future' },
    });
    expect(emptyDraft('receive_conformation', TODAY).effectiveOn).toBe('10/03/2026');
  });

  test('a decision needs the outcome, the grounds and the signed document', () => {
    expect(buildActionInput('decide', draft('decide'), context)).toEqual({
      ok: false,
      problems: { outcome: 'outcome_required', document: 'document_required', reason: 'reason_too_short' },
    });
    const document = { filename: 'provvedimento.pdf', size: 3, contentBase64: 'JVBE' };
    const built = buildActionInput(
      'decide',
      draft('decide', { outcome: 'accepted', reason: 'Conforme al PRG vigente', document }),
      context,
    );
    expect(built).toMatchObject({
      ok: true,
      input: { action: 'decide', outcome: 'accepted', document: { filename: 'provvedimento.pdf', contentBase64: 'JVBE' } },
    });
  });

  test('an assignment needs the person chosen', () => {
    expect(buildActionInput('assign', draft('assign', { reason: 'Ferie del titolare' }), context)).toEqual({
      ok: false,
      problems: { assigneeId: 'assignee_required' },
    });
  });

  test('in every status, the actions that can be offered together have different Alt shortcuts', () => {
    for (const status of INSTANCE_STATUSES) {
      const offered = [...new Set(TRANSITIONS.filter((transition) => transition.from === status).map((transition) => transition.action))];
      const keys = offered.map((action) => ACTION_SPECS[action].shortcut);
      expect(new Set(keys).size, status).toBe(keys.length);
    }
    expect(actionForShortcut('r', ['receive_observations', 'add_note'])).toBe('receive_observations');
    expect(actionForShortcut('P', ['add_note'])).toBeNull();
  });
});

describe('reading the history', () => {
  const history = [
    event(1, 'register', 'a.rossi'),
    event(2, 'take_in_charge', 'a.rossi'),
    event(3, 'add_note', 'b.verdi'),
    event(4, 'decide', 'b.verdi', { outcomeDocumentId: 12, messageId: 5 }),
  ];

  test("a colleague's steps since the last one seen are news; one's own are not", () => {
    expect(colleagueStepsSince(history, 2, 'a.rossi').map((step) => step.id)).toEqual([3, 4]);
    expect(colleagueStepsSince(history, 2, 'b.verdi')).toEqual([]);
    expect(newestFirst(history).map((step) => step.id)).toEqual([4, 3, 2, 1]);
  });

  test('each step shows what it produced: the registered files, the outcome document, the letter', () => {
    const doc = (id: number, kind: DocumentInfo['kind']) => ({ id, kind }) as DocumentInfo;
    const documents = [doc(10, 'application'), doc(11, 'attachment'), doc(12, 'outcome'), doc(13, 'integration')];
    expect(documentsOfEvent(history[0]!, documents).map((document) => document.id)).toEqual([10, 11]);
    expect(documentsOfEvent(history[3]!, documents).map((document) => document.id)).toEqual([12]);
    expect(documentsOfEvent(history[2]!, documents)).toEqual([]);
    const letter = { id: 5, subject: 'Esito del procedimento' } as OutboxMessage;
    expect(messageOfEvent(history[3]!, [letter])).toBe(letter);
    expect(messageOfEvent(history[1]!, [letter])).toBeNull();
  });

  test('a decision reads with its outcome', () => {
    expect(eventLabel(history[3]!, createTranslator('it'))).toBe('Decisione: Accolta');
    expect(eventLabel(history[1]!, createTranslator('en'))).toBe('Taken in charge');
  });
});

describe('the case screen speaks Italian (and English) for every action, step and refusal', () => {
  test('every workflow action has its button, legal heading, explanation, confirmation and history label', () => {
    for (const action of WORKFLOW_ACTIONS) {
      for (const part of ['label', 'heading', 'intro', 'submit'])
        expect(Object.hasOwn(it, `caseAction.${action}.${part}`), `${action}.${part}`).toBe(true);
      expect(Object.hasOwn(it, `caseEvent.${action}`), action).toBe(true);
    }
  });

  test('the clock explanation in Italian is the clock’s own text, and every step can be read in English', () => {
    for (const [code, template] of Object.entries(CLOCK_STEP_TEMPLATES_IT)) {
      expect((it as Record<string, string>)[`clockStep.${code}`], code).toBe(template);
      expect(Object.hasOwn(en, `clockStep.${code}`), code).toBe(true);
    }
  });

  test('every refusal of the workflow has a sentence', () => {
    const reasons = [
      'not_allowed_for_role',
      'not_holder',
      'not_allowed_in_status',
      'case_closed',
      'integration_already_requested',
      'conformation_only_for_scia',
      'integration_not_for_scia',
      'preavviso_not_for_scia',
      'preavviso_required',
      'assignee_not_eligible',
      'assignee_unchanged',
      'date_in_future',
      'date_before_last_step',
      'case_changed',
      'case_not_found',
      'template_incomplete',
      'party_not_found',
    ];
    for (const reason of reasons) expect(Object.hasOwn(it, `reason.${reason}`), reason).toBe(true);
  });
});
