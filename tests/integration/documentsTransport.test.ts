import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_MB_VARIABLE } from '../../src/main/documents/settings';
import { silentLogger } from '../../src/main/logger';
import { assembleRuntime, type Runtime } from '../../src/main/runtime';
import { startWebServer, TOKEN_HEADER, type WebServer } from '../../src/main/web/server';
import { pdfBytes } from '../support/documentFixtures';
import { createEnte, createInstance, createPerson } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

const MEGABYTE = 1024 * 1024;

/** A valid PDF of exactly `size` bytes (padded after %%EOF, which readers ignore). */
function pdfOfSize(size: number): Buffer {
  const pdf = pdfBytes([`Planimetria ${crypto.randomUUID()}`]);
  return Buffer.concat([pdf, Buffer.alloc(size - pdf.length, 0x0a)]);
}

/**
 * Uploads cross browser mode's HTTP transport as base64 JSON: the upload channels accept a body as
 * large as the configured file limit needs, every other channel keeps the small one, and a file over
 * the limit is refused with the same `too_large` reason whichever layer notices.
 */
describe('documents over the browser-mode HTTP transport', () => {
  let db: TestDatabase;
  let clerk: TestStaff;
  let runtime: Runtime;
  let server: WebServer;
  let rendererDir: string;
  let cookie: string;
  let instanceId: number;
  const token = 'documents-launch-token-0123456789';
  const previousLimit = process.env[MAX_DOCUMENT_MB_VARIABLE];

  const post = (channel: string, body: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: `/api/call/${channel}`,
          headers: {
            host: `127.0.0.1:${server.port}`,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            [TOKEN_HEADER]: token,
            ...(cookie ? { cookie } : {}),
            ...headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const call = async (channel: string, input: unknown) => {
    const reply = await post(channel, JSON.stringify(input));
    return {
      status: reply.status,
      result: JSON.parse(reply.body) as { ok: boolean; data?: Record<string, unknown>; error?: Record<string, unknown> },
    };
  };

  beforeAll(async () => {
    process.env[MAX_DOCUMENT_MB_VARIABLE] = '4';
    db = await createTestDatabase('passwordChecking');
    const ente = await createEnte(db.admin);
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.edilizia] });
    const person = await createPerson(db.admin, ente.enteId, { lastName: 'Verdi', firstName: 'Anna', sex: 'F' });
    instanceId = await createInstance(db.admin, ente, {
      officeId: ente.offices.edilizia,
      procedureTypeId: ente.procedures.permesso,
      personId: person,
    });
    rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-renderer-'));
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Scrivania</title>');
    runtime = assembleRuntime({ opened: { target: db.target, close: async () => {} }, version: 'test', log: silentLogger });
    server = await startWebServer({ runtime, rendererDir, port: 0, token });
    cookie = '';
    const signIn = await post('session/signIn', JSON.stringify({ username: clerk.username, password: clerk.password }));
    cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
  });

  afterAll(async () => {
    await server.close();
    await runtime.stop();
    await db.drop();
    fs.rmSync(rendererDir, { recursive: true, force: true });
    if (previousLimit === undefined) delete process.env[MAX_DOCUMENT_MB_VARIABLE];
    else process.env[MAX_DOCUMENT_MB_VARIABLE] = previousLimit;
  });

  it('tells the renderer the configured limit and the accepted extensions', async () => {
    const { result } = await call('documents/uploadPolicy', {});
    expect(result).toMatchObject({ ok: true, data: { maxFileBytes: 4 * MEGABYTE } });
    expect(String(result.data!.accept)).toContain('.pdf');
  });

  it('uploads a 3.9 MB scan (5.2 MB of JSON) and reads the same bytes back', async () => {
    const scan = pdfOfSize(3.9 * MEGABYTE);
    const added = await call('documents/add', {
      instanceId,
      title: 'Planimetria',
      kind: 'attachment',
      filename: 'planimetria.pdf',
      contentBase64: scan.toString('base64'),
      confidential: false,
    });
    expect(added.result).toMatchObject({ ok: true, data: { currentVersion: 1 } });
    const version = (added.result.data!.versions as Array<{ id: number; sha256: string }>)[0]!;
    expect(version.sha256).toBe(crypto.createHash('sha256').update(scan).digest('hex'));

    const read = await call('documents/read', { versionId: version.id });
    expect(read.result).toMatchObject({
      ok: true,
      data: { filename: 'planimetria.pdf', contentType: 'application/pdf', size: scan.length },
    });
    expect(Buffer.from(String(read.result.data!.contentBase64), 'base64').equals(scan)).toBe(true);
  });

  it('refuses a file one byte over the limit in the service, with the too_large reason', async () => {
    const { status, result } = await call('documents/add', {
      instanceId,
      title: 'Troppo grande',
      kind: 'attachment',
      filename: 'grande.pdf',
      contentBase64: pdfOfSize(4 * MEGABYTE + 1).toString('base64'),
      confidential: false,
    });
    expect(status).toBe(200);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', reason: 'too_large' } });
  });

  it('refuses a request body beyond what the limit needs before reading it', async () => {
    const body = JSON.stringify({
      instanceId,
      title: 'x',
      kind: 'other',
      filename: 'x.pdf',
      contentBase64: 'A'.repeat(6 * MEGABYTE),
      confidential: false,
    });
    const reply = await post('documents/add', body);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'validation', reason: 'too_large' } });
    const documents = await call('documents/list', { instanceId });
    expect((documents.result.data as unknown as unknown[]).length).toBe(1);
  });

  it('keeps the small limit on channels that carry no file', async () => {
    const reply = await post(
      'instances/worklist',
      JSON.stringify({ scope: 'office', startRow: 0, endRow: 10, search: 'x'.repeat(3 * MEGABYTE) }),
    );
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { reason: 'too_large' } });
  });
});
