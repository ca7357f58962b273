/**
 * The dashboard as files: a CSV in long form (section, item, measure, value: one figure per row,
 * easy to filter and pivot in a spreadsheet) and a PDF report on the ente's letterhead with the
 * same figures in tables and the dashboard's charts drawn as vectors. Both in Italian: they are
 * documents of the ente.
 */
import type { Dashboard, ExportFile } from '../../shared/api/workload';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import { AGEING_BUCKETS, type AgeingBucketId } from '../../shared/domain/workload';
import { formatDateTime, formatDay } from '../pdf/format';
import { MUTED, standardDocument, type EnteLetterhead } from '../pdf/page';
import { renderPdf, type PdfContent } from '../pdf/render';
import { csvDocument } from './csv';
import {
  ageingChart,
  CHART_ROWS_PER_PAGE,
  formatFigure,
  peopleChart,
  proceduresChart,
  weeklyChart,
  type ReportChart,
} from './reportCharts';

const AGE_LABELS: Record<AgeingBucketId, string> = {
  d0_30: '0–30 giorni',
  d31_60: '31–60 giorni',
  d61_90: '61–90 giorni',
  d91_180: '91–180 giorni',
  d181_plus: 'oltre 180 giorni',
};

const SCOPE_KIND_LABELS: Record<Dashboard['scope']['kind'], string> = {
  ente: 'Ente',
  office: 'Ufficio',
  person: 'Persona',
  procedure: 'Procedimento',
};

const percent = new Intl.NumberFormat('it-IT', { style: 'percent', maximumFractionDigits: 1 });
const number = (value: number | null) => (value === null ? '' : formatFigure(value));
const share = (value: number | null) => (value === null ? '' : percent.format(value));

/** [section, item, measure, value] rows: the whole dashboard, one figure each. */
export function dashboardRows(dashboard: Dashboard): string[][] {
  const rows: string[][] = [
    ['ambito', SCOPE_KIND_LABELS[dashboard.scope.kind], 'nome', dashboard.scope.name],
    ['periodo', '', 'dal', dashboard.from],
    ['periodo', '', 'al', dashboard.to],
    ['periodo', '', 'situazione_al', dashboard.today],
    ['periodo', '', 'giorni_rischio_silenzio_assenso', String(dashboard.riskDays)],
  ];
  const snapshot = dashboard.snapshot;
  const now: Array<[string, number]> = [
    ['aperte', snapshot.open],
    ['non_assegnate', snapshot.unassigned],
    ['termine_sospeso_o_interrotto', snapshot.paused],
    ['scadute', snapshot.overdue],
    ['in_scadenza_7_giorni', snapshot.dueWithin7],
    ['rischio_silenzio_assenso', snapshot.tacitRisk],
    ['silenzio_assenso_maturato', snapshot.tacitMatured],
  ];
  for (const [measure, value] of now) rows.push(['situazione_attuale', '', measure, number(value)]);
  for (const age of snapshot.ageing) rows.push(['anzianita_aperte', AGE_LABELS[age.bucket], 'aperte', number(age.count)]);
  const flow = dashboard.flow;
  const period: Array<[string, string]> = [
    ['ricevute', number(flow.received)],
    ['chiuse', number(flow.closed)],
    ['ritirate', number(flow.withdrawn)],
    ['decise', number(flow.decided)],
    ['decise_entro_termine', number(flow.decidedWithinTerm)],
    ['quota_entro_termine', share(flow.withinTermShare)],
    ['mediana_giorni_conclusione', number(flow.medianLeadDays)],
    ['mediana_termine_legale_giorni', number(flow.medianLegalTermDays)],
    ['decise_dopo_richiesta_integrazione', number(flow.decidedAfterIntegration)],
    ['decise_dopo_preavviso_rigetto', number(flow.decidedAfterPreavviso)],
    ['decise_dopo_richiesta_conformazione', number(flow.decidedAfterConformation)],
  ];
  for (const [measure, value] of period) rows.push(['periodo', '', measure, value]);
  for (const week of dashboard.weekly) {
    rows.push(['settimana', week.week, 'ricevute', number(week.received)]);
    rows.push(['settimana', week.week, 'chiuse', number(week.closed)]);
    rows.push(['settimana', week.week, 'decise', number(week.decided)]);
  }
  for (const procedure of dashboard.byProcedure) {
    rows.push(['procedimento', procedure.name, 'termine_legale_giorni', number(procedure.legalTermDays)]);
    rows.push(['procedimento', procedure.name, 'decise', number(procedure.decided)]);
    rows.push(['procedimento', procedure.name, 'decise_entro_termine', number(procedure.decidedWithinTerm)]);
    rows.push(['procedimento', procedure.name, 'mediana_giorni_conclusione', number(procedure.medianLeadDays)]);
  }
  for (const person of dashboard.people) {
    rows.push(['persona', person.name, 'aperte', number(person.openCases)]);
    rows.push(['persona', person.name, 'scadute', number(person.overdue)]);
    rows.push(['persona', person.name, 'carico_ponderato', number(person.weightedLoad)]);
    rows.push(['persona', person.name, 'capacita', number(person.capacityPoints)]);
    rows.push(['persona', person.name, 'carico_su_capacita', share(person.ratio)]);
  }
  for (const risk of dashboard.tacitRisk) {
    const protocol = formatProtocolNumber(risk.protocolYear, risk.protocolNumber);
    rows.push(['rischio_silenzio_assenso', protocol, 'procedimento', risk.procedureName]);
    rows.push(['rischio_silenzio_assenso', protocol, 'assegnatario', risk.assigneeName ?? '']);
    rows.push(['rischio_silenzio_assenso', protocol, 'scadenza', risk.dueDate]);
    rows.push(['rischio_silenzio_assenso', protocol, 'silenzio_assenso_dal', risk.tacitApprovalOn]);
  }
  return rows;
}

function fileBase(dashboard: Dashboard): string {
  const scope = dashboard.scope.name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  return `carichi-di-lavoro_${scope || dashboard.scope.kind}_${dashboard.from}_${dashboard.to}`;
}

export function dashboardCsv(dashboard: Dashboard): ExportFile {
  const text = csvDocument(['sezione', 'voce', 'misura', 'valore'], dashboardRows(dashboard), { separator: ';', byteOrderMark: true });
  return {
    filename: `${fileBase(dashboard)}.csv`,
    contentType: 'text/csv; charset=utf-8',
    contentBase64: Buffer.from(text, 'utf8').toString('base64'),
  };
}

const dayAndMonth = (day: string) => formatDay(day).slice(0, 5);

function chart(figure: ReportChart): { svg: string; width: number; height: number } {
  return { svg: figure.svg, width: figure.width, height: figure.height };
}

/** A section's title and its row chart, split into page-sized charts; the title stays with the first. */
function chartSection<T>(title: string, rows: T[], draw: (page: T[]) => ReportChart): PdfContent[] {
  const pages: PdfContent[] = [];
  for (let start = 0; start < rows.length; start += CHART_ROWS_PER_PAGE) {
    const figure = { ...chart(draw(rows.slice(start, start + CHART_ROWS_PER_PAGE))), margin: [0, 0, 0, 6] };
    pages.push(start === 0 ? { unbreakable: true, stack: [{ text: title, style: 'sectionTitle' }, figure] } : figure);
  }
  return pages;
}

function chartWithCaption(caption: string, figure: ReportChart): PdfContent {
  return { width: figure.width, stack: [{ text: caption, style: 'small', bold: true, margin: [0, 0, 0, 3] }, chart(figure)] };
}

function table(headers: string[], body: string[][], widths: Array<number | string>, numericFrom = 1): PdfContent {
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths,
      body: [
        headers.map((text) => ({ text, style: 'tableHeader' })),
        ...body.map((row) => row.map((text, index) => ({ text, style: 'cell', alignment: index >= numericFrom ? 'right' : 'left' }))),
      ],
    },
    layout: {
      hLineWidth: (i: number) => (i <= 1 ? 0 : 0.4),
      vLineWidth: () => 0,
      hLineColor: () => '#c3ccd8',
      paddingTop: () => 2.5,
      paddingBottom: () => 2.5,
      paddingLeft: () => 3,
      paddingRight: () => 3,
    },
  };
}

export function dashboardDefinition(dashboard: Dashboard, ente: EnteLetterhead, author: string, generatedAt: Date) {
  const s = dashboard.snapshot;
  const f = dashboard.flow;
  const scope = `${SCOPE_KIND_LABELS[dashboard.scope.kind]}: ${dashboard.scope.name}`;
  const content: PdfContent[] = [
    { text: 'Carichi di lavoro e tempi dei procedimenti', style: 'title' },
    {
      text: `${scope} · periodo dal ${formatDay(dashboard.from)} al ${formatDay(dashboard.to)} · situazione al ${formatDay(dashboard.today)}`,
      style: 'subtitle',
    },
    { text: 'Situazione attuale delle pratiche aperte', style: 'sectionTitle' },
    table(
      [
        'Aperte',
        'Non assegnate',
        'Termine sospeso o interrotto',
        'Scadute',
        'In scadenza entro 7 giorni',
        `Silenzio-assenso entro ${dashboard.riskDays} giorni`,
        'Silenzio-assenso maturato',
      ],
      [[s.open, s.unassigned, s.paused, s.overdue, s.dueWithin7, s.tacitRisk, s.tacitMatured].map(number)],
      ['*', '*', '*', '*', '*', '*', '*'],
      0,
    ),
    { text: 'Anzianità delle pratiche aperte (giorni dal ricevimento)', style: 'sectionTitle' },
    table(
      AGEING_BUCKETS.map((b) => AGE_LABELS[b.id]),
      [s.ageing.map((a) => number(a.count))],
      AGEING_BUCKETS.map(() => '*'),
      0,
    ),
    { text: 'Nel periodo', style: 'sectionTitle' },
    table(
      [
        'Ricevute',
        'Chiuse',
        'di cui ritirate',
        'Decise',
        'Decise entro il termine',
        'Quota entro il termine',
        'Mediana giorni alla decisione',
        'Mediana termine legale',
      ],
      [
        [
          number(f.received),
          number(f.closed),
          number(f.withdrawn),
          number(f.decided),
          number(f.decidedWithinTerm),
          share(f.withinTermShare),
          number(f.medianLeadDays),
          number(f.medianLegalTermDays),
        ],
      ],
      ['*', '*', '*', '*', '*', '*', '*', '*'],
      0,
    ),
    {
      text:
        `Decisioni precedute da richiesta di integrazione (art. 2 c. 7 L. 241/1990): ${number(f.decidedAfterIntegration)}; ` +
        `da preavviso di rigetto (art. 10-bis): ${number(f.decidedAfterPreavviso)}; ` +
        `da richiesta di conformazione (art. 19 c. 3): ${number(f.decidedAfterConformation)}.`,
      style: 'small',
      margin: [0, 4, 0, 0],
    },
    {
      unbreakable: true,
      margin: [0, 12, 0, 0],
      columnGap: 10,
      columns: [
        chartWithCaption('Pratiche aperte per anzianità', ageingChart(s.ageing, AGE_LABELS)),
        chartWithCaption(
          'Andamento settimanale (settimane dal lunedì)',
          weeklyChart(dashboard.weekly, { received: 'Ricevute', closed: 'Chiuse', decided: 'Decise', week: dayAndMonth }),
        ),
      ],
    },
  ];
  if (dashboard.byProcedure.length > 0) {
    content.push(
      ...chartSection('Tempi per procedimento', dashboard.byProcedure, (rows) =>
        proceduresChart(rows, { lead: 'Mediana giorni alla decisione', term: 'Termine legale', days: 'giorni' }),
      ),
      table(
        ['Procedimento', 'Termine legale (giorni)', 'Decise', 'Entro il termine', 'Mediana giorni'],
        dashboard.byProcedure.map((p) => [
          p.name,
          number(p.legalTermDays),
          number(p.decided),
          number(p.decidedWithinTerm),
          number(p.medianLeadDays),
        ]),
        ['*', 70, 50, 60, 60],
      ),
    );
  }
  if (dashboard.people.length > 0) {
    content.push(
      ...chartSection('Carico delle persone (carico ponderato sulla capacità)', dashboard.people, (rows) =>
        peopleChart(rows, { absent: 'assente oggi' }),
      ),
      table(
        ['Persona', 'Aperte', 'Scadute', 'Carico ponderato', 'Capacità', 'Carico su capacità', 'Assente oggi'],
        dashboard.people.map((p) => [
          p.name,
          number(p.openCases),
          number(p.overdue),
          number(p.weightedLoad),
          number(p.capacityPoints),
          share(p.ratio),
          p.absentToday ? 'sì' : '',
        ]),
        ['*', 45, 45, 60, 50, 60, 50],
      ),
    );
  }
  content.push({ text: `Pratiche che diventano silenzio-assenso entro ${dashboard.riskDays} giorni`, style: 'sectionTitle' });
  content.push(
    dashboard.tacitRisk.length === 0
      ? { text: 'Nessuna.', style: 'small', color: MUTED }
      : table(
          ['Protocollo', 'Procedimento', 'Richiedente', 'Assegnatario', 'Scadenza', 'Silenzio-assenso dal'],
          dashboard.tacitRisk.map((r) => [
            formatProtocolNumber(r.protocolYear, r.protocolNumber),
            r.procedureName,
            r.applicantName,
            r.assigneeName ?? 'non assegnata',
            formatDay(r.dueDate),
            formatDay(r.tacitApprovalOn),
          ]),
          [62, '*', 110, 90, 52, 70],
          4,
        ),
  );
  content.push({
    text:
      'Le scadenze tengono conto delle sospensioni e delle interruzioni dei termini registrate nella storia di ciascuna pratica ' +
      '(L. 241/1990 artt. 2, 10-bis, 19, 20). ' +
      `Report prodotto da Scrivania il ${formatDateTime(generatedAt)} per ${author}.`,
    style: 'muted',
    margin: [0, 14, 0, 0],
  });
  return standardDocument({
    ente,
    title: `Carichi di lavoro — ${dashboard.scope.name} — ${formatDay(dashboard.from)}–${formatDay(dashboard.to)}`,
    orientation: 'landscape',
    author,
    footerNote: `Carichi di lavoro · ${scope} · ${formatDay(dashboard.from)}–${formatDay(dashboard.to)}`,
    content,
  });
}

export async function dashboardPdf(
  dashboard: Dashboard,
  ente: EnteLetterhead,
  author: string,
  generatedAt = new Date(),
): Promise<ExportFile> {
  const bytes = await renderPdf(dashboardDefinition(dashboard, ente, author, generatedAt));
  return { filename: `${fileBase(dashboard)}.pdf`, contentType: 'application/pdf', contentBase64: bytes.toString('base64') };
}
