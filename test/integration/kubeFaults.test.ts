/**
 * Faults between the kubectl cells' core and a REAL Kubernetes API server (scripts/k8s control plane): the fault
 * proxy (test/support/faultProxy.ts) sits in front of kube-apiserver, presenting the admin client certificate
 * upstream; our kubeconfig points at the proxy. For every fault: a KubeApiError or KubeConnectionError with a
 * clear message (never a TypeError or a raw parser message), no unhandled rejection, a 200 MB body refused by the
 * size cap while streaming, recovery once the fault clears. A confirmed change (scale) under each fault reaches
 * the proxy exactly once — never retried — and the real cluster shows whether it happened.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { kubeClusterSkipReason, startKubeCluster, type KubeCluster } from '../support/kubeCluster';
import { startFaultProxy, type Fault, type FaultProxy } from '../support/faultProxy';
import { removeDir, tempDir } from '../support/process';
import { KubeApiError, KubeConnectionError } from '../../src/kubernetes/errors';
import { loadKubeconfig, selectContext, type KubeSession } from '../../src/kubernetes/kubeconfig';
import { closeSession, executeKubectl, planKubectl } from '../../src/kubernetes/run';
import { shellWords } from '../../src/notebooks/shellWords';

const skip = kubeClusterSkipReason();

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

interface Scenario {
  name: string;
  fault: Fault;
  /** Abort the call after this many ms (the cell's time limit). */
  abortMs?: number;
  error: typeof KubeApiError | typeof KubeConnectionError;
  says: RegExp;
}

const SCENARIOS: Scenario[] = [
  { name: 'connection refused', fault: { kind: 'refuse' }, error: KubeConnectionError, says: /(refused|connection (reset|cut)|socket hang up)/i },
  { name: 'slower than the cell time limit', fault: { kind: 'delay', ms: 3000 }, abortMs: 400, error: KubeConnectionError, says: /Cancelled/ },
  { name: 'reset in the middle of the body', fault: { kind: 'reset' }, error: KubeConnectionError, says: /cut the connection in the middle of its reply/ },
  { name: '500', fault: { kind: 'status', status: 500 }, error: KubeApiError, says: /InternalError|500|Internal Server Error/ },
  { name: '502', fault: { kind: 'status', status: 502 }, error: KubeApiError, says: /502|Bad Gateway/ },
  { name: '503', fault: { kind: 'status', status: 503 }, error: KubeApiError, says: /ServiceUnavailable|503|Service Unavailable/ },
  { name: '429 with Retry-After', fault: { kind: 'status', status: 429, retryAfter: '7' }, error: KubeApiError, says: /TooManyRequests|429|Too Many Requests/ },
  { name: 'truncated JSON', fault: { kind: 'truncated' }, error: KubeApiError, says: /not JSON/ },
  { name: 'invalid JSON', fault: { kind: 'invalid-json' }, error: KubeApiError, says: /not JSON/ },
  { name: 'an HTML page instead of JSON', fault: { kind: 'html' }, error: KubeApiError, says: /not JSON/ },
  { name: 'a 200 MB body', fault: { kind: 'huge', bytes: 200_000_000 }, error: KubeConnectionError, says: /larger than the 64 MiB limit/ },
];

const counts = { reads: 0, mutations: 0 };

describe('faults in front of a real Kubernetes API server', { skip }, () => {
  let cluster: KubeCluster;
  let proxy: FaultProxy;
  let dir: string;
  let viaProxy: KubeSession;
  let direct: KubeSession;

  before(async () => {
    cluster = await startKubeCluster();
    dir = tempDir('oncall-kube-faults-');
    const doc = parseYaml(readFileSync(cluster.kubeconfig, 'utf8')) as { clusters: { cluster: Record<string, string> }[]; users: { user: Record<string, string> }[] };
    const b64 = (s: string) => Buffer.from(s, 'base64');
    const c = doc.clusters[0].cluster;
    const u = doc.users[0].user;
    proxy = await startFaultProxy({ target: c.server, upstreamTls: { ca: b64(c['certificate-authority-data']), cert: b64(u['client-certificate-data']), key: b64(u['client-key-data']) } });
    const kubeconfig = join(dir, 'via-proxy.yaml');
    writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters: [{name: faulty, cluster: {server: "${proxy.url}", insecure-skip-tls-verify: true}}]\nusers: [{name: nobody, user: {}}]\ncontexts: [{name: faulty, context: {cluster: faulty, user: nobody, namespace: ai}}]\ncurrent-context: faulty\n`);
    viaProxy = selectContext(loadKubeconfig({ kubeconfig }));
    direct = selectContext(loadKubeconfig({ kubeconfig: cluster.kubeconfig }), { namespace: 'ai' });
  });
  after(async () => {
    if (viaProxy) closeSession(viaProxy);
    if (direct) closeSession(direct);
    await proxy?.stop();
    await cluster?.stop();
    if (dir) removeDir(dir);
    console.log(`  Kubernetes fault scenarios: ${counts.reads} reads, ${counts.mutations} confirmed changes`);
  });
  afterEach(async () => {
    await proxy.clear();
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
  });

  const read = (session: KubeSession, signal?: AbortSignal) => executeKubectl(shellWords('get configmap llm-quotas -n ai -o json'), session, { signal });

  for (const s of SCENARIOS) {
    test(`get under ${s.name}: a clear error, then recovery`, async () => {
      const ok = await read(viaProxy);
      assert.match(ok.text, /"name": "llm-quotas"/);
      await proxy.setFault(s.fault, { method: 'GET', path: '/api/v1/namespaces/ai/configmaps' });
      const err = await read(viaProxy, s.abortMs ? AbortSignal.timeout(s.abortMs) : undefined).then(() => undefined, (e: unknown) => e);
      await proxy.idle();
      console.log(`  ${s.name}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
      assert.ok(err instanceof s.error, `${s.name}: expected ${s.error.name}, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
      assert.match(err.message, s.says);
      assert.doesNotMatch(err.message, /undefined|\[object Object\]|Unexpected token|TypeError/);
      if (s.fault.kind === 'huge') {
        const served = proxy.requests.filter((r) => r.fault === 'huge');
        assert.ok(served.length > 0 && served.every((r) => r.clientClosed && r.bytesSent < 200_000_000), 'the client stopped reading the 200 MB body');
      }
      await proxy.clear();
      assert.match((await read(viaProxy)).text, /"name": "llm-quotas"/, 'the next call after the fault clears succeeds');
      counts.reads++;
    });
  }

  const replicas = async (): Promise<number> => {
    const r = await executeKubectl(shellWords('get deployment llm-gateway -n ai -o json'), direct);
    return (JSON.parse(r.text) as { spec: { replicas: number } }).spec.replicas;
  };

  const mutationFaults: { name: string; fault: Fault; abortMs?: number; reachesServer: boolean }[] = [
    { name: '503', fault: { kind: 'status', status: 503 }, reachesServer: false },
    { name: '500', fault: { kind: 'status', status: 500 }, reachesServer: false },
    { name: '429 with Retry-After', fault: { kind: 'status', status: 429, retryAfter: '30' }, reachesServer: false },
    { name: 'connection refused', fault: { kind: 'refuse' }, reachesServer: false },
    { name: 'reset mid-body', fault: { kind: 'reset' }, reachesServer: true },
    { name: 'truncated reply', fault: { kind: 'truncated' }, reachesServer: true },
    { name: 'slower than the time limit', fault: { kind: 'delay', ms: 2000 }, abortMs: 600, reachesServer: true },
  ];
  for (const m of mutationFaults) {
    test(`confirmed scale under ${m.name}: sent exactly once, the cluster shows whether it happened`, async () => {
      const before = await replicas();
      const target = before === 2 ? 3 : 2;
      const plan = planKubectl(shellWords(`scale deployment llm-gateway -n ai --replicas=${target}`), viaProxy);
      proxy.resetStats();
      const preview = await executeKubectl(plan.op, viaProxy, { dryRun: true });
      const writes = proxy.requests.filter((r) => r.method !== 'GET');
      assert.equal(writes.length, 1, 'the dry run is one write request');
      const { method, path } = writes[0];
      await proxy.setFault(m.fault, { method, path });
      proxy.resetStats();
      const err = await executeKubectl(plan.op, viaProxy, { confirmed: preview, signal: m.abortMs ? AbortSignal.timeout(m.abortMs) : undefined }).then(() => undefined, (e: unknown) => e);
      await proxy.idle();
      console.log(`  scale, ${m.name}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
      assert.ok(err instanceof KubeApiError || err instanceof KubeConnectionError, `expected a Kubernetes error, got ${String(err)}`);
      // A refused connection never reaches the proxy's handler; every other fault sees the write exactly once.
      assert.equal(proxy.count({ method, path }), m.fault.kind === 'refuse' ? 0 : 1, `one ${method} ${path} at most, never retried`);
      if (m.reachesServer) assert.match(err.message, /may have been applied: check the object/, 'a lost answer says the change may have happened');
      else assert.doesNotMatch(err.message, /may have been applied/);
      await proxy.clear();
      assert.equal(await replicas(), m.reachesServer ? target : before, 'replicas on the real cluster');
      counts.mutations++;
    });
  }
});
