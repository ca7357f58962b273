import { describe, expect, it } from 'vitest';
import { ageingChart, niceScale, peopleChart, proceduresChart, weeklyChart, CHART_COLOURS } from '../../src/main/workload/reportCharts';
import type { DashboardProcedure, PersonLoad } from '../../src/shared/api/workload';

const AGE_LABELS = { d0_30: '0–30', d31_60: '31–60', d61_90: '61–90', d91_180: '91–180', d181_plus: 'oltre 180' };

interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
}

const bars = (svg: string): Bar[] =>
  [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="([^"]+)"\/>/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    width: Number(m[3]),
    height: Number(m[4]),
    fill: m[5]!,
  }));
const texts = (svg: string) => [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

function person(name: string, ratio: number, level: PersonLoad['level'], absentToday = false): PersonLoad {
  return { staffId: 1, name, openCases: 1, overdue: 0, weightedLoad: ratio * 40, capacityPoints: 40, ratio, level, absentToday };
}

function procedure(name: string, legalTermDays: number, medianLeadDays: number | null): DashboardProcedure {
  return { procedureTypeId: 1, name, legalTermDays, decided: 3, decidedWithinTerm: 2, medianLeadDays };
}

describe('the PDF report draws the dashboard charts as vectors', () => {
  it('rounds the value axis to 1, 2 or 5 times a power of ten, in whole cases', () => {
    expect(niceScale(0)).toEqual({ max: 4, step: 1 });
    expect(niceScale(3)).toEqual({ max: 3, step: 1 });
    expect(niceScale(310)).toEqual({ max: 400, step: 100 });
    expect(niceScale(1234)).toEqual({ max: 1500, step: 500 });
  });

  it('draws one bar per age band, as tall as its count, the bands past 90 days in red', () => {
    const chart = ageingChart(
      [
        { bucket: 'd0_30', count: 300 },
        { bucket: 'd31_60', count: 150 },
        { bucket: 'd61_90', count: 0 },
        { bucket: 'd91_180', count: 75 },
        { bucket: 'd181_plus', count: 30 },
      ],
      AGE_LABELS,
    );
    const drawn = bars(chart.svg);
    expect(drawn).toHaveLength(5);
    expect(drawn[1]!.height * 2).toBeCloseTo(drawn[0]!.height, 1);
    expect(drawn[3]!.height * 4).toBeCloseTo(drawn[0]!.height, 1);
    expect(drawn[2]!.height).toBe(0);
    expect(drawn.map((bar) => bar.fill)).toEqual([
      CHART_COLOURS.received,
      CHART_COLOURS.received,
      CHART_COLOURS.received,
      CHART_COLOURS.late,
      CHART_COLOURS.late,
    ]);
    expect(texts(chart.svg)).toEqual(expect.arrayContaining(['oltre 180', '300', '75']));
  });

  it('draws received and closed bars and the decided line for each week, with thinned week labels', () => {
    const weeks = Array.from({ length: 52 }, (_, index) => ({
      week: `2026-W${index}`,
      received: 10 + index,
      closed: 5,
      decided: index % 7,
    }));
    const chart = weeklyChart(weeks, { received: 'Ricevute', closed: 'Chiuse', decided: 'Decise', week: (w) => w.slice(5) });
    const legendAndBars = bars(chart.svg);
    expect(legendAndBars.filter((bar) => bar.fill === CHART_COLOURS.received)).toHaveLength(52 + 1);
    expect(legendAndBars.filter((bar) => bar.fill === CHART_COLOURS.closed)).toHaveLength(52 + 1);
    const polyline = /<polyline points="([^"]+)"/.exec(chart.svg);
    expect(polyline?.[1]?.split(' ')).toHaveLength(52);
    const weekLabels = texts(chart.svg).filter((label) => label?.startsWith('W'));
    expect(weekLabels.length).toBeGreaterThan(5);
    expect(weekLabels.length).toBeLessThan(52);
    expect(weekLabels[0]).toBe('W0');
  });

  it('marks in red a procedure whose median lead time is past its legal term, and escapes names', () => {
    const chart = proceduresChart(
      [procedure('SCIA "Rossi & Figli" <edilizia>', 30, 45), procedure('CILA', 30, 12.5), procedure('Accesso agli atti', 30, null)],
      { lead: 'Mediana', term: 'Termine legale', days: 'giorni' },
    );
    expect(chart.svg).toContain('SCIA &quot;Rossi &amp; Figli&quot; &lt;edilizia&gt;');
    const leads = bars(chart.svg).filter((bar) => bar.height === 5 && bar.fill !== CHART_COLOURS.term);
    expect(leads.map((bar) => bar.fill)).toEqual([CHART_COLOURS.late, CHART_COLOURS.received]);
    expect(leads[0]!.width / leads[1]!.width).toBeCloseTo(45 / 12.5, 1);
    expect(texts(chart.svg)).toEqual(expect.arrayContaining(['45', '12,5']));
    expect(bars(chart.svg).filter((bar) => bar.fill === CHART_COLOURS.term && bar.height === 5)).toHaveLength(3);
  });

  it('draws each person’s load against the 100% line, absent people named as such', () => {
    const chart = peopleChart([person('Anna', 0.5, 'normal'), person('Bruno', 1.5, 'over', true)], { absent: 'assente oggi' });
    const [anna, bruno] = bars(chart.svg);
    expect(anna?.fill).toBe(CHART_COLOURS.load.normal);
    expect(bruno?.fill).toBe(CHART_COLOURS.load.over);
    expect(bruno!.width / anna!.width).toBeCloseTo(3, 1);
    const full = /<line x1="([\d.]+)" y1="[\d.]+" x2="[\d.]+" y2="[\d.]+" stroke="#a4261d" stroke-width="0.8" stroke-dasharray/.exec(
      chart.svg,
    );
    expect(Number(full?.[1])).toBeCloseTo(anna!.x + anna!.width * 2, 1);
    expect(texts(chart.svg)).toEqual(expect.arrayContaining(['Bruno (assente oggi)', '150%', '50%']));
  });
});
