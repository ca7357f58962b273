import pg from 'pg';
import type { AppEvents } from '../../shared/api/events';
import type { Credentials } from '../db/knexFactory';
import type { DatabaseTarget } from '../db/target';
import type { Logger } from '../logger';

export const CASE_CHANGES_CHANNEL = 'scrivania_instances';
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;

export interface CaseChangeListener {
  close(): Promise<void>;
}

/** Reads a notification of the instances' trigger: `{ids: [...]}` or `{bulk: true}`. */
export function parseCaseChange(payload: string | undefined): AppEvents['instances/changed'] | null {
  if (!payload) return null;
  try {
    const parsed = JSON.parse(payload) as { ids?: unknown; bulk?: unknown };
    if (parsed.bulk === true) return { ids: [], all: true };
    if (Array.isArray(parsed.ids) && parsed.ids.every((id) => Number.isSafeInteger(id))) return { ids: parsed.ids as number[] };
  } catch {
    return null;
  }
  return null;
}

/**
 * Listens, on a connection of the signed-in staff member's own, for the database's notifications
 * of changed cases (PostgreSQL LISTEN/NOTIFY, sent at commit by a trigger) and hands them on.
 * Notifications carry ids only: each workspace reads back what its role may see. Reconnects by
 * itself, with backoff, when the server goes away; a reconnection reports "everything may have
 * changed", since notifications sent meanwhile are lost.
 */
export function listenForCaseChanges(
  target: Pick<DatabaseTarget, 'host' | 'port' | 'database' | 'ssl'>,
  credentials: Credentials,
  onChange: (change: AppEvents['instances/changed']) => void,
  log: Logger,
): CaseChangeListener {
  let client: pg.Client | null = null;
  let closed = false;
  let delay = RECONNECT_MIN_MS;
  let timer: NodeJS.Timeout | null = null;
  let connectedBefore = false;

  const scheduleReconnect = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  const connect = async () => {
    const next = new pg.Client({
      host: target.host,
      port: target.port,
      database: target.database,
      user: credentials.user,
      password: credentials.password,
      ssl: target.ssl,
      application_name: 'scrivania-live',
      connectionTimeoutMillis: 5000,
      keepAlive: true,
    });
    next.on('notification', (message) => {
      const change = parseCaseChange(message.payload);
      if (change) onChange(change);
    });
    next.on('error', () => {
      if (client === next) client = null;
      void next.end().catch(() => {});
      scheduleReconnect();
    });
    next.on('end', () => {
      if (client === next) {
        client = null;
        scheduleReconnect();
      }
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CASE_CHANGES_CHANNEL}`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      delay = RECONNECT_MIN_MS;
      if (connectedBefore) onChange({ ids: [], all: true });
      connectedBefore = true;
    } catch (error) {
      log.warn(`live updates: cannot listen (${(error as Error).message}); retrying`);
      await next.end().catch(() => {});
      scheduleReconnect();
    }
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
