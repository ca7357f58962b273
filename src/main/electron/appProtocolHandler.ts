/**
 * Serves the renderer build over `app://scrivania/...` (registered as privileged in main.ts before
 * `ready`). The URL-to-file mapping and its refusals live in the pure appProtocol.ts.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import type { Logger } from '../logger';
import { appResponseHeaders, mimeTypeFor, resolveAppRequest } from './appProtocol';
import { contentSecurityPolicy } from './contentSecurityPolicy';
import { APP_SCHEME } from './trustedSender';

async function readRegularFile(filePath: string): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    if (!(await stat(filePath)).isFile()) return null;
    const data = await readFile(filePath);
    return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
  } catch {
    return null;
  }
}

/** `rendererRoot` is the Vite renderer output, e.g. `.vite/renderer/main_window` inside app.asar. */
export function registerAppProtocol(rendererRoot: string, log: Logger): void {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    const resolved = resolveAppRequest(request.url, rendererRoot);
    if (!resolved.ok) {
      log.warn('app:// request refused', { url: request.url, status: resolved.status, reason: resolved.reason });
      return new Response(null, { status: resolved.status });
    }
    let mimeType = resolved.mimeType;
    let body = await readRegularFile(resolved.filePath);
    if (!body && resolved.spaRoute) {
      // A client-side route (no extension): serve the single page.
      const index = path.join(rendererRoot, 'index.html');
      body = await readRegularFile(index);
      mimeType = mimeTypeFor(index);
    }
    if (!body) return new Response(null, { status: 404 });
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: appResponseHeaders(mimeType, csp),
    });
  });
}
