import { useEffect, useRef, useState } from 'react';
import type { CaseDetail, CaseEvent } from '../../shared/api/cases';
import type { DocumentInfo } from '../../shared/api/documents';
import type { OutboxMessage } from '../../shared/api/messages';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import { DocumentVersionViewer } from '../documents/DocumentViewer';
import { useI18n } from '../i18n/I18nProvider';
import { documentsOfEvent, eventLabel, letterGoesByPost, messageOfEvent, newestFirst } from './caseHistory';

/** The in-app viewer over the case (not `.dialog`, whose confirmation-box width would squeeze the document). */
function ViewerDialog({ versionId, onClose }: { versionId: number; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    return () => element.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="viewer-dialog"
      data-testid="timeline-viewer-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <DocumentVersionViewer versionId={versionId} onClose={onClose} />
    </dialog>
  );
}

function EventDetails({ event }: { event: CaseEvent }) {
  const { t, format } = useI18n();
  const { details } = event;
  const lines: string[] = [];
  if (event.action === 'register' && typeof details.segnatura === 'string')
    lines.push(t('timeline.segnatura', { segnatura: details.segnatura }));
  if (event.action === 'register' && typeof details.fascicolo === 'string')
    lines.push(t('timeline.fascicolo', { fascicolo: details.fascicolo }));
  if (typeof details.answerWithinDays === 'number')
    lines.push(t('timeline.answerWithin', { days: format.number(details.answerWithinDays) }));
  if (event.action === 'assign')
    lines.push(t('timeline.assigned', { from: String(details.from ?? t('timeline.nobody')), to: String(details.to ?? '') }));
  const statusChanged = event.fromStatus !== null && event.toStatus !== null && event.fromStatus !== event.toStatus;
  return (
    <>
      {statusChanged && (
        <p className="timeline-status">
          {t('timeline.statusChange', { from: t(`status.${event.fromStatus!}`), to: t(`status.${event.toStatus!}`) })}
        </p>
      )}
      {event.reason && <p className="timeline-reason">{event.reason}</p>}
      {typeof details.measures === 'string' && (
        <p className="timeline-reason">
          <strong>{t('timeline.measures')}</strong> {details.measures}
        </p>
      )}
      {lines.map((line) => (
        <p key={line} className="timeline-detail">
          {line}
        </p>
      ))}
    </>
  );
}

function Produced({
  event,
  documents,
  messages,
  onView,
}: {
  event: CaseEvent;
  documents: readonly DocumentInfo[];
  messages: readonly OutboxMessage[];
  onView(versionId: number): void;
}) {
  const { t } = useI18n();
  const letter = messageOfEvent(event, messages);
  const files = documentsOfEvent(event, documents);
  if (!letter && files.length === 0 && !letterGoesByPost(event)) return null;
  return (
    <ul className="timeline-produced">
      {letter && (
        <li data-testid="timeline-letter">
          <span className="timeline-produced-kind">{t('timeline.letter')}</span> {letter.subject}{' '}
          <span className="cell-muted">
            {t('timeline.letterTo', { address: letter.recipientAddress })} · {t(`timeline.delivery.${letter.status}`)}
          </span>
        </li>
      )}
      {letterGoesByPost(event) && (
        <li data-testid="timeline-letter-post">
          <span className="timeline-produced-kind">{t('timeline.letter')}</span> {t('timeline.byPost')}
        </li>
      )}
      {files.map((document) => {
        const current = document.versions[0];
        return (
          <li key={document.id} data-testid="timeline-document">
            <span className="timeline-produced-kind">{t(`documents.kind.${document.kind}`)}</span> {document.title}
            {current && (
              <>
                {' '}
                <span className="cell-muted">{current.filename}</span>{' '}
                <button type="button" className="btn btn-ghost btn-small" onClick={() => onView(current.id)}>
                  {t('documents.view')}
                </button>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The case's history, newest first: who, when, what, why, and the letters and documents each step produced. */
export function CaseTimeline({
  detail,
  documents,
  messages,
}: {
  detail: CaseDetail;
  documents: readonly DocumentInfo[];
  messages: readonly OutboxMessage[];
}) {
  const { t, format } = useI18n();
  const [viewing, setViewing] = useState<number | null>(null);
  const protocol = formatProtocolNumber(detail.protocol.year, detail.protocol.number);
  return (
    <>
      <ol className="timeline" data-testid="case-timeline" aria-label={t('timeline.label', { protocol })}>
        {newestFirst(detail.history).map((event) => {
          const occurredDay = format.date(event.occurredAt);
          const effectiveDay = format.date(event.effectiveOn);
          return (
            <li key={event.id} className={`timeline-item timeline-${event.action}`} data-testid="timeline-item" data-action={event.action}>
              <div className="timeline-head">
                <span className="timeline-what">{eventLabel(event, t)}</span>
                <span className="timeline-when">{format.dateTime(event.occurredAt)}</span>
              </div>
              <div className="timeline-who">
                {event.actorName ?? event.actorLogin}
                {effectiveDay !== occurredDay && <span className="cell-muted"> · {t('timeline.effectiveOn', { date: effectiveDay })}</span>}
              </div>
              <EventDetails event={event} />
              <Produced event={event} documents={documents} messages={messages} onView={setViewing} />
            </li>
          );
        })}
      </ol>
      {viewing !== null && <ViewerDialog versionId={viewing} onClose={() => setViewing(null)} />}
    </>
  );
}
