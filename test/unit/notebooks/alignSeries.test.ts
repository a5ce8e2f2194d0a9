/** The chart payload's alignment of PromQL series on one time axis: the shared-axis fast path and the general merge agree. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { alignSeries, type SeriesPoints } from '../../../src/notebooks/output/alignSeries';

type PromqlOutputSeries = SeriesPoints & { name: string };

/** The columns as one array, time column first, as the chart draws them. */
const columns = (series: PromqlOutputSeries[]) => {
  const a = alignSeries(series);
  return [a.times, ...a.values];
};

/** The general path's answer, written out independently: the union of times, sorted, each series' value or null. */
function expected(series: PromqlOutputSeries[]): (number | null)[][] {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  return [xs, ...series.map((s) => xs.map((t) => {
    const v = s.points.find((p) => p[0] === t)?.[1];
    return v === undefined || v === null || !Number.isFinite(v) ? null : v;
  }))];
}

describe('alignSeries', () => {
  test('series on one shared axis: the axis as it is, NaN and infinities as gaps', () => {
    const series: PromqlOutputSeries[] = [
      { name: 'a', points: [[10, 1], [25, NaN], [40, 3]] },
      { name: 'b', points: [[10, Infinity], [25, 5], [40, null]] },
    ];
    assert.deepEqual(columns(series), [[10, 25, 40], [1, null, 3], [null, 5, null]]);
    assert.deepEqual(columns(series), expected(series));
  });

  test('series with different times (gaps, later starts): merged on the union of times', () => {
    const series: PromqlOutputSeries[] = [
      { name: 'a', points: [[10, 1], [40, 3]] },
      { name: 'b', points: [[25, 5], [40, 6], [55, 7]] },
    ];
    assert.deepEqual(columns(series), [[10, 25, 40, 55], [1, null, 3, null], [null, 5, 6, 7]]);
  });

  test('same lengths but different times, and unsorted times, take the general path', () => {
    const shifted: PromqlOutputSeries[] = [
      { name: 'a', points: [[10, 1], [20, 2]] },
      { name: 'b', points: [[10, 3], [30, 4]] },
    ];
    assert.deepEqual(columns(shifted), expected(shifted));
    const unsorted: PromqlOutputSeries[] = [{ name: 'a', points: [[30, 1], [10, 2]] }];
    assert.deepEqual(columns(unsorted), [[10, 30], [2, 1]]);
  });

  test('random series: the same answer as the written-out merge', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const shared = rnd() < 0.5;
      const axis = Array.from({ length: 1 + Math.floor(rnd() * 8) }, (_, i) => 100 + i * 15);
      const series: PromqlOutputSeries[] = Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, s) => ({
        name: `s${s}`,
        points: (shared ? axis : axis.filter(() => rnd() < 0.7)).map((t): [number, number | null] => [t, rnd() < 0.1 ? null : rnd() < 0.1 ? NaN : Math.round(rnd() * 100)]),
      }));
      assert.deepEqual(columns(series), expected(series), JSON.stringify(series));
    }
  });
});
