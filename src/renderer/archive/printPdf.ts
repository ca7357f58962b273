/**
 * Printing a PDF from the app without opening it elsewhere: its pages are drawn by PDF.js (the
 * viewer's engine) into images of a print-only container, and the browser's (or Electron's) print
 * dialog prints that container alone (see `.archive-print` in archive.css).
 */
import { openPdf } from '../documents/pdfjs';

const PRINT_SCALE = 2;

export async function printPdf(bytes: Uint8Array): Promise<void> {
  const opened = await openPdf(bytes);
  const container = document.createElement('div');
  container.className = 'archive-print';
  try {
    for (let number = 1; number <= opened.document.numPages; number++) {
      const page = await opened.document.getPage(number);
      const viewport = page.getViewport({ scale: PRINT_SCALE });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      await page.render({ canvas, viewport }).promise;
      const image = document.createElement('img');
      image.src = canvas.toDataURL('image/png');
      image.alt = '';
      container.append(image);
    }
  } finally {
    await opened.close();
  }
  document.body.append(container);
  const done = () => {
    container.remove();
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
  // Where print() returns before printing ends and no afterprint comes, tidy up a little later.
  setTimeout(done, 60_000);
}

/** Offers bytes as a file to save (the browser's download, Electron's save dialog). */
export function saveFile(bytes: Uint8Array, filename: string, contentType: string): void {
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
