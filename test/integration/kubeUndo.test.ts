/**
 * Case 2 of the issue on a real control plane: deployment web at revision 4 owns ReplicaSets of revisions 4
 * (web:1.3) and 2 (web:1.2) — revision 3 is gone — and a ReplicaSet of revision 9 with web's labels belongs to
 * another deployment. The ReplicaSets are created directly with ownerReferences to the deployments' UIDs, while the
 * deployments are paused so the controller makes none of its own. What goes on the wire is observed through a
 * recording proxy, and the real kubectl is asked the same questions.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { kubeClusterSkipReason, startKubeCluster, type KubeCluster } from '../support/kubeCluster';
import { removeDir, tempDir } from '../support/process';
import { eventually, kubectl, kubectlOk, sessionFor, startRecordingProxy, type RecordingProxy } from './kubeSupport';
import { KubectlRefusedError } from '../../src/kubernetes/errors';
import type { KubeSession } from '../../src/kubernetes/kubeconfig';
import { closeSession, executeKubectl } from '../../src/kubernetes/run';
import { shellWords } from '../../src/notebooks/shellWords';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const skip = kubeClusterSkipReason();
const NS = 'undo';

function podTemplate(labels: Record<string, string>, image: string): Obj {
  return { metadata: { labels }, spec: { containers: [{ name: 'web', image }, { name: 'sidecar', image: 'registry.local/envoy:1.30' }] } };
}

function deployment(name: string, selector: Record<string, string>, image: string): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: { paused: true, replicas: 0, selector: { matchLabels: selector }, template: podTemplate(selector, image) },
  };
}

function replicaSet(name: string, owner: Obj, revision: number, labels: Record<string, string>, image: string): Obj {
  const hash = `h${revision}`;
  const withHash = { ...labels, 'pod-template-hash': hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: NS,
      labels: withHash,
      annotations: { 'deployment.kubernetes.io/revision': String(revision), 'kubernetes.io/change-cause': `${image}` },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: 0, selector: { matchLabels: withHash }, template: podTemplate(withHash, image) },
  };
}

describe('case 2: rollout undo follows kubectl’s rollback on a real control plane', { skip }, () => {
  let cluster: KubeCluster;
  let proxy: RecordingProxy;
  let dir: string;
  let s: KubeSession;
  const K = (args: string[], input?: string) => kubectlOk(cluster.kubeconfig, args, input);
  const get = async (kind: string, name: string): Promise<Obj> => JSON.parse(await K(['-n', NS, 'get', kind, name, '-o', 'json']));

  before(async () => {
    cluster = await startKubeCluster({ seed: false, nodes: 1 });
    dir = tempDir('kube-undo');
    proxy = await startRecordingProxy(cluster.kubeconfig, dir);
    s = sessionFor(proxy.kubeconfig, NS);
    await K(['create', 'namespace', NS]);
    const docs = [
      deployment('web', { app: 'web' }, 'registry.local/web:1.3'),
      deployment('other', { app: 'web', owner: 'other' }, 'registry.local/web:0.9'),
      deployment('solo', { app: 'solo' }, 'registry.local/solo:2.0'),
      deployment('other-solo', { app: 'solo', owner: 'other' }, 'registry.local/solo:1.0'),
    ];
    await K(['apply', '-f', '-'], docs.map((d) => stringify(d)).join('---\n'));
    const web = await get('deploy', 'web');
    const other = await get('deploy', 'other');
    const solo = await get('deploy', 'solo');
    const otherSolo = await get('deploy', 'other-solo');
    const sets = [
      replicaSet('web-rev4', web, 4, { app: 'web' }, 'registry.local/web:1.3'),
      replicaSet('web-rev2', web, 2, { app: 'web' }, 'registry.local/web:1.2'),
      // Another deployment's ReplicaSet that web's selector (app=web) also lists.
      replicaSet('other-rev9', other, 9, { app: 'web', owner: 'other' }, 'registry.local/web:0.9'),
      replicaSet('solo-rev4', solo, 4, { app: 'solo' }, 'registry.local/solo:2.0'),
      // (Each foreign ReplicaSet matches its own deployment's selector, or that controller would let it go and the
      // next one would adopt it.)
      replicaSet('stranger-rev9', otherSolo, 9, { app: 'solo', owner: 'other' }, 'registry.local/solo:1.0'),
    ];
    await K(['create', '-f', '-'], sets.map((x) => stringify(x)).join('---\n'));
  });

  after(async () => {
    closeSession(s);
    await proxy?.stop();
    await cluster?.stop();
    if (dir) removeDir(dir);
  });

  test('a paused deployment fails (as kubectl fails) and no PATCH is sent', async () => {
    proxy.clear();
    const k = await kubectl(proxy.kubeconfig, ['-n', NS, 'rollout', 'undo', 'deployment/web']);
    assert.notEqual(k.code, 0);
    await assert.rejects(executeKubectl(shellWords('rollout undo deployment/web'), s, { dryRun: true }), (e: unknown) => {
      assert.ok(e instanceof KubectlRefusedError && e.reason === 'paused');
      assert.equal(`error: ${e.message}`, k.stderr.trim());
      return true;
    });
    assert.deepEqual(proxy.patches(), [], 'neither kubectl nor we sent a PATCH');
  });

  test('undo restores revision 2 (web:1.2) without pod-template-hash, ignoring the other deployment’s revision 9', async () => {
    await K(['-n', NS, 'rollout', 'resume', 'deployment/web']);
    await eventually('web at revision 4', async () => ((await get('deploy', 'web')).metadata.annotations?.['deployment.kubernetes.io/revision'] === '4' ? true : undefined));
    const history = await executeKubectl(shellWords('rollout history deployment/web'), s);
    assert.equal(history.text, await K(['-n', NS, 'rollout', 'history', 'deployment/web']));
    assert.match(history.text, /^deployment.apps\/web \nREVISION {2}CHANGE-CAUSE\n2 {9}registry.local\/web:1.2\n4 {9}registry.local\/web:1.3\n\n$/);

    proxy.clear();
    const preview = await executeKubectl(shellWords('rollout undo deployment/web'), s, { dryRun: true });
    assert.match(preview.diff ?? '', /- {6}- image: registry.local\/web:1.3\n\+ {6}- image: registry.local\/web:1.2\n/);
    const done = await executeKubectl(shellWords('rollout undo deployment/web'), s, { confirmed: preview });
    assert.equal(done.text, 'deployment.apps/web rolled back\n');

    const patches = proxy.patches('oncall');
    assert.equal(patches.length, 2, 'the dry run and the change');
    for (const p of patches) {
      assert.equal(p.contentType, 'application/json-patch+json');
      const body = JSON.parse(p.body) as Obj[];
      assert.deepEqual(body.map((o) => [o.op, o.path]), [['replace', '/spec/template'], ['replace', '/metadata/annotations']]);
      assert.deepEqual(body[0].value.metadata.labels, { app: 'web' }, 'no pod-template-hash in the patch');
      assert.equal(body[0].value.spec.containers[0].image, 'registry.local/web:1.2');
      assert.equal(body[1].value['kubernetes.io/change-cause'], 'registry.local/web:1.2', 'the ReplicaSet’s own annotations come along');
      assert.equal(body[1].value['deployment.kubernetes.io/revision'], '4', 'the deployment keeps its revision bookkeeping');
    }
    const web = await get('deploy', 'web');
    assert.equal(web.spec.template.spec.containers[0].image, 'registry.local/web:1.2');
    assert.deepEqual(web.spec.template.metadata.labels, { app: 'web' });
    assert.equal(web.spec.template.spec.containers[1].name, 'sidecar');
    // The controller adopts web-rev2 as the new ReplicaSet and gives it the next revision; other-rev9 stays other's.
    await eventually('web-rev2 becomes revision 5', async () => ((await get('rs', 'web-rev2')).metadata.annotations['deployment.kubernetes.io/revision'] === '5' ? true : undefined));
    assert.equal((await get('rs', 'other-rev9')).metadata.ownerReferences[0].name, 'other');
    const again = await executeKubectl(shellWords('rollout undo deployment/web --to-revision=5'), s, { dryRun: true });
    assert.equal(again.text, 'deployment.apps/web skipped rollback (current template already matches revision 5)\n');
    assert.equal(again.changes?.[0].sent, false);
  });

  test('--to-revision of a missing revision (3) or another deployment’s (9) is refused like kubectl', async () => {
    for (const r of [3, 9]) {
      proxy.clear();
      const k = await kubectl(proxy.kubeconfig, ['-n', NS, 'rollout', 'undo', 'deployment/web', `--to-revision=${r}`]);
      await assert.rejects(executeKubectl(shellWords(`rollout undo deployment/web --to-revision=${r}`), s), (e: unknown) => {
        assert.ok(e instanceof KubectlRefusedError && e.reason === 'revision-not-found');
        assert.equal(`error: ${e.message}`, k.stderr.trim());
        return true;
      });
      assert.deepEqual(proxy.patches(), []);
    }
  });

  test('only revision 4 present: "no rollout history found", and no PATCH is sent', async () => {
    await K(['-n', NS, 'rollout', 'resume', 'deployment/solo']);
    await eventually('solo at revision 4', async () => ((await get('deploy', 'solo')).metadata.annotations?.['deployment.kubernetes.io/revision'] === '4' ? true : undefined));
    proxy.clear();
    const k = await kubectl(proxy.kubeconfig, ['-n', NS, 'rollout', 'undo', 'deployment/solo']);
    assert.equal(k.stderr.trim(), 'error: no rollout history found for deployment "solo"');
    for (const opts of [{ dryRun: true }, {}]) {
      await assert.rejects(executeKubectl(shellWords('rollout undo deployment/solo'), s, opts), (e: unknown) => {
        assert.ok(e instanceof KubectlRefusedError && e.reason === 'no-history');
        assert.equal(e.message, 'no rollout history found for deployment "solo"');
        return true;
      });
    }
    assert.deepEqual(proxy.patches(), [], 'no PATCH from kubectl or from us');
  });
});
