import crypto from 'node:crypto';
import pg from 'pg';
import type { Credentials } from '../db/knexFactory';
import type { DatabaseTarget } from '../db/target';
import type { Logger } from '../logger';
import { scramSha256Verifier } from '../staff/scramVerifier';
import { mailSettingsFor, redactSmtpUrl, type MailSettings } from './config';
import { createSmtpTransport } from './smtp';
import { OutboxWorker } from './worker';

/** The login the in-app worker uses on the embedded database (member of scrivania_mailer only). */
export const LOCAL_MAILER_ROLE = 'scrivania_mailer_local';

export interface SuperuserConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/**
 * Creates (or re-keys) a login role in scrivania_mailer with a fresh random password, known only to
 * this process: the in-app worker then runs with exactly the rights the server's mail:worker has.
 * The server receives a SCRAM verifier, never the password.
 */
export async function ensureMailerLogin(superuser: SuperuserConnection, role = LOCAL_MAILER_ROLE): Promise<Credentials> {
  const password = crypto.randomBytes(24).toString('base64url');
  const client = new pg.Client({ ...superuser });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    const verifier = client.escapeLiteral(scramSha256Verifier(password));
    const name = client.escapeIdentifier(role);
    await client.query(
      exists.rowCount === 0
        ? `CREATE ROLE ${name} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB PASSWORD ${verifier} IN ROLE scrivania_mailer`
        : `ALTER ROLE ${name} LOGIN PASSWORD ${verifier}`,
    );
    if (exists.rowCount !== 0) await client.query(`GRANT scrivania_mailer TO ${name}`);
  } finally {
    await client.end();
  }
  return { user: role, password };
}

export interface InAppMailOptions {
  target: DatabaseTarget;
  /** The embedded cluster's superuser; absent for a central database. */
  superuser: SuperuserConnection | undefined;
  dataRoot: string;
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** The worker's login role (tests use their own; roles are cluster-wide). */
  mailerRole?: string;
}

/**
 * The single-machine installation: with the embedded database and an SMTP server configured
 * (SCRIVANIA_SMTP_URL, or `mail.smtpUrl` in settings.json), the app delivers its own outbox.
 * With a central database the desktop holds no credentials, so delivery is the server's
 * `npm run mail:worker`. Never stops the app from starting: a problem is logged, and messages wait.
 */
export async function startInAppMailWorker(options: InAppMailOptions): Promise<OutboxWorker | null> {
  const { log } = options;
  let settings: MailSettings | null;
  try {
    settings = mailSettingsFor(options.env, options.dataRoot);
  } catch (error) {
    log.error(`mail: ${(error as Error).message}; messages stay in the outbox`);
    return null;
  }
  if (!settings) {
    log.info('mail: no SMTP server configured (SCRIVANIA_SMTP_URL): messages stay in the outbox');
    return null;
  }
  if (options.target.description.kind !== 'embedded' || !options.superuser) {
    log.info('mail: central database: messages are delivered by the server (npm run mail:worker)');
    return null;
  }
  try {
    const credentials = await ensureMailerLogin(options.superuser, options.mailerRole);
    const worker = new OutboxWorker({
      connection: { target: options.target, credentials },
      transport: createSmtpTransport(settings.smtpUrl),
      from: settings.from,
      policy: settings.policy,
      pollIntervalMs: settings.pollIntervalMs,
      log,
    });
    try {
      await worker.verify();
    } catch (error) {
      await worker.stop();
      throw error;
    }
    worker.start();
    log.info(`mail: delivering the outbox through ${redactSmtpUrl(settings.smtpUrl)}`);
    return worker;
  } catch (error) {
    log.error('mail: the delivery worker did not start; messages stay in the outbox', error);
    return null;
  }
}
