import uPlot from 'uplot';
import type { PromqlOutputSeries } from '../notebooks/output/promqlOutput';

const PALETTE = ['#3b82f6', '#ef4444', '#10b981', '#f59e0b', '#8b5cf6', '#ec4899', '#14b8a6', '#f97316', '#6366f1', '#84cc16'];

/** Aligns every series on one sorted time axis, as uPlot wants; missing or non-finite points are gaps (null). */
export function alignSeries(series: PromqlOutputSeries[]): uPlot.AlignedData {
  const times = new Set<number>();
  for (const s of series) for (const [t] of s.points) times.add(t);
  const xs = Float64Array.from(times).sort();
  const index = new Map<number, number>();
  xs.forEach((t, i) => index.set(t, i));
  const ys = series.map((s) => {
    const col: (number | null)[] = new Array(xs.length).fill(null);
    for (const [t, v] of s.points) col[index.get(t)!] = v !== null && Number.isFinite(v) ? v : null;
    return col;
  });
  return [Array.from(xs), ...ys] as uPlot.AlignedData;
}

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
