import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/shared/api/workload';
import { DrillQuery } from '../../src/shared/api/workload';
import { drillForChartClick } from '../../src/renderer/workload/charts';
import { dayFromText, monthLabel, presetPeriod, textFromDay } from '../../src/renderer/workload/period';

const dashboard = {
  snapshot: {
    ageing: [
      { bucket: 'd0_30', count: 4 },
      { bucket: 'd31_60', count: 2 },
      { bucket: 'd61_90', count: 0 },
      { bucket: 'd91_180', count: 1 },
      { bucket: 'd181_plus', count: 3 },
    ],
  },
  weekly: [
    { week: '2026-11-09', received: 3, closed: 2, decided: 1 },
    { week: '2026-11-16', received: 5, closed: 4, decided: 4 },
  ],
  byProcedure: [
    { procedureTypeId: 17, name: 'Permesso di costruire', legalTermDays: 90, decided: 4, decidedWithinTerm: 3, medianLeadDays: 61 },
  ],
  people: [{ staffId: 8, name: 'Francesca Gallo' }],
} as unknown as Dashboard;

describe('every bar and point of the dashboard drills to the cases it counts', () => {
  it('maps a click on each chart to its drill-down, and each drill-down is one the server accepts', () => {
    const clicks = [
      drillForChartClick('ageing', dashboard, { dataIndex: 4 }),
      drillForChartClick('weekly', dashboard, { seriesId: 'received', dataIndex: 0 }),
      drillForChartClick('weekly', dashboard, { seriesId: 'closed', dataIndex: 1 }),
      drillForChartClick('weekly', dashboard, { seriesId: 'decided', dataIndex: 1 }),
      drillForChartClick('procedures', dashboard, { seriesId: 'term', dataIndex: 0 }),
      drillForChartClick('people', dashboard, { dataIndex: 0 }),
    ];
    expect(clicks).toEqual([
      { metric: 'open', ageing: 'd181_plus' },
      { metric: 'received', week: '2026-11-09' },
      { metric: 'closed', week: '2026-11-16' },
      { metric: 'decided', week: '2026-11-16' },
      { metric: 'decided', procedureTypeId: 17 },
      { metric: 'open', staffId: 8 },
    ]);
    for (const drill of clicks) {
      const parsed = DrillQuery.safeParse({
        query: { scope: { kind: 'ente' }, from: '2026-10-01', to: '2026-11-23' },
        drill,
        startRow: 0,
        endRow: 100,
      });
      expect(parsed.success, JSON.stringify(drill)).toBe(true);
    }
  });

  it('a click beside the data drills nowhere', () => {
    expect(drillForChartClick('weekly', dashboard, { seriesId: 'received', dataIndex: 9 })).toBeNull();
    expect(drillForChartClick('people', dashboard, { dataIndex: 3 })).toBeNull();
  });

  it('refuses drill-downs that mix an open-case band with a week of the period', () => {
    const query = { scope: { kind: 'ente' }, from: '2026-10-01', to: '2026-11-23' };
    const issue = (drill: object) => DrillQuery.safeParse({ query, drill, startRow: 0, endRow: 10 }).error?.issues[0]?.message;
    expect(issue({ metric: 'received', ageing: 'd0_30' })).toBe('drill_ageing_open_only');
    expect(issue({ metric: 'overdue', week: '2026-11-16' })).toBe('drill_week_period_only');
  });
});

describe('the dashboard period', () => {
  it('offers the last 30 and 90 days, the last 12 months and the year to date, today included', () => {
    expect(presetPeriod('month', '2026-11-23')).toEqual({ from: '2026-10-25', to: '2026-11-23' });
    expect(presetPeriod('quarter', '2026-11-23')).toEqual({ from: '2026-08-26', to: '2026-11-23' });
    expect(presetPeriod('year', '2026-11-23')).toEqual({ from: '2025-11-24', to: '2026-11-23' });
    expect(presetPeriod('ytd', '2026-11-23')).toEqual({ from: '2026-01-01', to: '2026-11-23' });
  });

  it('reads days typed the Italian way and refuses what is not a day', () => {
    expect(dayFromText('5/3/2026')).toBe('2026-03-05');
    expect(dayFromText('31/02/2026')).toBeNull();
    expect(textFromDay('2026-03-05')).toBe('05/03/2026');
  });

  it('names the months of the digitisation report the Italian way', () => {
    expect(monthLabel('2026-03', 'it')).toBe('mar 2026');
    expect(monthLabel('2025-12', 'en')).toBe('Dec 2025');
  });
});
