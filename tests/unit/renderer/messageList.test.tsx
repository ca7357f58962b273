import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MessageItem } from '../../../src/renderer/messages/MessageList';
import {
  deliveryDetail,
  deliveryErrorText,
  hasPendingDelivery,
  showsError,
  statusLabel,
  templateLabel,
} from '../../../src/renderer/messages/messageView';
import { I18nProvider } from '../../../src/renderer/i18n/I18nProvider';
import { createFormatters } from '../../../src/renderer/i18n/format';
import { createTranslator } from '../../../src/renderer/i18n/translate';
import { MESSAGE_STATUSES, DELIVERY_ERROR_CODES, type OutboxMessage } from '../../../src/shared/api/messages';
import { MESSAGE_TEMPLATE_CODES } from '../../../src/shared/domain/messageTemplates';

const t = createTranslator('it');
const format = createFormatters('it');

const failed: OutboxMessage = {
  id: 7,
  instanceId: 3,
  templateCode: 'integration_request',
  recipientName: 'Rossi Mario',
  recipientAddress: 'mario.rossi@pec.example.it',
  subject: 'Richiesta di integrazione documentale – prot. n. 0000042/2026',
  bodyText: 'Comune di Montesereno\n\nSi richiede la trasmissione dei seguenti documenti:\n- relazione tecnica',
  status: 'failed',
  attempts: 1,
  nextAttemptAt: '2026-03-05T13:30:00Z',
  lastError: '550 5.1.1 Mailbox unavailable (RCPT TO)',
  lastErrorCode: 'rejected_permanently',
  messageId: '<outbox-7@c_x123.scrivania>',
  queuedAt: '2026-03-05T13:29:00Z',
  queuedByName: 'Stefano Moretti',
  sentAt: null,
};

describe('the message list, in Italian', () => {
  it('names every template and every status, and explains every delivery error', () => {
    for (const code of MESSAGE_TEMPLATE_CODES) expect(templateLabel(code, t)).not.toMatch(/^messages\./);
    for (const status of MESSAGE_STATUSES) expect(statusLabel(status, t)).not.toMatch(/^messages\./);
    for (const code of DELIVERY_ERROR_CODES) expect(deliveryErrorText(code, t)).not.toMatch(/^messages\./);
    expect(templateLabel('integration_request', t)).toBe('Richiesta di integrazione documentale');
    expect(templateLabel('modello_futuro', t)).toBe('modello_futuro');
    expect(statusLabel('failed', t)).toBe('Non recapitata');
  });

  it('says when a message was sent, or when it will be tried again, in Italian time (Europe/Rome)', () => {
    expect(deliveryDetail({ ...failed, status: 'sent', sentAt: '2026-03-05T13:31:00Z', lastError: null }, t, format)).toBe(
      'Consegnata al server di posta il 05/03/2026 14:31',
    );
    expect(deliveryDetail({ ...failed, status: 'queued', attempts: 2 }, t, format)).toBe('Nuovo tentativo previsto il 05/03/2026 14:30');
    expect(deliveryDetail({ ...failed, status: 'queued', attempts: 0 }, t, format)).toBe("In attesa dell'invio");
  });

  it('shows an error only for a message not delivered, and refreshes while one is on its way', () => {
    expect(showsError(failed)).toBe(true);
    expect(showsError({ ...failed, status: 'sent', sentAt: '2026-03-05T13:31:00Z' })).toBe(false);
    expect(hasPendingDelivery([failed])).toBe(false);
    expect(hasPendingDelivery([failed, { ...failed, id: 8, status: 'sending' }])).toBe(true);
  });

  it('renders a failed message with its recipient, the reason, the server reply, the text and a retry button', () => {
    const html = renderToStaticMarkup(
      <I18nProvider>
        <MessageItem message={failed} retrying={false} onRetry={() => {}} />
      </I18nProvider>,
    );
    expect(html).toContain('data-testid="message-7"');
    expect(html).toContain('data-status="failed"');
    expect(html).toMatch(/data-testid="message-status-7"[^>]*>Non recapitata</);
    expect(html).toContain('Rossi Mario &lt;mario.rossi@pec.example.it&gt;');
    expect(html).toContain('verificare che l&#x27;indirizzo del destinatario sia corretto');
    expect(html).toContain('550 5.1.1 Mailbox unavailable (RCPT TO)');
    expect(html).toContain('05/03/2026 14:29 da Stefano Moretti');
    expect(html).toMatch(/<details[^>]*data-testid="message-body-7"/);
    expect(html).toContain('- relazione tecnica');
    expect(html).toMatch(/data-testid="message-retry-7"[^>]*>.*Invia di nuovo/);
  });

  it('offers no retry for a message on its way or delivered', () => {
    for (const status of ['queued', 'sending', 'sent'] as const) {
      const html = renderToStaticMarkup(
        <I18nProvider>
          <MessageItem
            message={{ ...failed, status, sentAt: status === 'sent' ? '2026-03-05T13:31:00Z' : null }}
            retrying={false}
            onRetry={() => {}}
          />
        </I18nProvider>,
      );
      expect(html).not.toContain('message-retry-7');
    }
  });
});
