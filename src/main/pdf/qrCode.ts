/**
 * A QR code for pdfmake drawn with few rectangles. pdfmake's own `qr` node draws one rectangle per
 * dark module (several hundred for a verification address), a third of a certificate's rendering
 * time; here pdfmake's encoder (the same symbol: data, error correction, module size) gives the
 * modules and each row's adjacent dark modules become one rectangle.
 */
import * as qrModule from 'pdfmake/js/qrEnc.js';

type QrEncoder = typeof qrModule.default;

/** The module is CommonJS with `exports.default`: Node's ESM loader wraps it once more than bundlers do. */
const qrEncoder: QrEncoder =
  'measure' in qrModule.default ? qrModule.default : (qrModule.default as unknown as { default: QrEncoder }).default;

interface Rect {
  type: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  lineWidth: number;
  color: string;
}

export interface QrOptions {
  /** Largest side in points; the module size is a whole number of points, as pdfmake's. */
  fit: number;
  eccLevel: 'L' | 'M' | 'Q' | 'H';
}

/** A pdfmake canvas node drawing `text` as a QR code, on a white square. */
export function qrCanvas(text: string, options: QrOptions): { canvas: Rect[]; width: number; height: number } {
  const measured = qrEncoder.measure({ qr: text, fit: options.fit, eccLevel: options.eccLevel });
  const [background, ...modules] = measured._canvas as Rect[];
  const runs: Rect[] = background ? [background] : [];
  for (const module of modules) {
    const last = runs[runs.length - 1];
    if (last && last !== background && last.y === module.y && last.x + last.w === module.x) last.w += module.w;
    else runs.push({ ...module });
  }
  return { canvas: runs, width: measured._width, height: measured._height };
}
