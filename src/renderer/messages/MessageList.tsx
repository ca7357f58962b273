import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api/errors';
import type { OutboxMessage } from '../../shared/api/messages';
import { call } from '../api/client';
import { useAppEvent, useCall, useConnection } from '../api/hooks';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { deliveryDetail, deliveryErrorText, hasPendingDelivery, showsError, statusLabel, templateLabel } from './messageView';
import './messages.css';

/** How often the list follows messages still on their way (the delivery worker may run on a server). */
export const PENDING_REFRESH_MS = 5_000;

/** One message: what was sent to whom, its delivery status, and its text on demand. */
export function MessageItem({
  message,
  retrying,
  onRetry,
}: {
  message: OutboxMessage;
  retrying: boolean;
  onRetry(message: OutboxMessage): void;
}) {
  const { t, format } = useI18n();
  return (
    <li className={`message message-${message.status}`} data-testid={`message-${message.id}`} data-status={message.status}>
      <div className="message-head">
        <span className="message-template" data-testid={`message-template-${message.id}`}>
          {templateLabel(message.templateCode, t)}
        </span>
        <span className={`message-status message-status-${message.status}`} data-testid={`message-status-${message.id}`}>
          {statusLabel(message.status, t)}
        </span>
      </div>
      <dl className="message-facts">
        <dt>{t('messages.recipient')}</dt>
        <dd data-testid={`message-recipient-${message.id}`}>
          {message.recipientName} &lt;{message.recipientAddress}&gt;
        </dd>
        <dt>{t('messages.subject')}</dt>
        <dd data-testid={`message-subject-${message.id}`}>{message.subject}</dd>
        <dt>{t('messages.queued')}</dt>
        <dd>
          {message.queuedByName
            ? t('messages.queuedBy', { when: format.dateTime(message.queuedAt), name: message.queuedByName })
            : format.dateTime(message.queuedAt)}
        </dd>
        <dt>{t('messages.delivery')}</dt>
        <dd data-testid={`message-delivery-${message.id}`}>{deliveryDetail(message, t, format)}</dd>
        <dt>{t('messages.attempts')}</dt>
        <dd data-testid={`message-attempts-${message.id}`}>{format.number(message.attempts)}</dd>
      </dl>
      {showsError(message) && (
        <div
          className={message.status === 'failed' ? 'message-error' : 'message-error message-error-temporary'}
          role={message.status === 'failed' ? 'alert' : undefined}
          data-testid={`message-error-${message.id}`}
        >
          <Icon name="alert" />
          <div>
            <div>{deliveryErrorText(message.lastErrorCode, t)}</div>
            <div className="message-error-detail">
              {t('messages.serverSaid')} <code>{message.lastError}</code>
            </div>
          </div>
        </div>
      )}
      <div className="message-actions">
        <details className="message-body" data-testid={`message-body-${message.id}`}>
          <summary>{t('messages.showBody')}</summary>
          <pre>{message.bodyText}</pre>
          <p className="message-id">
            {t('messages.messageId')} <code>{message.messageId}</code>
          </p>
        </details>
        {message.status === 'failed' && (
          <button
            type="button"
            className="btn btn-small"
            data-testid={`message-retry-${message.id}`}
            disabled={retrying}
            onClick={() => onRetry(message)}
          >
            <Icon name="refresh" />
            {retrying ? t('messages.retrying') : t('messages.retry')}
          </button>
        )}
      </div>
    </li>
  );
}

/**
 * The communications sent to the applicant of a case, with their delivery status; a failed one
 * can be sent again. Self-contained: give it the case's id.
 */
export function MessageList({ instanceId }: { instanceId: number }) {
  const { t } = useI18n();
  const { restoredCount } = useConnection();
  const messages = useCall('messages/list', { instanceId }, String(instanceId));
  const { reload, data } = messages;
  const [retrying, setRetrying] = useState<number | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const seenRestored = useRef(restoredCount);
  useEffect(() => {
    if (restoredCount === seenRestored.current) return;
    seenRestored.current = restoredCount;
    void reload();
  }, [restoredCount, reload]);

  // A step of the case (by anyone) may have queued a message.
  useAppEvent('instances/changed', ({ ids, all }) => {
    if (all || ids.includes(instanceId)) void reload();
  });

  const pending = data ? hasPendingDelivery(data) : false;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void reload(), PENDING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [pending, reload]);

  const retry = useCallback(
    async (message: OutboxMessage) => {
      setRetrying(message.id);
      setActionError(null);
      setNotice(null);
      const result = await call('messages/retry', { messageId: message.id });
      setRetrying(null);
      if (result.ok) setNotice(t('messages.retried', { address: message.recipientAddress }));
      else setActionError(result.error);
      await reload();
    },
    [reload, t],
  );

  return (
    <section className="message-list" data-testid="message-list" aria-labelledby={`message-list-title-${instanceId}`}>
      <header className="message-list-head">
        <h3 id={`message-list-title-${instanceId}`}>{t('messages.title')}</h3>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          data-testid="message-list-refresh"
          title={t('messages.refresh')}
          aria-label={t('messages.refresh')}
          onClick={() => void reload()}
        >
          <Icon name="refresh" />
        </button>
      </header>
      {messages.error && (
        <Notice kind="error" testId="message-list-error">
          {t('messages.loadError', { message: errorMessage(messages.error, t) })}
        </Notice>
      )}
      {actionError && (
        <Notice kind="error" testId="message-retry-error" onClose={() => setActionError(null)}>
          {errorMessage(actionError, t)}
        </Notice>
      )}
      {notice && (
        <Notice kind="success" testId="message-retry-notice" onClose={() => setNotice(null)}>
          {notice}
        </Notice>
      )}
      {!data && messages.loading && <p className="message-list-empty">{t('common.loading')}</p>}
      {data && data.length === 0 && (
        <p className="message-list-empty" data-testid="message-list-empty">
          {t('messages.empty')}
        </p>
      )}
      {data && data.length > 0 && (
        <ol className="message-items">
          {data.map((message) => (
            <MessageItem key={message.id} message={message} retrying={retrying === message.id} onRetry={(m) => void retry(m)} />
          ))}
        </ol>
      )}
    </section>
  );
}
