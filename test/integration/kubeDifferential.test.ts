/**
 * Differential tests: the same operations done by the real kubectl (built from the same Kubernetes version as the
 * apiserver) on objects in one namespace and by our cells on twin objects in another must leave identical objects
 * (specs, labels, annotations, data — after removing uids, versions, times and managedFields), and must send the
 * same PATCH (content type and body, observed through a recording proxy; restartedAt times and Go's
 * "creationTimestamp": null aside). Ours goes through the confirm flow: server dry run, then the confirmed change.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubeClusterSkipReason, startKubeCluster, type KubeCluster } from '../support/kubeCluster';
import { removeDir, tempDir } from '../support/process';
import { comparable, kubectl, kubectlOk, sessionFor, startRecordingProxy, type RecordingProxy, type RecordedRequest } from './kubeSupport';
import type { KubeSession } from '../../src/kubernetes/kubeconfig';
import { closeSession, executeKubectl, planKubectl } from '../../src/kubernetes/run';
import { shellWords } from '../../src/notebooks/shellWords';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const skip = kubeClusterSkipReason();
const THEIRS = 'by-kubectl';
const OURS = 'by-oncall';

const fixture = (ns: string) => `
apiVersion: v1
kind: Namespace
metadata: {name: ${ns}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: ${ns}, labels: {app: web}}
data: {LOG_LEVEL: info, RPM: "600"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}, labels: {app: web}, annotations: {team: ml-platform}}
spec:
  replicas: 1
  revisionHistoryLimit: 10
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}, annotations: {prometheus.io/scrape: "true"}}
    spec:
      initContainers:
      - {name: migrate, image: registry.local/web-migrate:1.0}
      containers:
      - name: web
        image: registry.local/web:1.0
        ports: [{name: http, containerPort: 8080}]
        env:
        - {name: A, value: "1"}
        - {name: B, value: "2"}
        - name: FROM_CM
          valueFrom: {configMapKeyRef: {name: cfg, key: LOG_LEVEL}}
      - name: sidecar
        image: registry.local/envoy:1.30
        args: ["--config", "/etc/envoy.yaml"]
        ports: [{name: admin, containerPort: 9901}]
`;

/** kubectl's JSON encodes the template's zero creationTimestamp as null; the server's JSON leaves it out. */
function withoutNullTimes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNullTimes);
  if (v === null || typeof v !== 'object') return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v as Obj)) if (!(k === 'creationTimestamp' && x === null)) out[k] = withoutNullTimes(x);
  return out;
}

function normalizedBody(p: RecordedRequest): unknown {
  // The twins differ in their namespace (it shows inside last-applied-configuration) and in restart times.
  const text = p.body.replaceAll(OURS, THEIRS).replace(/"kubectl\.kubernetes\.io\/restartedAt":"[^"]*"/g, '"kubectl.kubernetes.io/restartedAt":"<time>"');
  return withoutNullTimes(JSON.parse(text));
}

describe('differential: the real kubectl and our cells leave identical objects and send identical patches', { skip }, () => {
  let cluster: KubeCluster;
  let proxy: RecordingProxy;
  let dir: string;
  let s: KubeSession;
  const K = (args: string[], input?: string) => kubectlOk(cluster.kubeconfig, args, input);
  const objects = async (ns: string): Promise<Obj[]> => {
    const list = JSON.parse(await K(['-n', ns, 'get', 'deploy,cm', '-l', 'app=web', '-o', 'json'])) as { items: Obj[] };
    return list.items.map((o) => comparable(o));
  };
  const settle = async () => {
    for (const ns of [THEIRS, OURS]) await K(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=120s']);
  };

  before(async () => {
    cluster = await startKubeCluster({ seed: false, nodes: 1 });
    dir = tempDir('kube-diff');
    proxy = await startRecordingProxy(cluster.kubeconfig, dir);
    s = sessionFor(proxy.kubeconfig, OURS);
    for (const ns of [THEIRS, OURS]) await K(['apply', '-f', '-'], fixture(ns));
    await settle();
  });

  after(async () => {
    closeSession(s);
    await proxy?.stop();
    await cluster?.stop();
    if (dir) removeDir(dir);
  });

  const operations = [
    'set env deployment/web FEATURE_X=off',
    'set env deployment/web -c web B=3 A-',
    'set env deployment/web -c web FROM_CM=literal NEW=1',
    'set env deployment/web -c "side*" ADMIN=on',
    'annotate deployment/web oncall/ack=INC-1',
    'annotate deployment/web oncall/ack=INC-2 --overwrite',
    'annotate deployment/web oncall/ack- team-',
    'label deployment/web tier=edge',
    'label deployment/web tier- app=web',
    `patch configmap cfg --type merge -p '{"data":{"RPM":"60"}}'`,
    `patch configmap cfg --type=json -p '[{"op":"replace","path":"/data/LOG_LEVEL","value":"debug"}]'`,
    "patch configmap cfg -p 'data:\n  NEW: x\n'",
    `patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"registry.local/envoy:1.31"}]}}}}'`,
    'scale deployment/web --replicas=2',
    'rollout restart deployment/web',
    'rollout undo deployment/web',
    'rollout undo deployment/web --to-revision=2',
    'rollout undo deployment/web',
  ];

  for (const [i, line] of operations.entries()) {
    test(`${i + 1}. kubectl ${line}`, async () => {
      await settle();
      proxy.clear();
      const words = shellWords(line);
      const k = await kubectl(proxy.kubeconfig, ['-n', THEIRS, ...words]);
      assert.equal(k.code, 0, k.stderr);

      const plan = planKubectl([...words, '-n', OURS], s);
      assert.equal(plan.mutating, true);
      const preview = await executeKubectl(plan.op, s, { dryRun: true });
      const done = await executeKubectl(plan.op, s, { confirmed: preview });
      // The same line on stdout (kubectl prints e.g. "deployment.apps/web env updated").
      assert.equal(done.text, k.stdout, 'the same message');

      const theirs = proxy.patches('kubectl');
      const ours = proxy.patches('oncall').filter((p) => !/[?&]dryRun=All/.test(p.url));
      assert.equal(ours.length, theirs.length, 'as many PATCHes');
      for (const [j, t] of theirs.entries()) {
        assert.equal(ours[j].contentType, t.contentType, 'the same Content-Type');
        assert.equal(ours[j].url.replace(`/namespaces/${OURS}/`, '/').replace(/\?.*$/, ''), t.url.replace(`/namespaces/${THEIRS}/`, '/').replace(/\?.*$/, ''), 'the same object');
        assert.deepEqual(normalizedBody(ours[j]), normalizedBody(t), 'the same body');
      }
      await settle();
      assert.deepEqual(await objects(OURS), await objects(THEIRS), 'identical objects');
    });
  }

  test('after all of it the histories match too', async () => {
    const ours = await executeKubectl(['rollout', 'history', 'deployment/web'], s);
    assert.equal(ours.text.replace(OURS, THEIRS), await K(['-n', THEIRS, 'rollout', 'history', 'deployment/web']));
    const rs = async (ns: string) => (JSON.parse(await K(['-n', ns, 'get', 'rs', '-o', 'json'])).items as Obj[]).map((r) => [r.metadata.name, r.metadata.annotations['deployment.kubernetes.io/revision'], r.spec.replicas]).sort();
    assert.deepEqual(await rs(OURS), await rs(THEIRS));
  });
});
