/**
 * The Content-Security-Policy of the renderer, sent as a response header (by the app:// protocol
 * handler and again by `session.webRequest.onHeadersReceived`), never only as a <meta> tag.
 * Pure: unit-tested without Electron.
 */
import { isTrustedAppUrl, APP_SCHEME, type TrustPolicy } from './trustedSender';

type Directives = Record<string, readonly string[]>;

/**
 * Production policy. `style-src 'unsafe-inline'` is required by ag-grid's inline styles.
 * `'wasm-unsafe-eval'` lets the PDF viewer compile its WebAssembly image decoders (JBIG2 and
 * JPEG 2000, common in scanned PDFs); it allows WebAssembly only, never JavaScript eval.
 */
export const PRODUCTION_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

function serialise(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export function contentSecurityPolicy(): string {
  return serialise(PRODUCTION_DIRECTIVES);
}

/**
 * Under `electron-forge start` the renderer comes from Vite's dev server, whose React Refresh
 * preamble is an inline script and whose HMR client connects over a WebSocket. Only then are
 * those two relaxations added, and only for the dev server's own origin.
 */
export function developmentContentSecurityPolicy(devServerUrl: string): string {
  const dev = new URL(devServerUrl);
  const ws = `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`;
  return serialise({
    ...PRODUCTION_DIRECTIVES,
    'script-src': ["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"],
    'connect-src': ["'self'", ws],
  });
}

/**
 * The policy to set on a response for `url`, or null when the response is not one of the app's
 * own pages (e.g. DevTools), which is left untouched.
 */
export function policyForResponse(url: string, policy: TrustPolicy): string | null {
  if (!isTrustedAppUrl(url, policy)) return null;
  if (new URL(url).protocol === `${APP_SCHEME}:` || !policy.devServerUrl) return contentSecurityPolicy();
  return developmentContentSecurityPolicy(policy.devServerUrl);
}
