import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { segnaturaXml, type SegnaturaEntry } from '../../../src/main/protocol/segnatura';

const entry: SegnaturaEntry = {
  ipaCode: 'c_m999',
  aooCode: 'AOO_MONTESERENO',
  registerCode: 'PROTOCOLLO',
  number: 42,
  registeredOn: '2026-11-23',
  direction: 'incoming',
  correspondent: { name: "D'Amico & Figli <srl>", taxCode: '01234567897', address: 'damico@pec.example.it' },
  subject: 'Permesso di costruire: ampliamento "casa" di via Roma',
  classification: 'VI.3',
  fascicolo: '2026-VI.3-000017',
  documents: [
    { filename: 'domanda.pdf', contentType: 'application/pdf', sha256: 'ab'.repeat(32) },
    { filename: 'tavola 1.pdf', contentType: 'application/pdf', sha256: 'cd'.repeat(32) },
  ],
};

describe('segnatura di protocollo (DPR 445/2000 art. 55; AgID Linee guida 2021, Allegato 6)', () => {
  const doc = new DOMParser().parseFromString(segnaturaXml(entry), 'text/xml');
  const text = (tag: string) => doc.getElementsByTagName(tag)[0]?.textContent;

  it('identifies the registration: administration, AOO, register, 7-digit number, date', () => {
    expect(text('CodiceAmministrazione')).toBe('c_m999');
    expect(text('CodiceAOO')).toBe('AOO_MONTESERENO');
    expect(text('NumeroRegistrazione')).toBe('0000042');
    expect(text('DataRegistrazione')).toBe('2026-11-23');
  });

  it('carries sender, subject, classification and fascicolo, escaped as XML', () => {
    expect(doc.getElementsByTagName('Mittente')[0]?.textContent).toContain("D'Amico & Figli <srl>");
    expect(text('Oggetto')).toBe('Permesso di costruire: ampliamento "casa" di via Roma');
    expect(text('CodiceTitolario')).toBe('VI.3');
    expect(text('Identificativo')).toBe('2026-VI.3-000017');
  });

  it('fingerprints the main document and each attachment with SHA-256 in base64', () => {
    const prints = Array.from({ length: 2 }, (_, i) => doc.getElementsByTagName('Impronta')[i]);
    expect(prints.map((p) => p?.getAttribute('algoritmo'))).toEqual(['SHA-256', 'SHA-256']);
    expect(Buffer.from(prints[0]?.textContent ?? '', 'base64').toString('hex')).toBe('ab'.repeat(32));
    expect(doc.getElementsByTagName('Allegati')[0]?.getElementsByTagName('Documento')[0]?.getAttribute('nome')).toBe('tavola 1.pdf');
  });

  it('an outgoing registration names the ente as sender and the correspondent as recipient', () => {
    const out = new DOMParser().parseFromString(segnaturaXml({ ...entry, direction: 'outgoing' }), 'text/xml');
    expect(out.getElementsByTagName('Mittente')[0]?.getElementsByTagName('CodiceAOO')[0]?.textContent).toBe('AOO_MONTESERENO');
    expect(out.getElementsByTagName('Destinatario')[0]?.textContent).toContain("D'Amico");
  });
});
