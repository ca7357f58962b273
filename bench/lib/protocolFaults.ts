/**
 * Faults for the protocol benchmark: the database server stopped immediately and restarted
 * mid-run, and client backends terminated (pg_terminate_backend) at intervals.
 */
import pg from 'pg';
import type { SuperuserConnection } from './database';
import { CLIENT_APPLICATION_NAME } from './protocolLoad';
import type { ProtocolBenchServer } from './protocolServer';

export interface FaultLog {
  serverCrashes: number;
  /** How long the server was down, per crash (ms). */
  downtimeMs: number[];
  backendsTerminated: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function terminateSomeClients(admin: SuperuserConnection, count: number): Promise<number> {
  const client = new pg.Client({ ...admin, application_name: 'scrivania-bench-faults' });
  try {
    await client.connect();
    const result = await client.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE application_name = $1 AND pid <> pg_backend_pid() ORDER BY random() LIMIT $2`,
      [CLIENT_APPLICATION_NAME, count],
    );
    return result.rows.filter((r) => r.terminated).length;
  } catch {
    return 0; // the server is down or restarting: this round terminates nothing
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Runs for `seconds`: kills random client backends every `terminateEveryMs`, and crashes the
 * server at 40% of the run, keeping it down for `downMs` before starting it again.
 */
export async function injectFaults(
  server: ProtocolBenchServer,
  seconds: number,
  options: { terminateEveryMs?: number; downMs?: number } = {},
): Promise<FaultLog> {
  const terminateEveryMs = options.terminateEveryMs ?? 1500;
  const downMs = options.downMs ?? 1500;
  const log: FaultLog = { serverCrashes: 0, downtimeMs: [], backendsTerminated: 0 };
  const started = Date.now();
  const end = started + seconds * 1000;
  const crashAt = started + seconds * 400;
  let crashed = false;
  while (Date.now() < end - 500) {
    if (!crashed && Date.now() >= crashAt) {
      crashed = true;
      const down = Date.now();
      await server.crash();
      log.serverCrashes += 1;
      await sleep(downMs);
      await server.restart();
      log.downtimeMs.push(Date.now() - down);
      continue;
    }
    await sleep(terminateEveryMs);
    log.backendsTerminated += await terminateSomeClients(server.admin, 3);
  }
  return log;
}
