import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { groupAlerts, nameOfFingerprint, sortAlerts, stateCounts } from '../../../src/alerts/grouping';
import type { AlertGroup } from '../../../src/alerts/model';
import { alert, NOW } from './fixtures';

const a1 = alert({ alertname: 'HighLatency', severity: 'sev2', model: 'gpt' }, { startedMinutesAgo: 5, fingerprint: 'a1' });
const a2 = alert({ alertname: 'ModelEndpointDown', severity: 'sev1', model: 'gpt' }, { startedMinutesAgo: 2, fingerprint: 'a2' });
const a3 = alert({ alertname: 'HighLatency', severity: 'sev2', model: 'llama' }, { startedMinutesAgo: 30, fingerprint: 'a3' });
const a4 = alert({ alertname: 'Noise' }, { startedMinutesAgo: 100, fingerprint: 'a4' });
const a5 = alert({ alertname: 'ModelEndpointDown', severity: 'sev1', model: 'llama' }, { startedMinutesAgo: 9, fingerprint: 'a5' });
const all = [a1, a2, a3, a4, a5];

describe('grouping', () => {
  test('sortAlerts: SEV1 first, unknown severity last, then oldest first', () => {
    assert.deepEqual(sortAlerts(all, NOW).map((a) => a.fingerprint), ['a5', 'a2', 'a3', 'a1', 'a4']);
    assert.deepEqual(all.map((a) => a.fingerprint), ['a1', 'a2', 'a3', 'a4', 'a5'], 'the input is not changed');
  });

  test('by alertname: groups sorted by worst severity then size', () => {
    const groups = groupAlerts(sortAlerts(all, NOW), 'alertname');
    assert.deepEqual(groups.map((g) => [g.label, g.alerts.map((a) => a.fingerprint)]), [
      ['ModelEndpointDown', ['a5', 'a2']],
      ['HighLatency', ['a3', 'a1']],
      ['Noise', ['a4']],
    ]);
  });

  test('by severity, by a label, and none', () => {
    assert.deepEqual(groupAlerts(all, 'severity').map((g) => [g.label, g.alerts.length]), [['SEV1', 2], ['SEV2', 2], ['no severity', 1]]);
    assert.deepEqual(groupAlerts(all, { label: 'model' }).map((g) => [g.label, g.alerts.length]), [['model=gpt', 2], ['model=llama', 2], ['no model', 1]]);
    const none = groupAlerts(all, 'none');
    assert.deepEqual([none.length, none[0].alerts.length], [1, 5]);
  });

  test('larger groups come first among the same worst severity', () => {
    const more = [...all, alert({ alertname: 'Other', severity: 'sev1' }, { fingerprint: 'a6' })];
    assert.deepEqual(groupAlerts(more, 'alertname').map((g) => g.label), ['ModelEndpointDown', 'Other', 'HighLatency', 'Noise']);
  });

  test("Alertmanager's own groups, when given; else by receiver", () => {
    const amGroups: AlertGroup[] = [
      { key: 'g1', labels: { alertname: 'HighLatency' }, receiver: 'slack', alerts: [a1, a3] },
      { key: 'g2', labels: { alertname: 'ModelEndpointDown' }, receiver: 'pager', alerts: [a2, a5] },
      { key: 'g3', labels: { alertname: 'Gone' }, receiver: 'pager', alerts: [alert({ alertname: 'Gone' }, { fingerprint: 'zz' })] },
    ];
    const groups = groupAlerts(sortAlerts(all, NOW), 'alertmanager-groups', amGroups);
    assert.deepEqual(groups.map((g) => [g.label, g.alerts.map((a) => a.fingerprint)]), [
      ['pager {alertname=ModelEndpointDown}', ['a5', 'a2']],
      ['slack {alertname=HighLatency}', ['a3', 'a1']],
    ]);
    assert.deepEqual(groupAlerts(all, 'alertmanager-groups').map((g) => g.label), ['receiver default']);
  });

  test('nameOfFingerprint and stateCounts', () => {
    assert.equal(nameOfFingerprint(all).get('a4'), 'Noise');
    assert.deepEqual(stateCounts(all), { firing: 5 });
  });
});
