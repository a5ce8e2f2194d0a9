/**
 * What kubectl's mutating commands change, on plain objects: each planner takes the object as read from the server
 * and returns the modified object and the patch kubectl would send (with its content type), or refuses the way
 * kubectl refuses. Nothing here talks to a server.
 */
import type { EnvVarSetting, MetadataOp } from './args';
import { KubectlRefusedError } from './errors';
import { createMergePatch, createStrategicMergePatch } from './patches';
import { rfc3339 } from './time';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const CONTENT_TYPE = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
} as const;
export type PatchContentType = (typeof CONTENT_TYPE)[keyof typeof CONTENT_TYPE];

export interface PlannedChange {
  modified: Obj;
  patch: unknown;
  contentType: PatchContentType;
  /** kubectl's word for the outcome: restarted, env updated, annotated, labeled, ... */
  message: string;
  /** False when kubectl would send nothing (set env with nothing to change, label with no change). */
  send: boolean;
  warnings: string[];
}

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** rollout restart (objectrestarter.go): only spec.template.metadata.annotations[restartedAt], as a strategic merge patch. */
export function planRestart(deployment: Obj, now: Date): PlannedChange {
  if (deployment.spec?.paused) {
    throw new KubectlRefusedError(`deployments.apps "${deployment.metadata?.name}" can't restart paused deployment (run rollout resume first)`, 'paused');
  }
  const modified = structuredClone(deployment);
  modified.spec.template ??= {};
  modified.spec.template.metadata ??= {};
  modified.spec.template.metadata.annotations = { ...(modified.spec.template.metadata.annotations ?? {}), [RESTARTED_AT]: rfc3339(now) };
  const patch = createStrategicMergePatch(deployment, modified);
  if (Object.keys(patch).length === 0) {
    throw new KubectlRefusedError(
      `failed to create patch for ${deployment.metadata?.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
      'no-change',
    );
  }
  return { modified, patch, contentType: CONTENT_TYPE.strategic, message: 'restarted', send: true, warnings: [] };
}

/** kubectl's container selector (set/helper.go selectString): '*' wildcards, otherwise the exact name. */
export function selectString(s: string, spec: string): boolean {
  if (spec === '*') return true;
  if (!spec.includes('*')) return s === spec;
  const parts = spec.split('*');
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part) continue;
    const next = s.indexOf(part, pos);
    if (next < pos) return false; // also next === -1
    if (i === 0 && next !== 0) return false;
    if (i === parts.length - 1 && s.length !== part.length + next) return false;
    pos = next;
  }
  return true;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

/** set/helper.go updateEnv: replaced in place, removed, new ones appended in the order given (first wins). */
export function updateEnv(existing: readonly EnvVar[], env: readonly EnvVarSetting[], remove: readonly string[]): EnvVar[] {
  const out: EnvVar[] = [];
  const covered = new Set(remove);
  const first = (name: string) => env.find((e) => e.name === name);
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = first(e.name);
    if (newer) {
      covered.add(e.name);
      out.push({ name: newer.name, ...(newer.value !== '' ? { value: newer.value } : {}) });
      continue;
    }
    out.push(e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push({ name: e.name, ...(e.value !== '' ? { value: e.value } : {}) });
  }
  return out;
}

/**
 * set env (set_env.go): the env of the selected containers and init containers changes, nothing else; the patch
 * is the two-way strategic merge patch between the object before and after.
 */
export function planSetEnv(obj: Obj, op: { containers: string; set: EnvVarSetting[]; remove: string[]; overwrite: boolean }): PlannedChange {
  const modified = structuredClone(obj);
  const spec = modified.spec?.template?.spec as Obj | undefined;
  const kind = String(obj.kind ?? 'Deployment');
  const warnings: string[] = [];
  const selected = [...((spec?.containers ?? []) as Obj[]), ...((spec?.initContainers ?? []) as Obj[])].filter((c) => selectString(String(c.name), op.containers));
  if (selected.length === 0) {
    warnings.push(`${kind}/${obj.metadata?.name} does not have any containers matching ${JSON.stringify(op.containers)}`);
    return { modified, patch: {}, contentType: CONTENT_TYPE.strategic, message: 'env updated', send: false, warnings };
  }
  for (const c of selected) {
    const env = (c.env ?? []) as EnvVar[];
    if (!op.overwrite) {
      for (const e of op.set) {
        const current = env.find((x) => x.name === e.name);
        if (current && (current.value ?? '') !== e.value) {
          throw new KubectlRefusedError(`'${current.name}' already has a value (${current.value ?? ''}), and --overwrite is false`, 'overwrite');
        }
      }
    }
    const next = updateEnv(env, op.set, op.remove);
    if (next.length) c.env = next;
    else delete c.env; // an empty env list is omitted, as Go's omitempty does
  }
  const patch = createStrategicMergePatch(obj, modified);
  return { modified, patch, contentType: CONTENT_TYPE.strategic, message: 'env updated', send: Object.keys(patch).length > 0, warnings };
}

const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/**
 * annotate (annotate.go) and label (label.go): the merge patch between the object before and after. annotate always
 * sends it (even `{}`); label sends only when a label was added, changed or removed.
 */
export function planMetadata(obj: Obj, op: Pick<MetadataOp, 'verb' | 'set' | 'remove' | 'overwrite'>): PlannedChange {
  const field = op.verb === 'annotate' ? 'annotations' : 'labels';
  const current = { ...((obj.metadata?.[field] ?? {}) as Record<string, string>) };
  const warnings: string[] = [];
  if (!op.overwrite) {
    const clashes = op.set.filter(([k, v]) => (op.verb === 'label' || k !== CHANGE_CAUSE) && Object.hasOwn(current, k) && current[k] !== v);
    if (clashes.length) {
      throw new KubectlRefusedError(
        op.verb === 'annotate'
          ? `--overwrite is false but found the following declared annotation(s): ${clashes.map(([k]) => `'${k}' already has a value (${current[k]})`).join('; ')}`
          : clashes.map(([k]) => `'${k}' already has a value (${current[k]}), and --overwrite is false`).join(', '),
        'overwrite',
      );
    }
  }
  let added = 0;
  let removed = 0;
  for (const [k, v] of op.set) {
    if (!Object.hasOwn(current, k) || current[k] !== v) added++;
    current[k] = v;
  }
  for (const k of op.remove) {
    if (Object.hasOwn(current, k)) {
      removed++;
      delete current[k];
    } else if (op.verb === 'label') {
      warnings.push(`label ${JSON.stringify(k)} not found.`);
    }
  }
  const modified = structuredClone(obj);
  modified.metadata ??= {};
  if (Object.keys(current).length) modified.metadata[field] = current;
  else delete modified.metadata[field];
  const patch = createMergePatch(obj, modified);
  if (op.verb === 'annotate') return { modified, patch, contentType: CONTENT_TYPE.merge, message: 'annotated', send: true, warnings };
  const message = added && removed ? 'modified' : added ? 'labeled' : removed ? 'unlabeled' : 'not labeled';
  return { modified, patch, contentType: CONTENT_TYPE.merge, message, send: added + removed > 0, warnings };
}
