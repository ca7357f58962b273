import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { ClaimedMessage } from './deliveryQueries';

/** The part of a nodemailer transporter the worker uses; tests may substitute their own. */
export interface MailTransport {
  sendMail(mail: OutgoingMail): Promise<{ response: string }>;
  close(): void;
}

export interface OutgoingMail {
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  messageId: string;
  date: Date;
  headers: Record<string, string>;
}

/**
 * An SMTP transport from `smtp://user:password@host:587` (STARTTLS when the server offers it) or
 * `smtps://…:465` (TLS from the start). Timeouts are bounded so that a worker stopping, or a
 * server that stops answering, never holds a message in `sending` for long.
 */
export function createSmtpTransport(smtpUrl: string): MailTransport {
  // nodemailer is loaded with the first message, not at start-up (it slows the app's start).
  let transporter: Promise<Transporter<SMTPTransport.SentMessageInfo>> | null = null;
  const connect = () =>
    (transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
      // The URL's own settings (e.g. `?tls.rejectUnauthorized=false`) win over these defaults.
      nodemailer.createTransport({
        url: smtpUrl,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      }),
    ));
  return {
    sendMail: async (mail) => {
      const info = await (await connect()).sendMail(mail);
      return { response: info.response };
    },
    close: () => void transporter?.then((opened) => opened.close()),
  };
}

/**
 * The e-mail for a claimed message. Everything in it comes from the stored row, so every attempt
 * sends the very same message: the same Message-ID and Date, which lets a recipient (or their
 * provider) recognise a repeat after a crash between the SMTP server's acceptance and our record of it.
 */
export function composeMail(message: ClaimedMessage, from: string): OutgoingMail {
  return {
    from,
    to: { name: message.recipientName, address: message.recipientAddress },
    subject: message.subject,
    text: message.bodyText,
    messageId: message.messageId,
    date: message.queuedAt,
    headers: { 'X-Scrivania-Outbox-Id': String(message.id) },
  };
}
