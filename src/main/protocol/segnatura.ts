/**
 * The segnatura di protocollo (DPR 445/2000 art. 55) as the XML associated with a registered
 * document when it travels between administrations, modelled on the AgID Linee guida 2021,
 * Allegato 6 ("Comunicazione tra AOO di documenti amministrativi protocollati"): the identifier
 * (administration, AOO, register, number, date), origin, subject, classification, fascicolo, and
 * each document with its SHA-256 fingerprint.
 */
export interface SegnaturaEntry {
  ipaCode: string;
  aooCode: string;
  registerCode: string;
  number: number;
  /** The registration day, 'YYYY-MM-DD' (Europe/Rome). */
  registeredOn: string;
  direction: 'incoming' | 'outgoing' | 'internal';
  correspondent: { name: string; taxCode: string | null; address: string | null };
  subject: string;
  classification: string;
  fascicolo: string | null;
  documents: Array<{ filename: string; contentType: string; sha256: string }>;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than escaped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

function element(name: string, content: string, attributes: Record<string, string> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  return `<${name}${attrs}>${content}</${name}>`;
}

function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

function correspondentXml(entry: SegnaturaEntry): string {
  const { name, taxCode, address } = entry.correspondent;
  const parts = [element('Denominazione', escapeXml(name))];
  if (taxCode) parts.push(element('CodiceFiscale', escapeXml(taxCode)));
  if (address) parts.push(element('IndirizzoTelematico', escapeXml(address)));
  const who = element('Persona', parts.join(''));
  const self = element(
    'Amministrazione',
    element('CodiceAmministrazione', escapeXml(entry.ipaCode)) + element('CodiceAOO', escapeXml(entry.aooCode)),
  );
  return entry.direction === 'incoming'
    ? element('Origine', element('Mittente', who)) + element('Destinazione', element('Destinatario', self))
    : element('Origine', element('Mittente', self)) + element('Destinazione', element('Destinatario', who));
}

export function segnaturaXml(entry: SegnaturaEntry): string {
  const identifier = element(
    'Identificatore',
    [
      element('CodiceAmministrazione', escapeXml(entry.ipaCode)),
      element('CodiceAOO', escapeXml(entry.aooCode)),
      element('CodiceRegistro', escapeXml(entry.registerCode)),
      element('NumeroRegistrazione', String(entry.number).padStart(7, '0')),
      element('DataRegistrazione', entry.registeredOn),
    ].join(''),
  );
  const heading = element(
    'Intestazione',
    identifier +
      correspondentXml(entry) +
      element('Oggetto', escapeXml(entry.subject)) +
      element('Classifica', element('CodiceTitolario', escapeXml(entry.classification))) +
      (entry.fascicolo ? element('Fascicolo', element('Identificativo', escapeXml(entry.fascicolo))) : ''),
  );
  const [main, ...attachments] = entry.documents;
  const documentXml = (doc: SegnaturaEntry['documents'][number]) =>
    element('Documento', element('Impronta', hexToBase64(doc.sha256), { algoritmo: 'SHA-256', codifica: 'base64' }), {
      nome: doc.filename,
      tipoMIME: doc.contentType,
    });
  const description = element(
    'Descrizione',
    (main ? documentXml(main) : element('TestoDelMessaggio', '')) +
      (attachments.length > 0 ? element('Allegati', attachments.map(documentXml).join('')) : ''),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element('Segnatura', heading + description, { xmlns: 'http://www.agid.gov.it/protocollo/' })}\n`;
}
