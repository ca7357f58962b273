import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { freeLoopbackPort } from '../../src/main/db/localProcess';

/** What a test SMTP server accepted (or, for `attempts`, was sent, accepted or not). */
export interface ReceivedMail {
  /** The login the client authenticated with. */
  user: string;
  envelopeFrom: string;
  envelopeTo: string[];
  mail: ParsedMail;
}

export interface TestSmtpServer {
  readonly port: number;
  /** smtp://user:password@127.0.0.1:port, with the credentials the server requires. */
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** Messages accepted (250 after DATA), in order. */
  readonly received: ReceivedMail[];
  /** Every DATA received, accepted or not (a held one counts when it arrives). */
  readonly attempts: ReceivedMail[];
  /** Answers RCPT TO for `address` with `code` (e.g. 550 permanent, 450 temporary). */
  rejectRecipient(address: string, code: number, text: string): void;
  acceptRecipient(address: string): void;
  /**
   * Keeps the reply to the next DATA pending (to kill a worker mid-delivery) until `release`:
   * accepted (250) or refused with a temporary error, which is not recorded as received.
   */
  holdData(): { release(accept: boolean): void };
  waitForReceived(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  waitForAttempts(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Stops listening (connections are refused) until `start()`, which listens on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  isListening(): Promise<boolean>;
}

async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function waitUntil<T>(list: T[], count: number, timeoutMs: number, what: string): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  while (list.length < count) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${count} ${what} (have ${list.length})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return list;
}

/**
 * A real SMTP server (nodemailer's smtp-server) on a free loopback port, requiring AUTH with its
 * own credentials, that records what it accepts. Plain-text AUTH is allowed because it is loopback.
 */
export async function startTestSmtpServer(options: { user?: string; password?: string } = {}): Promise<TestSmtpServer> {
  const user = options.user ?? 'posta.comune';
  const password = options.password ?? 'Segreta.Posta.2026';
  const port = await freeLoopbackPort();
  const received: ReceivedMail[] = [];
  const attempts: ReceivedMail[] = [];
  const rejections = new Map<string, { code: number; text: string }>();
  let hold: Promise<boolean> | null = null;
  let server: SMTPServer | null = null;

  const create = () =>
    new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      closeTimeout: 200,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === user && auth.password === password) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      },
      onRcptTo(address, _session, callback) {
        const rejection = rejections.get(address.address);
        if (rejection) callback(Object.assign(new Error(rejection.text), { responseCode: rejection.code }));
        else callback();
      },
      onData(stream, session, callback) {
        void (async () => {
          const mail = await simpleParser(await readAll(stream));
          const entry: ReceivedMail = {
            user: String(session.user ?? ''),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            mail,
          };
          attempts.push(entry);
          const accepted = hold ? await hold : true;
          if (!accepted) return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          received.push(entry);
          callback(null, 'Queued as test');
        })().catch((error: unknown) => callback(error as Error));
      },
    });

  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = create();
      server.on('error', () => {});
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await start();

  return {
    port,
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    user,
    password,
    received,
    attempts,
    rejectRecipient(address, code, text) {
      rejections.set(address, { code, text });
    },
    acceptRecipient(address) {
      rejections.delete(address);
    },
    holdData() {
      let release: (accept: boolean) => void = () => {};
      hold = new Promise<boolean>((resolve) => {
        release = (accept) => {
          hold = null;
          resolve(accept);
        };
      });
      return { release };
    },
    waitForReceived: (count, timeoutMs = 15_000) => waitUntil(received, count, timeoutMs, 'accepted messages'),
    waitForAttempts: (count, timeoutMs = 15_000) => waitUntil(attempts, count, timeoutMs, 'DATA transfers'),
    stop: () =>
      new Promise<void>((resolve) => {
        const current = server;
        server = null;
        if (!current) return resolve();
        current.close(() => resolve());
      }),
    start,
    isListening: async () => server !== null,
  };
}
