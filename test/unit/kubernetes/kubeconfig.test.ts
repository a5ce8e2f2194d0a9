import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeconfigError, NoContextError } from '../../../src/kubernetes/errors';
import { kubeconfigFiles, listContexts, loadKubeconfig, selectContext } from '../../../src/kubernetes/kubeconfig';

const dir = mkdtempSync(join(tmpdir(), 'oncall-kubeconfig-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(rel: string, text: string): string {
  const p = join(dir, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

const A = file('a/config', `
apiVersion: v1
kind: Config
current-context: ""
clusters:
- name: prod
  cluster: {server: "https://prod.example:6443", certificate-authority: certs/ca.pem}
- name: shared
  cluster: {server: "https://from-a.example"}
users:
- name: alice
  user:
    client-certificate: certs/alice.crt
    client-key: /abs/alice.key
    token-file: ../tokens/alice
- name: plugin
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: ./bin/get-token, args: [--cluster, prod]}
- name: plugin-on-path
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: aws}
contexts:
- name: prod-admin
  context: {cluster: prod, user: alice, namespace: payments}
- name: shared
  context: {cluster: shared, user: plugin}
`);

const B = file('b/config', `
apiVersion: v1
kind: Config
current-context: staging
clusters:
- name: shared
  cluster: {server: "https://from-b.example"}
- name: staging
  cluster: {server: "https://staging.example/"}
users:
- name: bob
  user: {token: t0ken}
contexts:
- name: staging
  context: {cluster: staging, user: bob}
- name: prod-admin
  context: {cluster: staging, user: bob, namespace: not-this-one}
- name: broken-cluster
  context: {cluster: nowhere, user: bob}
- name: broken-user
  context: {cluster: staging, user: nobody}
`);

describe('kubeconfig loading as kubectl does it', () => {
  test('KUBECONFIG merges files in order: the first definition of a name wins, the first non-empty current-context wins', () => {
    const cfg = loadKubeconfig({ env: { KUBECONFIG: [A, join(dir, 'missing'), B].join(delimiter) } });
    assert.deepEqual(cfg.sources, [A, B], 'missing files in KUBECONFIG are skipped');
    assert.equal(cfg.currentContext, 'staging', 'a.yaml has an empty current-context; b.yaml sets one');
    assert.deepEqual(cfg.clusters.map((c) => [c.name, c.value.server]), [
      ['prod', 'https://prod.example:6443'],
      ['shared', 'https://from-a.example'],
      ['staging', 'https://staging.example/'],
    ]);
    const prod = cfg.contexts.find((c) => c.name === 'prod-admin')!;
    assert.equal(prod.value.namespace, 'payments', 'the first file to define prod-admin wins');
    assert.equal(prod.source, A);
  });

  test('relative paths resolve against the file that names them; exec commands only when they contain a path separator', () => {
    const cfg = loadKubeconfig({ env: { KUBECONFIG: A } });
    assert.equal(cfg.clusters[0].value['certificate-authority'], join(dir, 'a', 'certs', 'ca.pem'));
    const alice = cfg.users.find((u) => u.name === 'alice')!.value;
    assert.equal(alice['client-certificate'], join(dir, 'a', 'certs', 'alice.crt'));
    assert.equal(alice['client-key'], '/abs/alice.key');
    assert.equal(alice['token-file'], join(dir, 'tokens', 'alice'));
    const plugin = cfg.users.find((u) => u.name === 'plugin')!.value.exec as Record<string, unknown>;
    assert.equal(plugin.command, join(dir, 'a', 'bin', 'get-token'));
    assert.deepEqual(plugin.args, ['--cluster', 'prod']);
    const onPath = cfg.users.find((u) => u.name === 'plugin-on-path')!.value.exec as Record<string, unknown>;
    assert.equal(onPath.command, 'aws', 'a bare command is looked up on PATH, as kubectl does');
  });

  test('an empty current-context is a NoContextError listing the contexts for a picker, not a crash', () => {
    const cfg = loadKubeconfig({ kubeconfig: A });
    assert.equal(cfg.currentContext, '');
    assert.throws(() => selectContext(cfg), (e: unknown) => {
      assert.ok(e instanceof NoContextError);
      assert.deepEqual(e.contexts, ['prod-admin', 'shared']);
      assert.match(e.message, /No Kubernetes context is selected \(current-context is empty in .*a\/config\): pick one of prod-admin, shared\./);
      return true;
    });
    const s = selectContext(cfg, { context: 'prod-admin' });
    assert.deepEqual([s.context, s.cluster, s.user, s.server, s.namespace], ['prod-admin', 'prod', 'alice', 'https://prod.example:6443', 'payments']);
  });

  test('the namespace: the picker, else the context, else default; servers lose a trailing slash', () => {
    const cfg = loadKubeconfig({ kubeconfig: B });
    const s = selectContext(cfg);
    assert.equal(s.context, 'staging');
    assert.equal(s.namespace, 'default');
    assert.equal(s.server, 'https://staging.example');
    assert.equal(selectContext(cfg, { namespace: 'ai' }).namespace, 'ai');
  });

  test('listContexts names cluster, server, namespace and the current one', () => {
    const cfg = loadKubeconfig({ env: { KUBECONFIG: [A, B].join(delimiter) } });
    const list = listContexts(cfg);
    assert.deepEqual(list.find((c) => c.name === 'prod-admin'), { name: 'prod-admin', cluster: 'prod', user: 'alice', namespace: 'payments', server: 'https://prod.example:6443', current: false });
    assert.equal(list.find((c) => c.name === 'staging')?.current, true);
  });

  test('missing or broken pieces are clear errors', () => {
    const cfg = loadKubeconfig({ kubeconfig: B });
    assert.throws(() => selectContext(cfg, { context: 'nope' }), /context "nope" does not exist in .*b\/config; contexts: staging, prod-admin, broken-cluster, broken-user\./);
    assert.throws(() => selectContext(cfg, { context: 'broken-cluster' }), /refers to cluster "nowhere", which is not defined/);
    assert.throws(() => selectContext(cfg, { context: 'broken-user' }), /refers to user "nobody", which is not defined/);
    assert.throws(() => loadKubeconfig({ kubeconfig: join(dir, 'nope') }), (e: unknown) => e instanceof KubeconfigError && /does not exist. Check the path given with --kubeconfig/.test(e.message));
    const bad = file('bad/config', 'clusters: [oops');
    assert.throws(() => loadKubeconfig({ kubeconfig: bad }), /bad\/config is not valid YAML/);
    const notList = file('bad/config2', 'clusters: {a: 1}');
    assert.throws(() => loadKubeconfig({ kubeconfig: notList }), /clusters must be a list/);
    const noName = file('bad/config3', 'users: [{user: {token: x}}]');
    assert.throws(() => loadKubeconfig({ kubeconfig: noName }), /users\[0\] has no name/);
    const noServer = file('bad/config4', 'clusters: [{name: c, cluster: {}}]\ncontexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x');
    assert.throws(() => selectContext(loadKubeconfig({ kubeconfig: noServer })), /cluster "c" .* has no server URL/);
    const badServer = file('bad/config5', 'clusters: [{name: c, cluster: {server: "ftp://x"}}]\ncontexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x');
    assert.throws(() => selectContext(loadKubeconfig({ kubeconfig: badServer })), /not an http\(s\) URL/);
    const empty = file('bad/empty', '');
    assert.throws(() => selectContext(loadKubeconfig({ kubeconfig: empty })), (e: unknown) => e instanceof NoContextError && /defines no contexts/.test(e.message));
    assert.throws(() => loadKubeconfig({ env: { KUBECONFIG: join(dir, 'none1') + delimiter + join(dir, 'none2') }, serviceAccountDir: join(dir, 'no-sa') }), /No kubeconfig found: KUBECONFIG .* names no existing file/);
  });

  test('without KUBECONFIG: ~/.kube/config, else the in-cluster service account', () => {
    const home = join(dir, 'home');
    file('home/.kube/config', 'current-context: h\ncontexts: [{name: h, context: {cluster: c}}]\nclusters: [{name: c, cluster: {server: "https://home.example"}}]');
    assert.deepEqual(kubeconfigFiles({ env: {}, home }), [join(home, '.kube', 'config')]);
    assert.equal(selectContext(loadKubeconfig({ env: {}, home })).server, 'https://home.example');

    const sa = join(dir, 'sa');
    file('sa/token', 'eyJ...');
    file('sa/ca.crt', 'PEM');
    file('sa/namespace', 'ai\n');
    const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const cfg = loadKubeconfig({ env, home: join(dir, 'nohome'), serviceAccountDir: sa });
    assert.equal(cfg.inCluster, true);
    const s = selectContext(cfg);
    assert.deepEqual([s.context, s.server, s.namespace], ['in-cluster', 'https://10.0.0.1:443', 'ai']);
    assert.equal(cfg.users[0].value['token-file'], join(sa, 'token'));
    assert.equal(cfg.clusters[0].value['certificate-authority'], join(sa, 'ca.crt'));
    const v6 = loadKubeconfig({ env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, home: join(dir, 'nohome'), serviceAccountDir: sa });
    assert.equal(selectContext(v6).server, 'https://[fd00::1]:443');
    assert.throws(() => loadKubeconfig({ env: {}, home: join(dir, 'nohome'), serviceAccountDir: sa }), /does not exist and this is not a pod/);
  });
});
