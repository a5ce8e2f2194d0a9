import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeAlert } from '../../../src/alerts/fetchAll';
import { alert, minutesAgo } from './fixtures';

describe('merging one alert reported by several Alertmanagers', () => {
  test('firing on any peer wins over silenced there', () => {
    const a = alert({ alertname: 'X' }, { fingerprint: 'f', state: 'suppressed', silencedBy: ['s1'], source: 'am1' });
    mergeAlert(a, alert({ alertname: 'X' }, { fingerprint: 'f', state: 'active', source: 'am2' }));
    assert.deepEqual([a.state, a.rawState, a.silencedBy, a.sources], ['firing', 'active', ['s1'], ['am1', 'am2']]);
  });

  test('a processed verdict beats unprocessed (pending) on a peer that has not evaluated it yet', () => {
    const a = alert({ alertname: 'X' }, { fingerprint: 'f', state: 'unprocessed', source: 'am1' });
    mergeAlert(a, alert({ alertname: 'X' }, { fingerprint: 'f', state: 'suppressed', silencedBy: ['s1'], source: 'am2' }));
    assert.equal(a.state, 'silenced');
  });

  test('silenced beats inhibited, and both lists are united', () => {
    const a = alert({ alertname: 'X' }, { fingerprint: 'f', state: 'suppressed', inhibitedBy: ['n'], source: 'am1' });
    mergeAlert(a, alert({ alertname: 'X' }, { fingerprint: 'f', state: 'suppressed', silencedBy: ['s1'], source: 'am2' }));
    assert.deepEqual([a.state, a.silencedBy, a.inhibitedBy], ['silenced', ['s1'], ['n']]);
  });

  test('the earliest start, an open end if any peer holds it open, sources listed once', () => {
    const a = alert({ alertname: 'X' }, { fingerprint: 'f', startedMinutesAgo: 3, source: 'am1' });
    const b = alert({ alertname: 'X' }, { fingerprint: 'f', startedMinutesAgo: 9, source: 'am2' });
    b.endsAt = minutesAgo(1);
    mergeAlert(a, b);
    mergeAlert(a, alert({ alertname: 'X' }, { fingerprint: 'f', startedMinutesAgo: 1, source: 'am2' }));
    assert.deepEqual([a.startsAt, a.endsAt, a.sources], [minutesAgo(9), null, ['am1', 'am2']]);
  });
});
