/**
 * Who may talk to the main process, and where the window may go. Pure: no 'electron' at run time,
 * so the rules are unit-tested without the Electron binary.
 *
 * Note: WHATWG `URL#origin` is the string "null" for non-special schemes such as `app:` in Node,
 * so origins are compared by protocol + host + port, never through `URL#origin`.
 */

/** The renderer is served from `app://scrivania/...` (see appProtocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'scrivania';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface TrustPolicy {
  /** `MAIN_WINDOW_VITE_DEV_SERVER_URL` under `electron-forge start`; undefined in a packaged app. */
  devServerUrl?: string | undefined;
}

function parse(url: string): URL | null {
  if (typeof url !== 'string' || url.length === 0) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The dev server is only trusted on loopback (Forge's Vite plugin uses http://localhost:PORT).
 * A dev server URL pointing elsewhere is ignored rather than trusted.
 */
function devServerOrigin(policy: TrustPolicy): URL | null {
  if (!policy.devServerUrl) return null;
  const dev = parse(policy.devServerUrl);
  if (!dev || (dev.protocol !== 'http:' && dev.protocol !== 'https:')) return null;
  if (!['localhost', '127.0.0.1', '[::1]'].includes(dev.hostname)) return null;
  return dev;
}

/** Is `url` a page of this app: `app://scrivania/...`, or (in development only) the dev server? */
export function isTrustedAppUrl(url: string, policy: TrustPolicy): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.protocol === `${APP_SCHEME}:`) {
    // `app:` is non-special for WHATWG URL, so its host is not lower-cased for us.
    return parsed.hostname.toLowerCase() === APP_HOST && parsed.port === '';
  }
  const dev = devServerOrigin(policy);
  return dev !== null && parsed.protocol === dev.protocol && parsed.host === dev.host;
}

/** The parts of Electron's `WebFrameMain` the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly frameToken: string;
  readonly detached?: boolean;
}

function sameFrame(a: FrameLike, b: FrameLike): boolean {
  return a === b || (a.processId === b.processId && a.frameToken === b.frameToken);
}

/**
 * An IPC message is trusted only when it comes from the main (top-level, attached) frame of OUR
 * window and that frame currently shows an app page. Sub-frames, other windows, detached frames
 * (a page that navigated away) and foreign origins are refused.
 */
export function isTrustedSenderFrame(
  frame: FrameLike | null | undefined,
  windowMainFrame: FrameLike | null | undefined,
  policy: TrustPolicy,
): boolean {
  if (!frame || !windowMainFrame) return false;
  if (frame.detached === true) return false;
  if (frame.parent !== null) return false;
  if (!sameFrame(frame, windowMainFrame)) return false;
  return isTrustedAppUrl(frame.url, policy);
}

/** Navigation inside a window is allowed only between pages of the app itself. */
export function isAllowedNavigation(url: string, policy: TrustPolicy): boolean {
  return isTrustedAppUrl(url, policy);
}

/**
 * A link the user may open in the system browser: https only, with a host, without credentials.
 * Returns the normalised URL to pass to `shell.openExternal`, or null to drop the request.
 */
export function externalUrlToOpen(url: string): string | null {
  const parsed = parse(url);
  if (!parsed) return null;
  if (parsed.protocol !== 'https:') return null;
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}
