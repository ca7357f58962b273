/**
 * The certificate as printed: A4 on the ente's letterhead (coat of arms), number and date, the
 * title and its legal references, the body from the template (and the source's table), validity
 * (art. 41 DPR 445/2000), the art. 40 c.02 wording, the bollo line (marca, digital bollo or the
 * exemption with its norm), fees, place and date, the signature block, and the contrassegno (QR code
 * and verification code, CAD art. 23-ter c.5). A duplicate is the same document marked DUPLICATO.
 * Two faces of the font only (regular and bold): each face is parsed and subset for every PDF, the
 * largest part of the time a certificate takes to render.
 */
import type { CertificateSection, CertificateTable } from '../../shared/domain/certificates';
import { ART_40_WORDING, formatCertificateNumber } from '../../shared/domain/certificates';
import { formatDateTime, formatDay, formatInstantDay } from '../pdf/format';
import { INK, MUTED, RULE, standardDocument, type EnteLetterhead } from '../pdf/page';
import { qrCanvas } from '../pdf/qrCode';
import { renderPdf, type PdfContent, type PdfDocumentDefinition } from '../pdf/render';

/** Everything printed that is fixed before the number is taken; stored with the certificate. */
export interface CertificatePrint {
  ente: EnteLetterhead;
  officeName: string | null;
  title: string;
  legalReferences: string;
  body: string;
  table: CertificateTable | null;
  /** Titled parts after the table (the CDU's parcels with their prescriptions). */
  sections?: CertificateSection[];
  bolloLine: string;
  feesLine: string;
  place: string;
  signatoryTitle: string;
  signatoryName: string;
  verificationCode: string;
  verificationAddress: string;
  /** 'Prot. n. 0000123/2026 del 23/11/2026' for a protocolled certificate. */
  protocolLine: string | null;
}

export interface CertificateIdentity {
  year: number;
  number: number;
  issuedAt: Date;
  /** Null: unlimited validity. */
  validUntil: string | null;
}

const SIGNATURE_NOTE = 'Firma autografa sostituita a mezzo stampa ai sensi dell’art. 3, comma 2, D.Lgs. 12 febbraio 1993, n. 39';
const CONTRASSEGNO_NOTE = 'Contrassegno elettronico ai sensi dell’art. 23-ter, comma 5, D.Lgs. 7 marzo 2005, n. 82 (CAD)';

function heading(print: CertificatePrint, identity: CertificateIdentity): PdfContent {
  const left = [
    {
      text: [
        { text: 'Certificato n. ', color: MUTED },
        { text: formatCertificateNumber(identity.year, identity.number), bold: true },
      ],
    },
    { text: [{ text: 'Rilasciato il ', color: MUTED }, formatDateTime(identity.issuedAt)] },
  ];
  const right = [
    ...(print.officeName ? [{ text: print.officeName, bold: true, alignment: 'right' }] : []),
    ...(print.protocolLine ? [{ text: print.protocolLine, alignment: 'right' }] : []),
  ];
  return {
    columns: [
      { width: '*', stack: left },
      { width: 'auto', stack: right },
    ],
    fontSize: 9.5,
    margin: [0, 0, 0, 18],
  };
}

function table(data: CertificateTable): PdfContent {
  return {
    margin: [0, 4, 0, 10],
    table: {
      headerRows: 1,
      widths: data.columns.map((_, index) => (index === 0 ? '*' : 'auto')),
      body: [
        data.columns.map((column) => ({ text: column, style: 'tableHeader', margin: [2, 3, 2, 3] })),
        ...data.rows.map((row) => row.map((cell) => ({ text: cell, fontSize: 9, margin: [2, 3, 2, 3] }))),
      ],
    },
    layout: {
      hLineWidth: () => 0.5,
      vLineWidth: () => 0,
      hLineColor: () => '#b8c2cf',
      fillColor: (rowIndex: number) => (rowIndex > 0 && rowIndex % 2 === 0 ? '#f2f5f9' : null),
    },
  };
}

function section(part: CertificateSection): PdfContent[] {
  return [
    { text: part.heading, bold: true, fontSize: 10.5, color: INK, margin: [0, 8, 0, 4] },
    ...part.paragraphs.map((paragraph) => ({
      text: paragraph,
      alignment: 'justify',
      fontSize: 9.5,
      lineHeight: 1.25,
      margin: [0, 0, 0, 4],
    })),
    ...part.tables.map(table),
  ];
}

/** Art. 41 DPR 445/2000: a last valid day, or unlimited validity for facts not subject to change (c.1). */
function validityLine(validUntil: string | null): string {
  return validUntil === null
    ? 'Il presente certificato ha validità illimitata (art. 41, comma 1, D.P.R. 28 dicembre 2000, n. 445).'
    : `Il presente certificato è valido fino al ${formatDay(validUntil)} (art. 41 D.P.R. 28 dicembre 2000, n. 445).`;
}

function art40Box(): PdfContent {
  return {
    margin: [0, 10, 0, 8],
    table: { widths: ['*'], body: [[{ text: ART_40_WORDING, bold: true, fontSize: 9.5, margin: [8, 6, 8, 6] }]] },
    layout: { hLineWidth: () => 0.8, vLineWidth: () => 0.8, hLineColor: () => INK, vLineColor: () => INK },
  };
}

function signature(print: CertificatePrint, identity: CertificateIdentity): PdfContent {
  return {
    margin: [0, 14, 0, 0],
    columns: [
      { width: '*', text: `${print.place}, ${formatInstantDay(identity.issuedAt)}`, margin: [0, 12, 0, 0] },
      {
        width: 230,
        alignment: 'center',
        stack: [
          { text: print.signatoryTitle },
          { text: print.signatoryName, bold: true, margin: [0, 2, 0, 0] },
          { text: SIGNATURE_NOTE, fontSize: 6.8, color: MUTED, margin: [0, 4, 0, 0] },
        ],
      },
    ],
  };
}

function contrassegno(print: CertificatePrint): PdfContent {
  return {
    unbreakable: true,
    margin: [0, 22, 0, 0],
    table: {
      widths: [86, '*'],
      body: [
        [
          { ...qrCanvas(print.verificationAddress, { fit: 84, eccLevel: 'M' }), margin: [2, 2, 0, 2] },
          {
            margin: [6, 4, 4, 4],
            stack: [
              { text: CONTRASSEGNO_NOTE, fontSize: 7.5, color: MUTED },
              { text: 'Codice di verifica', fontSize: 8.5, margin: [0, 6, 0, 0] },
              { text: print.verificationCode, fontSize: 15, bold: true, characterSpacing: 1.2, color: RULE },
              {
                text: `L’originale di questo certificato si verifica inquadrando il codice QR o digitando il codice di verifica su ${print.verificationAddress.replace(/[?&]codice=.*$/, '').replace(/^https:\/\//, '')}.`,
                fontSize: 7.5,
                color: MUTED,
                margin: [0, 4, 0, 0],
              },
            ],
          },
        ],
      ],
    },
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#b8c2cf', vLineColor: () => '#b8c2cf' },
  };
}

/** The document definition; `duplicate` marks a reprint with the moment it was printed. */
export function certificateDefinition(
  print: CertificatePrint,
  identity: CertificateIdentity,
  duplicate: { printedAt: Date } | null,
): PdfDocumentDefinition {
  const number = formatCertificateNumber(identity.year, identity.number);
  const content: PdfContent[] = [
    ...(duplicate
      ? [
          {
            text: `DUPLICATO stampato il ${formatDateTime(duplicate.printedAt)} dell’originale rilasciato il ${formatInstantDay(identity.issuedAt)}`,
            bold: true,
            color: '#a4262c',
            alignment: 'center',
            margin: [0, 0, 0, 8],
          },
        ]
      : []),
    heading(print, identity),
    { text: print.title.toUpperCase(), alignment: 'center', fontSize: 16, bold: true, characterSpacing: 0.8, color: INK },
    ...(print.legalReferences
      ? [{ text: `(${print.legalReferences})`, alignment: 'center', fontSize: 8.5, color: MUTED, margin: [0, 2, 0, 0] }]
      : []),
    { text: print.body, alignment: 'justify', fontSize: 11, lineHeight: 1.35, margin: [0, 18, 0, 8] },
    ...(print.table ? [table(print.table)] : []),
    ...(print.sections ?? []).flatMap(section),
    { text: validityLine(identity.validUntil), fontSize: 9.5, margin: [0, 4, 0, 0] },
    art40Box(),
    { text: print.bolloLine, fontSize: 9.5, margin: [0, 0, 0, 2] },
    { text: print.feesLine, fontSize: 9.5 },
    signature(print, identity),
    contrassegno(print),
  ];
  const definition = standardDocument({
    ente: print.ente,
    title: `${print.title} n. ${number}`,
    footerNote: `${print.title} n. ${number} · codice di verifica ${print.verificationCode}${duplicate ? ' · DUPLICATO' : ''}`,
    content,
    author: print.ente.name,
  });
  return duplicate
    ? { ...definition, watermark: { text: 'DUPLICATO', color: '#a4262c', opacity: 0.12, bold: true, angle: -40 } }
    : definition;
}

export function renderCertificatePdf(
  print: CertificatePrint,
  identity: CertificateIdentity,
  duplicate: { printedAt: Date } | null = null,
): Promise<Buffer> {
  return renderPdf(certificateDefinition(print, identity, duplicate));
}
