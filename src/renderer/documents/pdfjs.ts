/**
 * PDF.js, set up for a strict Content-Security-Policy and a Vite build served from app:// (or from
 * browser mode's loopback server):
 * - the worker is PDF.js's own module file, emitted as a same-origin asset: `script-src 'self'`
 *   covers it (no blob: worker, so no `worker-src` needed);
 * - the files PDF.js loads on demand (standard fonts for PDFs that do not embed them, the JBIG2 and
 *   JPEG 2000 decoders that scanned PDFs need) are emitted as hashed assets and handed over by
 *   `BundledBinaryData`, since PDF.js would otherwise look them up by name under one folder URL;
 *   compiling the decoders needs `'wasm-unsafe-eval'` (WebAssembly only, never JavaScript eval);
 * - no PDF scripting, no eval, no XFA.
 * The library itself is loaded the first time a PDF is shown.
 */
import type * as PdfJs from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

type AssetUrls = Record<string, string>;

const STANDARD_FONTS = import.meta.glob('../../../node_modules/pdfjs-dist/standard_fonts/*.{pfb,ttf}', {
  query: '?url',
  import: 'default',
  eager: true,
  exhaustive: true,
}) as AssetUrls;
const WASM_DECODERS = import.meta.glob('../../../node_modules/pdfjs-dist/wasm/{jbig2,openjpeg}.wasm', {
  query: '?url',
  import: 'default',
  eager: true,
  exhaustive: true,
}) as AssetUrls;

function byFileName(urls: AssetUrls): Map<string, string> {
  return new Map(Object.entries(urls).map(([file, url]) => [file.slice(file.lastIndexOf('/') + 1), url]));
}

const ASSETS: Record<string, Map<string, string>> = {
  standardFontDataUrl: byFileName(STANDARD_FONTS),
  wasmUrl: byFileName(WASM_DECODERS),
};

async function bytesAt(url: string): Promise<Uint8Array> {
  // Small assets may be inlined as data: URLs, which `connect-src 'self'` would not let fetch() read.
  if (url.startsWith('data:')) {
    const base64 = url.slice(url.indexOf(',') + 1);
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** PDF.js's `BinaryDataFactory` contract: `fetch({ kind, filename })` answers the file's bytes. */
class BundledBinaryData {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const url = ASSETS[kind]?.get(filename);
    if (!url) throw new Error(`PDF.js asked for ${kind}/${filename}, which is not bundled`);
    return bytesAt(url);
  }
}

let library: Promise<typeof PdfJs> | null = null;

function loadLibrary() {
  library ??= import('pdfjs-dist').then((pdfjs) => {
    pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
    return pdfjs;
  });
  return library;
}

export interface OpenedPdf {
  document: PDFDocumentProxy;
  close(): Promise<void>;
}

/** Opens a PDF from its bytes (copied: PDF.js takes ownership of the buffer it is given). */
export async function openPdf(bytes: Uint8Array): Promise<OpenedPdf> {
  const pdfjs = await loadLibrary();
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    // Not real folders: every file is handed over by BundledBinaryData (the URLs only need to be set).
    standardFontDataUrl: 'bundled/standard_fonts/',
    wasmUrl: 'bundled/wasm/',
    useWorkerFetch: false,
    BinaryDataFactory: BundledBinaryData,
    enableXfa: false,
    stopAtErrors: false,
  });
  const document = await task.promise;
  return { document, close: () => task.destroy() };
}
