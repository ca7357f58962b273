/**
 * Archive import benchmark (`npm run bench:import`). Generates a batch of scans like a scanning
 * service delivers them — PDFs of two to four pages with their text layer, greyscale PNG photographs
 * with a sidecar OCR file, three files per practice — and its manifest, then imports it through the
 * real import path (manifest reading, file hashing, content and structure checks, PDF text
 * extraction, one transaction per line, full-text vectors) as a technician, on its own embedded
 * database. Prints a table and, as its last line, one JSON object with `documents` and `per_second`.
 *
 * Options: --documents N (default 1,000), --keep (leave the generated folder in bench/out/import).
 * Environment: IMPORT_BENCH_DATABASE_URL (a superuser URL) to use another server than the embedded one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importStatus, startImport } from '../src/main/archive/importer';
import { createKnex } from '../src/main/db/knexFactory';
import { migrateToLatest } from '../src/main/db/migrations';
import { scanPdf, scanPhoto } from '../src/main/demo/archiveScans';
import { DEMO_PASSWORD, loadDemoData } from '../src/main/demo/loadDemoData';
import { consoleLogger } from '../src/main/logger';
import { assembleRuntime } from '../src/main/runtime';
import type { Session } from '../src/main/session/session';
import { openBenchDatabase } from './lib/database';
import { round, table } from './lib/stats';

const PER_SECOND_TARGET = 50;
const USERNAME_SUFFIX = '_im_bench';
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(projectRoot, 'bench', 'out', 'import');

function parseOptions(argv: string[]): { documents: number; keep: boolean } {
  const options = { documents: 1000, keep: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--documents') {
      const n = Number((argv[++i] ?? '').replace(/[_,]/g, ''));
      if (!Number.isInteger(n) || n < 1) throw new Error('--documents needs a whole number');
      options.documents = n;
    } else if (argv[i] === '--keep') options.keep = true;
    else throw new Error(`Unknown option ${argv[i]}`);
  }
  return options;
}

const WORKS = [
  'Costruzione di autorimessa',
  'Sopraelevazione del sottotetto',
  'Ampliamento di fabbricato rurale',
  'Recinzione e cancello carrabile',
  'Rifacimento della copertura',
];
const STREETS = ['Via Roma', 'Via Giuseppe Garibaldi', 'Piazza della Repubblica', 'Via della Libertà', 'Viale Europa', 'Via Aldo Moro'];

/** The batch: files and manifest in `folder`; returns the files' total size and pages. */
function generateBatch(folder: string, documents: number): { bytes: number; pages: number } {
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(path.join(folder, 'ocr'), { recursive: true });
  const rows = ['file;serie;anno;numero;tipo_pratica;oggetto;titolo_documento;tipo_documento;richiedenti;indirizzi;catasto;pagine;ocr'];
  let bytes = 0;
  let pages = 0;
  for (let i = 0; i < documents; i++) {
    const practice = Math.floor(i / 3);
    const year = 1960 + (practice % 50);
    const number = String(5000 + practice);
    const work = WORKS[practice % WORKS.length]!;
    const street = `${STREETS[practice % STREETS.length]} ${1 + (practice % 90)}`;
    const dossier = `PRATICHE_EDILIZIE;${year};${number};${year < 1977 ? 'licenza_edilizia' : 'concessione_edilizia'};${work};`;
    const shared = `Verdi Giuseppe;${street};Fg. ${1 + (practice % 40)} part. ${100 + practice}`;
    if (i % 3 === 2) {
      const name = `photo_${i}.png`;
      const content = scanPhoto(500_000 + i);
      fs.writeFileSync(path.join(folder, name), content);
      fs.writeFileSync(path.join(folder, 'ocr', `${name}.txt`), `Documentazione fotografica: ${work.toLowerCase()}, ${street}.`);
      rows.push(`${name};${dossier}Fotografie;foto;${shared};1;ocr/${name}.txt`);
      bytes += content.length;
      pages += 1;
    } else {
      const name = `scan_${i}.pdf`;
      const pageCount = 2 + (i % 3);
      const content = scanPdf(
        Array.from({ length: pageCount }, (_, page) => [
          { text: 'COMUNE DI MONTESERENO', style: 'title' as const },
          { text: `Pratica n. ${number}/${year} - pagina ${page + 1}` },
          { text: `${work}, ${street}` },
          { text: 'Relazione tecnica: struttura in muratura portante, solai in latero-cemento, copertura a falde.' },
        ]),
        { variant: 700_000 + i, typewriter: year < 1990 },
      );
      fs.writeFileSync(path.join(folder, name), content);
      rows.push(
        `${name};${dossier}${i % 3 === 0 ? 'Domanda e licenza' : 'Tavole'};${i % 3 === 0 ? 'domanda' : 'tavole'};${shared};${pageCount};`,
      );
      bytes += content.length;
      pages += pageCount;
    }
  }
  fs.writeFileSync(path.join(folder, 'manifest.csv'), `${rows.join('\r\n')}\r\n`);
  return { bytes, pages };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = consoleLogger('bench');
  const database = await openBenchDatabase({ outDir, url: process.env.IMPORT_BENCH_DATABASE_URL, fresh: true, log });
  const folder = path.join(outDir, 'scans');
  try {
    const admin = createKnex(database.target, database.admin, { max: 2 });
    try {
      await migrateToLatest(admin);
      await loadDemoData(admin, { log, instances: 50, persons: 100, archiveDossiers: 0, usernameSuffix: USERNAME_SUFFIX });
    } finally {
      await admin.destroy();
    }
    const generated = performance.now();
    const batch = generateBatch(folder, options.documents);
    log.info(`bench import: ${options.documents} files generated in ${Math.round(performance.now() - generated)} ms`);

    const runtime = assembleRuntime({ opened: { target: database.target, close: async () => {} }, version: 'bench', log });
    const slot = {
      session: null as Session | null,
      get: () => slot.session,
      set: (session: Session | null) => {
        slot.session = session;
      },
    };
    const signedIn = await runtime.call('session/signIn', { username: `f.gallo${USERNAME_SUFFIX}`, password: DEMO_PASSWORD }, slot);
    if (!signedIn.ok || !slot.session) throw new Error(`sign-in failed: ${JSON.stringify(signedIn)}`);
    const session = slot.session;

    const started = performance.now();
    const run = await startImport(session.db, session.info, { folder, manifest: 'manifest.csv' }, log);
    await run.finished;
    const seconds = (performance.now() - started) / 1000;
    const status = await importStatus(session.db, run.status.id);
    await runtime.call('session/signOut', {}, slot);
    if (status.status !== 'completed' || status.imported !== options.documents) {
      throw new Error(`import did not complete cleanly: ${JSON.stringify({ ...status, problems: status.problems.slice(0, 5) })}`);
    }
    const perSecond = status.imported / seconds;
    console.log(`\nArchive import through the real import path, as a technician`);
    console.log(
      table(
        ['documents', 'pages', 'MB', 'seconds', 'documents/s', 'pages/s'],
        [
          [
            String(status.imported),
            String(batch.pages),
            (batch.bytes / 1024 / 1024).toFixed(1),
            seconds.toFixed(1),
            perSecond.toFixed(1),
            (batch.pages / seconds).toFixed(1),
          ],
        ],
      ),
    );
    console.log(
      JSON.stringify({
        documents: status.imported,
        pages: batch.pages,
        bytes: batch.bytes,
        seconds: round(seconds),
        per_second: round(perSecond),
        pages_per_second: round(batch.pages / seconds),
        target_per_second: PER_SECOND_TARGET,
        meets_target: perSecond >= PER_SECOND_TARGET,
      }),
    );
  } finally {
    if (!options.keep) fs.rmSync(folder, { recursive: true, force: true });
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
