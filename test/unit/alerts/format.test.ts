import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAge, formatEnd, formatTime, isZeroTime, stateLabel } from '../../../src/alerts/format';

describe('format', () => {
  test('formatAge', () => {
    assert.equal(formatAge(45_000), '45s');
    assert.equal(formatAge(0), '0s');
    assert.equal(formatAge(7 * 60_000 + 59_000), '7m');
    assert.equal(formatAge(2 * 3_600_000 + 5 * 60_000), '2h 05m');
    assert.equal(formatAge(3 * 86_400_000 + 4 * 3_600_000 + 59 * 60_000), '3d 4h');
    assert.equal(formatAge(-5000), '0s');
    assert.equal(formatAge(null), '?');
    assert.equal(formatAge(NaN), '?');
  });

  test('isZeroTime: Go zero time in its spellings, and absent times', () => {
    assert.equal(isZeroTime('0001-01-01T00:00:00Z'), true);
    assert.equal(isZeroTime('0001-01-01T00:00:00.000Z'), true);
    assert.equal(isZeroTime(''), true);
    assert.equal(isZeroTime(null), true);
    assert.equal(isZeroTime('not a time'), true);
    assert.equal(isZeroTime('2025-06-01T12:00:00Z'), false);
  });

  test('formatEnd is "ongoing" without a real end, and never shows the zero time', () => {
    assert.equal(formatEnd({ endsAt: null }), 'ongoing');
    assert.equal(formatEnd({ endsAt: '0001-01-01T00:00:00Z' }), 'ongoing');
    assert.equal(formatEnd({ endsAt: '2025-06-01T12:08:30Z' }), '2025-06-01 12:08 UTC');
    assert.equal(formatTime('0001-01-01T00:00:00Z'), 'unknown');
  });

  test('stateLabel', () => {
    const names = new Map([['fpNode', 'NodeDown']]);
    assert.equal(stateLabel({ state: 'firing', silencedBy: [], inhibitedBy: [] }, names), 'firing');
    assert.equal(stateLabel({ state: 'pending', silencedBy: [], inhibitedBy: [] }, names), 'pending');
    assert.equal(stateLabel({ state: 'silenced', silencedBy: ['s-1', 's-2'], inhibitedBy: [] }, names), 'silenced by s-1, s-2');
    assert.equal(stateLabel({ state: 'inhibited', silencedBy: [], inhibitedBy: ['fpNode', 'fpOther'] }, names), 'inhibited by NodeDown, fpOther');
    assert.equal(stateLabel({ state: 'inhibited', silencedBy: [], inhibitedBy: ['fpNode'] }, { fpNode: 'NodeDown' }), 'inhibited by NodeDown');
    assert.equal(stateLabel({ state: 'muted', silencedBy: [], inhibitedBy: [] }), 'muted');
  });
});
