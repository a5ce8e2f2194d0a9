/**
 * The mutating verbs: each reads its targets and plans exactly the patch kubectl sends (content type included),
 * then the shared flow (mutate.ts) dry-runs or applies it.
 *   rollout restart   strategic merge patch of spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]
 *   rollout undo      JSON patch of /spec/template and /metadata/annotations (rollback.ts)
 *   set env           strategic merge patch of the selected containers' env
 *   annotate, label   merge patch of metadata.annotations / metadata.labels
 *   patch             the given patch, as strategic merge, merge or JSON patch
 *   scale             merge patch {"spec":{"replicas":N}} of the scale subresource
 */
import type { MetadataOp, PatchOp, RolloutRestartOp, RolloutUndoOp, ScaleOp, SetEnvOp } from '../args';
import { CONTENT_TYPE, planMetadata, planRestart, planSetEnv } from '../changes';
import { describeTemplate, formatSelector } from '../describe';
import { jsonEqual } from '../patches';
import { planRollback } from '../rollback';
import { RESOURCE_TYPES } from '../resources';
import type { OpContext } from './context';
import { mutate, type DryRun, type MutationRun, type MutationTarget } from './mutate';
import { listObjects } from './objects';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DEPLOYMENTS = RESOURCE_TYPES.find((t) => t.resource === 'deployments')!;
const REPLICASETS = RESOURCE_TYPES.find((t) => t.resource === 'replicasets')!;

export interface VerbRun {
  runs: MutationRun[];
  /** Extra stdout kubectl prints (rollout undo --dry-run=client prints the template). */
  text?: string;
}

export async function runRestart(ctx: OpContext, op: RolloutRestartOp): Promise<VerbRun> {
  const target: MutationTarget = { type: DEPLOYMENTS, namespace: ctx.namespace, name: op.name };
  const runs = await mutate(ctx, [target], (before) => {
    const p = planRestart(before, ctx.now);
    return { patch: p.patch, contentType: p.contentType, message: p.message, send: true, modified: p.modified };
  }, op.dryRun);
  return { runs };
}

export async function runUndo(ctx: OpContext, op: RolloutUndoOp): Promise<VerbRun> {
  const target: MutationTarget = { type: DEPLOYMENTS, namespace: ctx.namespace, name: op.name };
  let text: string | undefined;
  const runs = await mutate(ctx, [target], async (deployment) => {
    const rsList = await listObjects(ctx.client, REPLICASETS, { namespace: ctx.namespace, labelSelector: formatSelector(deployment.spec?.selector) }, { signal: ctx.signal });
    const notes = deployment.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] !== undefined
      ? [`Warning: resource deployments/${op.name} was previously managed with 'kubectl apply'. Rolling back will not update the kubectl.kubernetes.io/last-applied-configuration annotation, which may cause unexpected behavior on future 'kubectl apply' operations. Consider using 'kubectl apply' with your previous configuration file instead.`]
      : [];
    const plan = planRollback(deployment, rsList.items ?? [], op.toRevision);
    if (plan.kind === 'skip') return { patch: null, contentType: CONTENT_TYPE.json, message: plan.message, send: false, notes };
    if (op.dryRun === 'client') text = describeTemplate((plan.patch[0].value ?? {}) as Obj);
    const modified = structuredClone(deployment);
    modified.spec.template = plan.patch[0].value;
    modified.metadata.annotations = plan.patch[1].value;
    return { patch: plan.patch, contentType: CONTENT_TYPE.json, message: 'rolled back', send: true, notes, modified };
  }, op.dryRun);
  return { runs, ...(text !== undefined ? { text } : {}) };
}

export async function runSetEnv(ctx: OpContext, op: SetEnvOp): Promise<VerbRun> {
  const target: MutationTarget = { type: op.type, namespace: ctx.namespace, name: op.name };
  const runs = await mutate(ctx, [target], (before) => {
    const p = planSetEnv(before, op);
    const message = p.send ? p.message : 'env unchanged (nothing to change)';
    return { patch: p.patch, contentType: p.contentType, message, send: p.send, notes: p.warnings.map((w) => `Warning: ${w}`), modified: p.modified };
  }, op.dryRun);
  return { runs };
}

async function metadataTargets(ctx: OpContext, op: MetadataOp): Promise<MutationTarget[]> {
  const ns = ctx.namespace;
  if (op.names.length) return op.names.map((name) => ({ type: op.type, namespace: ns, name }));
  const list = await listObjects(ctx.client, op.type, { namespace: op.type.namespaced ? ns : undefined, labelSelector: op.labelSelector }, { signal: ctx.signal });
  return ((list.items ?? []) as Obj[]).map((o) => ({ type: op.type, namespace: ns, name: String(o.metadata?.name) }));
}

export async function runMetadata(ctx: OpContext, op: MetadataOp): Promise<VerbRun> {
  const targets = await metadataTargets(ctx, op);
  if (!targets.length) {
    ctx.notes.push(op.type.namespaced ? `No resources found in ${ctx.namespace} namespace.` : 'No resources found');
    return { runs: [] };
  }
  const runs = await mutate(ctx, targets, (before) => {
    const p = planMetadata(before, op);
    return { patch: p.patch, contentType: p.contentType, message: p.message, send: p.send, notes: p.warnings, modified: p.modified };
  }, op.dryRun);
  return { runs };
}

export async function runPatch(ctx: OpContext, op: PatchOp): Promise<VerbRun> {
  const target: MutationTarget = { type: op.type, namespace: ctx.namespace, name: op.name };
  const runs = await mutate(ctx, [target], () => ({
    patch: op.patch,
    contentType: CONTENT_TYPE[op.patchType],
    message: 'patched',
    send: true,
    messageAfter: (before, after) => (jsonEqual(before, after) ? 'patched (no change)' : 'patched'),
  }), op.dryRun);
  return { runs };
}

export async function runScale(ctx: OpContext, op: ScaleOp): Promise<VerbRun> {
  const targets: MutationTarget[] = op.names.map((name) => ({ type: op.type, namespace: ctx.namespace, name, subresource: 'scale' }));
  const runs = await mutate(ctx, targets, (before) => {
    const modified = structuredClone(before);
    modified.spec = { ...(modified.spec ?? {}), replicas: op.replicas };
    return { patch: { spec: { replicas: op.replicas } }, contentType: CONTENT_TYPE.merge, message: 'scaled', send: true, modified };
  }, op.dryRun as DryRun);
  return { runs };
}
