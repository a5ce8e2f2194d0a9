/**
 * Min/max decimation per pixel column, for drawing a long range result: the time span is cut into `columns`
 * equal buckets and each bucket keeps two slots, at the times of its first and last sample, holding each
 * series' smallest and largest value in the bucket (in the order they occur). The drawn line therefore covers
 * exactly the range of values of every pixel column, as drawing every point would; only points that would land
 * on the same column are left out. `source` maps each slot back to the sample it takes its time from, so the
 * legend shows true values. A bucket where a series has no value at all is a gap (null); a gap narrower than a
 * bucket is narrower than a pixel and is not drawn.
 */

export interface Decimated {
  times: number[];
  values: (number | null)[][];
  /** For each slot, the index of the sample whose time it has; null when nothing was left out (identity). */
  source: Int32Array | null;
}

/** Keeps everything when there are at most two samples per bucket: decimating would not save anything. */
export function decimate(times: readonly number[], values: readonly (readonly (number | null)[])[], columns: number): Decimated {
  const n = times.length;
  const buckets = Math.max(1, Math.floor(columns));
  if (n <= 2 * buckets || n < 2) return { times: times as number[], values: values as (number | null)[][], source: null };
  const t0 = times[0];
  const span = times[n - 1] - t0;
  const source: number[] = [];
  // Bucket boundaries as sample indexes: [starts[k], starts[k + 1]) is one bucket with samples.
  const starts: number[] = [];
  let current = -1;
  for (let i = 0; i < n; i++) {
    const b = span > 0 ? Math.min(buckets - 1, Math.floor(((times[i] - t0) / span) * buckets)) : 0;
    if (b !== current) {
      starts.push(i);
      current = b;
    }
  }
  starts.push(n);
  for (let k = 0; k + 1 < starts.length; k++) {
    const lo = starts[k];
    const hi = starts[k + 1];
    source.push(lo);
    if (hi - lo > 1) source.push(hi - 1);
  }
  const outTimes = source.map((i) => times[i]);
  const outValues = values.map((col) => {
    const out: (number | null)[] = new Array(source.length);
    let o = 0;
    for (let k = 0; k + 1 < starts.length; k++) {
      const lo = starts[k];
      const hi = starts[k + 1];
      if (hi - lo === 1) {
        out[o++] = col[lo];
        continue;
      }
      let min = Infinity;
      let max = -Infinity;
      let iMin = -1;
      let iMax = -1;
      for (let i = lo; i < hi; i++) {
        const v = col[i];
        if (v === null) continue;
        if (v < min) {
          min = v;
          iMin = i;
        }
        if (v > max) {
          max = v;
          iMax = i;
        }
      }
      if (iMin < 0) {
        out[o++] = null;
        out[o++] = null;
      } else if (iMin <= iMax) {
        out[o++] = min;
        out[o++] = max;
      } else {
        out[o++] = max;
        out[o++] = min;
      }
    }
    return out;
  });
  return { times: outTimes, values: outValues, source: Int32Array.from(source) };
}
