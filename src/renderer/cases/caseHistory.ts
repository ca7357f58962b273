/**
 * Reading a case's history for the screen: what each step produced (letters, documents) and what
 * colleagues did since the user last looked. Pure, so it is unit-tested without a browser.
 */
import type { CaseEvent } from '../../shared/api/cases';
import type { DocumentInfo } from '../../shared/api/documents';
import type { OutboxMessage } from '../../shared/api/messages';
import { isMessageKey, type Translate } from '../i18n/translate';

/** Documents registered with the application arrive with the registration step. */
const REGISTERED_KINDS: ReadonlySet<DocumentInfo['kind']> = new Set(['application', 'attachment']);

function numberDetail(event: CaseEvent, key: string): number | null {
  const value = event.details[key];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

/** The documents a step brought: the outcome document of a decision, the application's files at registration. */
export function documentsOfEvent(event: CaseEvent, documents: readonly DocumentInfo[]): DocumentInfo[] {
  if (event.action === 'register') return documents.filter((document) => REGISTERED_KINDS.has(document.kind));
  const outcomeId = numberDetail(event, 'outcomeDocumentId');
  return outcomeId === null ? [] : documents.filter((document) => document.id === outcomeId);
}

/** The letter a step sent the applicant, if it sent one by e-mail. */
export function messageOfEvent(event: CaseEvent, messages: readonly OutboxMessage[]): OutboxMessage | null {
  const messageId = numberDetail(event, 'messageId');
  return messageId === null ? null : (messages.find((message) => message.id === messageId) ?? null);
}

/** Whether a step's letter could not be e-mailed (no address on record) and goes by post. */
export function letterGoesByPost(event: CaseEvent): boolean {
  return event.details.communication === 'by_post';
}

/** Steps recorded after `lastSeenEventId` by someone other than `myLogin`, oldest first. */
export function colleagueStepsSince(history: readonly CaseEvent[], lastSeenEventId: number, myLogin: string): CaseEvent[] {
  return history.filter((event) => event.id > lastSeenEventId && event.actorLogin !== myLogin);
}

export function lastEventId(history: readonly CaseEvent[]): number {
  return history.reduce((max, event) => Math.max(max, event.id), 0);
}

/** Newest first, as the timeline shows them. */
export function newestFirst(history: readonly CaseEvent[]): CaseEvent[] {
  return [...history].sort((a, b) => b.id - a.id);
}

/** What a step did, in words: "Presa in carico", "Decisione: Accolta". */
export function eventLabel(event: CaseEvent, t: Translate): string {
  if (event.action === 'decide' && event.toStatus) return t('caseEvent.decidedAs', { outcome: t(`status.${event.toStatus}`) });
  const key = `caseEvent.${event.action}`;
  return isMessageKey(key) ? t(key) : event.action;
}
