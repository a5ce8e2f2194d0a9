/**
 * The Alertmanager core and the `oncall` CLI against REAL Alertmanagers (/usr/bin/prometheus-alertmanager) started
 * here: states, an HA pair plus a dead URL, silences, acks, matchers checked against Alertmanager's own filter, and
 * `node dist/cli.js` end to end.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { eventually, startAlertmanager, type PostableAlert, type TestAlertmanager } from '../support/alertmanager';
import { freePort } from '../support/process';
import { AlertmanagerClient } from '../../src/alerts/alertmanagerClient';
import { fetchAlerts, fetchGroups, fetchSilences } from '../../src/alerts/fetchAll';
import { nameOfFingerprint } from '../../src/alerts/grouping';
import { stateLabel, formatEnd } from '../../src/alerts/format';
import { ackFor, newAckSilence } from '../../src/alerts/acks';
import { matchesAll, matchersForAlert, parseMatchers } from '../../src/alerts/matchers';
import { previewSilence } from '../../src/alerts/silencePreview';
import { HttpError, InputError } from '../../src/common/errors';
import type { Alert } from '../../src/alerts/model';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const TOKEN = 'tok-Secret-4711';

const iso = (ms: number) => new Date(ms).toISOString();

let a: TestAlertmanager;
let b: TestAlertmanager;
let deadUrl: string;

const base: PostableAlert[] = [
  { labels: { alertname: 'NodeDown', instance: 'n1', severity: 'sev1' }, annotations: { summary: 'node n1 is down' } },
  { labels: { alertname: 'HighLatency', instance: 'n1', severity: 'sev2' }, annotations: { summary: 'p95 over 5s' } },
  { labels: { alertname: 'ModelEndpointDown', instance: 'n2', severity: 'sev1', model: 'gpt-4o' }, annotations: { summary: 'endpoint down' } },
  { labels: { alertname: 'TokenCostExplosion', tenant: 'acme', severity: 'sev2' }, annotations: { summary: 'spend' } },
];

function client(url: string): AlertmanagerClient {
  return new AlertmanagerClient({ name: url, url }, { timeoutMs: 5000 });
}

function byName(alerts: Alert[], name: string): Alert {
  const found = alerts.find((x) => x.labels.alertname === name);
  assert.ok(found, `alert ${name} in ${alerts.map((x) => x.labels.alertname).join(', ')}`);
  return found;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

before(async () => {
  [a, b] = await Promise.all([startAlertmanager(), startAlertmanager()]);
  deadUrl = `http://127.0.0.1:${await freePort()}`;
  await Promise.all([a.postAlerts(base), b.postAlerts(base)]);
  // The inhibitor learns about NodeDown asynchronously.
  await eventually('HighLatency inhibited on both', async () => {
    const [x, y] = await Promise.all([client(a.url).getAlerts(), client(b.url).getAlerts()]);
    return [x, y].every((l) => l.length === 4 && byName(l, 'HighLatency').state === 'inhibited');
  });
  // The CLI bundle exactly as `node esbuild.mjs` builds it.
  await esbuild.build({
    entryPoints: { cli: join(ROOT, 'src/cli/main.ts') }, outdir: join(ROOT, 'dist'), bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', sourcemap: true, logLevel: 'warning', external: ['vscode'], banner: { js: '#!/usr/bin/env node' },
  });
});

after(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

describe('a real Alertmanager', () => {
  test('states: firing, and inhibited by NodeDown through a real inhibition rule', async () => {
    const alerts = await client(a.url).getAlerts();
    const names = nameOfFingerprint(alerts);
    assert.equal(byName(alerts, 'NodeDown').state, 'firing');
    assert.equal(byName(alerts, 'ModelEndpointDown').state, 'firing');
    const inhibited = byName(alerts, 'HighLatency');
    assert.equal(inhibited.rawState, 'suppressed');
    assert.equal(stateLabel(inhibited, names), 'inhibited by NodeDown');
    assert.equal(byName(alerts, 'ModelEndpointDown').severity?.level, 'SEV1');
    assert.deepEqual(byName(alerts, 'NodeDown').receivers, ['default']);
  });

  test('case 1: a firing alert whose endsAt is 8 minutes after startsAt reads as ongoing (GET /api/v2/alerts)', async () => {
    const start = Date.now() - 2 * 60_000;
    await a.postAlerts([{ labels: { alertname: 'LeaseEnd', severity: 'sev3' }, startsAt: iso(start), endsAt: iso(start + 8 * 60_000) }]);
    const raw = (await (await fetch(`${a.url}/api/v2/alerts`)).json()) as Array<{ labels: Record<string, string>; endsAt: string }>;
    const rawLease = raw.find((x) => x.labels.alertname === 'LeaseEnd');
    assert.ok(rawLease && Date.parse(rawLease.endsAt) > Date.now(), 'Alertmanager reports a future endsAt (a lease)');
    const lease = byName(await client(a.url).getAlerts(), 'LeaseEnd');
    assert.deepEqual([lease.state, lease.endsAt, formatEnd(lease)], ['firing', null, 'ongoing']);
    const rawNode = raw.find((x) => x.labels.alertname === 'NodeDown');
    assert.ok(rawNode && Date.parse(rawNode.endsAt) > Date.now(), 'an alert posted without endsAt gets a lease too');
  });

  test('two Alertmanagers with the same alerts plus a dead URL: one alert per fingerprint, both sources, one error naming the dead one', async () => {
    const result = await fetchAlerts([client(a.url), client(b.url), client(deadUrl)]);
    const fingerprints = result.alerts.map((x) => x.fingerprint);
    assert.equal(new Set(fingerprints).size, fingerprints.length, 'no duplicates');
    for (const name of ['NodeDown', 'HighLatency', 'ModelEndpointDown', 'TokenCostExplosion']) {
      assert.deepEqual(byName(result.alerts, name).sources, [a.url, b.url], name);
    }
    assert.equal(byName(result.alerts, 'LeaseEnd').sources.length, 1, 'posted to one only');
    assert.deepEqual(result.failed, [deadUrl]);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].source, deadUrl);
    assert.match(result.errors[0].message, /unreachable \(connection refused\)/);
    assert.equal(byName(result.alerts, 'HighLatency').state, 'inhibited');
  });

  test("Alertmanager's own groups, merged across the pair", async () => {
    const { groups, errors } = await fetchGroups([client(a.url), client(b.url)]);
    assert.deepEqual(errors, []);
    const node = groups.find((g) => g.labels.alertname === 'NodeDown');
    assert.ok(node);
    assert.deepEqual([node.receiver, node.alerts.length, node.alerts[0].sources], ['default', 1, [a.url, b.url]]);
  });

  test('silence: create -> the alert turns silenced -> expire -> firing again', async () => {
    const c = client(a.url);
    const matchers = parseMatchers('alertname="TokenCostExplosion", tenant="acme"');
    const preview = previewSilence(matchers, await c.getAlerts());
    assert.deepEqual(preview.matched.map((x) => x.labels.alertname), ['TokenCostExplosion']);
    const now = Date.now();
    const id = await c.createSilence({ matchers, startsAt: iso(now), endsAt: iso(now + 3_600_000), createdBy: 'itest', comment: 'cost work' });
    await eventually('silenced', async () => byName(await c.getAlerts(), 'TokenCostExplosion').state === 'silenced');
    const silenced = byName(await c.getAlerts(), 'TokenCostExplosion');
    assert.deepEqual(silenced.silencedBy, [id]);
    assert.equal(stateLabel(silenced, new Map()), `silenced by ${id}`);
    const listed = (await c.getSilences()).find((s) => s.id === id);
    assert.ok(listed);
    assert.deepEqual([listed.state, listed.createdBy, listed.comment, listed.matchers], ['active', 'itest', 'cost work', matchers]);

    // The HA merge: firing on the peer that does not have the silence wins.
    const merged = await fetchAlerts([c, client(b.url)]);
    assert.equal(byName(merged.alerts, 'TokenCostExplosion').state, 'firing');

    await c.expireSilence(id);
    await eventually('firing again', async () => byName(await c.getAlerts(), 'TokenCostExplosion').state === 'firing');
    assert.equal((await c.getSilences()).find((s) => s.id === id)?.state, 'expired');
  });

  test('expiring an unknown silence and creating an invalid one fail clearly', async () => {
    const c = client(a.url);
    await assert.rejects(c.expireSilence('7b1a7f4b-0000-4000-8000-000000000000'), (e: unknown) => e instanceof HttpError && e.kind === 'status' && /silence not found/.test(e.message));
    const now = Date.now();
    await assert.rejects(
      c.createSilence({ matchers: parseMatchers('x=~".*"'), startsAt: iso(now), endsAt: iso(now + 60_000), createdBy: 'me', comment: 'c' }),
      (e: unknown) => e instanceof InputError && /must not match the empty string/.test(e.message),
    );
  });

  test('ack: a silence with the ack marker silences the alert and ackFor finds it', async () => {
    const c = client(a.url);
    const target = byName(await c.getAlerts(), 'ModelEndpointDown');
    const id = await c.createSilence(newAckSilence(target, 'dana', 30 * 60_000, Date.now(), 'looking at the pods'));
    await eventually('acked alert silenced', async () => byName(await c.getAlerts(), 'ModelEndpointDown').state === 'silenced');
    const [alerts, { silences }] = await Promise.all([c.getAlerts(), fetchSilences([c])]);
    const ack = ackFor(byName(alerts, 'ModelEndpointDown'), silences);
    assert.ok(ack);
    assert.deepEqual([ack.by, ack.silenceId], ['dana', id]);
    assert.match(ack.comment, /looking at the pods/);
    assert.equal(ackFor(byName(alerts, 'NodeDown'), silences), undefined);
    assert.deepEqual(
      silences.find((s) => s.id === id)?.matchers,
      matchersForAlert(target.labels),
    );
    await c.expireSilence(id);
  });

  test('answers that are not the API (HTML, an object instead of a list) are invalid-response errors, and the other sources still show', async () => {
    // "/#" makes the request go to the web UI (HTML); "/api/v2/status?" to the status object.
    const html = new AlertmanagerClient({ name: 'html', url: `${a.url}/#` });
    const object = new AlertmanagerClient({ name: 'object', url: `${a.url}/api/v2/status?` });
    await assert.rejects(html.getAlerts(), (e: unknown) => e instanceof HttpError && e.kind === 'invalid-response' && /not JSON/.test(e.message));
    await assert.rejects(object.getAlerts(), (e: unknown) => e instanceof HttpError && e.kind === 'invalid-response' && /instead of a list of alerts/.test(e.message));
    const result = await fetchAlerts([html, client(a.url), object]);
    assert.deepEqual(result.errors.map((x) => x.source), ['html', 'object']);
    assert.ok(result.alerts.length >= 4);
  });
});

describe("matchers agree with Alertmanager's own filter", () => {
  const values = ['a\rb', 'a\nb', 'a\vb', 'a b', 'ABC', 'abc', 'ab1', 'a{,2}', ']', '-', '1-z', 'a.b', 'axb', 'αβγ', 'héllo', '😀', 'axyz', 'zzb', '\u212a', 'K', 'k', 'aa', 'x', ''];
  const filters = [
    'v=~"a.b"', 'v=~"(?s)a.b"', 'v=~"a\\\\sb"', 'v=~"a\\\\Sb"', 'v=~"[[:alpha:]]+"', 'v=~"[[:^digit:]]+"', 'v=~"a{,2}"',
    'v=~"[]a]"', 'v=~"[\\\\d-z]+"', 'v=~"\\\\Qa.b\\\\E"', 'v=~"(?i)abc"', 'v=~"a)|(b"', 'v=~"\\\\pL+"', 'v=~"\\\\p{Greek}+"',
    'v=~"."', 'v=~"(?i)k"', 'v!~"a.+"', 'v!="abc"', 'v=""', 'v!=""', 'v=~""', 'v=~".*"', 'w!~"x"', 'w=""', 'v=abc', 'v = "ABC" ',
    'v=~"[^a]"', 'v=~"a$\\\\n^b"', 'v=~"(?m)a$\\\\n^b"', 'v=~"\\\\x{1F600}"', 'v=~"a{2}"',
  ];
  const invalid = ['v=~"("', 'v=~"(?=a)"', 'v=~"a{1001}"', 'v="a', '1v=a', 'v', 'v=~"\\\\C"', 'v=~"[z-a]"'];

  before(async () => {
    await a.postAlerts(values.map((v, i) => ({ labels: { alertname: `V${i}`, ...(v === '' ? {} : { v }), kind: 'matcher-check' } })));
  });

  async function amFilter(filter: string): Promise<{ status: number; names: string[] }> {
    const q = new URLSearchParams([['filter', filter], ['filter', 'kind="matcher-check"']]);
    const res = await fetch(`${a.url}/api/v2/alerts?${q}`);
    if (!res.ok) return { status: res.status, names: [] };
    const list = (await res.json()) as Array<{ labels: Record<string, string> }>;
    return { status: res.status, names: list.map((x) => x.labels.alertname).sort() };
  }

  test('the same alerts match, for every filter', async () => {
    const ours = (await client(a.url).getAlerts()).filter((x) => x.labels.kind === 'matcher-check');
    assert.equal(ours.length, values.length);
    for (const f of filters) {
      const am = await amFilter(f);
      assert.equal(am.status, 200, `Alertmanager accepts ${f}`);
      const ms = parseMatchers(f);
      const mine = ours.filter((x) => matchesAll(ms, x.labels)).map((x) => x.labels.alertname).sort();
      assert.deepEqual(mine, am.names, `filter ${f}`);
    }
  });

  test('what Alertmanager rejects, we reject', async () => {
    for (const f of invalid) {
      const am = await amFilter(f);
      assert.equal(am.status, 400, `Alertmanager rejects ${f}`);
      assert.throws(() => parseMatchers(f), InputError, f);
    }
  });
});

describe('the oncall CLI end to end (node dist/cli.js)', () => {
  test('alerts --json with two Alertmanagers and a dead URL: exit 3, the dead one named, the others listed once', async () => {
    const r = await runCli(['alerts', '--json', '--alertmanager', `${a.url},${b.url},${deadUrl}`], { ONCALL_ALERTMANAGER_TOKEN: TOKEN });
    assert.equal(r.code, 3, r.stderr);
    const out = JSON.parse(r.stdout) as { alerts: Array<Record<string, unknown>>; errors: Array<{ source: string; message: string }> };
    assert.deepEqual(Object.keys(out), ['alerts', 'errors']);
    assert.deepEqual(out.errors.map((e) => e.source), [deadUrl]);
    const node = out.alerts.find((x) => (x.labels as Record<string, string>).alertname === 'NodeDown');
    assert.ok(node);
    assert.deepEqual(Object.keys(node), ['fingerprint', 'labels', 'annotations', 'state', 'severity', 'startsAt', 'endsAt', 'silencedBy', 'inhibitedBy', 'sources']);
    assert.deepEqual([node.state, node.severity, node.endsAt, node.sources], ['firing', 'SEV1', null, [a.url, b.url]]);
    const hl = out.alerts.find((x) => (x.labels as Record<string, string>).alertname === 'HighLatency');
    assert.equal(hl?.state, 'inhibited');
    assert.ok(out.alerts.every((x) => x.endsAt === null), 'no end time while firing');
    assert.ok(!r.stdout.includes('0001') && !r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN));
  });

  test('case 1 through the CLI: human and JSON output show no end time and no 0001', async () => {
    const json = await runCli(['alerts', '--json', '--alertmanager', a.url, '--filter', 'alertname="LeaseEnd"']);
    assert.equal(json.code, 0, json.stderr);
    const out = JSON.parse(json.stdout) as { alerts: Array<{ endsAt: unknown; state: string }> };
    assert.deepEqual(out.alerts.map((x) => [x.state, x.endsAt]), [['firing', null]]);
    const human = await runCli(['alerts', '--alertmanager', a.url]);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /LeaseEnd/);
    assert.match(human.stdout, /inhibited by NodeDown/);
    for (const text of [json.stdout, human.stdout]) assert.ok(!text.includes('0001'), text);
  });

  test('exit 1 when every source fails, 2 for usage errors', async () => {
    const dead = await runCli(['alerts', '--json', '--alertmanager', deadUrl]);
    assert.equal(dead.code, 1);
    assert.deepEqual(JSON.parse(dead.stdout).alerts, []);
    const usage = await runCli(['alerts', '--alertmanager', a.url, '--filter', 'alertname=~"("']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /missing "\)"/);
  });

  test('silence add (preview, create), list, expire', async () => {
    const dry = await runCli(['silence', 'add', '--alertmanager', a.url, '--matchers', 'model!~"gpt-.+"', '--duration', '1h', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /ALSO matches alerts that lack the label "model"/);
    assert.match(dry.stdout, /Dry run/);

    const add = await runCli(['silence', 'add', '--alertmanager', a.url, '--matchers', 'alertname="NodeDown"', '--duration', '30m', '--comment', 'cli test', '--author', 'cli']);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /It would silence 1 of the/);
    const id = /Created silence (\S+) on/.exec(add.stdout)?.[1];
    assert.ok(id, add.stdout);
    const list = await runCli(['silence', 'list', '--json', '--alertmanager', a.url]);
    assert.equal(list.code, 0, list.stderr);
    const silences = JSON.parse(list.stdout).silences as Array<{ id: string; createdBy: string }>;
    assert.equal(silences.find((s) => s.id === id)?.createdBy, 'cli');
    const expire = await runCli(['silence', 'expire', id, '--alertmanager', a.url]);
    assert.equal(expire.code, 0, expire.stderr);
    const after = await runCli(['silence', 'list', '--json', '--alertmanager', a.url]);
    assert.equal((JSON.parse(after.stdout).silences as Array<{ id: string }>).some((s) => s.id === id), false);
  });
});
