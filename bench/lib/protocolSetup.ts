/**
 * The protocol benchmark's ente: the demo Comune's identity, offices and procedure catalogue with
 * the standard titolario, one register kept by the protocol office, and the clerks who register
 * (each a PostgreSQL login role, as in the app). Also the floor's two bare tables.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { migrateToLatest } from '../../src/main/db/migrations';
import { demoProcedureTypeRows } from '../../src/main/demo/catalogue';
import { DEMO_ENTE, DEMO_ENTE_ROW, DEMO_OFFICES } from '../../src/main/demo/organisation';
import { classifyProcedureTypes, installStandardTitolario } from '../../src/main/protocol/titolario';
import { scramSha256Verifier } from '../../src/main/staff/scramVerifier';
import { buildCodiceFiscale } from '../../src/shared/domain/codiceFiscale';

export interface BenchClerk {
  username: string;
  password: string;
}

export interface ProtocolBenchSetup {
  enteId: number;
  registerId: number;
  clerks: BenchClerk[];
  /** Procedure codes registrations are spread over (several classifications, so several fascicolo counters). */
  procedureCodes: string[];
}

const FIRST_NAMES = ['Anna', 'Marco', 'Giulia', 'Luca', 'Sara', 'Paolo', 'Elena', 'Davide', 'Chiara', 'Stefano'];
const LAST_NAMES = ['Rossi', 'Bianchi', 'Verdi', 'Neri', 'Gallo', 'Conti', 'Costa', 'Greco', 'Bruno', 'Ricci', 'Marino', 'Lombardi'];

export interface BenchApplicant {
  kind: 'person';
  codiceFiscale: string;
  lastName: string;
  firstName: string;
  pec: string;
}

/** `count` distinct people (valid codici fiscali), always the same for the same count. */
export function benchApplicants(count: number): BenchApplicant[] {
  return Array.from({ length: count }, (_, i) => {
    const lastName = LAST_NAMES[i % LAST_NAMES.length]!;
    const firstName = FIRST_NAMES[Math.floor(i / LAST_NAMES.length) % FIRST_NAMES.length]!;
    const sex = FIRST_NAMES.indexOf(firstName) % 2 === 0 ? 'F' : 'M';
    const birthDate = `19${String(40 + (i % 60)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const codiceFiscale = buildCodiceFiscale({ lastName, firstName, birthDate, sex, birthPlaceCode: i % 2 ? 'G478' : 'H501' });
    return { kind: 'person', codiceFiscale, lastName, firstName, pec: `${lastName.toLowerCase()}.${i}@pec.example.it` };
  });
}

export async function setUpProtocolBench(admin: Knex, clerkCount: number): Promise<ProtocolBenchSetup> {
  await migrateToLatest(admin);
  return admin.transaction(async (trx) => {
    const [ente] = (await trx('scrivania.enti').insert(DEMO_ENTE_ROW).returning('id')) as Array<{ id: number }>;
    const enteId = ente!.id;
    const offices = (await trx('scrivania.offices')
      .insert(DEMO_OFFICES.map((o) => ({ ente_id: enteId, code: o.code, name: o.name, email: o.email })))
      .returning(['id', 'code'])) as Array<{ id: number; code: string }>;
    const officeId = (code: string) => offices.find((o) => o.code === code)!.id;
    const [register] = (await trx('scrivania.protocol_registers')
      .insert({ ente_id: enteId, aoo_code: DEMO_ENTE.aoo.code, name: DEMO_ENTE.aoo.name, protocol_office_id: officeId('PROTOCOLLO_URP') })
      .returning('id')) as Array<{ id: number }>;
    await trx('scrivania.procedure_types').insert(demoProcedureTypeRows(enteId, officeId));
    await installStandardTitolario(trx, enteId);
    await classifyProcedureTypes(trx, enteId);
    const procedureCodes = (
      (await trx('scrivania.procedure_types').where({ ente_id: enteId }).whereNotNull('classification_id').select('code')) as Array<{
        code: string;
      }>
    ).map((p) => p.code);

    const clerks: BenchClerk[] = [];
    for (let i = 0; i < clerkCount; i += 1) {
      const username = `bench_clerk_${String(i + 1).padStart(2, '0')}`;
      const password = crypto.randomBytes(12).toString('base64url');
      await trx.raw('SELECT scrivania.provision_staff(?, ?, ?, ?, ?, ?, ?::integer[])', [
        enteId,
        username,
        scramSha256Verifier(password),
        `Operatore di protocollo ${i + 1}`,
        null,
        'clerk',
        offices.map((o) => o.id),
      ]);
      clerks.push({ username, password });
    }

    await trx.raw(`
      CREATE SCHEMA bench_floor;
      CREATE TABLE bench_floor.counters (register_id integer, year integer, last_number integer NOT NULL, PRIMARY KEY (register_id, year));
      CREATE TABLE bench_floor.entries (register_id integer, year integer, number integer, registered_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                                        subject text NOT NULL, PRIMARY KEY (register_id, year, number));
      INSERT INTO bench_floor.counters VALUES (1, 2026, 0), (2, 2026, 0);
    `);
    return { enteId, registerId: register!.id, clerks, procedureCodes };
  });
}
