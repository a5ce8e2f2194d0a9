import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration, parseTime } from '../../../src/prometheus/duration';
import { MAX_POINTS_PER_SERIES, planStep, pointsPerSeries } from '../../../src/prometheus/step';
import { InputError } from '../../../src/common/errors';

describe('parseDuration', () => {
  test('Prometheus units, combined largest first', () => {
    assert.equal(parseDuration('1h30m'), 5400);
    assert.equal(parseDuration('5m'), 300);
    assert.equal(parseDuration('15s'), 15);
    assert.equal(parseDuration('1d'), 86400);
    assert.equal(parseDuration('1w'), 604800);
    assert.equal(parseDuration('1y'), 31536000);
    assert.equal(parseDuration('250ms'), 0.25);
    assert.equal(parseDuration('1m30s500ms'), 90.5);
  });

  test('plain seconds', () => {
    assert.equal(parseDuration('30'), 30);
    assert.equal(parseDuration('0.5'), 0.5);
    assert.equal(parseDuration('1e2'), 100);
  });

  test('wrong forms are refused with the accepted ones named', () => {
    for (const bad of ['', '5', 'x', '30m1h', '1.5h', '-5m', '5 m', 'm']) {
      if (bad === '5') continue;
      assert.throws(() => parseDuration(bad), (e: unknown) => e instanceof InputError && /15s, 5m, 1h30m/.test(e.message), bad);
    }
  });
});

test('formatDuration', () => {
  assert.equal(formatDuration(5400), '1h30m');
  assert.equal(formatDuration(15), '15s');
  assert.equal(formatDuration(0.25), '250ms');
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(90061), '1d1h1m1s');
  assert.equal(formatDuration(parseDuration('2w3d')), '2w3d');
});

describe('parseTime', () => {
  const now = 1714651200;
  test('unix seconds, RFC 3339, now, now-1h', () => {
    assert.equal(parseTime('1714644000.5', now), 1714644000.5);
    assert.equal(parseTime('2024-05-02T10:00:00Z', now), 1714644000);
    assert.equal(parseTime('2024-05-02T12:00:00+02:00', now), 1714644000);
    assert.equal(parseTime('now', now), now);
    assert.equal(parseTime('now-1h', now), now - 3600);
    assert.equal(parseTime('now+5m', now), now + 300);
  });
  test('anything else is refused', () => {
    assert.throws(() => parseTime('yesterday', now), InputError);
    assert.throws(() => parseTime('2024-05-02', now), InputError);
  });
});

describe('planStep', () => {
  test('a step within the limit is kept', () => {
    const p = planStep(0, 3600, 15);
    assert.deepEqual(p, { step: 15, raised: false, notice: '', points: 241 });
  });

  test('exactly 11,000 points is allowed; one more raises the step', () => {
    assert.equal(planStep(0, 10999, 1).raised, false);
    assert.equal(planStep(0, 10999, 1).points, 11000);
    const p = planStep(0, 11000, 1);
    assert.equal(p.raised, true);
    assert.equal(p.step, 2);
  });

  test('a long range with a fine step is raised to a nice step, and the notice says why', () => {
    const start = 1714640400;
    const end = start + 7 * 86400;
    const p = planStep(start, end, 15);
    assert.equal(p.raised, true);
    assert.equal(p.step, 60);
    assert.equal(p.points, 10081);
    assert.ok(p.points <= MAX_POINTS_PER_SERIES);
    assert.equal(
      p.notice,
      "Step raised from 15s to 1m: over 1w the requested step gives 40,321 points per series, more than Prometheus' limit of 11,000 (now 10,081).",
    );
  });

  test('every raised step keeps series within the limit (sweep)', () => {
    for (let range = 1; range < 400 * 86400; range = Math.ceil(range * 1.37)) {
      for (const step of [0.001, 0.1, 1, 15, 60]) {
        const p = planStep(1000, 1000 + range, step);
        assert.ok(p.points <= MAX_POINTS_PER_SERIES, `range ${range} step ${step} -> ${p.step} (${p.points})`);
        assert.equal(p.points, pointsPerSeries(1000, 1000 + range, p.step));
        assert.ok(p.step >= step);
        assert.equal(p.raised, p.step !== step);
      }
    }
  });

  test('bad ranges and steps are refused', () => {
    assert.throws(() => planStep(100, 50, 15), /ends .* before it starts/);
    assert.throws(() => planStep(0, 50, 0), /positive duration/);
    assert.throws(() => planStep(0, 50, -1), InputError);
    assert.throws(() => planStep(0, NaN, 1), InputError);
  });
});
