import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionMonitor, probePostgres } from '../../../src/main/db/connectionMonitor';
import type { DatabaseTarget } from '../../../src/main/db/target';
import { EventHub } from '../../../src/main/events/eventHub';
import { silentLogger } from '../../../src/main/logger';
import type { AppEventMessage } from '../../../src/shared/api/events';

/** A stand-in that answers PostgreSQL's SSLRequest like a server without TLS ('N'). */
async function fakePostgres(port = 0): Promise<net.Server> {
  const server = net.createServer((socket) => socket.once('data', () => socket.end('N')));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;
const targetAt = (port: number): DatabaseTarget => ({
  description: { kind: 'central', host: '127.0.0.1', port, database: 'scrivania' },
  host: '127.0.0.1',
  port,
  database: 'scrivania',
  ssl: false,
});

describe('the database connection monitor', () => {
  const servers: net.Server[] = [];
  const monitors: ConnectionMonitor[] = [];
  afterEach(() => {
    monitors.forEach((m) => m.stop());
    servers.forEach((s) => s.close());
  });

  it('recognises a PostgreSQL server and refuses anything else', async () => {
    const pgLike = await fakePostgres();
    servers.push(pgLike);
    const http = net.createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    servers.push(http);
    expect(await probePostgres('127.0.0.1', portOf(pgLike), 1000)).toBe(true);
    expect(await probePostgres('127.0.0.1', portOf(http), 1000)).toBe(false);
    expect(await probePostgres('127.0.0.1', 1, 1000)).toBe(false);
  });

  it('announces when the server goes away and when it is back', async () => {
    const server = await fakePostgres();
    const port = portOf(server);
    const events = new EventHub();
    const seen: AppEventMessage[] = [];
    events.subscribe((message) => seen.push(message));
    const monitor = new ConnectionMonitor(targetAt(port), events, silentLogger, { onlineIntervalMs: 50, offlineIntervalMs: 50, probeTimeoutMs: 200 });
    monitors.push(monitor);
    monitor.start();
    expect(await monitor.check()).toBe('online');

    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect.poll(() => monitor.state, { timeout: 3000 }).toBe('offline');

    servers.push(await fakePostgres(port));
    await expect.poll(() => monitor.state, { timeout: 3000 }).toBe('online');
    expect(seen.map((m) => m.event === 'connection/changed' && m.payload.state)).toEqual(['offline', 'online']);
  });
});
