import { parseArgs } from 'node:util';
import { consoleLogger } from '../logger';
import { ConfigurationError, parseCentralUrl } from '../db/target';
import { mailSettingsFrom, redactSmtpUrl } from './config';
import { createSmtpTransport } from './smtp';
import { OutboxWorker } from './worker';

/**
 * The delivery worker as an administrator's service on the municipality's server:
 *
 *   DATABASE_URL=postgres://scrivania_posta:…@db.comune.example.it/scrivania \
 *   SCRIVANIA_SMTP_URL=smtp://utente:…@smtp.comune.example.it:587 \
 *   SCRIVANIA_MAIL_FROM='"Comune di Montesereno" <protocollo@comune.montesereno.pg.it>' \
 *   npm run mail:worker                 (runs until SIGINT/SIGTERM)
 *   npm run mail:worker -- --once       (delivers what is due now, then exits)
 *
 * DATABASE_URL names a login role in the NOLOGIN group scrivania_mailer, which sees only the
 * messages waiting for delivery; no staff credentials and no SMTP secret ever reach a desktop.
 */
const USAGE = 'usage: tsx src/main/mail/cli.ts [--once]';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { once: { type: 'boolean', default: false } }, strict: true });
  const log = consoleLogger('scrivania-mail');
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (!databaseUrl) throw new ConfigurationError('Set DATABASE_URL to the database, with a login in scrivania_mailer.');
  const settings = mailSettingsFrom(process.env);
  if (!settings) throw new ConfigurationError('Set SCRIVANIA_SMTP_URL to the SMTP server (smtp://user:password@host:587).');

  const parsed = new URL(databaseUrl);
  const worker = new OutboxWorker({
    connection: {
      target: parseCentralUrl(databaseUrl),
      credentials: { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) },
    },
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

  if (values.once) {
    const attempted = await worker.deliverDue();
    await worker.stop();
    log.info(`mail: ${attempted} message(s) attempted`);
    return;
  }

  worker.start();
  log.info(`mail: delivering the outbox through ${redactSmtpUrl(settings.smtpUrl)} as ${settings.from}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`mail: ${signal} received, finishing the message in hand`);
    void worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('mail: error while stopping', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(error instanceof ConfigurationError || error instanceof TypeError ? `${message}\n${USAGE}` : message);
  process.exit(1);
});
