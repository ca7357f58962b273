/**
 * The standard page of every document the ente prints: A4, the ente's letterhead (coat of arms,
 * name, address, codice fiscale, IPA code, PEC) on every page, a rule under it, and a footer with
 * the document's own note and "Pagina X di Y".
 */
import fs from 'node:fs';
import { pdfAssets } from './assets';
import type { PdfContent, PdfDocumentDefinition } from './render';

export interface EnteLetterhead {
  name: string;
  address: string;
  codiceFiscale: string;
  ipaCode: string;
  pec: string | null;
}

export interface StandardDocumentOptions {
  ente: EnteLetterhead;
  /** The document's title (PDF metadata). */
  title: string;
  orientation?: 'portrait' | 'landscape';
  /** Left part of the footer, e.g. the register and day. */
  footerNote: string;
  content: PdfContent;
  /** Who produced it (PDF metadata "Author"). */
  author?: string;
}

export const PAGE_MARGIN_X = 36;
const HEADER_HEIGHT = 78;
const FOOTER_HEIGHT = 34;
export const INK = '#1c2733';
export const MUTED = '#5a6675';
export const RULE = '#1f4e8c';

export const STANDARD_STYLES = {
  title: { fontSize: 15, bold: true, color: INK, margin: [0, 0, 0, 2] },
  subtitle: { fontSize: 10.5, color: MUTED, margin: [0, 0, 0, 10] },
  sectionTitle: { fontSize: 11, bold: true, color: RULE, margin: [0, 10, 0, 4] },
  tableHeader: { fontSize: 8, bold: true, color: '#ffffff', fillColor: RULE },
  cell: { fontSize: 8, color: INK },
  small: { fontSize: 7.5, color: INK },
  muted: { fontSize: 7.5, color: MUTED },
  mono: { fontSize: 6.8, color: INK, characterSpacing: 0.1 },
} as const;

let coatOfArmsSvg: string | null = null;

function coatOfArms(): string {
  coatOfArmsSvg ??= fs.readFileSync(pdfAssets().coatOfArms, 'utf8');
  return coatOfArmsSvg;
}

function letterhead(ente: EnteLetterhead, pageWidth: number): PdfContent {
  const identifiers = [`C.F. ${ente.codiceFiscale}`, `Codice IPA ${ente.ipaCode}`, ...(ente.pec ? [`PEC ${ente.pec}`] : [])].join('  ·  ');
  return {
    margin: [PAGE_MARGIN_X, 22, PAGE_MARGIN_X, 0],
    stack: [
      {
        columns: [
          { svg: coatOfArms(), width: 38, height: 47 },
          {
            width: '*',
            margin: [10, 2, 0, 0],
            stack: [
              { text: ente.name.toUpperCase(), fontSize: 13, bold: true, color: INK, characterSpacing: 0.6 },
              { text: ente.address, fontSize: 8.5, color: MUTED, margin: [0, 1, 0, 0] },
              { text: identifiers, fontSize: 8, color: MUTED, margin: [0, 1, 0, 0] },
            ],
          },
        ],
      },
      { canvas: [{ type: 'line', x1: 0, y1: 6, x2: pageWidth - 2 * PAGE_MARGIN_X, y2: 6, lineWidth: 1.2, lineColor: RULE }] },
    ],
  };
}

function footer(note: string, currentPage: number, pageCount: number, pageWidth: number): PdfContent {
  return {
    margin: [PAGE_MARGIN_X, 8, PAGE_MARGIN_X, 0],
    stack: [
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: pageWidth - 2 * PAGE_MARGIN_X, y2: 0, lineWidth: 0.5, lineColor: '#b8c2cf' }] },
      {
        margin: [0, 4, 0, 0],
        columns: [
          { text: note, fontSize: 7.5, color: MUTED },
          { text: `Pagina ${currentPage} di ${pageCount}`, fontSize: 7.5, color: MUTED, alignment: 'right', width: 90 },
        ],
      },
    ],
  };
}

/** A complete document definition on the standard page around `content`. */
export function standardDocument(options: StandardDocumentOptions): PdfDocumentDefinition {
  const orientation = options.orientation ?? 'portrait';
  return {
    pageSize: 'A4',
    pageOrientation: orientation,
    pageMargins: [PAGE_MARGIN_X, HEADER_HEIGHT + 10, PAGE_MARGIN_X, FOOTER_HEIGHT + 10],
    info: {
      title: options.title,
      author: options.author ?? options.ente.name,
      subject: options.title,
      creator: 'Scrivania',
      producer: 'Scrivania (pdfmake)',
    },
    header: (_page: number, _count: number, size: { width: number }) => letterhead(options.ente, size.width),
    footer: (page: number, count: number, size: { width: number }) => footer(options.footerNote, page, count, size.width),
    styles: STANDARD_STYLES,
    defaultStyle: { fontSize: 9, color: INK, lineHeight: 1.05 },
    content: options.content,
  };
}
