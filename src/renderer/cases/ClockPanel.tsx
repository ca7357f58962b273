import { useId, useState } from 'react';
import type { CaseDetail } from '../../shared/api/cases';
import { isIsoDate } from '../../shared/domain/calendar';
import type { ClockStep, ProcedureClock } from '../../shared/domain/procedureClock';
import { useI18n } from '../i18n/I18nProvider';
import { isMessageKey, type MessageParams, type Translate } from '../i18n/translate';
import type { Formatters } from '../i18n/format';

function stepParams(step: ClockStep, format: Formatters): MessageParams {
  return Object.fromEntries(
    Object.entries(step.params).map(([name, value]) => [name, typeof value === 'string' && isIsoDate(value) ? format.date(value) : value]),
  );
}

/** A step of the explanation in the user's language; the Italian text of the clock when no translation exists. */
function stepText(step: ClockStep, t: Translate, format: Formatters): string {
  const key = `clockStep.${step.code}`;
  return isMessageKey(key) ? t(key, stepParams(step, format)) : step.text;
}

/** "12 giorni residui", "scade oggi", "scaduto da 3 giorni" (or, once stopped, how it ended against the term). */
function daysText(clock: ProcedureClock, t: Translate, format: Formatters): { text: string; overdue: boolean } | null {
  if (clock.daysLeft === null) return null;
  const days = format.number(Math.abs(clock.daysLeft));
  if (clock.status === 'stopped') {
    if (clock.daysLeft < 0) return { text: t('clock.concludedLate', { days }), overdue: true };
    return { text: t('clock.concludedInTime'), overdue: false };
  }
  if (clock.daysLeft < 0) return { text: clock.daysLeft === -1 ? t('clock.overdueOne') : t('clock.overdue', { days }), overdue: true };
  if (clock.daysLeft === 0) return { text: t('clock.dueToday'), overdue: false };
  return { text: clock.daysLeft === 1 ? t('clock.daysLeftOne') : t('clock.daysLeft', { days }), overdue: false };
}

function PauseDetails({ clock }: { clock: ProcedureClock }) {
  const { t, format } = useI18n();
  const pause = clock.pause;
  if (!pause) return null;
  return (
    <div className="clock-pause" data-testid="clock-pause">
      <p>{t(`clock.pause.${pause.kind}`, { since: format.date(pause.since) })}</p>
      {pause.answerBy && pause.awaitingAnswer && <p>{t('clock.pause.answerBy', { date: format.date(pause.answerBy) })}</p>}
      {pause.effect === 'suspension' && pause.suspendedUntil && (
        <p>{t('clock.pause.suspendedUntil', { date: format.date(pause.suspendedUntil), days: format.number(pause.termDaysLeft) })}</p>
      )}
      {pause.effect === 'interruption' && <p>{t('clock.pause.restartsInFull', { days: format.number(pause.termDaysLeft) })}</p>}
    </div>
  );
}

/**
 * Where the legal term stands, in words: running, suspended, interrupted or stopped; the due
 * date and the days left (overdue in red); tacit approval or the SCIA's prohibition deadline; and,
 * on request, each step of the computation with the article it applies.
 */
export function ClockPanel({ detail }: { detail: CaseDetail }) {
  const { t, format } = useI18n();
  const [explained, setExpanded] = useState(false);
  const stepsId = useId();
  const { clock } = detail;
  const days = daysText(clock, t, format);
  // While suspended, the due date holds only if the applicant does not answer: an answer moves it.
  const waitingForAnswer = clock.status === 'suspended' && clock.pause?.awaitingAnswer === true;

  return (
    <section
      className="case-card clock-panel"
      data-testid="clock-panel"
      data-clock-status={clock.status}
      aria-labelledby={`${stepsId}-title`}
    >
      <h2 id={`${stepsId}-title`} className="case-card-title">
        {t('clock.title')}
      </h2>
      <p
        className={`clock-status clock-status-${clock.status === 'running' && clock.overdueDays > 0 ? 'expired' : clock.status}`}
        data-testid="clock-status"
      >
        {clock.status === 'stopped' && clock.stoppedBy && clock.stoppedOn
          ? t(`clock.stoppedBy.${clock.stoppedBy}`, { date: format.date(clock.stoppedOn) })
          : clock.status === 'running' && clock.overdueDays > 0
            ? t('clock.status.expired')
            : t(`clock.status.${clock.status}`)}
      </p>
      <dl className="clock-facts">
        {/* For a SCIA the due date is the last day to prohibit the activity (art. 19 c.3). */}
        <dt>
          {t(detail.procedure.clockRule === 'scia' ? 'clock.prohibitionDeadline' : 'clock.dueDate')}
          {waitingForAnswer && <span className="clock-if"> {t('clock.ifNoAnswer')}</span>}
        </dt>
        <dd data-testid="clock-due-date">{clock.dueDate ? format.date(clock.dueDate) : t('clock.dueDateAfterAnswer')}</dd>
        {days && (
          <>
            <dt>{t('clock.daysLabel')}</dt>
            <dd data-testid="clock-days" className={days.overdue ? 'clock-overdue' : undefined}>
              {days.text}
            </dd>
          </>
        )}
        {clock.tacitApprovalOn && (
          <>
            <dt>{t('clock.tacitApproval')}</dt>
            <dd data-testid="clock-tacit-approval">{format.date(clock.tacitApprovalOn)}</dd>
          </>
        )}
        {clock.deemedProhibitedOn && (
          <>
            <dt>{t('clock.deemedProhibited')}</dt>
            <dd className="clock-overdue">{format.date(clock.deemedProhibitedOn)}</dd>
          </>
        )}
        {clock.suspendedDays > 0 && (
          <>
            <dt>{t('clock.suspendedDays')}</dt>
            <dd>{format.number(clock.suspendedDays)}</dd>
          </>
        )}
      </dl>
      <PauseDetails clock={clock} />
      <button
        type="button"
        className="btn btn-ghost btn-small clock-explain-toggle"
        data-testid="clock-explain-toggle"
        aria-expanded={explained}
        aria-controls={stepsId}
        onClick={() => setExpanded((open) => !open)}
      >
        <span aria-hidden="true">{explained ? '▾' : '▸'}</span> {t('clock.explain')}
      </button>
      {explained && (
        <ol id={stepsId} className="clock-steps" data-testid="clock-steps">
          {clock.steps.map((step, index) => (
            <li key={`${step.code}-${index}`}>
              <span className="clock-step-date">{format.date(step.on)}</span>
              <span className="clock-step-text">{stepText(step, t, format)}</span>
              <span className="clock-step-article">{step.article}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
