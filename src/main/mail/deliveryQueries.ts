import type { Knex } from 'knex';
import type { DeliveryErrorCode } from '../../shared/api/messages';

/**
 * The delivery worker's SQL, run as a member of `scrivania_mailer`: it sees only the messages
 * waiting for delivery and may change only their delivery columns (see the outbox migration).
 */

export interface ClaimedMessage {
  id: number;
  recipientName: string;
  recipientAddress: string;
  subject: string;
  bodyText: string;
  messageId: string;
  queuedAt: Date;
  /** Including this one. */
  attempts: number;
  /** Proves, when the outcome is recorded, that nobody has claimed the message since. */
  claimToken: string;
}

interface ClaimedDbRow {
  id: number;
  recipient_name: string;
  recipient_address: string;
  subject: string;
  body_text: string;
  smtp_message_id: string;
  queued_at: Date;
  attempts: number;
  claim_token: string;
}

/**
 * Claims the next due message: a queued one whose time has come, or one left `sending` for longer
 * than `sendingTimeoutMs` by a worker that died. `FOR UPDATE SKIP LOCKED` lets several workers
 * claim side by side without ever taking the same message; the claim commits before the SMTP
 * conversation starts, so no transaction stays open while the network is slow.
 */
export async function claimNextMessage(db: Knex, sendingTimeoutMs: number): Promise<ClaimedMessage | null> {
  const result = await db.raw<{ rows: ClaimedDbRow[] }>(
    `WITH due AS (
       SELECT id FROM scrivania.messages
        WHERE (status = 'queued' AND next_attempt_at <= now())
           OR (status = 'sending' AND claimed_at <= now() - ? * interval '1 millisecond')
        ORDER BY next_attempt_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
     )
     UPDATE scrivania.messages m
        SET status = 'sending', attempts = m.attempts + 1, claimed_by = session_user, claim_token = gen_random_uuid()
       FROM due
      WHERE m.id = due.id
     RETURNING m.id, m.recipient_name, m.recipient_address, m.subject, m.body_text, m.smtp_message_id, m.queued_at,
               m.attempts, m.claim_token`,
    [sendingTimeoutMs],
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    recipientName: row.recipient_name,
    recipientAddress: row.recipient_address,
    subject: row.subject,
    bodyText: row.body_text,
    messageId: row.smtp_message_id,
    queuedAt: row.queued_at,
    attempts: row.attempts,
    claimToken: row.claim_token,
  };
}

/** Records the SMTP server's acceptance. False when the claim was lost meanwhile (taken over after a timeout). */
export async function markSent(db: Knex, claimed: Pick<ClaimedMessage, 'id' | 'claimToken'>, smtpResponse: string): Promise<boolean> {
  const updated = await db('scrivania.messages')
    .where({ id: claimed.id, status: 'sending', claim_token: claimed.claimToken })
    .update({ status: 'sent', smtp_response: smtpResponse.slice(0, 1000) });
  return updated === 1;
}

export interface FailedAttempt {
  status: 'queued' | 'failed';
  /** For `queued`: when to try again, from now. */
  retryInMs?: number;
  errorCode: DeliveryErrorCode;
  error: string;
}

/** Records a failed attempt: back to the queue with a later `next_attempt_at`, or failed for good. */
export async function markAttemptFailed(
  db: Knex,
  claimed: Pick<ClaimedMessage, 'id' | 'claimToken'>,
  attempt: FailedAttempt,
): Promise<boolean> {
  const updated = await db('scrivania.messages')
    .where({ id: claimed.id, status: 'sending', claim_token: claimed.claimToken })
    .update({
      status: attempt.status,
      last_error: attempt.error.slice(0, 1000),
      last_error_code: attempt.errorCode,
      ...(attempt.status === 'queued' ? { next_attempt_at: db.raw(`now() + ? * interval '1 millisecond'`, [attempt.retryInMs ?? 0]) } : {}),
    });
  return updated === 1;
}

/**
 * Milliseconds until something becomes due (a queued message's next attempt, or a `sending` one's
 * timeout); null when the outbox holds nothing to deliver.
 */
export async function msUntilNextDue(db: Knex, sendingTimeoutMs: number): Promise<number | null> {
  const result = await db.raw<{ rows: { wait_ms: number | null }[] }>(
    `SELECT greatest(0, extract(epoch FROM (min(due_at) - clock_timestamp())) * 1000)::float8 AS wait_ms
       FROM (SELECT min(next_attempt_at) AS due_at FROM scrivania.messages WHERE status = 'queued'
             UNION ALL
             SELECT min(claimed_at) + ? * interval '1 millisecond' FROM scrivania.messages WHERE status = 'sending') due`,
    [sendingTimeoutMs],
  );
  const wait = result.rows[0]?.wait_ms;
  return wait === null || wait === undefined ? null : Number(wait);
}

export interface MailerIdentity {
  role: string;
  isMailer: boolean;
  bypassesSecurity: boolean;
}

/** Who the worker is connected as: it must be a plain member of scrivania_mailer. */
export async function mailerIdentity(db: Knex): Promise<MailerIdentity> {
  const result = await db.raw<{ rows: { role: string; is_mailer: boolean; bypasses: boolean }[] }>(
    `SELECT r.rolname AS role, pg_has_role(session_user, 'scrivania_mailer', 'MEMBER') AS is_mailer,
            (r.rolsuper OR r.rolbypassrls) AS bypasses
       FROM pg_roles r WHERE r.rolname = session_user`,
  );
  const row = result.rows[0]!;
  return { role: row.role, isMailer: row.is_mailer, bypassesSecurity: row.bypasses };
}
