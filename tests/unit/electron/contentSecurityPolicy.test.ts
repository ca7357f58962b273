import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  developmentContentSecurityPolicy,
  policyForResponse,
} from '../../../src/main/electron/contentSecurityPolicy';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('Content-Security-Policy', () => {
  const csp = directives(contentSecurityPolicy());

  it('is strict: own scripts only, no objects, no framing, no base or form targets', () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('font-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  it("never allows eval or inline scripts in production (WebAssembly compilation only, for the PDF viewer's decoders)", () => {
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('relaxes only script inlining and the HMR socket for the dev server', () => {
    const devCsp = directives(developmentContentSecurityPolicy('http://localhost:5173'));
    expect(devCsp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]);
    expect(devCsp.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(devCsp.get('object-src')).toEqual(["'none'"]);
    expect(devCsp.get('script-src')).not.toContain("'unsafe-eval'");
  });

  it('is applied to app pages (and the dev server in development) but not to foreign responses', () => {
    expect(policyForResponse('app://scrivania/index.html', {})).toBe(contentSecurityPolicy());
    expect(policyForResponse('app://scrivania/index.html', { devServerUrl: 'http://localhost:5173' })).toBe(contentSecurityPolicy());
    expect(policyForResponse('http://localhost:5173/', { devServerUrl: 'http://localhost:5173' })).toBe(
      developmentContentSecurityPolicy('http://localhost:5173'),
    );
    expect(policyForResponse('http://localhost:5173/', {})).toBeNull();
    expect(policyForResponse('devtools://devtools/bundled/inspector.html', {})).toBeNull();
  });
});
