/**
 * Times worklist pages through the handler layer (`runtime.call`: zod validation, dispatcher,
 * session, knex, row mapping) and the very same SQL run raw on a plain pg.Client signed in as the
 * same staff role (so row-level security applies equally). Handler and raw runs alternate so that
 * neither benefits from running second.
 */
import type { EventEmitter } from 'node:events';
import pg from 'pg';
import type { SessionSlot } from '../../src/main/api/handlers';
import type { Runtime } from '../../src/main/runtime';
import type { Session } from '../../src/main/session/session';
import type { WorklistPage, WorklistQueryInput } from '../../src/shared/api/instances';
import type { SessionInfo } from '../../src/shared/api/session';
import { DEEP_CURSOR_BLOCK, DEEP_OFFSET_ROW, PAGE_SIZE, pageInput, type PageKind, type Shape } from './cases';

export interface Viewer {
  label: string;
  username: string;
  info: SessionInfo;
  runtime: Runtime;
  slot: SessionSlot & { session: Session | null };
  /** Two plain connections as the same role: the page query and, on first blocks, the count. */
  raw: [pg.Client, pg.Client];
}

export interface Statement {
  sql: string;
  bindings: unknown[];
}

export interface PageResult {
  shape: Shape;
  kind: PageKind;
  viewer: string;
  /** Rows matching (the count of the first block), and whether more match (the count is capped). */
  total: number;
  totalIsLowerBound: boolean;
  rows: number;
  statements: Statement[];
  handler: number[];
  raw: number[];
  /** Raw time of each statement (page query, then count query on the first block). */
  rawByStatement: number[][];
  skipped?: string;
}

export class BenchError extends Error {
  override name = 'BenchError';
}

export async function callWorklist(viewer: Viewer, input: WorklistQueryInput): Promise<WorklistPage> {
  const result = await viewer.runtime.call('instances/worklist', input, viewer.slot);
  if (!result.ok) throw new BenchError(`instances/worklist failed: ${JSON.stringify(result.error)} for ${JSON.stringify(input)}`);
  return result.data as WorklistPage;
}

/** One handler call with the SQL knex sends for it captured from the session's knex 'query' events. */
async function captureCall(viewer: Viewer, input: WorklistQueryInput): Promise<{ page: WorklistPage; statements: Statement[] }> {
  const session = viewer.slot.session;
  if (!session) throw new BenchError(`${viewer.username} is not signed in`);
  const emitter = session.db as unknown as EventEmitter;
  const statements: Statement[] = [];
  const listener = (query: { sql: string; bindings?: unknown[] }) => statements.push({ sql: query.sql, bindings: query.bindings ?? [] });
  emitter.on('query', listener);
  try {
    const page = await callWorklist(viewer, input);
    // The count runs alongside the page query: put it second whichever was sent first.
    const isCount = (statement: Statement) => /^select count\(\*\)/i.test(statement.sql.trim());
    statements.sort((a, b) => Number(isCount(a)) - Number(isCount(b)));
    return { page, statements };
  } finally {
    emitter.removeListener('query', listener);
  }
}

async function timeHandler(viewer: Viewer, input: WorklistQueryInput): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  const result = await viewer.runtime.call('instances/worklist', input, viewer.slot);
  const elapsed = performance.now() - started;
  if (!result.ok) throw new BenchError(`instances/worklist failed: ${JSON.stringify(result.error)}`);
  return { ms: elapsed, rows: (result.data as WorklistPage).rows.length };
}

/**
 * The captured statements run raw as the handler runs them: the page query, and on a first block
 * the count alongside it on a second connection (the handler reads both at once from its pool).
 */
async function timeRaw(clients: readonly pg.Client[], statements: Statement[]): Promise<{ ms: number; each: number[]; rows: number }> {
  const started = performance.now();
  const timed = await Promise.all(
    statements.map(async (statement, i) => {
      const client = clients[i % clients.length] as pg.Client;
      const t = performance.now();
      const result = await client.query(statement.sql, statement.bindings);
      return { ms: performance.now() - t, rows: result.rowCount ?? result.rows.length };
    }),
  );
  return { ms: performance.now() - started, each: timed.map((t) => t.ms), rows: timed[0]?.rows ?? -1 };
}

export interface MeasureOptions {
  reps: number;
  warmup: number;
}

/**
 * The input of one page kind for a shape, found by untimed calls: the next block by the first
 * block's cursor, the deep keyset block by walking the cursor chain, the deep OFFSET block only when
 * the result is that big.
 */
async function inputFor(viewer: Viewer, shape: Shape, kind: PageKind, first: WorklistPage): Promise<WorklistQueryInput | string> {
  const total = first.total ?? 0;
  switch (kind) {
    case 'first':
      return pageInput(shape, 0, null);
    case 'next':
      if (!first.nextCursor) return `${total} rows`;
      return pageInput(shape, PAGE_SIZE, first.nextCursor);
    case 'deep-cursor': {
      // Walked, not decided on `total`: a capped count would only be a lower bound.
      const deepRow = (DEEP_CURSOR_BLOCK - 1) * PAGE_SIZE;
      let cursor = first.nextCursor;
      for (let block = 1; block < DEEP_CURSOR_BLOCK - 1 && cursor; block++) {
        cursor = (await callWorklist(viewer, pageInput(shape, block * PAGE_SIZE, cursor))).nextCursor;
      }
      return cursor ? pageInput(shape, deepRow, cursor) : `${total} rows`;
    }
    case 'deep-offset': {
      const input = pageInput(shape, DEEP_OFFSET_ROW, null);
      return (await callWorklist(viewer, input)).rows.length > 0 ? input : `${total} rows`;
    }
  }
}

export async function measureShape(
  viewer: Viewer,
  shape: Shape,
  kinds: readonly PageKind[],
  options: MeasureOptions,
): Promise<PageResult[]> {
  const first = await callWorklist(viewer, pageInput(shape, 0, null));
  const total = first.total ?? 0;
  const results: PageResult[] = [];
  for (const kind of kinds) {
    const base = {
      shape,
      kind,
      viewer: viewer.label,
      total,
      totalIsLowerBound: first.totalIsLowerBound,
      rows: 0,
      statements: [],
      handler: [],
      raw: [],
      rawByStatement: [],
    };
    const input = await inputFor(viewer, shape, kind, first);
    if (typeof input === 'string') {
      results.push({ ...base, skipped: input });
      continue;
    }
    const { page, statements } = await captureCall(viewer, input);
    const result: PageResult = { ...base, rows: page.rows.length, statements };
    for (let i = 0; i < options.warmup; i++) {
      await timeHandler(viewer, input);
      await timeRaw(viewer.raw, statements);
    }
    for (let i = 0; i < options.reps; i++) {
      const runRaw = async () => {
        const raw = await timeRaw(viewer.raw, statements);
        if (raw.rows !== page.rows.length)
          throw new BenchError(`raw SQL returned ${raw.rows} rows, the handler ${page.rows.length} (${shape.name}, ${kind})`);
        result.raw.push(raw.ms);
        result.rawByStatement.push(raw.each);
      };
      const runHandler = async () => {
        const handler = await timeHandler(viewer, input);
        result.handler.push(handler.ms);
      };
      if (i % 2 === 0) {
        await runHandler();
        await runRaw();
      } else {
        await runRaw();
        await runHandler();
      }
    }
    results.push(result);
  }
  return results;
}

/** EXPLAIN (ANALYZE, BUFFERS) of each captured statement, as the staff role (RLS applies). */
export async function explain(client: pg.Client, statements: Statement[]): Promise<string[]> {
  const plans: string[] = [];
  for (const statement of statements) {
    const result = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, SETTINGS) ${statement.sql}`,
      statement.bindings,
    );
    plans.push(result.rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  return plans;
}

/** The SQL with its bindings inlined, for reading and pasting into psql. */
export function inlineSql(statement: Statement): string {
  return statement.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = statement.bindings[Number(n) - 1];
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number') return String(value);
    return pg.escapeLiteral(String(value));
  });
}
