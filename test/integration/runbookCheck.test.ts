/**
 * `oncall runbook check` end to end (node dist/cli.js, built by `node esbuild.mjs`) against a real Prometheus
 * holding the incident data that ends now: every shipped runbook passes, and a runbook reading a metric that does
 * not exist is reported as stale (exit 1) at the line and column of the metric.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { removeDir, tempDir } from '../support/process';
import { checkRunbook } from '../../src/notebooks/check/index';
import { PrometheusClient } from '../../src/prometheus/client';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SHIPPED = readdirSync(join(ROOT, 'runbooks')).filter((n) => n.endsWith('.runbook.md')).sort().map((n) => join('runbooks', n));

let prom: RunningPrometheus;
let dir: string;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // No inherited ONCALL_PROMETHEUS_URL: each test says which Prometheus it means.
    const base = { ...process.env };
    delete base.ONCALL_PROMETHEUS_URL;
    execFile(cmd, args, { cwd: ROOT, env: { ...base, ...env }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

const cli = (args: string[], env?: NodeJS.ProcessEnv) => run(process.execPath, [CLI, ...args], env);

before(async () => {
  const build = await run(process.execPath, ['esbuild.mjs']);
  assert.equal(build.code, 0, `node esbuild.mjs failed: ${build.stderr}`);
  prom = await startPrometheus({ data: {} });
  dir = tempDir('runbook-check');
});

after(async () => {
  await prom?.stop();
  if (dir) removeDir(dir);
});

describe('oncall runbook check against a real Prometheus', () => {
  test('the shipped runbooks are found (the check below is not vacuous)', () => {
    assert.ok(SHIPPED.length >= 7, SHIPPED.join(', '));
  });

  test('every shipped runbook passes: exit 0, no findings, stale metrics checked', async () => {
    const r = await cli(['runbook', 'check', ...SHIPPED, '--prometheus', prom.url]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}\n${prom.tail()}`);
    assert.equal(r.stdout, `${SHIPPED.length} files checked: 0 errors, 0 warnings; stale metrics checked against ${prom.url}.\n`);
    assert.equal(r.stderr, '');
  });

  test('the shipped runbooks read metrics, and each of them has series in this Prometheus', async () => {
    // Guards the test above: had the data or the metric extraction been empty, "no stale metric" would mean nothing.
    const client = new PrometheusClient({ baseUrl: prom.url });
    const stale = await checkRunbook('```promql\nllm_requests_total + up + no_such_metric_total\n```\n', 'probe.md', { prometheus: client });
    assert.deepEqual(stale.map((f) => [f.code, f.message.split(' ')[1]]), [['stale-metric', 'no_such_metric_total']]);
  });

  test('a runbook reading a metric that does not exist: a stale-metric warning at its line and column, exit 1', async () => {
    const file = join(dir, 'stale.runbook.md');
    writeFileSync(file, [
      '---',
      'parameters:',
      '  model: { label: model }',
      '---',
      '# Stale',
      '',
      '1. Error share:',
      '',
      '   ```promql {"name":"old"}',
      '   sum by (model) (rate(llm_requests_total{model={{model}}}[5m]))',
      '     / sum by (model) (rate(llm_requests_legacy_total{model={{model}}}[5m]))',
      '   ```',
      '',
    ].join('\r\n'));
    const r = await cli(['runbook', 'check', file, '--prometheus', prom.url]);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `${file}:11:29: warning: metric llm_requests_legacy_total has no series in Prometheus ${prom.url} (last 24 h): the runbook may be stale. [stale-metric]`,
      `1 file checked: 0 errors, 1 warning; stale metrics checked against ${prom.url}.`,
    ]);

    const json = await cli(['runbook', 'check', file, '--json'], { ONCALL_PROMETHEUS_URL: prom.url });
    assert.equal(json.code, 1, json.stderr);
    const parsed = JSON.parse(json.stdout) as { findings: Array<{ code: string; line: number; column: number }>; summary: { staleMetricsChecked: boolean } };
    assert.deepEqual(parsed.findings.map((f) => [f.code, f.line, f.column]), [['stale-metric', 11, 29]]);
    assert.equal(parsed.summary.staleMetricsChecked, true);
  });

  test('without a Prometheus the same runbook passes and the summary says the stale check was skipped', async () => {
    const file = join(dir, 'stale.runbook.md');
    const r = await cli(['runbook', 'check', file]);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.stdout, '1 file checked: 0 errors, 0 warnings; stale metrics not checked (no --prometheus).\n');
  });

  test('a broken runbook: every kind of error in one file, with exit 1', async () => {
    const file = join(dir, 'broken.runbook.md');
    writeFileSync(file, ['# Broken', '', '```promql', 'sum(rate(llm_requests_total[5m])', '```', '', '```kubectl', 'delete pod x', '```', '', '```http', 'POST https://x.example/', '```', '', '```promql', 'up{job={{job}}}'].join('\n'));
    const r = await cli(['runbook', 'check', file, '--prometheus', prom.url]);
    assert.equal(r.code, 1);
    const codes = r.stdout.trimEnd().split('\n').slice(0, -1).map((l) => /\[([\w-]+)\]$/.exec(l)?.[1]);
    assert.deepEqual(codes, ['promql-syntax', 'kubectl-unsupported', 'http-cell', 'unclosed-fence']);
    assert.match(r.stdout, /\n1 file checked: 4 errors, 0 warnings; stale metrics checked against /);
  });
});
