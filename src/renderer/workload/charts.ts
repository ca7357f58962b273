/**
 * The dashboard's charts as ECharts options, and what a click on each bar or point means: the
 * drill-down that lists the cases it counts. Pure functions of the dashboard data, so the mapping
 * from a bar to its cases is unit-tested.
 */
import type { Dashboard, DrillValue } from '../../shared/api/workload';
import { AGEING_BUCKETS } from '../../shared/domain/workload';
import type { Formatters } from '../i18n/format';
import type { Translate } from '../i18n/translate';

export type ChartId = 'ageing' | 'weekly' | 'procedures' | 'people';

/** The part of an ECharts click event the dashboard reads. */
export interface ChartClick {
  seriesId?: string | undefined;
  dataIndex: number;
}

export const PALETTE = {
  received: '#1f4e8c',
  closed: '#2e8b57',
  decided: '#c27c0e',
  term: '#9aa5b1',
  lead: '#1f4e8c',
  late: '#a4261d',
  load: { light: '#7fa7d9', normal: '#2e8b57', high: '#c27c0e', over: '#a4261d' },
};

const AXIS = {
  axisLine: { lineStyle: { color: '#b8c1cc' } },
  axisLabel: { color: '#56616e' },
  splitLine: { lineStyle: { color: '#e6eaef' } },
};
const TEXT = { fontFamily: 'Segoe UI, Noto Sans, Liberation Sans, Arial, sans-serif', color: '#1c2733' };

/** Which cases a click on a chart counts; null when the click is not on a bar or a point. */
export function drillForChartClick(chart: ChartId, dashboard: Dashboard, click: ChartClick): DrillValue | null {
  switch (chart) {
    case 'ageing': {
      const bucket = dashboard.snapshot.ageing[click.dataIndex]?.bucket;
      return bucket ? { metric: 'open', ageing: bucket } : null;
    }
    case 'weekly': {
      const week = dashboard.weekly[click.dataIndex]?.week;
      if (!week) return null;
      const metric = click.seriesId === 'closed' ? 'closed' : click.seriesId === 'decided' ? 'decided' : 'received';
      return { metric, week };
    }
    case 'procedures': {
      const procedure = dashboard.byProcedure[click.dataIndex];
      return procedure ? { metric: 'decided', procedureTypeId: procedure.procedureTypeId } : null;
    }
    case 'people': {
      const person = dashboard.people[click.dataIndex];
      return person ? { metric: 'open', staffId: person.staffId } : null;
    }
  }
}

/** The axis tooltip, its figures in the user's format (ECharts alone would group thousands with commas). */
export function axisTooltip(format: Formatters) {
  return {
    trigger: 'axis' as const,
    axisPointer: { type: 'shadow' as const },
    textStyle: { ...TEXT, fontSize: 12 },
    confine: true,
    valueFormatter: (value: unknown) => (typeof value === 'number' ? format.number(value) : ''),
  };
}

/** A value axis in whole units, labelled in the user's format ('6.000', '120%'). */
export function valueAxis(format: Formatters, unit = '') {
  return {
    type: 'value' as const,
    minInterval: 1,
    ...AXIS,
    axisLabel: { ...AXIS.axisLabel, formatter: (value: number) => `${format.number(value)}${unit}` },
  };
}

export function ageingOption(dashboard: Dashboard, t: Translate, format: Formatters) {
  return {
    textStyle: TEXT,
    grid: { left: 44, right: 16, top: 16, bottom: 40 },
    tooltip: axisTooltip(format),
    xAxis: {
      type: 'category',
      data: AGEING_BUCKETS.map((b) => t(`workload.age.${b.id}`)),
      ...AXIS,
      // Five bands side by side in a third of the page: long labels wrap rather than collide.
      axisLabel: { ...AXIS.axisLabel, interval: 0, fontSize: 11, width: 64, overflow: 'break', lineHeight: 13 },
    },
    yAxis: valueAxis(format),
    series: [
      {
        id: 'open',
        name: t('workload.metric.open'),
        type: 'bar',
        cursor: 'pointer',
        barMaxWidth: 48,
        itemStyle: { color: PALETTE.received },
        data: dashboard.snapshot.ageing.map((a, index) => ({
          value: a.count,
          itemStyle: { color: index >= 3 ? PALETTE.late : PALETTE.received },
        })),
      },
    ],
  };
}

export function weeklyOption(dashboard: Dashboard, t: Translate, format: Formatters) {
  const many = dashboard.weekly.length > 26;
  return {
    textStyle: TEXT,
    legend: { top: 0, textStyle: TEXT },
    grid: { left: 44, right: 16, top: 32, bottom: many ? 56 : 28 },
    tooltip: axisTooltip(format),
    xAxis: { type: 'category', data: dashboard.weekly.map((w) => format.date(w.week)), ...AXIS },
    yAxis: valueAxis(format),
    dataZoom: many
      ? [{ type: 'slider', height: 18, bottom: 8, start: Math.max(0, 100 - (26 / dashboard.weekly.length) * 100), end: 100 }]
      : [],
    series: [
      {
        id: 'received',
        name: t('workload.series.received'),
        type: 'bar',
        cursor: 'pointer',
        itemStyle: { color: PALETTE.received },
        data: dashboard.weekly.map((w) => w.received),
      },
      {
        id: 'closed',
        name: t('workload.series.closed'),
        type: 'bar',
        cursor: 'pointer',
        itemStyle: { color: PALETTE.closed },
        data: dashboard.weekly.map((w) => w.closed),
      },
      {
        id: 'decided',
        name: t('workload.series.decided'),
        type: 'line',
        cursor: 'pointer',
        symbolSize: 7,
        itemStyle: { color: PALETTE.decided },
        lineStyle: { width: 2 },
        data: dashboard.weekly.map((w) => w.decided),
      },
    ],
  };
}

export function proceduresOption(dashboard: Dashboard, t: Translate, format: Formatters) {
  const procedures = dashboard.byProcedure;
  return {
    textStyle: TEXT,
    legend: { top: 0, textStyle: TEXT },
    grid: { left: 300, right: 24, top: 32, bottom: 24 },
    tooltip: axisTooltip(format),
    yAxis: {
      type: 'category',
      inverse: true,
      data: procedures.map((p) => p.name),
      ...AXIS,
      axisLabel: { ...AXIS.axisLabel, width: 288, overflow: 'truncate' },
    },
    xAxis: { ...valueAxis(format), name: t('workload.kpi.days', { days: '' }).trim() },
    series: [
      {
        id: 'lead',
        name: t('workload.series.medianLead'),
        type: 'bar',
        cursor: 'pointer',
        barMaxWidth: 14,
        // The legend's colour; each bar turns red when past its term.
        itemStyle: { color: PALETTE.lead },
        data: procedures.map((p) => ({
          value: p.medianLeadDays ?? 0,
          itemStyle: { color: (p.medianLeadDays ?? 0) > p.legalTermDays ? PALETTE.late : PALETTE.lead },
        })),
      },
      {
        id: 'term',
        name: t('workload.series.legalTerm'),
        type: 'bar',
        cursor: 'pointer',
        barMaxWidth: 14,
        itemStyle: { color: PALETTE.term },
        data: procedures.map((p) => p.legalTermDays),
      },
    ],
  };
}

export function peopleOption(dashboard: Dashboard, t: Translate, format: Formatters) {
  const people = dashboard.people;
  return {
    textStyle: TEXT,
    grid: { left: 170, right: 56, top: 12, bottom: 24 },
    tooltip: {
      ...axisTooltip(format),
      formatter: (items: Array<{ dataIndex: number }>) => {
        const person = people[items[0]?.dataIndex ?? -1];
        if (!person) return '';
        return `${person.name}<br/>${t('workload.meter.value', {
          load: person.weightedLoad,
          capacity: person.capacityPoints,
          percent: `${Math.round(person.ratio * 100)}%`,
        })}<br/>${t('workload.meter.cases', { count: person.openCases, overdue: person.overdue })}`;
      },
    },
    yAxis: { type: 'category', inverse: true, data: people.map((p) => (p.absentToday ? `${p.name} ⏸` : p.name)), ...AXIS },
    xAxis: valueAxis(format, '%'),
    series: [
      {
        id: 'load',
        name: t('workload.series.load'),
        type: 'bar',
        cursor: 'pointer',
        barMaxWidth: 16,
        label: { show: true, position: 'right', formatter: (item: { value: number }) => `${format.number(item.value)}%`, color: '#34414f' },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: PALETTE.late, type: 'dashed' },
          data: [{ xAxis: 100 }],
          label: { show: false },
        },
        data: people.map((p) => ({ value: Math.round(p.ratio * 100), itemStyle: { color: PALETTE.load[p.level] } })),
      },
    ],
  };
}
