/**
 * A planted token never leaks (core and CLI level). The `oncall` CLI (dist/cli.js, as shipped) runs with a
 * planted Alertmanager token and a planted Prometheus token against a REAL Alertmanager and a REAL Prometheus,
 * each behind a fault proxy that requires the token (so it is really sent) and then misbehaves: it echoes the
 * Authorization header back in a 500, or in a 200 HTML page. Afterwards the tokens are searched for in every
 * stdout and stderr, the incident log, the postmortem drafts, every file of the repository and its git history.
 * (The full drill in VS Code — log channel, cell outputs, settings — is searched by the drill tests.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startAlertmanager, type TestAlertmanager } from '../support/alertmanager';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { startFaultProxy, type Fault, type FaultProxy } from '../support/faultProxy';
import { sampleAlerts } from '../support/sampleIncident';
import { repoRoot } from '../support/codeServer';
import { appendEvent } from '../../src/incidents/incidentLog';
import { TestRepo } from '../unit/git/repoFixture';

const AM_TOKEN = 'planted-AmTok-3f9e1c55d2';
const PROM_TOKEN = 'planted-PromTok-a81b7d004e';
const SECRETS = [AM_TOKEN, PROM_TOKEN];
const CLI = join(repoRoot(), 'dist', 'cli.js');

interface Run { args: string[]; code: number; stdout: string; stderr: string }

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ args, code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Every file under dir (the .git folder included), as text. */
function allFiles(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [{ path: p, text: readFileSync(p, 'latin1') }];
  });
}

describe('a planted token never leaks from the CLI, whatever the servers answer', () => {
  let am: TestAlertmanager;
  let prom: RunningPrometheus;
  let amProxy: FaultProxy;
  let promProxy: FaultProxy;
  let repo: TestRepo;
  let logFile: string;
  const runs: Run[] = [];

  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: build it with node esbuild.mjs`);
    [am, prom] = await Promise.all([startAlertmanager(), startPrometheus()]);
    await am.postAlerts(sampleAlerts());
    amProxy = await startFaultProxy({ target: am.url, requireAuthorization: `Bearer ${AM_TOKEN}` });
    promProxy = await startFaultProxy({ target: prom.url, requireAuthorization: `Bearer ${PROM_TOKEN}` });
    repo = TestRepo.create('planted-token');
    repo.commit('base', '2024-05-01T08:00:00Z', { 'README.md': '# service\n' });
    logFile = join(repo.dir, '.oncall', 'incidents', 'incident.jsonl');
    const start = new Date(Date.now() - 30 * 60_000).toISOString();
    await appendEvent(logFile, {
      type: 'alert-fired', time: start, who: 'alertmanager', source: 'alertmanager', alertname: 'ProviderErrorRateHigh', fingerprint: '5e5e5e5e5e5e5e5e',
      labels: { alertname: 'ProviderErrorRateHigh', severity: 'sev2', model: 'gpt-4o' }, summary: 'gpt-4o errors above 10%',
    });
    await appendEvent(logFile, { type: 'alert-resolved', time: new Date().toISOString(), who: 'alertmanager', source: 'alertmanager', alertname: 'ProviderErrorRateHigh', fingerprint: '5e5e5e5e5e5e5e5e' });
  });
  after(async () => {
    await amProxy?.stop();
    await promProxy?.stop();
    await am?.stop();
    await prom?.stop();
    repo?.remove();
  });

  const env = () => ({ ONCALL_ALERTMANAGER_TOKEN: AM_TOKEN, ONCALL_PROMETHEUS_TOKEN: PROM_TOKEN, ONCALL_PROMETHEUS_URL: '' });
  const commands = () => [
    ['alerts', '--alertmanager', amProxy.url],
    ['alerts', '--json', '--alertmanager', amProxy.url],
    ['silence', 'list', '--alertmanager', amProxy.url],
    ['silence', 'add', '--alertmanager', amProxy.url, '--matchers', 'alertname="ModelEndpointDown"', '--duration', '1h', '--comment', 'planted-token test', '--author', 'test'],
    ['promql', '--prometheus', promProxy.url, '--query', 'vector(1)'],
    ['promql', '--prometheus', promProxy.url, '--query', 'vector(1)', '--start', 'now-10m', '--json'],
    ['postmortem', 'create', '--incident', logFile, '--repo', repo.dir, '--prometheus', promProxy.url, '--author', 'test'],
  ];

  test('with healthy servers the tokens are sent and accepted', async () => {
    for (const args of commands().slice(0, 3).concat(commands().slice(4, 6))) {
      const r = await cli(args, env());
      runs.push(r);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    assert.ok(amProxy.requests.length > 0 && amProxy.requests.every((r) => r.authorization === `Bearer ${AM_TOKEN}`));
    assert.ok(promProxy.requests.length > 0 && promProxy.requests.every((r) => r.authorization === `Bearer ${PROM_TOKEN}`));
  });

  // Each server quotes the token it received (a server never sees the other server's token).
  const faults: { name: string; fault: (token: string) => Fault }[] = [
    { name: 'a 500 that quotes the Authorization header', fault: () => ({ kind: 'echo-auth' }) },
    { name: 'a 200 HTML page that quotes it', fault: (t) => ({ kind: 'status', status: 200, contentType: 'text/html', body: `<p>Authorization: Bearer ${t}</p>` }) },
    { name: 'a 400 JSON error that quotes it', fault: (t) => ({ kind: 'status', status: 400, contentType: 'application/json', body: JSON.stringify({ status: 'error', errorType: 'bad_data', error: `token ${t} rejected` }) }) },
  ];
  for (const f of faults) {
    test(`servers answering ${f.name}: every command fails or degrades without printing a token`, async () => {
      await amProxy.setFault(f.fault(AM_TOKEN));
      await promProxy.setFault(f.fault(PROM_TOKEN));
      // The servers really leak it: a direct request shows the token in the body.
      const echoed = await fetch(amProxy.url + '/api/v2/alerts', { headers: { Authorization: `Bearer ${AM_TOKEN}` } }).then((r) => r.text());
      assert.ok(echoed.includes(AM_TOKEN), 'the fault proxy echoes the token');
      for (const args of commands()) {
        const r = await cli(args, env());
        runs.push(r);
        assert.notEqual(r.stdout + r.stderr, '', `${args.join(' ')} says something`);
        if (args[0] !== 'postmortem') assert.notEqual(r.code, 0, `${args.join(' ')} reports the failure in its exit code`);
      }
      await amProxy.clear();
      await promProxy.clear();
    });
  }

  test('no token in any output, the incident log, the postmortems, the repository files or git history', () => {
    assert.ok(runs.length >= 5 + 3 * 7);
    const places: { what: string; text: string }[] = runs.flatMap((r) => [
      { what: `stdout of oncall ${r.args.join(' ')}`, text: r.stdout },
      { what: `stderr of oncall ${r.args.join(' ')}`, text: r.stderr },
    ]);
    for (const f of allFiles(repo.dir)) places.push({ what: f.path, text: f.text });
    places.push({ what: 'git log -p --all', text: execFileSync('git', ['log', '-p', '--all'], { cwd: repo.dir, encoding: 'utf8' }) });
    const postmortems = places.filter((p) => /postmortems\/.*\.md$/.test(p.what));
    assert.ok(postmortems.length > 0, 'postmortem drafts were written and are searched');
    assert.ok(places.some((p) => p.what === logFile), 'the incident log is searched');
    for (const p of places) {
      for (const s of SECRETS) assert.ok(!p.text.includes(s), `${s} leaked into ${p.what}:\n${p.text.slice(Math.max(0, p.text.indexOf(s) - 300), p.text.indexOf(s) + 100)}`);
    }
    console.log(`  searched ${places.length} places (${runs.length} CLI runs' stdout and stderr, ${places.length - 2 * runs.length - 1} files, git history): no token`);
  });
});
