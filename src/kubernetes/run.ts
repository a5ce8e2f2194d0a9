/**
 * Running kubectl cells against a cluster (this module loads @kubernetes/client-node through client.ts).
 *
 * For a mutation the caller:
 *   1. const preview = await executeKubectl(op, session, { dryRun: true })   // server-side dry run: diff, patch
 *   2. shows preview.diff with plan.target (context, server, namespace, object) and asks;
 *   3. const done = await executeKubectl(op, session, { confirmed: preview })  // refused if the patch changed
 *   4. logs done.priorState; "Revert last change" is revertChange(done.priorState, session) (preview it the same
 *      way with { dryRun: true }).
 */
import { isMutatingVerb, type KubectlOp } from './args';
import { KubeClient } from './client';
import { objectDiff } from './diff';
import { KubeApiError, KubeConnectionError, KubectlRefusedError, KubeconfigError } from './errors';
import type { KubeSession } from './kubeconfig';
import type { OpContext } from './operations/context';
import { runDescribe } from './operations/describe';
import { runGet } from './operations/get';
import { runLogs } from './operations/logs';
import { refFor, stripManaged, type DryRun, type MutationRun } from './operations/mutate';
import { runMetadata, runPatch, runRestart, runScale, runSetEnv, runUndo, type VerbRun } from './operations/mutations';
import { patchObject, patchScale, readObject, readScale } from './operations/objects';
import { runRolloutHistory, runRolloutStatus } from './operations/rolloutRead';
import { namespaceFor, planKubectl } from './plan';
import { CONTENT_TYPE } from './changes';
import { RESOURCE_TYPES } from './resources';
import type { KubectlResult, ObjectChange, PriorState } from './result';

export { planKubectl } from './plan';
export type { KubectlPlan, KubeTarget } from './plan';
export type { KubectlResult, ObjectChange, PriorState } from './result';

export interface ExecuteOptions {
  /** Run a mutation as a server-side dry run (dryRun=All): nothing changes; the result has the diff. */
  dryRun?: boolean;
  /** The dry-run result the engineer confirmed: the real run refuses if the patch to send is no longer the same. */
  confirmed?: KubectlResult;
  signal?: AbortSignal;
  /** Clock (tests). */
  now?: Date;
  /** Progress lines of rollout status, as they happen. */
  onProgress?: (line: string) => void;
  /** When set, real mutations are refused with this reason (a protected context that is locked). */
  readOnlyReason?: string;
}

const clients = new WeakMap<KubeSession, KubeClient>();

/** The client of a session (one per session object: connections and exec credentials are reused). */
export function clientFor(session: KubeSession): KubeClient {
  let c = clients.get(session);
  if (!c) {
    c = new KubeClient(session);
    clients.set(session, c);
  }
  return c;
}

/** Closes a session's kept-alive connections. */
export function closeSession(session: KubeSession): void {
  clients.get(session)?.close();
  clients.delete(session);
}

function context(session: KubeSession, op: KubectlOp | undefined, opts: ExecuteOptions): OpContext {
  return {
    client: clientFor(session),
    session,
    namespace: op ? namespaceFor(op, session) : session.namespace,
    signal: opts.signal,
    now: opts.confirmed?.preparedAt ? new Date(opts.confirmed.preparedAt) : opts.now ?? new Date(),
    notes: [],
    ...(opts.confirmed?.changes ? { confirmed: opts.confirmed.changes } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  };
}

/** Runs an operation (or the words of a cell). Mutations: see the module comment for the confirm flow. */
export async function executeKubectl(opOrArgs: KubectlOp | readonly string[], session: KubeSession, opts: ExecuteOptions = {}): Promise<KubectlResult> {
  const op = Array.isArray(opOrArgs) ? planKubectl(opOrArgs as string[], session).op : (opOrArgs as KubectlOp);
  const ctx = context(session, op, opts);
  const before = ctx.client.warnings.length;
  const result = await dispatch(ctx, op, opts);
  for (const w of ctx.client.warnings.slice(before)) result.notes.push(`Warning: ${w}`);
  return result;
}

async function dispatch(ctx: OpContext, op: KubectlOp, opts: ExecuteOptions): Promise<KubectlResult> {
  switch (op.verb) {
    case 'get':
      return runGet(ctx, op);
    case 'describe':
      return runDescribe(ctx, op);
    case 'logs':
      return runLogs(ctx, op);
    case 'rollout status':
      return runRolloutStatus(ctx, op);
    case 'rollout history':
      return runRolloutHistory(ctx, op);
    default:
      break;
  }
  if (!isMutatingVerb(op)) throw new Error(`unhandled verb ${(op as KubectlOp).verb}`);
  const dryRun: DryRun = op.dryRun !== 'none' ? op.dryRun : opts.dryRun ? 'server' : 'none';
  if (dryRun === 'none' && opts.readOnlyReason) throw new KubectlRefusedError(opts.readOnlyReason, 'invalid');
  const ctxRun = { ...ctx, ...(dryRun === 'none' ? {} : { confirmed: undefined }) };
  const writesBefore = ctx.client.writesSent;
  try {
    return mutationResult(ctx, await runVerb(ctxRun, op, dryRun), dryRun, ['kubectl', ...op.args].join(' '));
  } catch (e) {
    throw dryRun === 'none' && ctx.client.writesSent > writesBefore ? uncertainChange(e) : e;
  }
}

/**
 * A change was sent and its answer lost (cut, garbled, timed out, cancelled): the server may have applied it.
 * The message says so, so nobody retries blindly. Errors the server sent (4xx, 5xx with a Status) stay as they are.
 */
function uncertainChange(e: unknown): unknown {
  const note = ' The change was sent, so it may have been applied: check the object (kubectl get) before running the cell again.';
  if (e instanceof KubeConnectionError) return new KubeConnectionError(e.message + note, e.cancelled, { cause: e });
  if (e instanceof KubeApiError && e.status >= 200 && e.status < 300) return new KubeApiError(e.message + note, e.status, e.reason, e.details);
  return e;
}

async function runVerb(ctxRun: OpContext, op: Extract<KubectlOp, { dryRun: unknown }>, dryRun: DryRun): Promise<VerbRun> {
  let verb: VerbRun;
  switch (op.verb) {
    case 'rollout restart':
      verb = await runRestart(ctxRun, { ...op, dryRun });
      break;
    case 'rollout undo':
      verb = await runUndo(ctxRun, { ...op, dryRun });
      break;
    case 'set env':
      verb = await runSetEnv(ctxRun, { ...op, dryRun });
      break;
    case 'annotate':
    case 'label':
      verb = await runMetadata(ctxRun, { ...op, dryRun });
      break;
    case 'patch':
      verb = await runPatch(ctxRun, { ...op, dryRun });
      break;
    case 'scale':
      verb = await runScale(ctxRun, { ...op, dryRun });
      break;
  }
  return verb;
}

function mutationResult(ctx: OpContext, verb: VerbRun, dryRun: DryRun, command: string): KubectlResult {
  const changes = verb.runs.map((r) => r.change);
  const diff = changes.filter((c) => c.diff).map((c) => c.diff).join('\n');
  const text = (verb.text ?? '') + changes.map((c) => `${c.message}\n`).join('');
  const result: KubectlResult = {
    text,
    notes: ctx.notes,
    json: {
      kind: 'mutation',
      dryRun,
      changes: changes.map((c) => ({ object: c.ref.display, path: c.ref.path, sent: c.sent, contentType: c.contentType, patch: c.patch, message: c.message, diff: c.diff })),
    },
    changes,
    diff,
    ...(changes[0] ? { patch: changes[0].patch, contentType: changes[0].contentType } : {}),
  };
  if (dryRun !== 'none') {
    result.dryRun = dryRun;
    result.preparedAt = ctx.now.toISOString();
  } else {
    const real = verb.runs.filter((r: MutationRun) => r.change.sent);
    if (real.length) {
      result.priorState = {
        version: 1,
        context: ctx.session.context,
        server: ctx.session.server,
        command,
        at: new Date().toISOString(),
        changes: real.map((r) => ({ ref: r.change.ref, before: r.change.before, revert: r.revert })),
      };
    }
  }
  return result;
}

export interface RevertOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
}

/**
 * Restores what a change replaced: for each object, a JSON patch that first tests that the changed fields still
 * hold what the change wrote (otherwise the server refuses it and nothing is reverted), then puts the old values
 * back. With dryRun the server only computes the result (for the confirmation diff).
 */
export async function revertChange(prior: PriorState, session: KubeSession, opts: RevertOptions = {}): Promise<KubectlResult> {
  if (prior.version !== 1 || !Array.isArray(prior.changes)) throw new KubeconfigError('This is not a change record On-Call can revert (unknown format).');
  if (prior.server !== session.server || prior.context !== session.context) {
    throw new KubectlRefusedError(
      `The change was made on context "${prior.context}" (${prior.server}); the current context is "${session.context}" (${session.server}). Switch to that context to revert it.`,
      'invalid',
    );
  }
  const client = clientFor(session);
  const changes: ObjectChange[] = [];
  const mode = opts.dryRun ? ' (server dry run)' : '';
  for (const c of prior.changes) {
    const type = RESOURCE_TYPES.find((t) => t.resource === c.ref.resource);
    if (!type) throw new KubeconfigError(`Cannot revert ${c.ref.display}: unsupported resource ${c.ref.resource}.`);
    const ns = c.ref.namespace ?? '';
    const target = { type, namespace: ns, name: c.ref.name, ...(c.ref.subresource ? { subresource: c.ref.subresource } : {}) };
    const ref = refFor(target);
    if (!c.revert.length) continue;
    const current = c.ref.subresource === 'scale' ? await readScale(client, type, ns, c.ref.name, opts.signal) : await readObject(client, type, ns, c.ref.name, { signal: opts.signal });
    const params = { body: c.revert, contentType: CONTENT_TYPE.json, dryRun: !!opts.dryRun, signal: opts.signal };
    let after;
    try {
      after = c.ref.subresource === 'scale' ? await patchScale(client, type, ns, c.ref.name, params) : await patchObject(client, type, ns, c.ref.name, params);
    } catch (e) {
      // A failed `test` (or a path that is gone) comes back as 422 Invalid without details: the object no longer
      // holds what the change wrote.
      if (e instanceof KubeApiError && e.status === 422) {
        throw new KubectlRefusedError(
          `${ref.display} no longer holds what the change wrote (someone or something changed it since), so nothing was reverted. Look at the object and change it by hand if needed. (${e.message})`,
          'changed-since-confirmed',
        );
      }
      throw e;
    }
    changes.push({
      ref,
      before: stripManaged(current),
      after: stripManaged(after),
      patch: c.revert,
      contentType: CONTENT_TYPE.json,
      sent: true,
      diff: objectDiff(current, after, { from: `${ref.display} (live)`, to: `${ref.display} (reverted${mode})` }),
      message: `${ref.display} reverted${mode}`,
    });
  }
  return {
    text: changes.map((c) => `${c.message}\n`).join(''),
    notes: [],
    json: { kind: 'revert', dryRun: !!opts.dryRun, changes: changes.map((c) => ({ object: c.ref.display, patch: c.patch, diff: c.diff })) },
    changes,
    diff: changes.map((c) => c.diff).filter(Boolean).join('\n'),
    ...(changes[0] ? { patch: changes[0].patch, contentType: changes[0].contentType } : {}),
    ...(opts.dryRun ? { dryRun: 'server' as const } : {}),
  };
}
