/**
 * Malformed and hostile Alertmanager payloads (test/fixtures/bad-input/alerts/ plus generated megabyte values)
 * through everything an alert flows into: the client over real HTTP (a loopback server), parsing, HA merge,
 * grouping and sorting, the texts of the panel, escalation, silence matchers and their preview, incident ids and
 * incident-log lines. Every entry is either shown (with what was valid) or named in a problem line: none is
 * silently lost, nothing throws, and label values stay data (matchers read back to exactly the same values).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AlertmanagerClient } from '../../src/alerts/alertmanagerClient';
import { parseAlerts } from '../../src/alerts/alertmanagerParse';
import { fetchAlerts, mergeAlert } from '../../src/alerts/fetchAll';
import { groupAlerts, nameOfFingerprint, sortAlerts } from '../../src/alerts/grouping';
import { formatAge, formatEnd, stateLabel } from '../../src/alerts/format';
import { alertAgeMs, escalationOf, responseStatus } from '../../src/alerts/escalation';
import { formatMatchers, matchersForAlert, matchesAll, parseMatchers } from '../../src/alerts/matchers';
import { previewSilence } from '../../src/alerts/silencePreview';
import { eventsFromAlert } from '../../src/incidents/fromAlertmanager';
import { eventLine, incidentIdForAlert, incidentLogPath, parseIncidentLog } from '../../src/incidents/incidentLog';
import { HttpError, InputError } from '../../src/common/errors';
import type { Alert } from '../../src/alerts/model';
import { deeplyNestedAlertBody, generatedAlerts } from '../fixtures/bad-input/generated';

const DIR = resolve(process.cwd(), 'test/fixtures/bad-input/alerts');
const NOW = Date.parse('2024-05-01T10:30:00Z');

/** A loopback server answering whatever body the test sets, as Alertmanager's /api/v2/alerts would. */
let server: http.Server;
let url = '';
let body = '[]';
before(async () => {
  server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const counts = { payloads: 0, entries: 0, shown: 0, problems: 0, refusedBodies: 0, matcherRoundTrips: 0, matcherRefusals: 0 };

/** Everything the panel, the silence flow and the incident log do with one alert; returns false if the matchers were refused. */
function downstream(a: Alert, all: Alert[]): boolean {
  const names = nameOfFingerprint(all);
  assert.equal(typeof stateLabel(a, names), 'string');
  assert.equal(typeof formatAge(alertAgeMs(a, NOW)), 'string');
  assert.equal(typeof formatEnd(a), 'string');
  assert.ok(escalationOf(a, NOW).level >= 1);
  responseStatus(a, NOW);
  const id = incidentIdForAlert(a.startsAt ? a : { ...a, startsAt: new Date(NOW).toISOString() });
  assert.match(id, /^\d{4}-\d{2}-\d{2}-[0-9a-z-]*-[0-9a-z]{1,8}$/, `incident id ${id}`);
  incidentLogPath('/tmp/incidents', id);
  for (const ev of eventsFromAlert(a)) {
    const line = eventLine(ev);
    assert.equal(line.indexOf('\n'), line.length - 1, 'an incident-log event is exactly one line');
    assert.equal(parseIncidentLog(line).events.length, 1);
  }
  // A silence for exactly this alert: its matchers, written as text and read back, are the same values.
  const matchers = matchersForAlert(a.labels);
  assert.ok(matchesAll(matchers, a.labels));
  const preview = previewSilence(matchers, all);
  if (matchers.length === 0) assert.match(preview.warnings.join(' '), /needs at least one matcher/, 'an alert without labels cannot be silenced by its labels');
  else assert.ok(preview.matched.includes(a));
  let back;
  try {
    back = parseMatchers(formatMatchers(matchers));
  } catch (e) {
    assert.ok(e instanceof InputError, `matchers of ${a.fingerprint} threw ${String(e)}`);
    assert.match(e.message, /not valid UTF-8/);
    return false;
  }
  assert.deepEqual(back, matchers, `matchers of ${a.fingerprint} read back differently`);
  return true;
}

function run(name: string, raw: unknown[]): void {
  const parsed = parseAlerts(raw, 'am', undefined, NOW);
  assert.equal(parsed.items.length + parsed.problems.length, raw.length, `${name}: an entry was neither shown nor reported`);
  for (const p of parsed.problems) assert.match(p, /^alert #\d+: /, 'a problem line says which entry');
  const all = parsed.items;
  for (const by of ['severity', 'alertname', 'none', { label: 'model' }, { label: '__proto__' }] as const) {
    const groups = groupAlerts(all, by);
    assert.equal(groups.reduce((n, g) => n + g.alerts.length, 0), all.length, `${name}: grouping by ${JSON.stringify(by)} lost alerts`);
  }
  assert.equal(sortAlerts(all, NOW).length, all.length);
  for (const a of all) {
    if (downstream(a, all)) counts.matcherRoundTrips++;
    else counts.matcherRefusals++;
    // An HA peer reporting the same alert merges without losing labels.
    const copy: Alert = { ...a, sources: ['peer'], labels: { ...a.labels } };
    mergeAlert(copy, { ...a, sources: ['am'] });
    assert.deepEqual(copy.sources.sort(), ['am', 'peer']);
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
  counts.payloads++;
  counts.entries += raw.length;
  counts.shown += parsed.items.length;
  counts.problems += parsed.problems.length;
}

describe('malformed alert payloads: shown with what is valid, or named; never thrown, never lost', () => {
  const files = readdirSync(DIR).sort();
  for (const f of files) {
    test(f, async () => {
      const text = readFileSync(join(DIR, f), 'utf8');
      body = text;
      const client = new AlertmanagerClient({ name: 'bad-am', url }, { now: () => NOW });
      let list: unknown;
      try {
        list = JSON.parse(text);
      } catch {
        list = undefined;
      }
      if (!Array.isArray(list)) {
        // Not a list of alerts at all: a clear error for that source, through the real client.
        const err = await client.readAlerts().then(() => undefined, (e: unknown) => e);
        assert.ok(err instanceof HttpError, `${f}: expected an HttpError`);
        assert.equal(err.kind, 'invalid-response');
        assert.match(err.message, /Alertmanager bad-am (sent .* instead of a list of alerts|sent a reply to \/api\/v2\/alerts that is not JSON)/);
        const merged = await fetchAlerts([client]);
        assert.deepEqual(merged.failed, ['bad-am']);
        counts.refusedBodies++;
        return;
      }
      const viaHttp = await client.readAlerts();
      assert.equal(viaHttp.items.length + viaHttp.problems.length, list.length);
      run(f, list);
    });
  }

  for (const g of generatedAlerts()) {
    test(g.name, async () => {
      body = JSON.stringify(g.alerts);
      const viaHttp = await new AlertmanagerClient({ name: 'bad-am', url }, { now: () => NOW }).readAlerts();
      assert.equal(viaHttp.items.length, g.alerts.length);
      run(g.name, g.alerts);
    });
  }

  test('a label value nested 1,000,000 arrays deep: the alert is shown without that label', async () => {
    body = deeplyNestedAlertBody(1_000_000);
    const parsed = await new AlertmanagerClient({ name: 'bad-am', url }, { now: () => NOW }).readAlerts();
    assert.equal(parsed.items.length, 1);
    assert.deepEqual(parsed.items[0].labels, { alertname: 'Deep' });
    run('deep', JSON.parse(body) as unknown[]);
  });

  test('what the engineer sees for the odd ones', () => {
    const load = (f: string) => parseAlerts(JSON.parse(readFileSync(join(DIR, f), 'utf8')) as unknown[], 'am', undefined, NOW);
    const missing = load('missing-fields.json');
    assert.deepEqual(missing.problems, ['alert #1: an alert with neither fingerprint nor labels', 'alert #2: an alert with neither fingerprint nor labels']);
    const noName = missing.items.find((a) => a.fingerprint === 'f-noname');
    assert.equal(noName?.severity?.level, 'SEV1', 'an alert without alertname is still shown with its severity');
    const wrong = load('wrong-types.json');
    const typed = wrong.items.find((a) => a.fingerprint === 'f-types');
    assert.deepEqual(typed?.labels, { alertname: 'TypedLabels' }, 'labels that are not strings are dropped, the rest kept');
    assert.deepEqual(typed?.receivers, ['ok']);
    assert.deepEqual(typed?.inhibitedBy, ['fp-a']);
    const future = wrong.items.find((a) => a.fingerprint === 'f-future');
    assert.equal(formatAge(alertAgeMs(future as Alert, NOW)).length > 0, true);
    const exotic = load('exotic-labels.json');
    const meta = exotic.items.find((a) => a.fingerprint === 'e-meta');
    assert.equal(meta?.labels.model, '"}; rm -rf / $(id) `id` {{x}} \\\\ \' | & > /etc/passwd', 'metacharacters arrive verbatim');
  });

  test('counts', () => {
    console.log(
      `bad-input alerts: ${counts.payloads + counts.refusedBodies} payloads (${counts.refusedBodies} bodies refused as not a list of alerts), ` +
        `${counts.entries} entries: ${counts.shown} shown, ${counts.problems} named as unreadable; ` +
        `${counts.matcherRoundTrips} silence matcher sets read back exactly, ${counts.matcherRefusals} refused as broken text`,
    );
    assert.equal(counts.entries, counts.shown + counts.problems);
  });
});
