/**
 * Digitisation monitoring: how much of the catalogue can be started online, how much of what
 * arrives comes online (by channel and month), and how long each procedure takes against its legal
 * term. Aggregates only — counts, shares, medians — so the files can be published as open data and
 * used for the process figures the ente reports. Fields are documented in docs/open-data/.
 */
import type { Knex } from 'knex';
import type { DigitisationMonth, DigitisationProcedure, DigitisationReport, ExportFile } from '../../shared/api/workload';
import type { IsoDate } from '../../shared/domain/calendar';
import { todayInRome } from '../../shared/domain/calendar';
import { shareOf } from '../../shared/domain/workload';
import { AppError } from '../api/appError';
import { checkedPeriod, readFiguresWithRollUp, type DashboardReader } from './dashboardService';
import { selectCatalogue, selectEnteIdentity, selectReceivedByChannel } from './digitisationQueries';
import { csvDocument } from './csv';
import { selectScopeVisibility } from './visibilityQueries';

export async function readDigitisation(
  db: Knex,
  period: { from: IsoDate; to: IsoDate },
  reader: DashboardReader,
  now: Date = new Date(),
): Promise<DigitisationReport> {
  if (reader.role !== 'manager' && reader.role !== 'admin') throw new AppError('forbidden', 'Managers only', 'managers_only');
  const today = todayInRome(now);
  checkedPeriod(period.from, period.to, today);
  const figures = await readFiguresWithRollUp(
    db,
    { scope: { kind: 'ente' }, from: period.from, to: period.to, riskDays: 10 },
    reader.enteId,
    today,
  );
  const [ente, catalogue, received, visibility] = await Promise.all([
    selectEnteIdentity(db),
    selectCatalogue(db),
    selectReceivedByChannel(db, reader.enteId, period.from, period.to),
    selectScopeVisibility(db),
  ]);

  const byMonth = new Map<string, DigitisationMonth>();
  const receivedByProcedure = new Map<number, { total: number; online: number }>();
  for (const row of received) {
    const month = byMonth.get(row.month) ?? { month: row.month, online: 0, pec: 0, desk: 0, total: 0, onlineShare: null };
    month[row.channel] += row.received;
    month.total += row.received;
    byMonth.set(row.month, month);
    const procedure = receivedByProcedure.get(row.procedure_type_id) ?? { total: 0, online: 0 };
    procedure.total += row.received;
    if (row.channel === 'online') procedure.online += row.received;
    receivedByProcedure.set(row.procedure_type_id, procedure);
  }
  const months = [...byMonth.values()]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((month) => ({ ...month, onlineShare: shareOf(month.online, month.total) }));
  const decidedByProcedure = new Map(figures.byProcedure.map((p) => [p.procedureTypeId, p]));
  // Processing figures only for the procedures whose cases the reader sees (the catalogue's share is the ente's).
  const visibleOffices = new Set(reader.officeIds);
  const readable =
    visibility.wholeEnte || reader.role === 'admin' ? catalogue : catalogue.filter((entry) => visibleOffices.has(entry.office_id));
  const procedures: DigitisationProcedure[] = readable.map((entry) => {
    const decided = decidedByProcedure.get(entry.id);
    const arrived = receivedByProcedure.get(entry.id);
    return {
      code: entry.code,
      name: entry.name,
      office: entry.office,
      legalTermDays: entry.legal_term_days,
      onlineAvailable: entry.online_available,
      received: arrived?.total ?? 0,
      receivedOnline: arrived?.online ?? 0,
      decided: decided?.decided ?? 0,
      decidedWithinTerm: decided?.decidedWithinTerm ?? 0,
      medianLeadDays: decided?.medianLeadDays ?? null,
    };
  });
  const totals = months.reduce(
    (sum, month) => ({ online: sum.online + month.online, pec: sum.pec + month.pec, desk: sum.desk + month.desk }),
    {
      online: 0,
      pec: 0,
      desk: 0,
    },
  );
  const total = totals.online + totals.pec + totals.desk;
  const onlineProcedures = catalogue.filter((entry) => entry.online_available).length;
  return {
    ente: { name: ente.name, istatCode: ente.istat_code, ipaCode: ente.ipa_code },
    wholeEnte: visibility.wholeEnte || reader.role === 'admin',
    from: period.from,
    to: period.to,
    generatedAt: now.toISOString(),
    catalogue: { procedures: catalogue.length, onlineProcedures, onlineShare: shareOf(onlineProcedures, catalogue.length) },
    received: { total, ...totals, onlineShare: shareOf(totals.online, total) },
    months,
    procedures,
  };
}

/** Shares as decimals with four digits (0.1234), the way open data expects them. */
const share = (value: number | null) => (value === null ? '' : value.toFixed(4));

export function digitisationFile(report: DigitisationReport, format: 'json' | 'csv_procedures' | 'csv_months'): ExportFile {
  const base = `digitalizzazione_${report.ente.ipaCode}_${report.from}_${report.to}`;
  if (format === 'json') {
    return {
      filename: `${base}.json`,
      contentType: 'application/json',
      contentBase64: Buffer.from(JSON.stringify(report, null, 2), 'utf8').toString('base64'),
    };
  }
  const common = [report.ente.istatCode, report.ente.ipaCode, report.from, report.to, report.wholeEnte ? 'ente' : 'uffici'];
  const commonHeader = ['codice_istat', 'codice_ipa', 'periodo_dal', 'periodo_al', 'copertura'];
  const document =
    format === 'csv_procedures'
      ? csvDocument(
          [
            ...commonHeader,
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
          ],
          report.procedures.map((p) => [
            ...common,
            p.code,
            p.name,
            p.office,
            String(p.legalTermDays),
            p.onlineAvailable ? 'true' : 'false',
            String(p.received),
            String(p.receivedOnline),
            share(shareOf(p.receivedOnline, p.received)),
            String(p.decided),
            String(p.decidedWithinTerm),
            share(shareOf(p.decidedWithinTerm, p.decided)),
            p.medianLeadDays === null ? '' : String(p.medianLeadDays),
          ]),
          { separator: ',' },
        )
      : csvDocument(
          [...commonHeader, 'mese', 'istanze_online', 'istanze_pec', 'istanze_sportello', 'istanze_totali', 'quota_online'],
          report.months.map((m) => [
            ...common,
            m.month,
            String(m.online),
            String(m.pec),
            String(m.desk),
            String(m.total),
            share(m.onlineShare),
          ]),
          { separator: ',' },
        );
  return {
    filename: `${base}_${format === 'csv_procedures' ? 'procedimenti' : 'mesi'}.csv`,
    contentType: 'text/csv; charset=utf-8',
    contentBase64: Buffer.from(document, 'utf8').toString('base64'),
  };
}
