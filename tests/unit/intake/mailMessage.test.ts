import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { daticertInstant, parseDaticert } from '../../../src/main/intake/daticert';
import { readMailFile } from '../../../src/main/intake/mailMessage';
import { allParts, decodedBody, filenameOf, parseMime, parseStructuredHeader } from '../../../src/main/intake/mime';
import {
  APPLICANT_CF,
  DOMANDA_PDF,
  ORIGINAL_MESSAGE_ID,
  PEC_IDENTIFICATIVO,
  PEC_SUBJECT,
  PLAIN_MESSAGE_ID,
  PLAIN_OMOCODIC_CF,
  PLANIMETRIA_PNG,
} from '../../fixtures/intake/generate';

const fixtures = path.resolve(__dirname, '../../fixtures/intake');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));
const fileTime = new Date('2026-11-30T08:00:00Z');

describe('a PEC delivery (DPR 68/2005: busta di trasporto with daticert.xml, postacert.eml, smime.p7s)', () => {
  it('is read from the original message inside the envelope, keyed by the provider identificativo, dated by the provider', async () => {
    const read = await readMailFile(fixture('pec/consegna-permesso-di-costruire.eml'), fileTime);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const { arrival } = read;
    expect(arrival).toMatchObject({
      source: 'pec',
      externalId: PEC_IDENTIFICATIVO,
      receivedAt: '2026-11-20T09:14:03+01:00',
      senderAddress: 'mario.rossi@pec.it',
      senderName: 'Mario Rossi',
      recipients: ['comune.montesereno@postacert.umbria.it'],
      subject: PEC_SUBJECT,
    });
    expect(arrival.certification).toEqual({
      kind: 'posta-certificata',
      sender: 'mario.rossi@pec.it',
      recipients: ['comune.montesereno@postacert.umbria.it'],
      provider: 'ARUBA PEC S.p.A.',
      deliveredAt: '2026-11-20T09:14:03+01:00',
      identifier: PEC_IDENTIFICATIVO,
      messageId: ORIGINAL_MESSAGE_ID,
    });
    // The provider's own text ("Messaggio di posta certificata …") is not what gets registered.
    expect(arrival.bodyText).toContain(`codice fiscale ${APPLICANT_CF}`);
    expect(arrival.bodyText).not.toContain('Messaggio di posta certificata');
    // Only the original's attachments: not daticert.xml, postacert.eml or smime.p7s.
    expect(arrival.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['domanda.pdf', 'application/pdf'],
      ['planimetria.png', 'image/png'],
    ]);
    expect(arrival.attachments[0]!.bytes.equals(DOMANDA_PDF)).toBe(true);
    expect(arrival.attachments[1]!.bytes.equals(PLANIMETRIA_PNG)).toBe(true);
  });

  it('is refused when a part is missing, naming the part', async () => {
    expect(await readMailFile(fixture('broken/pec-senza-postacert.eml'), fileTime)).toMatchObject({
      ok: false,
      reason: 'pec_missing_part',
      detail: 'PEC envelope without postacert.eml',
      externalId: ORIGINAL_MESSAGE_ID,
    });
    expect(await readMailFile(fixture('broken/pec-senza-daticert.eml'), fileTime)).toMatchObject({
      ok: false,
      reason: 'pec_missing_part',
      detail: 'PEC envelope without daticert.xml',
    });
  });

  it('is refused when daticert.xml is not well-formed', async () => {
    const read = await readMailFile(fixture('broken/pec-daticert-malformato.eml'), fileTime);
    expect(read).toMatchObject({ ok: false, reason: 'pec_daticert_invalid' });
    if (!read.ok) expect(read.detail).toMatch(/not well-formed/);
  });

  it('a receipt (X-Ricevuta) for a message the ente sent is not an arrival', async () => {
    expect(await readMailFile(fixture('broken/pec-ricevuta-accettazione.eml'), fileTime)).toMatchObject({
      ok: false,
      reason: 'pec_receipt',
    });
  });

  it('an anomaly envelope (X-Trasporto: errore) is not certified correspondence', async () => {
    const anomaly = Buffer.from(
      fixture('pec/consegna-permesso-di-costruire.eml').toString('latin1').replace('X-Trasporto: posta-certificata', 'X-Trasporto: errore'),
      'latin1',
    );
    expect(await readMailFile(anomaly, fileTime)).toMatchObject({ ok: false, reason: 'pec_anomaly' });
  });
});

describe('a plain e-mail, accepted as correspondence', () => {
  it('is keyed by its Message-ID and dated when our server received it', async () => {
    const read = await readMailFile(fixture('email/richiesta-accesso-atti.eml'), fileTime);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.arrival).toMatchObject({
      source: 'email',
      externalId: PLAIN_MESSAGE_ID,
      receivedAt: '2026-11-19T15:02:41.000Z',
      senderAddress: 'lucia.bianchi@example.it',
      senderName: 'Lucia Bianchi',
      subject: 'Richiesta di accesso agli atti – pratica 45/2019',
      certification: null,
    });
    expect(read.arrival.bodyText).toContain(PLAIN_OMOCODIC_CF);
    expect(read.arrival.attachments.map((a) => a.filename)).toEqual(['documento-identita.pdf']);
  });

  it('without Message-ID is keyed by the SHA-256 of the file, and without dates by the file time', async () => {
    const bare = Buffer.from(
      'From: someone@example.it\r\nSubject: Segnalazione\r\nReceived: by mx; not a date\r\n\r\nBuca in via Roma.\r\n',
    );
    const read = await readMailFile(bare, fileTime);
    expect(read).toMatchObject({
      ok: true,
      arrival: {
        externalId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        receivedAt: fileTime.toISOString(),
        bodyText: 'Buca in via Roma.',
      },
    });
  });

  it('a file that is not a message at all is refused', async () => {
    expect(await readMailFile(fixture('broken/non-un-messaggio.eml'), fileTime)).toMatchObject({ ok: false, reason: 'eml_malformed' });
  });
});

describe('daticert.xml', () => {
  it('turns the provider date and zone into an instant, refusing impossible dates', () => {
    expect(daticertInstant('23/11/2026', '09:14:03', '+0100')).toBe('2026-11-23T09:14:03+01:00');
    expect(daticertInstant('01/07/2026', '23:59', '+0200')).toBe('2026-07-01T23:59:00+02:00');
    expect(daticertInstant('31/02/2026', '10:00:00', '+0100')).toBeNull();
    expect(daticertInstant('2026-11-23', '10:00:00', '+0100')).toBeNull();
  });

  it('names what is missing', () => {
    expect(
      parseDaticert('<postacert tipo="posta-certificata"><intestazione><mittente>a@b.it</mittente></intestazione></postacert>'),
    ).toEqual({
      ok: false,
      detail: 'daticert.xml lacks destinatari, data/giorno, data/ora, identificativo',
    });
    expect(parseDaticert('<altro/>')).toEqual({ ok: false, detail: 'daticert.xml: the root element is not <postacert>' });
  });
});

describe('the MIME reader', () => {
  it('finds nested parts by name and undoes their transfer encoding', () => {
    const root = parseMime(fixture('pec/consegna-permesso-di-costruire.eml'));
    expect(root.contentType).toBe('multipart/signed');
    const names = allParts(root).map(filenameOf).filter(Boolean);
    expect(names).toEqual(['daticert.xml', 'postacert.eml', 'smime.p7s']);
    const daticert = allParts(root).find((part) => filenameOf(part) === 'daticert.xml')!;
    expect(decodedBody(daticert).toString('utf8')).toContain('<identificativo>');
  });

  it('reads RFC 2231 parameters and quoted values with semicolons', () => {
    expect(parseStructuredHeader(`attachment; filename*=utf-8''relazione%20tecnica.pdf`)).toEqual({
      value: 'attachment',
      params: { filename: 'relazione tecnica.pdf' },
    });
    expect(parseStructuredHeader('Application/PDF; name="a;b.pdf"')).toEqual({ value: 'application/pdf', params: { name: 'a;b.pdf' } });
  });
});
