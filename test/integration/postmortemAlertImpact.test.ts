// Issue 5's end-to-end case in one test: an alert held by a real Alertmanager (still firing), impact measured in a real
// Prometheus holding the deterministic incident data, `oncall postmortem create --alertmanager --fingerprint
// --prometheus --repo`, and the file committed alone on a new branch. The expected tenants, requests and cost are
// computed here from the generator's own series (value at the window's end minus value at its start), never read back
// from the output. The CLI's clock is pinned to the data's last sample: an ongoing incident's window ends "now".
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/dispatch';
import { commands } from '../../src/cli/commands/index';
import type { CliIo } from '../../src/cli/command';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { startAlertmanager, eventually, type TestAlertmanager } from '../support/alertmanager';
import { families, phaseRate, valueAt, SCRAPE_SECONDS, type CounterSeries, type Labels, type Timeline } from '../support/incidentData';
import { TestRepo } from '../unit/git/repoFixture';

function io(now: Date): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), interactive: false,
    ask: () => Promise.reject(new Error('no terminal')), signal: new AbortController().signal, now: () => new Date(now),
  };
}

/** The increase of every counter named `name` whose labels pass `scope`, between two sample times, per series. */
function increases(name: string, from: number, to: number, tl: Timeline, scope: (l: Labels) => boolean): { labels: Labels; increase: number }[] {
  const out: { labels: Labels; increase: number }[] = [];
  for (const f of families()) {
    for (const s of f.series) {
      if (s.kind !== 'counter' || s.name !== name || !scope(s.labels)) continue;
      out.push({ labels: s.labels, increase: valueAt(s as CounterSeries, to, tl) - valueAt(s as CounterSeries, from, tl) });
    }
  }
  return out;
}

const sum = (xs: { increase: number }[]) => xs.reduce((a, x) => a + x.increase, 0);

describe('postmortem of a real Alertmanager alert with impact from a real Prometheus', () => {
  let am: TestAlertmanager;
  let prom: RunningPrometheus;
  let repo: TestRepo;

  before(async () => {
    [am, prom] = await Promise.all([
      startAlertmanager(),
      startPrometheus({ data: { hours: 1, end: Math.floor(Date.now() / 1000) - 60 } }),
    ]);
    repo = TestRepo.create('pm-am-impact');
    repo.commit('base', '2024-05-01T08:00:00Z', { 'README.md': '# llm gateway\n', 'notes.txt': 'n\n' });
  });
  after(async () => {
    await Promise.all([am?.stop(), prom?.stop()]);
    repo?.remove();
  });

  test('the impact figures in the committed file are exactly those of the data over [startsAt, now]', async () => {
    const tl = prom.timeline!;
    // The alert fired 10 minutes into the incident phase; "now" is the last sample: a 20-minute window of incident data.
    const startsAt = tl.incidentStart + 600;
    const now = tl.end;
    assert.equal((now - startsAt) % 300, 0, 'a window of whole 5-minute periods');
    assert.equal((startsAt - tl.start) % SCRAPE_SECONDS, 0, 'the start is a sample time');
    const labels = { alertname: 'LLMErrorRateHigh', severity: 'sev2', model: 'gpt-4o', route: 'chat', instance: 'llm-gateway-0:8080' };
    await am.postAlerts([{ labels, annotations: { summary: 'gpt-4o chat errors above 2%' }, startsAt: new Date(startsAt * 1000).toISOString() }]);
    let fingerprint = '';
    await eventually('the alert is in Alertmanager', async () => {
      const alerts = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as { fingerprint: string; startsAt: string; status: { state: string } }[];
      fingerprint = alerts[0]?.fingerprint ?? '';
      return alerts.length === 1 && alerts[0].status.state === 'active' && Date.parse(alerts[0].startsAt) === startsAt * 1000;
    });

    // Expected, from the generator: the alert's scope labels are model and route (severity and instance are not on
    // the llm_* series).
    const scope = (l: Labels) => l.model === labels.model && l.route === labels.route;
    const requests = sum(increases('llm_requests_total', startsAt, now, tl, scope));
    const cost = sum(increases('llm_token_cost_dollars', startsAt, now, tl, scope));
    const affected = new Set([
      ...increases('llm_requests_total', startsAt, now, tl, (l) => scope(l) && l.status === 'error').filter((x) => x.increase > 0).map((x) => x.labels.tenant),
      ...increases('llm_token_cost_dollars', startsAt, now, tl, scope).filter((x) => x.increase > 0).map((x) => x.labels.tenant),
    ]);
    // The same figures from the per-5-minute definition of the incident phase: the window is all incident.
    assert.ok(Number.isInteger(requests) && Math.abs(requests - phaseRate('llm_requests_total', 'incident', scope) * (now - startsAt)) < 1e-6);
    assert.ok(Math.abs(cost - phaseRate('llm_token_cost_dollars', 'incident', scope) * (now - startsAt)) < 1e-6);
    assert.ok(requests > 0 && cost > 0 && affected.size > 0);

    const c = io(new Date(now * 1000));
    const code = await runCli(['postmortem', 'create', '--alertmanager', am.url, '--fingerprint', fingerprint, '--prometheus', prom.url, '--repo', repo.dir], c, commands);
    assert.equal(code, 0, c.stderr.join('\n'));
    // The only warning: the backfilled data has no ALERTS series, so Prometheus cannot say when the alert stopped.
    assert.deepEqual(c.stderr.filter((l) => !/no firing ALERTS series for LLMErrorRateHigh/.test(l)), [], c.stderr.join('\n'));

    const wrote = /^Wrote (\S+\.md) \(the incident is still ongoing\)\.$/m.exec(c.stdout.join('\n'));
    assert.ok(wrote, c.stdout.join('\n'));
    const rel = wrote[1];
    const date = new Date(startsAt * 1000).toISOString().slice(0, 10);
    assert.match(rel, new RegExp(`^postmortems/${date}-llmerrorratehigh-[a-z0-9-]+\\.md$`));
    const md = repo.read(rel);
    const line = (label: string) => md.split('\n').find((l) => l.startsWith(`- **${label}**:`));
    const dollars = `$${cost.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    assert.equal(line('Impact'), `- **Impact**: ${affected.size} tenant${affected.size === 1 ? '' : 's'}, ${requests.toLocaleString('en-US')} requests, ${dollars} cost`);
    const startText = new Date(startsAt * 1000).toISOString().slice(0, 19).replace('T', ' ');
    assert.equal(line('Duration'), `- **Duration**: ${startText} UTC – ongoing`);
    assert.ok(md.includes(`| ${startText} | Alert fired: LLMErrorRateHigh (instance=llm-gateway-0:8080, model=gpt-4o, route=chat, severity=sev2) — gpt-4o chat errors above 2% |`), md);

    // Committed alone on a new branch; the unrelated file is untouched.
    const branch = `postmortem/${rel.slice('postmortems/'.length, -'.md'.length)}`;
    assert.equal(repo.branch(), branch);
    assert.equal(repo.git(['show', '--name-only', '--format=', 'HEAD']), `${rel}\n`);
    assert.equal(repo.git(['rev-list', '--count', 'HEAD']), '2\n');
    assert.equal(repo.status(), '');
  });
});
