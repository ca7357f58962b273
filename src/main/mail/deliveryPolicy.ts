import type { DeliveryErrorCode } from '../../shared/api/messages';

/**
 * How the delivery worker reacts to an SMTP failure. Pure, so that every rule is unit-tested:
 * - the SMTP server refused the message for good (a 5xx reply, RFC 5321 §4.2.1, except 503 "bad
 *   sequence", which is about the session) → `failed`, no retry;
 * - anything else — the server down or unreachable, a timeout, a 4xx reply, the worker's own
 *   credentials refused (a configuration to fix, not a fault of the message) → retried later with
 *   exponential backoff, and `failed` once the attempts run out.
 */

export interface DeliveryPolicy {
  /** Attempts before a temporarily failing message is given up (`failed`, `too_many_attempts`). */
  maxAttempts: number;
  /** Wait after the first failed attempt; doubles at each further one. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A message left `sending` longer than this (its worker crashed) is claimed again. */
  sendingTimeoutMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 16,
  retryBaseMs: 60_000,
  retryMaxMs: 6 * 3_600_000,
  sendingTimeoutMs: 10 * 60_000,
};

export interface SmtpFailure {
  permanent: boolean;
  code: DeliveryErrorCode;
  /** For the message's `last_error`: the server's reply verbatim when there is one. */
  description: string;
}

interface ErrorLike {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  message?: unknown;
  originalCode?: unknown;
}

const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EPROXY',
]);

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Whether an SMTP reply code refuses the message for good. */
export function isPermanentReply(responseCode: number): boolean {
  return responseCode >= 500 && responseCode <= 599 && responseCode !== 503;
}

export function classifySmtpFailure(error: unknown): SmtpFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const code = text(e.code);
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const reply = text(e.response).trim();
  const command = text(e.command).trim();
  const base = reply || text(e.message) || String(error);
  const description = (command && reply ? `${base} (${command})` : base).slice(0, 1000);

  if (code === 'EAUTH' || code === 'ENOAUTH') return { permanent: false, code: 'authentication', description };
  if (responseCode !== null && responseCode >= 400) {
    return isPermanentReply(responseCode)
      ? { permanent: true, code: 'rejected_permanently', description }
      : { permanent: false, code: 'rejected_temporarily', description };
  }
  if (code === 'ETIMEDOUT') return { permanent: false, code: 'timeout', description };
  if (code === 'ETLS' || code === 'EREQUIRETLS') return { permanent: false, code: 'tls', description };
  if (CONNECTION_CODES.has(code) || CONNECTION_CODES.has(text(e.originalCode)))
    return { permanent: false, code: 'connection', description };
  return { permanent: false, code: 'other', description };
}

/** The wait before the next attempt, after `attempts` attempts have failed: base · 2^(attempts−1), capped. */
export function retryDelayMs(attempts: number, policy: Pick<DeliveryPolicy, 'retryBaseMs' | 'retryMaxMs'>): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** Math.min(exponent, 40));
}

export type DeliveryOutcome =
  | { status: 'queued'; retryInMs: number; errorCode: DeliveryErrorCode; error: string }
  | { status: 'failed'; errorCode: DeliveryErrorCode; error: string };

/** What becomes of a message whose attempt number `attempts` just failed with `failure`. */
export function outcomeOfFailure(failure: SmtpFailure, attempts: number, policy: DeliveryPolicy): DeliveryOutcome {
  if (failure.permanent) return { status: 'failed', errorCode: failure.code, error: failure.description };
  if (attempts >= policy.maxAttempts) {
    return { status: 'failed', errorCode: 'too_many_attempts', error: `${failure.description} — ${attempts} attempts` };
  }
  return { status: 'queued', retryInMs: retryDelayMs(attempts, policy), errorCode: failure.code, error: failure.description };
}
