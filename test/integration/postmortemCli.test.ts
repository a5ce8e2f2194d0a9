// `oncall postmortem create` end to end: a real git repository, a real Prometheus holding the incident data (impact
// measured over the incident window), and a real Alertmanager as the other source of events.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/dispatch';
import { commands } from '../../src/cli/commands/index';
import type { CliIo } from '../../src/cli/command';
import { appendEvent } from '../../src/incidents/incidentLog';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { startAlertmanager, eventually, type TestAlertmanager } from '../support/alertmanager';
import { phaseRate, TENANTS } from '../support/incidentData';
import { TestRepo } from '../unit/git/repoFixture';

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    interactive: false,
    ask: () => Promise.reject(new Error('no terminal')),
    signal: new AbortController().signal,
  };
}

function line(md: string, label: string): string {
  return md.split('\n').find((l) => l.startsWith(`- **${label}**:`)) ?? `(no ${label} line)`;
}

describe('postmortem create from an incident log, with impact from a real Prometheus', () => {
  let prom: RunningPrometheus;
  let repo: TestRepo;
  let logFile: string;
  let start: string;
  let end: string;

  before(async () => {
    prom = await startPrometheus({ data: { hours: 1, end: Math.floor(Date.now() / 1000) - 60 } });
    const tl = prom.timeline!;
    start = new Date(tl.incidentStart * 1000).toISOString();
    end = new Date(tl.end * 1000).toISOString();
    repo = TestRepo.create('pm-cli');
    repo.commit('base', '2024-05-01T08:00:00Z', { 'README.md': '# service\n', 'notes.txt': 'n\n' });
    logFile = join(repo.dir, '.oncall', 'incidents', 'incident.jsonl');
    await appendEvent(logFile, {
      type: 'alert-fired', time: start, who: 'alertmanager', source: 'alertmanager', alertname: 'ProviderErrorRateHigh', fingerprint: '5e5e5e5e5e5e5e5e',
      labels: { alertname: 'ProviderErrorRateHigh', severity: 'sev2', model: 'gpt-4o', instance: 'gw:8080' }, summary: 'gpt-4o errors above 10%',
    });
    await appendEvent(logFile, { type: 'acknowledged', time: new Date(tl.incidentStart * 1000 + 120_000).toISOString(), who: 'alice', alertname: 'ProviderErrorRateHigh' });
    await appendEvent(logFile, { type: 'alert-resolved', time: end, who: 'alertmanager', source: 'alertmanager', alertname: 'ProviderErrorRateHigh', fingerprint: '5e5e5e5e5e5e5e5e' });
  });
  after(async () => {
    await prom?.stop();
    repo?.remove();
  });

  test('writes the draft with measured impact and commits only it on a new branch', async () => {
    repo.write('notes.txt', 'unrelated work in progress\n');
    const c = io();
    const code = await runCli(['postmortem', 'create', '--incident', logFile, '--repo', repo.dir, '--prometheus', prom.url], c, commands);
    assert.equal(code, 0, c.stderr.join('\n'));
    assert.deepEqual(c.stderr, []);

    // 30 minutes of the incident phase, scoped to model="gpt-4o" (the alert's scope label).
    const requests = phaseRate('llm_requests_total', 'incident', (l) => l.model === 'gpt-4o') * 1800;
    const cost = phaseRate('llm_token_cost_dollars', 'incident', (l) => l.model === 'gpt-4o') * 1800;
    assert.equal(Math.round(requests), 21600);
    assert.equal(cost.toFixed(2), '864.00');

    const date = start.slice(0, 10);
    const rel = `postmortems/${date}-providererrorratehigh-gpt-4o-errors-above-10.md`;
    const md = repo.read(rel);
    assert.equal(line(md, 'Impact'), `- **Impact**: ${TENANTS.length} tenants, 21,600 requests, $864.00 cost`);
    assert.equal(line(md, 'Duration'), `- **Duration**: ${start.slice(0, 19).replace('T', ' ')} UTC – ${end.slice(0, 19).replace('T', ' ')} UTC (0h 30m)`);
    assert.equal(line(md, 'Severity'), '- **Severity**: SEV2 — Major degradation in key flows');
    assert.match(md, /\| Acknowledged by alice \(ProviderErrorRateHigh\) \|/);

    const branch = `postmortem/${date}-providererrorratehigh-gpt-4o-errors-above-10`;
    assert.equal(repo.branch(), branch);
    assert.equal(repo.git(['show', '--name-only', '--format=', 'HEAD']), `${rel}\n`);
    assert.equal(repo.read('notes.txt'), 'unrelated work in progress\n');
    assert.equal(repo.status(), ' M notes.txt\n?? .oncall/incidents/incident.jsonl\n');
    assert.match(c.stdout.join('\n'), new RegExp(`Committed it alone as [0-9a-f]{12} on the new branch ${branch.replace(/[/.]/g, '\\$&')}`));
  });

  test('a second draft of the same incident never overwrites the first', async () => {
    const c = io();
    const code = await runCli(['postmortem', 'create', '--incident', logFile, '--repo', repo.dir, '--no-git', '--json'], c, commands);
    assert.equal(code, 0, c.stderr.join('\n'));
    const out = JSON.parse(c.stdout.join('\n')) as { file: string; branch: string | null; impact: object };
    assert.match(out.file, /-2\.md$/);
    assert.equal(out.branch, null);
    assert.deepEqual(out.impact, {});
    const md = readFileSync(out.file, 'utf8');
    assert.equal(line(md, 'Impact'), '- **Impact**: TODO: affected tenants, TODO: affected requests, TODO: cost');
  });

  test('the repository template is used; unknown placeholders are reported', async () => {
    mkdirSync(join(repo.dir, '.oncall'), { recursive: true });
    writeFileSync(join(repo.dir, '.oncall', 'postmortem-template.md'), '# {{title}}\n{{impact}}\nOwner: {{owner}}\n');
    const c = io();
    const code = await runCli(['postmortem', 'create', '--incident', logFile, '--repo', repo.dir, '--no-git', '--json', '--title', 'Custom'], c, commands);
    assert.equal(code, 0, c.stderr.join('\n'));
    const out = JSON.parse(c.stdout.join('\n')) as { file: string };
    assert.equal(readFileSync(out.file, 'utf8'), '# Custom\nTODO: affected tenants, TODO: affected requests, TODO: cost\nOwner: {{owner}}\n');
    assert.match(c.stderr.join('\n'), /postmortem-template\.md: Unknown placeholder \{\{owner\}\}/);
  });

  test('usage errors: both sources, no source, a missing log', async () => {
    const both = io();
    assert.equal(await runCli(['postmortem', 'create', '--incident', logFile, '--alertmanager', 'http://127.0.0.1:1', '--fingerprint', 'abcdef12', '--repo', repo.dir], both, commands), 2);
    assert.match(both.stderr.join('\n'), /either --incident or --alertmanager/);
    const none = io();
    assert.equal(await runCli(['postmortem', 'create', '--repo', repo.dir], none, commands), 2);
    const missing = io();
    assert.equal(await runCli(['postmortem', 'create', '--incident', join(repo.dir, 'nope.jsonl'), '--repo', repo.dir, '--no-git'], missing, commands), 2);
    assert.match(missing.stderr.join('\n'), /There is no incident log at/);
  });
});

describe('postmortem create from a real Alertmanager', () => {
  let am: TestAlertmanager;
  let repo: TestRepo;
  before(async () => {
    am = await startAlertmanager();
    repo = TestRepo.create('pm-am');
    repo.commit('base', '2024-05-01T08:00:00Z', { 'README.md': '# r\n' });
  });
  after(async () => {
    await am?.stop();
    repo?.remove();
  });

  test('an ongoing alert with an acknowledgement becomes a draft that says "ongoing"', async () => {
    const startsAt = new Date(Date.now() - 20 * 60_000).toISOString();
    await am.postAlerts([{ labels: { alertname: 'LatencyP95Exceeded', severity: 'sev2', service: 'llm-gateway' }, annotations: { summary: 'p95 above 5s' }, startsAt }]);
    let fingerprint = '';
    await eventually('the alert', async () => {
      const alerts = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as { fingerprint: string }[];
      fingerprint = alerts[0]?.fingerprint ?? '';
      return fingerprint !== '';
    });
    const res = await fetch(`${am.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'LatencyP95Exceeded', isRegex: false, isEqual: true }, { name: 'service', value: 'llm-gateway', isRegex: false, isEqual: true }, { name: 'severity', value: 'sev2', isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), createdBy: 'alice', comment: '[oncall:ack] acknowledged by alice',
      }),
    });
    assert.equal(res.status, 200);

    const c = io();
    const code = await runCli(['postmortem', 'create', '--alertmanager', am.url, '--fingerprint', fingerprint, '--repo', repo.dir, '--no-git', '--json'], c, commands);
    assert.equal(code, 0, c.stderr.join('\n'));
    const out = JSON.parse(c.stdout.join('\n')) as { file: string; ongoing: boolean };
    assert.equal(out.ongoing, true);
    const md = readFileSync(out.file, 'utf8');
    assert.match(line(md, 'Duration'), / UTC – ongoing$/);
    assert.match(md, /\| Alert fired: LatencyP95Exceeded \(service=llm-gateway, severity=sev2\) — p95 above 5s \|/);
    assert.match(md, /\| Acknowledged by alice \(LatencyP95Exceeded\): "\[oncall:ack\] acknowledged by alice" \|/);
    assert.match(md, new RegExp(`incident log ${startsAt.slice(0, 10)}-latencyp95exceeded-${fingerprint.slice(0, 8)}`));
  });

  test('an unknown fingerprint says Alertmanager forgets resolved alerts', async () => {
    const c = io();
    const code = await runCli(['postmortem', 'create', '--alertmanager', am.url, '--fingerprint', 'ffffffffffffffff', '--repo', repo.dir, '--no-git'], c, commands);
    assert.equal(code, 2);
    assert.match(c.stderr.join('\n'), /Alertmanager forgets resolved alerts/);
  });
});
