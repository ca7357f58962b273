import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/main/db/target';
import { DEFAULT_POLL_INTERVAL_MS, mailSettingsFor, mailSettingsFrom, redactSmtpUrl } from '../../../src/main/mail/config';
import { DEFAULT_DELIVERY_POLICY } from '../../../src/main/mail/deliveryPolicy';

const FROM = '"Comune di Montesereno" <protocollo@comune.montesereno.pg.it>';

describe('mail settings', () => {
  it('without an SMTP URL there is nothing to configure: messages wait in the outbox', () => {
    expect(mailSettingsFrom({})).toBeNull();
    expect(mailSettingsFrom({ SCRIVANIA_SMTP_URL: '  ' }, {})).toBeNull();
  });

  it('reads the SMTP URL and the sender from the environment, with the default policy', () => {
    expect(mailSettingsFrom({ SCRIVANIA_SMTP_URL: 'smtp://utente:segreta@smtp.comune.it:587', SCRIVANIA_MAIL_FROM: FROM })).toEqual({
      smtpUrl: 'smtp://utente:segreta@smtp.comune.it:587',
      from: FROM,
      policy: DEFAULT_DELIVERY_POLICY,
      pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
    });
  });

  it('the environment wins over settings.json; the sender defaults to an SMTP login that is an address', () => {
    const file = { smtpUrl: 'smtps://file@smtp.file.it:465', from: 'file@comune.it' };
    expect(mailSettingsFrom({ SCRIVANIA_SMTP_URL: 'smtp://protocollo%40comune.it:pw@smtp.comune.it' }, file)).toMatchObject({
      smtpUrl: 'smtp://protocollo%40comune.it:pw@smtp.comune.it',
      from: 'file@comune.it',
    });
    expect(mailSettingsFrom({ SCRIVANIA_SMTP_URL: 'smtp://protocollo%40comune.it:pw@smtp.comune.it' })).toMatchObject({
      from: 'protocollo@comune.it',
    });
    expect(mailSettingsFrom({}, file)).toMatchObject({ smtpUrl: 'smtps://file@smtp.file.it:465' });
  });

  it('refuses what is present but wrong, never printing the password', () => {
    const error = (env: NodeJS.ProcessEnv) => {
      try {
        mailSettingsFrom(env);
      } catch (caught) {
        return caught;
      }
      return null;
    };
    expect(error({ SCRIVANIA_SMTP_URL: 'http://smtp.comune.it', SCRIVANIA_MAIL_FROM: FROM })).toBeInstanceOf(ConfigurationError);
    expect(String(error({ SCRIVANIA_SMTP_URL: 'smtp://utente:segreta@smtp.comune.it' }))).toMatch(/SCRIVANIA_MAIL_FROM/);
    expect(String(error({ SCRIVANIA_SMTP_URL: 'smtp://a:b@h', SCRIVANIA_MAIL_FROM: 'Comune di Prova' }))).toMatch(/not an e-mail address/);
    expect(String(error({ SCRIVANIA_SMTP_URL: 'smtp://a:b@h', SCRIVANIA_MAIL_FROM: FROM, SCRIVANIA_MAIL_MAX_ATTEMPTS: '0' }))).toMatch(
      /SCRIVANIA_MAIL_MAX_ATTEMPTS/,
    );
    expect(
      String(error({ SCRIVANIA_SMTP_URL: 'smtp://a:b@h', SCRIVANIA_MAIL_FROM: FROM, SCRIVANIA_MAIL_RETRY_SECONDS: 'presto' })),
    ).toMatch(/SCRIVANIA_MAIL_RETRY_SECONDS/);
    expect(String(error({ SCRIVANIA_SMTP_URL: 'smtp://utente:segreta@ smtp', SCRIVANIA_MAIL_FROM: FROM }))).not.toContain('segreta');
    expect(redactSmtpUrl('smtp://utente:segreta@smtp.comune.it:587')).toBe('smtp://utente:***@smtp.comune.it:587');
  });

  it('tuning from the environment, in seconds', () => {
    const settings = mailSettingsFrom({
      SCRIVANIA_SMTP_URL: 'smtp://h',
      SCRIVANIA_MAIL_FROM: FROM,
      SCRIVANIA_MAIL_MAX_ATTEMPTS: '3',
      SCRIVANIA_MAIL_RETRY_SECONDS: '0.5',
      SCRIVANIA_MAIL_RETRY_MAX_SECONDS: '60',
      SCRIVANIA_MAIL_SENDING_TIMEOUT_SECONDS: '120',
      SCRIVANIA_MAIL_POLL_SECONDS: '5',
    });
    expect(settings).toMatchObject({
      policy: { maxAttempts: 3, retryBaseMs: 500, retryMaxMs: 60_000, sendingTimeoutMs: 120_000 },
      pollIntervalMs: 5_000,
    });
  });

  it("reads the single-machine installation's settings.json mail section", () => {
    const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'scrivania-mailcfg-'));
    try {
      expect(mailSettingsFor({}, dataRoot)).toBeNull();
      fs.writeFileSync(path.join(dataRoot, 'settings.json'), JSON.stringify({ mail: { smtpUrl: 'smtp://localhost:2525', from: FROM } }));
      expect(mailSettingsFor({}, dataRoot)).toMatchObject({ smtpUrl: 'smtp://localhost:2525', from: FROM });
    } finally {
      fs.rmSync(dataRoot, { recursive: true, force: true });
    }
  });
});
