import crypto from 'node:crypto';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { ArrivalSource, PecCertification } from '../../shared/api/intake';
import { parseDaticert } from './daticert';
import { allParts, decodedBody, filenameOf, header, parseMime, type MimePart } from './mime';
import type { IntakeRefusal } from './portalSubmission';

/** mailparser is loaded with the first message read, not at start-up. */
const loadMailparser = () => import('mailparser');

/**
 * Reads an .eml file into an arrival for the inbox: either a PEC delivery (the provider's envelope
 * around the original message, DPR 68/2005) or a plain e-mail, accepted as correspondence.
 *
 * A PEC delivery ("busta di trasporto") is recognised by `X-Trasporto: posta-certificata` and must
 * hold daticert.xml (what the provider certifies), postacert.eml (the original message: its
 * subject, text and attachments are what gets registered) and smime.p7s (the provider's
 * signature). Receipts (`X-Ricevuta`) and anomaly envelopes (`X-Trasporto: errore`) are not arrivals
 * and go to the quarantine, as does a delivery missing any of its parts.
 */
export interface MailAttachment {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface MailArrival {
  source: ArrivalSource;
  /** The PEC identificativo, else the Message-ID, else the SHA-256 of the file. */
  externalId: string;
  /** When it reached the ente: the PEC delivery time, else the receiving server's Received: date. */
  receivedAt: string;
  senderAddress: string;
  senderName: string | null;
  recipients: string[];
  subject: string;
  bodyText: string;
  attachments: MailAttachment[];
  certification: PecCertification | null;
}

export type MailCheck = { ok: true; arrival: MailArrival } | ({ ok: false; externalId: string | null } & IntakeRefusal);

export const PEC_PARTS = ['daticert.xml', 'postacert.eml', 'smime.p7s'] as const;
const MAX_BODY_TEXT = 200_000;

function firstAddress(address: AddressObject | AddressObject[] | undefined): { address: string; name: string | null } | null {
  const list = Array.isArray(address) ? address : address ? [address] : [];
  for (const entry of list) {
    for (const mailbox of entry.value) {
      if (mailbox.address) return { address: mailbox.address.toLowerCase(), name: mailbox.name?.trim() || null };
    }
  }
  return null;
}

function allAddresses(address: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(address) ? address : address ? [address] : [];
  return list.flatMap((entry) =>
    entry.value.map((mailbox) => mailbox.address?.toLowerCase()).filter((value): value is string => Boolean(value)),
  );
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/tiff': '.tif',
  'text/plain': '.txt',
  'application/xml': '.xml',
  'text/xml': '.xml',
};

function attachmentsOf(mail: ParsedMail): MailAttachment[] {
  return mail.attachments.map((attachment, index) => {
    // eslint-disable-next-line no-control-regex -- control characters have no place in a file name
    const safeName = (attachment.filename ?? '').replace(/[/\\\u0000-\u001f]/g, '_').trim();
    return {
      filename: safeName || `allegato-${index + 1}${EXTENSIONS[attachment.contentType] ?? '.bin'}`,
      contentType: attachment.contentType,
      bytes: attachment.content,
    };
  });
}

function bodyTextOf(mail: ParsedMail): string {
  const body = (mail.text ?? '').replace(/\r\n/g, '\n').trim();
  return body.length > MAX_BODY_TEXT ? `${body.slice(0, MAX_BODY_TEXT)}\n…` : body;
}

/** The date the first (topmost) Received: header gives: when our own server took the message. */
function receivedDate(mail: ParsedMail): Date | null {
  for (const { key, line } of mail.headerLines) {
    if (key !== 'received') continue;
    const stamp = line.slice(line.lastIndexOf(';') + 1).trim();
    const date = new Date(stamp);
    if (stamp && !Number.isNaN(date.getTime())) return date;
  }
  return null;
}

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function looksLikeMessage(root: MimePart): boolean {
  return root.headers.has('from') && (root.headers.has('date') || root.headers.has('received') || root.headers.has('message-id'));
}

function findPart(parts: MimePart[], name: string, types: string[]): MimePart | null {
  return (
    parts.find((part) => filenameOf(part)?.toLowerCase() === name) ??
    parts.find((part) => types.includes(part.contentType) && !part.contentType.startsWith('multipart/')) ??
    null
  );
}

async function readPec(root: MimePart): Promise<MailCheck> {
  const parts = allParts(root).slice(1);
  const daticert = findPart(parts, 'daticert.xml', []);
  const postacert = findPart(parts, 'postacert.eml', ['message/rfc822']);
  const signature = findPart(parts, 'smime.p7s', ['application/pkcs7-signature', 'application/x-pkcs7-signature']);
  const missing = [!daticert && 'daticert.xml', !postacert && 'postacert.eml', !signature && 'smime.p7s'].filter((value): value is string =>
    Boolean(value),
  );
  const referencedId = header(root, 'x-riferimento-message-id');
  if (missing.length > 0) {
    return { ok: false, externalId: referencedId, reason: 'pec_missing_part', detail: `PEC envelope without ${missing.join(', ')}` };
  }
  const certified = parseDaticert(decodedBody(daticert!).toString('utf8'));
  if (!certified.ok) return { ok: false, externalId: referencedId, reason: 'pec_daticert_invalid', detail: certified.detail };
  const { certification } = certified;
  if (certification.kind !== 'posta-certificata') {
    return {
      ok: false,
      externalId: certification.identifier,
      reason: 'pec_daticert_invalid',
      detail: `daticert.xml certifies a "${certification.kind}", not a posta-certificata delivery`,
    };
  }
  const { simpleParser } = await loadMailparser();
  const original = await simpleParser(decodedBody(postacert!), { skipTextToHtml: true, skipImageLinks: true });
  const from = firstAddress(original.from);
  return {
    ok: true,
    arrival: {
      source: 'pec',
      externalId: certification.identifier,
      receivedAt: certification.deliveredAt,
      // The certified sender is the provider's, not the (forgeable) From: of the original.
      senderAddress: certification.sender.toLowerCase(),
      senderName: from?.name ?? null,
      recipients: certification.recipients.map((recipient) => recipient.toLowerCase()),
      subject: (original.subject ?? '').trim(),
      bodyText: bodyTextOf(original),
      attachments: attachmentsOf(original),
      certification,
    },
  };
}

async function readPlain(raw: Buffer, fileReceivedAt: Date): Promise<MailCheck> {
  const { simpleParser } = await loadMailparser();
  const mail = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  const from = firstAddress(mail.from);
  const messageId = mail.messageId?.trim() || null;
  if (!from) return { ok: false, externalId: messageId, reason: 'eml_malformed', detail: 'The message has no sender address (From:)' };
  const receivedAt = receivedDate(mail) ?? mail.date ?? fileReceivedAt;
  return {
    ok: true,
    arrival: {
      source: 'email',
      externalId: messageId ?? `sha256:${sha256(raw)}`,
      receivedAt: receivedAt.toISOString(),
      senderAddress: from.address,
      senderName: from.name,
      recipients: [...allAddresses(mail.to), ...allAddresses(mail.cc)],
      subject: (mail.subject ?? '').trim(),
      bodyText: bodyTextOf(mail),
      attachments: attachmentsOf(mail),
      certification: null,
    },
  };
}

/**
 * Classifies and reads one .eml file. `fileReceivedAt` (the file's time) is the last resort for the
 * received date of a plain e-mail with neither Received: nor Date: headers.
 */
export async function readMailFile(raw: Buffer, fileReceivedAt: Date): Promise<MailCheck> {
  const root = parseMime(raw);
  if (!looksLikeMessage(root)) {
    return {
      ok: false,
      externalId: null,
      reason: 'eml_malformed',
      detail: 'Not an e-mail message: no From: header with a Date:, Received: or Message-ID:',
    };
  }
  const receipt = header(root, 'x-ricevuta');
  if (receipt) {
    return {
      ok: false,
      externalId: header(root, 'x-riferimento-message-id'),
      reason: 'pec_receipt',
      detail: `PEC receipt "${receipt}" for a message sent by the ente: not an arrival`,
    };
  }
  const transport = header(root, 'x-trasporto')?.toLowerCase() ?? null;
  if (transport === 'errore') {
    return {
      ok: false,
      externalId: header(root, 'x-riferimento-message-id'),
      reason: 'pec_anomaly',
      detail: 'PEC anomaly envelope (X-Trasporto: errore): the provider could not certify this message',
    };
  }
  try {
    return transport === 'posta-certificata' ? await readPec(root) : await readPlain(raw, fileReceivedAt);
  } catch (error) {
    return { ok: false, externalId: null, reason: 'eml_malformed', detail: `Unreadable message: ${(error as Error).message}` };
  }
}
