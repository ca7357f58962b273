/**
 * What the message list says about each message, as pure functions of the message (no React), so
 * the wording is unit-tested: template names, delivery status, the reason of a failure.
 */
import type { DeliveryErrorCode, MessageStatus, OutboxMessage } from '../../shared/api/messages';
import { isMessageTemplateCode } from '../../shared/domain/messageTemplates';
import type { Formatters } from '../i18n/format';
import type { Translate } from '../i18n/translate';

/** The template's Italian name ("Richiesta di integrazione documentale"); its code for one this build does not know. */
export function templateLabel(code: string, t: Translate): string {
  return isMessageTemplateCode(code) ? t(`messages.template.${code}`) : code;
}

export function statusLabel(status: MessageStatus, t: Translate): string {
  return t(`messages.status.${status}`);
}

export function deliveryErrorText(code: DeliveryErrorCode | null, t: Translate): string {
  return t(`messages.error.${code ?? 'other'}`);
}

/** The line under the status: when it was sent, or when the next attempt is due. */
export function deliveryDetail(message: OutboxMessage, t: Translate, format: Formatters): string {
  switch (message.status) {
    case 'sent':
      return t('messages.detail.sent', { when: format.dateTime(message.sentAt) });
    case 'queued':
      return message.attempts === 0
        ? t('messages.detail.waiting')
        : t('messages.detail.retry', { when: format.dateTime(message.nextAttemptAt), attempts: message.attempts });
    case 'sending':
      return t('messages.detail.sending');
    case 'failed':
      return t('messages.detail.failed', { attempts: message.attempts });
  }
}

/** Shown for a message not (yet) delivered that has met an error; a delivered one's past errors are history. */
export function showsError(message: OutboxMessage): boolean {
  return message.status !== 'sent' && message.lastError !== null;
}

/** While a message is on its way, the list refreshes itself to follow it. */
export function hasPendingDelivery(messages: readonly OutboxMessage[]): boolean {
  return messages.some((message) => message.status === 'queued' || message.status === 'sending');
}
