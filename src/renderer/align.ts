import type uPlot from 'uplot';
import type { PromqlOutputSeries } from '../notebooks/output/promqlOutput';

/** Whether every series has exactly the first series' timestamps (a range query without gaps: the usual case). */
function sameTimes(series: PromqlOutputSeries[]): boolean {
  const first = series[0].points;
  for (let s = 1; s < series.length; s++) {
    const p = series[s].points;
    if (p.length !== first.length) return false;
    for (let i = 0; i < p.length; i++) if (p[i][0] !== first[i][0]) return false;
  }
  for (let i = 1; i < first.length; i++) if (!(first[i - 1][0] < first[i][0])) return false;
  return true;
}

const finiteOrNull = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

/**
 * Aligns every series on one sorted time axis, as uPlot wants; missing or non-finite points are gaps (null).
 * When all series share one strictly increasing time axis, it is used as it is (no set, sort or lookups: for
 * 20 x 11,000 points this is most of the chart's cost otherwise; see docs/benchmarks.md).
 */
export function alignSeries(series: PromqlOutputSeries[]): uPlot.AlignedData {
  if (series.length > 0 && sameTimes(series)) {
    const xs = series[0].points.map((p) => p[0]);
    const ys = series.map((s) => s.points.map((p) => finiteOrNull(p[1])));
    return [xs, ...ys] as uPlot.AlignedData;
  }
  const times = new Set<number>();
  for (const s of series) for (const [t] of s.points) times.add(t);
  const xs = Float64Array.from(times).sort();
  const index = new Map<number, number>();
  xs.forEach((t, i) => index.set(t, i));
  const ys = series.map((s) => {
    const col: (number | null)[] = new Array(xs.length).fill(null);
    for (const [t, v] of s.points) col[index.get(t)!] = finiteOrNull(v);
    return col;
  });
  return [Array.from(xs), ...ys] as uPlot.AlignedData;
}
