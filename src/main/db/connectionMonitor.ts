import net from 'node:net';
import type { ConnectionState } from '../../shared/api/app';
import type { EventHub } from '../events/eventHub';
import type { Logger } from '../logger';
import type { DatabaseTarget } from './target';

/** PostgreSQL's SSLRequest: a server answers one byte, 'S' or 'N'; anything else is not a server. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** Asks the server at host:port whether it speaks PostgreSQL, without credentials. */
export function probePostgres(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write(SSL_REQUEST));
    socket.once('data', (data) => finish(data[0] === 0x53 || data[0] === 0x4e));
  });
}

export interface ConnectionMonitorTiming {
  onlineIntervalMs: number;
  offlineIntervalMs: number;
  probeTimeoutMs: number;
}

const DEFAULT_TIMING: ConnectionMonitorTiming = { onlineIntervalMs: 5000, offlineIntervalMs: 1000, probeTimeoutMs: 2000 };

/**
 * Watches whether the database server answers and tells every workspace when that changes, so the
 * UI can say "server unreachable" and recover by itself. A failed call reports at once instead of
 * waiting for the next probe.
 */
export class ConnectionMonitor {
  private current: ConnectionState = 'online';
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(
    private readonly target: DatabaseTarget,
    private readonly events: EventHub,
    private readonly log: Logger,
    private readonly timing: ConnectionMonitorTiming = DEFAULT_TIMING,
  ) {}

  get state(): ConnectionState {
    return this.current;
  }

  start(): void {
    this.stopped = false;
    void this.check();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  reportFailure(): void {
    this.set('offline');
    this.schedule(0);
  }

  async check(): Promise<ConnectionState> {
    const reachable = await probePostgres(this.target.host, this.target.port, this.timing.probeTimeoutMs);
    this.set(reachable ? 'online' : 'offline');
    this.schedule(reachable ? this.timing.onlineIntervalMs : this.timing.offlineIntervalMs);
    return this.current;
  }

  private set(state: ConnectionState): void {
    if (state === this.current) return;
    this.current = state;
    this.log.warn(`database connection ${state}`);
    this.events.publish('connection/changed', { state });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), delayMs);
    this.timer.unref();
  }
}
