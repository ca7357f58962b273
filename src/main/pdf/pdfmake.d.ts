/**
 * pdfmake 0.3's server entry (`require('pdfmake')`): one shared instance. Only what Scrivania uses
 * is declared; document definitions are typed in ./document.ts.
 */
declare module 'pdfmake' {
  interface OutputDocument {
    getBuffer(): Promise<Buffer>;
  }
  interface PdfMake {
    setFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
    setUrlAccessPolicy(callback: (url: string) => boolean): void;
    setLocalAccessPolicy(callback: (path: string) => boolean): void;
    createPdf(docDefinition: object, options?: object): OutputDocument;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}

/** pdfmake's pdfkit document class (see ./fontReuse.ts). */
declare module 'pdfmake/js/PDFDocument' {
  const PDFDocument: { prototype: object };
  export default PDFDocument;
}

/** pdfmake's QR encoder (see ./qrCode.ts): measures a `qr` node into the rectangles of its modules. */
declare module 'pdfmake/js/qrEnc.js' {
  const qrEncoder: {
    measure(node: { qr: string; fit: number; eccLevel: string }): { _canvas: object[]; _width: number; _height: number };
  };
  export default qrEncoder;
}
