import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/api/appError';
import type { Credentials } from '../../src/main/db/knexFactory';
import { ConfigurationError } from '../../src/main/db/target';
import { silentLogger, type Logger } from '../../src/main/logger';
import type { DeliveryPolicy } from '../../src/main/mail/deliveryPolicy';
import { ensureMailerLogin, startInAppMailWorker } from '../../src/main/mail/inApp';
import { listMessages, queueMessage, retryMessage, type QueueMessageInput } from '../../src/main/mail/outbox';
import { claimNextMessage, markAttemptFailed, type ClaimedMessage } from '../../src/main/mail/deliveryQueries';
import { createSmtpTransport } from '../../src/main/mail/smtp';
import { OutboxWorker } from '../../src/main/mail/worker';
import type { OutboxMessage } from '../../src/shared/api/messages';
import { formatProtocolNumber } from '../../src/shared/domain/protocolNumber';
import { createEnte, createInstance, createPerson, type EnteFixture } from '../support/fixtures';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtpServer';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

/**
 * The outbox against a real PostgreSQL and a real SMTP server (smtp-server on a loopback port,
 * requiring the credentials of SCRIVANIA_SMTP_URL): messages queued by staff inside their own
 * transaction, delivered by workers signed in as members of scrivania_mailer.
 */

const FROM = '"Comune di Castelprova" <protocollo@comune.castelprova.example.it>';
const PEC = 'mario.rossi@pec.example.it';
const FAST: DeliveryPolicy = { maxAttempts: 5, retryBaseMs: 1_500, retryMaxMs: 60_000, sendingTimeoutMs: 60_000 };
const projectRoot = path.resolve(__dirname, '../..');

describe('the outbox: messages to the applicant delivered through SMTP', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let smtp: TestSmtpServer;
  let mailer: Credentials;
  let mailerRoles: string[];
  let technician: TestStaff;
  let technicianDb: Knex;
  let otherClerkDb: Knex;
  let adminDb: Knex;
  let personId: number;
  let ipaCode: string;
  const workers: OutboxWorker[] = [];
  const children: ChildProcess[] = [];

  function worker(policy: Partial<DeliveryPolicy> = {}, options: { pollIntervalMs?: number } = {}): OutboxWorker {
    const created = new OutboxWorker({
      connection: { target: db.target, credentials: mailer },
      transport: createSmtpTransport(smtp.url),
      from: FROM,
      policy: { ...FAST, ...policy },
      pollIntervalMs: options.pollIntervalMs ?? 300,
      log: silentLogger,
    });
    workers.push(created);
    return created;
  }

  async function newCase(options: { assigned?: boolean; personId?: number } = {}): Promise<number> {
    return createInstance(db.admin, ente, {
      officeId: ente.offices.edilizia,
      procedureTypeId: ente.procedures.permesso,
      personId: options.personId ?? personId,
      subject: 'Ampliamento di fabbricato residenziale',
      status: 'in_progress',
      assigneeId: options.assigned === false ? null : technician.id,
    });
  }

  async function queueAs(staffDb: Knex, input: QueueMessageInput): Promise<OutboxMessage> {
    return staffDb.transaction((trx) => queueMessage(trx, input));
  }

  function integrationRequest(instanceId: number): QueueMessageInput {
    return {
      instanceId,
      templateCode: 'integration_request',
      values: { termine: '10/04/2026', documenti: '- relazione tecnica asseverata\n- elaborati grafici dello stato di progetto' },
    };
  }

  async function row(messageId: number) {
    return db.admin('scrivania.messages').where('id', messageId).first();
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin, 'Comune di Castelprova');
    technician = await db.createStaff({
      enteId: ente.enteId,
      role: 'technician',
      officeIds: [ente.offices.edilizia],
      name: 'Stefano Moretti',
    });
    const otherClerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    const admin = await db.createStaff({ enteId: ente.enteId, role: 'admin', officeIds: [ente.offices.protocollo] });
    technicianDb = db.connectAs(technician);
    otherClerkDb = db.connectAs(otherClerk);
    adminDb = db.connectAs(admin);
    ipaCode = (await db.admin('scrivania.enti').where('id', ente.enteId).first('ipa_code')).ipa_code;
    personId = await createPerson(db.admin, ente.enteId, { lastName: 'Rossi', firstName: 'Mario' });
    await db.admin('scrivania.persons').where('id', personId).update({ pec: PEC, email: 'mario.rossi@example.it' });
    mailerRoles = [`t${db.suffix}_mailer`];
    mailer = await ensureMailerLogin({ ...db.server, database: db.name }, mailerRoles[0]);
    smtp = await startTestSmtpServer();
  });

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    // Each test starts with a running SMTP server and nothing due in the outbox.
    if (!(await smtp.isListening())) await smtp.start();
    await worker().deliverDue();
    await workers.pop()!.stop();
  });

  afterAll(async () => {
    await smtp?.stop();
    await db?.drop();
    const client = new pg.Client({ ...db.server, database: 'postgres' });
    await client.connect();
    for (const role of mailerRoles ?? []) await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`);
    await client.end();
  });

  it('queues the rendered message in the caller transaction and delivers it once, authenticated, with a stable Message-ID', async () => {
    const instanceId = await newCase();
    const instance = await db.admin('scrivania.instances').where('id', instanceId).first();
    const before = smtp.received.length;

    const queued = await queueAs(technicianDb, integrationRequest(instanceId));
    const protocol = formatProtocolNumber(instance.protocol_year, instance.protocol_number);
    expect(queued).toMatchObject({
      status: 'queued',
      attempts: 0,
      recipientAddress: PEC,
      recipientName: 'Rossi Mario',
      queuedByName: 'Stefano Moretti',
    });
    expect(queued.subject).toBe(`Richiesta di integrazione documentale – prot. n. ${protocol}`);
    expect(queued.bodyText).toContain('art. 2, comma 7, della Legge 7 agosto 1990, n. 241');
    expect(queued.bodyText).toContain('- elaborati grafici dello stato di progetto');
    expect(queued.bodyText).toContain('entro e non oltre il 10/04/2026');
    expect(queued.bodyText).toContain('Stefano Moretti');
    expect(queued.bodyText).not.toMatch(/\{\{|\}\}/);
    expect(queued.messageId).toBe(`<outbox-${queued.id}@${ipaCode.toLowerCase()}.scrivania>`);

    const mailerWorker = worker();
    expect(await mailerWorker.deliverDue()).toBe(1);
    expect(await mailerWorker.deliverDue()).toBe(0);

    expect(smtp.received.length).toBe(before + 1);
    const delivered = smtp.received.at(-1)!;
    expect(delivered.user).toBe(smtp.user);
    expect(delivered.envelopeFrom).toBe('protocollo@comune.castelprova.example.it');
    expect(delivered.envelopeTo).toEqual([PEC]);
    expect(delivered.mail.messageId).toBe(queued.messageId);
    expect(delivered.mail.subject).toBe(queued.subject);
    expect(delivered.mail.text?.trim()).toBe(queued.bodyText.trim());
    expect(delivered.mail.from?.value).toEqual([{ name: 'Comune di Castelprova', address: 'protocollo@comune.castelprova.example.it' }]);
    expect(delivered.mail.to).toMatchObject({ value: [{ name: 'Rossi Mario', address: PEC }] });
    expect(delivered.mail.headers.get('x-scrivania-outbox-id')).toBe(String(queued.id));

    const [onTheCase] = await listMessages(technicianDb, instanceId);
    expect(onTheCase).toMatchObject({ id: queued.id, status: 'sent', attempts: 1, lastError: null });
    expect(Date.parse(onTheCase!.sentAt!)).toBeGreaterThanOrEqual(Date.parse(queued.queuedAt));
  });

  it('writes nothing and sends nothing when the workflow step rolls back', async () => {
    const instanceId = await newCase();
    await expect(
      technicianDb.transaction(async (trx) => {
        await queueMessage(trx, integrationRequest(instanceId));
        throw new Error('the transition failed');
      }),
    ).rejects.toThrow('the transition failed');
    expect(await listMessages(technicianDb, instanceId)).toEqual([]);
    expect(await worker().deliverDue()).toBe(0);
  });

  it('refuses a message with a placeholder left unfilled, naming it, and writes nothing', async () => {
    const instanceId = await newCase({ assigned: false });
    const missing = await queueAs(technicianDb, {
      instanceId,
      templateCode: 'integration_request',
      values: { termine: '10/04/2026' },
    }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect(missing).toMatchObject({ code: 'validation', reason: 'template_incomplete' });
    // Nobody holds the case, so there is no responsabile to name either.
    expect((missing as AppError).issues).toEqual([
      { path: 'values.documenti', reason: 'template_value_missing' },
      { path: 'values.responsabile', reason: 'template_value_missing' },
    ]);
    // Naming the responsabile explicitly fills it.
    const queued = await queueAs(technicianDb, {
      ...integrationRequest(instanceId),
      values: { ...integrationRequest(instanceId).values, responsabile: 'Ing. Francesca Gallo' },
    });
    expect(queued.bodyText).toContain('Ing. Francesca Gallo');
    expect((await listMessages(technicianDb, instanceId)).map((m) => m.id)).toEqual([queued.id]);
    // A blank value counts as not given: it neither fills a placeholder nor hides the case's own value.
    const assigned = await newCase();
    const withBlank = await queueAs(technicianDb, {
      ...integrationRequest(assigned),
      values: { ...integrationRequest(assigned).values, responsabile: '  ' },
    });
    expect(withBlank.bodyText).toContain('Il responsabile del procedimento\nStefano Moretti');
  });

  it('refuses with no_recipient_address when the applicant has neither PEC nor e-mail, unless a recipient is given', async () => {
    const unreachable = await createPerson(db.admin, ente.enteId, { lastName: 'Bianchi', firstName: 'Anna', sex: 'F' });
    const instanceId = await newCase({ personId: unreachable });
    await expect(queueAs(technicianDb, integrationRequest(instanceId))).rejects.toMatchObject({
      code: 'validation',
      reason: 'no_recipient_address',
    });
    const explicit = await queueAs(technicianDb, {
      ...integrationRequest(instanceId),
      recipient: { name: 'Studio tecnico Verdi', address: 'studio.verdi@example.it' },
    });
    expect(explicit).toMatchObject({ recipientName: 'Studio tecnico Verdi', recipientAddress: 'studio.verdi@example.it' });
    await expect(
      queueAs(technicianDb, { ...integrationRequest(instanceId), recipient: { name: 'Qualcuno', address: 'non-un-indirizzo' } }),
    ).rejects.toMatchObject({ reason: 'recipient_address_invalid' });
  });

  it("uses the ente's own template when an administrator wrote one, and refuses one with an unknown placeholder", async () => {
    const instanceId = await newCase();
    await adminDb('scrivania.message_templates').insert({
      ente_id: ente.enteId,
      code: 'preavviso_rigetto',
      subject: 'Preavviso di rigetto (art. 10-bis L. 241/1990) – {{protocollo}}',
      body: '{{richiedente}}, motivi ostativi: {{motivazione}}. Osservazioni entro dieci giorni a {{ufficio}}.',
    });
    const queued = await queueAs(technicianDb, {
      instanceId,
      templateCode: 'preavviso_rigetto',
      values: { motivazione: 'distanze dai confini non rispettate' },
    });
    expect(queued.subject).toMatch(/^Preavviso di rigetto \(art\. 10-bis L\. 241\/1990\) – \d{7}\/\d{4}$/);
    expect(queued.bodyText).toBe(
      'Rossi Mario, motivi ostativi: distanze dai confini non rispettate. Osservazioni entro dieci giorni a Sportello unico edilizia.',
    );

    await adminDb('scrivania.message_templates')
      .where({ code: 'preavviso_rigetto' })
      .update({ body: 'Entro il {{scadenza}}: {{motivazione}}' });
    await expect(
      queueAs(technicianDb, { instanceId, templateCode: 'preavviso_rigetto', values: { motivazione: 'x' } }),
    ).rejects.toMatchObject({ reason: 'template_incomplete', issues: [{ path: 'template.body', reason: 'template_placeholder_unknown' }] });
    // Staff other than administrators cannot write templates.
    await expect(technicianDb('scrivania.message_templates').update({ body: 'manomesso' })).rejects.toMatchObject({ code: '42501' });
    await adminDb('scrivania.message_templates').where({ code: 'preavviso_rigetto' }).delete();
  });

  it('keeps the message queued with backoff while the SMTP server is down, and delivers it when it is back', async () => {
    const instanceId = await newCase();
    await smtp.stop();
    const queued = await queueAs(technicianDb, integrationRequest(instanceId));
    const mailerWorker = worker();

    expect(await mailerWorker.deliverDue()).toBe(1);
    const afterFailure = await row(queued.id);
    expect(afterFailure).toMatchObject({ status: 'queued', attempts: 1, last_error_code: 'connection' });
    expect(afterFailure.last_error).toMatch(/ECONNREFUSED|connect/i);
    const wait = (afterFailure.next_attempt_at as Date).getTime() - Date.now();
    expect(wait).toBeGreaterThan(500);
    expect(wait).toBeLessThanOrEqual(FAST.retryBaseMs + 200);
    // Not due yet: a second pass leaves it alone.
    expect(await mailerWorker.deliverDue()).toBe(0);

    await smtp.start();
    const before = smtp.received.length;
    mailerWorker.start();
    const received = await smtp.waitForReceived(before + 1);
    expect(received.at(-1)!.mail.messageId).toBe(queued.messageId);
    await expect.poll(async () => (await row(queued.id)).status, { timeout: 5_000 }).toBe('sent');
    expect(await row(queued.id)).toMatchObject({ attempts: 2, last_error: null, last_error_code: null });
  });

  it('fails a message the SMTP server refuses for good (5xx); staff of the office can send it again', async () => {
    const address = 'casella.inesistente@example.it';
    smtp.rejectRecipient(address, 550, '5.1.1 Mailbox unavailable');
    const instanceId = await newCase();
    const queued = await queueAs(technicianDb, { ...integrationRequest(instanceId), recipient: { name: 'Destinatario errato', address } });
    const mailerWorker = worker();
    await mailerWorker.deliverDue();

    const [failed] = await listMessages(technicianDb, instanceId);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastErrorCode: 'rejected_permanently' });
    expect(failed!.lastError).toMatch(/550/);
    expect(await mailerWorker.deliverDue()).toBe(0); // never retried by itself

    // A clerk of another office cannot see it, so cannot send it again.
    await expect(retryMessage(otherClerkDb, queued.id)).rejects.toMatchObject({ code: 'not_found', reason: 'message_not_found' });
    const retried = await retryMessage(technicianDb, queued.id);
    expect(retried).toMatchObject({ status: 'queued', attempts: 0 });
    await expect(retryMessage(technicianDb, queued.id)).rejects.toMatchObject({ code: 'conflict', reason: 'message_not_failed' });

    smtp.acceptRecipient(address);
    expect(await mailerWorker.deliverDue()).toBe(1);
    expect(await row(queued.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries a 4xx refusal, and gives up after the last attempt', async () => {
    const address = 'casella.piena@example.it';
    smtp.rejectRecipient(address, 452, '4.2.2 Mailbox full');
    const instanceId = await newCase();
    const queued = await queueAs(technicianDb, { ...integrationRequest(instanceId), recipient: { name: 'Casella piena', address } });
    const mailerWorker = worker({ maxAttempts: 2, retryBaseMs: 100 });

    await mailerWorker.deliverDue();
    expect(await row(queued.id)).toMatchObject({ status: 'queued', attempts: 1, last_error_code: 'rejected_temporarily' });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await mailerWorker.deliverDue();
    const gaveUp = await row(queued.id);
    expect(gaveUp).toMatchObject({ status: 'failed', attempts: 2, last_error_code: 'too_many_attempts' });
    expect(gaveUp.last_error).toMatch(/452/);
    smtp.acceptRecipient(address);
  });

  it('concurrent claims never hand out the same message twice', async () => {
    const instanceId = await newCase();
    const queued: OutboxMessage[] = [];
    for (let i = 0; i < 40; i += 1) queued.push(await queueAs(technicianDb, integrationRequest(instanceId)));
    const claimers = Array.from({ length: 6 }, () => worker());
    await Promise.all(claimers.map((w) => w.verify())); // connections open: the claims start together
    const claimAll = async (w: OutboxWorker) => {
      const claimed: ClaimedMessage[] = [];
      for (
        let next = await claimNextMessage(w.db, FAST.sendingTimeoutMs);
        next;
        next = await claimNextMessage(w.db, FAST.sendingTimeoutMs)
      ) {
        claimed.push(next);
      }
      return claimed;
    };
    const claims = (await Promise.all(claimers.map(claimAll))).flat();
    expect(claims.map((c) => c.id).sort((a, b) => a - b)).toEqual(queued.map((m) => m.id));
    // Put them back for the next tests (as a temporary failure due at once).
    for (const claim of claims) {
      await markAttemptFailed(claimers[0]!.db, claim, { status: 'queued', retryInMs: 0, errorCode: 'other', error: 'test' });
    }
  });

  it('workers racing deliver every message exactly once', async () => {
    const instanceId = await newCase();
    const queued: OutboxMessage[] = [];
    for (let i = 0; i < 30; i += 1) queued.push(await queueAs(technicianDb, integrationRequest(instanceId)));
    const before = smtp.received.length;

    const racing = [worker(), worker(), worker()];
    await Promise.all(racing.map((w) => w.verify()));
    const attempted = await Promise.all(racing.map((w) => w.deliverDue()));
    expect(attempted.reduce((a, b) => a + b)).toBe(30);

    const mine = new Set(queued.map((m) => m.messageId));
    const deliveredIds = smtp.received.slice(before).map((r) => r.mail.messageId);
    expect(deliveredIds).toHaveLength(30);
    expect(new Set(deliveredIds)).toEqual(mine);
    const statuses = await db
      .admin('scrivania.messages')
      .whereIn(
        'id',
        queued.map((m) => m.id),
      )
      .select('status', 'attempts');
    expect(statuses.every((s: { status: string; attempts: number }) => s.status === 'sent' && s.attempts === 1)).toBe(true);
  });

  it('running workers wake on the NOTIFY of a committed message, long before their poll', async () => {
    // A poll a minute away: only LISTEN/NOTIFY can explain a prompt delivery.
    const running = [worker({}, { pollIntervalMs: 60_000 }), worker({}, { pollIntervalMs: 60_000 })];
    for (const w of running) w.start();
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // both listening, and asleep
    const before = smtp.received.length;
    const instanceId = await newCase();
    const started = Date.now();
    const queued = await queueAs(technicianDb, integrationRequest(instanceId));
    const received = await smtp.waitForReceived(before + 1, 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(received.at(-1)!.mail.messageId).toBe(queued.messageId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received.length).toBe(before + 1);
  });

  it('a new worker process picks up what was queued, and a message left sending by a crashed worker, with the same Message-ID', async () => {
    const instanceId = await newCase();
    const first = await queueAs(technicianDb, integrationRequest(instanceId));
    const second = await queueAs(technicianDb, integrationRequest(instanceId));
    const env = {
      ...process.env,
      DATABASE_URL: `postgres://${encodeURIComponent(mailer.user)}:${encodeURIComponent(mailer.password)}@${db.target.host}:${db.target.port}/${db.name}`,
      SCRIVANIA_SMTP_URL: smtp.url,
      SCRIVANIA_MAIL_FROM: FROM,
      SCRIVANIA_MAIL_SENDING_TIMEOUT_SECONDS: '1',
      SCRIVANIA_MAIL_POLL_SECONDS: '0.5',
    };
    const run = (args: string[]) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/mail/cli.ts', ...args], {
        cwd: projectRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      return { child, output: () => output, exit: new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))) };
    };

    // The first worker process crashes while the SMTP server holds its DATA.
    const attemptsBefore = smtp.attempts.length;
    const receivedBefore = smtp.received.length;
    const held = smtp.holdData();
    const crashing = run([]);
    await smtp.waitForAttempts(attemptsBefore + 1, 20_000);
    crashing.child.kill('SIGKILL');
    await crashing.exit;
    held.release(false);
    const crashedId = smtp.attempts[attemptsBefore]!.mail.messageId;
    expect(crashedId).toBe(first.messageId);
    expect(await row(first.id)).toMatchObject({ status: 'sending', attempts: 1 });
    expect(await row(second.id)).toMatchObject({ status: 'queued' });

    // A new process, after the sending timeout, delivers both: the stuck one again, unchanged.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const restarted = run(['--once']);
    expect(await restarted.exit, restarted.output()).toBe(0);
    const delivered = smtp.received.slice(receivedBefore).map((r) => r.mail.messageId);
    expect(delivered.sort()).toEqual([first.messageId, second.messageId].sort());
    expect(await row(first.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await row(second.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('the service command refuses a login that is not a plain member of scrivania_mailer', async () => {
    const asSuperuser = new OutboxWorker({
      connection: { target: db.target, credentials: { user: db.server.user, password: db.server.password } },
      transport: createSmtpTransport(smtp.url),
      from: FROM,
      policy: FAST,
      pollIntervalMs: 1_000,
      log: silentLogger,
    });
    workers.push(asSuperuser);
    await expect(asSuperuser.verify()).rejects.toThrow(/superuser or bypasses row-level security/);
    const asStaff = new OutboxWorker({
      connection: { target: db.target, credentials: { user: technician.username, password: technician.password } },
      transport: createSmtpTransport(smtp.url),
      from: FROM,
      policy: FAST,
      pollIntervalMs: 1_000,
      log: silentLogger,
    });
    workers.push(asStaff);
    await expect(asStaff.verify()).rejects.toBeInstanceOf(ConfigurationError);
    await expect(worker().verify()).resolves.toBeUndefined();
  });

  it('row-level security: a clerk of another office sees nothing; the mailer sees only what awaits delivery', async () => {
    const instanceId = await newCase();
    const sent = await queueAs(technicianDb, integrationRequest(instanceId));
    await worker().deliverDue();
    const waiting = await queueAs(technicianDb, integrationRequest(instanceId));

    expect(await listMessages(otherClerkDb, instanceId)).toEqual([]);
    const raw = await otherClerkDb.raw<{ rows: unknown[] }>('SELECT * FROM scrivania.messages WHERE instance_id = ?', [instanceId]);
    expect(raw.rows).toEqual([]);
    await expect(queueAs(otherClerkDb, integrationRequest(instanceId))).rejects.toMatchObject({
      code: 'not_found',
      reason: 'instance_not_found',
    });
    await expect(
      otherClerkDb('scrivania.messages').insert({
        instance_id: instanceId,
        template_code: 'integration_request',
        recipient_name: 'X',
        recipient_address: 'x@example.it',
        subject: 'S',
        body_text: 'B',
      }),
    ).rejects.toMatchObject({ code: '42501' });
    // The administrator sees the whole ente's messages.
    expect((await listMessages(adminDb, instanceId)).map((m) => m.id)).toEqual([sent.id, waiting.id]);

    // The mailer: queued messages yes, delivered ones of others no, and nothing else of the database.
    const otherMailer = await ensureMailerLogin({ ...db.server, database: db.name }, `t${db.suffix}_mailer2`);
    mailerRoles.push(otherMailer.user);
    const client = new pg.Client({
      host: db.target.host,
      port: db.target.port,
      database: db.name,
      user: otherMailer.user,
      password: otherMailer.password,
    });
    await client.connect();
    try {
      const visible = await client.query('SELECT id FROM scrivania.messages WHERE id = ANY($1)', [[sent.id, waiting.id]]);
      expect(visible.rows.map((r: { id: number }) => Number(r.id))).toEqual([waiting.id]);
      await expect(client.query('SELECT 1 FROM scrivania.instances')).rejects.toMatchObject({ code: '42501' });
      await expect(client.query('SELECT 1 FROM scrivania.persons')).rejects.toMatchObject({ code: '42501' });
      await expect(client.query("UPDATE scrivania.messages SET subject = 'altro' WHERE id = $1", [waiting.id])).rejects.toMatchObject({
        code: '42501',
      });
      await expect(client.query('DELETE FROM scrivania.messages WHERE id = $1', [waiting.id])).rejects.toMatchObject({ code: '42501' });
    } finally {
      await client.end();
    }
  });

  it('the content of a message cannot be changed after insert, not even by the table owner, and a sent message stays sent', async () => {
    const instanceId = await newCase();
    const queued = await queueAs(technicianDb, integrationRequest(instanceId));
    for (const change of [
      { subject: 'Oggetto cambiato' },
      { body_text: 'Testo cambiato' },
      { recipient_address: 'altro@example.it' },
      { instance_id: instanceId + 1 },
    ]) {
      await expect(db.admin('scrivania.messages').where('id', queued.id).update(change)).rejects.toMatchObject({
        code: '42501',
        hint: 'scrivania:message_content_immutable',
      });
    }
    await expect(db.admin('scrivania.messages').where('id', queued.id).delete()).rejects.toMatchObject({ code: '42501' });
    await expect(technicianDb('scrivania.messages').where('id', queued.id).update({ subject: 'x' })).rejects.toMatchObject({
      code: '42501',
    });

    await worker().deliverDue();
    await expect(db.admin('scrivania.messages').where('id', queued.id).update({ status: 'queued' })).rejects.toMatchObject({
      hint: 'scrivania:message_status_transition',
    });
    expect(await row(queued.id)).toMatchObject({ subject: queued.subject, body_text: queued.bodyText, status: 'sent' });

    const audit = await db
      .admin('scrivania.audit_log')
      .where({ table_name: 'messages', row_id: String(queued.id) })
      .orderBy('id');
    expect(audit.map((a: { action: string; actor: string }) => [a.action, a.actor])).toEqual([
      ['INSERT', technician.username],
      ['UPDATE', mailer.user],
      ['UPDATE', mailer.user],
    ]);
  });

  it('in the app with the embedded database, the worker starts with its own mailer login, delivers, and stops cleanly', async () => {
    const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'scrivania-mail-'));
    const role = `t${db.suffix}_mailer_app`;
    mailerRoles.push(role);
    const lines: string[] = [];
    const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    try {
      fs.writeFileSync(path.join(dataRoot, 'settings.json'), JSON.stringify({ mail: { smtpUrl: smtp.url, from: FROM } }));
      const central = await startInAppMailWorker({ target: db.target, superuser: undefined, dataRoot, env: {}, log, mailerRole: role });
      expect(central).toBeNull();
      expect(lines.at(-1)).toMatch(/npm run mail:worker/);

      const embeddedTarget = { ...db.target, description: { ...db.target.description, kind: 'embedded' as const } };
      const inApp = await startInAppMailWorker({
        target: embeddedTarget,
        superuser: { ...db.server, database: db.name },
        dataRoot,
        env: {},
        log,
        mailerRole: role,
      });
      expect(inApp).not.toBeNull();
      workers.push(inApp!);
      const before = smtp.received.length;
      const queued = await queueAs(technicianDb, integrationRequest(await newCase()));
      await smtp.waitForReceived(before + 1);
      expect(smtp.received.at(-1)!.mail.messageId).toBe(queued.messageId);
      await inApp!.stop();
      workers.splice(workers.indexOf(inApp!), 1);
      await expect
        .poll(async () => (await db.admin.raw<{ rows: unknown[] }>('SELECT 1 FROM pg_stat_activity WHERE usename = ?', [role])).rows.length)
        .toBe(0);
    } finally {
      fs.rmSync(dataRoot, { recursive: true, force: true });
    }
  });
});
