/**
 * Certificates benchmark (`npm run bench:certificates`): a registry clerk, signed in as their own
 * role, issues certificates through the issuing service (`issueCertificate`: rules, registry data,
 * fees, the number, the PDF rendered and stored with its SHA-256, one transaction each), alternating
 * a residence certificate with a paper bollo and a stato di famiglia exempt for a pension. A warm-up,
 * then single issues one after the other (median, p95), then a batch of 1,000 by the desks of the
 * office at once. The register is then audited: numbers 1..N without a gap, one PDF per certificate.
 * The CPU both sides spend per certificate (this process, and the embedded server's processes) is
 * printed too: on a machine shared with other work, latency follows the load, CPU much less.
 * Prints a table and, as its last line, one JSON object.
 *
 * Options: --single N (default 200)  --batch N (default 1,000)  --desks N (default 4)
 * Environment: BENCH_DATABASE_URL (a superuser URL) to use another server than the embedded one
 * (the database named in it is dropped and recreated).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { issueCertificate, type Issuer } from '../src/main/certificates/service';
import { createKnex } from '../src/main/db/knexFactory';
import { migrateToLatest } from '../src/main/db/migrations';
import { consoleLogger } from '../src/main/logger';
import { scramSha256Verifier } from '../src/main/staff/scramVerifier';
import type { IssueCertificateInput } from '../src/shared/api/certificates';
import { buildCodiceFiscale } from '../src/shared/domain/codiceFiscale';
import { partitaIvaCheckDigit } from '../src/shared/domain/partitaIva';
import type { z } from 'zod';
import { openBenchDatabase, USERNAME_SUFFIX } from './lib/database';
import { parseCountOptions } from './lib/options';
import { clientCpuMs, serverCpuMs } from './lib/protocolCpu';
import { ms, percentile, round, table } from './lib/stats';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(projectRoot, 'bench', 'out', 'certificates');
const log = consoleLogger('bench:certificates');
const WARM_UP = 20;
const RESIDENTS = 300;
const TARGETS = { median_ms: 40, p95_ms: 80, batch_1000_s: 30 };

interface World {
  enteId: number;
  clerk: { user: string; password: string };
  residents: number[];
}

const LAST_NAMES = ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo'];
const FIRST_NAMES = ['Marco', 'Giulia', 'Luca', 'Francesca', 'Andrea', 'Sara', 'Matteo', 'Chiara', 'Paolo', 'Elena'];

/** One Comune (its certificate types come with it), its registry office, a clerk and residents each heading a household. */
async function createWorld(admin: Knex): Promise<World> {
  const piva = '0054097054';
  const [ente] = (await admin('scrivania.enti')
    .insert({
      istat_code: '054097',
      name: 'Comune di Banco di Prova',
      codice_fiscale: piva + partitaIvaCheckDigit(piva),
      ipa_code: 'c_benchcert',
      province: 'PG',
      address: 'Piazza del Municipio 1, 06030 Banco di Prova (PG)',
      pec: 'protocollo@pec.comune.bancodiprova.pg.it',
    })
    .returning('id')) as Array<{ id: number }>;
  const enteId = ente!.id;
  const [office] = (await admin('scrivania.offices')
    .insert({ ente_id: enteId, code: 'DEMOGRAFICI', name: 'Servizi demografici' })
    .returning('id')) as Array<{ id: number }>;
  const clerk = { user: `anagrafe.sportello${USERNAME_SUFFIX}`, password: `Sportello.${crypto.randomBytes(6).toString('hex')}` };
  await admin.raw('SELECT scrivania.provision_staff(?, ?, ?, ?, ?, ?, ?::integer[])', [
    enteId,
    clerk.user,
    scramSha256Verifier(clerk.password),
    'Giuseppe Greco',
    null,
    'clerk',
    [office!.id],
  ]);
  const [street] = (await admin('scrivania.archive_streets')
    .insert({ ente_id: enteId, street_type: 'via', name: 'Roma' })
    .returning('id')) as Array<{ id: number }>;
  const residents: number[] = [];
  await admin.transaction(async (trx) => {
    for (let n = 0; n < RESIDENTS; n++) {
      const lastName = LAST_NAMES[n % LAST_NAMES.length]!;
      const firstName = FIRST_NAMES[Math.floor(n / LAST_NAMES.length) % FIRST_NAMES.length]!;
      const sex = n % 2 === 0 ? 'M' : 'F';
      const birthDate = `19${50 + (n % 50)}-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;
      const [person] = (await trx('scrivania.persons')
        .insert({
          ente_id: enteId,
          codice_fiscale: buildCodiceFiscale({
            lastName: `${lastName}${'x'.repeat(n % 5)}`,
            firstName,
            birthDate,
            sex,
            birthPlaceCode: 'G478',
          }),
          last_name: lastName,
          first_name: firstName,
          sex,
          birth_date: birthDate,
          birth_place: 'Perugia',
        })
        .returning('id')) as Array<{ id: number }>;
      const address = { street_id: street!.id, house_number: String(n + 1), postal_code: '06030', city: 'Banco di Prova' };
      const [household] = (await trx('scrivania.households')
        .insert({ ente_id: enteId, ...address, formed_on: '2010-01-01' })
        .returning('id')) as Array<{ id: number }>;
      await trx('scrivania.residences').insert({ ente_id: enteId, person_id: person!.id, ...address, resident_since: '2010-01-01' });
      await trx('scrivania.household_members').insert({
        ente_id: enteId,
        household_id: household!.id,
        person_id: person!.id,
        relationship: 'intestatario_scheda',
        member_from: '2010-01-01',
      });
      residents.push(person!.id);
    }
  });
  return { enteId, clerk, residents };
}

type IssueRequest = z.output<typeof IssueCertificateInput>;

/** The embedded server's postmaster: the parent of a backend of ours. */
async function postmasterPid(admin: Knex): Promise<number> {
  const result = await admin.raw<{ rows: Array<{ pid: number }> }>('SELECT pg_backend_pid() AS pid');
  const stat = fs.readFileSync(`/proc/${result.rows[0]!.pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces), in parentheses: state, then ppid.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function request(world: World, n: number): IssueRequest {
  const personId = world.residents[n % world.residents.length]!;
  return n % 2 === 0
    ? {
        typeCode: 'RESIDENZA',
        personId,
        use: { kind: 'bollo_paper', marcaSerial: String(10_000_000_000_000 + n) },
        payment: { method: 'cash' },
        idempotencyKey: crypto.randomUUID(),
      }
    : {
        typeCode: 'STATO_FAMIGLIA',
        personId,
        use: { kind: 'exempt', exemptionCode: 'PENSIONE' },
        payment: { method: 'card' },
        idempotencyKey: crypto.randomUUID(),
      };
}

async function timedIssue(db: Knex, issuer: Issuer, input: IssueRequest): Promise<number> {
  const started = performance.now();
  await issueCertificate(db, issuer, input);
  return performance.now() - started;
}

interface Audit {
  certificates: number;
  pdfs: number;
  maxNumber: number;
  gaps: number;
  duplicates: number;
}

async function audit(admin: Knex, enteId: number): Promise<Audit> {
  const result = await admin.raw<{ rows: Audit[] }>(
    `SELECT count(*)::int AS certificates,
            (SELECT count(*) FROM scrivania.certificate_pdfs p WHERE p.ente_id = ?)::int AS pdfs,
            coalesce(max(number), 0)::int AS "maxNumber",
            (coalesce(max(number), 0) - count(DISTINCT number))::int AS gaps,
            (count(*) - count(DISTINCT number))::int AS duplicates
       FROM scrivania.certificates WHERE ente_id = ?`,
    [enteId, enteId],
  );
  return result.rows[0]!;
}

async function main(): Promise<void> {
  const options = parseCountOptions(process.argv.slice(2), { single: 200, batch: 1000, desks: 4 });
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const database = await openBenchDatabase({ outDir, url: process.env.BENCH_DATABASE_URL, fresh: true, log });
  const admin = createKnex(database.target, database.admin, { max: 2, applicationName: 'bench-certificates-admin' });
  const issuer: Issuer = { role: 'clerk', fullName: 'Giuseppe Greco' };
  let clerkDb: Knex | null = null;
  try {
    log.info('migrating and creating the Comune, its registry office, a clerk and residents');
    await migrateToLatest(admin);
    const world = await createWorld(admin);
    clerkDb = createKnex(database.target, world.clerk, { max: options.desks, applicationName: 'bench-certificates' });
    let n = 0;

    log.info(`warm-up: ${WARM_UP} certificates`);
    for (let i = 0; i < WARM_UP; i++) await timedIssue(clerkDb, issuer, request(world, n++));

    log.info(`${options.single} single issues, one after the other`);
    const postmaster = database.kind === 'embedded' ? await postmasterPid(admin) : null;
    const cpuStart = { client: clientCpuMs(), server: postmaster === null ? Number.NaN : serverCpuMs(postmaster) };
    const singles: number[] = [];
    for (let i = 0; i < options.single; i++) singles.push(await timedIssue(clerkDb, issuer, request(world, n++)));
    const cpu = {
      client: (clientCpuMs() - cpuStart.client) / options.single,
      server: postmaster === null ? Number.NaN : (serverCpuMs(postmaster) - cpuStart.server) / options.single,
    };

    log.info(`a batch of ${options.batch} issued by ${options.desks} desks at once`);
    const batchStarted = performance.now();
    let next = 0;
    const batchTimes: number[] = [];
    const db = clerkDb;
    await Promise.all(
      Array.from({ length: options.desks }, async () => {
        while (next < options.batch) {
          next++;
          batchTimes.push(await timedIssue(db, issuer, request(world, n++)));
        }
      }),
    );
    const batchSeconds = (performance.now() - batchStarted) / 1000;
    const checked = await audit(admin, world.enteId);

    const median = percentile(singles, 50);
    const p95 = percentile(singles, 95);
    console.log(
      table(
        ['run', 'certificates', 'median ms', 'p95 ms', 'max ms', 'seconds'],
        [
          [
            'single issues',
            String(singles.length),
            ms(median),
            ms(p95),
            ms(Math.max(...singles)),
            round(singles.reduce((a, b) => a + b, 0) / 1000, 1).toFixed(1),
          ],
          [
            `batch (${options.desks} desks)`,
            String(batchTimes.length),
            ms(percentile(batchTimes, 50)),
            ms(percentile(batchTimes, 95)),
            ms(Math.max(...batchTimes)),
            batchSeconds.toFixed(1),
          ],
        ],
      ),
    );
    console.log(
      `CPU per certificate (single issues): ${ms(cpu.client)} ms in this process (service and PDF), ` +
        `${Number.isFinite(cpu.server) ? `${ms(cpu.server)} ms` : 'not measured (not the embedded server)'} in PostgreSQL`,
    );
    console.log(
      `register: ${checked.certificates} certificates, numbers 1..${checked.maxNumber}, ${checked.gaps} gaps, ${checked.duplicates} duplicates, ${checked.pdfs} PDFs stored; ` +
        `machine load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} on ${os.cpus().length} cores`,
    );
    const batch1000 = (batchSeconds * 1000) / options.batch;
    const ok =
      checked.gaps === 0 &&
      checked.duplicates === 0 &&
      checked.pdfs === checked.certificates &&
      median <= TARGETS.median_ms &&
      p95 <= TARGETS.p95_ms &&
      batch1000 <= TARGETS.batch_1000_s;
    console.log(
      JSON.stringify({
        issued: checked.certificates,
        median_ms: round(median, 1),
        p95_ms: round(p95, 1),
        batch_1000_s: round(batch1000, 2),
        batch_median_ms: round(percentile(batchTimes, 50), 1),
        cpu_ms_per_certificate: Number.isFinite(cpu.server) ? round(cpu.client + cpu.server, 1) : null,
        client_cpu_ms: round(cpu.client, 1),
        desks: options.desks,
        gaps: checked.gaps,
        duplicates: checked.duplicates,
        load_average: round(os.loadavg()[0] ?? 0, 2),
        cores: os.cpus().length,
        ok,
      }),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await clerkDb?.destroy();
    await admin.destroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
