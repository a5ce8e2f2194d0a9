/**
 * PrometheusClient over real HTTP against a small local server that answers what proxies and newer Prometheus
 * versions send and the Prometheus of the integration tests cannot (HTML error pages, `infos`, 422 envelopes).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusClient } from '../../../src/prometheus/client';
import { PrometheusQueryError } from '../../../src/prometheus/errors';
import { HttpError } from '../../../src/common/errors';

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

let server: http.Server;
let base: string;
const seen: Seen[] = [];
let reply: { status: number; type: string; body: string } = { status: 200, type: 'application/json', body: '{}' };

before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'], body });
      res.writeHead(reply.status, { 'Content-Type': reply.type });
      res.end(reply.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((r) => server.close(() => r())));

function answer(status: number, body: unknown, type = 'application/json'): void {
  reply = { status, type, body: typeof body === 'string' ? body : JSON.stringify(body) };
  seen.length = 0;
}

const EMPTY = { status: 'success', data: { resultType: 'vector', result: [] } };

describe('PrometheusClient', () => {
  test('short queries are a GET with the parameters in the URL', async () => {
    answer(200, EMPTY);
    const c = new PrometheusClient({ baseUrl: base });
    await c.instant('up{job="x"}', { time: 1714644000.5, timeoutMs: 2500 });
    assert.equal(seen[0].method, 'GET');
    const u = new URL(seen[0].url, base);
    assert.equal(u.pathname, '/api/v1/query');
    assert.equal(u.searchParams.get('query'), 'up{job="x"}');
    assert.equal(u.searchParams.get('time'), '1714644000.5');
    assert.equal(u.searchParams.get('timeout'), '2500ms');
  });

  test('long queries are a form-encoded POST', async () => {
    answer(200, EMPTY);
    const c = new PrometheusClient({ baseUrl: base });
    const q = `sum(up)${' + sum(up)'.repeat(600)}`;
    await c.range(q, { start: 1000, end: 2000, step: '15s' });
    assert.equal(seen[0].method, 'POST');
    assert.equal(seen[0].url, '/api/v1/query_range');
    assert.equal(seen[0].contentType, 'application/x-www-form-urlencoded');
    const form = new URLSearchParams(seen[0].body);
    assert.equal(form.get('query'), q);
    assert.deepEqual([form.get('start'), form.get('end'), form.get('step')], ['1000', '2000', '15']);
  });

  test('warnings and infos come back as two lists', async () => {
    answer(200, { ...EMPTY, warnings: ['partial response'], infos: ['metric might not be a counter'] });
    const r = await new PrometheusClient({ baseUrl: base }).instant('x');
    assert.deepEqual(r.warnings, ['partial response']);
    assert.deepEqual(r.infos, ['metric might not be a counter']);
  });

  test('an error envelope with any status becomes PrometheusQueryError', async () => {
    answer(422, { status: 'error', errorType: 'execution', error: 'query processing would load too many samples', warnings: ['w'] });
    await assert.rejects(new PrometheusClient({ baseUrl: base, label: 'Prometheus test' }).instant('x'), (e: unknown) => {
      assert.ok(e instanceof PrometheusQueryError);
      assert.equal(e.status, 422);
      assert.equal(e.errorType, 'execution');
      assert.deepEqual(e.warnings, ['w']);
      assert.equal(e.message, 'Prometheus test rejected the query: execution: query processing would load too many samples');
      return true;
    });
  });

  test('an HTML error page from a proxy is an HttpError with the status', async () => {
    answer(502, '<html><body>Bad Gateway</body></html>', 'text/html');
    await assert.rejects(new PrometheusClient({ baseUrl: base }).instant('x'), (e: unknown) => e instanceof HttpError && e.kind === 'status' && e.status === 502);
  });

  test('a 200 reply that is not the API shape is invalid-response, saying why', async () => {
    answer(200, '<html>login</html>', 'text/html');
    await assert.rejects(new PrometheusClient({ baseUrl: base }).instant('x'), (e: unknown) => e instanceof HttpError && e.kind === 'invalid-response' && /not JSON/.test(e.message));
    answer(200, { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, 'abc'] }] } });
    await assert.rejects(new PrometheusClient({ baseUrl: base }).instant('x'), (e: unknown) => e instanceof HttpError && e.kind === 'invalid-response' && /"abc"/.test(e.message));
    answer(200, { status: 'success', data: ['not', 'labels'] });
    await assert.rejects(new PrometheusClient({ baseUrl: base }).series('up'), (e: unknown) => e instanceof HttpError && e.kind === 'invalid-response');
  });

  test('series and label values send match[] for each selector', async () => {
    answer(200, { status: 'success', data: ['a', 'b'] });
    const c = new PrometheusClient({ baseUrl: base });
    assert.deepEqual(await c.labelValues('model', { match: ['x', 'y{a="1"}'], start: 10, end: 20 }), ['a', 'b']);
    const u = new URL(seen[0].url, base);
    assert.equal(u.pathname, '/api/v1/label/model/values');
    assert.deepEqual(u.searchParams.getAll('match[]'), ['x', 'y{a="1"}']);
    answer(200, { status: 'success', data: [] });
    assert.equal(await c.hasSeries('nothing', { start: 10, end: 20 }), false);
    assert.deepEqual(new URL(seen[0].url, base).searchParams.getAll('match[]'), ['nothing']);
  });

  test('a bad step is refused before anything is sent', async () => {
    answer(200, EMPTY);
    await assert.rejects(new PrometheusClient({ baseUrl: base }).range('x', { start: 0, end: 10, step: '5 minutes' }), /not a duration/);
    assert.equal(seen.length, 0);
  });

  test('cancellation', async () => {
    answer(200, EMPTY);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(new PrometheusClient({ baseUrl: base }).instant('x', { signal: ac.signal }), (e: unknown) => e instanceof HttpError && e.kind === 'cancelled');
  });
});
