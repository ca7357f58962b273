/**
 * A small, strict reader of the MIME structure of a message (RFC 2045/2046): the tree of parts with
 * their headers and bodies, nothing interpreted. It is used for the PEC envelope, whose parts must
 * be found by name (daticert.xml, postacert.eml, smime.p7s) and whose embedded original message
 * must be taken out byte for byte — something a general mail parser, which merges an inline
 * message/rfc822 into the body text, does not give. The original message itself is read by
 * mailparser.
 *
 * Bodies are handled as 'latin1' strings, one character per byte, so slicing never breaks bytes.
 */

export interface MimePart {
  /** Lower-case header names to their unfolded values, in order of appearance. */
  headers: Map<string, string[]>;
  /** Lower-case `type/subtype`; `text/plain` when absent (RFC 2045 §5.2). */
  contentType: string;
  params: Record<string, string>;
  disposition: string | null;
  dispositionParams: Record<string, string>;
  /** The body as transmitted (still transfer-encoded). */
  rawBody: Buffer;
  children: MimePart[];
}

const MAX_DEPTH = 20;

function splitHeaderBlock(text: string): { headerText: string; bodyText: string } {
  // A part without headers starts with the empty line itself.
  if (text.startsWith('\r\n')) return { headerText: '', bodyText: text.slice(2) };
  if (text.startsWith('\n')) return { headerText: '', bodyText: text.slice(1) };
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { headerText: text.slice(0, crlf), bodyText: text.slice(crlf + 4) };
  if (lf >= 0) return { headerText: text.slice(0, lf), bodyText: text.slice(lf + 2) };
  return { headerText: text, bodyText: '' };
}

export function parseHeaders(headerText: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  const unfolded = headerText.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) continue;
    const value = line.slice(colon + 1).trim();
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  return headers;
}

/** `value; a=b; c="d e"` → the value and its parameters (RFC 2231 `name*=charset''text` decoded). */
export function parseStructuredHeader(header: string | undefined): { value: string; params: Record<string, string> } {
  if (!header) return { value: '', params: {} };
  const [first, ...rest] = splitParams(header);
  const params: Record<string, string> = {};
  for (const piece of rest) {
    const equals = piece.indexOf('=');
    if (equals <= 0) continue;
    let name = piece.slice(0, equals).trim().toLowerCase();
    let value = piece.slice(equals + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (name.endsWith('*')) {
      name = name.slice(0, -1);
      const match = /^([^']*)'[^']*'(.*)$/.exec(value);
      if (match) {
        try {
          value = decodeURIComponent(match[2]!);
        } catch {
          value = match[2]!;
        }
      }
    }
    params[name] = value;
  }
  return { value: (first ?? '').trim().toLowerCase(), params };
}

function splitParams(header: string): string[] {
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const ch = header.charAt(i);
    if (ch === '\\' && quoted) {
      current += ch + header.charAt(i + 1);
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      pieces.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  pieces.push(current);
  return pieces;
}

function splitMultipart(body: string, boundary: string): string[] | null {
  const delimiter = `--${boundary}`;
  const lines = body.split(/(?<=\n)/);
  const parts: string[] = [];
  let current: string[] | null = null;
  let closed = false;
  for (const line of lines) {
    const bare = line.replace(/\r?\n$/, '').replace(/[ \t]+$/, '');
    if (bare === delimiter || bare === `${delimiter}--`) {
      if (current) parts.push(current.join('').replace(/\r?\n$/, ''));
      if (bare.endsWith('--') && bare !== delimiter) {
        closed = true;
        break;
      }
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (!closed && current && current.length > 0) parts.push(current.join(''));
  return parts.length > 0 ? parts : null;
}

function parseEntity(text: string, depth: number): MimePart {
  const { headerText, bodyText } = splitHeaderBlock(text);
  const headers = parseHeaders(headerText);
  const type = parseStructuredHeader(headers.get('content-type')?.[0]);
  const disposition = parseStructuredHeader(headers.get('content-disposition')?.[0]);
  const contentType = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type.value) ? type.value : 'text/plain';
  const part: MimePart = {
    headers,
    contentType,
    params: type.params,
    disposition: disposition.value || null,
    dispositionParams: disposition.params,
    rawBody: Buffer.from(bodyText, 'latin1'),
    children: [],
  };
  if (contentType.startsWith('multipart/') && type.params.boundary && depth < MAX_DEPTH) {
    const pieces = splitMultipart(bodyText, type.params.boundary);
    part.children = (pieces ?? []).map((piece) => parseEntity(piece, depth + 1));
  }
  return part;
}

/** The MIME tree of a raw message. */
export function parseMime(raw: Buffer): MimePart {
  return parseEntity(raw.toString('latin1'), 0);
}

/** Every part of the tree, depth first, the root included. */
export function allParts(root: MimePart): MimePart[] {
  return [root, ...root.children.flatMap(allParts)];
}

export function header(part: MimePart, name: string): string | null {
  return part.headers.get(name.toLowerCase())?.[0] ?? null;
}

export function filenameOf(part: MimePart): string | null {
  return part.dispositionParams.filename ?? part.params.name ?? null;
}

/** The body with its Content-Transfer-Encoding undone. */
export function decodedBody(part: MimePart): Buffer {
  const encoding = (header(part, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.rawBody.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const text = part.rawBody
      .toString('latin1')
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(text, 'latin1');
  }
  return part.rawBody;
}
