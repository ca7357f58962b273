import type { HandlerMap } from '../api/handlers';
import { listMessages, retryMessage } from './outbox';

type MessagesHandlers = Pick<HandlerMap, 'messages/list' | 'messages/retry'>;

export const messagesHandlers: MessagesHandlers = {
  'messages/list': async ({ instanceId }, { session }) => listMessages(session.db, instanceId),
  'messages/retry': async ({ messageId }, { session }) => retryMessage(session.db, messageId),
};
