import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardCsv, dashboardPdf } from '../../src/main/workload/dashboardExport';
import { readDashboard, readFiguresFromCases } from '../../src/main/workload/dashboardService';
import { digitisationFile, readDigitisation } from '../../src/main/workload/digitisationService';
import { DashboardQuery, type DigitisationReport } from '../../src/shared/api/workload';
import { addDays, todayInRome } from '../../src/shared/domain/calendar';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';
import { loadDemoEnte, type DemoEnte } from './workloadFixtures';

const PROCEDURE_FIELDS = [
  'codice_istat',
  'codice_ipa',
  'periodo_dal',
  'periodo_al',
  'copertura',
  'codice_procedimento',
  'procedimento',
  'ufficio',
  'termine_legale_giorni',
  'disponibile_online',
  'istanze_ricevute',
  'istanze_ricevute_online',
  'quota_online',
  'istanze_decise',
  'decise_entro_termine',
  'quota_entro_termine',
  'mediana_giorni_conclusione',
];
const MONTH_FIELDS = [
  'codice_istat',
  'codice_ipa',
  'periodo_dal',
  'periodo_al',
  'copertura',
  'mese',
  'istanze_online',
  'istanze_pec',
  'istanze_sportello',
  'istanze_totali',
  'quota_online',
];

const decode = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');
const csvLines = (text: string) =>
  text
    .replace(/^\ufeff/, '')
    .split('\r\n')
    .filter(Boolean);

/**
 * What leaves the app: the digitisation report and its open-data files (aggregates that match the
 * cases, the documented fields, no personal data) and the dashboard as CSV and as a PDF report.
 */
describe('workload exports: open data and the dashboard report', () => {
  let db: TestDatabase;
  let demo: DemoEnte;
  let admin: TestStaff;
  let manager: TestStaff;
  let adminDb: Knex;
  let managerDb: Knex;
  const today = todayInRome();
  const period = { from: addDays(today, -364), to: today };
  let report: DigitisationReport;

  beforeAll(async () => {
    db = await createTestDatabase();
    demo = await loadDemoEnte(db, { instances: 900 });
    admin = demo.staff('a.bianchi');
    manager = demo.staff('l.ricci');
    adminDb = db.connectAs(admin);
    managerDb = db.connectAs(manager);
    report = await readDigitisation(adminDb, period, { enteId: demo.summary.enteId, staffId: admin.id, role: 'admin', officeIds: [] });
  });

  afterAll(async () => {
    await db.drop();
    await demo.dropRoles();
  });

  it('counts what was received, by channel and month, and what the catalogue offers online, as the cases say', async () => {
    const received = (await db.admin.raw(
      `SELECT channel, count(*)::integer AS n FROM scrivania.instances
        WHERE ente_id = ? AND (received_at AT TIME ZONE 'Europe/Rome')::date BETWEEN ?::date AND ?::date GROUP BY channel`,
      [demo.summary.enteId, period.from, period.to],
    )) as { rows: Array<{ channel: 'online' | 'pec' | 'desk'; n: number }> };
    const byChannel = Object.fromEntries(received.rows.map((row) => [row.channel, row.n]));
    expect(report.received).toMatchObject({ online: byChannel.online ?? 0, pec: byChannel.pec ?? 0, desk: byChannel.desk ?? 0 });
    expect(report.received.total).toBeGreaterThan(300);
    expect(report.months.reduce((sum, month) => sum + month.total, 0)).toBe(report.received.total);
    const catalogue = (await db
      .admin('scrivania.procedure_types')
      .where({ ente_id: demo.summary.enteId, active: true })
      .select('online_available')) as Array<{
      online_available: boolean;
    }>;
    expect(report.catalogue).toMatchObject({
      procedures: catalogue.length,
      onlineProcedures: catalogue.filter((p) => p.online_available).length,
    });
    expect(report.wholeEnte).toBe(true);

    const figures = await readFiguresFromCases(
      db.admin,
      DashboardQuery.parse({ scope: { kind: 'ente' }, ...period }),
      demo.summary.enteId,
      today,
    );
    const codes = new Map(
      (
        (await db.admin('scrivania.procedure_types').where({ ente_id: demo.summary.enteId }).select('id', 'code')) as Array<{
          id: number;
          code: string;
        }>
      ).map((p) => [p.code, p.id]),
    );
    for (const procedure of report.procedures) {
      const expected = figures.byProcedure.find((p) => p.procedureTypeId === codes.get(procedure.code));
      expect(procedure.decided, procedure.code).toBe(expected?.decided ?? 0);
      expect(procedure.decidedWithinTerm, procedure.code).toBe(expected?.decidedWithinTerm ?? 0);
      expect(procedure.medianLeadDays, procedure.code).toBe(expected?.medianLeadDays ?? null);
    }
  });

  it('writes the documented fields, in CSV and JSON, with no personal data in them', async () => {
    const procedures = csvLines(decode(digitisationFile(report, 'csv_procedures').contentBase64));
    expect(procedures[0]!.split(',')).toEqual(PROCEDURE_FIELDS);
    expect(procedures).toHaveLength(report.procedures.length + 1);
    const months = digitisationFile(report, 'csv_months');
    expect(months.filename).toMatch(/^digitalizzazione_.+_mesi\.csv$/);
    expect(csvLines(decode(months.contentBase64))[0]!.split(',')).toEqual(MONTH_FIELDS);
    const json = decode(digitisationFile(report, 'json').contentBase64);
    expect(JSON.parse(json)).toEqual(report);

    const documentedFields = fs.readFileSync(path.join(__dirname, '../../docs/open-data/README.md'), 'utf8');
    for (const field of [...PROCEDURE_FIELDS, ...MONTH_FIELDS]) expect(documentedFields, field).toContain(`\`${field}\``);

    const applicants = (await db
      .admin('scrivania.instances')
      .where({ ente_id: demo.summary.enteId })
      .limit(200)
      .select('applicant_name', 'applicant_tax_code')) as Array<{
      applicant_name: string;
      applicant_tax_code: string;
    }>;
    for (const text of [json, decode(digitisationFile(report, 'csv_procedures').contentBase64)]) {
      expect(text).not.toMatch(/[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]/);
      for (const applicant of applicants) {
        expect(text).not.toContain(applicant.applicant_name);
        expect(text).not.toContain(applicant.applicant_tax_code);
      }
    }
  });

  it('a manager without the whole ente gets the figures of their offices, marked as such', async () => {
    const offices = (await db.admin('scrivania.staff_offices').where({ staff_id: manager.id }).pluck('office_id')) as number[];
    const partial = await readDigitisation(managerDb, period, {
      enteId: demo.summary.enteId,
      staffId: manager.id,
      role: 'manager',
      officeIds: offices,
    });
    expect(partial.wholeEnte).toBe(false);
    expect(partial.received.total).toBeLessThan(report.received.total);
    expect(csvLines(decode(digitisationFile(partial, 'csv_months').contentBase64))[1]).toContain(',uffici,');
  });

  it('exports the dashboard as a CSV of every figure and as a PDF report on the letterhead', async () => {
    const offices = (await db.admin('scrivania.staff_offices').where({ staff_id: manager.id }).pluck('office_id')) as number[];
    const dashboard = await readDashboard(
      managerDb,
      DashboardQuery.parse({ scope: { kind: 'ente' }, from: addDays(today, -89), to: today, riskDays: 20 }),
      { enteId: demo.summary.enteId, staffId: manager.id, role: 'manager', officeIds: offices },
      today,
    );
    const csv = csvLines(decode(dashboardCsv(dashboard).contentBase64));
    expect(csv[0]).toBe('sezione;voce;misura;valore');
    expect(csv).toContain(`situazione_attuale;;scadute;${dashboard.snapshot.overdue}`);
    expect(csv).toContain(
      `periodo;;ricevute;${dashboard.flow.received.toLocaleString('it-IT', { useGrouping: 'always' } as Intl.NumberFormatOptions)}`,
    );
    expect(csv.filter((line) => line.startsWith('settimana;'))).toHaveLength(dashboard.weekly.length * 3);

    const pdf = await dashboardPdf(
      dashboard,
      { name: 'Comune di Montesereno', address: 'Piazza', codiceFiscale: '00000000000', ipaCode: 'c_x', pec: null },
      'Laura Ricci',
    );
    const bytes = Buffer.from(pdf.contentBase64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scv-workload-pdf-')), pdf.filename);
    fs.writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Carichi di lavoro e tempi dei procedimenti');
    expect(text).toContain('Situazione attuale delle pratiche aperte');
    // The charts are drawn with the report's font, so their captions, legends and labels are text.
    expect(text).toContain('Pratiche aperte per anzianità');
    expect(text).toContain('Andamento settimanale');
    expect(text.match(/oltre 180 giorni/g)?.length).toBe(2);
    expect(dashboard.people.length).toBeGreaterThan(0);
    expect(text).toContain('Carico delle persone (carico ponderato sulla capacità)');
    expect(text).toContain(`${Math.round(dashboard.people[0]!.ratio * 100)}%`);
    expect(text).toContain(`Pratiche che diventano silenzio-assenso entro ${dashboard.riskDays} giorni`);
    expect(text).toContain('Laura Ricci');
  });
});
