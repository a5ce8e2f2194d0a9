import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTENT_TYPE, planMetadata, planRestart, planSetEnv, selectString, updateEnv } from '../../../src/kubernetes/changes';
import { KubectlRefusedError } from '../../../src/kubernetes/errors';
import { createMergePatch, createStrategicMergePatch, revertOps } from '../../../src/kubernetes/patches';
import { rfc3339 } from '../../../src/kubernetes/time';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function web(extra: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', annotations: { 'deployment.kubernetes.io/revision': '3' }, labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          initContainers: [{ name: 'migrate', image: 'web-migrate:1' }],
          containers: [
            { name: 'web', image: 'web:1.3', env: [{ name: 'A', value: '1' }, { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] },
            { name: 'sidecar', image: 'envoy:1.30', ports: [{ containerPort: 9901 }] },
          ],
        },
      },
      ...extra,
    },
  };
}

describe('rollout restart', () => {
  test('sets only the restartedAt annotation of the pod template, as a strategic merge patch', () => {
    const now = new Date(Date.UTC(2024, 4, 1, 10, 0, 0));
    const p = planRestart(web(), now);
    assert.equal(p.contentType, 'application/strategic-merge-patch+json');
    assert.deepEqual(p.patch, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': rfc3339(now) } } } } });
    assert.deepEqual(createStrategicMergePatch(web(), p.modified), p.patch, 'nothing else differs');
  });

  test('refuses a paused deployment', () => {
    assert.throws(() => planRestart(web({ paused: true }), new Date()), (e: unknown) => e instanceof KubectlRefusedError && e.reason === 'paused' && e.message === 'deployments.apps "web" can\'t restart paused deployment (run rollout resume first)');
  });

  test('a second restart within the same second has nothing to patch', () => {
    const now = new Date();
    const first = planRestart(web(), now).modified;
    assert.throws(() => planRestart(first, now), /if restart has already been triggered within the past second/);
  });

  test('restartedAt is RFC 3339 in local time, as Go prints it', () => {
    assert.match(rfc3339(new Date()), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
  });
});

describe('set env', () => {
  test('every container (and init container) by default; the patch merges lists by name with $setElementOrder', () => {
    const p = planSetEnv(web(), { containers: '*', set: [{ name: 'FEATURE_X', value: 'off' }], remove: [], overwrite: true });
    assert.equal(p.contentType, CONTENT_TYPE.strategic);
    assert.ok(p.send);
    assert.deepEqual(p.patch, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            '$setElementOrder/initContainers': [{ name: 'migrate' }],
            containers: [
              { '$setElementOrder/env': [{ name: 'A' }, { name: 'FROM_CM' }, { name: 'FEATURE_X' }], env: [{ name: 'FEATURE_X', value: 'off' }], name: 'web' },
              { env: [{ name: 'FEATURE_X', value: 'off' }], name: 'sidecar' },
            ],
            initContainers: [{ env: [{ name: 'FEATURE_X', value: 'off' }], name: 'migrate' }],
          },
        },
      },
    });
    const sidecar = p.modified.spec.template.spec.containers[1];
    assert.equal(sidecar.image, 'envoy:1.30');
    assert.deepEqual(sidecar.ports, [{ containerPort: 9901 }]);
  });

  test('-c picks containers (globs as kubectl); a replaced valueFrom becomes null; KEY- deletes with a directive', () => {
    const p = planSetEnv(web(), { containers: 'w*', set: [{ name: 'FROM_CM', value: 'literal' }], remove: ['A'], overwrite: true });
    assert.deepEqual(p.patch, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [
              {
                '$setElementOrder/env': [{ name: 'FROM_CM' }],
                env: [{ name: 'FROM_CM', value: 'literal', valueFrom: null }, { $patch: 'delete', name: 'A' }],
                name: 'web',
              },
            ],
          },
        },
      },
    });
    assert.equal(p.modified.spec.template.spec.containers[1].env, undefined, 'the sidecar is untouched');
  });

  test('removing the last variable drops env; nothing to change sends nothing; no matching container warns', () => {
    const one = web();
    one.spec.template.spec.containers[0].env = [{ name: 'A', value: '1' }];
    const p = planSetEnv(one, { containers: 'web', set: [], remove: ['A'], overwrite: true });
    assert.deepEqual(p.patch, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }], containers: [{ env: null, name: 'web' }] } } } });
    const same = planSetEnv(web(), { containers: 'web', set: [{ name: 'A', value: '1' }], remove: [], overwrite: true });
    assert.equal(same.send, false);
    assert.deepEqual(same.patch, {});
    const none = planSetEnv(web(), { containers: 'nope', set: [{ name: 'A', value: '2' }], remove: [], overwrite: true });
    assert.equal(none.send, false);
    assert.deepEqual(none.warnings, ['Deployment/web does not have any containers matching "nope"']);
  });

  test('--overwrite=false refuses to change an existing value', () => {
    assert.throws(() => planSetEnv(web(), { containers: '*', set: [{ name: 'A', value: '2' }], remove: [], overwrite: false }), /'A' already has a value \(1\), and --overwrite is false/);
  });

  test('updateEnv and selectString follow kubectl', () => {
    assert.deepEqual(updateEnv([{ name: 'A', value: '1' }, { name: 'B', value: '2' }], [{ name: 'B', value: '3' }, { name: 'C', value: '' }, { name: 'B', value: '4' }], ['A']), [{ name: 'B', value: '3' }, { name: 'C' }]);
    assert.ok(selectString('web', '*'));
    assert.ok(selectString('web-api', 'web*'));
    assert.ok(selectString('my-web', '*web'));
    assert.ok(!selectString('web-api', 'api*'));
    assert.ok(!selectString('web', 'we'));
  });
});

describe('annotate and label', () => {
  test('annotate: a merge patch with an object body; removal is null', () => {
    const p = planMetadata(web(), { verb: 'annotate', set: [['oncall/ack', 'INC-123']], remove: [], overwrite: false });
    assert.equal(p.contentType, 'application/merge-patch+json');
    assert.deepEqual(p.patch, { metadata: { annotations: { 'oncall/ack': 'INC-123' } } });
    const r = planMetadata(web(), { verb: 'annotate', set: [], remove: ['deployment.kubernetes.io/revision'], overwrite: false });
    assert.deepEqual(r.patch, { metadata: { annotations: null } }, 'the last annotation gone: the map is dropped, as Go omits an empty map');
    const unchanged = planMetadata(web(), { verb: 'annotate', set: [['deployment.kubernetes.io/revision', '3']], remove: [], overwrite: false });
    assert.deepEqual(unchanged.patch, {});
    assert.equal(unchanged.send, true, 'kubectl annotate sends even an empty patch');
  });

  test('annotate refuses to overwrite without --overwrite (but always allows change-cause)', () => {
    assert.throws(() => planMetadata(web(), { verb: 'annotate', set: [['deployment.kubernetes.io/revision', '9']], remove: [], overwrite: false }), /--overwrite is false but found the following declared annotation\(s\): 'deployment.kubernetes.io\/revision' already has a value \(3\)/);
    const cc = web();
    cc.metadata.annotations['kubernetes.io/change-cause'] = 'old';
    assert.doesNotThrow(() => planMetadata(cc, { verb: 'annotate', set: [['kubernetes.io/change-cause', 'new']], remove: [], overwrite: false }));
  });

  test('label: messages and sending as kubectl', () => {
    assert.equal(planMetadata(web(), { verb: 'label', set: [['tier', 'edge']], remove: [], overwrite: false }).message, 'labeled');
    const same = planMetadata(web(), { verb: 'label', set: [['app', 'web']], remove: [], overwrite: false });
    assert.equal(same.message, 'not labeled');
    assert.equal(same.send, false);
    const gone = planMetadata(web(), { verb: 'label', set: [], remove: ['nope'], overwrite: false });
    assert.deepEqual(gone.warnings, ['label "nope" not found.']);
    assert.equal(planMetadata(web(), { verb: 'label', set: [['tier', 'x']], remove: ['app'], overwrite: false }).message, 'modified');
    assert.throws(() => planMetadata(web(), { verb: 'label', set: [['app', 'other']], remove: [], overwrite: false }), /'app' already has a value \(web\), and --overwrite is false/);
  });
});

describe('patch computations', () => {
  test('merge patch (RFC 7386) between two objects', () => {
    assert.deepEqual(createMergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { a: 1, b: { c: 5 }, e: [1, 2], f: null }), { b: { c: 5, d: null }, e: [1, 2], f: null });
  });

  test('revert ops test what the change wrote, then restore what was there', () => {
    const before = { metadata: { annotations: { keep: 'x' } }, spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'A', value: '1' }] }] } } } };
    const after = { metadata: { annotations: { keep: 'x', 'oncall/ack': 'INC-1' } }, spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] } } } };
    assert.deepEqual(revertOps(before, after, [['metadata', 'annotations'], ['spec']]), [
      { op: 'test', path: '/metadata/annotations/oncall~1ack', value: 'INC-1' },
      { op: 'test', path: '/spec/template/spec/containers/0/env', value: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
      { op: 'remove', path: '/metadata/annotations/oncall~1ack' },
      { op: 'replace', path: '/spec/template/spec/containers/0/env', value: [{ name: 'A', value: '1' }] },
    ]);
    assert.deepEqual(revertOps({ metadata: { labels: { a: '1' } } }, { metadata: {} }, [['metadata', 'labels']]), [{ op: 'add', path: '/metadata/labels', value: { a: '1' } }]);
    assert.deepEqual(revertOps({ spec: { replicas: 2 } }, { spec: { replicas: 5 } }, [['spec']]), [
      { op: 'test', path: '/spec/replicas', value: 5 },
      { op: 'replace', path: '/spec/replicas', value: 2 },
    ]);
    assert.deepEqual(revertOps(before, before, [['spec']]), []);
  });
});
