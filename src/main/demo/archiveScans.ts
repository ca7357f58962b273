/**
 * Small generated "scans" for the demo archive, written byte by byte (fast enough for thousands at
 * first start): PDF pages that look like typed municipal paperwork on slightly skewed, yellowed
 * paper, with the text as a text layer (as a scanner's OCR leaves it), and greyscale PNG
 * photographs of a building. Every file is unique (the archive never stores the same bytes twice).
 */
import zlib from 'node:zlib';

/** Latin-1 covers what Italian paperwork writes (àèéìòù); anything else becomes '?'. */
function pdfText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const latin1 = code < 256 ? ch : ch === '’' ? "'" : ch === '€' ? 'EUR' : ch === '–' || ch === '—' ? '-' : '?';
    out += latin1 === '\\' || latin1 === '(' || latin1 === ')' ? `\\${latin1}` : latin1;
  }
  return out;
}

export interface ScanLine {
  text: string;
  /** Larger and bold for headings. */
  style?: 'title' | 'heading' | 'body' | 'small';
  /** Right-aligned (dates, protocol stamps). */
  right?: boolean;
}

const FONTS = { title: ['F2', 15], heading: ['F2', 11.5], body: ['F1', 10.5], small: ['F1', 8.5] } as const;
const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;

/** Helvetica's widths are close enough to Courier's at these sizes for right alignment of short lines. */
function approximateWidth(text: string, size: number): number {
  return text.length * size * 0.6;
}

/** Characters per line at each style: the page is typed, so long lines wrap as a typist would. */
const LINE_CHARACTERS = { title: 56, heading: 70, body: 74, small: 90 } as const;

function wrapped(lines: ScanLine[]): ScanLine[] {
  const out: ScanLine[] = [];
  for (const line of lines) {
    const limit = LINE_CHARACTERS[line.style ?? 'body'];
    let rest = line.text;
    while (rest.length > limit) {
      const cut = rest.lastIndexOf(' ', limit);
      const at = cut > limit / 2 ? cut : limit;
      out.push({ ...line, text: rest.slice(0, at) });
      rest = rest.slice(at).trimStart();
    }
    out.push({ ...line, text: rest });
  }
  return out;
}

function pageContent(lines: ScanLine[], skewDegrees: number, paperTone: number, typewriter: boolean): string {
  const angle = (skewDegrees * Math.PI) / 180;
  const cos = Math.cos(angle).toFixed(5);
  const sin = Math.sin(angle).toFixed(5);
  const ops: string[] = [];
  // Yellowed paper, then the page itself slightly turned, as a flatbed scan of an old sheet.
  ops.push(
    `${paperTone.toFixed(3)} ${(paperTone - 0.015).toFixed(3)} ${(paperTone - 0.07).toFixed(3)} rg 0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT} re f`,
  );
  ops.push(`q ${cos} ${sin} ${(-Number(sin)).toFixed(5)} ${cos} 6 -4 cm`);
  ops.push('0.12 0.12 0.14 rg');
  let y = 780;
  for (const line of wrapped(lines)) {
    const [font, size] = FONTS[line.style ?? 'body'];
    const face = typewriter && font === 'F1' ? 'F3' : font;
    const x = line.right ? Math.max(60, PAGE_WIDTH - 60 - approximateWidth(line.text, size)) : 60;
    ops.push(`BT /${face} ${size} Tf ${x.toFixed(1)} ${y.toFixed(1)} Td (${pdfText(line.text)}) Tj ET`);
    y -= line.style === 'title' ? 24 : line.style === 'heading' ? 19 : 15;
    if (y < 60) break;
  }
  // A round office stamp in the corner, in faded ink.
  ops.push('0.35 0.38 0.62 RG 1.2 w 470 110 m');
  for (let i = 1; i <= 36; i++) {
    const a = (i / 36) * 2 * Math.PI;
    ops.push(`${(440 + 30 * Math.cos(a)).toFixed(2)} ${(110 + 30 * Math.sin(a)).toFixed(2)} l`);
  }
  ops.push('S Q');
  return ops.join('\n');
}

/** A PDF of `pages` (each a list of lines), with a text layer; `variant` makes each file unique. */
export function scanPdf(pages: ScanLine[][], options: { variant: number; typewriter: boolean }): Buffer {
  const objects: string[] = [];
  const pageCount = pages.length;
  const fontBase = 3 + pageCount * 2;
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${pages.map((_, i) => `${3 + i * 2} 0 R`).join(' ')}] /Count ${pageCount} >>`);
  pages.forEach((lines, i) => {
    const skew = (((options.variant * 7 + i * 13) % 21) - 10) / 20; // -0.5° to +0.5°
    const tone = 0.955 + ((options.variant + i) % 5) * 0.006;
    const content = pageContent(lines, skew, tone, options.typewriter);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Contents ${4 + i * 2} 0 R ` +
        `/Resources << /Font << /F1 ${fontBase} 0 R /F2 ${fontBase + 1} 0 R /F3 ${fontBase + 2} 0 R >> >> >>`,
    );
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  });
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>');
  objects.push(`<< /Producer (Scrivania demo scanner) /Title (Scansione ${options.variant}) >>`);

  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

// ------------------------------------------------------------------------------------------------
// PNG photographs

function crc32Chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const PHOTO_WIDTH = 320;
const PHOTO_HEIGHT = 240;
/** Film grain, drawn once: a photograph reads it from a different place. */
const GRAIN = Array.from({ length: 8192 }, (_, i) => ((Math.imul(i + 1, 2654435761) >>> 24) % 13) - 6);

/**
 * A greyscale photograph of a house (sky, walls, roof, windows, film grain), different for each
 * `variant`; the bottom rows carry the variant as a strip of dots, as a scanner's batch number.
 */
export function scanPhoto(variant: number): Buffer {
  let seed = (variant * 2654435761) >>> 0;
  const random = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const houseLeft = 60 + Math.floor(random() * 50);
  const houseWidth = 150 + Math.floor(random() * 60);
  const wallTop = 100 + Math.floor(random() * 26);
  const ground = 200;
  const roofPeak = wallTop - 36 - Math.floor(random() * 20);
  const grainOffset = Math.floor(random() * GRAIN.length);
  const floors = 1 + Math.floor(random() * 2);
  const windows = 3 + Math.floor(random() * 3);
  // Per column: where the roof starts, and whether a window column passes there.
  const roofTop = new Float32Array(PHOTO_WIDTH).fill(Infinity);
  const windowColumn = new Uint8Array(PHOTO_WIDTH);
  const half = houseWidth / 2;
  for (let x = houseLeft; x < Math.min(PHOTO_WIDTH, houseLeft + houseWidth); x++) {
    roofTop[x] = roofPeak + (Math.abs(x - (houseLeft + half)) / half) * (wallTop - roofPeak);
    const position = ((x - houseLeft) / houseWidth) * windows;
    const within = position - Math.floor(position);
    windowColumn[x] = within > 0.3 && within < 0.7 ? 1 : 0;
  }
  const floorHeight = (ground - wallTop) / (floors + 0.4);
  const pixels = Buffer.alloc((PHOTO_WIDTH + 1) * PHOTO_HEIGHT);
  for (let y = 0; y < PHOTO_HEIGHT; y++) {
    const rowStart = y * (PHOTO_WIDTH + 1);
    pixels[rowStart] = 0; // no filter
    const background = y < ground ? 205 - Math.floor(y / 6) : 110 - Math.floor((y - ground) / 4);
    const floor = Math.floor((y - wallTop) / floorHeight);
    const withinFloor = (y - wallTop) / floorHeight - floor;
    const windowRow = y >= wallTop && y < ground && floor < floors && withinFloor > 0.25 && withinFloor < 0.75;
    const grainRow = grainOffset + y * 331;
    for (let x = 0; x < PHOTO_WIDTH; x++) {
      let grey = background;
      if (y >= wallTop && y < ground && roofTop[x]! !== Infinity) grey = windowRow && windowColumn[x] ? 60 : 170;
      else if (y >= roofTop[x]! && y < wallTop) grey = 95;
      grey += GRAIN[(grainRow + x * 7) & 8191]!;
      if (y >= PHOTO_HEIGHT - 4 && x < 64) grey = (variant >> (x >> 1)) & 1 ? 20 : 235;
      pixels[rowStart + x + 1] = grey < 0 ? 0 : grey > 255 ? 255 : grey;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(PHOTO_WIDTH, 0);
  header.writeUInt32BE(PHOTO_HEIGHT, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    crc32Chunk('IHDR', header),
    crc32Chunk('IDAT', zlib.deflateSync(pixels, { level: 1 })),
    crc32Chunk('IEND', Buffer.alloc(0)),
  ]);
}
