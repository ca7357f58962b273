import { describe, expect, it } from 'vitest';
import type { PreloadBridge } from '../../../src/shared/api/client';
import type { AppEventMessage } from '../../../src/shared/api/events';
import { readLaunchToken, TOKEN_STORAGE_KEY } from '../../../src/renderer/api/launchToken';
import { chooseBridge, createHttpBridge, createIpcBridge, type EventStream } from '../../../src/renderer/api/transport';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('HTTP bridge (browser mode)', () => {
  it('POSTs JSON to /api/call/<channel> with the token header and same-origin credentials', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const bridge = createHttpBridge({
      token: 'tok',
      fetch: async (url, init) => {
        seen.push({ url: String(url), init: init ?? {} });
        return jsonResponse(200, { ok: true, data: { version: '1' } });
      },
    });
    const result = await bridge.call('app/info', {});
    expect(result).toEqual({ ok: true, data: { version: '1' } });
    expect(seen[0]?.url).toBe('/api/call/app%2Finfo');
    expect(seen[0]?.init.method).toBe('POST');
    expect(seen[0]?.init.credentials).toBe('same-origin');
    expect((seen[0]?.init.headers as Record<string, string>)['x-scrivania-token']).toBe('tok');
    expect(seen[0]?.init.body).toBe('{}');
  });

  it('a failure of fetch itself (server process gone) is an unavailable error, not an exception', async () => {
    const bridge = createHttpBridge({
      token: 'tok',
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const result = await bridge.call('session/current', {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('unavailable');
  });

  it('API errors pass through; a refused token and garbage answers become typed errors', async () => {
    const answers: Response[] = [
      jsonResponse(200, { ok: false, error: { code: 'wrong_credentials', message: 'x' } }),
      jsonResponse(401, { error: 'token' }),
      new Response('<html>bad gateway</html>', { status: 502 }),
      jsonResponse(200, { hello: 'world' }),
    ];
    const bridge = createHttpBridge({ token: 'tok', fetch: async () => answers.shift()! });
    const codes = [];
    for (let i = 0; i < 4; i++) {
      const result = await bridge.call('session/signIn', { username: 'mario.rossi', password: 'x' });
      codes.push(result.ok ? 'ok' : `${result.error.code}${result.error.reason ? `:${result.error.reason}` : ''}`);
    }
    expect(codes).toEqual(['wrong_credentials', 'forbidden:launch_token', 'unavailable', 'internal']);
  });

  it('without a launch token it does not call at all', async () => {
    let called = false;
    const bridge = createHttpBridge({ token: null, fetch: async () => ((called = true), jsonResponse(200, {})) });
    const result = await bridge.call('app/info', {});
    expect(called).toBe(false);
    expect(!result.ok && result.error.reason).toBe('launch_token');
  });

  it('events arrive over SSE; a broken stream is reported as offline, a reopened one asks for the real state', async () => {
    const streams: (EventStream & { url: string })[] = [];
    const bridge = createHttpBridge({
      token: 'tok',
      fetch: async () => jsonResponse(200, { ok: true, data: { connection: 'online' } }),
      openStream: (url) => {
        const stream = { url, onopen: null, onmessage: null, onerror: null, readyState: 1, close() {} } as EventStream & { url: string };
        streams.push(stream);
        return stream;
      },
    });
    const received: AppEventMessage[] = [];
    const unsubscribe = bridge.subscribe((message) => received.push(message));
    expect(streams[0]?.url).toBe('/api/events?token=tok');
    const stream = streams[0]!;
    stream.onmessage?.({ data: JSON.stringify({ event: 'instances/changed', payload: { ids: [1] } }) } as MessageEvent<string>);
    stream.onmessage?.({ data: 'not json' } as MessageEvent<string>);
    stream.onerror?.(new Event('error'));
    stream.onopen?.(new Event('open'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(received).toEqual([
      { event: 'instances/changed', payload: { ids: [1] } },
      { event: 'connection/changed', payload: { state: 'offline' } },
      { event: 'connection/changed', payload: { state: 'online' } },
    ]);
    unsubscribe();
  });
});

describe('IPC bridge (Electron) and the choice between the two', () => {
  it('wraps the preload and never rejects', async () => {
    const preload: PreloadBridge = {
      call: async (channel) => {
        if (channel === 'app/info') return { ok: true, data: 42 };
        throw new Error('main went away');
      },
      subscribe: (listener) => {
        listener({ event: 'connection/changed', payload: { state: 'offline' } });
        listener({ event: 'not/an/event', payload: {} });
        return () => {};
      },
    };
    const bridge = createIpcBridge(preload);
    expect(await bridge.call('app/info', {})).toEqual({ ok: true, data: 42 });
    const failed = await bridge.call('session/current', {});
    expect(!failed.ok && failed.error.code).toBe('internal');
    const events: AppEventMessage[] = [];
    bridge.subscribe((message) => events.push(message));
    expect(events).toEqual([{ event: 'connection/changed', payload: { state: 'offline' } }]);
  });

  it('uses IPC when window.scrivania exists, HTTP otherwise', async () => {
    const preload: PreloadBridge = { call: async () => ({ ok: true, data: 'ipc' }), subscribe: () => () => {} };
    const viaIpc = chooseBridge({ scrivania: preload }, () => ({ token: 't', fetch: async () => jsonResponse(200, { ok: true, data: 'http' }) }));
    const viaHttp = chooseBridge({}, () => ({ token: 't', fetch: async () => jsonResponse(200, { ok: true, data: 'http' }) }));
    expect(await viaIpc.call('app/info', {})).toEqual({ ok: true, data: 'ipc' });
    expect(await viaHttp.call('app/info', {})).toEqual({ ok: true, data: 'http' });
  });
});

describe('launch token', () => {
  function environment(hash: string, stored: string | null = null) {
    const storage = new Map<string, string>(stored ? [[TOKEN_STORAGE_KEY, stored]] : []);
    const replaced: string[] = [];
    return {
      replaced,
      storage,
      env: {
        location: { hash, pathname: '/', search: '' },
        history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
        storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
      },
    };
  }

  it('reads #token=…, keeps it in sessionStorage and removes it from the address bar', () => {
    const e = environment('#token=abc123');
    expect(readLaunchToken(e.env)).toBe('abc123');
    expect(e.storage.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(e.replaced).toEqual(['/']);
  });

  it('after a reload (no fragment) the stored token is used', () => {
    const e = environment('', 'kept');
    expect(readLaunchToken(e.env)).toBe('kept');
    expect(e.replaced).toEqual([]);
  });
});
