import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KubectlRefusedError } from '../../../src/kubernetes/errors';
import { deploymentReplicaSets, equalIgnoreHash, planRollback, revisionOf, semanticEqual } from '../../../src/kubernetes/rollback';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const WEB_UID = '7d3c-web';
const OTHER_UID = '9e1f-other';

function template(image: string, hash?: string): Obj {
  return {
    metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } },
    spec: {
      containers: [
        { name: 'web', image, resources: {}, imagePullPolicy: 'IfNotPresent' },
        { name: 'sidecar', image: 'envoy:1.30', resources: {} },
      ],
      restartPolicy: 'Always',
    },
  };
}

function deployment(image: string, extra: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: WEB_UID,
      annotations: {
        'deployment.kubernetes.io/revision': '4',
        'kubernetes.io/change-cause': 'web 1.3',
        'kubectl.kubernetes.io/last-applied-configuration': '{"kept":"from the deployment"}',
      },
    },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template(image), ...extra },
  };
}

function rs(name: string, revision: string, image: string, owner: string, created: string, annotations: Obj = {}): Obj {
  return {
    metadata: {
      name,
      namespace: 'shop',
      creationTimestamp: created,
      annotations: { 'deployment.kubernetes.io/revision': revision, ...annotations },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: owner === WEB_UID ? 'web' : 'other', uid: owner, controller: true }],
    },
    spec: { replicas: 0, template: template(image, `h${revision}`) },
  };
}

// Case 2 of the issue: web at revision 4 owns ReplicaSets of revisions 4 (web:1.3) and 2 (web:1.2); revision 3 is
// gone; a ReplicaSet of revision 9 (web:0.9) has matching labels but belongs to another deployment.
const rev4 = rs('web-h4', '4', 'web:1.3', WEB_UID, '2024-05-01T10:04:00Z', { 'kubernetes.io/change-cause': 'web 1.3' });
const rev2 = rs('web-h2', '2', 'web:1.2', WEB_UID, '2024-05-01T10:02:00Z', { 'kubernetes.io/change-cause': 'web 1.2', 'deployment.kubernetes.io/desired-replicas': '7' });
const other9 = rs('other-h9', '9', 'web:0.9', OTHER_UID, '2024-05-01T10:09:00Z');

describe('rollout undo (rollback.go) on plain objects', () => {
  test('restores revision 2 (web:1.2) without the pod-template-hash label, ignoring the other deployment’s revision 9', () => {
    const plan = planRollback(deployment('web:1.3'), [other9, rev4, rev2], 0);
    assert.equal(plan.kind, 'patch');
    if (plan.kind !== 'patch') return;
    assert.equal(plan.target.metadata.name, 'web-h2');
    assert.equal(plan.revision, 2);
    assert.deepEqual(plan.patch.map((o) => [o.op, o.path]), [['replace', '/spec/template'], ['replace', '/metadata/annotations']]);
    const restored = plan.patch[0].value as Obj;
    assert.equal(restored.spec.containers[0].image, 'web:1.2');
    assert.deepEqual(restored.metadata.labels, { app: 'web' }, 'pod-template-hash is removed');
    assert.equal(restored.spec.containers[1].name, 'sidecar', 'the whole template comes back, sidecar included');
    // Annotations: the deployment's bookkeeping ones are kept, the ReplicaSet's others copied, its skipped ones not.
    assert.deepEqual(plan.patch[1].value, {
      'deployment.kubernetes.io/revision': '4',
      'kubectl.kubernetes.io/last-applied-configuration': '{"kept":"from the deployment"}',
      'kubernetes.io/change-cause': 'web 1.2',
    });
  });

  test('--to-revision picks that revision; a missing one (3 is gone, 9 is not ours) is an error', () => {
    const d = deployment('web:1.3');
    const p = planRollback(d, [other9, rev4, rev2], 2);
    assert.ok(p.kind === 'patch' && p.target.metadata.name === 'web-h2');
    for (const missing of [3, 9]) {
      assert.throws(() => planRollback(d, [other9, rev4, rev2], missing), (e: unknown) => e instanceof KubectlRefusedError && e.reason === 'revision-not-found' && e.message === `unable to find specified revision ${missing} in history`);
    }
  });

  test('only revision 4 present: "no rollout history found" (the other deployment’s ReplicaSet does not count)', () => {
    assert.throws(() => planRollback(deployment('web:1.3'), [rev4, other9], 0), (e: unknown) => e instanceof KubectlRefusedError && e.reason === 'no-history' && e.message === 'no rollout history found for deployment "web"');
  });

  test('a paused deployment is refused (after the history lookup, as kubectl orders it)', () => {
    assert.throws(() => planRollback(deployment('web:1.3', { paused: true }), [rev4, rev2], 0), (e: unknown) => e instanceof KubectlRefusedError && e.reason === 'paused' && /you cannot rollback a paused deployment; resume it first/.test(e.message));
    assert.throws(() => planRollback(deployment('web:1.3', { paused: true }), [rev4], 0), (e: unknown) => e instanceof KubectlRefusedError && e.reason === 'no-history');
  });

  test('skipped when the target template already matches the deployment (ignoring pod-template-hash)', () => {
    const p = planRollback(deployment('web:1.3'), [rev4, rev2], 4);
    assert.equal(p.kind, 'skip');
    assert.ok(p.kind === 'skip' && p.message === 'skipped rollback (current template already matches revision 4)');
  });

  test('ReplicaSets are the deployment’s by controller UID; the new one is the first (oldest) whose template matches', () => {
    const notController = structuredClone(rev2);
    notController.metadata.ownerReferences[0].controller = false;
    const { newRS, oldRSs } = deploymentReplicaSets(deployment('web:1.3'), [other9, rev4, notController, rev2]);
    assert.equal(newRS?.metadata.name, 'web-h4');
    assert.deepEqual(oldRSs.map((r) => r.metadata.name), ['web-h2']);
  });

  test('revisions: missing annotation is 0, a non-number is skipped', () => {
    assert.equal(revisionOf({ metadata: {} }), 0);
    assert.equal(revisionOf({ metadata: { annotations: { 'deployment.kubernetes.io/revision': 'x' } } }), undefined);
    const weird = rs('web-hx', 'x', 'web:0.1', WEB_UID, '2024-05-01T10:01:00Z');
    const p = planRollback(deployment('web:1.3'), [rev4, rev2, weird], 0);
    assert.ok(p.kind === 'patch' && p.target.metadata.name === 'web-h2');
  });

  test('semantic equality: empty maps and lists equal missing ones; values do not', () => {
    assert.ok(semanticEqual({ a: {}, b: [], c: null }, {}));
    assert.ok(!semanticEqual({ a: { x: 1 } }, { a: {} }));
    assert.ok(equalIgnoreHash(template('x', 'h1'), template('x', 'h2')));
    assert.ok(!equalIgnoreHash(template('x', 'h1'), template('y', 'h1')));
  });
});
