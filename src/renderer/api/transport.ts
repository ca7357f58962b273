/**
 * The two transports behind the one typed `ScrivaniaBridge`:
 * - IPC, when the preload exposed `window.scrivania` (Electron);
 * - HTTP, otherwise (browser mode): POST /api/call/<channel> with the launch token in a header and
 *   the session in an HttpOnly cookie; pushed events over Server-Sent Events.
 * Neither ever throws or rejects: a failure of the transport itself (server process gone, network
 * error, timeout) resolves to an `unavailable` error like any other API error.
 */
import type { ConnectionState } from '../../shared/api/app';
import type { PreloadBridge, ScrivaniaBridge } from '../../shared/api/client';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/errors';
import type { AppEventMessage } from '../../shared/api/events';
import { failure, isAppEventMessage, toApiResult } from './results';

export const TOKEN_HEADER = 'x-scrivania-token';
const CALL_TIMEOUT_MS = 60_000;
const STREAM_RETRY_MS = 3_000;

type Listener = (message: AppEventMessage) => void;

/** Typed facade over an untyped `call` (the contract is enforced by main's validation anyway). */
function typedCall(raw: (channel: string, input: unknown) => Promise<ApiResult<unknown>>): ScrivaniaBridge['call'] {
  return <C extends Channel>(channel: C, input: ChannelInput<C>) =>
    raw(channel, input) as Promise<ApiResult<ChannelOutput<C>>>;
}

// ---------------------------------------------------------------------------------------------
// IPC (Electron)

export function createIpcBridge(preload: PreloadBridge): ScrivaniaBridge {
  return {
    call: typedCall(async (channel, input) => {
      try {
        return toApiResult(await preload.call(channel, input ?? {}));
      } catch {
        // invoke() rejects only when main did not answer at all (handler crash, process going away).
        return failure('internal', 'IPC call failed');
      }
    }),
    subscribe(listener) {
      return preload.subscribe((message) => {
        if (isAppEventMessage(message)) listener(message);
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP (browser mode)

/** The part of EventSource the bridge uses (injectable for tests). */
export interface EventStream {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent<string>) => void) | null;
  onerror: ((event: Event) => void) | null;
  readonly readyState: number;
  close(): void;
}

export interface HttpBridgeOptions {
  token: string | null;
  fetch?: typeof fetch;
  openStream?: (url: string) => EventStream;
  /** Prefix for the API paths; '' = same origin as the page. */
  baseUrl?: string;
  timeoutMs?: number;
}

const STREAM_CLOSED = 2;

export function createHttpBridge(options: HttpBridgeOptions): ScrivaniaBridge {
  const doFetch = options.fetch ?? ((input, init) => window.fetch(input, init));
  const openStream = options.openStream ?? ((url: string) => new EventSource(url) as unknown as EventStream);
  const baseUrl = options.baseUrl ?? '';
  const timeoutMs = options.timeoutMs ?? CALL_TIMEOUT_MS;
  const listeners = new Set<Listener>();

  const rawCall = async (channel: string, input: unknown): Promise<ApiResult<unknown>> => {
    if (!options.token) return failure('forbidden', 'No launch token', 'launch_token');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/api/call/${encodeURIComponent(channel)}`, {
        method: 'POST',
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: options.token },
        body: JSON.stringify(input ?? {}),
        signal: controller.signal,
      });
    } catch {
      // fetch itself failed: connection refused (server process gone), network down, or timeout.
      return failure('unavailable', 'Server not reachable');
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 401) return failure('forbidden', 'Launch token refused', 'launch_token');
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      // A gateway between us and the server, or the server dying mid-answer.
      return response.status >= 500 || response.status === 0
        ? failure('unavailable', `HTTP ${response.status}`)
        : failure('internal', `HTTP ${response.status}`);
    }
    return toApiResult(body);
  };

  // Server-Sent Events: one stream while anyone listens. When the stream breaks (the server process
  // is gone) the workspace is told it is offline; when it reopens, the real state is asked for.
  let stream: EventStream | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let broken = false;

  const emit = (message: AppEventMessage) => {
    for (const listener of [...listeners]) listener(message);
  };
  const emitConnection = (state: ConnectionState) => emit({ event: 'connection/changed', payload: { state } });

  const closeStream = () => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    stream?.close();
    stream = null;
  };

  const ensureStream = () => {
    if (stream || !options.token || listeners.size === 0) return;
    const current = openStream(`${baseUrl}/api/events?token=${encodeURIComponent(options.token)}`);
    stream = current;
    current.onopen = () => {
      if (!broken) return;
      broken = false;
      void rawCall('app/info', {}).then((result) => {
        const info = result.ok ? (result.data as { connection?: ConnectionState }) : null;
        emitConnection(info?.connection === 'offline' || !result.ok ? 'offline' : 'online');
      });
    };
    current.onmessage = (event) => {
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (isAppEventMessage(message)) emit(message);
    };
    current.onerror = () => {
      if (!broken) {
        broken = true;
        emitConnection('offline');
      }
      // EventSource retries by itself unless the server answered with an error status (CLOSED).
      if (current.readyState === STREAM_CLOSED && stream === current) {
        stream = null;
        retryTimer = setTimeout(() => {
          retryTimer = null;
          ensureStream();
        }, STREAM_RETRY_MS);
      }
    };
  };

  return {
    call: typedCall(rawCall),
    subscribe(listener) {
      listeners.add(listener);
      ensureStream();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) closeStream();
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** IPC inside Electron (the preload exposed `window.scrivania`), HTTP everywhere else. */
export function chooseBridge(scope: { scrivania?: PreloadBridge }, httpOptions: () => HttpBridgeOptions): ScrivaniaBridge {
  const preload = scope.scrivania;
  if (preload && typeof preload.call === 'function' && typeof preload.subscribe === 'function') {
    return createIpcBridge(preload);
  }
  return createHttpBridge(httpOptions());
}
