import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSilence, formatAge, formatEnd, formatTime, formatUntil, isZeroTime, stateLabel } from '../../../src/alerts/format';
import { ackComment } from '../../../src/alerts/acks';
import type { Silence } from '../../../src/alerts/model';

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

  test('a silenced alert names who silenced it, until when and why; the id only when the silence is unknown', () => {
    const now = Date.parse('2026-12-04T08:10:00Z');
    const silence = (id: string, createdBy: string, comment: string, endsAt: string): Silence => ({ id, createdBy, comment, endsAt, startsAt: '2026-12-04T08:00:00Z', matchers: [], state: 'active', updatedAt: null, source: 'am' });
    const dana = silence('5f0c…-uuid', 'dana', 'rolling back gpt-4o', '2026-12-04T09:40:00Z');
    const alert = (...silencedBy: string[]) => ({ state: 'silenced' as const, silencedBy, inhibitedBy: [] });
    assert.equal(stateLabel(alert(dana.id), new Map(), [dana], now), 'silenced by dana until 09:40 UTC ("rolling back gpt-4o")');
    assert.equal(stateLabel(alert('gone-id'), new Map(), [dana], now), 'silenced by gone-id', 'a silence not in the list: its id');
    assert.equal(stateLabel(alert(dana.id, 'gone-id'), new Map(), [dana], now), 'silenced by dana until 09:40 UTC ("rolling back gpt-4o"), gone-id');
    assert.equal(stateLabel(alert(dana.id), new Map(), new Map([[dana.id, dana]]), now), 'silenced by dana until 09:40 UTC ("rolling back gpt-4o")', 'a map by id works too');
    assert.equal(stateLabel(alert(dana.id)), `silenced by ${dana.id}`, 'no silences given: the id, as before');
    // A long or multi-line comment is one line, shortened; an ack's comment (its marker) is left out: the row says "acked by".
    const long = silence('l', 'sam', `line one\n${'x'.repeat(100)}`, '2026-12-04T09:00:00Z');
    assert.equal(describeSilence(long, now), `sam until 09:00 UTC ("line one ${'x'.repeat(70)}…")`);
    assert.equal(describeSilence(silence('a', 'kim', ackComment('kim', 'on it'), '2026-12-04T08:40:00Z'), now), 'kim until 08:40 UTC');
    assert.equal(describeSilence(silence('e', '', '', '2026-12-04T08:40:00Z'), now), 'someone until 08:40 UTC');
  });

  test('formatUntil: the time of day within the next 24 hours, else the full date', () => {
    const now = Date.parse('2026-12-04T08:10:00Z');
    assert.equal(formatUntil('2026-12-04T09:40:00Z', now), '09:40 UTC');
    assert.equal(formatUntil('2026-12-05T08:09:00Z', now), '08:09 UTC');
    assert.equal(formatUntil('2026-12-05T08:10:00Z', now), '2026-12-05 08:10 UTC');
    assert.equal(formatUntil('2026-12-04T08:00:00Z', now), '2026-12-04 08:00 UTC', 'already past: the full date');
    assert.equal(formatUntil('0001-01-01T00:00:00Z', now), 'unknown');
  });
});
