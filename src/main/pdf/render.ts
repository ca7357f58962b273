/**
 * Server-side PDF rendering with pdfmake 0.3, shared by every document Scrivania produces (registro
 * giornaliero, certificates, managers' reports). Fonts are embedded from our own files; pdfmake may
 * read no other local file and fetch no URL, whatever a document definition contains.
 */
import path from 'node:path';
import type pdfmakeModule from 'pdfmake';
import { FONT_FILES, pdfAssets } from './assets';
import { reuseParsedFonts } from './fontReuse';

type PdfMake = typeof pdfmakeModule;
let loading: Promise<PdfMake> | null = null;

/** pdfmake takes about half a second to load: it is loaded with the first PDF, not at start-up. */
function loadPdfmake(): Promise<PdfMake> {
  loading ??= Promise.all([import('pdfmake'), import('pdfmake/js/PDFDocument')]).then(([module, documentClass]) => {
    reuseParsedFonts(documentClass.default);
    return module.default;
  });
  return loading;
}

/** A pdfmake node: text, stack, columns, table, svg, canvas… (see the pdfmake 0.3 documentation). */
export type PdfContent = string | PdfContent[] | { [property: string]: unknown };

export interface PdfDocumentDefinition {
  content: PdfContent;
  [property: string]: unknown;
}

export const PDF_FONT = 'TitilliumWeb';

let configuredFor: string | null = null;

function configure(pdfmake: PdfMake): void {
  const { fontsDir } = pdfAssets();
  if (configuredFor === fontsDir) return;
  const fontPath = (file: string) => path.join(fontsDir, file);
  const allowed = new Set(Object.values(FONT_FILES).map(fontPath));
  pdfmake.setFonts({
    [PDF_FONT]: {
      normal: fontPath(FONT_FILES.normal),
      bold: fontPath(FONT_FILES.bold),
      italics: fontPath(FONT_FILES.italics),
      bolditalics: fontPath(FONT_FILES.bolditalics),
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => allowed.has(path.resolve(file)));
  configuredFor = fontsDir;
}

/** Renders a document definition to PDF bytes. */
export async function renderPdf(definition: PdfDocumentDefinition): Promise<Buffer> {
  const pdfmake = await loadPdfmake();
  configure(pdfmake);
  const defaultStyle = { font: PDF_FONT, ...(definition.defaultStyle as object | undefined) };
  return pdfmake.createPdf({ ...definition, defaultStyle }).getBuffer();
}
