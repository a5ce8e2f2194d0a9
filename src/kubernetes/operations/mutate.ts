/**
 * The shared flow of every mutating verb: read each target, let the verb plan the patch from what it read (as
 * kubectl computes its patches from the object it just read), then PATCH with the exact content type — as a
 * server-side dry run (dryRun=All) that returns the would-be object, or for real — and report the diff, and for a
 * real change the guarded revert patch. A client dry run sends nothing.
 */
import type { PatchContentType } from '../changes';
import { objectDiff } from '../diff';
import { KubectlRefusedError } from '../errors';
import { jsonEqual, revertOps, type JsonPatchOp } from '../patches';
import { objectRef } from '../resources';
import type { ResourceType } from '../resources';
import { apiPath, type ObjectChange, type ObjectRef } from '../result';
import type { OpContext } from './context';
import { patchObject, patchScale, readObject, readScale } from './objects';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface MutationTarget {
  type: ResourceType;
  namespace: string;
  name: string;
  subresource?: 'scale';
}

export interface Planned {
  patch: unknown;
  contentType: PatchContentType;
  /** kubectl's verb for the outcome ("annotated", "rolled back"). */
  message: string;
  /** False: nothing to send (and `message` says why, e.g. "skipped rollback (...)"). */
  send: boolean;
  notes?: string[];
  /** The object after the change, computed locally (for a client dry run's diff). */
  modified?: Obj;
  /** Decides the message from the server's answer (kubectl patch: "patched" or "patched (no change)"). */
  messageAfter?: (before: Obj, after: Obj) => string;
}

export type DryRun = 'none' | 'server' | 'client';

export interface MutationRun {
  change: ObjectChange;
  revert: JsonPatchOp[];
}

/** The fields a revert restores. */
const REVERT_ROOTS = [['metadata', 'labels'], ['metadata', 'annotations'], ['spec'], ['data'], ['binaryData']] as const;

export function refFor(t: MutationTarget): ObjectRef {
  return {
    apiVersion: t.subresource === 'scale' ? 'autoscaling/v1' : t.type.apiVersion,
    kind: t.subresource === 'scale' ? 'Scale' : t.type.kind,
    resource: t.type.resource,
    ...(t.type.namespaced ? { namespace: t.namespace } : {}),
    name: t.name,
    ...(t.subresource ? { subresource: t.subresource } : {}),
    path: apiPath(t.type, t.namespace, t.name, t.subresource),
    display: objectRef(t.type, t.name),
  };
}

function suffix(dryRun: DryRun): string {
  return dryRun === 'server' ? ' (server dry run)' : dryRun === 'client' ? ' (dry run)' : '';
}

export async function mutate(
  ctx: OpContext,
  targets: readonly MutationTarget[],
  plan: (before: Obj, target: MutationTarget) => Planned | Promise<Planned>,
  dryRun: DryRun,
): Promise<MutationRun[]> {
  const runs: MutationRun[] = [];
  for (const t of targets) {
    const ref = refFor(t);
    const read = () => (t.subresource === 'scale' ? readScale(ctx.client, t.type, t.namespace, t.name, ctx.signal) : readObject(ctx.client, t.type, t.namespace, t.name, { signal: ctx.signal }));
    const before = await read();
    const p = await plan(before, t);
    ctx.notes.push(...(p.notes ?? []));
    const confirmed = ctx.confirmed?.find((c) => c.ref.path === ref.path);
    if (ctx.confirmed && dryRun === 'none') {
      if (!confirmed || confirmed.sent !== p.send || !jsonEqual(confirmed.patch, p.patch) || confirmed.contentType !== p.contentType) {
        throw new KubectlRefusedError(
          `${ref.display} changed after the dry run you confirmed (the change to send is no longer the one shown). Nothing was changed: run the cell again to see the new diff.`,
          'changed-since-confirmed',
        );
      }
    }
    const base = { ref, before: stripManaged(before), patch: p.patch, contentType: p.contentType, sent: p.send };
    if (!p.send) {
      runs.push({ change: { ...base, sent: false, diff: '', message: `${ref.display} ${p.message}` }, revert: [] });
      continue;
    }
    if (dryRun === 'client') {
      const diff = p.modified ? objectDiff(before, p.modified, { from: `${ref.display} (live)`, to: `${ref.display} (after, computed locally)` }) : '';
      runs.push({ change: { ...base, ...(p.modified ? { after: stripManaged(p.modified) } : {}), diff, message: `${ref.display} ${p.message}${suffix(dryRun)}` }, revert: [] });
      continue;
    }
    const params = { body: p.patch, contentType: p.contentType, dryRun: dryRun === 'server', signal: ctx.signal };
    const after = t.subresource === 'scale' ? await patchScale(ctx.client, t.type, t.namespace, t.name, params) : await patchObject(ctx.client, t.type, t.namespace, t.name, params);
    const message = p.messageAfter ? p.messageAfter(before, after) : p.message;
    const name = `${ref.display}${t.subresource ? ' (scale)' : ''}`;
    const diff = objectDiff(before, after, { from: `${name} (live)`, to: `${name} (after${dryRun === 'server' ? ', server dry run' : ''})` });
    const revert = dryRun === 'none' ? revertOps(before, after, REVERT_ROOTS) : [];
    runs.push({ change: { ...base, after: stripManaged(after), diff, message: `${ref.display} ${message}${suffix(dryRun)}` }, revert });
  }
  return runs;
}

export function stripManaged(obj: Obj): Obj {
  if (!obj?.metadata?.managedFields) return obj;
  const metadata = { ...obj.metadata };
  delete metadata.managedFields;
  return { ...obj, metadata };
}
