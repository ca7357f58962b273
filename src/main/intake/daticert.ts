import { DOMParser, onErrorStopParsing, type Element } from '@xmldom/xmldom';
import type { PecCertification } from '../../shared/api/intake';

/**
 * daticert.xml: the data the PEC provider certifies for a message (DPR 68/2005; DM 2 novembre 2005,
 * technical rules, "dati di certificazione"), e.g.
 *
 *   <postacert tipo="posta-certificata" errore="nessuno">
 *     <intestazione>
 *       <mittente>mario.rossi@pec.it</mittente>
 *       <destinatari tipo="certificato">protocollo@pec.comune.it</destinatari>
 *       <risposte>mario.rossi@pec.it</risposte>
 *       <oggetto>Richiesta …</oggetto>
 *     </intestazione>
 *     <dati>
 *       <gestore-emittente>ARUBA PEC S.p.A.</gestore-emittente>
 *       <data zona="+0100"><giorno>23/11/2026</giorno><ora>09:14:03</ora></data>
 *       <identificativo>opec21012.20261123091403.12345.67.1.89@pec.aruba.it</identificativo>
 *       <msgid>&lt;ABC123@mail.example.it&gt;</msgid>
 *     </dati>
 *   </postacert>
 *
 * `identificativo` is the provider's unique id of the message: the key that keeps a delivery
 * imported once. The date is when the provider took the message in charge, in its time zone.
 */
export type DaticertResult = { ok: true; certification: PecCertification } | { ok: false; detail: string };

function text(element: Element | null | undefined): string | null {
  const value = element?.textContent?.trim();
  return value ? value : null;
}

function first(root: Element, name: string): Element | null {
  return root.getElementsByTagName(name)[0] ?? null;
}

/** '23/11/2026' + '09:14:03' + '+0100' → '2026-11-23T09:14:03+01:00'; null when impossible. */
export function daticertInstant(day: string, time: string, zone: string): string | null {
  const d = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(day.trim());
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim());
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone.trim());
  if (!d || !t || !z) return null;
  const iso = `${d[3]}-${d[2]}-${d[1]}T${t[1]}:${t[2]}:${t[3] ?? '00'}${z[1]}${z[2]}:${z[3]}`;
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) return null;
  // Reject dates JavaScript would silently roll over (31/02 → 03/03).
  const offsetMinutes = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  const local = new Date(parsed.getTime() + offsetMinutes * 60_000);
  if (local.getUTCDate() !== Number(d[1]) || local.getUTCMonth() + 1 !== Number(d[2])) return null;
  return iso;
}

export function parseDaticert(xml: string): DaticertResult {
  let root: Element | null;
  try {
    root = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml').documentElement;
  } catch (error) {
    return { ok: false, detail: `daticert.xml is not well-formed XML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!root || root.tagName !== 'postacert') return { ok: false, detail: 'daticert.xml: the root element is not <postacert>' };
  const kind = root.getAttribute('tipo') ?? '';
  const sender = text(first(root, 'mittente'));
  const recipients = Array.from(root.getElementsByTagName('destinatari'))
    .map((element) => text(element))
    .filter((value): value is string => value !== null);
  const dateElement = first(root, 'data');
  const day = text(dateElement ? first(dateElement, 'giorno') : null);
  const time = text(dateElement ? first(dateElement, 'ora') : null);
  const zone = dateElement?.getAttribute('zona') ?? '+0100';
  const identifier = text(first(root, 'identificativo'));
  const missing = [
    !kind && 'postacert@tipo',
    !sender && 'mittente',
    recipients.length === 0 && 'destinatari',
    !day && 'data/giorno',
    !time && 'data/ora',
    !identifier && 'identificativo',
  ].filter((value): value is string => Boolean(value));
  if (missing.length > 0) return { ok: false, detail: `daticert.xml lacks ${missing.join(', ')}` };
  const deliveredAt = daticertInstant(day!, time!, zone);
  if (!deliveredAt) return { ok: false, detail: `daticert.xml: invalid date ${day} ${time} ${zone}` };
  return {
    ok: true,
    certification: {
      kind,
      sender: sender!,
      recipients,
      provider: text(first(root, 'gestore-emittente')),
      deliveredAt,
      identifier: identifier!,
      messageId: text(first(root, 'msgid')),
    },
  };
}
