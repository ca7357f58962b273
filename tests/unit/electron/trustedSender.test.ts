import { describe, expect, it } from 'vitest';
import {
  externalUrlToOpen,
  isAllowedNavigation,
  isTrustedAppUrl,
  isTrustedSenderFrame,
  type FrameLike,
} from '../../../src/main/electron/trustedSender';

const prod = {};
const dev = { devServerUrl: 'http://localhost:5173' };

function frame(url: string, overrides: Partial<FrameLike> = {}): FrameLike {
  return { url, parent: null, processId: 4, frameToken: 'main-token', detached: false, ...overrides };
}

describe('trusted app URLs', () => {
  it('trusts app://scrivania pages only', () => {
    expect(isTrustedAppUrl('app://scrivania/index.html', prod)).toBe(true);
    expect(isTrustedAppUrl('app://scrivania/', prod)).toBe(true);
    expect(isTrustedAppUrl('APP://SCRIVANIA/index.html', prod)).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'app://scrivania.evil.com/',
      'app://scrivania:444/',
      'app://user:pw@scrivania/',
      'https://scrivania/',
      'file:///opt/scrivania/index.html',
      'http://localhost:5173/',
      'https://example.com/',
      'about:blank',
      'data:text/html,<script>1</script>',
      'javascript:alert(1)',
      '',
      'not a url',
    ]) {
      expect(isTrustedAppUrl(url, prod), url).toBe(false);
    }
  });

  it('trusts the dev server only in development and only its exact origin', () => {
    expect(isTrustedAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isTrustedAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isTrustedAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedAppUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isTrustedAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isTrustedAppUrl('http://localhost:5173/', prod)).toBe(false);
    // A dev server URL that is not loopback is never trusted.
    expect(isTrustedAppUrl('http://evil.example:5173/', { devServerUrl: 'http://evil.example:5173' })).toBe(false);
  });

  it('allows navigation only inside the app', () => {
    expect(isAllowedNavigation('app://scrivania/index.html#/istanze', prod)).toBe(true);
    expect(isAllowedNavigation('https://www.comune.example.it/', prod)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', prod)).toBe(false);
  });
});

describe('IPC sender check', () => {
  const main = frame('app://scrivania/index.html');

  it("accepts the main frame of our window showing an app page", () => {
    expect(isTrustedSenderFrame(main, main, prod)).toBe(true);
    // Another wrapper object for the same frame (same process + token) is the same frame.
    expect(isTrustedSenderFrame(frame('app://scrivania/index.html'), main, prod)).toBe(true);
  });

  it('refuses sub-frames, other windows, detached frames, foreign origins and missing frames', () => {
    expect(isTrustedSenderFrame(frame('app://scrivania/index.html', { parent: main, frameToken: 'child' }), main, prod)).toBe(false);
    expect(isTrustedSenderFrame(frame('app://scrivania/index.html', { frameToken: 'other-window' }), main, prod)).toBe(false);
    expect(isTrustedSenderFrame(frame('app://scrivania/index.html', { processId: 9 }), main, prod)).toBe(false);
    expect(isTrustedSenderFrame(frame('app://scrivania/index.html', { detached: true }), main, prod)).toBe(false);
    const navigatedAway = frame('https://evil.example/');
    expect(isTrustedSenderFrame(navigatedAway, navigatedAway, prod)).toBe(false);
    expect(isTrustedSenderFrame(null, main, prod)).toBe(false);
    expect(isTrustedSenderFrame(main, null, prod)).toBe(false);
  });

  it('accepts the dev server page only in development', () => {
    const devFrame = frame('http://localhost:5173/');
    expect(isTrustedSenderFrame(devFrame, devFrame, dev)).toBe(true);
    expect(isTrustedSenderFrame(devFrame, devFrame, prod)).toBe(false);
  });
});

describe('external links', () => {
  it('opens only https links with a host and no credentials', () => {
    expect(externalUrlToOpen('https://www.agid.gov.it/it/piattaforme/pagopa')).toBe('https://www.agid.gov.it/it/piattaforme/pagopa');
    for (const url of [
      'http://www.comune.example.it/',
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'https://user:secret@example.com/',
      'app://scrivania/',
      'not a url',
    ]) {
      expect(externalUrlToOpen(url), url).toBeNull();
    }
  });
});
