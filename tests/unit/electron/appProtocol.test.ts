import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, appResponseHeaders, mimeTypeFor, resolveAppRequest } from '../../../src/main/electron/appProtocol';

const root = path.resolve('/opt/scrivania/resources/app.asar/.vite/renderer/main_window');

function servedPath(url: string): string | null {
  const result = resolveAppRequest(url, root);
  return result.ok ? result.filePath : null;
}

describe('app:// protocol mapping', () => {
  it('serves index.html for the root and files inside the renderer folder', () => {
    expect(servedPath('app://scrivania/')).toBe(path.join(root, 'index.html'));
    expect(servedPath('app://scrivania')).toBe(path.join(root, 'index.html'));
    expect(servedPath('app://scrivania/index.html')).toBe(path.join(root, 'index.html'));
    expect(servedPath('app://scrivania/assets/index-abc123.js?v=1#x')).toBe(path.join(root, 'assets', 'index-abc123.js'));
    expect(servedPath('app://scrivania/assets/Titillium%20Web.woff2')).toBe(path.join(root, 'assets', 'Titillium Web.woff2'));
  });

  it.each([
    'app://scrivania/../../etc/passwd',
    'app://scrivania/assets/../../../etc/passwd',
    'app://scrivania/%2e%2e/%2e%2e/etc/passwd',
    'app://scrivania/%2E%2E/%2E%2E/etc/passwd',
    'app://scrivania/..%2f..%2f..%2fetc%2fpasswd',
    'app://scrivania/..%5c..%5c..%5cwindows%5cwin.ini',
    'app://scrivania/assets/%2fetc%2fpasswd',
    'app://scrivania/C:%5cWindows%5cwin.ini',
    'app://scrivania/index.html%00.png',
    'app://scrivania/./index.html',
  ])('refuses traversal and smuggled separators: %s', (url) => {
    const result = resolveAppRequest(url, root);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.status).toBe(403);
  });

  it('never maps any request outside the renderer folder', () => {
    const attempts = ['..', '%2e%2e', '%2E%2e', '..%2f', '%2e%2e%2f', '..%5c', '.%2e', '%00', '%2f', '%5c'];
    for (const a of attempts) {
      for (const b of attempts) {
        const file = servedPath(`app://scrivania/${a}/${b}/etc/passwd`);
        if (file !== null) expect(path.relative(root, file).startsWith('..')).toBe(false);
      }
    }
  });

  it('refuses other hosts, other schemes and malformed encodings', () => {
    expect(resolveAppRequest('app://evil/index.html', root)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppRequest('app://scrivania.evil.com/index.html', root)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppRequest('app://scrivania:8080/index.html', root)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppRequest('file:///etc/passwd', root)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppRequest('https://scrivania/index.html', root)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppRequest('app://scrivania/%E0%A4%A', root)).toMatchObject({ ok: false, status: 400 });
  });

  it('also holds with Windows paths', () => {
    const winRoot = 'C:\\Program Files\\Scrivania\\resources\\app.asar\\.vite\\renderer\\main_window';
    const ok = resolveAppRequest('app://scrivania/assets/a.js', winRoot, path.win32);
    expect(ok).toMatchObject({ ok: true, filePath: `${winRoot}\\assets\\a.js` });
    expect(resolveAppRequest('app://scrivania/..%5c..%5cwin.ini', winRoot, path.win32)).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppRequest('app://scrivania/D:%5cwin.ini', winRoot, path.win32)).toMatchObject({ ok: false, status: 403 });
  });

  it('flags extensionless paths as client-side routes', () => {
    expect(resolveAppRequest('app://scrivania/istanze/42', root)).toMatchObject({ ok: true, spaRoute: true });
    expect(resolveAppRequest('app://scrivania/assets/a.js', root)).toMatchObject({ ok: true, spaRoute: false });
  });

  it('answers with the right MIME types', () => {
    expect(mimeTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('a/B.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('x.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('x.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('x.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('x.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('x.png')).toBe('image/png');
    expect(mimeTypeFor('x.json')).toBe('application/json; charset=utf-8');
    expect(mimeTypeFor('x.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('x.unknown')).toBe('application/octet-stream');
    expect(mimeTypeFor('Makefile')).toBe('application/octet-stream');
  });

  it('registers the scheme as standard + secure + fetch, without bypassing CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).not.toBe(true);
    expect(APP_SCHEME_PRIVILEGES.privileges?.corsEnabled).not.toBe(true);
    expect(APP_SCHEME_PRIVILEGES.privileges?.allowServiceWorkers).not.toBe(true);
  });

  it('sends CSP and nosniff with every file', () => {
    const headers = appResponseHeaders('text/html; charset=utf-8', "default-src 'self'");
    expect(headers['content-security-policy']).toBe("default-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
  });
});
