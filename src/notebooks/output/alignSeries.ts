/** The series of a range result on one sorted time axis: the columns the chart payload sends. */

export interface SeriesPoints {
  /** [unix seconds, value]; a null or non-finite value is a gap. */
  points: ReadonlyArray<readonly [number, number | null]>;
}

export interface AlignedColumns {
  times: number[];
  /** values[s][i] is series s at times[i], null for a missing or non-finite point. */
  values: (number | null)[][];
}

/** Whether every series has exactly the first series' timestamps (a range query without gaps: the usual case). */
function sameTimes(series: readonly SeriesPoints[]): boolean {
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
 * 20 x 11,000 points that was most of the chart's cost otherwise; see docs/benchmarks.md).
 */
export function alignSeries(series: readonly SeriesPoints[]): AlignedColumns {
  if (series.length === 0) return { times: [], values: [] };
  if (sameTimes(series)) {
    return { times: series[0].points.map((p) => p[0]), values: series.map((s) => s.points.map((p) => finiteOrNull(p[1]))) };
  }
  const all = new Set<number>();
  for (const s of series) for (const [t] of s.points) all.add(t);
  const times = Array.from(Float64Array.from(all).sort());
  const index = new Map<number, number>();
  times.forEach((t, i) => index.set(t, i));
  const values = series.map((s) => {
    const col: (number | null)[] = new Array(times.length).fill(null);
    for (const [t, v] of s.points) col[index.get(t)!] = finiteOrNull(v);
    return col;
  });
  return { times, values };
}
