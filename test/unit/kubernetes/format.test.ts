import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeDeployment } from '../../../src/kubernetes/describe';
import { objectDiff, unifiedDiff } from '../../../src/kubernetes/diff';
import { isProtectedContext, protectingPattern } from '../../../src/kubernetes/protectedContexts';
import { escapeTerminal, renderTable, type ServerTable } from '../../../src/kubernetes/table';
import { DESCRIBE_TABWRITER, tabwrite, TABLE_TABWRITER } from '../../../src/kubernetes/tabwriter';
import { humanDuration } from '../../../src/kubernetes/time';
import { toKubectlJson, toYaml } from '../../../src/kubernetes/yaml';

/** Applies a unified diff to `a` (to check that the diff says exactly how to get from a to b). */
function applyUnified(a: string[], diff: string): string[] {
  if (!diff) return a;
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: string[] = [];
  let at = 0;
  for (let i = 2; i < lines.length; i++) {
    const h = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(lines[i]);
    assert.ok(h, `hunk header expected: ${lines[i]}`);
    const len = h[2] === undefined ? 1 : Number(h[2]);
    const start = len === 0 ? Number(h[1]) : Number(h[1]) - 1;
    while (at < start) out.push(a[at++]);
    for (i++; i < lines.length && !lines[i].startsWith('@@'); i++) {
      const op = lines[i][0];
      const text = lines[i].slice(1);
      if (op === ' ') {
        assert.equal(a[at], text, 'context line matches');
        out.push(a[at++]);
      } else if (op === '-') {
        assert.equal(a[at], text, 'removed line matches');
        at++;
      } else {
        out.push(text);
      }
    }
    i--;
  }
  while (at < a.length) out.push(a[at++]);
  return out;
}

describe('diff of the live object and the dry-run result', () => {
  test('readable YAML hunks; managedFields, resourceVersion and generation left out', () => {
    const before = { kind: 'ConfigMap', metadata: { name: 'q', resourceVersion: '1', generation: 1, managedFields: [{ manager: 'x' }] }, data: { a: '1', b: '2', c: '3', d: '4', e: '5' } };
    const after = { ...before, metadata: { ...before.metadata, resourceVersion: '2', generation: 2, managedFields: [{ manager: 'y' }] }, data: { ...before.data, c: '30' } };
    assert.equal(objectDiff(before, after, { from: 'live', to: 'after' }), [
      '--- live',
      '+++ after',
      '@@ -1,7 +1,7 @@',
      ' data:',
      '   a: "1"',
      '   b: "2"',
      '-  c: "3"',
      '+  c: "30"',
      '   d: "4"',
      '   e: "5"',
      ' kind: ConfigMap',
      '',
    ].join('\n'));
    assert.equal(objectDiff(before, { ...before, metadata: { ...before.metadata, resourceVersion: '9' } }), '', 'only noise changed');
  });

  test('property: applying the diff to the first text gives the second', () => {
    const line = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'spec:', '  replicas: 2', '');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.array(line, { maxLength: 40 }), fc.integer({ min: 0, max: 4 }), (a, b, context) => {
        const d = unifiedDiff(a, b, { context });
        if (a.join('\n') === b.join('\n') && a.length === b.length) assert.equal(d, '');
        assert.deepEqual(applyUnified(a, d), b);
      }),
      { numRuns: 400 },
    );
  });
});

describe('kubectl-like text', () => {
  const table: ServerTable = {
    kind: 'Table',
    columnDefinitions: [
      { name: 'Name', format: 'name', priority: 0 },
      { name: 'Ready', priority: 0 },
      { name: 'Status', priority: 0 },
      { name: 'Restarts', priority: 0 },
      { name: 'Age', priority: 0 },
      { name: 'IP', priority: 1 },
      { name: 'Nominated Node', priority: 1 },
    ],
    rows: [
      { cells: ['llm-inference-cd85989bf-tzfjv', '2/2', 'Running', 0, '12m', '10.0.1.3', null], object: { metadata: { name: 'llm-inference-cd85989bf-tzfjv', namespace: 'ai' } } },
      { cells: ['x', '0/1', 'Pending', 3, '5s', '', null], object: { metadata: { name: 'x', namespace: 'kube-system' } } },
    ],
  };

  test('server Tables print as kubectl prints them', () => {
    assert.equal(renderTable(table), [
      'NAME                            READY   STATUS    RESTARTS   AGE',
      'llm-inference-cd85989bf-tzfjv   2/2     Running   0          12m',
      'x                               0/1     Pending   3          5s',
      '',
    ].join('\n'));
    assert.equal(renderTable(table, { wide: true, withNamespace: true }), [
      'NAMESPACE     NAME                            READY   STATUS    RESTARTS   AGE   IP         NOMINATED NODE',
      'ai            llm-inference-cd85989bf-tzfjv   2/2     Running   0          12m   10.0.1.3   <none>',
      'kube-system   x                               0/1     Pending   3          5s               <none>',
      '',
    ].join('\n'));
    assert.match(renderTable(table, { kindPrefix: 'pod/' }), /^NAME +READY[^\n]*\npod\/llm-inference/);
  });

  test('control characters in cells are shown, not obeyed', () => {
    assert.equal(escapeTerminal('a\x1b[31mred\r\x07'), 'a^[[31mred^M^G');
  });

  test('tabwriter: column blocks as Go aligns them', () => {
    assert.equal(tabwrite('REVISION\tCHANGE-CAUSE\n1\t<none>\n10\tbump image\n', DESCRIBE_TABWRITER), 'REVISION  CHANGE-CAUSE\n1         <none>\n10        bump image\n');
    // A line without a cell in column 0 ends the block: the lines after it align on their own.
    assert.equal(tabwrite('a:\tx\nlonger:\ty\nno tabs\nb:\tz\n', DESCRIBE_TABWRITER), 'a:       x\nlonger:  y\nno tabs\nb:  z\n');
    assert.equal(tabwrite('A\tB\n\tq\n', TABLE_TABWRITER), 'A     B\n      q\n', 'minimum width 6');
    assert.equal(tabwrite('ümlaut\tx\nab\ty\n', DESCRIBE_TABWRITER), 'ümlaut  x\nab      y\n', 'widths count characters, not bytes');
  });

  test('describe deployment reads like kubectl describe', () => {
    const text = describeDeployment({
      deployment: {
        metadata: { name: 'web', namespace: 'shop', creationTimestamp: '2024-05-01T10:00:00Z', labels: { app: 'web' }, annotations: { 'deployment.kubernetes.io/revision': '2' } },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1.2', ports: [{ containerPort: 8080, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }] }] } },
        },
        status: { replicas: 2, updatedReplicas: 2, availableReplicas: 2, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }] },
      },
      oldReplicaSets: [],
      newReplicaSet: { metadata: { name: 'web-abc' }, spec: { replicas: 2 }, status: { replicas: 2 } },
      events: [],
    });
    assert.match(text, /^Name: {19}web\nNamespace: {14}shop\nCreationTimestamp: {6}\w{3}, 01 May 2024 \d\d:\d\d:00 [+-]\d{4}\nLabels: {17}app=web\nAnnotations: {12}deployment.kubernetes.io\/revision: 2\nSelector: {15}app=web\nReplicas: {15}2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable\nStrategyType: {11}RollingUpdate\nMinReadySeconds: {8}0\nRollingUpdateStrategy: {2}25% max unavailable, 25% max surge\nPod Template:\n {2}Labels: {2}app=web\n {2}Containers:\n {3}web:\n {4}Image: {6}web:1.2\n {4}Port: {7}8080\/TCP\n {4}Host Port: {2}0\/TCP\n {4}Environment:\n {6}A: {11}1\n {4}Mounts: {8}<none>\n {2}Volumes: {9}<none>\n {2}Node-Selectors: {2}<none>\n {2}Tolerations: {5}<none>\nConditions:\n {2}Type {11}Status {2}Reason\n {2}---- {11}------ {2}------\n {2}Available {6}True {4}MinimumReplicasAvailable\nOldReplicaSets: {2}<none>\nNewReplicaSet: {3}web-abc \(2\/2 replicas created\)\nEvents: {10}<none>\n$/);
  });

  test('YAML and JSON as kubectl -o yaml / -o json print them', () => {
    assert.equal(toYaml({ metadata: { name: 'x', annotations: { rev: '2', on: 'yes', t: '2024-05-01T10:00:00Z' } }, kind: 'ConfigMap', items: [{ b: 1, a: 2 }] }), [
      'items:',
      '- a: 2',
      '  b: 1',
      'kind: ConfigMap',
      'metadata:',
      '  annotations:',
      '    "on": "yes"',
      '    rev: "2"',
      '    t: "2024-05-01T10:00:00Z"',
      '  name: x',
      '',
    ].join('\n'));
    assert.equal(toKubectlJson({ a: [1] }), '{\n    "a": [\n        1\n    ]\n}\n');
  });

  test('ages as apimachinery HumanDuration', () => {
    const s = 1000;
    const cases: Array<[number, string]> = [[-5 * s, '<invalid>'], [-1 * s, '0s'], [59 * s, '59s'], [119 * s, '119s'], [125 * s, '2m5s'], [600 * s, '10m'], [3 * 3600 * s, '3h'], [(3 * 3600 + 60) * s, '3h1m'], [9 * 3600 * s, '9h'], [50 * 3600 * s, '2d2h'], [10 * 86400 * s, '10d'], [800 * 86400 * s, '2y70d'], [3000 * 86400 * s, '8y']];
    for (const [ms, text] of cases) assert.equal(humanDuration(ms), text, String(ms));
  });
});

describe('protected contexts', () => {
  test('glob patterns match the whole name; a bare word matches names containing it; case does not matter', () => {
    assert.ok(isProtectedContext('gke_acme_europe-west1_prod-eu', ['*prod*']));
    assert.ok(isProtectedContext('PROD', ['prod']));
    assert.ok(isProtectedContext('eks-production', ['prod']));
    assert.ok(isProtectedContext('arn:aws:eks:us-east-1:1:cluster/payments', ['arn:aws:eks:*:cluster/pay*']));
    assert.ok(!isProtectedContext('staging', ['*prod*', 'live-?']));
    assert.ok(isProtectedContext('live-1', ['live-?']));
    assert.ok(!isProtectedContext('live-10', ['live-?']));
    assert.ok(!isProtectedContext('kind-dev', []));
    assert.ok(!isProtectedContext('a.b', ['a?b.c']), 'dots are literal');
    assert.equal(protectingPattern('eks-prod', ['  ', 'dev', 'Prod']), 'Prod');
  });
});
