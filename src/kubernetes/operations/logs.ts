/**
 * kubectl logs: one pod, the pod kubectl would pick for deployment/NAME (podutils.ByLogging: scheduled, running,
 * ready longest, most restarts, oldest), or every pod of a selector. Without -c, the default container: the
 * kubectl.kubernetes.io/default-container annotation, else the first, with kubectl's notice.
 */
import type { LogsOp } from '../args';
import { formatSelector } from '../describe';
import { KubectlRefusedError } from '../errors';
import { RESOURCE_TYPES } from '../resources';
import type { KubectlResult } from '../result';
import type { OpContext } from './context';
import { listObjects, readObject } from './objects';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PODS = RESOURCE_TYPES.find((t) => t.resource === 'pods')!;
const DEPLOYMENTS = RESOURCE_TYPES.find((t) => t.resource === 'deployments')!;
const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';
/** A cell shows at most this much log text per container (kubectl has no limit; a notebook needs one). */
export const LOG_LIMIT_BYTES = 8 * 1024 * 1024;

function ready(pod: Obj): boolean {
  return ((pod.status?.conditions ?? []) as Obj[]).some((c) => c.type === 'Ready' && c.status === 'True');
}

function readySince(pod: Obj): number {
  const c = ((pod.status?.conditions ?? []) as Obj[]).find((x) => x.type === 'Ready' && x.status === 'True');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
}

function maxRestarts(pod: Obj): number {
  return Math.max(0, ...((pod.status?.containerStatuses ?? []) as Obj[]).map((s) => Number(s.restartCount ?? 0)));
}

/** podutils.ByLogging: the pod kubectl logs chooses first. */
export function byLogging(a: Obj, b: Obj): number {
  const an = a.spec?.nodeName ?? '';
  const bn = b.spec?.nodeName ?? '';
  if (an !== bn && (!an || !bn)) return an ? -1 : 1;
  const rank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const ra = rank[a.status?.phase] ?? 3;
  const rb = rank[b.status?.phase] ?? 3;
  if (ra !== rb) return ra - rb;
  if (ready(a) !== ready(b)) return ready(a) ? -1 : 1;
  if (ready(a) && ready(b) && readySince(a) !== readySince(b)) {
    // Ready for longer first; an unknown time last.
    if (!readySince(a) || !readySince(b)) return readySince(a) ? 1 : -1;
    return readySince(a) - readySince(b);
  }
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a);
  const ca = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const cb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (ca !== cb) {
    if (!ca || !cb) return ca ? 1 : -1;
    return ca - cb;
  }
  return 0;
}

function containerNames(pod: Obj): string[] {
  return ((pod.spec?.containers ?? []) as Obj[]).map((c) => String(c.name));
}

/** The containers to read for a pod, with kubectl's "Defaulted container" notice when it picked one. */
function containersFor(ctx: OpContext, op: LogsOp, pod: Obj): string[] {
  const names = containerNames(pod);
  if (op.allContainers) return [...((pod.spec?.initContainers ?? []) as Obj[]).map((c) => String(c.name)), ...names];
  if (op.container !== undefined) {
    const all = [...names, ...((pod.spec?.initContainers ?? []) as Obj[]).map((c) => String(c.name)), ...((pod.spec?.ephemeralContainers ?? []) as Obj[]).map((c) => String(c.name))];
    if (!all.includes(op.container)) {
      throw new KubectlRefusedError(`container ${op.container} is not valid for pod ${pod.metadata?.name}`, 'not-found');
    }
    return [op.container];
  }
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER];
  if (annotated && names.includes(annotated)) return [annotated];
  if (names.length > 1) ctx.notes.push(`Defaulted container "${names[0]}" out of: ${names.join(', ')}`);
  return names.slice(0, 1);
}

export async function runLogs(ctx: OpContext, op: LogsOp): Promise<KubectlResult> {
  let pods: Obj[];
  const src = op.source;
  if (src.kind === 'pod') {
    pods = [await readObject(ctx.client, PODS, ctx.namespace, src.name, { signal: ctx.signal })];
  } else if (src.kind === 'deployment') {
    const d = await readObject(ctx.client, DEPLOYMENTS, ctx.namespace, src.name, { signal: ctx.signal });
    const list = await listObjects(ctx.client, PODS, { namespace: ctx.namespace, labelSelector: formatSelector(d.spec?.selector) }, { signal: ctx.signal });
    const candidates = [...((list.items ?? []) as Obj[])].sort(byLogging);
    if (!candidates.length) throw new KubectlRefusedError(`no pods found for deployment.apps/${src.name} (selector ${formatSelector(d.spec?.selector)})`, 'not-found');
    if (candidates.length > 1) ctx.notes.push(`Found ${candidates.length} pods, using pod/${candidates[0].metadata?.name}`);
    pods = [candidates[0]];
  } else {
    const list = await listObjects(ctx.client, PODS, { namespace: ctx.namespace, labelSelector: src.selector }, { signal: ctx.signal });
    pods = (list.items ?? []) as Obj[];
    if (!pods.length) {
      ctx.notes.push(`No resources found in ${ctx.namespace} namespace.`);
      return { text: '', notes: ctx.notes, json: { kind: 'logs', streams: [] } };
    }
  }

  const prefixed = op.prefix;
  const streams: Array<{ pod: string; container: string; lines: string[] }> = [];
  let text = '';
  for (const pod of pods) {
    const name = String(pod.metadata?.name);
    for (const container of containersFor(ctx, op, pod)) {
      const body = await ctx.client.text(
        (o) =>
          ctx.client.core.readNamespacedPodLog(
            {
              name, namespace: ctx.namespace, container, limitBytes: LOG_LIMIT_BYTES,
              ...(op.tail >= 0 ? { tailLines: op.tail } : {}),
              ...(op.sinceSeconds !== undefined ? { sinceSeconds: op.sinceSeconds } : {}),
              ...(op.previous ? { previous: true } : {}),
              ...(op.timestamps ? { timestamps: true } : {}),
            },
            o,
          ),
        { signal: ctx.signal },
      );
      const lines = body.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      streams.push({ pod: name, container, lines });
      const pre = prefixed ? `[pod/${name}/${container}] ` : '';
      text += lines.map((l) => `${pre}${l}\n`).join('');
      if (Buffer.byteLength(body) >= LOG_LIMIT_BYTES) ctx.notes.push(`pod/${name} container ${container}: output cut at ${LOG_LIMIT_BYTES / 1024 / 1024} MiB; use --tail or --since.`);
    }
  }
  return { text, notes: ctx.notes, json: { kind: 'logs', streams } };
}
