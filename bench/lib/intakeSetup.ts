/**
 * The intake benchmark's world: one Comune with its register, protocol office and two procedures
 * (classified in the standard titolario), and the importer's login — a clerk of the protocol and
 * building offices, as the intake service would be in production. Plus the portal submissions,
 * each unique (its own id, applicant and PDF), written as the portal would.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { demoProcedureTypeRows } from '../../src/main/demo/catalogue';
import { classifyProcedureTypes, installStandardTitolario } from '../../src/main/protocol/titolario';
import { scramSha256Verifier } from '../../src/main/staff/scramVerifier';
import { buildCodiceFiscale } from '../../src/shared/domain/codiceFiscale';
import { partitaIvaCheckDigit } from '../../src/shared/domain/partitaIva';
import { pdfWithText } from '../../tests/fixtures/intake/generate';
import { USERNAME_SUFFIX } from './database';

export const BENCH_ISTAT = '054098';
export const BENCH_PROCEDURES = ['PERMESSO_COSTRUIRE', 'SCIA_EDILIZIA'] as const;

export interface IntakeWorld {
  enteId: number;
  importer: { user: string; password: string };
}

export async function createIntakeWorld(admin: Knex): Promise<IntakeWorld> {
  const piva = '0054098054';
  const [ente] = await admin('scrivania.enti')
    .insert({
      istat_code: BENCH_ISTAT,
      name: 'Comune di Banco di Prova',
      codice_fiscale: piva + partitaIvaCheckDigit(piva),
      ipa_code: 'c_bench',
      province: 'PG',
      address: 'Piazza del Municipio 1',
      patron_day: '09-29',
    })
    .returning('id');
  const enteId = (ente as { id: number }).id;
  const offices = (await admin('scrivania.offices')
    .insert([
      { ente_id: enteId, code: 'PROTOCOLLO_URP', name: 'Protocollo e URP' },
      { ente_id: enteId, code: 'SUE', name: 'Sportello unico edilizia' },
    ])
    .returning(['id', 'code'])) as { id: number; code: string }[];
  const officeId = (code: string) => offices.find((office) => office.code === code)!.id;
  await admin('scrivania.protocol_registers').insert({
    ente_id: enteId,
    aoo_code: 'AOO_BENCH',
    name: 'Registro di protocollo',
    protocol_office_id: officeId('PROTOCOLLO_URP'),
  });
  await admin('scrivania.procedure_types').insert(demoProcedureTypeRows(enteId, officeId, BENCH_PROCEDURES));
  await installStandardTitolario(admin, enteId);
  await classifyProcedureTypes(admin, enteId);
  const importer = { user: `intake.import${USERNAME_SUFFIX}`, password: `Import.${crypto.randomBytes(6).toString('hex')}` };
  await admin.raw('SELECT scrivania.provision_staff(?, ?, ?, ?, ?, ?, ?::integer[])', [
    enteId,
    importer.user,
    scramSha256Verifier(importer.password),
    'Servizio di acquisizione',
    null,
    'clerk',
    [officeId('PROTOCOLLO_URP'), officeId('SUE')],
  ]);
  return { enteId, importer };
}

const LAST_NAMES = [
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Colombo',
  'Ricci',
  'Marino',
  'Greco',
  'Bruno',
  'Gallo',
  'Conti',
  'Costa',
  'Giordano',
];
const FIRST_NAMES = ['Marco', 'Giulia', 'Luca', 'Francesca', 'Andrea', 'Sara', 'Matteo', 'Chiara', 'Paolo', 'Elena', 'Davide', 'Anna'];

/** The n-th submission: deterministic, with an applicant among `applicants` distinct people. */
export function benchSubmission(n: number, applicants: number, submittedAt: string) {
  const person = n % applicants;
  const lastName = LAST_NAMES[person % LAST_NAMES.length]!;
  const firstName = FIRST_NAMES[Math.floor(person / LAST_NAMES.length) % FIRST_NAMES.length]!;
  const birthDate = `19${50 + (person % 50)}-${String((person % 12) + 1).padStart(2, '0')}-${String((person % 28) + 1).padStart(2, '0')}`;
  const codiceFiscale = buildCodiceFiscale({
    lastName,
    firstName,
    birthDate,
    sex: person % 2 ? 'F' : 'M',
    birthPlaceCode: `G${String(person % 1000).padStart(3, '0')}`,
  });
  const submissionId = `BENCH-${String(n).padStart(6, '0')}`;
  const pdf = pdfWithText(`Domanda ${submissionId} - ${lastName} ${firstName}`);
  return {
    format: 'scrivania.portal-submission/1',
    submissionId,
    submittedAt,
    enteIstatCode: BENCH_ISTAT,
    procedureCode: BENCH_PROCEDURES[n % BENCH_PROCEDURES.length],
    applicant: {
      kind: 'person',
      codiceFiscale,
      lastName,
      firstName,
      email: null,
      pec: `${lastName}.${firstName}.${person}@pec.example.it`.toLowerCase(),
    },
    subject: `Istanza online ${submissionId}: intervento edilizio in via dei Tigli ${1 + (n % 120)}`,
    formFields: { foglio: 1 + (n % 40), particella: String(100 + (n % 900)), superficieMq: 20 + (n % 300) },
    attachments: [
      {
        filename: 'domanda.pdf',
        title: 'Domanda',
        kind: 'application',
        contentType: 'application/pdf',
        sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
        contentBase64: pdf.toString('base64'),
      },
    ],
  };
}

/** Writes the submissions as the portal does: each under a temporary name, then renamed. */
export function writeSubmissions(folder: string, count: number, applicants: number, submittedAt: string, prefix: string): void {
  fs.mkdirSync(folder, { recursive: true });
  for (let n = 0; n < count; n++) {
    const name = `${prefix}-${String(n).padStart(6, '0')}.json`;
    fs.writeFileSync(path.join(folder, `.${name}.part`), JSON.stringify(benchSubmission(n, applicants, submittedAt)));
    fs.renameSync(path.join(folder, `.${name}.part`), path.join(folder, name));
  }
}
