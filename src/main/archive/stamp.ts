/**
 * The copy of an archived scan given for consultation ("Copia per consultazione"): every page
 * carries a band with who received it, when, why, and which access log entry recorded it, plus a
 * faint diagonal mark, so a printed or saved copy can never pass for the original or for a
 * certified copy (copia conforme). A scanned image is placed on an A4 page with the same band.
 */
import { degrees, PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AccessAction, AccessPurpose } from '../../shared/domain/archive';
import { formatDateTime } from '../pdf/format';

/** How each purpose is printed on the copy (the copy is an Italian document). */
export const PURPOSE_WORDING: Readonly<Record<AccessPurpose, string>> = {
  records_access_request: 'accesso agli atti (L. 241/1990, art. 22)',
  civic_access_request: 'accesso civico generalizzato (D.Lgs. 33/2013, art. 5)',
  case_review: 'istruttoria di pratica',
  judicial_request: "richiesta dell'autorità giudiziaria",
  internal_check: 'verifica interna',
  other: 'altro',
};

export interface StampFacts {
  action: Exclude<AccessAction, 'open'>;
  at: Date;
  staffName: string;
  login: string;
  enteName: string;
  purpose: AccessPurpose;
  note: string | null;
  reference: string | null;
  accessId: number;
  dossierLabel: string;
  documentTitle: string;
  sha256: string;
}

/** The lines printed on every page. */
export function stampLines(facts: StampFacts): [string, string, string] {
  const purpose = [PURPOSE_WORDING[facts.purpose], facts.note, facts.reference ? `rif. ${facts.reference}` : null]
    .filter(Boolean)
    .join(' - ');
  return [
    'COPIA PER CONSULTAZIONE - priva di valore legale, non costituisce copia conforme',
    `${facts.action === 'print' ? 'Stampata' : 'Salvata'} il ${formatDateTime(facts.at)} da ${facts.staffName} (${facts.login}), ${facts.enteName} - finalità: ${purpose}`,
    `Registro degli accessi n. ${facts.accessId} - ${facts.dossierLabel} - ${facts.documentTitle} - SHA-256 originale ${facts.sha256.slice(0, 16)}…`,
  ];
}

/** Text the standard font can draw: what Windows-1252 lacks becomes '?'. */
function drawable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return [...text.replace(/…/g, '...')].map((ch) => (supported.has(ch.codePointAt(0)!) ? ch : '?')).join('');
}

/** Shortens a line to fit `width` at `size`. */
function fitted(font: PDFFont, text: string, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 10 && font.widthOfTextAtSize(`${cut}...`, size) > width) cut = cut.slice(0, -1);
  return `${cut}...`;
}

const BAND_HEIGHT = 40;
const INK = rgb(0.62, 0.07, 0.07);

function stampPage(page: PDFPage, lines: [string, string, string], fonts: { regular: PDFFont; bold: PDFFont }, pageLabel: string): void {
  const { width, height } = page.getSize();
  page.drawRectangle({ x: 0, y: height - BAND_HEIGHT, width, height: BAND_HEIGHT, color: rgb(1, 0.97, 0.94), opacity: 0.92 });
  page.drawLine({ start: { x: 0, y: height - BAND_HEIGHT }, end: { x: width, y: height - BAND_HEIGHT }, thickness: 0.8, color: INK });
  const room = width - 24;
  page.drawText(fitted(fonts.bold, drawable(fonts.bold, lines[0]), 8.5, room), {
    x: 12,
    y: height - 13,
    size: 8.5,
    font: fonts.bold,
    color: INK,
  });
  page.drawText(fitted(fonts.regular, drawable(fonts.regular, lines[1]), 7, room), {
    x: 12,
    y: height - 24,
    size: 7,
    font: fonts.regular,
    color: INK,
  });
  page.drawText(fitted(fonts.regular, drawable(fonts.regular, `${lines[2]} - ${pageLabel}`), 7, room), {
    x: 12,
    y: height - 34,
    size: 7,
    font: fonts.regular,
    color: INK,
  });
  const mark = 'COPIA PER CONSULTAZIONE';
  const size = Math.min(width, height) / 11;
  const markWidth = fonts.bold.widthOfTextAtSize(mark, size);
  const angle = Math.atan2(height, width);
  page.drawText(mark, {
    x: width / 2 - (Math.cos(angle) * markWidth) / 2,
    y: height / 2 - (Math.sin(angle) * markWidth) / 2,
    size,
    font: fonts.bold,
    color: INK,
    opacity: 0.13,
    rotate: degrees((angle * 180) / Math.PI),
  });
}

const A4 = { width: 595.28, height: 841.89 };

/** The stamped copy of a scan (PDF, JPEG or PNG) as a PDF. */
export async function stampedCopy(bytes: Uint8Array, contentType: string, facts: StampFacts): Promise<Uint8Array> {
  const lines = stampLines(facts);
  let document: PDFDocument;
  if (contentType === 'application/pdf') {
    document = await PDFDocument.load(bytes, { updateMetadata: false });
  } else {
    document = await PDFDocument.create();
    const image = contentType === 'image/png' ? await document.embedPng(bytes) : await document.embedJpg(bytes);
    const landscape = image.width > image.height;
    const size = landscape ? { width: A4.height, height: A4.width } : A4;
    const page = document.addPage([size.width, size.height]);
    const scale = Math.min((size.width - 48) / image.width, (size.height - BAND_HEIGHT - 48) / image.height);
    const drawn = { width: image.width * scale, height: image.height * scale };
    page.drawImage(image, { x: (size.width - drawn.width) / 2, y: (size.height - BAND_HEIGHT - drawn.height) / 2, ...drawn });
  }
  const fonts = { regular: await document.embedFont(StandardFonts.Helvetica), bold: await document.embedFont(StandardFonts.HelveticaBold) };
  const pages = document.getPages();
  pages.forEach((page, index) => stampPage(page, lines, fonts, `pagina ${index + 1} di ${pages.length}`));
  document.setTitle(`Copia per consultazione - ${facts.dossierLabel}`);
  document.setSubject(lines[1]);
  document.setProducer('Scrivania - archivio telematico');
  document.setCreationDate(facts.at);
  document.setModificationDate(facts.at);
  return document.save();
}
