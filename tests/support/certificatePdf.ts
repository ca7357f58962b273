import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import jsQR from 'jsqr';

/**
 * Reading an issued certificate as its reader would: its text (pdftotext, line breaks flattened so
 * sentences are found whole) and its QR code (pages rendered by pdftoppm, decoded by jsQR).
 */
function withPdfFile<T>(bytes: Uint8Array, work: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certificato-'));
  try {
    const file = path.join(dir, 'certificato.pdf');
    fs.writeFileSync(file, bytes);
    return work(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function certificateText(bytes: Uint8Array): string {
  return withPdfFile(bytes, (file) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).replace(/\s+/g, ' ');
}

/** The QR code of the certificate, on whichever page it is printed (the last, after a long table). */
export async function certificateQr(bytes: Uint8Array): Promise<string | null> {
  const pages = withPdfFile(bytes, (file, dir) => {
    execFileSync('pdftoppm', ['-png', '-r', '150', file, path.join(dir, 'page')]);
    return fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.png'))
      .sort()
      .reverse()
      .map((name) => fs.readFileSync(path.join(dir, name)));
  });
  for (const png of pages) {
    const image = await loadImage(png);
    const canvas = createCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, image.width, image.height);
    const found = jsQR(new Uint8ClampedArray(pixels.data), image.width, image.height)?.data;
    if (found) return found;
  }
  return null;
}
