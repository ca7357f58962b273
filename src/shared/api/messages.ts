import { z } from 'zod';
import { channel } from './channel';

/**
 * Delivery status of a message in the outbox: `queued` (waiting, perhaps for a retry after a
 * temporary failure), `sending` (a delivery worker is handing it to the SMTP server), `sent`
 * (accepted by the SMTP server), `failed` (refused for good, or too many attempts).
 */
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Why the last attempt failed, as a translatable code; the server's own words are in `lastError`. */
export const DELIVERY_ERROR_CODES = [
  'connection',
  'timeout',
  'authentication',
  'tls',
  'rejected_temporarily',
  'rejected_permanently',
  'too_many_attempts',
  'other',
] as const;
export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[number];

/** A communication to the applicant, with its delivery status. Dates are ISO instants. */
export interface OutboxMessage {
  id: number;
  instanceId: number;
  /** One of MESSAGE_TEMPLATE_CODES (src/shared/domain/messageTemplates.ts) for messages of this build. */
  templateCode: string;
  recipientName: string;
  recipientAddress: string;
  subject: string;
  bodyText: string;
  status: MessageStatus;
  attempts: number;
  /** When the next attempt is due (meaningful while `queued`). */
  nextAttemptAt: string;
  lastError: string | null;
  lastErrorCode: DeliveryErrorCode | null;
  /** The Message-ID header, the same at every attempt. */
  messageId: string;
  queuedAt: string;
  queuedByName: string | null;
  sentAt: string | null;
}

export const ListMessagesInput = z.object({ instanceId: z.number().int().positive() }).strict();

/**
 * Sends a permanently failed message again, unchanged. Allowed to whoever can see its case (the
 * staff of the case's office, and the ente's administrators): the office that handles a case
 * answers for its communications, and a retry changes no content.
 */
export const RetryMessageInput = z.object({ messageId: z.number().int().positive() }).strict();

export const messagesChannels = {
  'messages/list': channel<OutboxMessage[]>()(ListMessagesInput),
  'messages/retry': channel<OutboxMessage>()(RetryMessageInput),
};
