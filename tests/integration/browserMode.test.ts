import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/main/logger';
import { assembleRuntime, type Runtime } from '../../src/main/runtime';
import { startWebServer, TOKEN_HEADER, type WebServer } from '../../src/main/web/server';
import { createEnte } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

/** Browser mode serves the same dispatcher over HTTP; these are its guards, tested over real sockets. */
describe('browser mode HTTP transport', () => {
  let db: TestDatabase;
  let clerk: TestStaff;
  let runtime: Runtime;
  let server: WebServer;
  let rendererDir: string;
  const token = 'test-launch-token-0123456789';

  const call = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    request(server.port, {
      method: 'POST',
      path: `/api/call/${channel}`,
      headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', [TOKEN_HEADER]: token, ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    db = await createTestDatabase('passwordChecking');
    const ente = await createEnte(db.admin);
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-renderer-'));
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Scrivania</title>');
    fs.writeFileSync(path.join(os.tmpdir(), 'scv-secret.txt'), 'segreto');
    runtime = assembleRuntime({ opened: { target: db.target, close: async () => {} }, version: 'test', log: silentLogger });
    server = await startWebServer({ runtime, rendererDir, port: 0, token });
  });

  afterAll(async () => {
    await server.close();
    await db.drop();
    fs.rmSync(rendererDir, { recursive: true, force: true });
  });

  it('listens on loopback only and hands out a launch URL with the token in the fragment', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.launchUrl).toBe(`${server.url}#token=${token}`);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const reply = await call('app/info', {}, { host: 'attacker.example:80' });
    expect(reply.status).toBe(421);
  });

  it('refuses API calls without the launch token, or with a wrong one', async () => {
    expect((await call('app/info', {}, { [TOKEN_HEADER]: '' })).status).toBe(401);
    expect((await call('app/info', {}, { [TOKEN_HEADER]: 'x'.repeat(token.length) })).status).toBe(401);
  });

  it('refuses calls from another origin', async () => {
    expect((await call('app/info', {}, { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('answers typed errors for unknown channels and invalid input', async () => {
    expect(JSON.parse((await call('nope/nothing', {})).body)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const invalid = JSON.parse((await call('session/signIn', { username: 'X', password: '' })).body);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(invalid.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['password', 'username']);
    expect(JSON.stringify(invalid)).not.toMatch(/at .*\.ts/);
  });

  it('signs in into an HttpOnly SameSite=Strict cookie session, which later calls carry', async () => {
    const signIn = await call('session/signIn', { username: clerk.username, password: clerk.password });
    expect(JSON.parse(signIn.body)).toMatchObject({ ok: true, data: { username: clerk.username } });
    const cookie = String(signIn.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const sessionCookie = cookie.split(';')[0]!;
    const withCookie = JSON.parse((await call('session/current', {}, { cookie: sessionCookie })).body);
    expect(withCookie).toMatchObject({ ok: true, data: { username: clerk.username } });
    const withoutCookie = JSON.parse((await call('instances/worklist', { scope: 'mine', startRow: 0, endRow: 10 })).body);
    expect(withoutCookie).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('serves the renderer with its security headers, and nothing outside its folder', async () => {
    const index = await request(server.port, { path: '/', headers: { host: `127.0.0.1:${server.port}` } });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    for (const attempt of ['/../scv-secret.txt', '/%2e%2e/scv-secret.txt', '/..%2fscv-secret.txt']) {
      const reply = await request(server.port, { path: attempt, headers: { host: `127.0.0.1:${server.port}` } });
      expect(reply.body, attempt).not.toContain('segreto');
    }
  });

  it('pushes events to the browser as Server-Sent Events', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${token}`, headers: { host: `127.0.0.1:${server.port}` } }, (res) => {
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          if (buffer.includes(': connected')) runtime.events.publish('connection/changed', { state: 'offline' });
          const match = /data: (.*)\n\n/.exec(buffer);
          if (match) {
            req.destroy();
            resolve(match[1]!);
          }
        });
      });
      req.on('error', reject);
    });
    expect(JSON.parse(received)).toEqual({ event: 'connection/changed', payload: { state: 'offline' } });
  });
});
