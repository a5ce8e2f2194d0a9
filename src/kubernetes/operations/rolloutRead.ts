/** kubectl rollout status and rollout history for deployments. */
import type { RolloutHistoryOp, RolloutStatusOp } from '../args';
import { describeTemplate, formatSelector } from '../describe';
import { KubectlRefusedError } from '../errors';
import { deploymentReplicaSets, revisionOf } from '../rollback';
import { RESOURCE_TYPES } from '../resources';
import type { KubectlResult } from '../result';
import { DESCRIBE_TABWRITER, tabwrite } from '../tabwriter';
import type { OpContext } from './context';
import { listObjects, readObject } from './objects';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DEPLOYMENTS = RESOURCE_TYPES.find((t) => t.resource === 'deployments')!;
const REPLICASETS = RESOURCE_TYPES.find((t) => t.resource === 'replicasets')!;
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

export interface RolloutState {
  message: string;
  done: boolean;
}

/** polymorphichelpers DeploymentStatusViewer.Status. Throws for an exceeded deadline or a revision mismatch. */
export function deploymentStatus(d: Obj, revision?: number): RolloutState {
  const name = d.metadata?.name;
  if (revision !== undefined && revision > 0) {
    const current = revisionOf(d);
    if (current === undefined) throw new KubectlRefusedError(`cannot get the revision of deployment "${name}"`, 'invalid');
    if (current !== revision) throw new KubectlRefusedError(`desired revision (${revision}) is different from the running revision (${current})`, 'revision-not-found');
  }
  const status = (d.status ?? {}) as Obj;
  if ((d.metadata?.generation ?? 0) <= (status.observedGeneration ?? 0)) {
    const progressing = ((status.conditions ?? []) as Obj[]).find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') throw new KubectlRefusedError(`deployment "${name}" exceeded its progress deadline`, 'invalid');
    const replicas = d.spec?.replicas;
    const updated = status.updatedReplicas ?? 0;
    if (replicas !== undefined && updated < replicas) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`, done: false };
    }
    if ((status.replicas ?? 0) > updated) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${(status.replicas ?? 0) - updated} old replicas are pending termination...`, done: false };
    }
    if ((status.availableReplicas ?? 0) < updated) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${status.availableReplicas ?? 0} of ${updated} updated replicas are available...`, done: false };
    }
    return { message: `deployment "${name}" successfully rolled out`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...', done: false };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Polls (once a second) until the rollout is done, the --timeout passes, or the caller cancels. */
export async function runRolloutStatus(ctx: OpContext, op: RolloutStatusOp, pollMs = 1000): Promise<KubectlResult> {
  const deadline = op.timeoutSeconds > 0 ? Date.now() + op.timeoutSeconds * 1000 : Infinity;
  const messages: string[] = [];
  for (;;) {
    const d = await readObject(ctx.client, DEPLOYMENTS, ctx.namespace, op.name, { signal: ctx.signal });
    const state = deploymentStatus(d, op.revision);
    if (messages[messages.length - 1] !== state.message) {
      messages.push(state.message);
      ctx.onProgress?.(state.message);
    }
    if (state.done || !op.watch) {
      return { text: messages.map((m) => `${m}\n`).join(''), notes: ctx.notes, json: { kind: 'rollout status', done: state.done, messages } };
    }
    if (Date.now() >= deadline) {
      throw new KubectlRefusedError(`timed out waiting for the condition (last: ${messages[messages.length - 1]})`, 'invalid');
    }
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), ctx.signal);
  }
}

export async function runRolloutHistory(ctx: OpContext, op: RolloutHistoryOp): Promise<KubectlResult> {
  const d = await readObject(ctx.client, DEPLOYMENTS, ctx.namespace, op.name, { signal: ctx.signal });
  const rsList = await listObjects(ctx.client, REPLICASETS, { namespace: ctx.namespace, labelSelector: formatSelector(d.spec?.selector) }, { signal: ctx.signal });
  const { newRS, oldRSs } = deploymentReplicaSets(d, rsList.items ?? []);
  const history = new Map<number, Obj>();
  for (const rs of newRS ? [...oldRSs, newRS] : oldRSs) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    const template = structuredClone(rs.spec?.template ?? {});
    const cause = rs.metadata?.annotations?.[CHANGE_CAUSE];
    if (cause) {
      template.metadata ??= {};
      template.metadata.annotations = { ...(template.metadata.annotations ?? {}), [CHANGE_CAUSE]: cause };
    }
    history.set(v, template);
  }
  const head = `deployment.apps/${op.name}`;
  const revisions = [...history.keys()].sort((a, b) => a - b);
  const json = { kind: 'rollout history', revisions: revisions.map((r) => ({ revision: r, changeCause: history.get(r)?.metadata?.annotations?.[CHANGE_CAUSE] ?? null })) };
  if (!history.size) return { text: `${head} \nNo rollout history found.\n`, notes: ctx.notes, json };
  if (op.revision) {
    const t = history.get(op.revision);
    if (!t) throw new KubectlRefusedError('unable to find the specified revision', 'revision-not-found');
    return { text: `${head} with revision #${op.revision}\n${describeTemplate(t)}\n`, notes: ctx.notes, json: { ...json, template: t } };
  }
  const table = tabwrite(`REVISION\tCHANGE-CAUSE\n${revisions.map((r) => `${r}\t${history.get(r)?.metadata?.annotations?.[CHANGE_CAUSE] || '<none>'}\n`).join('')}`, DESCRIBE_TABWRITER);
  return { text: `${head} \n${table}\n`, notes: ctx.notes, json };
}
