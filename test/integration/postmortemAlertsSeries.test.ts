// Postmortems of alerts Alertmanager has forgotten: when an alert stopped firing comes from Prometheus's ALERTS
// series. A real Prometheus evaluates real alerting rules (one alert fires for about 12 s, one keeps firing); the
// incident logs saw them fire but not resolve; `oncall postmortem create --prometheus` finds the end of the first and
// keeps the second ongoing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/dispatch';
import { commands } from '../../src/cli/commands/index';
import type { CliIo } from '../../src/cli/command';
import { appendEvent } from '../../src/incidents/incidentLog';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { eventually } from '../support/alertmanager';
import { removeDir, tempDir } from '../support/process';

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), interactive: false,
    ask: () => Promise.reject(new Error('no terminal')), signal: new AbortController().signal,
  };
}

async function firingAlerts(url: string, alertname: string): Promise<number> {
  const q = new URLSearchParams({ query: `ALERTS{alertname="${alertname}",alertstate="firing"}` });
  const body = (await (await fetch(`${url}/api/v1/query?${q}`)).json()) as { data: { result: unknown[] } };
  return body.data.result.length;
}

describe('postmortem create: alert ends from the ALERTS series of a real Prometheus', () => {
  let prom: RunningPrometheus;
  let dir: string;
  let firedAt = '';
  let stopsAt = 0;

  before(async () => {
    dir = tempDir('pm-alerts-series');
    stopsAt = Math.floor(Date.now() / 1000) + 12;
    const rules = join(dir, 'rules.yml');
    writeFileSync(rules, [
      'groups:',
      '  - name: short',
      '    rules:',
      '      - alert: ShortOutage',
      `        expr: vector(time()) < ${stopsAt}`,
      '        labels: { severity: sev2, model: gpt-4o }',
      '        annotations: { summary: gpt-4o down for a moment }',
      '      - alert: StillFiring',
      '        expr: vector(1)',
      '        labels: { severity: sev3, model: llama-3-70b }',
      '',
    ].join('\n'));
    prom = await startPrometheus({ rulesFiles: [rules] });
    await eventually('ShortOutage fires', async () => (await firingAlerts(prom.url, 'ShortOutage')) === 1, 30_000);
    firedAt = new Date().toISOString();
    await eventually('ShortOutage resolves', async () => (await firingAlerts(prom.url, 'ShortOutage')) === 0, 60_000);
  });
  after(async () => {
    await prom?.stop();
    if (dir) removeDir(dir);
  });

  test('an alert the log saw fire but not resolve: its end is the last firing evaluation, the draft is not ongoing', async () => {
    const log = join(dir, 'short.jsonl');
    await appendEvent(log, {
      type: 'alert-fired', time: firedAt, who: 'alertmanager', source: 'alertmanager', alertname: 'ShortOutage', fingerprint: 'a1b2c3d4e5f60718',
      labels: { alertname: 'ShortOutage', severity: 'sev2', model: 'gpt-4o', cluster: 'eu-1' /* an external label ALERTS does not carry */ }, summary: 'gpt-4o down for a moment',
    });
    const c = io();
    const code = await runCli(['postmortem', 'create', '--incident', log, '--repo', dir, '--no-git', '--json', '--prometheus', prom.url], c, commands);
    assert.equal(code, 0, c.stderr.join('\n'));
    assert.ok(!c.stderr.some((l) => /ALERTS|resolved could not/.test(l)), c.stderr.join('\n'));
    const out = JSON.parse(c.stdout.join('\n')) as { file: string; ongoing: boolean };
    assert.equal(out.ongoing, false);
    const md = readFileSync(out.file, 'utf8');
    const row = md.split('\n').find((l) => l.includes('Alert resolved: ShortOutage'));
    assert.ok(row, md);
    const resolvedAt = Date.parse(`${/^\| (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \|/.exec(row)?.[1]?.replace(' ', 'T')}Z`) / 1000;
    // The rule holds while time() < stopsAt, evaluated every second; the range query's step is 5 s.
    assert.ok(Math.abs(resolvedAt - stopsAt) <= 7, `resolved at ${new Date(resolvedAt * 1000).toISOString()}, the rule stopped at ${new Date(stopsAt * 1000).toISOString()}`);
    const duration = md.split('\n').find((l) => l.startsWith('- **Duration**:')) ?? '';
    assert.doesNotMatch(duration, /ongoing/, duration);
  });

  test('an alert that still fires stays ongoing, with nothing to warn about', async () => {
    const log = join(dir, 'still.jsonl');
    await appendEvent(log, {
      type: 'alert-fired', time: new Date(Date.now() - 5_000).toISOString(), who: 'alertmanager', source: 'alertmanager', alertname: 'StillFiring',
      labels: { alertname: 'StillFiring', severity: 'sev3', model: 'llama-3-70b' },
    });
    const c = io();
    const code = await runCli(['postmortem', 'create', '--incident', log, '--repo', dir, '--no-git', '--json', '--prometheus', prom.url], c, commands);
    assert.equal(code, 0, c.stderr.join('\n'));
    assert.ok(!c.stderr.some((l) => /ALERTS|resolved could not/.test(l)), c.stderr.join('\n'));
    const out = JSON.parse(c.stdout.join('\n')) as { file: string; ongoing: boolean };
    assert.equal(out.ongoing, true);
    assert.doesNotMatch(readFileSync(out.file, 'utf8'), /Alert resolved/);
  });

  test('an alert Prometheus has no ALERTS series for keeps the log\'s view, with a warning saying its end is unknown', async () => {
    const log = join(dir, 'unknown.jsonl');
    await appendEvent(log, {
      type: 'alert-fired', time: new Date(Date.now() - 60_000).toISOString(), who: 'alertmanager', source: 'alertmanager', alertname: 'NeverEvaluatedHere',
      labels: { alertname: 'NeverEvaluatedHere', severity: 'sev3' },
    });
    const c = io();
    const code = await runCli(['postmortem', 'create', '--incident', log, '--repo', dir, '--no-git', '--json', '--prometheus', prom.url], c, commands);
    assert.equal(code, 0, c.stderr.join('\n'));
    assert.ok(c.stderr.some((l) => /Prometheus has no firing ALERTS series for NeverEvaluatedHere/.test(l)), c.stderr.join('\n'));
    assert.equal((JSON.parse(c.stdout.join('\n')) as { ongoing: boolean }).ongoing, true);
  });
});
