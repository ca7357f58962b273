/**
 * One ECharts chart (community edition, only the parts the dashboard uses, SVG renderer): resized
 * with its box, updated when its option changes, and every click on a bar or a point handed on.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartClick } from './charts';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, MarkLineComponent, SVGRenderer]);

export function Chart({
  option,
  onPick,
  height,
  label,
  testId,
}: {
  option: EChartsCoreOption;
  onPick?: (click: ChartClick) => void;
  height: number;
  label: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement | null>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  });

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => {
      if (params.componentType === 'series' && typeof params.dataIndex === 'number') {
        pick.current?.({ seriesId: params.seriesId ?? undefined, dataIndex: params.dataIndex });
      }
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="workload-chart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
