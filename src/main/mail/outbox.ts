import type { Knex } from 'knex';
import type { ValidationIssue } from '../../shared/api/errors';
import type { OutboxMessage } from '../../shared/api/messages';
import {
  caseValues,
  renderTemplate,
  type MessageTemplateCode,
  type TemplateProblem,
  type TemplateValues,
} from '../../shared/domain/messageTemplates';
import { AppError } from '../api/appError';
import { DEFAULT_TEMPLATES } from './defaultTemplates';
import {
  findCaseForMessage,
  findMessage,
  findTemplateOverride,
  insertMessage,
  listInstanceMessages,
  requeueFailedMessage,
} from './queries';

/**
 * The outbox's service API. `queueMessage` is meant to run inside the caller's transaction (a
 * workflow step and the message it causes are one transaction: both or neither); delivery is the
 * delivery worker's job (worker.ts), woken by the database when the transaction commits.
 */

export interface QueueMessageInput {
  instanceId: number;
  templateCode: MessageTemplateCode;
  /** Values of the step's placeholders (termine, documenti, motivazione, prescrizioni); may override the case's. */
  values: TemplateValues;
  /** Defaults to the applicant, at their PEC or else their e-mail. */
  recipient?: { name: string; address: string };
}

/** Deliberately simple: one @, no spaces or angle brackets, a dot in the domain (as the database checks). */
const ADDRESS = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

function problemIssue(problem: TemplateProblem): ValidationIssue {
  switch (problem.kind) {
    case 'missing':
      return { path: `values.${problem.placeholder}`, reason: 'template_value_missing' };
    case 'unknown':
      return { path: `template.${problem.part}`, reason: 'template_placeholder_unknown' };
    case 'malformed':
      return { path: `template.${problem.part}`, reason: 'template_malformed' };
  }
}

/**
 * Renders the template for the case and queues the message. Refuses — nothing written — when the
 * case is not visible, a placeholder is unknown or has no value (`template_incomplete`, with one
 * issue per problem), or there is nowhere to send it (`no_recipient_address`).
 */
export async function queueMessage(trx: Knex.Transaction, input: QueueMessageInput): Promise<OutboxMessage> {
  const found = await findCaseForMessage(trx, input.instanceId);
  if (!found) throw new AppError('not_found', 'No such instance', 'instance_not_found');

  const template = (await findTemplateOverride(trx, found.enteId, input.templateCode)) ?? DEFAULT_TEMPLATES[input.templateCode];
  const values: TemplateValues = {
    ...caseValues({ ...found, receivedAt: found.receivedAt.toISOString() }),
    ...definedValues(input.values),
  };
  const rendered = renderTemplate(template, values);
  if (!rendered.ok) {
    throw new AppError(
      'validation',
      `Template ${input.templateCode} cannot be completed`,
      'template_incomplete',
      rendered.problems.map(problemIssue),
    );
  }

  const recipient = input.recipient
    ? { name: input.recipient.name.trim(), address: input.recipient.address.trim() }
    : found.applicantAddress
      ? { name: found.applicantName, address: found.applicantAddress }
      : null;
  if (!recipient) throw new AppError('validation', 'The applicant has neither PEC nor e-mail', 'no_recipient_address');
  if (!ADDRESS.test(recipient.address)) {
    throw new AppError('validation', 'Invalid recipient address', 'recipient_address_invalid', [
      { path: 'recipient.address', reason: 'recipient_address_invalid' },
    ]);
  }
  if (!recipient.name || /[\r\n]/.test(recipient.name)) {
    throw new AppError('validation', 'Invalid recipient name', 'recipient_name_invalid', [
      { path: 'recipient.name', reason: 'recipient_name_invalid' },
    ]);
  }

  const id = await insertMessage(trx, {
    instanceId: input.instanceId,
    templateCode: input.templateCode,
    recipientName: recipient.name,
    recipientAddress: recipient.address,
    subject: rendered.message.subject,
    bodyText: rendered.message.body,
  });
  const queued = await findMessage(trx, id);
  if (!queued) throw new AppError('internal', 'Queued message not visible');
  return queued;
}

/** Keeps only the values actually given (not blank), so that an empty one does not hide the case's own value. */
function definedValues(values: TemplateValues): TemplateValues {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => typeof value === 'string' && value.trim() !== ''),
  ) as TemplateValues;
}

/** The messages of a case, oldest first, with their delivery status (empty when the case is not visible). */
export async function listMessages(db: Knex | Knex.Transaction, instanceId: number): Promise<OutboxMessage[]> {
  return listInstanceMessages(db, instanceId);
}

/** Queues a permanently failed message again, unchanged, for a fresh series of attempts. */
export async function retryMessage(db: Knex, messageId: number): Promise<OutboxMessage> {
  return db.transaction(async (trx) => {
    const message = await findMessage(trx, messageId);
    if (!message) throw new AppError('not_found', 'No such message', 'message_not_found');
    if (message.status !== 'failed' || !(await requeueFailedMessage(trx, messageId))) {
      throw new AppError('conflict', 'Only a failed message can be sent again', 'message_not_failed');
    }
    const requeued = await findMessage(trx, messageId);
    if (!requeued) throw new AppError('internal', 'Requeued message not visible');
    return requeued;
  });
}
