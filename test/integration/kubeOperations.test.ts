/**
 * The kubectl cell language against a real control plane (kube-apiserver 1.34, controller-manager, scheduler, etcd,
 * kwok nodes; scripts/k8s): every read compared with what the real kubectl prints for the same cluster, logs served
 * through kwok, the case 1 observed on the wire through a recording proxy (content types and bodies of the
 * PATCHes), server messages for rejected changes, values with shell metacharacters stored verbatim, dry runs that
 * change nothing, confirmed runs, reverts, and kubeconfig the way kubectl reads it (several files with relative
 * paths, an exec credential plugin with expiring tokens, a token file, the in-cluster service account).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { kubeClusterSkipReason, startKubeCluster, type KubeCluster } from '../support/kubeCluster';
import { removeDir, tempDir } from '../support/process';
import { adminCredentials, comparable, eventually, kubectl, kubectlOk, sessionFor, startRecordingProxy, type RecordingProxy } from './kubeSupport';
import { parseKubectlArgs } from '../../src/kubernetes/args';
import { KubeApiError, KubeconfigError, KubectlRefusedError } from '../../src/kubernetes/errors';
import { loadKubeconfig, selectContext, type KubeSession } from '../../src/kubernetes/kubeconfig';
import { closeSession, executeKubectl, planKubectl, revertChange } from '../../src/kubernetes/run';
import { substitute } from '../../src/notebooks/parameters';
import { shellWords } from '../../src/notebooks/shellWords';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const skip = kubeClusterSkipReason();

const SHOP = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: app-cfg, namespace: shop}
data: {LOG_LEVEL: info, REGION: eu}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: registry.local/web:1.3
        args: ["--port", "8080"]
        ports: [{name: http, containerPort: 8080}]
        env: [{name: LOG_FORMAT, value: json}]
        resources: {requests: {cpu: 100m, memory: 64Mi}}
      - name: sidecar
        image: registry.local/envoy:1.30
        args: ["--config", "/etc/envoy/envoy.yaml"]
        ports: [{name: admin, containerPort: 9901}]
`;

/** Ages differ by a second between two runs: compare the words of each line, ages replaced. */
function words(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => l.replace(/\b\d+(?:y|d|h|m|s)(?:\d+(?:d|h|m|s))?\b/g, '<age>').trim().split(/\s+/));
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    make: (interactive: boolean, answer = '') => ({
      out: (t: string) => void out.push(t),
      err: (t: string) => void err.push(t),
      interactive,
      ask: async () => answer,
      signal: new AbortController().signal,
    }),
  };
}

describe('kubectl cells against a real control plane', { skip }, () => {
  let cluster: KubeCluster;
  let proxy: RecordingProxy;
  let dir: string;
  let s: KubeSession;
  let viaProxy: KubeSession;
  const sessions: KubeSession[] = [];
  const K = (args: string[], input?: string) => kubectlOk(cluster.kubeconfig, args, input);
  const ours = (line: string, session = s) => executeKubectl(shellWords(line), session);
  const getObj = async (args: string[]): Promise<Obj> => JSON.parse(await K([...args, '-o', 'json']));

  before(async () => {
    cluster = await startKubeCluster();
    dir = tempDir('kube-ops');
    proxy = await startRecordingProxy(cluster.kubeconfig, dir);
    s = sessionFor(cluster.kubeconfig, 'ai');
    viaProxy = sessionFor(proxy.kubeconfig, 'shop');
    sessions.push(s, viaProxy);
    await K(['apply', '-f', '-'], SHOP);
    await K(['-n', 'shop', 'rollout', 'status', 'deployment/web', '--timeout=120s']);
  });

  after(async () => {
    for (const x of sessions) closeSession(x);
    await proxy?.stop();
    await cluster?.stop();
    if (dir) removeDir(dir);
  });

  test('get prints what kubectl prints: tables, -o wide, -A, several types, selectors, -o yaml|json|name', async () => {
    const cases = [
      'get pods', 'get pods -o wide', 'get deploy', 'get deployments -o wide', 'get rs -o wide', 'get cm', 'get nodes', 'get no -o wide', 'get ns',
      'get pods -A', 'get deploy,rs', 'get pods -l app=llm-inference', 'get pods --field-selector status.phase=Running', 'get deploy llm-gateway',
      'get events --field-selector involvedObject.kind=Deployment',
      'get cm llm-quotas -o yaml', 'get deploy llm-gateway -o json', 'get pods -o name', 'get deploy,cm -o name', 'get cm -o yaml', 'get ns default -o yaml',
    ];
    for (const c of cases) {
      const r = await ours(c);
      const k = await kubectl(cluster.kubeconfig, [...shellWords(c), '-n', 'ai']);
      assert.equal(k.code, 0, `${c}: ${k.stderr}`);
      if (/-o (json|name)/.test(c)) assert.equal(r.text, k.stdout, c);
      else if (/-o yaml/.test(c)) {
        // The same document, and the same text but for where long strings are folded (go-yaml folds past column 80).
        assert.deepEqual(parseYaml(r.text), parseYaml(k.stdout), c);
        assert.equal(r.text.replace(/\s+/g, ' '), k.stdout.replace(/\s+/g, ' '), c);
      } else assert.deepEqual(words(r.text), words(k.stdout), c);
    }
    const none = await ours('get pods -l app=nothing');
    assert.equal(none.text, '');
    assert.deepEqual(none.notes, ['No resources found in ai namespace.']);
    const json = (await ours('get pods -l app=llm-gateway')).json as { rows: Obj[]; items: Obj[] };
    assert.equal(json.rows.length, 2);
    assert.deepEqual(Object.keys(json.rows[0]), ['kind', 'NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    assert.equal(json.items[0].kind, 'Pod');
    assert.equal(json.items[0].metadata.managedFields, undefined);
    await assert.rejects(ours('get pod nope'), (e: unknown) => e instanceof KubeApiError && e.status === 404 && e.message === 'Error from server (NotFound): pods "nope" not found');
  });

  test('describe deployment and pod read like kubectl describe', async () => {
    const pod = (await getObj(['-n', 'ai', 'get', 'pods', '-l', 'app=llm-gateway'])).items[0].metadata.name;
    // Events seen in the same second may be listed in either order: compare them as a set.
    const split = (t: string) => {
      const at = t.indexOf('\nEvents:');
      return { head: words(t.slice(0, at)), events: words(t.slice(at)).map((w) => w.join(' ')).sort() };
    };
    for (const c of ['describe deployment llm-inference', 'describe deploy/llm-gateway', `describe pod ${pod}`]) {
      const r = await ours(c);
      const k = await K([...shellWords(c), '-n', 'ai']);
      assert.deepEqual(split(r.text), split(k), c);
    }
  });

  test('logs come through kwok and the apiserver, as kubectl shows them', async () => {
    const cases = [
      'logs deploy/llm-inference --tail=200',
      'logs deploy/llm-inference -c metrics-exporter --tail=200',
      'logs -l app=llm-gateway --tail=2',
      'logs -l app=llm-inference -c server --tail=3 --timestamps --prefix',
      'logs deploy/llm-inference --tail=-1 --all-containers',
    ];
    for (const c of cases) {
      const r = await ours(c);
      const k = await kubectl(cluster.kubeconfig, [...shellWords(c), '-n', 'ai']);
      assert.equal(k.code, 0, k.stderr);
      // The same log lines (with --prefix the pod names may be listed in another order when pods tie).
      assert.deepEqual(r.text.split('\n').map((l) => l.replace(/\[pod\/[^/]+\//, '[pod/')).sort(), k.stdout.split('\n').map((l) => l.replace(/\[pod\/[^/]+\//, '[pod/')).sort(), c);
    }
    const oom = await ours('logs deploy/llm-inference -c server --tail=3');
    assert.match(oom.text, /503 Service Unavailable: engine is not healthy \(CUDA out of memory\)\n$/);
    assert.equal(oom.text.split('\n').length, 4);
    const one = await ours('logs deploy/llm-inference');
    assert.match(one.notes.join('\n'), /^Found 2 pods, using pod\/llm-inference-\S+\nDefaulted container "server" out of: server, metrics-exporter$/);
    const pod = (await getObj(['-n', 'ai', 'get', 'pods', '-l', 'app=llm-gateway'])).items[0].metadata.name;
    const byName = await ours(`logs ${pod} --tail=1`);
    assert.equal(byName.text, (await K(['-n', 'ai', 'logs', pod, '--tail=1'])));
    await assert.rejects(ours(`logs ${pod} -c nope`), /container nope is not valid for pod/);
    // No previous container: the server's answer, word for word as kubectl shows it.
    const prev = await kubectl(cluster.kubeconfig, ['-n', 'ai', 'logs', pod, '--previous', '--tail=200']);
    assert.notEqual(prev.code, 0);
    await assert.rejects(ours(`logs ${pod} --previous`), (e: unknown) => e instanceof KubeApiError && e.status === 400 && prev.stderr.trim() === `error: ${e.message.replace(/^Error from server \(BadRequest\): /, '')}` || (e instanceof KubeApiError && prev.stderr.includes(e.message)));
  });

  test('rollout status and history as kubectl prints them', async () => {
    for (const c of ['rollout status deploy/llm-inference', 'rollout history deployment/llm-inference', 'rollout history deployment/llm-inference --revision=1', 'rollout status deploy/llm-gateway --watch=false']) {
      const r = await ours(c);
      assert.equal(r.text, await K([...shellWords(c), '-n', 'ai']), c);
    }
    await assert.rejects(ours('rollout history deploy/llm-inference --revision=7'), /unable to find the specified revision/);
  });

  test('case 1: annotate sends a merge patch with an object body; dry run first, nothing changes until confirmed', async () => {
    proxy.clear();
    // Annotations and spec, not resourceVersion: the deployment controller may still be writing status.
    const before = await getObj(['-n', 'shop', 'get', 'deploy', 'web']);
    const plan = planKubectl(shellWords('annotate deployment/web -n shop oncall/ack=INC-123'), viaProxy);
    assert.equal(plan.mutating, true);
    assert.deepEqual(plan.target, { context: 'proxy', server: proxy.url, namespace: 'shop', kind: 'Deployment', name: 'web' });
    const preview = await executeKubectl(plan.op, viaProxy, { dryRun: true });
    assert.equal(preview.text, 'deployment.apps/web annotated (server dry run)\n');
    assert.match(preview.diff ?? '', /\n\+ {4}oncall\/ack: INC-123\n/);
    const afterDryRun = await getObj(['-n', 'shop', 'get', 'deploy', 'web']);
    assert.deepEqual([afterDryRun.metadata.annotations, afterDryRun.spec], [before.metadata.annotations, before.spec], 'the dry run changed nothing');
    const done = await executeKubectl(plan.op, viaProxy, { confirmed: preview });
    assert.equal(done.text, 'deployment.apps/web annotated\n');
    const patches = proxy.patches('oncall');
    assert.equal(patches.length, 2);
    assert.match(patches[0].url, /^\/apis\/apps\/v1\/namespaces\/shop\/deployments\/web\?.*dryRun=All/);
    assert.doesNotMatch(patches[1].url, /dryRun/);
    for (const p of patches) {
      assert.equal(p.contentType, 'application/merge-patch+json');
      assert.deepEqual(JSON.parse(p.body), { metadata: { annotations: { 'oncall/ack': 'INC-123' } } });
    }
    assert.equal((await getObj(['-n', 'shop', 'get', 'deploy', 'web'])).metadata.annotations['oncall/ack'], 'INC-123');
    assert.equal(done.priorState?.changes[0].ref.display, 'deployment.apps/web');
  });

  test('case 1: patch --type=json sends a JSON patch with an array body', async () => {
    proxy.clear();
    const r = await executeKubectl(shellWords(`patch configmap app-cfg -n shop --type=json -p '[{"op":"replace","path":"/data/LOG_LEVEL","value":"debug"}]'`), viaProxy);
    assert.equal(r.text, 'configmap/app-cfg patched\n');
    const [p] = proxy.patches('oncall');
    assert.equal(p.contentType, 'application/json-patch+json');
    const body = JSON.parse(p.body);
    assert.ok(Array.isArray(body));
    assert.deepEqual(body, [{ op: 'replace', path: '/data/LOG_LEVEL', value: 'debug' }]);
    assert.deepEqual((await getObj(['-n', 'shop', 'get', 'cm', 'app-cfg'])).data, { LOG_LEVEL: 'debug', REGION: 'eu' });
    const again = await executeKubectl(shellWords(`patch configmap app-cfg -n shop --type=merge -p '{"data":{"LOG_LEVEL":"debug"}}'`), viaProxy);
    assert.equal(again.text, 'configmap/app-cfg patched (no change)\n');
    assert.equal(proxy.patches('oncall')[1].contentType, 'application/merge-patch+json');
  });

  test('case 1: set env sends a strategic merge patch; the sidecar and every other field stay as they were', async () => {
    proxy.clear();
    const before = await getObj(['-n', 'shop', 'get', 'deploy', 'web']);
    const r = await executeKubectl(shellWords('set env deployment/web -n shop FEATURE_X=off'), viaProxy);
    assert.equal(r.text, 'deployment.apps/web env updated\n');
    const [p] = proxy.patches('oncall');
    assert.equal(p.contentType, 'application/strategic-merge-patch+json');
    assert.ok(!Array.isArray(JSON.parse(p.body)));
    const after = await getObj(['-n', 'shop', 'get', 'deploy', 'web']);
    const containers = after.spec.template.spec.containers;
    assert.deepEqual(containers.map((c: Obj) => c.name), ['web', 'sidecar'], 'the sidecar is still there');
    assert.deepEqual(containers[0].env, [{ name: 'LOG_FORMAT', value: 'json' }, { name: 'FEATURE_X', value: 'off' }]);
    assert.deepEqual(containers[1].env, [{ name: 'FEATURE_X', value: 'off' }], 'like kubectl, every container gets it without -c');
    // Everything else is as before: drop the env lists and compare whole objects.
    const strip = (o: Obj) => {
      const c = comparable(o);
      delete c.metadata.annotations['deployment.kubernetes.io/revision']; // the controller's count of rollouts
      for (const x of c.spec.template.spec.containers) delete x.env;
      return c;
    };
    assert.deepEqual(strip(after), strip(before));
    const sidecarBefore = before.spec.template.spec.containers[1];
    assert.deepEqual({ ...containers[1], env: undefined }, { ...sidecarBefore, env: undefined });
  });

  test('rejected changes show the server’s own message (422), and nothing changes', async () => {
    // generation and spec, not resourceVersion: the deployment controller may still be writing status.
    const before = await getObj(['-n', 'shop', 'get', 'deploy', 'web']);
    await assert.rejects(executeKubectl(shellWords(`patch deployment web -n shop -p '{"spec":{"replicas":-1}}'`), viaProxy, { dryRun: true }), (e: unknown) => {
      assert.ok(e instanceof KubeApiError);
      assert.equal(e.status, 422);
      assert.equal(e.reason, 'Invalid');
      assert.equal(e.message, 'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
      return true;
    });
    // kubectl prints the same for both.
    const k = await kubectl(proxy.kubeconfig, ['-n', 'shop', 'patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"test","path":"/spec/replicas","value":5}]']);
    await assert.rejects(executeKubectl(shellWords(`patch deployment web -n shop --type=json -p '[{"op":"test","path":"/spec/replicas","value":5}]'`), viaProxy), (e: unknown) => {
      assert.ok(e instanceof KubeApiError && e.status === 422);
      assert.equal(e.message, k.stderr.trim());
      return true;
    });
    const two = await kubectl(proxy.kubeconfig, ['-n', 'shop', 'patch', 'deployment', 'web', '--dry-run=server', '-p', '{"spec":{"replicas":-1,"minReadySeconds":-1}}']);
    await assert.rejects(executeKubectl(shellWords(`patch deployment web -n shop -p '{"spec":{"replicas":-1,"minReadySeconds":-1}}'`), viaProxy, { dryRun: true }), (e: unknown) => e instanceof Error && e.message === two.stderr.trim());
    const after = await getObj(['-n', 'shop', 'get', 'deploy', 'web']);
    assert.equal(after.metadata.generation, before.metadata.generation);
    assert.deepEqual(after.spec, before.spec);
  });

  test('values with shell metacharacters reach the API verbatim: stored as annotations, rejected as labels', async () => {
    proxy.clear();
    for (const [i, value] of ['x; rm -rf /', '$(id)', '`id` && echo "pwned" > /tmp/x', "it's\n2nd line"].entries()) {
      const sub = substitute('annotate deployment/{{deployment}} -n {{namespace}} oncall/note-{{i}}={{note}}', 'kubectl', { deployment: 'web', namespace: 'shop', note: value, i: String(i) });
      assert.ok(sub.ok && sub.args);
      if (!sub.ok || !sub.args) return;
      const r = await executeKubectl(sub.args, viaProxy);
      assert.equal(r.text, 'deployment.apps/web annotated\n');
      const stored = (await getObj(['-n', 'shop', 'get', 'deploy', 'web'])).metadata.annotations[`oncall/note-${i}`];
      assert.equal(stored, value);
    }
    assert.ok(proxy.patches('oncall').some((p) => JSON.parse(p.body).metadata.annotations['oncall/note-0'] === 'x; rm -rf /'));
    const sub = substitute('label deployment/web -n shop incident={{value}}', 'kubectl', { value: '$(id)' });
    assert.ok(sub.ok && sub.args);
    if (!sub.ok || !sub.args) return;
    await assert.rejects(executeKubectl(sub.args, viaProxy, { dryRun: true }), (e: unknown) => e instanceof KubeApiError && e.status === 422 && /metadata.labels: Invalid value: "\$\(id\)"/.test(e.message));
    assert.equal((await getObj(['-n', 'shop', 'get', 'deploy', 'web'])).metadata.labels.incident, undefined);
  });

  test('every mutation runs as a server dry run first: dryRun=All on the wire, the would-be object back, nothing changed', async () => {
    const commands = [
      'rollout restart deployment/web -n shop',
      'rollout undo deployment/llm-inference -n ai',
      'set env deployment/web -n shop A=1 LOG_FORMAT-',
      'label deployment/web -n shop tier=edge',
      'annotate deployment --all -n ai deploy-freeze=true',
      `patch deployment web -n shop -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"registry.local/web:1.4"}]}}}}'`,
      'scale deployment/web -n shop --replicas=3',
      'scale rs --replicas=0 -n ai ' + (await getObj(['-n', 'ai', 'get', 'rs', '-l', 'app=llm-gateway'])).items[0].metadata.name,
    ];
    await K(['-n', 'shop', 'rollout', 'status', 'deployment/web', '--timeout=120s']);
    const state = async () => JSON.stringify((await getObj(['get', 'deploy,rs,cm', '-A'])).items.map((o: Obj) => comparable(o)));
    for (const c of commands) {
      proxy.clear();
      const snapshot = await state();
      const r = await executeKubectl(shellWords(c), viaProxy, { dryRun: true });
      assert.equal(r.dryRun, 'server');
      assert.ok(r.changes?.length, c);
      for (const ch of r.changes ?? []) {
        assert.ok(ch.sent, c);
        assert.ok(ch.diff, `${c}: a diff to confirm`);
        assert.match(ch.message, / \(server dry run\)$/);
        assert.ok(ch.after, 'the would-be object');
      }
      const patches = proxy.patches('oncall');
      assert.ok(patches.length >= 1 && patches.every((p) => /[?&]dryRun=All/.test(p.url)), c);
      assert.equal(await state(), snapshot, `${c} changed nothing`);
    }
    const client = await executeKubectl(shellWords('annotate deploy/web -n shop x=1 --dry-run=client'), viaProxy);
    assert.equal(client.text, 'deployment.apps/web annotated (dry run)\n');
    assert.match(client.diff ?? '', /\+ {4}x: "1"/);
  });

  test('a confirmed run is refused when the change to send is no longer the one the engineer saw', async () => {
    const op = parseKubectlArgs(shellWords('rollout undo deployment/web -n shop'));
    await K(['-n', 'shop', 'set', 'image', 'deployment/web', 'web=registry.local/web:1.4']);
    await K(['-n', 'shop', 'rollout', 'status', 'deployment/web', '--timeout=120s']);
    const preview = await executeKubectl(op, viaProxy, { dryRun: true });
    assert.match(preview.diff ?? '', /- {8}image: registry.local\/web:1.4/);
    // Someone rolls out another version before the engineer confirms.
    await K(['-n', 'shop', 'set', 'image', 'deployment/web', 'web=registry.local/web:1.5']);
    await K(['-n', 'shop', 'rollout', 'status', 'deployment/web', '--timeout=120s']);
    proxy.clear();
    await assert.rejects(executeKubectl(op, viaProxy, { confirmed: preview }), (e: unknown) => e instanceof KubectlRefusedError && e.reason === 'changed-since-confirmed');
    assert.equal(proxy.patches().length, 0, 'nothing was sent');
  });

  test('revert restores what a change replaced, after its own dry run; it refuses when the field changed since', async () => {
    const done = await executeKubectl(shellWords('annotate deploy/web -n shop oncall/owner=alice'), viaProxy);
    assert.ok(done.priorState);
    const prior = JSON.parse(JSON.stringify(done.priorState)); // what the incident log stores
    const preview = await revertChange(prior, viaProxy, { dryRun: true });
    assert.match(preview.diff ?? '', /\n- {4}oncall\/owner: alice\n/);
    assert.equal((await getObj(['-n', 'shop', 'get', 'deploy', 'web'])).metadata.annotations['oncall/owner'], 'alice');
    const r = await revertChange(prior, viaProxy);
    assert.equal(r.text, 'deployment.apps/web reverted\n');
    assert.equal((await getObj(['-n', 'shop', 'get', 'deploy', 'web'])).metadata.annotations['oncall/owner'], undefined);

    const scaled = await executeKubectl(shellWords('scale deploy/web -n shop --replicas=2'), viaProxy);
    await K(['-n', 'shop', 'scale', 'deploy/web', '--replicas=4']);
    await assert.rejects(revertChange(scaled.priorState!, viaProxy), (e: unknown) => e instanceof KubectlRefusedError && e.reason === 'changed-since-confirmed');
    assert.equal((await getObj(['-n', 'shop', 'get', 'deploy', 'web'])).spec.replicas, 4, 'nothing reverted');
    await assert.rejects(revertChange(scaled.priorState!, s), /Switch to that context to revert it/);

    const sidecarEnv = (await getObj(['-n', 'shop', 'get', 'deploy', 'web'])).spec.template.spec.containers[1].env;
    const env = await executeKubectl(shellWords('set env deploy/web -n shop -c sidecar ADMIN_PORT=9901'), viaProxy);
    assert.deepEqual((await getObj(['-n', 'shop', 'get', 'deploy', 'web'])).spec.template.spec.containers[1].env, [...sidecarEnv, { name: 'ADMIN_PORT', value: '9901' }]);
    await revertChange(env.priorState!, viaProxy);
    assert.deepEqual((await getObj(['-n', 'shop', 'get', 'deploy', 'web'])).spec.template.spec.containers[1].env, sidecarEnv);
  });

  test('refusals kubectl makes: paused restart, overwrite, read-only contexts', async () => {
    await K(['-n', 'shop', 'rollout', 'pause', 'deployment/web']);
    try {
      await assert.rejects(ours('rollout restart deploy/web -n shop'), /can't restart paused deployment \(run rollout resume first\)/);
      await assert.rejects(ours('rollout undo deploy/web -n shop'), /you cannot rollback a paused deployment/);
    } finally {
      await K(['-n', 'shop', 'rollout', 'resume', 'deployment/web']);
    }
    await assert.rejects(ours('annotate deploy/web -n shop oncall/ack=other'), /--overwrite is false but found the following declared annotation\(s\): 'oncall\/ack' already has a value \(INC-123\)/);
    await assert.rejects(executeKubectl(shellWords('annotate deploy/web -n shop a=b'), s, { readOnlyReason: 'context kwok-oncall is protected: unlock it first' }), /is protected: unlock it first/);
    const dry = await executeKubectl(shellWords('annotate deploy/web -n shop a=b'), s, { dryRun: true, readOnlyReason: 'protected' });
    assert.equal(dry.dryRun, 'server', 'a dry run of a protected context is still allowed');
  });

  test('kubeconfig as kubectl reads it: KUBECONFIG with two files and relative paths, a token file, an exec plugin, in-cluster', async () => {
    const admin = adminCredentials(cluster.kubeconfig);
    // A service account with read access, and a token for it.
    await K(['-n', 'ai', 'create', 'serviceaccount', 'oncall-reader']);
    await K(['-n', 'ai', 'create', 'rolebinding', 'oncall-reader-view', '--clusterrole=view', '--serviceaccount=ai:oncall-reader']);
    const token = (await K(['-n', 'ai', 'create', 'token', 'oncall-reader', '--duration=1h'])).trim();

    const base = join(dir, 'kc');
    mkdirSync(join(base, 'one', 'certs'), { recursive: true });
    mkdirSync(join(base, 'two', 'bin'), { recursive: true });
    writeFileSync(join(base, 'one', 'certs', 'ca.crt'), admin.ca);
    writeFileSync(join(base, 'one', 'certs', 'admin.crt'), admin.cert);
    writeFileSync(join(base, 'one', 'certs', 'admin.key'), admin.key);
    writeFileSync(join(base, 'two', 'token'), `${token}\n`);
    const calls = join(base, 'plugin-calls.log');
    const plugin = join(base, 'two', 'bin', 'token-plugin');
    writeFileSync(plugin, [
      `#!${process.execPath}`,
      "const fs = require('node:fs');",
      `fs.appendFileSync(${JSON.stringify(calls)}, (process.env.KUBERNETES_EXEC_INFO || 'no-info') + '\\n');`,
      "const expires = process.env.EXPIRE === 'past' ? new Date(Date.now() - 60000) : new Date(Date.now() + 3600000);",
      `console.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: ${JSON.stringify(token)}, expirationTimestamp: expires.toISOString() } }));`,
    ].join('\n'));
    chmodSync(plugin, 0o755);
    writeFileSync(join(base, 'one', 'config'), stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': '',
      clusters: [{ name: 'kwok', cluster: { server: admin.server, 'certificate-authority': 'certs/ca.crt' } }],
      users: [{ name: 'admin', user: { 'client-certificate': 'certs/admin.crt', 'client-key': 'certs/admin.key' } }],
      contexts: [{ name: 'admin', context: { cluster: 'kwok', user: 'admin', namespace: 'ai' } }],
    }));
    writeFileSync(join(base, 'two', 'config'), stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'reader-exec',
      clusters: [{ name: 'kwok', cluster: { server: 'https://ignored.example' } }],
      users: [
        { name: 'reader-file', user: { 'token-file': 'token' } },
        { name: 'reader-exec', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/token-plugin', interactiveMode: 'Never' } } },
        { name: 'reader-exec-expired', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/token-plugin', env: [{ name: 'EXPIRE', value: 'past' }] } } },
      ],
      contexts: [
        { name: 'reader-file', context: { cluster: 'kwok', user: 'reader-file', namespace: 'ai' } },
        { name: 'reader-exec', context: { cluster: 'kwok', user: 'reader-exec', namespace: 'ai' } },
        { name: 'reader-exec-expired', context: { cluster: 'kwok', user: 'reader-exec-expired', namespace: 'ai' } },
      ],
    }));
    const cfg = loadKubeconfig({ env: { KUBECONFIG: [join(base, 'one', 'config'), join(base, 'two', 'config')].join(delimiter) } });
    assert.equal(cfg.currentContext, 'reader-exec', 'the first non-empty current-context');
    assert.equal(cfg.clusters.find((c) => c.name === 'kwok')?.value.server, admin.server, 'the first file defines cluster kwok');

    const expectPods = async (session: KubeSession) => {
      sessions.push(session);
      const r = await executeKubectl(['get', 'pods', '-l', 'app=llm-gateway', '-o', 'name'], session);
      assert.equal(r.text.split('\n').filter(Boolean).length, 2, session.context);
    };
    await expectPods(selectContext(cfg, { context: 'admin' }));
    await expectPods(selectContext(cfg, { context: 'reader-file' }));

    // The exec plugin: run once while its token is valid, at every request once it has expired.
    const execSession = selectContext(cfg);
    await expectPods(execSession);
    await executeKubectl(['get', 'deploy'], execSession);
    await executeKubectl(['get', 'cm'], execSession);
    const infos = readFileSync(calls, 'utf8').trim().split('\n');
    assert.equal(infos.length, 1, 'a valid token is reused');
    assert.deepEqual(JSON.parse(infos[0]), { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: false } });
    const expired = selectContext(cfg, { context: 'reader-exec-expired' });
    await expectPods(expired);
    await executeKubectl(['get', 'deploy'], expired);
    assert.equal(readFileSync(calls, 'utf8').trim().split('\n').length, 3, 'an expired token is fetched again');
    await assert.rejects(executeKubectl(shellWords('annotate deploy/llm-gateway -n ai x=1'), execSession, { dryRun: true }), (e: unknown) => e instanceof KubeApiError && e.status === 403 && /cannot patch resource "deployments"/.test(e.message));

    // In a pod: the service account mounted at the usual place (here a folder of the test).
    const sa = join(base, 'sa');
    mkdirSync(sa);
    writeFileSync(join(sa, 'token'), token);
    writeFileSync(join(sa, 'ca.crt'), admin.ca);
    writeFileSync(join(sa, 'namespace'), 'ai');
    const u = new URL(admin.server);
    const inCluster = loadKubeconfig({ env: { KUBERNETES_SERVICE_HOST: u.hostname, KUBERNETES_SERVICE_PORT: u.port }, home: join(base, 'no-home'), serviceAccountDir: sa });
    await expectPods(selectContext(inCluster));

    // A missing file named by the kubeconfig is a clear error before any request.
    writeFileSync(join(base, 'three'), stringify({
      'current-context': 'x',
      clusters: [{ name: 'c', cluster: { server: admin.server, 'certificate-authority': 'missing-ca.crt' } }],
      contexts: [{ name: 'x', context: { cluster: 'c' } }],
    }));
    const broken = selectContext(loadKubeconfig({ kubeconfig: join(base, 'three') }));
    sessions.push(broken);
    await assert.rejects(executeKubectl(['get', 'pods'], broken), (e: unknown) => e instanceof KubeconfigError && /The certificate-authority file .*missing-ca.crt of cluster "c" .* does not exist/.test(e.message));
  });

  test('oncall kubectl: plan on stderr, kubectl output on stdout; asks on a terminal, refuses without one unless --yes', async () => {
    const { kubectlCommand } = await import('../../src/cli/commands/kubectl');
    const env = { KUBECONFIG: proxy.kubeconfig };
    let x = io();
    assert.equal(await kubectlCommand.runWithEnv(['--namespace', 'ai', 'get', 'deploy', '-o', 'name'], x.make(false), env), 0);
    assert.deepEqual(x.out, ['deployment.apps/llm-gateway\ndeployment.apps/llm-inference']);
    assert.match(x.err[0], /^kubectl get deploy -o name {2}→ {2}context proxy \(http:\/\/127\.0\.0\.1:\d+\), namespace ai, Deployment \(all\)$/);

    proxy.clear();
    x = io();
    assert.equal(await kubectlCommand.runWithEnv(['--', 'annotate', 'deploy/web', '-n', 'shop', 'cli=1'], x.make(false), env), 1);
    assert.match(x.err.join('\n'), /\+ {4}cli: "1"[\s\S]*Refusing to change the cluster without a terminal to confirm on/);
    assert.ok(proxy.patches().every((p) => /dryRun=All/.test(p.url)));
    assert.equal((await getObj(['-n', 'shop', 'get', 'deploy', 'web'])).metadata.annotations.cli, undefined);

    x = io();
    assert.equal(await kubectlCommand.runWithEnv(['annotate', 'deploy/web', '-n', 'shop', 'cli=1'], x.make(true, 'n'), env), 1);
    assert.match(x.err.join('\n'), /Not changed\./);
    x = io();
    assert.equal(await kubectlCommand.runWithEnv(['annotate', 'deploy/web', '-n', 'shop', 'cli=1', '--dry-run=server'], x.make(false), env), 0);
    assert.deepEqual(x.out, ['deployment.apps/web annotated (server dry run)']);
    x = io();
    assert.equal(await kubectlCommand.runWithEnv(['--dry-run', 'annotate', 'deploy/web', '-n', 'shop', 'cli=1'], x.make(false), env), 0);
    assert.equal((await getObj(['-n', 'shop', 'get', 'deploy', 'web'])).metadata.annotations.cli, undefined);
    x = io();
    assert.equal(await kubectlCommand.runWithEnv(['annotate', 'deploy/web', '-n', 'shop', 'cli=1'], x.make(true, 'y'), env), 0);
    assert.deepEqual(x.out, ['deployment.apps/web annotated']);
    x = io();
    assert.equal(await kubectlCommand.runWithEnv(['--yes', '--json', 'annotate', 'deploy/web', '-n', 'shop', 'cli=2', '--overwrite'], x.make(false), env), 0);
    const json = JSON.parse(x.out[0]);
    assert.equal(json.priorState.changes[0].before.metadata.annotations.cli, '1');
    assert.equal((await getObj(['-n', 'shop', 'get', 'deploy', 'web'])).metadata.annotations.cli, '2');

    x = io();
    assert.equal(await kubectlCommand.runWithEnv(['get', 'pod', 'nope', '-n', 'ai'], x.make(false), env), 1);
    assert.ok(x.err.includes('Error from server (NotFound): pods "nope" not found'));
    const noContext = join(dir, 'no-context');
    writeFileSync(noContext, readFileSync(proxy.kubeconfig, 'utf8').replace('current-context: proxy', 'current-context: ""'));
    x = io();
    assert.equal(await kubectlCommand.runWithEnv(['--kubeconfig', noContext, 'get', 'pods'], x.make(false), {}), 2);
    assert.match(x.err.join('\n'), /No Kubernetes context is selected[\s\S]*proxy\thttp:\/\/127.0.0.1:\d+[\s\S]*Pass --context NAME\./);
    x = io();
    const { runCli } = await import('../../src/cli/dispatch');
    assert.equal(await runCli(['kubectl', 'exec', 'web', '--', 'sh'], x.make(false)), 2);
    assert.match(x.err.join('\n'), /kubectl exec is not supported in runbook cells: use a terminal/);
  });

  test('rollout restart and status end to end: new pods roll out and status waits for them', async () => {
    const before = (await getObj(['-n', 'ai', 'get', 'pods', '-l', 'app=llm-gateway'])).items.map((p: Obj) => p.metadata.name).sort();
    const progress: string[] = [];
    const done = await executeKubectl(shellWords('rollout restart deployment/llm-gateway -n ai'), s);
    assert.equal(done.text, 'deployment.apps/llm-gateway restarted\n');
    const status = await executeKubectl(shellWords('rollout status deployment/llm-gateway -n ai --timeout=2m'), s, { onProgress: (l) => progress.push(l) });
    assert.match(status.text, /deployment "llm-gateway" successfully rolled out\n$/);
    assert.equal(progress[progress.length - 1], 'deployment "llm-gateway" successfully rolled out');
    const after = await eventually('old pods gone', async () => {
      const names = (await getObj(['-n', 'ai', 'get', 'pods', '-l', 'app=llm-gateway'])).items.filter((p: Obj) => !p.metadata.deletionTimestamp).map((p: Obj) => p.metadata.name).sort();
      return names.length === 2 && names.every((n: string) => !before.includes(n)) ? names : undefined;
    });
    assert.equal(after.length, 2);
    const d = await getObj(['-n', 'ai', 'get', 'deploy', 'llm-gateway']);
    assert.match(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
  });
});
