/**
 * The Electron security checklist applied to sessions and to every webContents the app ever
 * creates (via `app.on('web-contents-created')`): no permissions, CSP headers, no navigation away
 * from the app, no new windows, no <webview>. Decisions come from the pure trustedSender.ts /
 * contentSecurityPolicy.ts; this file only wires them to Electron.
 */
import { shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../logger';
import { policyForResponse } from './contentSecurityPolicy';
import { externalUrlToOpen, isAllowedNavigation, type TrustPolicy } from './trustedSender';

/** Denies every permission (camera, geolocation, notifications, clipboard-read, HID, serial, ...). */
export function hardenSession(ses: Session, policy: TrustPolicy, log: Logger): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    log.warn('Permission request denied', { permission, url: details.requestingUrl });
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback(null));

  // CSP as a response header for the app's own pages (the app:// handler sets it too; this also
  // covers the dev server under `electron-forge start`, with its two development relaxations).
  ses.webRequest.onHeadersReceived((details, callback) => {
    const csp = policyForResponse(details.url, policy);
    if (!csp) {
      callback({});
      return;
    }
    const responseHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') responseHeaders[name] = value;
    }
    responseHeaders['Content-Security-Policy'] = [csp];
    callback({ responseHeaders });
  });
}

/** Applied to EVERY webContents (windows, DevTools excluded from nothing): deny by default. */
export function guardWebContents(contents: WebContents, policy: TrustPolicy, log: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlToOpen(url);
    if (external) {
      log.info('Opening link in the system browser', { url: external });
      void shell.openExternal(external).catch((error: unknown) => log.warn('Could not open link', error));
    } else {
      log.warn('window.open denied', { url });
    }
    return { action: 'deny' };
  });

  const refuseNavigation = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    if (isAllowedNavigation(event.url, policy)) return;
    event.preventDefault();
    log.warn(`${kind} denied`, { url: event.url });
  };
  contents.on('will-navigate', refuseNavigation('Navigation'));
  contents.on('will-frame-navigate', refuseNavigation('Frame navigation'));
  contents.on('will-redirect', refuseNavigation('Redirect'));

  contents.on('will-attach-webview', (event, _webPreferences, params) => {
    event.preventDefault();
    log.warn('<webview> denied', { src: params.src });
  });
}
