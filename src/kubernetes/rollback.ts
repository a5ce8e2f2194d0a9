/**
 * `kubectl rollout undo` for a deployment, on plain objects, step by step as kubectl's
 * pkg/polymorphichelpers/rollback.go (DeploymentRollbacker) does it:
 * 1. the deployment's ReplicaSets are those the label selector lists AND whose controller ownerReference has the
 *    deployment's UID (another deployment's ReplicaSet with matching labels is ignored);
 * 2. the target is --to-revision, or else the second-highest revision ("no rollout history found" without one;
 *    "unable to find specified revision" for a missing --to-revision);
 * 3. a paused deployment is refused;
 * 4. when the target's pod template equals the deployment's (ignoring the pod-template-hash label) nothing is sent
 *    ("skipped rollback");
 * 5. otherwise one JSON patch replaces /spec/template (the target's, without pod-template-hash) and
 *    /metadata/annotations (the deployment's own bookkeeping annotations, plus the target's other annotations).
 */
import { KubectlRefusedError } from './errors';
import { isObject, jsonEqual, type JsonPatchOp } from './patches';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** Annotations kept from the deployment, never copied from the ReplicaSet (rollback.go annotationsToSkip). */
export const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/** The revision annotation as a number: 0 when absent, undefined when it is not an integer (kubectl skips those). */
export function revisionOf(obj: Obj): number | undefined {
  const v = obj?.metadata?.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return typeof v === 'string' && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/** True when `rs` has a controller ownerReference with the deployment's UID (metav1.IsControlledBy). */
export function isControlledBy(rs: Obj, owner: Obj): boolean {
  const uid = owner?.metadata?.uid;
  return !!uid && ((rs?.metadata?.ownerReferences ?? []) as Obj[]).some((r) => r.controller === true && r.uid === uid);
}

/** Semantic equality of decoded API objects: a missing field, null, {} and [] are all "empty" (nil map = empty map). */
export function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return jsonEqual(a, b);
}

/** The pod template without the pod-template-hash label (a copy). */
export function withoutHash(template: Obj | undefined): Obj {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) {
    delete t.metadata.labels[POD_TEMPLATE_HASH];
    if (Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  }
  return t;
}

/** deploymentutil.EqualIgnoreHash. */
export function equalIgnoreHash(t1: Obj | undefined, t2: Obj | undefined): boolean {
  return semanticEqual(withoutHash(t1), withoutHash(t2));
}

function createdAt(rs: Obj): number {
  const t = Date.parse(rs?.metadata?.creationTimestamp ?? '');
  return Number.isFinite(t) ? t : 0;
}

/**
 * The deployment's own ReplicaSets, split as deploymentutil.GetAllReplicaSets does: sorted by creation time (then
 * name); the new one is the first whose template equals the deployment's; the others are old.
 */
export function deploymentReplicaSets(deployment: Obj, listed: readonly Obj[]): { newRS?: Obj; oldRSs: Obj[] } {
  const owned = listed.filter((rs) => isControlledBy(rs, deployment));
  owned.sort((a, b) => createdAt(a) - createdAt(b) || String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
  const newRS = owned.find((rs) => equalIgnoreHash(rs.spec?.template, deployment.spec?.template));
  return { newRS, oldRSs: owned.filter((rs) => rs !== newRS) };
}

/** The ReplicaSet to roll back to (rollback.go deploymentRevision). Throws KubectlRefusedError. */
export function rollbackTarget(deployment: Obj, listed: readonly Obj[], toRevision: number): Obj {
  if (toRevision < 0) throw new KubectlRefusedError(`unable to find specified revision ${toRevision} in history`, 'revision-not-found');
  const { newRS, oldRSs } = deploymentReplicaSets(deployment, listed);
  const all = newRS ? [...oldRSs, newRS] : oldRSs;
  let latest: Obj | undefined;
  let latestRevision = -1;
  let previous: Obj | undefined;
  let previousRevision = -1;
  for (const rs of all) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        previous = rs;
      }
    } else if (toRevision === v) {
      return rs;
    }
  }
  if (toRevision > 0) throw new KubectlRefusedError(`unable to find specified revision ${toRevision} in history`, 'revision-not-found');
  if (!previous) throw new KubectlRefusedError(`no rollout history found for deployment "${deployment.metadata?.name}"`, 'no-history');
  return previous;
}

export type RollbackPlan =
  | { kind: 'skip'; message: string; target: Obj }
  | { kind: 'patch'; patch: JsonPatchOp[]; target: Obj; revision: number };

/** The whole decision, in kubectl's order. Throws KubectlRefusedError (no history, missing revision, paused). */
export function planRollback(deployment: Obj, listed: readonly Obj[], toRevision: number): RollbackPlan {
  const target = rollbackTarget(deployment, listed, toRevision);
  if (deployment.spec?.paused) {
    throw new KubectlRefusedError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again", 'paused');
  }
  if (equalIgnoreHash(target.spec?.template, deployment.spec?.template)) {
    return { kind: 'skip', message: `skipped rollback (current template already matches revision ${toRevision})`, target };
  }
  const template = withoutHash(target.spec?.template);
  const annotations: Record<string, string> = {};
  const own = (deployment.metadata?.annotations ?? {}) as Record<string, string>;
  for (const k of ANNOTATIONS_TO_SKIP) if (Object.hasOwn(own, k)) annotations[k] = own[k];
  for (const [k, v] of Object.entries((target.metadata?.annotations ?? {}) as Record<string, string>)) {
    if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  }
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(annotations).sort()) sorted[k] = annotations[k];
  return {
    kind: 'patch',
    target,
    revision: revisionOf(target) ?? 0,
    patch: [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: sorted },
    ],
  };
}
