/**
 * React side of the API: application info, connection state, the session, pushed events and a
 * small hook for one-shot calls. Providers are nested once in App.tsx.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { AppInfo, ConnectionState } from '../../shared/api/app';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/api/contract';
import type { ApiError, ApiResult } from '../../shared/api/errors';
import type { AppEventName, AppEvents } from '../../shared/api/events';
import type { SessionInfo } from '../../shared/api/session';
import { call, getBridge, onUnauthenticated } from './client';

// ---------------------------------------------------------------------------------------------
// Pushed events

/** Calls `handler` for every `event` pushed by main while the component is mounted. */
export function useAppEvent<E extends AppEventName>(event: E, handler: (payload: AppEvents[E]) => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(
    () =>
      getBridge().subscribe((message) => {
        if (message.event === event) latest.current(message.payload as AppEvents[E]);
      }),
    [event],
  );
}

// ---------------------------------------------------------------------------------------------
// Application info and connection state

interface AppInfoValue {
  info: AppInfo | null;
  /** Set when app/info could not be read (typically: the server is not reachable). */
  error: ApiError | null;
  reload(): Promise<void>;
}

interface ConnectionValue {
  state: ConnectionState;
  /** Increments each time the connection comes back: grids refresh when it changes. */
  restoredCount: number;
}

const AppInfoContext = createContext<AppInfoValue | null>(null);
const ConnectionContext = createContext<ConnectionValue | null>(null);

export function AppInfoProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [connection, setConnection] = useState<ConnectionValue>({ state: 'online', restoredCount: 0 });

  const applyState = useCallback((state: ConnectionState) => {
    setConnection((previous) =>
      previous.state === state
        ? previous
        : { state, restoredCount: state === 'online' ? previous.restoredCount + 1 : previous.restoredCount },
    );
  }, []);

  const applyResult = useCallback(
    (result: ApiResult<AppInfo>) => {
      if (result.ok) {
        setInfo(result.data);
        setError(null);
        applyState(result.data.connection);
      } else {
        setError(result.error);
        if (result.error.code === 'unavailable') applyState('offline');
      }
    },
    [applyState],
  );

  const reload = useCallback(async () => applyResult(await call('app/info', {})), [applyResult]);

  useEffect(() => {
    let cancelled = false;
    void call('app/info', {}).then((result) => {
      if (!cancelled) applyResult(result);
    });
    return () => {
      cancelled = true;
    };
  }, [applyResult]);

  useAppEvent('connection/changed', ({ state }) => {
    applyState(state);
    // The first answer may have been lost while the server was gone: read it again on the way back.
    if (state === 'online' && !info) void reload();
  });

  const infoValue = useMemo(() => ({ info, error, reload }), [info, error, reload]);
  return (
    <AppInfoContext.Provider value={infoValue}>
      <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>
    </AppInfoContext.Provider>
  );
}

export function useAppInfo(): AppInfoValue {
  const value = useContext(AppInfoContext);
  if (!value) throw new Error('useAppInfo must be used inside <AppInfoProvider>');
  return value;
}

export function useConnection(): ConnectionValue {
  const value = useContext(ConnectionContext);
  if (!value) throw new Error('useConnection must be used inside <AppInfoProvider>');
  return value;
}

export function useConnectionState(): ConnectionState {
  return useConnection().state;
}

// ---------------------------------------------------------------------------------------------
// Session

export type SessionStatus =
  | { kind: 'loading' }
  | { kind: 'signedOut'; reason: 'start' | 'signedOut' | 'expired'; error: ApiError | null }
  | { kind: 'signedIn'; session: SessionInfo };

interface SessionValue {
  status: SessionStatus;
  session: SessionInfo | null;
  signIn(username: string, password: string): Promise<ApiResult<SessionInfo>>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>({ kind: 'loading' });

  useEffect(() => {
    let cancelled = false;
    void call('session/current', {}).then((result) => {
      if (cancelled) return;
      if (result.ok && result.data) setStatus({ kind: 'signedIn', session: result.data });
      else setStatus({ kind: 'signedOut', reason: 'start', error: result.ok ? null : result.error });
    });
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(
    () =>
      onUnauthenticated(() =>
        setStatus((current) => (current.kind === 'signedIn' ? { kind: 'signedOut', reason: 'expired', error: null } : current)),
      ),
    [],
  );

  const signIn = useCallback(async (username: string, password: string) => {
    const result = await call('session/signIn', { username, password });
    if (result.ok) setStatus({ kind: 'signedIn', session: result.data });
    return result;
  }, []);

  const signOut = useCallback(async () => {
    // Leave the workspace whatever the answer: an unreachable server must not keep a clerk signed in here.
    await call('session/signOut', {});
    setStatus({ kind: 'signedOut', reason: 'signedOut', error: null });
  }, []);

  const value = useMemo<SessionValue>(
    () => ({ status, session: status.kind === 'signedIn' ? status.session : null, signIn, signOut }),
    [status, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

// ---------------------------------------------------------------------------------------------
// One-shot calls

export interface CallState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): Promise<void>;
}

/**
 * Calls `channel` on mount and whenever `key` changes; `reload()` calls again. The last answer is
 * kept while a new one is on its way, so a grid does not flash empty.
 */
export function useCall<C extends Channel>(channel: C, input: ChannelInput<C>, key = ''): CallState<ChannelOutput<C>> {
  const [state, setState] = useState<{ data: ChannelOutput<C> | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const inputRef = useRef(input);
  useEffect(() => {
    inputRef.current = input;
  });
  const sequence = useRef(0);

  const run = useCallback(
    async (mine: number) => {
      const result = await call(channel, inputRef.current);
      if (mine !== sequence.current) return; // a newer call was made meanwhile
      setState((previous) =>
        result.ok ? { data: result.data, error: null, loading: false } : { data: previous.data, error: result.error, loading: false },
      );
    },
    [channel],
  );

  useEffect(() => {
    void run(++sequence.current);
  }, [run, key]);

  const reload = useCallback(async () => {
    setState((previous) => ({ ...previous, loading: true }));
    await run(++sequence.current);
  }, [run]);

  return { ...state, reload };
}
