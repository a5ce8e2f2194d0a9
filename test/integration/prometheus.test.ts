/**
 * The Prometheus core against a real Prometheus holding the deterministic incident data (test/support/incidentData.ts):
 * exact answers of the seed's queries at explicit times, error replies, step raising, every result type,
 * the `oncall promql` command, and the PromQL cells of every shipped runbook.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { join, resolve } from 'node:path';
import { PrometheusClient } from '../../src/prometheus/client';
import { PrometheusQueryError } from '../../src/prometheus/errors';
import { toPlainText, toSeries, toTable, type QueryResult, type VectorSample } from '../../src/prometheus/results';
import { checkPromql, metricNames } from '../../src/prometheus/syntax';
import { parseDuration } from '../../src/prometheus/duration';
import { parseRunbook, resolveParameters, runbookMeta, substitute } from '../../src/notebooks';
import { promqlCommand } from '../../src/cli/commands/promql';
import type { CliIo } from '../../src/cli/command';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { removeDir, tempDir } from '../support/process';
import { EXPECTED, INCIDENT, rateAt, type Timeline } from '../support/incidentData';

const ROOT = resolve(__dirname, '../../..');
/** 2024-05-02T12:00:00Z: data from 09:00 to 12:00, incident from 11:30. */
const END = 1714651200;

let prom: RunningPrometheus;
let client: PrometheusClient;
let tl: Timeline;

before(async () => {
  prom = await startPrometheus({ data: { end: END } });
  client = new PrometheusClient({ baseUrl: prom.url });
  tl = prom.timeline!;
});

after(async () => {
  await prom?.stop();
});

/** Floating-point equality to 1e-9 relative: the data is exact, the division in Prometheus is not. */
function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: got ${actual}, expected ${expected}`);
}

function samples(r: QueryResult): VectorSample[] {
  assert.equal(r.resultType, 'vector');
  return r.resultType === 'vector' ? r.samples : [];
}

/** A vector result as label value -> value, asserting each sample has exactly the one label. */
function byLabel(r: QueryResult, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples(r)) {
    assert.deepEqual(Object.keys(s.labels), [label]);
    out[s.labels[label]] = s.value as number;
  }
  return out;
}

function assertAll(actual: Record<string, number>, expected: Record<string, number>, what: string): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${what}: keys`);
  for (const [k, v] of Object.entries(expected)) close(actual[k], v, `${what} ${k}`);
}

const HALLUCINATION = 'sum by (model) (rate(llm_hallucination_detected_total[10m])) / sum by (model) (rate(llm_requests_total[10m]))';
const SUCCESS_RATE = '1 - (sum(rate(llm_requests_total{status="error"}[5m])) by (model) / sum(rate(llm_requests_total[5m])) by (model))';

describe('the seed queries over the incident data, at explicit times', () => {
  test('the data spans 3 h ending at END, with the incident in the last 30 min', () => {
    assert.equal(tl.end, END);
    assert.equal(tl.start, END - 3 * 3600);
    assert.equal(tl.incidentStart, END - 30 * 60);
  });

  test('hallucination ratio per model: 2 / 3 / 4 % normal; llama-3-70b 25 % in the incident', async () => {
    assertAll(byLabel((await client.instant(HALLUCINATION, { time: tl.normalAt })).result, 'model'), EXPECTED.normal.hallucinationRatio, 'normal');
    assertAll(byLabel((await client.instant(HALLUCINATION, { time: tl.incidentAt })).result, 'model'), EXPECTED.incident.hallucinationRatio, 'incident');
    assert.deepEqual(EXPECTED.incident.hallucinationRatio, { 'gpt-4o': 0.02, 'claude-3-5-sonnet': 0.03, 'llama-3-70b': 0.25 });
  });

  test("the seed's unaggregated ratio returns an empty vector (why the shipped rules aggregate)", async () => {
    const r = await client.instant('rate(llm_hallucination_detected_total[10m]) / rate(llm_requests_total[10m])', { time: tl.incidentAt });
    assert.deepEqual(samples(r.result), []);
    assert.equal(toPlainText(r.result), '(empty vector: no series matched)');
  });

  test('request success rate by model: 0.99, and 0.95 for gpt-4o in the incident', async () => {
    assertAll(byLabel((await client.instant(SUCCESS_RATE, { time: tl.normalAt })).result, 'model'), EXPECTED.normal.successRate, 'normal');
    assertAll(byLabel((await client.instant(SUCCESS_RATE, { time: tl.incidentAt })).result, 'model'), EXPECTED.incident.successRate, 'incident');
    close(EXPECTED.incident.successRate['gpt-4o'], 0.95, 'expected gpt-4o');
  });

  test('tenant cost leaderboard topk(10, ...[1h]): exact per tenant, globex on top in the incident', async () => {
    const q = 'topk(10, sum(rate(llm_token_cost_dollars[1h])) by (tenant))';
    const normal = byLabel((await client.instant(q, { time: tl.normalAt })).result, 'tenant');
    assertAll(normal, { acme: 0.102, globex: 0.068, initech: 0.034 }, 'normal');
    const r = await client.instant(q, { time: tl.incidentAt });
    const incident = byLabel(r.result, 'tenant');
    // The 1 h window at END is half normal, half incident: globex (0.068 + 0.68) / 2 = 0.374 $/s.
    const expected = Object.fromEntries(['acme', 'globex', 'initech'].map((t) => [t, rateAt('llm_token_cost_dollars', tl.incidentAt, 3600, tl, (l) => l.tenant === t)]));
    close(expected.globex, 0.374, 'expected globex');
    assertAll(incident, expected, 'incident');
    const top = Object.entries(incident).sort((a, b) => b[1] - a[1])[0][0];
    assert.equal(top, INCIDENT.costTenant);
    assert.deepEqual(toTable(r.result).columns, ['tenant', 'value']);
  });

  test('token spend per tenant over 5m: globex $0.68/s in the incident (TokenCostExplosion > 0.50)', async () => {
    const q = 'sum by (tenant) (rate(llm_token_cost_dollars[5m]))';
    assertAll(byLabel((await client.instant(q, { time: tl.normalAt })).result, 'tenant'), EXPECTED.normal.tenantCostPerSecond, 'normal');
    assertAll(byLabel((await client.instant(q, { time: tl.incidentAt })).result, 'tenant'), EXPECTED.incident.tenantCostPerSecond, 'incident');
    const fired = byLabel((await client.instant(`${q} > 0.50`, { time: tl.incidentAt })).result, 'tenant');
    assert.deepEqual(Object.keys(fired), ['globex']);
  });

  test('cost per successful answer by route', async () => {
    const q = 'sum(rate(llm_token_cost_dollars[5m])) by (route) / sum(rate(llm_requests_total{status="success"}[5m])) by (route)';
    assertAll(byLabel((await client.instant(q, { time: tl.normalAt })).result, 'route'), EXPECTED.normal.costPerSuccessfulAnswer, 'normal');
    assertAll(byLabel((await client.instant(q, { time: tl.incidentAt })).result, 'route'), EXPECTED.incident.costPerSuccessfulAnswer, 'incident');
  });

  test('p95 latency per model: 4.0625 s normal, 9.6875 s for gpt-4o in the incident', async () => {
    const q = 'histogram_quantile(0.95, sum by (model, le) (rate(llm_request_duration_seconds_bucket[5m])))';
    assertAll(byLabel((await client.instant(q, { time: tl.normalAt })).result, 'model'), EXPECTED.normal.p95LatencySeconds, 'normal');
    assertAll(byLabel((await client.instant(q, { time: tl.incidentAt })).result, 'model'), EXPECTED.incident.p95LatencySeconds, 'incident');
    close(EXPECTED.normal.p95LatencySeconds['gpt-4o'], 4.0625, 'expected normal');
    close(EXPECTED.incident.p95LatencySeconds['gpt-4o'], 9.6875, 'expected incident');
  });

  test("the seed's stage breakdown: retrieval p95 0.484375 s", async () => {
    const r = await client.instant('histogram_quantile(0.95, rate(llm_retrieval_duration_seconds_bucket[5m]))', { time: tl.incidentAt });
    assert.equal(samples(r.result).length, 1);
    assert.deepEqual(samples(r.result)[0].labels, { service: 'llm-gateway' });
    close(samples(r.result)[0].value as number, EXPECTED.incident.p95RetrievalSeconds, 'retrieval p95');
    close(EXPECTED.incident.p95RetrievalSeconds, 0.484375, 'expected');
  });

  test('guardrail violations and provider errors per label', async () => {
    const g = 'sum by (model) (rate(llm_guardrail_violations_total[10m])) / sum by (model) (rate(llm_requests_total[10m]))';
    assertAll(byLabel((await client.instant(g, { time: tl.incidentAt })).result, 'model'), EXPECTED.incident.guardrailRatio, 'guardrail');
    const p = 'sum by (provider) (rate(llm_provider_errors_total[5m])) / sum by (provider) (rate(llm_provider_requests_total[5m]))';
    assertAll(byLabel((await client.instant(p, { time: tl.normalAt })).result, 'provider'), EXPECTED.normal.providerErrorRatio, 'provider normal');
    assertAll(byLabel((await client.instant(p, { time: tl.incidentAt })).result, 'provider'), EXPECTED.incident.providerErrorRatio, 'provider incident');
  });

  test('gauges: groundedness and up', async () => {
    const gr = await client.instant('llm_eval_score{metric="groundedness"}', { time: tl.incidentAt });
    const got = Object.fromEntries(samples(gr.result).map((s) => [s.labels.model, s.value as number]));
    assert.deepEqual(got, EXPECTED.incident.groundedness);
    const up = await client.instant('up{job="llm-inference"}', { time: tl.incidentAt });
    assert.deepEqual(Object.fromEntries(samples(up.result).map((s) => [s.labels.instance, s.value])), EXPECTED.incident.up);
    const down = await client.instant('up{job="llm-inference"} == 0', { time: tl.incidentAt });
    assert.deepEqual(samples(down.result).map((s) => s.labels.instance), [INCIDENT.downInstance]);
    const before = await client.instant('up{job="llm-inference"} == 0', { time: tl.normalAt });
    assert.deepEqual(samples(before.result), []);
  });

  test('a range query shows the hallucination ratio of llama-3-70b jump from 4 % to 25 %', async () => {
    const r = await client.range(HALLUCINATION, { start: tl.normalAt, end: tl.incidentAt, step: '5m' });
    assert.equal(r.step.raised, false);
    assert.equal(r.result.resultType, 'matrix');
    const { series } = toSeries(r.result);
    assert.deepEqual(series.map((s) => s.labels.model).sort(), ['claude-3-5-sonnet', 'gpt-4o', 'llama-3-70b']);
    const llama = series.find((s) => s.labels.model === 'llama-3-70b')!;
    assert.equal(llama.points.length, 13);
    assert.equal(llama.points[0][0], tl.normalAt);
    close(llama.points[0][1], 0.04, 'first point');
    // Points whose 10m window ends by the incident start are normal; from incidentStart + 10m on, all incident.
    for (const [t, v] of llama.points) {
      if (t <= tl.incidentStart) close(v, 0.04, `at ${t}`);
      if (t >= tl.incidentStart + 600) close(v, 0.25, `at ${t}`);
    }
  });
});

describe('errors, step limits and result types from the real server', () => {
  test('a bad query is rejected with errorType and error, shown in the message', async () => {
    await assert.rejects(client.instant('sum(rate(llm_requests_total[5m])', { time: tl.incidentAt }), (e: unknown) => {
      assert.ok(e instanceof PrometheusQueryError);
      assert.equal(e.errorType, 'bad_data');
      assert.equal(e.status, 400);
      assert.match(e.error, /parse error/);
      assert.ok(e.message.includes('bad_data') && e.message.includes(e.error), e.message);
      return true;
    });
  });

  test('a range that needs the step raised: Prometheus refuses it as asked, the client raises the step', async () => {
    const q = 'up{job="llm-inference"}';
    await assert.rejects(client.range(q, { start: tl.start, end: tl.end, step: '500ms', raiseStep: false }), (e: unknown) => {
      assert.ok(e instanceof PrometheusQueryError);
      assert.equal(e.errorType, 'bad_data');
      assert.match(e.error, /11,000 points/);
      return true;
    });
    const r = await client.range(q, { start: tl.start, end: tl.end, step: '500ms' });
    assert.equal(r.step.raised, true);
    assert.equal(r.step.step, 1);
    assert.match(r.step.notice, /^Step raised from 500ms to 1s: over 3h the requested step gives 21,601 points per series/);
    assert.equal(r.result.resultType, 'matrix');
    const { series } = toSeries(r.result);
    assert.equal(series.length, 3);
    for (const s of series) assert.equal(s.points.length, 10801);
  });

  test('scalar and string results are one-row tables with no chart series', async () => {
    const s = await client.instant('scalar(sum(up{job="llm-inference"}))', { time: tl.incidentAt });
    assert.deepEqual(s.result, { resultType: 'scalar', time: tl.incidentAt, value: 2 });
    assert.deepEqual(toTable(s.result).rows, [['2024-05-02T12:00:00Z', '2']]);
    assert.deepEqual(toSeries(s.result).series, []);
    const str = await client.instant('"up"', { time: tl.incidentAt });
    assert.deepEqual(str.result, { resultType: 'string', time: tl.incidentAt, value: 'up' });
    assert.deepEqual(toTable(str.result).rows, [['2024-05-02T12:00:00Z', 'up']]);
  });

  test('+Inf, -Inf, NaN and 1e+21 from the server are parsed and printed back the same way', async () => {
    const r = await client.instant('label_replace(vector(1) / 0, "v", "inf", "", "") or label_replace(vector(-1) / 0, "v", "-inf", "", "") or label_replace(vector(0) / 0, "v", "nan", "", "") or label_replace(vector(1e21), "v", "big", "", "")', { time: tl.incidentAt });
    const got = Object.fromEntries(samples(r.result).map((s) => [s.labels.v, s.value]));
    assert.deepEqual(got, { inf: Infinity, '-inf': -Infinity, nan: NaN, big: 1e21 });
    const text = toPlainText(r.result);
    for (const line of ['{v="inf"} +Inf', '{v="-inf"} -Inf', '{v="nan"} NaN', '{v="big"} 1e+21']) assert.ok(text.includes(line), text);
  });

  test('a long query goes as a form-encoded POST and gives the same answer', async () => {
    const q = `sum(up{job="llm-inference"})${' + 0 * sum(up{job="llm-inference"})'.repeat(150)}`;
    assert.ok(q.length > 4000);
    const r = await client.instant(q, { time: tl.incidentAt });
    assert.deepEqual(samples(r.result).map((s) => s.value), [2]);
  });

  test('series, hasSeries and labelValues', async () => {
    const opts = { start: tl.start, end: tl.end };
    assert.deepEqual((await client.labelValues('model', { ...opts, match: 'llm_requests_total' })).sort(), ['claude-3-5-sonnet', 'gpt-4o', 'llama-3-70b']);
    assert.equal(await client.hasSeries('llm_requests_total', opts), true);
    assert.equal(await client.hasSeries('llm_no_such_metric_total', opts), false);
    const ups = await client.series('up', tl.start, tl.end);
    assert.deepEqual(ups.map((l) => l.instance).sort(), ['llm-inference-0:8080', 'llm-inference-1:8080', 'llm-inference-2:8080']);
    await assert.rejects(client.series('{', tl.start, tl.end), (e: unknown) => e instanceof PrometheusQueryError && e.errorType === 'bad_data');
  });
});

describe('oncall promql', () => {
  function io(): CliIo & { stdout: string[]; stderr: string[] } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return {
      stdout, stderr, interactive: false, signal: new AbortController().signal,
      out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), ask: async () => '',
    };
  }

  test('instant: a table and a summary line', async () => {
    const o = io();
    const code = await promqlCommand.run(['--prometheus', prom.url, '--query', HALLUCINATION, '--time', String(tl.incidentAt)], o);
    assert.equal(code, 0, o.stderr.join('\n'));
    const out = o.stdout.join('\n').split('\n');
    assert.match(out[0], /^MODEL\s+VALUE$/);
    assert.ok(out.some((l) => /^llama-3-70b\s+0\.25/.test(l)), out.join('\n'));
    assert.equal(out[out.length - 1], '3 series at 2024-05-02T12:00:00Z.');
  });

  test('range: a series summary and the step notice', async () => {
    const o = io();
    const code = await promqlCommand.run(['--prometheus', prom.url, '--query', 'up{job="llm-inference"}', '--start', String(tl.start), '--end', String(tl.end), '--step', '500ms'], o);
    assert.equal(code, 0, o.stderr.join('\n'));
    assert.match(o.stderr.join('\n'), /^notice: Step raised from 500ms to 1s/);
    const out = o.stdout.join('\n');
    assert.match(out, /^NAME\s+INSTANCE\s+JOB\s+POINTS\s+MIN\s+MAX\s+LAST$/m);
    assert.match(out, /^up\s+llm-inference-2:8080\s+llm-inference\s+10801\s+0\s+1\s+0$/m);
    assert.match(out, /3 series, 32403 points from 2024-05-02T09:00:00Z to 2024-05-02T12:00:00Z, step 1s\.$/);
  });

  test('--json keeps the API shape with values as strings', async () => {
    const o = io();
    const code = await promqlCommand.run(['--prometheus', prom.url, '--query', 'vector(1)/0', '--time', String(tl.incidentAt), '--json'], o);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(o.stdout.join('\n')), {
      status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [tl.incidentAt, '+Inf'] }] }, warnings: [], infos: [],
    });
  });

  test('an error reply exits 1 with errorType and error', async () => {
    const o = io();
    const code = await promqlCommand.run(['--prometheus', prom.url, '--query', 'sum(rate(x[5m])', '--time', String(tl.incidentAt)], o);
    assert.equal(code, 1);
    assert.match(o.stderr[0], /^Prometheus rejected the query: bad_data: .*parse error/);
    assert.match(o.stderr.join('\n'), /"\(" at offset 3 is never closed/);
  });
});

describe('shipped runbooks', () => {
  /** Alert labels of the incident, as an alert would bring them. */
  const alertLabels = {
    instance: INCIDENT.downInstance,
    model: INCIDENT.hallucinatingModel,
    tenant: INCIDENT.costTenant,
    provider: INCIDENT.failingProvider,
    service: 'llm-gateway',
  };
  const files = readdirSync(join(ROOT, 'runbooks')).filter((f) => f.endsWith('.runbook.md')).sort();

  test('all seven runbooks are there', () => {
    assert.deepEqual(files, [
      'guardrail-violation-spike.runbook.md', 'latency-p95.runbook.md', 'model-endpoint-down.runbook.md', 'provider-error-rate.runbook.md',
      'quality-regression.runbook.md', 'token-cost-explosion.runbook.md', 'triage.runbook.md',
    ]);
  });

  for (const file of files) {
    test(`${file}: every PromQL cell parses, reads metrics that have series, and answers on the incident data`, async () => {
      const parsed = parseRunbook(readFileSync(join(ROOT, 'runbooks', file), 'utf8'));
      const meta = runbookMeta(parsed.frontMatter);
      const params = resolveParameters(meta.parameters, alertLabels);
      assert.deepEqual(params.missing, [], `${file}: parameters without a value`);
      const cells = parsed.cells.filter((c) => c.kind === 'code');
      const promql = cells.filter((c) => c.language === 'promql');
      assert.ok(promql.length >= 2, `${file}: PromQL cells`);
      assert.ok(cells.some((c) => c.language === 'kubectl'), `${file}: kubectl cells`);
      for (const cell of cells) {
        const name = String(cell.metadata.attributes?.name ?? '?');
        const sub = substitute(cell.value, cell.language, params.values, { cell: name, declared: meta.parameters.map((p) => p.name) });
        assert.ok(sub.ok, `${file} ${name}: ${sub.ok ? '' : sub.message}`);
        if (!sub.ok || cell.language !== 'promql') continue;
        const query = sub.text;
        assert.deepEqual(checkPromql(query), [], `${file} ${name}: ${query}`);
        const metrics = metricNames(query);
        assert.ok(metrics.length > 0, `${file} ${name}: no metric`);
        for (const m of metrics) assert.ok(await client.hasSeries(m, { start: tl.start, end: tl.end }), `${file} ${name}: ${m} has no series`);
        const attrs = cell.metadata.attributes ?? {};
        const result = typeof attrs.range === 'string'
          ? (await client.range(query, { start: tl.end - parseDuration(attrs.range), end: tl.end, step: String(attrs.step ?? '1m') })).result
          : (await client.instant(query, { time: tl.incidentAt })).result;
        const rows = result.resultType === 'matrix' ? result.series.length : result.resultType === 'vector' ? result.samples.length : 1;
        assert.ok(rows > 0, `${file} ${name}: empty result for ${query}`);
      }
    });
  }
});

describe('live: the shipped rules fire on incident data that ends now', () => {
  test('with for: 0s every alert fires and reaches the configured Alertmanager URL', async () => {
    // A test copy of the shipped rules with for: 0s (alerts never fire from backfilled history, only at the clock).
    const dir = tempDir('rules');
    const doc = parseYaml(readFileSync(join(ROOT, 'runbooks/rules/ai-service-alerts.rules.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; for?: string }> }> };
    for (const g of doc.groups) for (const r of g.rules) r.for = '0s';
    const rulesFile = join(dir, 'rules.yml');
    writeFileSync(rulesFile, stringifyYaml(doc));
    // Records what Prometheus posts to the Alertmanager API.
    const posted: Array<{ labels: Record<string, string>; annotations: Record<string, string> }> = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/api/v2/alerts') posted.push(...(JSON.parse(body) as typeof posted));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const live = await startPrometheus({
      data: {},
      rulesFiles: [rulesFile],
      alertmanagerUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
      resendDelay: '1s',
    });
    try {
      const want = doc.groups.flatMap((g) => g.rules.map((r) => r.alert)).sort();
      const firing = (): string[] => [...new Set(posted.map((a) => a.labels.alertname))].sort();
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && firing().join() !== want.join()) await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(firing(), want, live.tail());
      const labelsOf = (name: string) => posted.filter((a) => a.labels.alertname === name).map((a) => a.labels);
      assert.deepEqual([...new Set(labelsOf('ModelEndpointDown').map((l) => l.instance))], [INCIDENT.downInstance]);
      assert.deepEqual([...new Set(labelsOf('HighHallucinationRate').map((l) => l.model))], [INCIDENT.hallucinatingModel]);
      assert.deepEqual([...new Set(labelsOf('TokenCostExplosion').map((l) => l.tenant))], [INCIDENT.costTenant]);
      assert.deepEqual([...new Set(labelsOf('ProviderErrorRateHigh').map((l) => l.provider))], [INCIDENT.failingProvider]);
      const endpoint = posted.find((a) => a.labels.alertname === 'ModelEndpointDown')!;
      assert.equal(endpoint.annotations.runbook_url, 'runbooks/model-endpoint-down.runbook.md');
      assert.equal(endpoint.labels.severity, 'sev1');
    } finally {
      await live.stop();
      await new Promise<void>((r) => receiver.close(() => r()));
      removeDir(dir);
    }
  });
});
