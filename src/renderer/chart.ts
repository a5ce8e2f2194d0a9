import uPlot from 'uplot';
import type { PromqlOutputSeries } from '../notebooks/output/promqlOutput';
import { alignSeries } from './align';

const PALETTE = ['#3b82f6', '#ef4444', '#10b981', '#f59e0b', '#8b5cf6', '#ec4899', '#14b8a6', '#f97316', '#6366f1', '#84cc16'];

export function renderChart(root: HTMLElement, series: PromqlOutputSeries[]): void {
  const holder = document.createElement('div');
  holder.className = 'chart';
  root.appendChild(holder);
  const width = Math.max(320, Math.min(root.clientWidth || 800, 1200));
  const opts: uPlot.Options = {
    width,
    height: 260,
    series: [
      {},
      ...series.map((s, i) => ({ label: s.name.length > 80 ? `${s.name.slice(0, 77)}…` : s.name, stroke: PALETTE[i % PALETTE.length], width: 1.5, spanGaps: false })),
    ],
    axes: [{ stroke: '#888', grid: { stroke: 'rgba(128,128,128,0.15)' } }, { stroke: '#888', grid: { stroke: 'rgba(128,128,128,0.15)' } }],
    legend: { show: series.length <= 20 },
    cursor: { drag: { x: true, y: false } },
  };
  new uPlot(opts, alignSeries(series), holder);
}
