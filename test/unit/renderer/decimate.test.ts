/** Min/max decimation per pixel column for the chart: every column keeps the range of values it would draw. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decimate } from '../../../src/renderer/decimate';

/** Column of time t for `columns` equal columns over [t0, tn], written out independently of decimate's loop. */
const columnOf = (t: number, t0: number, tn: number, columns: number) => Math.min(columns - 1, Math.floor(((t - t0) * columns) / (tn - t0)));

function ranges(times: number[], col: (number | null)[], t0: number, tn: number, columns: number): Map<number, [number, number] | null> {
  const out = new Map<number, [number, number] | null>();
  times.forEach((t, i) => {
    const c = columnOf(t, t0, tn, columns);
    const v = col[i];
    const r = out.get(c) ?? null;
    if (v === null) out.set(c, r);
    else out.set(c, r ? [Math.min(r[0], v), Math.max(r[1], v)] : [v, v]);
  });
  return out;
}

describe('decimate', () => {
  test('at most two samples per column: everything is kept, the same arrays', () => {
    const times = [10, 20, 30, 40];
    const values = [[1, null, 3, 4]];
    const d = decimate(times, values, 2);
    assert.equal(d.times, times);
    assert.equal(d.values, values);
    assert.equal(d.source, null);
  });

  test('a column keeps its min and max in the order they occur, at its first and last time; an empty column is a gap', () => {
    // 12 samples, 3 columns of 4: [5, 1, 9, 2] -> min 1 then max 9; [8, 7, 6, 0] -> max 8 then min 0; all null -> gap
    const times = Array.from({ length: 12 }, (_, i) => 100 + i * 10);
    const d = decimate(times, [[5, 1, 9, 2, 8, 7, 6, 0, null, null, null, null]], 3);
    assert.deepEqual(d.times, [100, 130, 140, 170, 180, 210]);
    assert.deepEqual(d.values, [[1, 9, 8, 0, null, null]]);
    assert.deepEqual(Array.from(d.source!), [0, 3, 4, 7, 8, 11]);
  });

  test('random series with gaps: per pixel column the same range of values as drawing every point, true times', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 100; round++) {
      const n = 2 + Math.floor(rnd() * 3000);
      let t = 1_714_640_400;
      const times = Array.from({ length: n }, () => (t += 1 + Math.floor(rnd() * 30)));
      const values = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () =>
        times.map(() => (rnd() < 0.05 ? null : Math.round((rnd() - 0.5) * 1e6) / 100)));
      const columns = 1 + Math.floor(rnd() * 900);
      const d = decimate(times, values, columns);
      if (n <= 2 * columns) {
        assert.equal(d.source, null);
        continue;
      }
      assert.ok(d.times.length <= 2 * columns, `${d.times.length} slots for ${columns} columns`);
      const t0 = times[0];
      const tn = times[n - 1];
      d.source!.forEach((i, slot) => assert.equal(d.times[slot], times[i], 'each slot has the time of its source sample'));
      for (let slot = 1; slot < d.times.length; slot++) assert.ok(d.times[slot] > d.times[slot - 1], 'times strictly increasing');
      values.forEach((col, s) => assert.deepEqual(ranges(d.times, d.values[s], t0, tn, columns), ranges(times, col, t0, tn, columns), `round ${round} series ${s}`));
    }
  });
});
