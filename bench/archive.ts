/**
 * Archive search benchmark (`npm run bench:archive`). Generates (or reuses) an archive of 1,000,000
 * dossiers and 5,000,000 document records with OCR text, then times the one search box through the
 * handler layer (`runtime.call('archive/search')`: zod, dispatcher, the technician's own database
 * role under row-level security, first page of 50 ranked and highlighted rows) on a mix of what
 * staff type: practice numbers, old protocol references, cadastral references in several spellings,
 * addresses with abbreviations, typos and old street names, names (with typos), and words with
 * Italian stemming alone or with a year. The values are drawn from the data, so the searches find
 * something. Prints a table by kind and, as its last line, one JSON object.
 *
 * Options:
 *   --fresh            rebuild the bench database (default: reuse bench/out/archive when populated, applying the
 *                      migrations written since; rebuild when one of them changes how the archive is loaded)
 *   --dossiers N       dossiers to generate (default 1,000,000; documents are about five each)
 *   --queries N        timed searches (default 600), --warmup N (default 60)
 *   --kinds a,b        only these kinds of search (e.g. `--kinds words,'words + year'`)
 *   --slowest N        also list the N slowest searches with their time and results
 *   --print            list the searches (kind, text) and stop: to EXPLAIN them by hand
 * Environment: ARCHIVE_BENCH_DATABASE_URL (a superuser URL) to use another server than the embedded one.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { consoleLogger } from '../src/main/logger';
import { assembleRuntime, type Runtime } from '../src/main/runtime';
import type { Session } from '../src/main/session/session';
import { DEMO_PASSWORD } from '../src/main/demo/loadDemoData';
import type { ArchiveSearchResult } from '../src/shared/api/archive';
import {
  ARCHIVE_USERNAME_SUFFIX,
  migrateLoadedArchive,
  populateArchive,
  readArchiveMeta,
  type ArchiveBenchMeta,
} from './lib/archivePopulate';
import { openBenchDatabase, withClient, type BenchDatabase } from './lib/database';
import { ms, percentile, round, table } from './lib/stats';

const P95_TARGET_MS = 50;
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(projectRoot, 'bench', 'out', 'archive');

interface Options {
  fresh: boolean;
  dossiers: number;
  queries: number;
  warmup: number;
  kinds: QueryKind[] | null;
  slowest: number;
  print: boolean;
}

const QUERY_KINDS = ['number', 'protocol', 'parcel', 'address', 'old street', 'name', 'name typo', 'words', 'words + year'] as const;
type QueryKind = (typeof QUERY_KINDS)[number];

function kindsOf(list: string): QueryKind[] {
  const kinds = list.split(',').map((kind) => kind.trim());
  const unknown = kinds.filter((kind) => !(QUERY_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0 || kinds.length === 0) throw new Error(`--kinds takes some of: ${QUERY_KINDS.join(', ')}`);
  return kinds as QueryKind[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { fresh: false, dossiers: 1_000_000, queries: 600, warmup: 60, kinds: null, slowest: 0, print: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const count = () => {
      const n = Number((argv[++i] ?? '').replace(/[_,]/g, ''));
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} needs a whole number`);
      return n;
    };
    if (arg === '--fresh') options.fresh = true;
    else if (arg === '--dossiers') options.dossiers = count();
    else if (arg === '--queries') options.queries = count();
    else if (arg === '--warmup') options.warmup = count();
    else if (arg === '--slowest') options.slowest = count();
    else if (arg === '--print') options.print = true;
    else if (arg === '--kinds') options.kinds = kindsOf(argv[++i] ?? '');
    else throw new Error(`Unknown option ${arg}`);
  }
  return options;
}

interface BenchQuery {
  kind: QueryKind;
  text: string;
}

/** One letter dropped in the middle of a word: a typo as a hurried hand makes it. */
function typo(word: string, seed: number): string {
  if (word.length < 5) return word;
  const at = 2 + (seed % (word.length - 3));
  return word.slice(0, at) + word.slice(at + 1);
}

/** Searches drawn from the data, in the proportions staff type them. */
async function buildQueries(database: BenchDatabase, count: number, only: QueryKind[] | null): Promise<BenchQuery[]> {
  return withClient(database.admin, async (client) => {
    const sample = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;
    const numbers = await sample<{ number: string; year: number }>(
      `SELECT number, year FROM scrivania.archive_dossiers TABLESAMPLE SYSTEM (0.5) REPEATABLE (4) WHERE NOT reserved LIMIT 200`,
    );
    const references = await sample<{ reference: string }>(
      `SELECT old_references[1] AS reference FROM scrivania.archive_dossiers TABLESAMPLE SYSTEM (0.5) REPEATABLE (4) WHERE cardinality(old_references) > 0 LIMIT 100`,
    );
    const parcels = await sample<{ foglio: number; particella: string; subalterno: number | null }>(
      `SELECT foglio, particella, subalterno FROM scrivania.archive_parcels TABLESAMPLE SYSTEM (0.5) REPEATABLE (4) LIMIT 200`,
    );
    const addresses = await sample<{ type: string; name: string; civic: string }>(
      `SELECT s.street_type AS type, s.name, a.civic FROM scrivania.archive_addresses a TABLESAMPLE SYSTEM (0.5) REPEATABLE (4)
         JOIN scrivania.archive_streets s ON s.id = a.street_id WHERE s.current_street_id IS NULL LIMIT 200`,
    );
    const oldStreets = await sample<{ name: string }>(`SELECT name FROM scrivania.archive_streets WHERE current_street_id IS NOT NULL`);
    const names = await sample<{ name: string }>(
      `SELECT name FROM scrivania.archive_dossier_subjects TABLESAMPLE SYSTEM (0.5) REPEATABLE (4) WHERE role = 'applicant' LIMIT 200`,
    );
    const abbreviations: Record<string, string> = {
      via: 'v.',
      piazza: 'p.zza',
      viale: 'v.le',
      vicolo: 'vic.',
      largo: 'l.go',
      strada: 'str.',
      localita: 'loc.',
    };
    const words = [
      'autorimessa interrata',
      'sopraelevazione',
      'garage in lamiera',
      'veranda alluminio',
      'volta a botte cantina',
      'tettoia in legno',
      'piscina',
      'fienile annesso agricolo',
      'muro di contenimento',
      'copertura coppi',
    ];
    const withYear = [
      'condono 1986 garage',
      'licenza 1968 autorimessa',
      'sopraelevazione 1979',
      'veranda 1995 condono',
      'capannone artigianale 1983',
    ];
    const allKinds: Array<[QueryKind, number, (i: number) => string]> = [
      ['number', 15, (i) => `${numbers[i % numbers.length]!.number}/${numbers[i % numbers.length]!.year}`],
      ['protocol', 5, (i) => `prot. ${references[i % references.length]!.reference}`],
      [
        'parcel',
        15,
        (i) => {
          const p = parcels[i % parcels.length]!;
          const forms = [
            `F. ${p.foglio} part. ${p.particella}`,
            `fg ${p.foglio} mapp ${p.particella}${p.subalterno ? ` sub ${p.subalterno}` : ''}`,
            `foglio ${p.foglio} particella ${p.particella}`,
          ];
          return forms[i % forms.length]!;
        },
      ],
      [
        'address',
        15,
        (i) => {
          const a = addresses[i % addresses.length]!;
          const name =
            i % 3 === 0
              ? a.name
                  .split(' ')
                  .map((word, w) => (w === 0 ? typo(word, i) : word))
                  .join(' ')
              : a.name;
          return `${i % 2 === 0 ? (abbreviations[a.type] ?? a.type) : a.type} ${name.toLowerCase()} ${a.civic}`;
        },
      ],
      ['old street', 5, (i) => `Via ${oldStreets[i % oldStreets.length]!.name}`],
      ['name', 15, (i) => names[i % names.length]!.name],
      [
        'name typo',
        5,
        (i) => {
          const [surname, ...rest] = names[(i * 7) % names.length]!.name.split(' ');
          return [typo(surname!, i), ...rest].join(' ');
        },
      ],
      ['words', 15, (i) => words[i % words.length]!],
      ['words + year', 10, (i) => withYear[i % withYear.length]!],
    ];
    const kinds = allKinds.filter(([kind]) => only === null || only.includes(kind));
    const total = kinds.reduce((sum, [, weight]) => sum + weight, 0);
    const queries: BenchQuery[] = [];
    for (let i = 0; queries.length < count; i++) {
      // A fixed interleaving of the kinds in their proportions.
      let slot = i % total;
      for (const [kind, weight, make] of kinds) {
        if (slot < weight) {
          queries.push({ kind, text: make(Math.floor(i / total) * weight + slot) });
          break;
        }
        slot -= weight;
      }
    }
    return queries;
  });
}

async function signIn(
  database: BenchDatabase,
  username: string,
): Promise<{ runtime: Runtime; slot: { session: Session | null; get(): Session | null; set(s: Session | null): void } }> {
  const runtime = assembleRuntime({
    opened: { target: database.target, close: async () => {} },
    version: 'bench',
    log: consoleLogger('bench'),
  });
  const slot = {
    session: null as Session | null,
    get: () => slot.session,
    set: (session: Session | null) => {
      slot.session = session;
    },
  };
  const result = await runtime.call('session/signIn', { username, password: DEMO_PASSWORD }, slot);
  if (!result.ok) throw new Error(`sign-in of ${username} failed: ${JSON.stringify(result.error)}`);
  return { runtime, slot };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = consoleLogger('bench');
  let database = await openBenchDatabase({ outDir, url: process.env.ARCHIVE_BENCH_DATABASE_URL, fresh: options.fresh, log });
  try {
    let meta: ArchiveBenchMeta | null = options.fresh ? null : await readArchiveMeta(database);
    if (meta && meta.dossiers < options.dossiers) {
      log.info(`bench archive: the database holds ${meta.dossiers} dossiers, ${options.dossiers} wanted: rebuilding`);
      database = await database.reset();
      meta = null;
    }
    if (!meta) meta = await populateArchive(database, options.dossiers, log);
    else {
      const applied = await migrateLoadedArchive(database);
      if (applied.length > 0) log.info(`bench archive: migrated the loaded archive (${applied.join(', ')})`);
    }
    log.info(`bench archive: ${meta.dossiers} dossiers, ${meta.documents} documents, ${meta.subjects} names, ${meta.streets} streets`);

    const queries = await buildQueries(database, options.warmup + options.queries, options.kinds);
    if (options.print) {
      for (const query of queries.slice(options.warmup)) console.log(`${query.kind}\t${query.text}`);
      return;
    }
    const { runtime, slot } = await signIn(database, `s.moretti${ARCHIVE_USERNAME_SUFFIX}`);
    const timings: Array<{ kind: QueryKind; text: string; ms: number; total: number }> = [];
    const empty: string[] = [];
    for (const [index, query] of queries.entries()) {
      const started = performance.now();
      const result = await runtime.call('archive/search', { text: query.text, offset: 0, limit: 50 }, slot);
      const elapsed = performance.now() - started;
      if (!result.ok) throw new Error(`archive/search failed for ${JSON.stringify(query.text)}: ${JSON.stringify(result.error)}`);
      const data = result.data as ArchiveSearchResult;
      if (index < options.warmup) continue;
      timings.push({ kind: query.kind, text: query.text, ms: elapsed, total: data.total });
      if (data.total === 0) empty.push(`${query.kind}: ${query.text}`);
    }
    await runtime.call('session/signOut', {}, slot);

    const kinds = [...new Set(timings.map((timing) => timing.kind))];
    const rows = kinds.map((kind) => {
      const of = timings.filter((timing) => timing.kind === kind);
      const values = of.map((timing) => timing.ms);
      return [
        kind,
        String(of.length),
        ms(percentile(values, 50)),
        ms(percentile(values, 95)),
        ms(Math.max(...values)),
        ms(
          percentile(
            of.map((t) => t.total),
            50,
          ),
        ),
      ];
    });
    const all = timings.map((timing) => timing.ms);
    rows.push(['all', String(all.length), ms(percentile(all, 50)), ms(percentile(all, 95)), ms(Math.max(...all)), '']);
    console.log(
      `\nArchive search, first page of 50, through the handler layer as a technician (${meta.dossiers.toLocaleString('en')} dossiers, ${meta.documents.toLocaleString('en')} documents)`,
    );
    console.log(table(['kind', 'queries', 'p50 ms', 'p95 ms', 'max ms', 'median results'], rows));
    if (options.slowest > 0) {
      const slowest = [...timings].sort((a, b) => b.ms - a.ms).slice(0, options.slowest);
      console.log(`\nSlowest ${slowest.length}:`);
      console.log(
        table(
          ['kind', 'search', 'ms', 'results'],
          slowest.map((t) => [t.kind, t.text, ms(t.ms), String(t.total)]),
          2,
        ),
      );
    }
    if (empty.length > 0) console.log(`\n${empty.length} searches found nothing, e.g. ${empty.slice(0, 5).join(' | ')}`);
    const p95 = percentile(all, 95);
    console.log(
      JSON.stringify({
        dossiers: meta.dossiers,
        documents: meta.documents,
        names: meta.subjects,
        addresses: meta.addresses,
        parcels: meta.parcels,
        streets: meta.streets,
        ocr_chars_avg: meta.ocrCharsAverage,
        queries: all.length,
        p50_ms: round(percentile(all, 50)),
        p95_ms: round(p95),
        max_ms: round(Math.max(...all)),
        by_kind: Object.fromEntries(
          kinds.map((kind) => [
            kind,
            round(
              percentile(
                timings.filter((t) => t.kind === kind).map((t) => t.ms),
                95,
              ),
            ),
          ]),
        ),
        target_p95_ms: P95_TARGET_MS,
        meets_target: p95 <= P95_TARGET_MS,
      }),
    );
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
