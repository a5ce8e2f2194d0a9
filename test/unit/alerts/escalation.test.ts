import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { escalationOf, isSafetyAlert, responseStatus } from '../../../src/alerts/escalation';
import { alert, NOW } from './fixtures';

describe('escalation', () => {
  test('levels by minutes since the start: <15, 15-30, 30-60, 60+', () => {
    const level = (min: number) => escalationOf(alert({ alertname: 'ModelEndpointDown' }, { startedMinutesAgo: min }), NOW).level;
    assert.deepEqual([0, 14.9, 15, 29, 30, 59, 60, 600].map(level), [1, 1, 2, 2, 3, 3, 4, 4]);
  });

  test('who is involved at each level', () => {
    assert.equal(escalationOf(alert({ alertname: 'X' }, { startedMinutesAgo: 1 }), NOW).who, 'On-call AI platform engineer');
    assert.equal(escalationOf(alert({ alertname: 'X' }, { startedMinutesAgo: 20 }), NOW).who, 'AI platform team lead + affected product owner');
    assert.match(escalationOf(alert({ alertname: 'X' }, { startedMinutesAgo: 40 }), NOW).who, /Engineering director/);
    assert.match(escalationOf(alert({ alertname: 'X' }, { startedMinutesAgo: 90 }), NOW).who, /VP Engineering/);
  });

  test('safety alerts start at level 2 and still climb', () => {
    const g = alert({ alertname: 'GuardrailViolationSpike' }, { startedMinutesAgo: 1 });
    assert.equal(isSafetyAlert(g), true);
    assert.deepEqual([escalationOf(g, NOW).level, escalationOf(g, NOW).safety], [2, true]);
    assert.equal(escalationOf(alert({ alertname: 'X', category: 'safety' }, { startedMinutesAgo: 1 }), NOW).level, 2);
    assert.equal(escalationOf(alert({ alertname: 'SafetyFilterDown' }, { startedMinutesAgo: 45 }), NOW).level, 3);
    assert.equal(escalationOf(alert({ alertname: 'HighLatency' }, { startedMinutesAgo: 1 }), NOW).level, 1);
  });

  test('response status: overdue past the severity response time', () => {
    const s = responseStatus(alert({ alertname: 'ModelEndpointDown', severity: 'sev1' }, { startedMinutesAgo: 7 }), NOW);
    assert.deepEqual([s.ageMs, s.responseMs, s.overdue], [7 * 60_000, 5 * 60_000, true]);
    assert.equal(s.text, 'firing 7m — past its 5 min response time');
  });

  test('response status: within time, without a severity, and not firing', () => {
    const within = responseStatus(alert({ alertname: 'X', severity: 'sev2' }, { startedMinutesAgo: 7 }), NOW);
    assert.equal(within.overdue, false);
    assert.equal(within.text, 'firing 7m — within its 15 min response time');
    const unknown = responseStatus(alert({ alertname: 'X' }, { startedMinutesAgo: 70 }), NOW);
    assert.deepEqual([unknown.responseMs, unknown.overdue, unknown.text], [null, false, 'firing 1h 10m']);
    const silenced = responseStatus(alert({ alertname: 'X', severity: 'sev1' }, { startedMinutesAgo: 70, state: 'suppressed', silencedBy: ['s'] }), NOW);
    assert.equal(silenced.overdue, false);
  });

  test('an unknown start time gives no age and is never overdue', () => {
    const a = { ...alert({ alertname: 'X', severity: 'sev1' }), startsAt: '' };
    const s = responseStatus(a, NOW);
    assert.deepEqual([s.ageMs, s.overdue], [null, false]);
    assert.equal(escalationOf(a, NOW).level, 1);
  });
});
