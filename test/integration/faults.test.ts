/**
 * Faults between On-Call and its servers: a fault proxy (test/support/faultProxy.ts) in front of a REAL
 * Alertmanager and a REAL Prometheus injects each fault in turn. For every fault and server:
 *   - the failure is an HttpError of the right kind whose message names the server and the fault;
 *   - no unhandled rejection;
 *   - a body far too large is rejected by the size cap while streaming (memory stays well under the body size);
 *   - clearing the fault is enough: the next call succeeds;
 *   - mutations (create and expire silence) reach the server exactly once, never retried, whatever the fault.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startAlertmanager, type TestAlertmanager } from '../support/alertmanager';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { startFaultProxy, type Fault, type FaultProxy } from '../support/faultProxy';
import { sampleAlerts } from '../support/sampleIncident';
import { AlertmanagerClient } from '../../src/alerts/alertmanagerClient';
import { fetchAlerts } from '../../src/alerts/fetchAll';
import { PrometheusClient } from '../../src/prometheus/client';
import { HttpError, type HttpErrorKind } from '../../src/common/errors';
import type { NewSilence } from '../../src/alerts/model';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

interface Scenario {
  name: string;
  fault: Fault;
  /** Client time limit for this scenario (default 5 s). */
  timeoutMs?: number;
  kind: HttpErrorKind;
  status?: number;
  retryAfterSeconds?: number;
  /** What the message must say about the fault (besides naming the server). */
  says: RegExp;
}

/** Every fault the proxy injects, and what the engineer must be told. */
const SCENARIOS: Scenario[] = [
  // A kept-alive connection the server drops reads as a reset; a new connection is refused (checked separately).
  { name: 'connection refused', fault: { kind: 'refuse' }, kind: 'unreachable', says: /unreachable \(connection (refused|reset)\)/ },
  { name: 'slower than the time limit', fault: { kind: 'delay', ms: 3000 }, timeoutMs: 400, kind: 'timeout', says: /did not answer within 0\.4 s/ },
  { name: 'reset in the middle of the body', fault: { kind: 'reset' }, kind: 'unreachable', says: /connection (reset|cut)/ },
  { name: '500', fault: { kind: 'status', status: 500 }, kind: 'status', status: 500, says: /answered 500 Internal Server Error/ },
  { name: '502', fault: { kind: 'status', status: 502 }, kind: 'status', status: 502, says: /answered 502 Bad Gateway/ },
  { name: '503', fault: { kind: 'status', status: 503 }, kind: 'status', status: 503, says: /answered 503 Service Unavailable/ },
  { name: '429 with Retry-After', fault: { kind: 'status', status: 429, retryAfter: '7' }, kind: 'status', status: 429, retryAfterSeconds: 7, says: /answered 429 Too Many Requests.*retry after 7 s/ },
  { name: 'truncated JSON', fault: { kind: 'truncated' }, kind: 'invalid-response', says: /not JSON|not a Prometheus API answer/ },
  { name: 'invalid JSON', fault: { kind: 'invalid-json' }, kind: 'invalid-response', says: /not JSON|not a Prometheus API answer/ },
  { name: 'an HTML page instead of JSON', fault: { kind: 'html' }, kind: 'invalid-response', says: /text\/html/ },
  { name: 'a 200 MB body', fault: { kind: 'huge', bytes: 200_000_000 }, timeoutMs: 60_000, kind: 'too-large', says: /larger than the 64 MiB limit/ },
];

/** Heap plus Buffer memory, sampled every 10 ms while `work` runs; returns the peak growth over the start. */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ value: T | undefined; error: unknown; peak: number }> {
  gc();
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const start = used();
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, used() - start)), 10);
  try {
    return { value: await work(), error: undefined, peak };
  } catch (error) {
    return { value: undefined, error, peak };
  } finally {
    clearInterval(timer);
    peak = Math.max(peak, used() - start);
  }
}

async function expectFault(s: Scenario, serverName: RegExp, call: () => Promise<unknown>, proxy: FaultProxy): Promise<void> {
  const { error, peak } = await peakGrowth(call);
  await proxy.idle();
  assert.ok(error instanceof HttpError, `${s.name}: expected an HttpError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  assert.equal(error.kind, s.kind, `${s.name}: ${error.message}`);
  assert.match(error.message, serverName, `${s.name}: the message names the server`);
  assert.match(error.message, s.says, `${s.name}: the message says what happened`);
  if (s.status !== undefined) assert.equal(error.status, s.status);
  if (s.retryAfterSeconds !== undefined) assert.equal(error.retryAfterSeconds, s.retryAfterSeconds);
  if (s.fault.kind === 'huge') {
    const sent = proxy.requests.filter((r) => r.fault === 'huge');
    assert.ok(sent.length > 0, 'the huge body was served');
    const last = sent[sent.length - 1];
    assert.ok(last.clientClosed, 'the client hung up before the end of the body');
    assert.ok(last.bytesSent < 200_000_000, `the client read the whole body (${last.bytesSent} bytes)`);
    // The cap (64 MiB) bounds what is held; the body is 200 MB.
    assert.ok(peak < 100 * 1024 * 1024, `memory grew by ${(peak / 1024 / 1024).toFixed(0)} MiB while refusing a 200 MB body`);
    console.log(`  ${serverName.source}: 200 MB body refused after ${(last.bytesSent / 1e6).toFixed(1)} MB read; peak memory growth ${(peak / 1024 / 1024).toFixed(1)} MiB`);
  }
}

async function settle(): Promise<void> {
  // Rejections are reported after the microtask queue drains.
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 20));
}

const counts = { scenarios: 0, recoveries: 0, mutations: 0 };

describe('faults in front of a real Alertmanager', () => {
  let am: TestAlertmanager;
  let proxy: FaultProxy;
  const alertCount = sampleAlerts().length;
  const client = (timeoutMs = 5000) => new AlertmanagerClient({ name: 'am-faulty', url: proxy.url }, { timeoutMs });

  before(async () => {
    am = await startAlertmanager();
    await am.postAlerts(sampleAlerts());
    proxy = await startFaultProxy({ target: am.url });
  });
  after(async () => {
    await proxy?.stop();
    await am?.stop();
  });
  afterEach(async () => {
    await proxy.clear();
    await settle();
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
  });

  for (const s of SCENARIOS) {
    test(`${s.name}: a clear error on that source, the others still shown, then recovery`, async () => {
      const c = client(s.timeoutMs);
      // Warm a keep-alive connection first: faults must apply to reused connections too.
      assert.equal((await c.getAlerts()).length, alertCount);
      await proxy.setFault(s.fault, { path: '/api/v2/alerts' });
      await expectFault(s, /Alertmanager am-faulty/, () => c.getAlerts(), proxy);
      counts.scenarios++;
      if (s.fault.kind === 'refuse') {
        const fresh = client();
        await assert.rejects(fresh.getAlerts(), (e: unknown) => e instanceof HttpError && e.kind === 'unreachable' && /unreachable \(connection refused\)/.test(e.message));
      }

      // Through fetchAlerts with a healthy second source: an error entry for the faulty one, alerts of the other.
      const healthy = new AlertmanagerClient({ name: 'am-direct', url: am.url }, { timeoutMs: 5000 });
      const merged = await fetchAlerts([c, healthy]);
      assert.deepEqual(merged.failed, ['am-faulty']);
      assert.equal(merged.errors.length, 1);
      assert.equal(merged.errors[0].source, 'am-faulty');
      assert.match(merged.errors[0].message, s.says);
      assert.equal(merged.alerts.length, alertCount);
      assert.ok(merged.alerts.every((x) => x.sources.join() === 'am-direct'), 'no alert is attributed to the failing source');

      await proxy.clear();
      assert.equal((await c.getAlerts()).length, alertCount, 'the next call after the fault clears succeeds');
      counts.recoveries++;
    });
  }

  describe('mutations are sent once and never retried', () => {
    const silence = (): NewSilence => ({
      matchers: [{ name: 'alertname', value: 'ModelEndpointDown', isRegex: false, isEqual: true }],
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
      createdBy: 'fault-test',
      comment: 'fault injection',
    });
    const mutationFaults: { name: string; fault: Fault; timeoutMs?: number; reachesServer: boolean }[] = [
      { name: '503', fault: { kind: 'status', status: 503 }, reachesServer: false },
      { name: '500', fault: { kind: 'status', status: 500 }, reachesServer: false },
      { name: '429 with Retry-After', fault: { kind: 'status', status: 429, retryAfter: '30' }, reachesServer: false },
      { name: 'reset mid-body', fault: { kind: 'reset' }, reachesServer: true },
      { name: 'truncated reply', fault: { kind: 'truncated' }, reachesServer: true },
      { name: 'slower than the time limit', fault: { kind: 'delay', ms: 1500 }, timeoutMs: 300, reachesServer: true },
    ];

    const activeByUs = async (): Promise<number> => {
      const res = await fetch(`${am.url}/api/v2/silences`);
      const all = (await res.json()) as { createdBy: string; status: { state: string } }[];
      return all.filter((x) => x.createdBy === 'fault-test' && x.status.state === 'active').length;
    };
    const expireAll = async () => {
      const res = await fetch(`${am.url}/api/v2/silences`);
      for (const x of (await res.json()) as { id: string; status: { state: string } }[]) {
        if (x.status.state === 'active') await fetch(`${am.url}/api/v2/silence/${x.id}`, { method: 'DELETE' });
      }
    };

    for (const m of mutationFaults) {
      test(`createSilence with ${m.name}: exactly one POST; the error says whether the silence may exist`, async () => {
        await expireAll();
        const c = client(m.timeoutMs);
        await proxy.setFault(m.fault, { method: 'POST', path: '/api/v2/silences' });
        proxy.resetStats();
        const err = await c.createSilence(silence()).then(() => undefined, (e: unknown) => e);
        assert.ok(err instanceof HttpError, `expected an HttpError, got ${String(err)}`);
        assert.match(err.message, /Alertmanager am-faulty/);
        await proxy.idle();
        assert.equal(proxy.count({ method: 'POST', path: '/api/v2/silences' }), 1, 'exactly one POST reached the proxy');
        await proxy.clear();
        const created = await activeByUs();
        assert.equal(created, m.reachesServer ? 1 : 0, 'silences created on the real Alertmanager');
        if (m.reachesServer) assert.match(err.message, /may have been created|check .*silences before retrying/i, err.message);
        counts.mutations++;
      });
    }

    for (const m of mutationFaults) {
      test(`expireSilence with ${m.name}: exactly one DELETE`, async () => {
        await expireAll();
        const direct = new AlertmanagerClient({ name: 'am-direct', url: am.url });
        const id = await direct.createSilence(silence());
        const c = client(m.timeoutMs);
        await proxy.setFault(m.fault, { method: 'DELETE', path: '/api/v2/silence/' });
        proxy.resetStats();
        const err = await c.expireSilence(id).then(() => undefined, (e: unknown) => e);
        if (m.fault.kind === 'truncated') {
          // An empty 200 reply cut in half is still empty: expiring succeeded.
          assert.equal(err, undefined);
        } else {
          assert.ok(err instanceof HttpError, `expected an HttpError, got ${String(err)}`);
          assert.match(err.message, /Alertmanager am-faulty/);
        }
        await proxy.idle();
        assert.equal(proxy.count({ method: 'DELETE', path: '/api/v2/silence/' }), 1, 'exactly one DELETE reached the proxy');
        await proxy.clear();
        assert.equal(await activeByUs(), m.reachesServer ? 0 : 1, 'the silence state on the real Alertmanager');
        counts.mutations++;
      });
    }
  });
});

describe('faults in front of a real Prometheus', () => {
  let prom: RunningPrometheus;
  let proxy: FaultProxy;
  const client = (timeoutMs = 5000) => new PrometheusClient({ baseUrl: proxy.url, label: 'Prometheus prom-faulty', timeoutMs });
  const now = () => Date.now() / 1000;

  before(async () => {
    prom = await startPrometheus();
    proxy = await startFaultProxy({ target: prom.url });
  });
  after(async () => {
    await proxy?.stop();
    await prom?.stop();
  });
  afterEach(async () => {
    await proxy.clear();
    await settle();
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
  });

  const calls = {
    instant: (c: PrometheusClient) => c.instant('vector(42)', { time: now() }),
    range: (c: PrometheusClient) => c.range('vector(42)', { start: now() - 600, end: now(), step: '1m' }),
  };

  for (const [what, call] of Object.entries(calls)) {
    for (const s of SCENARIOS) {
      test(`${what} query, ${s.name}: a clear error, then recovery`, async () => {
        const c = client(s.timeoutMs);
        const ok = await call(c);
        assert.equal(ok.result.resultType, what === 'instant' ? 'vector' : 'matrix');
        await proxy.setFault(s.fault, { path: what === 'instant' ? '/api/v1/query' : '/api/v1/query_range' });
        await expectFault(s, /Prometheus prom-faulty/, () => call(c), proxy);
        counts.scenarios++;
        await proxy.clear();
        const again = await call(c);
        assert.equal(again.result.resultType, what === 'instant' ? 'vector' : 'matrix', 'the next call after the fault clears succeeds');
        counts.recoveries++;
      });
    }
  }
});

describe('a server that echoes the Authorization header back in its error', () => {
  let am: TestAlertmanager;
  let prom: RunningPrometheus;
  const TOKEN = 'planted-Token-0f3c9a71e5';
  const PASSWORD = 'planted-Pass-77d2b1';

  before(async () => {
    [am, prom] = await Promise.all([startAlertmanager(), startPrometheus()]);
  });
  after(async () => {
    await am?.stop();
    await prom?.stop();
  });

  const cases = [
    { what: 'bearer token', credentials: { kind: 'bearer' as const, token: TOKEN }, header: `Bearer ${TOKEN}`, secrets: [TOKEN] },
    {
      what: 'user and password',
      credentials: { kind: 'basic' as const, username: 'oncall', password: PASSWORD },
      header: `Basic ${Buffer.from(`oncall:${PASSWORD}`).toString('base64')}`,
      secrets: [PASSWORD, Buffer.from(`oncall:${PASSWORD}`).toString('base64')],
    },
  ];
  for (const c of cases) {
    test(`${c.what}: accepted by a server that requires it; the echoed header never reaches the message`, async () => {
      const amProxy = await startFaultProxy({ target: am.url, requireAuthorization: c.header });
      const promProxy = await startFaultProxy({ target: prom.url, requireAuthorization: c.header });
      try {
        const amc = new AlertmanagerClient({ name: 'am-auth', url: amProxy.url }, { credentials: c.credentials });
        const pc = new PrometheusClient({ baseUrl: promProxy.url, label: 'Prometheus prom-auth', credentials: c.credentials });
        assert.deepEqual(await amc.getAlerts(), [], 'the credentials are sent and accepted');
        assert.equal((await pc.instant('vector(1)')).result.resultType, 'vector');
        const messages: string[] = [];
        for (const fault of [{ kind: 'echo-auth' as const }, { kind: 'status' as const, status: 200, contentType: 'text/html', body: `<p>Authorization: ${c.header}</p>` }]) {
          await amProxy.setFault(fault);
          await promProxy.setFault(fault);
          for (const call of [() => amc.getAlerts(), () => pc.instant('vector(1)'), () => pc.range('vector(1)', { start: Date.now() / 1000 - 60, end: Date.now() / 1000, step: 15 })]) {
            const e = await call().then(() => undefined, (x: unknown) => x);
            assert.ok(e instanceof Error, 'the call fails');
            messages.push(e.message);
          }
        }
        // The proxies did receive the header: the servers really echoed it.
        assert.ok(amProxy.requests.every((r) => r.authorization === c.header));
        for (const m of messages) {
          for (const secret of c.secrets) assert.ok(!m.includes(secret), `a credential leaked into: ${m}`);
        }
        counts.scenarios += messages.length;
      } finally {
        await amProxy.stop();
        await promProxy.stop();
      }
    });
  }
});

after(() => {
  console.log(`fault scenarios: ${counts.scenarios} failures injected and reported, ${counts.recoveries} recoveries, ${counts.mutations} mutations sent exactly once`);
});
