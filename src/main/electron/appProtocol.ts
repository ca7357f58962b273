/**
 * The `app://scrivania/...` protocol that serves the renderer build instead of file://.
 * This module is the pure part: the scheme's privileges and the mapping of a request URL to a file
 * inside the build folder (refusing every way out of it) with its MIME type. The handler that
 * reads the file lives in appProtocolHandler.ts.
 */
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME } from './trustedSender';

/**
 * Registered before `ready`. `standard` gives the scheme an origin and relative URL resolution,
 * `secure` makes it a secure context, `supportFetchAPI` lets the page fetch its own assets.
 * Deliberately NOT `bypassCSP`, `corsEnabled`, `allowServiceWorkers` nor `stream`.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    bypassCSP: false,
    corsEnabled: false,
    allowServiceWorkers: false,
    stream: false,
    codeCache: true,
  },
};

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type AppRequestResolution =
  | { ok: true; filePath: string; mimeType: string; /** no extension: a client-side route, may fall back to index.html */ spaRoute: boolean }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/** Characters that must never appear inside one decoded path segment. */
const FORBIDDEN_IN_SEGMENT = /[/\\\0:]/;

/**
 * Maps `app://scrivania/<path>` to a file under `root`. Works on the RAW URL text (before any
 * normalisation) so that `..`, `%2e%2e`, `..%2f`, `..%5c`, NUL bytes and drive letters are refused
 * outright rather than silently normalised; then checks again that the joined path is inside
 * `root`. `/` and `/index.html` serve the entry page.
 */
export function resolveAppRequest(rawUrl: string, root: string, platformPath: typeof path = path): AppRequestResolution {
  const prefix = `${APP_SCHEME}://`;
  if (typeof rawUrl !== 'string' || rawUrl.slice(0, prefix.length).toLowerCase() !== prefix) {
    return { ok: false, status: 400, reason: 'not an app:// URL' };
  }
  const rest = rawUrl.slice(prefix.length);
  const slash = rest.indexOf('/');
  const authority = (slash === -1 ? rest : rest.slice(0, slash)).replace(/[?#].*$/, '');
  if (authority.toLowerCase() !== APP_HOST) {
    return { ok: false, status: 404, reason: 'unknown host' };
  }
  const rawPath = slash === -1 ? '/' : rest.slice(slash).replace(/[?#].*$/, '');

  const segments: string[] = [];
  for (const rawSegment of rawPath.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return { ok: false, status: 400, reason: 'malformed percent-encoding' };
    }
    if (segment === '..' || segment === '.') return { ok: false, status: 403, reason: 'path traversal' };
    if (FORBIDDEN_IN_SEGMENT.test(segment)) return { ok: false, status: 403, reason: 'forbidden character in path' };
    if (segment === '') continue; // `//` and the trailing slash
    segments.push(segment);
  }
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');

  const resolvedRoot = platformPath.resolve(root);
  const filePath = platformPath.resolve(resolvedRoot, relative);
  const fromRoot = platformPath.relative(resolvedRoot, filePath);
  if (fromRoot === '' || fromRoot.startsWith('..') || platformPath.isAbsolute(fromRoot)) {
    return { ok: false, status: 403, reason: 'outside the renderer folder' };
  }
  return {
    ok: true,
    filePath,
    mimeType: mimeTypeFor(filePath),
    spaRoute: platformPath.extname(filePath) === '',
  };
}

/** Headers of every app:// response. */
export function appResponseHeaders(mimeType: string, csp: string): Record<string, string> {
  return {
    'content-type': mimeType,
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
}
