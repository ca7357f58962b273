/**
 * The protocol benchmark's load: clients that register for a fixed time (the full registration
 * through `registerInstance`, or the floor in raw SQL), a fault injector, and the audit of the
 * register afterwards (numbers exactly 1..N, every acknowledged registration present).
 */
import type { Knex } from 'knex';
import pg from 'pg';
import { AppError } from '../../src/main/api/appError';
import { createKnex } from '../../src/main/db/knexFactory';
import type { DatabaseTarget } from '../../src/main/db/target';
import { registerInstance, type RegistrationRequest } from '../../src/main/protocol/registration';
import type { SuperuserConnection } from './database';
import type { BenchApplicant, BenchClerk } from './protocolSetup';

export const CLIENT_APPLICATION_NAME = 'scrivania-bench-client';

/** What a client was told: the registration it may rely on. */
export interface Acknowledged {
  externalId: string;
  instanceId: number;
  year: number;
  number: number;
}

export interface LoadResult {
  acknowledged: Acknowledged[];
  latenciesMs: number[];
  /** Failed attempts, by kind (retried when the run tolerates faults). */
  failures: Map<string, number>;
  retriesResolvedAsDuplicate: number;
  elapsedMs: number;
}

/** A tiny but real PDF, different for every registration (its own SHA-256). */
export function attachmentFor(externalId: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n` +
      `% ${externalId}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

function failureKind(error: unknown): string {
  if (error instanceof AppError) return `${error.code}:${error.reason ?? ''}`;
  const e = error as { code?: string; message?: string };
  if (e.code) return e.code;
  // knex puts the statement before the driver's message ("CALL … - Connection terminated …").
  const message = e.message ?? String(error);
  const driverMessage = message.lastIndexOf(' - ');
  return (driverMessage < 0 ? message : message.slice(driverMessage + 3)).slice(0, 60);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RegistrationLoadOptions {
  target: DatabaseTarget;
  clerks: BenchClerk[];
  procedureCodes: string[];
  seconds: number;
  /** Retry a failed registration (same submission id) until it is acknowledged or time is up. */
  retry: boolean;
  /** Distinguishes the runs' submission ids. */
  runLabel: string;
  /** Who applies (made beforehand: a run measures this process's CPU). */
  applicants: BenchApplicant[];
}

/**
 * One client per clerk, each with its own connection signed in as that clerk's role, registering
 * portal submissions (the full registration: key, applicant, PDF bytes, fascicolo, entry, case,
 * documents, history) back to back until the time is up.
 */
export async function runRegistrations(options: RegistrationLoadOptions): Promise<LoadResult> {
  const { applicants } = options;
  const acknowledged: Acknowledged[] = [];
  const latenciesMs: number[] = [];
  const failures = new Map<string, number>();
  let retriesResolvedAsDuplicate = 0;
  const pools: Knex[] = options.clerks.map((clerk) =>
    createKnex(options.target, { user: clerk.username, password: clerk.password }, { max: 1, applicationName: CLIENT_APPLICATION_NAME }),
  );
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  const client = async (index: number) => {
    const db = pools[index]!;
    for (let seq = 0; performance.now() < deadline; seq += 1) {
      const externalId = `${options.runLabel}-${index}-${seq}`;
      const request: RegistrationRequest = {
        channel: 'online',
        source: { kind: 'portal', externalId },
        procedureCode: options.procedureCodes[(index + seq) % options.procedureCodes.length]!,
        applicant: applicants[(index * 7919 + seq * 104729) % applicants.length]!,
        subject: `Istanza dal portale ${externalId}: richiesta di avvio del procedimento`,
        receivedAt: new Date().toISOString(),
        attachments: [{ filename: 'domanda.pdf', bytes: attachmentFor(externalId), title: 'Domanda', kind: 'application' }],
      };
      let attempts = 0;
      for (;;) {
        const t0 = performance.now();
        try {
          const result = await registerInstance(db, request);
          latenciesMs.push(performance.now() - t0);
          if (result.alreadyRegistered) retriesResolvedAsDuplicate += 1;
          acknowledged.push({ externalId, instanceId: result.instanceId, year: result.protocol.year, number: result.protocol.number });
          break;
        } catch (error) {
          const kind = failureKind(error);
          failures.set(kind, (failures.get(kind) ?? 0) + 1);
          attempts += 1;
          if (!options.retry || error instanceof AppError || performance.now() > deadline + 30_000) break;
          await sleep(Math.min(1000, 25 * 2 ** Math.min(attempts, 6)));
        }
      }
    }
  };

  try {
    await Promise.all(options.clerks.map((_, index) => client(index)));
  } finally {
    await Promise.all(pools.map((pool) => pool.destroy()));
  }
  return { acknowledged, latenciesMs, failures, retriesResolvedAsDuplicate, elapsedMs: performance.now() - started };
}

export interface FloorResult {
  count: number;
  elapsedMs: number;
}

/**
 * The floor: 32 clients each doing, in one round trip, a gapless counter update and one insert,
 * committed. `durability: 'sync'` commits the usual way (the counter row stays locked until the WAL
 * reaches the disk); `'flush-after'` commits the way the registration does (see
 * registration.ts): the lock is released at commit and the client waits for the disk afterwards.
 */
export async function runFloor(
  admin: SuperuserConnection,
  clients: number,
  seconds: number,
  durability: 'sync' | 'flush-after',
  registerId: number,
): Promise<FloorResult> {
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new pg.Client({ ...admin, application_name: 'scrivania-bench-floor' });
      await client.connect();
      return client;
    }),
  );
  let count = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const asynchronous = durability === 'flush-after' ? 'SET LOCAL synchronous_commit TO off;' : '';
  const statement = `BEGIN; ${asynchronous}
    WITH n AS (UPDATE bench_floor.counters SET last_number = last_number + 1 WHERE register_id = ${registerId} AND year = 2026 RETURNING last_number)
    INSERT INTO bench_floor.entries (register_id, year, number, subject) SELECT ${registerId}, 2026, last_number, 'Registrazione di prova' FROM n;
    COMMIT;`;
  try {
    await Promise.all(
      connections.map(async (client) => {
        while (performance.now() < deadline) {
          await client.query(statement);
          if (durability === 'flush-after') await client.query('SELECT scrivania.await_durable()');
          count += 1;
        }
      }),
    );
  } finally {
    await Promise.all(connections.map((client) => client.end()));
  }
  return { count, elapsedMs: performance.now() - started };
}

export interface RegisterAudit {
  entries: number;
  maxNumber: number;
  gaps: number;
  duplicates: number;
  /** Acknowledged registrations not found with the number and case the client was given. */
  lostAcknowledged: number;
  counterMatches: boolean;
}

/** Numbers must be exactly 1..N per register and year; every acknowledged registration must be there. */
export async function auditRegister(admin: Knex, registerId: number, acknowledged: Acknowledged[]): Promise<RegisterAudit> {
  const rows = (
    await admin.raw<{
      rows: Array<{ year: number; entries: string; distinct_numbers: string; max_number: number | null; last_number: number | null }>;
    }>(
      `SELECT e.year, count(*) AS entries, count(DISTINCT e.number) AS distinct_numbers, max(e.number) AS max_number,
            (SELECT c.last_number FROM scrivania.protocol_counters c WHERE c.register_id = e.register_id AND c.year = e.year) AS last_number
       FROM scrivania.protocol_entries e WHERE e.register_id = ? GROUP BY e.register_id, e.year`,
      [registerId],
    )
  ).rows;
  let entries = 0;
  let gaps = 0;
  let duplicates = 0;
  let maxNumber = 0;
  let counterMatches = true;
  for (const row of rows) {
    const count = Number(row.entries);
    const distinct = Number(row.distinct_numbers);
    const max = row.max_number ?? 0;
    entries += count;
    duplicates += count - distinct;
    gaps += max - distinct;
    maxNumber = Math.max(maxNumber, max);
    if (row.last_number !== max) counterMatches = false;
  }
  const found = new Map<string, { instance_id: string; year: number; number: number }>();
  const stored = (
    await admin.raw<{ rows: Array<{ external_ref: string; instance_id: string; year: number; number: number }> }>(
      `SELECT external_ref, instance_id, year, number FROM scrivania.protocol_entries WHERE register_id = ? AND external_ref IS NOT NULL`,
      [registerId],
    )
  ).rows;
  for (const row of stored) found.set(row.external_ref, row);
  const lostAcknowledged = acknowledged.filter((ack) => {
    const row = found.get(ack.externalId);
    return !row || Number(row.instance_id) !== ack.instanceId || row.number !== ack.number || row.year !== ack.year;
  }).length;
  return { entries, maxNumber, gaps, duplicates, lostAcknowledged, counterMatches };
}

export async function floorAudit(admin: Knex, registerId: number): Promise<{ gaps: number; duplicates: number; entries: number }> {
  const [row] = (
    await admin.raw<{ rows: Array<{ entries: string; distinct_numbers: string; max_number: number | null }> }>(
      `SELECT count(*) AS entries, count(DISTINCT number) AS distinct_numbers, max(number) AS max_number FROM bench_floor.entries WHERE register_id = ?`,
      [registerId],
    )
  ).rows;
  const entries = Number(row?.entries ?? 0);
  const distinct = Number(row?.distinct_numbers ?? 0);
  return { entries, duplicates: entries - distinct, gaps: (row?.max_number ?? 0) - distinct };
}

/**
 * What the clients' backends are doing, sampled every 100 ms while `running` is pending: the
 * profile of where a registration spends its time (CPU, a lock, the WAL, the client).
 */
export async function sampleBackends(admin: SuperuserConnection, running: Promise<unknown>): Promise<Map<string, number>> {
  const samples = new Map<string, number>();
  const client = new pg.Client({ ...admin, application_name: 'scrivania-bench-sampler' });
  await client.connect().catch(() => {});
  let done = false;
  void running.finally(() => {
    done = true;
  });
  while (!done) {
    try {
      const result = await client.query<{ what: string; n: string }>(
        `SELECT CASE WHEN state = 'idle in transaction' THEN 'client (in transaction)'
                     WHEN state = 'idle' THEN 'client (idle)'
                     ELSE coalesce(wait_event_type || ':' || wait_event, 'CPU') || ' ' ||
                          coalesce(substring(query FROM 'scrivania\\.[a-z_]+'), split_part(regexp_replace(query, '\\s+', ' ', 'g'), '(', 1)) END AS what,
                count(*) AS n
           FROM pg_stat_activity WHERE application_name = $1 GROUP BY 1`,
        [CLIENT_APPLICATION_NAME],
      );
      for (const row of result.rows) samples.set(row.what.slice(0, 90), (samples.get(row.what.slice(0, 90)) ?? 0) + Number(row.n));
    } catch {
      // the server is down: nothing to sample
    }
    await sleep(100);
  }
  await client.end().catch(() => {});
  return samples;
}
