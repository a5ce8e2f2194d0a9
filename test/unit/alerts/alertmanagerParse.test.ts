import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAlerts, parseGroups, parseSilences, parseStatus } from '../../../src/alerts/alertmanagerParse';
import { formatEnd, stateLabel } from '../../../src/alerts/format';
import { nameOfFingerprint, stateCounts } from '../../../src/alerts/grouping';
import { renderAlertsJson, renderAlertsText } from '../../../src/cli/commands/alerts';
import { NOW, minutesAgo } from './fixtures';

const iso = (ms: number) => new Date(ms).toISOString();

describe('reading Alertmanager alerts', () => {
  test('case 1: an endsAt 8 minutes after startsAt, and a zero endsAt, both read as ongoing; no end and no "0001" in the CLI output', () => {
    const start = NOW - 2 * 60_000;
    const payload = [
      { fingerprint: 'f1', labels: { alertname: 'Lease', severity: 'sev2' }, annotations: { summary: 'lease end' }, startsAt: iso(start), endsAt: iso(start + 8 * 60_000), updatedAt: iso(start), status: { state: 'active', silencedBy: [], inhibitedBy: [] }, receivers: [{ name: 'default' }] },
      { fingerprint: 'f2', labels: { alertname: 'ZeroEnd', severity: 'sev1' }, annotations: {}, startsAt: iso(start), endsAt: '0001-01-01T00:00:00Z', updatedAt: '0001-01-01T00:00:00Z', status: { state: 'active', silencedBy: [], inhibitedBy: [] }, receivers: [] },
    ];
    const { items, problems } = parseAlerts(payload, 'am1', undefined, NOW);
    assert.deepEqual(problems, []);
    assert.deepEqual(items.map((a) => [a.state, a.endsAt, formatEnd(a)]), [['firing', null, 'ongoing'], ['firing', null, 'ongoing']]);
    const json = renderAlertsJson(items, []);
    const parsed = JSON.parse(json) as { alerts: Array<{ endsAt: unknown; startsAt: unknown }> };
    assert.deepEqual(parsed.alerts.map((a) => a.endsAt), [null, null]);
    assert.deepEqual(parsed.alerts.map((a) => a.startsAt), [iso(start), iso(start)]);
    const text = renderAlertsText(items, 1, 1, NOW);
    for (const out of [json, text]) {
      assert.ok(!out.includes('0001'), out);
      assert.ok(!out.includes(iso(start + 8 * 60_000)), 'the lease end is not shown');
    }
  });

  test('case 3: unprocessed, active, silenced, inhibited and an unknown state', () => {
    const st = (state: string, silencedBy: string[] = [], inhibitedBy: string[] = []) => ({ state, silencedBy, inhibitedBy });
    const base = { annotations: {}, startsAt: minutesAgo(3), endsAt: minutesAgo(-4), receivers: [] };
    const payload = [
      { ...base, fingerprint: 'p1', labels: { alertname: 'Pending' }, status: st('unprocessed') },
      { ...base, fingerprint: 'node', labels: { alertname: 'NodeDown', instance: 'n1' }, status: st('active') },
      { ...base, fingerprint: 's1', labels: { alertname: 'Silenced' }, status: st('suppressed', ['s-1']) },
      { ...base, fingerprint: 'i1', labels: { alertname: 'Inhibited', instance: 'n1' }, status: st('suppressed', [], ['node']) },
      { ...base, fingerprint: 'm1', labels: { alertname: 'Muted' }, status: st('muted') },
    ];
    const { items, problems } = parseAlerts(payload, 'am1', undefined, NOW);
    assert.deepEqual(problems, []);
    const names = nameOfFingerprint(items);
    assert.deepEqual(items.map((a) => stateLabel(a, names)), ['pending', 'firing', 'silenced by s-1', 'inhibited by NodeDown', 'muted']);
    assert.equal(stateCounts(items).firing, 1);
    assert.doesNotThrow(() => renderAlertsText(items, 1, 1, NOW));
    assert.doesNotThrow(() => renderAlertsJson(items, []));
  });

  test('oncall alerts: a silenced alert\'s state names the silence\'s author, end and comment (the id when the silence is unknown)', () => {
    const base = { annotations: {}, startsAt: minutesAgo(3), endsAt: minutesAgo(-4), receivers: [] };
    const payload = [
      { ...base, fingerprint: 's1', labels: { alertname: 'Known' }, status: { state: 'suppressed', silencedBy: ['sil-known'], inhibitedBy: [] } },
      { ...base, fingerprint: 's2', labels: { alertname: 'Unknown' }, status: { state: 'suppressed', silencedBy: ['sil-gone'], inhibitedBy: [] } },
    ];
    const { items } = parseAlerts(payload, 'am1', undefined, NOW);
    const { items: silences } = parseSilences([{ id: 'sil-known', matchers: [{ name: 'alertname', value: 'Known', isRegex: false, isEqual: true }], startsAt: iso(NOW - 60_000), endsAt: iso(NOW + 90 * 60_000), createdBy: 'dana', comment: 'INC-4711\u001b[31m', status: { state: 'active' }, updatedAt: iso(NOW - 60_000) }], 'am1');
    const text = renderAlertsText(items, 1, 1, NOW, silences);
    const until = new Date(NOW + 90 * 60_000).toISOString().slice(11, 16);
    assert.match(text, new RegExp(`silenced by dana until ${until} UTC \\("INC-4711�\\[31m"\\)\\s+3m\\s+Known`), text);
    assert.match(text, /silenced by sil-gone\s+3m\s+Unknown/, text);
    assert.ok(!text.includes('\u001b'), 'no terminal escape from a silence comment');
  });

  test('suppressed with neither silencedBy nor inhibitedBy keeps its raw text; a missing status reads as unknown', () => {
    const { items } = parseAlerts([{ fingerprint: 'x', labels: { a: 'b' }, status: { state: 'suppressed' } }, { fingerprint: 'y', labels: { a: 'c' } }], 's', undefined, NOW);
    assert.deepEqual(items.map((a) => a.state), ['suppressed', 'unknown']);
  });

  test('an endsAt in the past means resolved: the end is kept', () => {
    const { items } = parseAlerts([{ fingerprint: 'r', labels: { alertname: 'R' }, startsAt: minutesAgo(10), endsAt: minutesAgo(1), status: { state: 'active' } }], 's', undefined, NOW);
    assert.equal(items[0].endsAt, minutesAgo(1));
    assert.notEqual(formatEnd(items[0]), 'ongoing');
  });

  test('wrong field types keep the rest of the alert', () => {
    const { items, problems } = parseAlerts(
      [{ fingerprint: 'w', labels: { alertname: 'W', bad: 7, severity: 'sev1' }, annotations: 'nope', startsAt: 12, endsAt: null, generatorURL: 5, status: { state: 'active', silencedBy: ['ok', 3], inhibitedBy: 'x' }, receivers: ['r1', { name: 'r2' }, 9] }],
      'am1',
      undefined,
      NOW,
    );
    assert.deepEqual(problems, []);
    const a = items[0];
    assert.deepEqual(a.labels, { alertname: 'W', severity: 'sev1' });
    assert.deepEqual([a.annotations, a.startsAt, a.endsAt, a.generatorURL, a.silencedBy, a.inhibitedBy, a.receivers], [{}, '', null, null, ['ok'], [], ['r1', 'r2']]);
    assert.equal(a.severity?.level, 'SEV1');
  });

  test('entries that are not alerts are skipped and named; a missing fingerprint is derived from the labels', () => {
    const { items, problems } = parseAlerts([null, 'x', { labels: {} }, { labels: { alertname: 'NoFp' } }], 'am1', undefined, NOW);
    assert.equal(items.length, 1);
    assert.match(items[0].fingerprint, /^labels:/);
    assert.equal(problems.length, 3);
    assert.match(problems[0], /alert #1: an entry that is not an object/);
    assert.match(problems[2], /alert #3: an alert with neither fingerprint nor labels/);
  });

  test('a custom severity mapping is used', () => {
    const { items } = parseAlerts([{ fingerprint: 'c', labels: { severity: 'urgent' } }], 's', { urgent: 'SEV1' }, NOW);
    assert.equal(items[0].severity?.level, 'SEV1');
  });
});

describe('reading silences, groups and status', () => {
  test('silences: zero times are absent; a bad matcher skips the silence and says why', () => {
    const { items, problems } = parseSilences(
      [
        { id: 'a', matchers: [{ name: 'team', value: 'db' }], startsAt: '2025-06-01T12:00:00Z', endsAt: '2025-06-01T13:00:00Z', updatedAt: '0001-01-01T00:00:00Z', createdBy: 'ann', comment: 'x', status: { state: 'active' } },
        { id: 'b', matchers: [{ value: 'db' }] },
        { matchers: [] },
      ],
      'am1',
    );
    assert.deepEqual(items.map((s) => [s.id, s.state, s.updatedAt, s.source]), [['a', 'active', null, 'am1']]);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /silence b: A matcher has no name/);
  });

  test('groups', () => {
    const { items } = parseGroups([{ labels: { alertname: 'X' }, receiver: { name: 'pager' }, alerts: [{ fingerprint: 'f', labels: { alertname: 'X' }, status: { state: 'active' } }] }], 'am1', undefined, NOW);
    assert.deepEqual([items[0].receiver, items[0].labels, items[0].alerts[0].state], ['pager', { alertname: 'X' }, 'firing']);
  });

  test('status', () => {
    const s = parseStatus({ versionInfo: { version: '0.25.0' }, uptime: '2025-06-01T11:00:00Z', cluster: { status: 'disabled' }, config: { original: 'route: {}' } });
    assert.deepEqual(s, { version: '0.25.0', uptime: '2025-06-01T11:00:00Z', clusterStatus: 'disabled', peers: 0, config: 'route: {}' });
    assert.deepEqual(parseStatus('garbage'), { version: null, uptime: null, clusterStatus: null, peers: 0, config: null });
  });
});
