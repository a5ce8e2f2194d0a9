import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isMutating,
  isMutatingVerb,
  parseKubectlArgs,
  type GetOp,
  type LogsOp,
  type MetadataOp,
  type PatchOp,
  type RolloutStatusOp,
  type RolloutUndoOp,
  type ScaleOp,
  type SetEnvOp,
} from '../../../src/kubernetes/args';
import { KubectlArgsError } from '../../../src/kubernetes/errors';
import { shellWords } from '../../../src/notebooks/shellWords';
import { substitute } from '../../../src/notebooks/parameters';

const parse = (line: string) => parseKubectlArgs(shellWords(line));
const fails = (line: string, message: RegExp) => assert.throws(() => parse(line), (e: unknown) => e instanceof KubectlArgsError && message.test(e.message), line);

describe('kubectl cell language: get', () => {
  test('every resource type and short name', () => {
    const names: Record<string, string> = {
      pods: 'pods', pod: 'pods', po: 'pods', Pods: 'pods',
      deployments: 'deployments', deployment: 'deployments', deploy: 'deployments', 'deployments.apps': 'deployments', 'deploy.apps': 'deployments',
      replicasets: 'replicasets', rs: 'replicasets', configmaps: 'configmaps', cm: 'configmaps', configmap: 'configmaps',
      events: 'events', ev: 'events', event: 'events', nodes: 'nodes', no: 'nodes', node: 'nodes', namespaces: 'namespaces', ns: 'namespaces',
    };
    for (const [word, resource] of Object.entries(names)) {
      const op = parse(`get ${word}`) as GetOp;
      assert.equal(op.verb, 'get');
      assert.equal(op.targets[0].type.resource, resource, word);
      assert.deepEqual(op.targets[0].names, []);
      assert.equal(op.output, 'table');
    }
  });

  test('names, TYPE/NAME, comma lists, flags in any place and spelling', () => {
    let op = parse('get pod web-1 web-2 -n shop') as GetOp;
    assert.deepEqual(op.targets.map((t) => [t.type.resource, t.names]), [['pods', ['web-1', 'web-2']]]);
    assert.equal(op.namespace, 'shop');
    op = parse('kubectl get deploy/web rs/web-abc --namespace=shop -o yaml') as GetOp;
    assert.deepEqual(op.targets.map((t) => [t.type.resource, t.names]), [['deployments', ['web']], ['replicasets', ['web-abc']]]);
    assert.equal(op.output, 'yaml');
    op = parse('get -nshop pods,deploy -owide') as GetOp;
    assert.equal(op.namespace, 'shop');
    assert.deepEqual(op.targets.map((t) => t.type.resource), ['pods', 'deployments']);
    assert.equal(op.output, 'wide');
    op = parse('-n shop get pods -l app=web,tier!=db --field-selector status.phase=Running -o=json') as GetOp;
    assert.equal(op.namespace, 'shop');
    assert.equal(op.labelSelector, 'app=web,tier!=db');
    assert.equal(op.fieldSelector, 'status.phase=Running');
    assert.equal(op.output, 'json');
    op = parse('get pods -A -o name') as GetOp;
    assert.equal(op.allNamespaces, true);
    assert.equal(op.output, 'name');
    op = parse('get pods --all-namespaces=false') as GetOp;
    assert.equal(op.allNamespaces, false);
    op = parse('get nodes -- -n') as GetOp; // after --, words are names even if they look like flags
    assert.deepEqual(op.targets[0].names, ['-n']);
  });

  test('errors kubectl gives, and the output formats cells do not offer', () => {
    fails('get', /You must specify the type of resource to get/);
    fails('get services', /kubectl get services is not supported in runbook cells: the resource types supported here are pods, deployments/);
    fails('get secrets', /secrets are never read into runbook outputs/);
    fails('get pods -o jsonpath={.items}', /-o jsonpath is not supported in runbook cells: use -o wide, -o yaml, -o json or -o name/);
    fails('get pods -o custom-columns=NAME:.metadata.name', /-o custom-columns is not supported/);
    fails('get pods web -l app=web', /name cannot be provided when a selector is specified/);
    fails('get pods web -A', /cannot be retrieved by name across all namespaces/);
    fails('get pods --watch', /unknown flag --watch for kubectl get; supported flags: -n\/--namespace/);
    fails('get pods -w', /unknown shorthand flag 'w' in -w/);
    fails('get pods -n', /flag needs an argument/);
    fails('get pods --context prod', /--context cannot be set in a runbook cell: the context picker/);
    fails('get pods --kubeconfig=/etc/k', /--kubeconfig cannot be set in a runbook cell/);
    fails('get pods --token abc', /--token cannot be set in a runbook cell/);
    fails('get pods -s https://evil', /-s\/--server cannot be set/);
    fails('get pods deploy/web', /no need to specify a resource type as a separate argument/);
    fails('get deploy/', /must have a single resource and name/);
  });
});

describe('kubectl cell language: describe and logs', () => {
  test('describe deployment and pod', () => {
    const op = parse('describe deployment web -n shop');
    assert.equal(op.verb, 'describe');
    if (op.verb !== 'describe') return;
    assert.equal(op.type.resource, 'deployments');
    assert.deepEqual(op.names, ['web']);
    const p = parse('describe po/web-1');
    assert.ok(p.verb === 'describe' && p.type.resource === 'pods' && p.names[0] === 'web-1');
    const sel = parse('describe pods -l app=web');
    assert.ok(sel.verb === 'describe' && sel.labelSelector === 'app=web' && sel.names.length === 0);
    fails('describe configmap x', /kubectl describe configmap is not supported in runbook cells: the resource types supported here are pods, deployments/);
    fails('describe', /You must specify the type of resource to describe/);
  });

  test('logs of a pod, a deployment, a selector, with every flag', () => {
    let op = parse('logs web-1') as LogsOp;
    assert.deepEqual(op.source, { kind: 'pod', name: 'web-1' });
    assert.equal(op.tail, 200, 'the default tail of a cell is 200 lines');
    assert.equal(op.previous, false);
    assert.equal(op.timestamps, false);
    op = parse('logs deploy/llm-inference -c server --tail=50 --since=1h30m --previous --timestamps -n ai') as LogsOp;
    assert.deepEqual(op.source, { kind: 'deployment', name: 'llm-inference' });
    assert.equal(op.container, 'server');
    assert.equal(op.tail, 50);
    assert.equal(op.sinceSeconds, 5400);
    assert.equal(op.previous, true);
    assert.equal(op.timestamps, true);
    op = parse('logs -l app=llm-inference -n ai --tail -1 -p') as LogsOp;
    assert.deepEqual(op.source, { kind: 'selector', selector: 'app=llm-inference' });
    assert.equal(op.tail, -1);
    assert.equal(op.previous, true);
    op = parse('logs pod/web-1 sidecar') as LogsOp;
    assert.deepEqual(op.source, { kind: 'pod', name: 'web-1' });
    assert.equal(op.container, 'sidecar');
    op = parse('logs web-1 --since=500ms') as LogsOp;
    assert.equal(op.sinceSeconds, 1, 'kubectl rounds --since up to whole seconds');
    op = parse('logs web-1 --all-containers --prefix') as LogsOp;
    assert.equal(op.allContainers, true);
    assert.equal(op.prefix, true);
  });

  test('logs errors', () => {
    fails('logs', /kubectl logs needs a pod/);
    fails('logs -f web-1', /kubectl logs -f is not supported in runbook cells: .*use a terminal/);
    fails('logs web-1 --follow', /--follow is not supported in runbook cells/);
    fails('logs web-1 -c a b', /only one of -c or an inline \[CONTAINER\] arg is allowed/);
    fails('logs web-1 --tail=ten', /invalid argument "ten" for --tail: a whole number is expected/);
    fails('logs web-1 --since=10 ', /a duration such as 30s/);
    fails('logs svc/web', /kubectl logs svc\/web is not supported in runbook cells/);
    fails('logs web-1 -l app=web', /only one of -l or a pod name/);
    fails('logs web-1 --all-containers -c x', /--all-containers=true should not be specified with container name/);
  });
});

describe('kubectl cell language: rollout', () => {
  test('status, history, restart, undo', () => {
    const st = parse('rollout status deployment/web -n shop --timeout=2m') as RolloutStatusOp;
    assert.equal(st.verb, 'rollout status');
    assert.equal(st.name, 'web');
    assert.equal(st.timeoutSeconds, 120);
    assert.equal(st.watch, true);
    assert.equal((parse('rollout status deploy web -w=false') as RolloutStatusOp).watch, false);
    const h = parse('rollout history deploy/web --revision=3');
    assert.ok(h.verb === 'rollout history' && h.name === 'web' && h.revision === 3);
    const r = parse('rollout restart deployment/web');
    assert.ok(r.verb === 'rollout restart' && r.name === 'web' && r.dryRun === 'none');
    const u = parse('rollout undo deployment.apps/web --to-revision=2 --dry-run=server') as RolloutUndoOp;
    assert.equal(u.toRevision, 2);
    assert.equal(u.dryRun, 'server');
    assert.equal((parse('rollout undo deploy/web') as RolloutUndoOp).toRevision, 0);
  });

  test('rollout errors', () => {
    fails('rollout', /kubectl rollout needs a subcommand: status, history, restart, undo/);
    fails('rollout pause deploy/web', /kubectl rollout pause is not supported in runbook cells/);
    fails('rollout restart statefulset/db', /kubectl rollout restart statefulset/);
    fails('rollout restart deploy/a deploy/b', /takes one deployment in a runbook cell/);
    fails('rollout restart', /needs a deployment/);
    fails('rollout undo deploy/web --to-revision=-1', /unable to find specified revision -1 in history/);
    fails('rollout restart deploy/web --dry-run', /--dry-run needs a value written --dry-run=VALUE/);
    fails('rollout restart deploy/web --dry-run=maybe', /Invalid dry-run value \(maybe\). Must be "none", "server", or "client"/);
  });
});

describe('kubectl cell language: set env, annotate, label, patch, scale', () => {
  test('set env', () => {
    const op = parse('set env deployment/web FEATURE_X=off LOG_LEVEL= OLD- -c app -n shop') as SetEnvOp;
    assert.equal(op.verb, 'set env');
    assert.equal(op.name, 'web');
    assert.equal(op.containers, 'app');
    assert.deepEqual(op.set, [{ name: 'FEATURE_X', value: 'off' }, { name: 'LOG_LEVEL', value: '' }]);
    assert.deepEqual(op.remove, ['OLD']);
    assert.equal(op.overwrite, true);
    const e = parse('set env deploy web -e A=1 --env=B=2=3 --overwrite=false') as SetEnvOp;
    assert.deepEqual(e.set, [{ name: 'A', value: '1' }, { name: 'B', value: '2=3' }]);
    assert.equal(e.overwrite, false);
    assert.equal(e.containers, '*');
    fails('set env deploy/web', /at least one environment variable must be provided/);
    fails('set env deploy/web A=1 deploy/other', /all resources must be specified before environment changes/);
    fails('set env deploy/web 1A=x', /"1A" is not a valid key name/);
    fails('set env deploy/web A=1 A-', /can not both modify and remove the same environment variable/);
    fails('set image deploy/web app=x', /kubectl set image is not supported in runbook cells/);
    fails('set env pod/web A=1', /kubectl set env pod is not supported/);
  });

  test('annotate and label', () => {
    const a = parse('annotate deployment/web -n shop oncall/ack=INC-123') as MetadataOp;
    assert.equal(a.verb, 'annotate');
    assert.deepEqual(a.names, ['web']);
    assert.deepEqual(a.set, [['oncall/ack', 'INC-123']]);
    assert.equal(a.overwrite, false);
    const all = parse('annotate deployment --all deploy-freeze=true -n ai') as MetadataOp;
    assert.equal(all.all, true);
    assert.deepEqual(all.names, []);
    const rm = parse('annotate deployment --all deploy-freeze- -n ai --overwrite') as MetadataOp;
    assert.deepEqual(rm.remove, ['deploy-freeze']);
    assert.equal(rm.overwrite, true);
    const l = parse('label pods -l app=web tier=edge old-') as MetadataOp;
    assert.equal(l.verb, 'label');
    assert.equal(l.labelSelector, 'app=web');
    assert.deepEqual(l.set, [['tier', 'edge']]);
    assert.deepEqual(l.remove, ['old']);
    fails('annotate deploy/web', /at least one annotation update is required/);
    fails('annotate deploy web a=1 b', /all resources must be specified before annotation changes: b/);
    fails('annotate deploy a=1', /no name was specified: give a name, --all or -l SELECTOR/);
    fails('annotate deploy/web a=1 a-', /can not both modify and remove the following annotation\(s\) in the same command: a/);
    fails('label deploy/web a=1 a-', /can not both modify and remove a label/);
    fails('label deploy --all -l app=x a=1', /cannot set --all and --selector at the same time/);
    fails('annotate deploy,pods --all a=1', /takes one resource type at a time/);
  });

  test('patch: the three types, YAML or JSON, checked shapes', () => {
    const j = parse(`patch configmap app-cfg -n shop --type=json -p '[{"op":"replace","path":"/data/LOG_LEVEL","value":"debug"}]'`) as PatchOp;
    assert.equal(j.patchType, 'json');
    assert.deepEqual(j.patch, [{ op: 'replace', path: '/data/LOG_LEVEL', value: 'debug' }]);
    const m = parse(`patch cm llm-quotas --type merge -p '{"data":{"rpm_limit":"60"}}'`) as PatchOp;
    assert.equal(m.patchType, 'merge');
    const s = parse(`patch deployment web -p '{"spec":{"replicas":3}}'`) as PatchOp;
    assert.equal(s.patchType, 'strategic', 'strategic is the default type');
    const y = parse("patch configmap llm-quotas -n ai --patch '\ndata:\n  max_tokens_per_request: \"4096\"\n  rpm_limit: \"60\"\n'") as PatchOp;
    assert.deepEqual(y.patch, { data: { max_tokens_per_request: '4096', rpm_limit: '60' } });
    fails(`patch cm x --type=json -p '{"a":1}'`, /a --type=json patch must be a JSON array of operations/);
    fails(`patch cm x -p '[{"op":"add"}]'`, /an array of operations needs --type=json/);
    fails('patch cm x --type=apply -p {}', /--type must be one of \[json merge strategic\]/);
    fails('patch cm x', /must specify -p to patch/);
    fails(`patch cm x -p '{a: [}'`, /unable to parse the patch/);
    fails('patch ev/x -p {}', /kubectl patch ev is not supported/);
  });

  test('scale', () => {
    const op = parse('scale deployment/web --replicas=3 -n shop') as ScaleOp;
    assert.equal(op.replicas, 3);
    assert.deepEqual(op.names, ['web']);
    assert.equal((parse('scale rs web-1 --replicas 0') as ScaleOp).type.resource, 'replicasets');
    fails('scale deploy/web', /required flag\(s\) "replicas" not set/);
    fails('scale deploy/web --replicas=-1', /must be greater than or equal to 0/);
    fails('scale pods/web --replicas=1', /kubectl scale pods is not supported/);
  });

  test('dry-run modes and isMutating', () => {
    assert.equal(isMutating(parse('annotate deploy/web a=1')), true);
    assert.equal(isMutating(parse('annotate deploy/web a=1 --dry-run=server')), false);
    assert.equal(isMutatingVerb(parse('annotate deploy/web a=1 --dry-run=server')), true);
    assert.equal(isMutating(parse('annotate deploy/web a=1 --dry-run=none')), true);
    assert.equal((parse('scale deploy/web --replicas=1 --dry-run=client') as ScaleOp).dryRun, 'client');
    for (const read of ['get pods', 'describe deploy web', 'logs web', 'rollout status deploy/web', 'rollout history deploy/web']) {
      assert.equal(isMutating(parse(read)), false, read);
      assert.equal(isMutatingVerb(parse(read)), false, read);
    }
    for (const write of ['rollout restart deploy/web', 'rollout undo deploy/web', 'set env deploy/web A=1', 'label pod/x a=b', 'patch cm x -p {}', 'scale deploy/x --replicas=1']) {
      assert.equal(isMutating(parse(write)), true, write);
    }
  });
});

describe('kubectl cell language: what is not supported', () => {
  test('each unsupported command names itself and says what to do', () => {
    fails('exec web-1 -- sh', /^kubectl exec is not supported in runbook cells: use a terminal\.$/);
    fails('attach web-1', /kubectl attach is not supported in runbook cells: use a terminal/);
    fails('cp a b', /kubectl cp is not supported/);
    fails('port-forward web 8080', /kubectl port-forward is not supported in runbook cells: use a terminal/);
    fails('delete pod web-1', /kubectl delete is not supported in runbook cells: deleting objects is not offered/);
    fails('apply -f x.yaml', /kubectl apply is not supported in runbook cells/);
    fails('edit deploy/web', /kubectl edit is not supported in runbook cells: it opens an editor/);
    fails('top pods', /kubectl top is not supported in runbook cells: it needs the metrics API/);
    fails('config use-context prod', /kubectl config is not supported in runbook cells: choose the context/);
    fails('frobnicate', /kubectl frobnicate is not supported in runbook cells \(or is not a kubectl command\). Supported: get, describe/);
    fails('', /The cell holds no kubectl command/);
    fails('kubectl', /The cell holds no kubectl command/);
  });
});

describe('quoting: values stay single arguments, verbatim', () => {
  test('a parameter with shell metacharacters is one argument, passed through unchanged', () => {
    for (const value of ['x; rm -rf /', '$(id)', '`id`', "it's | > <", 'a\nb', '${HOME}', '--all']) {
      const r = substitute('annotate deployment/{{deployment}} -n {{namespace}} oncall/note={{note}}', 'kubectl', { deployment: 'web', namespace: 'shop', note: value });
      assert.ok(r.ok, value);
      if (!r.ok || !r.args) return;
      assert.deepEqual(r.args, ['annotate', 'deployment/web', '-n', 'shop', `oncall/note=${value}`]);
      const op = parseKubectlArgs(r.args) as MetadataOp;
      assert.deepEqual(op.set, [['oncall/note', value]], 'the value reaches the operation verbatim');
      // The displayed command reads back as the same words.
      assert.deepEqual(shellWords(r.text).slice(1), r.args);
    }
  });

  test('a label selector value with metacharacters stays one selector', () => {
    const r = substitute('get pods -l app={{app}} -n ai', 'kubectl', { app: '$(id)' });
    assert.ok(r.ok && r.args);
    if (!r.ok || !r.args) return;
    const op = parseKubectlArgs(r.args) as GetOp;
    assert.equal(op.labelSelector, 'app=$(id)');
  });

  test('quotes and escapes in the cell text itself', () => {
    const op = parse(`annotate deploy/web "note=two words" 'q=it'\\''s' e=a\\ b`) as MetadataOp;
    assert.deepEqual(op.set, [['note', 'two words'], ['q', "it's"], ['e', 'a b']]);
    assert.throws(() => shellWords('get pods | grep web'), /would need a shell/);
    assert.throws(() => shellWords('get pods $(id)'), /would need a shell/);
  });
});
