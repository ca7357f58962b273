import type { CaseEvent } from '../../shared/api/cases';
import type { Formatters } from '../i18n/format';
import { useI18n } from '../i18n/I18nProvider';
import type { Translate } from '../i18n/translate';
import { eventLabel } from './caseHistory';

/** "Teresa Tecnica — Presa in carico (12/03/2026 10:15)". */
export function colleagueStepLine(step: CaseEvent, t: Translate, format: Formatters): string {
  return t('caseScreen.colleagueStep', {
    who: step.actorName ?? step.actorLogin,
    what: eventLabel(step, t),
    when: format.dateTime(step.occurredAt),
  });
}

/** An introduction and one line per step a colleague took. */
export function ColleagueSteps({ steps, intro }: { steps: readonly CaseEvent[]; intro: string }) {
  const { t, format } = useI18n();
  return (
    <>
      <p>{intro}</p>
      {steps.length > 0 && (
        <ul className="colleague-steps" data-testid="colleague-steps">
          {steps.map((step) => (
            <li key={step.id}>{colleagueStepLine(step, t, format)}</li>
          ))}
        </ul>
      )}
    </>
  );
}
