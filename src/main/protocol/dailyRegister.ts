/**
 * The registro giornaliero di protocollo (DPCM 3 dicembre 2013, art. 7 c. 5): every registration
 * of one register on one day, in number order, with what art. 53 DPR 445/2000 fixes (number, date,
 * correspondent, subject, documents' SHA-256) and the annulments (art. 54), as a PDF to send to
 * preservation by the next working day. Only who keeps the whole register (the protocol office, an
 * administrator) may produce it: anyone else would get a register with holes.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { DailyRegisterDocument, ProtocolChannel, ProtocolDirection, ProtocolEntryDetail } from '../../shared/api/protocol';
import { todayInRome } from '../../shared/domain/calendar';
import { formatProtocolNumber } from '../../shared/domain/protocolNumber';
import { AppError } from '../api/appError';
import { formatBytes, formatDateTime, formatDay, formatInteger, formatLongDay, formatTime } from '../pdf/format';
import { MUTED, standardDocument } from '../pdf/page';
import { renderPdf, type PdfContent } from '../pdf/render';
import { keepsRegister, readDayEntries, readRegisterHeading, resolveRegisterId, type RegisterHeading } from './queries';

export const DIRECTION_LABELS: Record<ProtocolDirection, string> = { incoming: 'Arrivo', outgoing: 'Partenza', internal: 'Interno' };
export const CHANNEL_LABELS: Record<ProtocolChannel, string> = {
  online: 'portale',
  pec: 'PEC',
  email: 'e-mail',
  desk: 'sportello',
  post: 'posta',
  internal: 'interno',
};

export interface DailyRegisterRequest {
  registerId: number | null;
  /** Rome calendar day 'YYYY-MM-DD'. */
  day: string;
  /** The clock (tests): the day may not be after today. */
  now?: Date;
}

export interface DailyRegisterResult extends Omit<DailyRegisterDocument, 'contentBase64'> {
  bytes: Buffer;
}

export interface Operator {
  name: string;
  login: string;
}

export interface DailySummary {
  count: number;
  annulled: number;
  first: string | null;
  last: string | null;
  /** Numbers missing between the first and the last of the day (none in a sound register). */
  missing: number[];
}

export function summarise(entries: ProtocolEntryDetail[]): DailySummary {
  const first = entries[0];
  const last = entries[entries.length - 1];
  const missing: number[] = [];
  for (let i = 1; i < entries.length; i += 1) {
    const previous = entries[i - 1]!;
    const current = entries[i]!;
    if (current.year !== previous.year) continue;
    for (let n = previous.number + 1; n < current.number; n += 1) missing.push(n);
  }
  return {
    count: entries.length,
    annulled: entries.filter((e) => e.annulled).length,
    first: first ? formatProtocolNumber(first.year, first.number) : null,
    last: last ? formatProtocolNumber(last.year, last.number) : null,
    missing,
  };
}

const struck = (entry: ProtocolEntryDetail) => (entry.annulled ? { decoration: 'lineThrough', decorationColor: '#8a1c1c' } : {});

function documentsCell(entry: ProtocolEntryDetail): PdfContent {
  if (entry.documents.length === 0) return { text: 'nessun documento', style: 'muted', italics: true };
  return {
    stack: entry.documents.map((doc) => ({
      margin: [0, 0, 0, 2],
      stack: [
        {
          text: [
            { text: `${doc.position}. ${doc.filename}`, ...struck(entry) },
            { text: `  ${formatBytes(doc.size)}`, color: MUTED },
          ],
          style: 'small',
        },
        { text: `SHA-256 ${doc.sha256.slice(0, 32)}\n${doc.sha256.slice(32)}`, style: 'mono' },
      ],
    })),
  };
}

function annulmentCell(entry: ProtocolEntryDetail): PdfContent {
  if (!entry.annulment) return { text: '—', style: 'muted' };
  const { annulment } = entry;
  return {
    stack: [
      { text: 'ANNULLATA', bold: true, color: '#8a1c1c', fontSize: 8 },
      { text: `il ${formatDateTime(annulment.at)}`, style: 'small' },
      { text: `da ${annulment.byName ?? annulment.login} (${annulment.login})`, style: 'small' },
      { text: `Motivo: ${annulment.reason}`, style: 'small' },
      { text: `Atto: ${annulment.act}`, style: 'small' },
    ],
  };
}

function entryRow(entry: ProtocolEntryDetail): PdfContent[] {
  const correspondent = [entry.correspondentName, entry.correspondentTaxCode, entry.correspondentAddress].filter(Boolean).join('\n');
  const fill = entry.annulled ? { fillColor: '#fbeeee' } : {};
  return [
    { text: formatProtocolNumber(entry.year, entry.number), bold: true, style: 'cell', ...struck(entry), ...fill },
    { text: formatTime(entry.registeredAt), style: 'cell', ...struck(entry), ...fill },
    { text: `${DIRECTION_LABELS[entry.direction]}\n${CHANNEL_LABELS[entry.channel]}`, style: 'cell', ...struck(entry), ...fill },
    { text: correspondent, style: 'cell', ...struck(entry), ...fill },
    {
      stack: [
        { text: entry.subject, style: 'cell', ...struck(entry) },
        { text: `Segnatura: ${entry.segnatura}`, style: 'muted', margin: [0, 2, 0, 0] },
        ...(entry.fascicolo ? [{ text: `Fascicolo ${entry.fascicolo}`, style: 'muted' }] : []),
      ],
      ...fill,
    },
    { text: entry.classificationCode, style: 'cell', ...struck(entry), ...fill },
    { text: entry.officeName, style: 'cell', ...struck(entry), ...fill },
    { ...(documentsCell(entry) as object), ...fill },
    { ...(annulmentCell(entry) as object), ...fill },
  ];
}

const HEADERS = [
  'N. protocollo',
  'Ora',
  'Tipo e mezzo',
  'Mittente / destinatario',
  'Oggetto',
  'Classif.',
  'Ufficio',
  'Documenti e impronte SHA-256',
  'Annullamento',
];

function summaryTable(summary: DailySummary, generatedAt: Date, operator: Operator): PdfContent {
  const numbering =
    summary.count === 0
      ? '—'
      : summary.missing.length === 0
        ? 'consecutiva, nessun numero mancante'
        : `NUMERI MANCANTI: ${summary.missing.map(formatInteger).join(', ')}`;
  const row = (label: string, value: string) => [
    { text: label, style: 'muted' },
    { text: value, fontSize: 9, bold: true },
  ];
  return {
    table: {
      widths: [110, 170, 110, '*'],
      body: [
        [...row('Registrazioni', formatInteger(summary.count)), ...row('Di cui annullate', formatInteger(summary.annulled))],
        [...row('Primo numero', summary.first ?? '—'), ...row('Ultimo numero', summary.last ?? '—')],
        [...row('Numerazione', numbering), ...row('Prodotto il', formatDateTime(generatedAt))],
        [...row('Operatore', `${operator.name} (${operator.login})`), ...row('Fuso orario', 'Europe/Rome (ora italiana)')],
      ],
    },
    layout: {
      hLineWidth: () => 0.5,
      vLineWidth: () => 0,
      hLineColor: () => '#d5dbe3',
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    margin: [0, 0, 0, 12],
  };
}

export function dailyRegisterDefinition(
  heading: RegisterHeading,
  day: string,
  entries: ProtocolEntryDetail[],
  generatedAt: Date,
  operator: Operator,
) {
  const summary = summarise(entries);
  const body: PdfContent =
    entries.length === 0
      ? { text: `Nessuna registrazione in data ${formatDay(day)}.`, fontSize: 11, italics: true, color: MUTED, margin: [0, 16, 0, 0] }
      : {
          table: {
            headerRows: 1,
            dontBreakRows: true,
            widths: [60, 36, 42, 100, '*', 32, 66, 150, 92],
            body: [HEADERS.map((text) => ({ text, style: 'tableHeader' })), ...entries.map(entryRow)],
          },
          layout: {
            hLineWidth: (i: number) => (i <= 1 ? 0 : 0.4),
            vLineWidth: () => 0,
            hLineColor: () => '#c3ccd8',
            paddingTop: () => 3,
            paddingBottom: () => 3,
            paddingLeft: () => 3,
            paddingRight: () => 3,
          },
        };
  return standardDocument({
    ente: heading.ente,
    title: `Registro giornaliero di protocollo ${heading.aooCode} del ${formatDay(day)}`,
    orientation: 'landscape',
    author: operator.name,
    footerNote: `Registro giornaliero di protocollo · ${heading.ente.ipaCode} · AOO ${heading.aooCode} · ${formatDay(day)}`,
    content: [
      { text: 'Registro giornaliero di protocollo', style: 'title' },
      { text: `${heading.registerName} · AOO ${heading.aooCode} · ${formatLongDay(day)}`, style: 'subtitle' },
      summaryTable(summary, generatedAt, operator),
      body,
      {
        text:
          'Registro prodotto automaticamente dal sistema di protocollo informatico ai sensi dell’art. 53 del DPR 445/2000 e dell’art. 7, ' +
          'comma 5, del DPCM 3 dicembre 2013, da trasmettere al sistema di conservazione entro la giornata lavorativa successiva. ' +
          'Le registrazioni annullate restano leggibili, con data, operatore, motivo e atto di autorizzazione (art. 54 DPR 445/2000).',
        style: 'muted',
        margin: [0, 14, 0, 0],
      },
    ],
  });
}

function filenameFor(heading: RegisterHeading, day: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]+/g, '-');
  return `registro-giornaliero_${safe(heading.ente.ipaCode)}_${safe(heading.aooCode)}_${day}.pdf`;
}

async function currentOperator(db: Knex | Knex.Transaction): Promise<Operator | null> {
  const row = (await db('scrivania.staff').whereRaw('id = scrivania.current_staff_id()').first('full_name', 'username')) as
    { full_name: string; username: string } | undefined;
  return row ? { name: row.full_name, login: row.username } : null;
}

/**
 * Produces the registro giornaliero of `day` for a register (default: the ente's first active
 * one), reading one consistent snapshot. A day after today is refused; a day without
 * registrations still gives a register that says so.
 */
export async function produceDailyRegister(db: Knex, request: DailyRegisterRequest): Promise<DailyRegisterResult> {
  const now = request.now ?? new Date();
  if (request.day > todayInRome(now)) throw new AppError('validation', `Day ${request.day} is in the future`, 'day_in_future');
  return db.transaction(
    async (trx) => {
      const registerId = await resolveRegisterId(trx, request.registerId);
      if (registerId === null) throw new AppError('not_found', 'No such protocol register', 'register_not_found');
      if (!(await keepsRegister(trx, registerId))) {
        throw new AppError('forbidden', 'Only the protocol office produces the daily register', 'daily_register_not_allowed');
      }
      const operator = await currentOperator(trx);
      const heading = await readRegisterHeading(trx, registerId);
      if (!operator || !heading) throw new AppError('forbidden', 'Not a staff member of this ente', 'daily_register_not_allowed');
      const entries = await readDayEntries(trx, registerId, request.day);
      const bytes = await renderPdf(dailyRegisterDefinition(heading, request.day, entries, now, operator));
      const summary = summarise(entries);
      return {
        registerId,
        aooCode: heading.aooCode,
        day: request.day,
        filename: filenameFor(heading, request.day),
        entries: summary.count,
        annulled: summary.annulled,
        generatedAt: now.toISOString(),
        sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
        bytes,
      };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}
