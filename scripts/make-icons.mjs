// Generates the app icon (assets/icon.png, .ico, .icns) from code, so no binary editor is needed:
// a rounded blue tile with a white writing-desk mark. Run: node scripts/make-icons.mjs
import fs from 'node:fs';
import zlib from 'node:zlib';

const SIZE = 256;

function crc32(buffer) {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function pixel(x, y) {
  const r = 44;
  const inside = (cx, cy) => (cx - r) ** 2 + (cy - r) ** 2 <= r * r;
  const cornerX = x < r ? x : x >= SIZE - r ? x - (SIZE - 2 * r) : r;
  const cornerY = y < r ? y : y >= SIZE - r ? y - (SIZE - 2 * r) : r;
  if (!inside(cornerX, cornerY)) return [0, 0, 0, 0];
  const desk = y >= 150 && y < 166 && x >= 48 && x < 208;
  const legs = y >= 166 && y < 212 && ((x >= 64 && x < 78) || (x >= 178 && x < 192));
  const sheet = y >= 60 && y < 140 && x >= 92 && x < 164 && !(y > 76 && y < 82) && !(y > 96 && y < 102) && !(y > 116 && y < 122);
  if (desk || legs || sheet) return [255, 255, 255, 255];
  return [22, 74, 140, 255];
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y += 1) {
  raw[y * (SIZE * 4 + 1)] = 0;
  for (let x = 0; x < SIZE; x += 1) Buffer.from(pixel(x, y)).copy(raw, y * (SIZE * 4 + 1) + 1 + x * 4);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8;
header[9] = 6;
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
fs.mkdirSync('assets', { recursive: true });
fs.writeFileSync('assets/icon.png', png);

// ICO with one embedded PNG image (supported since Windows Vista).
const ico = Buffer.alloc(22);
ico.writeUInt16LE(0, 0);
ico.writeUInt16LE(1, 2);
ico.writeUInt16LE(1, 4);
ico.writeUInt8(0, 6);
ico.writeUInt8(0, 7);
ico.writeUInt16LE(1, 10);
ico.writeUInt16LE(32, 12);
ico.writeUInt32LE(png.length, 14);
ico.writeUInt32LE(22, 18);
fs.writeFileSync('assets/icon.ico', Buffer.concat([ico, png]));

// ICNS with the 256x256 PNG as its 'ic08' element.
const element = Buffer.alloc(8);
element.write('ic08', 0, 'ascii');
element.writeUInt32BE(png.length + 8, 4);
const icnsHeader = Buffer.alloc(8);
icnsHeader.write('icns', 0, 'ascii');
icnsHeader.writeUInt32BE(png.length + 16, 4);
fs.writeFileSync('assets/icon.icns', Buffer.concat([icnsHeader, element, png]));
console.log(`assets/icon.png (${png.length} bytes), icon.ico, icon.icns`);
