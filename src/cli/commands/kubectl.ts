/**
 * `oncall kubectl`: the kubectl cell language on the command line, through the same core as the notebook.
 * stdout carries what kubectl would print; the plan, the dry-run diff and the question go to stderr.
 * A mutation is first run as a server-side dry run and its diff shown; then it asks on a terminal, and without a
 * terminal it refuses unless --yes.
 */
import type { CliCommand, CliIo } from '../command';
import { EXIT, UsageError } from '../command';
import { parseKubectlArgs } from '../../kubernetes/args';
import { KubeApiError, KubeConnectionError, KubectlRefusedError, NoContextError } from '../../kubernetes/errors';
import { listContexts, loadKubeconfig, selectContext, type KubeSession } from '../../kubernetes/kubeconfig';
import { planKubectl, type KubectlPlan } from '../../kubernetes/plan';

const usage = `Usage: oncall kubectl [--kubeconfig FILE] [--context NAME] [--namespace NS] [--yes] [--dry-run] [--json] [--] ARGS...

  ARGS           A kubectl command as in a runbook cell: get, describe, logs, rollout status|history|restart|undo,
                 set env, annotate, label, patch, scale (for example: get pods -n ai, rollout restart deploy/web -n ai).
  --kubeconfig   The kubeconfig file (default: $KUBECONFIG, several files merged as kubectl does, else ~/.kube/config,
                 else the in-cluster service account).
  --context      The context (default: current-context).
  --namespace    The namespace when ARGS have no -n (default: the context's, else "default").
  --yes          Make the change without asking (after showing the dry-run diff). Needed without a terminal.
  --dry-run      Show the server-side dry-run diff of a change and stop.
  --json         Print the structured result (plan, result, diff, prior state) as JSON instead of kubectl's text.

Nothing is run by a shell. Exit codes: 0 ok, 1 the API server refused or could not be reached, or the change was
not confirmed, 2 usage error (unsupported command or flag, bad kubeconfig).`;

interface Options {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  args: string[];
}

const VALUE_FLAGS = new Set(['kubeconfig', 'context', 'namespace']);
const BOOL_FLAGS = new Set(['yes', 'dry-run', 'json']);

/** Our flags come first; the kubectl words start at the first other word (or after --). */
export function parseKubectlCommandLine(argv: readonly string[]): Options {
  const o: Options = { yes: false, dryRun: false, json: false, args: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(a);
    if (!m || (!VALUE_FLAGS.has(m[1]) && !BOOL_FLAGS.has(m[1]))) break;
    const [, name, inline] = m;
    if (BOOL_FLAGS.has(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value.`);
      if (name === 'yes') o.yes = true;
      else if (name === 'dry-run') o.dryRun = true;
      else o.json = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value.`);
    if (name === 'kubeconfig') o.kubeconfig = value;
    else if (name === 'context') o.context = value;
    else o.namespace = value;
  }
  o.args = argv.slice(i);
  if (o.args[0] === 'kubectl') o.args = o.args.slice(1);
  if (o.args.length === 0) throw new UsageError('Give the kubectl command after the options, for example: oncall kubectl -- get pods -n ai');
  if (o.yes && o.dryRun) throw new UsageError('--yes and --dry-run contradict each other: --dry-run never changes anything.');
  return o;
}

function describeTarget(plan: KubectlPlan): string {
  const t = plan.target;
  const ns = t.namespace === '*' ? 'all namespaces' : t.namespace ? `namespace ${t.namespace}` : 'cluster-scoped';
  return `context ${t.context} (${t.server}), ${ns}, ${t.kind} ${t.name}`;
}

function printText(io: CliIo, text: string): void {
  if (text) io.out(text.endsWith('\n') ? text.slice(0, -1) : text);
}

async function run(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const o = parseKubectlCommandLine(argv);
  parseKubectlArgs(o.args); // an unsupported command is reported before any kubeconfig is read
  const config = loadKubeconfig({ ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}), env });
  let session: KubeSession;
  try {
    session = selectContext(config, { ...(o.context ? { context: o.context } : {}), ...(o.namespace ? { namespace: o.namespace } : {}) });
  } catch (e) {
    if (e instanceof NoContextError) {
      io.err(e.message);
      for (const c of listContexts(config)) io.err(`  ${c.name}\t${c.server ?? ''}${c.namespace ? `\tnamespace ${c.namespace}` : ''}`);
      io.err('Pass --context NAME.');
      return EXIT.usage;
    }
    throw e;
  }
  const plan = planKubectl(o.args, session);
  io.err(`${plan.command}  →  ${describeTarget(plan)}`);
  // client-node (and everything that talks to the server) loads only now.
  const { executeKubectl, closeSession } = await import('../../kubernetes/run');
  try {
    if (!plan.mutating) {
      const result = await executeKubectl(plan.op, session, { signal: io.signal });
      for (const n of result.notes) io.err(n);
      if (o.json) io.out(JSON.stringify({ plan: planJson(plan), result: result.json, notes: result.notes }, null, 2));
      else printText(io, result.text);
      return EXIT.ok;
    }

    const preview = await executeKubectl(plan.op, session, { dryRun: true, signal: io.signal });
    for (const n of preview.notes) io.err(n);
    const toSend = (preview.changes ?? []).filter((c) => c.sent);
    if (preview.diff) io.err(preview.diff.replace(/\n$/, ''));
    if (!toSend.length) {
      // Like kubectl, nothing is sent (no change to make, rollback skipped): say so and stop.
      const text = (preview.changes ?? []).map((c) => c.message).join('\n');
      if (o.json) io.out(JSON.stringify({ plan: planJson(plan), result: preview.json, notes: preview.notes }, null, 2));
      else printText(io, text || 'Nothing to change.');
      return EXIT.ok;
    }
    if (!preview.diff) io.err('(the server reports no difference in the object: the request changes nothing)');
    if (o.dryRun) {
      if (o.json) io.out(JSON.stringify({ plan: planJson(plan), result: preview.json, notes: preview.notes, diff: preview.diff }, null, 2));
      else printText(io, preview.text);
      return EXIT.ok;
    }
    if (!o.yes) {
      if (!io.interactive) {
        io.err('Refusing to change the cluster without a terminal to confirm on. Check the dry-run diff above, then rerun with --yes.');
        return EXIT.failure;
      }
      const objects = toSend.map((c) => c.ref.display).join(', ');
      const answer = (await io.ask(`Apply to ${objects} in ${describeTarget(plan)}? [y/N] `)).trim().toLowerCase();
      if (answer !== 'y' && answer !== 'yes') {
        io.err('Not changed.');
        return EXIT.failure;
      }
    }
    const done = await executeKubectl(plan.op, session, { confirmed: preview, signal: io.signal });
    for (const n of done.notes) io.err(n);
    if (o.json) io.out(JSON.stringify({ plan: planJson(plan), result: done.json, notes: done.notes, diff: preview.diff, priorState: done.priorState ?? null }, null, 2));
    else printText(io, done.text);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof KubeApiError || e instanceof KubeConnectionError || e instanceof KubectlRefusedError) {
      if (e instanceof KubeConnectionError && e.cancelled) {
        io.err('Cancelled.');
        return EXIT.failure;
      }
      io.err(e instanceof KubeApiError ? e.message : `error: ${e.message}`);
      return EXIT.failure;
    }
    throw e;
  } finally {
    closeSession(session);
  }
}

function planJson(plan: KubectlPlan): unknown {
  return { command: plan.command, verb: plan.op.verb, mutating: plan.mutating, target: plan.target };
}

export const kubectlCommand: CliCommand & { runWithEnv: typeof run } = {
  path: ['kubectl'],
  summary: 'Run a kubectl-equivalent operation (get, logs, rollout, set env, annotate, patch, scale …) through the Kubernetes API.',
  usage,
  run: (args, io) => run(args, io),
  runWithEnv: run,
};
