import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_HOST, APP_SCHEME } from '../electron/trustedSender';
import { appResponseHeaders, resolveAppRequest } from '../electron/appProtocol';
import { contentSecurityPolicy } from '../electron/contentSecurityPolicy';
import type { SessionSlot } from '../api/handlers';
import { DOCUMENT_UPLOAD_CHANNELS } from '../../shared/api/documents';
import { uploadRequestBodyLimit } from '../documents/settings';
import type { Runtime } from '../runtime';
import type { Session } from '../session/session';

export const TOKEN_HEADER = 'x-scrivania-token';
const SESSION_COOKIE = 'scv_session';
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const UPLOAD_CHANNELS: ReadonlySet<string> = new Set(DOCUMENT_UPLOAD_CHANNELS);

export interface WebServerOptions {
  runtime: Runtime;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string;
}

export interface WebServer {
  url: string;
  /** The URL to open: carries the launch token in the fragment, which never reaches a server log. */
  launchUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

function readCookie(request: http.IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  response.end(JSON.stringify(body));
}

function readBody(request: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error('body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * Browser mode: the same dispatcher as the Electron IPC, over HTTP on 127.0.0.1 only. Guards:
 * the Host header must name this loopback server (no DNS rebinding), every API request carries the
 * per-launch token (other local pages and processes cannot call it), state-changing requests must
 * come from this origin, and the signed-in session lives in an HttpOnly, SameSite=Strict cookie.
 * Sign-in is still the database's: this server holds no credentials of its own.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const sessions = new Map<string, Session>();
  const csp = contentSecurityPolicy();
  // Uploads carry a whole file as base64: their channels allow the configured file size, the rest 2 MB.
  const uploadBodyBytes = uploadRequestBodyLimit();
  const bodyLimit = (channel: string) => (UPLOAD_CHANNELS.has(channel) ? uploadBodyBytes : MAX_BODY_BYTES);
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const slotFor = (request: http.IncomingMessage, response: http.ServerResponse): SessionSlot => {
    let id = readCookie(request, SESSION_COOKIE);
    return {
      get: () => (id ? (sessions.get(id) ?? null) : null),
      set: (session) => {
        if (id) sessions.delete(id);
        if (!session) {
          response.setHeader('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
          id = null;
          return;
        }
        id = crypto.randomBytes(24).toString('base64url');
        sessions.set(id, session);
        response.setHeader('set-cookie', `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict`);
      },
    };
  };

  const handleApi = async (request: http.IncomingMessage, response: http.ServerResponse, channel: string) => {
    if (request.method !== 'POST') return sendJson(response, 405, { error: 'method' });
    const origin = request.headers.origin;
    if (origin && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) return sendJson(response, 403, { error: 'origin' });
    const presented = request.headers[TOKEN_HEADER];
    if (typeof presented !== 'string' || !safeEqual(presented, token)) return sendJson(response, 401, { error: 'token' });
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return sendJson(response, 415, { error: 'content-type' });
    const maxBytes = bodyLimit(channel);
    if (Number(request.headers['content-length'] ?? 0) > maxBytes) {
      const tooLarge = { ok: false, error: { code: 'validation', message: 'Request too large', reason: 'too_large' } };
      return sendJson(response, 413, tooLarge, { connection: 'close' });
    }
    let input: unknown;
    try {
      const body = await readBody(request, maxBytes);
      input = body ? JSON.parse(body) : {};
    } catch {
      return sendJson(response, 200, { ok: false, error: { code: 'validation', message: 'Malformed request body' } });
    }
    const result = await options.runtime.call(channel, input, slotFor(request, response));
    sendJson(response, 200, result);
  };

  const handleEvents = (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => {
    const presented = url.searchParams.get('token') ?? '';
    if (!safeEqual(presented, token)) return sendJson(response, 401, { error: 'token' });
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    const unsubscribe = options.runtime.events.subscribe((message) => {
      response.write(`data: ${JSON.stringify(message)}\n\n`);
    });
    const heartbeat = setInterval(() => response.write(': ping\n\n'), 15000);
    request.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  };

  const handleStatic = (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { error: 'method' });
    let resolved = resolveAppRequest(`${APP_SCHEME}://${APP_HOST}${url.pathname}`, options.rendererDir);
    if (resolved.ok && resolved.spaRoute) resolved = resolveAppRequest(`${APP_SCHEME}://${APP_HOST}/index.html`, options.rendererDir);
    if (!resolved.ok) return sendJson(response, resolved.status, { error: resolved.reason });
    fs.readFile(resolved.filePath, (error, content) => {
      if (error) return sendJson(response, 404, { error: 'not found' });
      response.writeHead(200, appResponseHeaders(resolved.mimeType, csp));
      response.end(request.method === 'HEAD' ? undefined : content);
    });
  };

  const server = http.createServer((request, response) => {
    if (!allowedHosts().has(request.headers.host ?? '')) return sendJson(response, 421, { error: 'host' });
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    if (url.pathname.startsWith('/api/call/')) {
      handleApi(request, response, decodeURIComponent(url.pathname.slice('/api/call/'.length))).catch((error: unknown) => {
        options.runtime.log.error('browser-mode request failed', error);
        if (!response.headersSent) sendJson(response, 500, { ok: false, error: { code: 'internal', message: 'Unexpected error' } });
      });
      return;
    }
    if (url.pathname === '/api/events') return handleEvents(request, response, url);
    return handleStatic(request, response, url);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    launchUrl: `${url}#token=${token}`,
    port,
    token,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...sessions.values()].map((session) => session.close()));
      sessions.clear();
    },
  };
}
