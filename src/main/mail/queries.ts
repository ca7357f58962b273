import type { Knex } from 'knex';
import type { DeliveryErrorCode, MessageStatus, OutboxMessage } from '../../shared/api/messages';
import type { MessageTemplate } from '../../shared/domain/messageTemplates';

/**
 * The staff side of the outbox: what a signed-in staff member reads and writes, under row-level
 * security (they see the messages of the cases they can see). Delivery SQL is in deliveryQueries.ts.
 */

type Db = Knex | Knex.Transaction;

interface MessageDbRow {
  id: number;
  instance_id: number;
  template_code: string;
  recipient_name: string;
  recipient_address: string;
  subject: string;
  body_text: string;
  status: MessageStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  last_error_code: DeliveryErrorCode | null;
  smtp_message_id: string;
  queued_at: Date;
  queued_by_name: string | null;
  sent_at: Date | null;
}

function toOutboxMessage(row: MessageDbRow): OutboxMessage {
  return {
    id: row.id,
    instanceId: row.instance_id,
    templateCode: row.template_code,
    recipientName: row.recipient_name,
    recipientAddress: row.recipient_address,
    subject: row.subject,
    bodyText: row.body_text,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at.toISOString(),
    lastError: row.last_error,
    lastErrorCode: row.last_error_code,
    messageId: row.smtp_message_id,
    queuedAt: row.queued_at.toISOString(),
    queuedByName: row.queued_by_name,
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}

function messageSelect(db: Db) {
  return db('scrivania.messages as m')
    .leftJoin('scrivania.staff as s', 's.id', 'm.queued_by')
    .select(
      'm.id',
      'm.instance_id',
      'm.template_code',
      'm.recipient_name',
      'm.recipient_address',
      'm.subject',
      'm.body_text',
      'm.status',
      'm.attempts',
      'm.next_attempt_at',
      'm.last_error',
      'm.last_error_code',
      'm.smtp_message_id',
      'm.queued_at',
      's.full_name as queued_by_name',
      'm.sent_at',
    );
}

export async function listInstanceMessages(db: Db, instanceId: number): Promise<OutboxMessage[]> {
  const rows = (await messageSelect(db)
    .where('m.instance_id', instanceId)
    .orderBy([{ column: 'm.queued_at' }, { column: 'm.id' }])) as MessageDbRow[];
  return rows.map(toOutboxMessage);
}

export async function findMessage(db: Db, messageId: number): Promise<OutboxMessage | null> {
  const row = (await messageSelect(db).where('m.id', messageId).first()) as MessageDbRow | undefined;
  return row ? toOutboxMessage(row) : null;
}

/** What a message needs to know about its case: the template's values and the applicant's address. */
export interface CaseForMessage {
  enteId: number;
  enteName: string;
  officeName: string;
  protocolYear: number;
  protocolNumber: number;
  receivedAt: Date;
  dueDate: string;
  subject: string;
  procedureName: string;
  applicantName: string;
  assigneeName: string | null;
  /** The applicant's PEC if they have one, else their ordinary e-mail, else null. */
  applicantAddress: string | null;
}

interface CaseDbRow {
  ente_id: number;
  ente_name: string;
  office_name: string;
  protocol_year: number;
  protocol_number: number;
  received_at: Date;
  due_date: string;
  subject: string;
  procedure_name: string;
  applicant_name: string;
  assignee_name: string | null;
  applicant_address: string | null;
}

export async function findCaseForMessage(db: Db, instanceId: number): Promise<CaseForMessage | null> {
  const result = await db.raw<{ rows: CaseDbRow[] }>(
    `SELECT i.ente_id, e.name AS ente_name, o.name AS office_name, i.protocol_year, i.protocol_number,
            i.received_at, i.due_date, i.subject, i.procedure_name, i.applicant_name,
            s.full_name AS assignee_name,
            coalesce(nullif(trim(p.pec), ''), nullif(trim(p.email), ''),
                     nullif(trim(b.pec), ''), nullif(trim(b.email), '')) AS applicant_address
       FROM scrivania.instances i
       JOIN scrivania.enti e ON e.id = i.ente_id
       JOIN scrivania.offices o ON o.id = i.office_id
       LEFT JOIN scrivania.staff s ON s.id = i.assignee_id
       LEFT JOIN scrivania.persons p ON p.id = i.applicant_person_id
       LEFT JOIN scrivania.businesses b ON b.id = i.applicant_business_id
      WHERE i.id = ?`,
    [instanceId],
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    enteId: row.ente_id,
    enteName: row.ente_name,
    officeName: row.office_name,
    protocolYear: row.protocol_year,
    protocolNumber: row.protocol_number,
    receivedAt: row.received_at,
    dueDate: row.due_date,
    subject: row.subject,
    procedureName: row.procedure_name,
    applicantName: row.applicant_name,
    assigneeName: row.assignee_name,
    applicantAddress: row.applicant_address,
  };
}

/** The ente's own version of a template, if it has one. */
export async function findTemplateOverride(db: Db, enteId: number, code: string): Promise<MessageTemplate | null> {
  const row = (await db('scrivania.message_templates').where({ ente_id: enteId, code }).first('subject', 'body')) as
    MessageTemplate | undefined;
  return row ?? null;
}

export interface NewMessageRow {
  instanceId: number;
  templateCode: string;
  recipientName: string;
  recipientAddress: string;
  subject: string;
  bodyText: string;
}

/** Queues a message; ente, Message-ID and delivery columns are set by the database. */
export async function insertMessage(trx: Knex.Transaction, message: NewMessageRow): Promise<number> {
  const [row] = (await trx('scrivania.messages')
    .insert({
      instance_id: message.instanceId,
      template_code: message.templateCode,
      recipient_name: message.recipientName,
      recipient_address: message.recipientAddress,
      subject: message.subject,
      body_text: message.bodyText,
    })
    .returning('id')) as { id: number }[];
  return row!.id;
}

/** failed → queued; the database resets the attempts. False when the message is not (or no longer) failed. */
export async function requeueFailedMessage(trx: Knex.Transaction, messageId: number): Promise<boolean> {
  const updated = await trx('scrivania.messages').where({ id: messageId, status: 'failed' }).update({ status: 'queued' });
  return updated === 1;
}
