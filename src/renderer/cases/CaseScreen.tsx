import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { CaseDetail } from '../../shared/api/cases';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import type { WorkflowAction } from '../../shared/domain/workflow';
import { useCall, useSession } from '../api/hooks';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { StatusPill } from '../components/StatusPill';
import { DocumentList } from '../documents/DocumentList';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { MessageList } from '../messages/MessageList';
import { CaseActions } from './CaseActions';
import { CaseTimeline } from './CaseTimeline';
import { ClockPanel } from './ClockPanel';
import { colleagueStepLine } from './ColleagueSteps';
import { useWorkspaceNavigation } from './navigation';
import { useLiveCase, type ColleagueUpdate } from './useLiveCase';
import { CloseButton } from '../components/CloseButton';

const TABS = ['timeline', 'documents', 'messages'] as const;
type Tab = (typeof TABS)[number];

function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

function CaseHeader({ detail }: { detail: CaseDetail }) {
  const { t, format } = useI18n();
  const { openDossier } = useWorkspaceNavigation();
  const { applicant, fascicolo } = detail;
  return (
    <dl className="case-facts" data-testid="case-facts">
      <div>
        <dt>{t('caseScreen.applicant')}</dt>
        <dd>
          <button
            type="button"
            className="link-button"
            data-testid="case-applicant"
            title={t('caseScreen.openDossier')}
            onClick={() => openDossier({ kind: applicant.kind, id: applicant.id })}
          >
            {applicant.name}
          </button>
          <span className="case-fact-sub">{applicant.taxCode}</span>
        </dd>
      </div>
      <div>
        <dt>{t('caseScreen.office')}</dt>
        <dd data-testid="case-office">{detail.office.name}</dd>
      </div>
      <div>
        <dt>{t('caseScreen.assignee')}</dt>
        <dd data-testid="case-assignee">{detail.assignee?.name ?? <span className="cell-muted">{t('worklist.unassigned')}</span>}</dd>
      </div>
      <div>
        <dt>{t('caseScreen.received')}</dt>
        <dd>
          {format.date(detail.receivedAt)}
          <span className="case-fact-sub">{t(`caseScreen.channel.${detail.channel}`)}</span>
        </dd>
      </div>
      <div className="case-fact-wide">
        <dt>{t('caseScreen.fascicolo')}</dt>
        <dd data-testid="case-fascicolo">
          {fascicolo ? (
            <>
              <span className="cell-mono">{fascicolo.identifier}</span>
              <span className="case-fact-sub">
                {fascicolo.classificationCode} {fascicolo.classificationTitle}
              </span>
            </>
          ) : (
            <span className="cell-muted">{t('common.none')}</span>
          )}
        </dd>
      </div>
    </dl>
  );
}

/** "Aggiornata da un collega": a quiet line in the header, so nothing on the screen moves under the user's hands. */
function LiveUpdateChip({ update, onDismiss }: { update: ColleagueUpdate; onDismiss(): void }) {
  const { t, format } = useI18n();
  const text = `${t('caseScreen.updatedByColleague')} ${update.steps.map((step) => colleagueStepLine(step, t, format)).join('; ')}`;
  return (
    <div className="case-live" role="status" data-testid="case-live-update" title={text}>
      <Icon name="refresh" />
      <span className="case-live-text">{text}</span>
      <CloseButton onClick={onDismiss} />
    </div>
  );
}

/**
 * The case screen: header (protocol, procedure, applicant, status, office, assignee, fascicolo),
 * the procedure clock, the actions the user may take, and the case's timeline, documents and
 * messages. It follows colleagues' changes live and says so.
 */
export function CaseScreen({ instanceId, onClose }: { instanceId: number; onClose(): void }) {
  const { t, format } = useI18n();
  const { session } = useSession();
  const myLogin = session?.username ?? '';
  const live = useLiveCase(instanceId, myLogin);
  const { detail } = live;
  const [tab, setTab] = useState<Tab>('timeline');
  const [done, setDone] = useState<WorkflowAction | null>(null);
  const clearDone = useCallback(() => setDone(null), []);
  const tabIds = useId();
  const tabButtons = useRef(new Map<Tab, HTMLButtonElement>());
  const back = useRef<HTMLButtonElement>(null);

  // The documents and letters the timeline links to, read again whenever the case moves on.
  const versionKey = `${instanceId}:${detail?.version ?? 0}`;
  const documents = useCall('documents/list', { instanceId }, versionKey);
  const messages = useCall('messages/list', { instanceId }, versionKey);

  useEffect(() => {
    back.current?.focus();
  }, []);

  const onKeyDown = (event: ReactKeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented || isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
    event.preventDefault();
    onClose();
  };

  const moveTab = (event: ReactKeyboardEvent, current: Tab) => {
    const index = TABS.indexOf(current);
    const next =
      event.key === 'ArrowRight'
        ? TABS[(index + 1) % TABS.length]
        : event.key === 'ArrowLeft'
          ? TABS[(index + TABS.length - 1) % TABS.length]
          : event.key === 'Home'
            ? TABS[0]
            : event.key === 'End'
              ? TABS[TABS.length - 1]
              : null;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    tabButtons.current.get(next)?.focus();
  };

  const protocol = detail ? formatProtocolNumber(detail.protocol.year, detail.protocol.number) : '';
  const tabCount: Record<Tab, number | null> = {
    timeline: detail?.history.length ?? null,
    documents: documents.data?.length ?? null,
    messages: messages.data?.length ?? null,
  };

  return (
    <main className="page case-screen" data-testid="case-screen" aria-labelledby={`${tabIds}-title`} onKeyDown={onKeyDown}>
      <div className="case-head">
        <button
          ref={back}
          type="button"
          className="btn btn-ghost"
          data-testid="case-close"
          title={t('caseScreen.backHint')}
          onClick={onClose}
        >
          <span aria-hidden="true">←</span> {t('caseScreen.back')}
          <kbd aria-hidden="true">Esc</kbd>
        </button>
        <div className="case-title">
          <h1 id={`${tabIds}-title`} data-testid="case-protocol">
            {detail ? t('caseScreen.title', { protocol }) : t('common.loading')}
          </h1>
          {detail && <StatusPill status={detail.status} />}
          {detail?.closedAt && (
            <span className="pill pill-withdrawn">{t('caseScreen.closedOn', { date: format.date(detail.closedAt) })}</span>
          )}
          {live.colleagueUpdate && <LiveUpdateChip update={live.colleagueUpdate} onDismiss={live.dismissColleagueUpdate} />}
        </div>
        {detail && (
          <p className="case-procedure" data-testid="case-procedure">
            <strong>{detail.procedure.name}</strong>
            <span className="cell-muted"> · {detail.procedure.legalReference}</span>
            <span className="case-subject"> — {detail.subject}</span>
          </p>
        )}
      </div>

      {live.loadError && (
        <Notice kind="error" testId="case-load-error">
          {t('caseScreen.loadError', { message: errorMessage(live.loadError, t) })}
        </Notice>
      )}

      {detail && (
        <div className="case-body">
          <div className="case-main">
            <CaseHeader detail={detail} />
            <CaseActions detail={detail} myLogin={myLogin} act={live.act} onStepDone={setDone} onFormOpen={clearDone} />
            {done && (
              <Notice kind="success" testId="case-step-done" onClose={() => setDone(null)}>
                {t('caseScreen.stepDone', { action: t(`caseEvent.${done}`) })}
              </Notice>
            )}
            <div className="case-tabs" role="tablist" aria-label={t('caseScreen.sections')}>
              {TABS.map((name) => (
                <button
                  key={name}
                  ref={(element) => {
                    if (element) tabButtons.current.set(name, element);
                  }}
                  type="button"
                  role="tab"
                  id={`${tabIds}-tab-${name}`}
                  className="case-tab"
                  data-testid={`case-tab-${name}`}
                  aria-selected={tab === name}
                  aria-controls={`${tabIds}-panel-${name}`}
                  tabIndex={tab === name ? 0 : -1}
                  onClick={() => setTab(name)}
                  onKeyDown={(event) => moveTab(event, name)}
                >
                  {t(`caseScreen.tab.${name}`)}
                  {tabCount[name] !== null && <span className="case-tab-count">{format.number(tabCount[name])}</span>}
                </button>
              ))}
            </div>
            <div
              role="tabpanel"
              id={`${tabIds}-panel-timeline`}
              aria-labelledby={`${tabIds}-tab-timeline`}
              hidden={tab !== 'timeline'}
              className="case-panel"
            >
              <CaseTimeline detail={detail} documents={documents.data ?? []} messages={messages.data ?? []} />
            </div>
            <div
              role="tabpanel"
              id={`${tabIds}-panel-documents`}
              aria-labelledby={`${tabIds}-tab-documents`}
              hidden={tab !== 'documents'}
              className="case-panel"
            >
              <DocumentList instanceId={instanceId} />
            </div>
            <div
              role="tabpanel"
              id={`${tabIds}-panel-messages`}
              aria-labelledby={`${tabIds}-tab-messages`}
              hidden={tab !== 'messages'}
              className="case-panel"
            >
              <MessageList instanceId={instanceId} />
            </div>
          </div>
          <aside className="case-side" aria-label={t('clock.title')}>
            <ClockPanel detail={detail} />
          </aside>
        </div>
      )}
    </main>
  );
}
