import type { Knex } from 'knex';
import pg from 'pg';
import { createKnex, type Credentials } from '../db/knexFactory';
import { schemaStatus } from '../db/migrations';
import { ConfigurationError, type DatabaseTarget } from '../db/target';
import type { Logger } from '../logger';
import { classifySmtpFailure, outcomeOfFailure, type DeliveryPolicy } from './deliveryPolicy';
import { claimNextMessage, mailerIdentity, markAttemptFailed, markSent, msUntilNextDue, type ClaimedMessage } from './deliveryQueries';
import { composeMail, type MailTransport } from './smtp';

/** The channel the outbox's insert trigger notifies (see the outbox migration). */
export const OUTBOX_CHANNEL = 'scrivania_outbox';

/** Never spin faster than this when something is due but locked by another worker. */
const MIN_WAIT_MS = 250;
/** Recording an outcome is retried (the database may be restarting) this many times. */
const RECORD_ATTEMPTS = 4;

export interface MailerConnection {
  target: Pick<DatabaseTarget, 'host' | 'port' | 'database' | 'ssl'>;
  /** A login role in the NOLOGIN group scrivania_mailer. */
  credentials: Credentials;
}

export interface OutboxWorkerOptions {
  connection: MailerConnection;
  transport: MailTransport;
  from: string;
  policy: DeliveryPolicy;
  pollIntervalMs: number;
  log: Logger;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Delivers the outbox. Claims one due message at a time (FOR UPDATE SKIP LOCKED, so any number of
 * workers may run side by side and none sends a message another has claimed), hands it to the SMTP
 * server, and records the outcome: sent; back to the queue with exponential backoff on a temporary
 * failure; failed on a permanent refusal or when the attempts run out.
 *
 * It wakes on `LISTEN scrivania_outbox` (the database notifies when a message is queued, at
 * commit) and also polls, so a lost notification or a LISTEN connection down while the database
 * restarts delays delivery by one poll at most. Messages left `sending` by a worker that died are
 * claimed again after the policy's sending timeout.
 */
export class OutboxWorker {
  readonly db: Knex;
  private readonly options: OutboxWorkerOptions;
  private running = false;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wakeRequested = false;
  private wakeUp: (() => void) | null = null;
  private listener: pg.Client | null = null;
  private listenRetry: NodeJS.Timeout | null = null;
  private listenFailures = 0;
  private databaseDown = false;

  constructor(options: OutboxWorkerOptions) {
    this.options = options;
    this.db = createKnex(options.connection.target, options.connection.credentials, { max: 2, applicationName: 'scrivania-mailer' });
  }

  /**
   * Refuses to work on a schema this build does not know, or as a role that is not a plain member of
   * scrivania_mailer (a superuser would see, and could send, more than the outbox).
   */
  async verify(): Promise<void> {
    const status = await schemaStatus(this.db).catch((error: unknown) => {
      if ((error as { code?: string }).code === '42501') {
        throw new ConfigurationError(`The role ${this.options.connection.credentials.user} is not a member of scrivania_mailer`);
      }
      throw error;
    });
    if (status.state !== 'current') {
      throw new ConfigurationError(
        `The database schema is ${status.state}: the mail worker needs one migrated by this version (npm run db:migrate)`,
      );
    }
    const identity = await mailerIdentity(this.db);
    if (!identity.isMailer) throw new ConfigurationError(`The role ${identity.role} is not a member of scrivania_mailer`);
    if (identity.bypassesSecurity) {
      throw new ConfigurationError(
        `The role ${identity.role} is a superuser or bypasses row-level security: use a dedicated login in scrivania_mailer`,
      );
    }
  }

  /** Starts listening and delivering in the background; `stop()` ends both. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    void this.listen();
    this.loop = this.run();
  }

  /** Makes the running loop look for due messages now. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  /** Finishes the message in hand (SMTP timeouts bound the wait), then closes every connection. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    if (this.listenRetry) clearTimeout(this.listenRetry);
    this.listenRetry = null;
    this.wake();
    await this.loop;
    this.loop = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
    this.options.transport.close();
    await this.db.destroy();
  }

  /** Delivers every message due now, one at a time; returns how many were attempted. */
  async deliverDue(): Promise<number> {
    let attempted = 0;
    while (!this.stopping) {
      const claimed = await claimNextMessage(this.db, this.options.policy.sendingTimeoutMs);
      if (!claimed) break;
      await this.deliver(claimed);
      attempted += 1;
    }
    return attempted;
  }

  private async deliver(message: ClaimedMessage): Promise<void> {
    const { log, policy, transport, from } = this.options;
    let response: string;
    try {
      response = (await transport.sendMail(composeMail(message, from))).response;
    } catch (error) {
      const failure = classifySmtpFailure(error);
      const outcome = outcomeOfFailure(failure, message.attempts, policy);
      log.warn(
        `mail: message ${message.id} to ${message.recipientAddress}, attempt ${message.attempts}: ${failure.description}` +
          (outcome.status === 'queued' ? ` — retry in ${Math.round(outcome.retryInMs / 1000)} s` : ' — failed'),
      );
      if (failure.code === 'authentication') log.error('mail: the SMTP server refused the credentials of SCRIVANIA_SMTP_URL');
      await this.record(message, () => markAttemptFailed(this.db, message, outcome));
      return;
    }
    log.info(`mail: message ${message.id} sent to ${message.recipientAddress} (attempt ${message.attempts})`);
    await this.record(message, () => markSent(this.db, message, response));
  }

  /**
   * Writes an outcome, retrying while the database is unreachable. If it never gets through, the
   * message stays `sending` and is sent again after the timeout — with the same Message-ID.
   */
  private async record(message: ClaimedMessage, write: () => Promise<boolean>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (!(await write())) this.options.log.warn(`mail: message ${message.id} was claimed by another worker meanwhile`);
        return;
      } catch (error) {
        if (attempt >= RECORD_ATTEMPTS) {
          this.options.log.error(
            `mail: could not record the outcome of message ${message.id}; it will be retried after the sending timeout`,
            error,
          );
          return;
        }
        await delay(500 * 2 ** attempt);
      }
    }
  }

  private async run(): Promise<void> {
    const { log, policy, pollIntervalMs } = this.options;
    while (this.running) {
      this.wakeRequested = false;
      let wait = pollIntervalMs;
      try {
        await this.deliverDue();
        const next = await msUntilNextDue(this.db, policy.sendingTimeoutMs);
        if (next !== null) wait = Math.min(pollIntervalMs, Math.max(MIN_WAIT_MS, next));
        if (this.databaseDown) log.info('mail: database reachable again');
        this.databaseDown = false;
      } catch (error) {
        if (!this.databaseDown) log.warn('mail: cannot reach the outbox, retrying', error instanceof Error ? error.message : error);
        this.databaseDown = true;
        wait = Math.min(pollIntervalMs, 5_000);
      }
      await this.sleep(wait);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.wakeRequested || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  private async listen(): Promise<void> {
    if (!this.running) return;
    const { target, credentials } = this.options.connection;
    const client = new pg.Client({
      host: target.host,
      port: target.port,
      database: target.database,
      user: credentials.user,
      password: credentials.password,
      ssl: target.ssl,
      application_name: 'scrivania-mailer-listen',
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => {});
      this.scheduleListen();
    };
    client.on('notification', () => this.wake());
    client.on('error', onLost);
    client.on('end', onLost);
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch {
      onLost();
      return;
    }
    if (!this.running) {
      await client.end().catch(() => {});
      return;
    }
    this.listener = client;
    if (this.listenFailures > 0) this.options.log.info('mail: listening for new messages again');
    this.listenFailures = 0;
    this.wake(); // whatever was queued while we were not listening
  }

  private scheduleListen(): void {
    if (!this.running || this.listenRetry) return;
    this.listenFailures += 1;
    if (this.listenFailures === 1) this.options.log.warn('mail: lost the LISTEN connection; polling until it is back');
    const wait = Math.min(60_000, 1_000 * 2 ** Math.min(this.listenFailures - 1, 6));
    this.listenRetry = setTimeout(() => {
      this.listenRetry = null;
      void this.listen();
    }, wait);
  }
}
