// Fired and resolved times from Alertmanager alerts and from Prometheus ALERTS series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertTimes, alertsSeriesSelector, firingIntervals, mergeIntervals } from '../../../src/incidents/alertHistory';

test('an Alertmanager alert: endsAt counts only once resolved', () => {
  assert.deepEqual(alertTimes({ startsAt: '2024-05-01T12:00:00+02:00', endsAt: null }), { firedAt: '2024-05-01T10:00:00.000Z', resolvedAt: null });
  assert.deepEqual(alertTimes({ startsAt: '2024-05-01T10:00:00Z', endsAt: '2024-05-01T11:00:00Z' }), { firedAt: '2024-05-01T10:00:00.000Z', resolvedAt: '2024-05-01T11:00:00.000Z' });
  assert.deepEqual(alertTimes({ startsAt: '0001-01-01T00:00:00Z', endsAt: '0001-01-01T00:00:00Z' }), { firedAt: null, resolvedAt: null });
});

const T0 = 1714557600; // 2024-05-01T10:00:00Z

test('ALERTS matrix: a gap of more than 2 x step splits; up to 2 x step does not', () => {
  const values: [number, string][] = [[T0, '1'], [T0 + 60, '1'], [T0 + 180, '1'], [T0 + 600, '1'], [T0 + 660, '1']];
  const [h] = firingIntervals([{ metric: { __name__: 'ALERTS', alertname: 'X', alertstate: 'firing', tenant: 'acme' }, values }], { stepSeconds: 60 });
  assert.deepEqual(h.labels, { alertname: 'X', tenant: 'acme' });
  assert.deepEqual(h.intervals.map((i) => [i.start - T0, i.end - T0, i.ongoing]), [[0, 180, false], [600, 660, false]]);
  assert.equal(h.intervals[0].startIso, '2024-05-01T10:00:00.000Z');
  assert.equal(h.intervals[0].endIso, '2024-05-01T10:03:00.000Z');
});

test('the last interval is ongoing when it reaches the end of the window; pending series and bad values are ignored', () => {
  const out = firingIntervals(
    [
      { metric: { alertname: 'X', alertstate: 'pending' }, values: [[T0, '1']] },
      { metric: { alertname: 'X', alertstate: 'firing' }, values: [[T0 + 120, '1'], [T0, '1'], [T0 + 60, 'NaN'], [T0 + 240, '1']] },
    ],
    { stepSeconds: 60, windowEnd: T0 + 300 },
  );
  assert.equal(out.length, 1);
  assert.deepEqual(out[0].intervals.map((i) => [i.start - T0, i.end - T0, i.ongoing]), [[0, 240, true]]);
  assert.deepEqual(firingIntervals([{ metric: {}, values: [] }], { stepSeconds: 15 })[0].intervals, []);
  assert.throws(() => firingIntervals([], { stepSeconds: 0 }), RangeError);
});

test('merging the intervals of several series', () => {
  const [a] = firingIntervals([{ metric: {}, values: [[T0, '1'], [T0 + 60, '1']] }], { stepSeconds: 60 });
  const [b] = firingIntervals([{ metric: {}, values: [[T0 + 60, '1'], [T0 + 300, '1']] }], { stepSeconds: 300, windowEnd: T0 + 300 });
  const [c] = firingIntervals([{ metric: {}, values: [[T0 + 1000, '1']] }], { stepSeconds: 60 });
  const merged = mergeIntervals([...c.intervals, ...a.intervals, ...b.intervals]);
  assert.deepEqual(merged.map((i) => [i.start - T0, i.end - T0, i.ongoing]), [[0, 300, true], [1000, 1000, false]]);
});

test('the ALERTS selector escapes values and skips reserved labels', () => {
  assert.equal(alertsSeriesSelector('X', { tenant: 'a"b\\c', alertstate: 'pending', __name__: 'y', 'bad-name': 'z' }), 'ALERTS{alertname="X",alertstate="firing",tenant="a\\"b\\\\c"}');
});
