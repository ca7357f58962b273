import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DELIVERY_POLICY,
  classifySmtpFailure,
  isPermanentReply,
  outcomeOfFailure,
  retryDelayMs,
  type DeliveryPolicy,
} from '../../../src/main/mail/deliveryPolicy';

/** Errors shaped as nodemailer produces them (code, responseCode, response, command). */
const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'smtp error')), fields);

describe('classifying SMTP failures (RFC 5321 §4.2.1: 4yz transient, 5yz permanent)', () => {
  it('a server that cannot be reached is a temporary failure', () => {
    expect(
      classifySmtpFailure(smtpError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:2525' })),
    ).toEqual({
      permanent: false,
      code: 'connection',
      description: 'connect ECONNREFUSED 127.0.0.1:2525',
    });
    expect(classifySmtpFailure(smtpError({ code: 'ECONNECTION' }))).toMatchObject({ permanent: false, code: 'connection' });
    expect(classifySmtpFailure(smtpError({ code: 'ETIMEDOUT' }))).toMatchObject({ permanent: false, code: 'timeout' });
    expect(classifySmtpFailure(smtpError({ code: 'ETLS' }))).toMatchObject({ permanent: false, code: 'tls' });
  });

  it('a 5xx reply refuses the message for good, with the server words and the command kept', () => {
    expect(
      classifySmtpFailure(
        smtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 Mailbox unavailable', command: 'RCPT TO' }),
      ),
    ).toEqual({ permanent: true, code: 'rejected_permanently', description: '550 5.1.1 Mailbox unavailable (RCPT TO)' });
    expect(classifySmtpFailure(smtpError({ code: 'EMESSAGE', responseCode: 554, response: '554 Message rejected' }))).toMatchObject({
      permanent: true,
    });
  });

  it('a 4xx reply, and 503 (bad sequence of commands, a session problem), are retried', () => {
    expect(classifySmtpFailure(smtpError({ code: 'EENVELOPE', responseCode: 452, response: '452 4.2.2 Mailbox full' }))).toMatchObject({
      permanent: false,
      code: 'rejected_temporarily',
    });
    expect(classifySmtpFailure(smtpError({ code: 'EPROTOCOL', responseCode: 503, response: '503 Bad sequence' }))).toMatchObject({
      permanent: false,
    });
    expect(isPermanentReply(503)).toBe(false);
    expect(isPermanentReply(550)).toBe(true);
    expect(isPermanentReply(451)).toBe(false);
  });

  it("the worker's own credentials refused (535) are a configuration to fix, not a fault of the message: retried", () => {
    expect(
      classifySmtpFailure(smtpError({ code: 'EAUTH', responseCode: 535, response: '535 Authentication credentials invalid' })),
    ).toMatchObject({
      permanent: false,
      code: 'authentication',
    });
  });

  it('anything unrecognised is retried, never silently dropped', () => {
    expect(classifySmtpFailure('boom')).toEqual({ permanent: false, code: 'other', description: 'boom' });
  });
});

describe('retrying with exponential backoff', () => {
  const policy: DeliveryPolicy = { maxAttempts: 4, retryBaseMs: 1_000, retryMaxMs: 5_000, sendingTimeoutMs: 60_000 };

  it('doubles the wait at each failed attempt, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 60].map((n) => retryDelayMs(n, policy))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
  });

  it('never waits less than the base nor more than the cap, and never less after more failures (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        fc.integer({ min: 0, max: 86_400_000 }),
        (attempts, base, extra) => {
          const p = { retryBaseMs: base, retryMaxMs: base + extra };
          const wait = retryDelayMs(attempts, p);
          expect(wait).toBeGreaterThanOrEqual(base);
          expect(wait).toBeLessThanOrEqual(base + extra);
          expect(retryDelayMs(attempts + 1, p)).toBeGreaterThanOrEqual(wait);
        },
      ),
    );
  });

  it('a temporary failure goes back to the queue until the attempts run out, then fails as too_many_attempts', () => {
    const down = classifySmtpFailure(smtpError({ code: 'ECONNECTION', message: 'Connection closed' }));
    expect(outcomeOfFailure(down, 1, policy)).toEqual({
      status: 'queued',
      retryInMs: 1_000,
      errorCode: 'connection',
      error: 'Connection closed',
    });
    expect(outcomeOfFailure(down, 3, policy)).toMatchObject({ status: 'queued', retryInMs: 4_000 });
    expect(outcomeOfFailure(down, 4, policy)).toEqual({
      status: 'failed',
      errorCode: 'too_many_attempts',
      error: 'Connection closed — 4 attempts',
    });
  });

  it('a permanent refusal fails at once, whatever the attempts left', () => {
    const refused = classifySmtpFailure(smtpError({ responseCode: 550, response: '550 No such user' }));
    expect(outcomeOfFailure(refused, 1, DEFAULT_DELIVERY_POLICY)).toEqual({
      status: 'failed',
      errorCode: 'rejected_permanently',
      error: '550 No such user',
    });
  });

  it('by default a message is retried for more than a day (an SMTP server down over a night or a weekend day) before it is given up', () => {
    const total = Array.from({ length: DEFAULT_DELIVERY_POLICY.maxAttempts - 1 }, (_, i) =>
      retryDelayMs(i + 1, DEFAULT_DELIVERY_POLICY),
    ).reduce((a, b) => a + b);
    expect(total).toBeGreaterThan(24 * 3_600_000);
  });
});
