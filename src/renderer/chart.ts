import uPlot from 'uplot';
import type { PromqlOutputChart } from '../notebooks/output/promqlOutput';
import { decimate, type Decimated } from './decimate';

const PALETTE = ['#3b82f6', '#ef4444', '#10b981', '#f59e0b', '#8b5cf6', '#ec4899', '#14b8a6', '#f97316', '#6366f1', '#84cc16'];

/** uPlot's data: the time column, then one column per series. */
function toAligned(d: Decimated): uPlot.AlignedData {
  return [d.times, ...d.values] as uPlot.AlignedData;
}

/**
 * Draws the series with uPlot. Longer results than the plot has pixel columns are decimated (min/max per
 * column, see decimate.ts), again at each zoom, so the line looks as if every point were drawn; the legend
 * shows the true value of the sample under the cursor. Lines are 1 px wide: wider (1.5) lines cost about
 * twice the drawing time in a webview without GPU rasterization (see docs/benchmarks.md).
 */
export function renderChart(root: HTMLElement, chart: PromqlOutputChart): void {
  const holder = document.createElement('div');
  holder.className = 'chart';
  root.appendChild(holder);
  const width = Math.max(320, Math.min(root.clientWidth || 800, 1200));
  const { times, values, names } = chart;
  const fullSpan = times.length > 1 ? times[times.length - 1] - times[0] : 0;
  let columns = width;
  let shown = decimate(times, values, columns);
  const trueValue = (sidx: number, idx: number | null): string => {
    if (idx === null || idx === undefined) return '--';
    const v = values[sidx - 1][shown.source ? shown.source[idx] : idx];
    return v === null || v === undefined ? '' : uPlot.fmtNum(v);
  };
  let pending = false;
  const opts: uPlot.Options = {
    width,
    height: 260,
    series: [
      {},
      ...names.map((name, i) => ({
        label: name.length > 80 ? `${name.slice(0, 77)}…` : name,
        stroke: PALETTE[i % PALETTE.length],
        width: 1,
        spanGaps: false,
        value: (_u: uPlot, _raw: number | null, sidx: number, idx: number | null) => trueValue(sidx, idx),
      })),
    ],
    axes: [{ stroke: '#888', grid: { stroke: 'rgba(128,128,128,0.15)' } }, { stroke: '#888', grid: { stroke: 'rgba(128,128,128,0.15)' } }],
    legend: { show: names.length <= 20 },
    // The hover dots would sit on a column's min or max, not on the value the legend shows: off when decimated.
    cursor: { drag: { x: true, y: false }, points: { show: shown.source === null } },
    hooks: {
      setScale: [
        (u, key) => {
          if (key !== 'x' || pending || fullSpan <= 0) return;
          const { min, max } = u.scales.x;
          if (min === undefined || max === undefined || !(max > min)) return;
          const plotColumns = u.bbox.width / uPlot.pxRatio || width;
          const wanted = Math.ceil(plotColumns * Math.min(1e6, fullSpan / (max - min)));
          // Within 25% of the columns drawn already (as at the first draw, where the axes take some width): kept.
          if (wanted <= columns * 1.25 && wanted >= columns / 1.25) return;
          if (shown.source === null && wanted >= columns) return;
          pending = true;
          queueMicrotask(() => {
            columns = wanted;
            shown = decimate(times, values, columns);
            u.batch(() => {
              u.setData(toAligned(shown), false);
              u.setScale('x', { min, max });
            });
            pending = false;
          });
        },
      ],
    },
  };
  new uPlot(opts, toAligned(shown), holder);
}
