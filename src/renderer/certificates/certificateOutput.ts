/**
 * Printing and saving an issued certificate. In the desktop app the PDF is printed through the
 * system print dialog (pages drawn by PDF.js, see archive/printPdf.ts) and saved through the save
 * dialog Electron shows for a download; in browser mode it opens in the browser's own PDF viewer,
 * in a new tab, where the user prints or saves it as with any PDF.
 */
import { printPdf, saveFile } from '../archive/printPdf';

/** Inside the desktop app the preload exposes `window.scrivania`; in browser mode it does not. */
export function isDesktopApp(win: Pick<Window, 'scrivania'> = window): boolean {
  return win.scrivania !== undefined;
}

/** How long the new tab has to read the PDF before its object URL is released. */
const OBJECT_URL_LIFETIME_MS = 120_000;

/** Opens the PDF in a new tab of the browser; false when the browser blocked the tab. */
export function openInBrowserViewer(bytes: Uint8Array): boolean {
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type: 'application/pdf' }));
  const opened = window.open(url, '_blank');
  setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
  return opened !== null;
}

/** Print: the system print dialog on the desktop, the browser's viewer otherwise. False when a blocked tab kept it from opening. */
export async function printCertificate(bytes: Uint8Array): Promise<boolean> {
  if (isDesktopApp()) {
    await printPdf(bytes);
    return true;
  }
  return openInBrowserViewer(bytes);
}

export function saveCertificate(bytes: Uint8Array, filename: string): void {
  saveFile(bytes, filename, 'application/pdf');
}
