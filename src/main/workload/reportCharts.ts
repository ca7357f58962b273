/**
 * The dashboard's charts for the PDF report, as vector SVG that pdfmake draws with the report's own
 * font: the same four figures as on screen (age of the open cases, weekly throughput, median lead
 * time against the legal term per procedure, each person's load against capacity) and the same
 * colours, so the printed report reads like the dashboard. Pure functions of the dashboard's data;
 * the row charts take at most a page's worth of rows (see CHART_ROWS_PER_PAGE).
 */
import type { Dashboard, DashboardProcedure, DashboardWeek, PersonLoad } from '../../shared/api/workload';
import { AGEING_BUCKETS, type AgeingBucketId } from '../../shared/domain/workload';
import { formatInteger } from '../pdf/format';
import { PDF_FONT } from '../pdf/render';

export const CHART_COLOURS = {
  received: '#1f4e8c',
  closed: '#2e8b57',
  decided: '#c27c0e',
  term: '#9aa5b1',
  late: '#a4261d',
  load: { light: '#7fa7d9', normal: '#2e8b57', high: '#c27c0e', over: '#a4261d' },
  axis: '#b8c1cc',
  grid: '#e6eaef',
  label: '#56616e',
  ink: '#1c2733',
} as const;

/** One chart: its SVG and the size it is drawn at, in PDF points. */
export interface ReportChart {
  svg: string;
  width: number;
  height: number;
}

const decimal = new Intl.NumberFormat('it-IT', { useGrouping: 'always', maximumFractionDigits: 1 });

/** A figure of the report as it is printed: whole numbers grouped ('1.234'), others to one decimal ('42,5'). */
export function formatFigure(value: number): string {
  return Number.isInteger(value) ? formatInteger(value) : decimal.format(value);
}

const FONT_SIZE = 7;
const AXIS_WIDTH = 34;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

const round = (value: number) => Math.round(value * 100) / 100;

function text(
  x: number,
  y: number,
  content: string,
  options: { anchor?: 'start' | 'middle' | 'end'; colour?: string; size?: number } = {},
) {
  return (
    `<text x="${round(x)}" y="${round(y)}" font-family="${PDF_FONT}" font-size="${options.size ?? FONT_SIZE}" ` +
    `fill="${options.colour ?? CHART_COLOURS.label}" text-anchor="${options.anchor ?? 'start'}">${escapeXml(content)}</text>`
  );
}

function rect(x: number, y: number, width: number, height: number, colour: string) {
  return `<rect x="${round(x)}" y="${round(y)}" width="${round(Math.max(0, width))}" height="${round(Math.max(0, height))}" fill="${colour}"/>`;
}

function line(x1: number, y1: number, x2: number, y2: number, colour: string, options: { width?: number; dashed?: boolean } = {}) {
  return (
    `<line x1="${round(x1)}" y1="${round(y1)}" x2="${round(x2)}" y2="${round(y2)}" stroke="${colour}" ` +
    `stroke-width="${options.width ?? 0.5}"${options.dashed ? ' stroke-dasharray="3 2"' : ''}/>`
  );
}

function svgDocument(width: number, height: number, parts: string[]): ReportChart {
  return {
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`,
    width,
    height,
  };
}

/** A round axis maximum and its step (1, 2 or 5 times a power of ten) for values up to `max`. */
export function niceScale(max: number, ticks = 4): { max: number; step: number } {
  if (!(max > 0)) return { max: ticks, step: 1 };
  const rough = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const wholeStep = Math.max(step, 1);
  return { max: Math.ceil(max / wholeStep) * wholeStep, step: wholeStep };
}

interface Legend {
  label: string;
  colour: string;
}

function legend(items: Legend[], x: number, y: number): string[] {
  let cursor = x;
  return items.flatMap((item) => {
    const parts = [rect(cursor, y - 6, 8, 6, item.colour), text(cursor + 11, y, item.label, { colour: CHART_COLOURS.ink })];
    cursor += 11 + item.label.length * 3.6 + 14;
    return parts;
  });
}

/** Value axis grid lines and labels of a vertical chart whose plot spans [top, bottom]. */
function verticalGrid(scale: { max: number; step: number }, left: number, right: number, top: number, bottom: number): string[] {
  const parts: string[] = [];
  for (let value = 0; value <= scale.max; value += scale.step) {
    const y = bottom - ((bottom - top) * value) / scale.max;
    parts.push(line(left, y, right, y, value === 0 ? CHART_COLOURS.axis : CHART_COLOURS.grid));
    parts.push(text(left - 4, y + 2.4, formatInteger(value), { anchor: 'end' }));
  }
  return parts;
}

/** Value axis grid lines and labels of a horizontal chart whose plot spans [left, right]. */
function horizontalGrid(
  scale: { max: number; step: number },
  left: number,
  right: number,
  top: number,
  bottom: number,
  unit = '',
): string[] {
  const parts: string[] = [];
  for (let value = 0; value <= scale.max; value += scale.step) {
    const x = left + ((right - left) * value) / scale.max;
    parts.push(line(x, top, x, bottom, value === 0 ? CHART_COLOURS.axis : CHART_COLOURS.grid));
    parts.push(text(x, bottom + 9, `${formatInteger(value)}${unit}`, { anchor: 'middle' }));
  }
  return parts;
}

function truncate(label: string, maxChars: number): string {
  return label.length <= maxChars ? label : `${label.slice(0, maxChars - 1).trimEnd()}…`;
}

/** Where the columns of a vertical chart stand: under `top`, right of the value axis, above the labels. */
function columnPlot(width: number, height: number, top: number) {
  return { top, bottom: height - 20, left: AXIS_WIDTH, right: width - 6 };
}

/** Open cases by age: one bar per band, the bands past 90 days in the colour of lateness. */
export function ageingChart(
  ageing: Dashboard['snapshot']['ageing'],
  labels: Record<AgeingBucketId, string>,
  width = 300,
  height = 138,
): ReportChart {
  const { top, bottom, left, right } = columnPlot(width, height, 14);
  const counts = AGEING_BUCKETS.map((b) => ageing.find((a) => a.bucket === b.id)?.count ?? 0);
  const scale = niceScale(Math.max(...counts));
  const slot = (right - left) / counts.length;
  const barWidth = Math.min(40, slot * 0.6);
  const parts = verticalGrid(scale, left, right, top, bottom);
  counts.forEach((count, index) => {
    const barHeight = ((bottom - top) * count) / scale.max;
    const x = left + slot * index + (slot - barWidth) / 2;
    parts.push(rect(x, bottom - barHeight, barWidth, barHeight, index >= 3 ? CHART_COLOURS.late : CHART_COLOURS.received));
    parts.push(text(x + barWidth / 2, bottom - barHeight - 3, formatInteger(count), { anchor: 'middle', colour: CHART_COLOURS.ink }));
    parts.push(text(left + slot * index + slot / 2, bottom + 10, labels[AGEING_BUCKETS[index]!.id], { anchor: 'middle' }));
  });
  return svgDocument(width, height, parts);
}

/** Received and closed per week as bars, decided as a line; week labels thinned to stay legible. */
export function weeklyChart(
  weeks: DashboardWeek[],
  labels: { received: string; closed: string; decided: string; week(monday: string): string },
  width = 460,
  height = 138,
): ReportChart {
  const { top, bottom, left, right } = columnPlot(width, height, 22);
  const scale = niceScale(Math.max(0, ...weeks.flatMap((w) => [w.received, w.closed, w.decided])));
  const parts = [
    ...legend(
      [
        { label: labels.received, colour: CHART_COLOURS.received },
        { label: labels.closed, colour: CHART_COLOURS.closed },
        { label: labels.decided, colour: CHART_COLOURS.decided },
      ],
      left,
      8,
    ),
    ...verticalGrid(scale, left, right, top, bottom),
  ];
  if (weeks.length === 0) return svgDocument(width, height, parts);
  const slot = (right - left) / weeks.length;
  const barWidth = Math.max(0.4, Math.min(12, slot * 0.38));
  const y = (value: number) => bottom - ((bottom - top) * value) / scale.max;
  const labelEvery = Math.max(1, Math.ceil(weeks.length / Math.floor((right - left) / 34)));
  const points: string[] = [];
  weeks.forEach((week, index) => {
    const centre = left + slot * index + slot / 2;
    parts.push(rect(centre - barWidth, y(week.received), barWidth, bottom - y(week.received), CHART_COLOURS.received));
    parts.push(rect(centre, y(week.closed), barWidth, bottom - y(week.closed), CHART_COLOURS.closed));
    points.push(`${round(centre)},${round(y(week.decided))}`);
    if (index % labelEvery === 0) parts.push(text(centre, bottom + 10, labels.week(week.week), { anchor: 'middle' }));
  });
  parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${CHART_COLOURS.decided}" stroke-width="1.4"/>`);
  if (weeks.length <= 60) {
    for (const point of points) {
      const [cx, cy] = point.split(',');
      parts.push(`<circle cx="${cx}" cy="${cy}" r="1.8" fill="${CHART_COLOURS.decided}"/>`);
    }
  }
  return svgDocument(width, height, parts);
}

const ROW_HEIGHT = 15;
/** Rows of a row chart that fit on a landscape page under a section title. */
export const CHART_ROWS_PER_PAGE = 24;

/** Per procedure: the median days to a decision (red when past the term) beside the legal term. */
export function proceduresChart(
  procedures: DashboardProcedure[],
  labels: { lead: string; term: string; days: string },
  width = 770,
): ReportChart {
  const top = 20;
  const bottom = top + ROW_HEIGHT * procedures.length;
  const height = bottom + 22;
  const left = 220;
  const right = width - 40;
  const scale = niceScale(Math.max(1, ...procedures.flatMap((p) => [p.medianLeadDays ?? 0, p.legalTermDays])), 6);
  const x = (value: number) => left + ((right - left) * value) / scale.max;
  const parts = [
    ...legend(
      [
        { label: labels.lead, colour: CHART_COLOURS.received },
        { label: labels.term, colour: CHART_COLOURS.term },
      ],
      left,
      8,
    ),
    ...horizontalGrid(scale, left, right, top, bottom),
    text(right + 12, bottom + 9, labels.days),
  ];
  procedures.forEach((procedure, index) => {
    const rowTop = top + ROW_HEIGHT * index;
    const lead = procedure.medianLeadDays;
    parts.push(text(left - 6, rowTop + ROW_HEIGHT / 2 + 2.4, truncate(procedure.name, 58), { anchor: 'end', colour: CHART_COLOURS.ink }));
    if (lead !== null) {
      parts.push(rect(left, rowTop + 2, x(lead) - left, 5, lead > procedure.legalTermDays ? CHART_COLOURS.late : CHART_COLOURS.received));
      parts.push(text(x(lead) + 3, rowTop + 7, formatFigure(lead), { colour: CHART_COLOURS.ink, size: 6 }));
    }
    parts.push(rect(left, rowTop + 7.5, x(procedure.legalTermDays) - left, 5, CHART_COLOURS.term));
  });
  return svgDocument(width, height, parts);
}

/** Each person's weighted load as a share of capacity, with the 100% line. */
export function peopleChart(people: PersonLoad[], labels: { absent: string }, width = 770): ReportChart {
  const top = 6;
  const bottom = top + ROW_HEIGHT * people.length;
  const height = bottom + 16;
  const left = 170;
  const right = width - 40;
  const percents = people.map((p) => (Number.isFinite(p.ratio) ? Math.round(p.ratio * 100) : 0));
  const scale = niceScale(Math.max(100, ...percents), 5);
  const x = (value: number) => left + ((right - left) * value) / scale.max;
  const parts = horizontalGrid(scale, left, right, top, bottom, '%');
  people.forEach((person, index) => {
    const rowTop = top + ROW_HEIGHT * index;
    const percent = percents[index] ?? 0;
    const name = person.absentToday ? `${person.name} (${labels.absent})` : person.name;
    parts.push(text(left - 6, rowTop + ROW_HEIGHT / 2 + 2.4, truncate(name, 44), { anchor: 'end', colour: CHART_COLOURS.ink }));
    parts.push(rect(left, rowTop + 3, x(percent) - left, ROW_HEIGHT - 6, CHART_COLOURS.load[person.level]));
    parts.push(text(x(percent) + 3, rowTop + ROW_HEIGHT / 2 + 2.4, `${formatInteger(percent)}%`, { colour: CHART_COLOURS.ink }));
  });
  parts.push(line(x(100), top - 2, x(100), bottom, CHART_COLOURS.late, { width: 0.8, dashed: true }));
  return svgDocument(width, height, parts);
}
