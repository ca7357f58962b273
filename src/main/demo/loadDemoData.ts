/**
 * Loads the demo Comune into an empty Scrivania database, in one transaction (nothing is left
 * half-loaded): the ente, its protocol register, offices, staff (PostgreSQL login roles included),
 * the procedure catalogue, people, businesses and two years of instances.
 *
 * Must run on a superuser or schema-owner connection (it creates login roles through
 * `scrivania.provision_staff` and writes tables protected by row-level security).
 */
import type { Knex } from 'knex';
import type { Logger } from '../logger';
import { scramSha256Verifier } from '../staff/scramVerifier';
import { addDays, todayInRome } from '../../shared/domain/calendar';
import { classifyProcedureTypes, installStandardTitolario } from '../protocol/titolario';
import { loadDemoAnagrafe, type DemoAnagrafeSummary } from './anagrafe';
import { DEFAULT_ARCHIVE_DOSSIERS, loadDemoArchive, type DemoArchiveSummary } from './archive';
import { loadCaseHistories } from './caseHistories';
import { loadDemoCdu } from './cdu';
import { DEMO_CATALOGUE, demoProcedureTypeRows } from './catalogue';
import { generateBusinesses, generateInstanceBatches, generatePersons, type EnteContext, type ProcedureTypeRef } from './generate';
import {
  DEMO_ENTE,
  DEMO_ENTE_ROW,
  DEMO_OFFICES,
  DEMO_PASSWORD,
  DEMO_STAFF,
  staffEmail,
  type DemoStaffMember,
  type StaffRole,
} from './organisation';
import { createRng } from './rng';

export { DEMO_ENTE, DEMO_OFFICES, DEMO_PASSWORD, DEMO_STAFF, type DemoStaffMember } from './organisation';

export const DEFAULT_DEMO_SEED = 20261123;
const CHUNK = 1000;

export interface LoadDemoDataOptions {
  log: Logger;
  /** Seed of the generators: the same seed gives the same people and instances. */
  seed?: number;
  /** Number of instances (default 5,000), received over the two years up to today. */
  instances?: number;
  /** Number of dossiers of the telematic archive (default 3,000, over sixty years). */
  archiveDossiers?: number;
  /** Number of persons (default 2,000). Businesses are about 7.5% of that (150 by default). */
  persons?: number;
  /** Password of each demo user (default DEMO_PASSWORD); receives the login name, suffix included. */
  passwordFor?: (username: string, member: DemoStaffMember) => string;
  /** Appended to every username (e.g. '_t1a2'): roles are cluster-wide, databases are not. */
  usernameSuffix?: string;
}

export interface DemoSummary {
  enteId: number;
  enteName: string;
  protocolRegisterId: number;
  offices: number;
  /** The login roles created, with their staff ids. */
  staff: Array<{ id: number; username: string; role: StaffRole }>;
  procedureTypes: number;
  persons: number;
  businesses: number;
  instances: number;
  instancesByStatus: Record<string, number>;
  archive: DemoArchiveSummary;
  /** The registry: residents in households, former residents, birth acts. */
  anagrafe: DemoAnagrafeSummary;
  /** Days of receipt of the instances, both included. */
  from: string;
  to: string;
  elapsedMs: number;
}

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export async function loadDemoData(knex: Knex, options: LoadDemoDataOptions): Promise<DemoSummary> {
  const { log } = options;
  const started = Date.now();
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const instanceCount = options.instances ?? 5000;
  const personCount = options.persons ?? 2000;
  const businessCount = Math.max(personCount > 0 ? 1 : 0, Math.round(personCount * 0.075));
  const suffix = options.usernameSuffix ?? '';
  if (!/^[a-z0-9_.]*$/.test(suffix)) throw new RangeError(`loadDemoData: invalid usernameSuffix ${JSON.stringify(suffix)}`);
  const now = new Date();
  const today = todayInRome(now);
  const from = addDays(today, -730);

  // Independent streams, so that changing one count does not reshuffle the rest.
  const root = createRng(seed);
  const personRng = root.fork();
  const businessRng = root.fork();
  const instanceRng = root.fork();

  const summary = await knex.transaction(async (trx) => {
    const step = (label: string, since: number) => log.info(`demo data: ${label} (${Date.now() - since} ms)`);
    let t = Date.now();

    const existing = await trx('scrivania.enti').where({ istat_code: DEMO_ENTE.istatCode }).first('id');
    if (existing) throw new Error(`The demo Comune (ISTAT ${DEMO_ENTE.istatCode}) is already loaded in this database`);

    const [ente] = await trx('scrivania.enti').insert(DEMO_ENTE_ROW).returning<Array<{ id: number }>>('id');
    if (!ente) throw new Error('loadDemoData: the ente was not created');
    const enteId = ente.id;

    const [register] = await trx('scrivania.protocol_registers')
      .insert({ ente_id: enteId, aoo_code: DEMO_ENTE.aoo.code, name: DEMO_ENTE.aoo.name })
      .returning<Array<{ id: number }>>('id');
    if (!register) throw new Error('loadDemoData: the protocol register was not created');

    const officeRows = await trx('scrivania.offices')
      .insert(DEMO_OFFICES.map((o) => ({ ente_id: enteId, code: o.code, name: o.name, email: o.email })))
      .returning<Array<{ id: number; code: string }>>(['id', 'code']);
    const officeIdByCode = new Map(officeRows.map((o) => [o.code, o.id]));
    const officeId = (code: string): number => {
      const id = officeIdByCode.get(code);
      if (id === undefined) throw new Error(`loadDemoData: unknown office ${code}`);
      return id;
    };
    step('ente, register and offices', t);

    t = Date.now();
    const staff: DemoSummary['staff'] = [];
    const staffByOffice = new Map<number, number[]>();
    for (const member of DEMO_STAFF) {
      const username = member.username + suffix;
      const password = options.passwordFor ? options.passwordFor(username, member) : DEMO_PASSWORD;
      const offices = member.offices.map(officeId);
      const result = await trx.raw<{ rows: Array<{ id: number }> }>(
        'SELECT scrivania.provision_staff(?, ?, ?, ?, ?, ?, ?::integer[]) AS id',
        [enteId, username, scramSha256Verifier(password), member.fullName, staffEmail(member), member.role, offices],
      );
      const id = result.rows[0]?.id;
      if (id === undefined) throw new Error(`loadDemoData: staff ${username} was not created`);
      staff.push({ id, username, role: member.role });
      // Work is assigned to clerks and technicians; managers and the administrator supervise.
      if (member.role === 'clerk' || member.role === 'technician') {
        for (const office of offices) staffByOffice.set(office, [...(staffByOffice.get(office) ?? []), id]);
      }
    }
    // An office with no clerk or technician gets its managers' work.
    for (const member of DEMO_STAFF.filter((m) => m.role === 'manager')) {
      const id = staff.find((s) => s.username === member.username + suffix)?.id;
      for (const office of member.offices.map(officeId)) {
        if (id !== undefined && !staffByOffice.has(office)) staffByOffice.set(office, [id]);
      }
    }
    step(`${staff.length} staff`, t);

    t = Date.now();
    const procedureRows = await trx('scrivania.procedure_types')
      .insert(demoProcedureTypeRows(enteId, officeId))
      .returning<Array<{ id: number; code: string }>>(['id', 'code']);
    await installStandardTitolario(trx, enteId);
    await classifyProcedureTypes(trx, enteId);
    await trx('scrivania.protocol_registers')
      .where({ id: register.id })
      .update({ protocol_office_id: officeId('PROTOCOLLO_URP') });
    const procedureIdByCode = new Map(procedureRows.map((p) => [p.code, p.id]));
    const procedureTypes: ProcedureTypeRef[] = DEMO_CATALOGUE.map((e) => ({
      id: procedureIdByCode.get(e.code) as number,
      code: e.code,
      name: e.name,
      officeId: officeId(e.officeCode),
      legalTermDays: e.legalTermDays,
      clockRule: e.clockRule,
    }));
    step(`${procedureRows.length} procedure types`, t);

    t = Date.now();
    const enteContext: EnteContext = {
      enteId,
      city: DEMO_ENTE.city,
      province: DEMO_ENTE.province,
      postalCode: DEMO_ENTE.postalCode,
      belfioreCode: DEMO_ENTE.belfioreCode,
      referenceDate: today,
    };
    const persons = generatePersons(personCount, personRng, enteContext);
    const personIds: number[] = [];
    for (const chunk of chunks(persons)) {
      const ids = await trx('scrivania.persons').insert(chunk).returning<Array<{ id: string | number }>>('id');
      for (const row of ids) personIds.push(Number(row.id));
    }
    step(`${personIds.length} persons`, t);

    t = Date.now();
    const businesses = generateBusinesses(businessCount, businessRng, enteContext, personIds);
    const businessIds: number[] = [];
    for (const chunk of chunks(businesses)) {
      const ids = await trx('scrivania.businesses').insert(chunk).returning<Array<{ id: string | number }>>('id');
      for (const row of ids) businessIds.push(Number(row.id));
    }
    step(`${businessIds.length} businesses`, t);

    t = Date.now();
    const instancesByStatus: Record<string, number> = {};
    let instances = 0;
    for (const batch of generateInstanceBatches(
      instanceCount,
      instanceRng,
      {
        enteId,
        protocolRegisterId: register.id,
        procedureTypes,
        persons: personIds,
        businesses: businessIds,
        staffByOffice,
        from,
        to: today,
        today,
        notAfter: now,
        patronDay: DEMO_ENTE.patronDay,
      },
      CHUNK,
    )) {
      await trx('scrivania.instances').insert(batch);
      instances += batch.length;
      for (const row of batch) instancesByStatus[row.status] = (instancesByStatus[row.status] ?? 0) + 1;
    }
    step(`${instances} instances`, t);

    t = Date.now();
    const registrar = staff.find((member) => member.username === `c.lombardi${suffix}`);
    if (!registrar) throw new Error('loadDemoData: the protocol clerk is missing');
    const histories = await loadCaseHistories(trx, { enteId, registerId: register.id, registrarId: registrar.id });
    step(`${histories.entries} protocol entries and ${histories.events} history steps`, t);

    t = Date.now();
    const archive = await loadDemoArchive(trx, {
      enteId,
      ipaCode: DEMO_ENTE.ipaCode,
      rng: root.fork(),
      dossiers: options.archiveDossiers ?? DEFAULT_ARCHIVE_DOSSIERS,
      context: {
        persons,
        instanceSubjects: (await trx('scrivania.instances')
          .where({ ente_id: enteId, office_id: officeId('SUE') })
          .pluck('subject')) as string[],
      },
      importer: { id: staff.find((member) => member.username === `f.gallo${suffix}`)!.id, login: `f.gallo${suffix}` },
      now,
      log,
    });
    step(`archive: ${archive.dossiers} dossiers, ${archive.documents} scans (${archive.pages} pages), ${archive.boxes} boxes`, t);

    t = Date.now();
    // After the archive: residences are on its toponymy, and its generator keeps its own stream.
    const anagrafe = await loadDemoAnagrafe(trx, { ente: enteContext, persons, personIds, rng: root.fork(), log });
    step(`anagrafe: ${anagrafe.households} households`, t);

    t = Date.now();
    // After the archive and the instances: the cadastre holds the parcels they name.
    const cdu = await loadDemoCdu(trx, { enteId, rng: root.fork(), registrar: { id: registrar.id, login: registrar.username } });
    step(`CDU: ${cdu.parcels} parcels (${cdu.suppressed} split), ${cdu.zones} zones, ${cdu.requests} requests`, t);

    return {
      enteId,
      enteName: DEMO_ENTE.name,
      protocolRegisterId: register.id,
      offices: officeRows.length,
      staff,
      procedureTypes: procedureRows.length,
      persons: personIds.length,
      businesses: businessIds.length,
      instances,
      instancesByStatus,
      from,
      to: today,
      archive,
      anagrafe,
      elapsedMs: 0,
    } satisfies DemoSummary;
  });

  summary.elapsedMs = Date.now() - started;
  log.info(
    `demo data loaded in ${summary.elapsedMs} ms: ${summary.staff.length} staff, ${summary.procedureTypes} procedure types, ` +
      `${summary.persons} persons, ${summary.businesses} businesses, ${summary.instances} instances`,
  );
  return summary;
}
