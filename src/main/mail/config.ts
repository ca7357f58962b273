import { ConfigurationError, readSettings } from '../db/target';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from './deliveryPolicy';

/**
 * Where the delivery worker sends mail, and how patiently. From the environment, else (single-machine
 * installation) from the `mail` section of settings.json in the data folder:
 *
 *   SCRIVANIA_SMTP_URL     smtp://user:password@smtp.comune.example.it:587  (or smtps://…:465)
 *   SCRIVANIA_MAIL_FROM    "Comune di Montesereno" <protocollo@comune.montesereno.pg.it>
 *                          (default: the SMTP user name, when it is an e-mail address)
 *   SCRIVANIA_MAIL_MAX_ATTEMPTS, SCRIVANIA_MAIL_RETRY_SECONDS, SCRIVANIA_MAIL_RETRY_MAX_SECONDS,
 *   SCRIVANIA_MAIL_SENDING_TIMEOUT_SECONDS, SCRIVANIA_MAIL_POLL_SECONDS   (optional tuning)
 */
export interface MailSettings {
  smtpUrl: string;
  from: string;
  policy: DeliveryPolicy;
  pollIntervalMs: number;
}

export interface MailSettingsFile {
  smtpUrl?: string;
  from?: string;
}

export const DEFAULT_POLL_INTERVAL_MS = 30_000;

const FROM_ADDRESS = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

/** The URL without its password, for logs and error messages. */
export function redactSmtpUrl(url: string): string {
  return url.replace(/^(smtps?:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

function addressOf(from: string): string {
  const bracketed = /<([^<>]+)>\s*$/.exec(from);
  return (bracketed?.[1] ?? from).trim();
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallbackMs: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallbackMs;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigurationError(`${name} must be a positive number of seconds (got ${raw})`);
  return Math.round(value * 1000);
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigurationError(`${name} must be a whole number of at least 1 (got ${raw})`);
  return value;
}

/**
 * The mail settings, or null when no SMTP server is configured (messages then wait in the outbox).
 * Throws ConfigurationError for settings that are present but wrong.
 */
export function mailSettingsFrom(env: NodeJS.ProcessEnv, file: MailSettingsFile = {}): MailSettings | null {
  const smtpUrl = env.SCRIVANIA_SMTP_URL?.trim() || file.smtpUrl?.trim();
  if (!smtpUrl) return null;
  let parsed: URL;
  try {
    parsed = new URL(smtpUrl);
  } catch {
    throw new ConfigurationError(`Invalid SMTP URL: ${redactSmtpUrl(smtpUrl)}`);
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new ConfigurationError(`The SMTP URL must start with smtp:// or smtps:// (got ${parsed.protocol})`);
  }
  if (!parsed.hostname) throw new ConfigurationError(`The SMTP URL names no server: ${redactSmtpUrl(smtpUrl)}`);

  const user = decodeURIComponent(parsed.username);
  const from = env.SCRIVANIA_MAIL_FROM?.trim() || file.from?.trim() || (FROM_ADDRESS.test(user) ? user : '');
  if (!from)
    throw new ConfigurationError('Set SCRIVANIA_MAIL_FROM (the sender, e.g. "Comune di Montesereno" <protocollo@comune.example.it>)');
  if (!FROM_ADDRESS.test(addressOf(from))) throw new ConfigurationError(`SCRIVANIA_MAIL_FROM is not an e-mail address: ${from}`);

  const policy: DeliveryPolicy = {
    maxAttempts: count(env, 'SCRIVANIA_MAIL_MAX_ATTEMPTS', DEFAULT_DELIVERY_POLICY.maxAttempts),
    retryBaseMs: seconds(env, 'SCRIVANIA_MAIL_RETRY_SECONDS', DEFAULT_DELIVERY_POLICY.retryBaseMs),
    retryMaxMs: seconds(env, 'SCRIVANIA_MAIL_RETRY_MAX_SECONDS', DEFAULT_DELIVERY_POLICY.retryMaxMs),
    sendingTimeoutMs: seconds(env, 'SCRIVANIA_MAIL_SENDING_TIMEOUT_SECONDS', DEFAULT_DELIVERY_POLICY.sendingTimeoutMs),
  };
  return { smtpUrl, from, policy, pollIntervalMs: seconds(env, 'SCRIVANIA_MAIL_POLL_SECONDS', DEFAULT_POLL_INTERVAL_MS) };
}

/** As mailSettingsFrom, with settings.json's `mail` section in `dataRoot` as the fallback. */
export function mailSettingsFor(env: NodeJS.ProcessEnv, dataRoot: string): MailSettings | null {
  return mailSettingsFrom(env, readSettings(dataRoot).mail ?? {});
}
