/** kubectl describe deployment|pod: the object, its ReplicaSets (deployments) and its events. */
import type { DescribeOp } from '../args';
import { describeDeployment, describePod, formatSelector } from '../describe';
import { deploymentReplicaSets } from '../rollback';
import { RESOURCE_TYPES } from '../resources';
import type { KubectlResult } from '../result';
import type { OpContext } from './context';
import { stripManaged } from './mutate';
import { listObjects, readObject } from './objects';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const type = (r: string) => RESOURCE_TYPES.find((t) => t.resource === r)!;

async function eventsFor(ctx: OpContext, obj: Obj, kind: string): Promise<Obj[]> {
  const m = obj.metadata ?? {};
  const fieldSelector = [`involvedObject.name=${m.name}`, `involvedObject.namespace=${m.namespace}`, `involvedObject.kind=${kind}`, `involvedObject.uid=${m.uid}`].join(',');
  try {
    const list = await listObjects(ctx.client, type('events'), { namespace: m.namespace, fieldSelector }, { signal: ctx.signal });
    return list.items ?? [];
  } catch {
    return []; // kubectl describe shows the object even when events cannot be read
  }
}

export async function runDescribe(ctx: OpContext, op: DescribeOp): Promise<KubectlResult> {
  let objects: Obj[];
  if (op.names.length) {
    objects = [];
    for (const name of op.names) objects.push(await readObject(ctx.client, op.type, ctx.namespace, name, { signal: ctx.signal }));
  } else {
    const list = await listObjects(ctx.client, op.type, { namespace: ctx.namespace, labelSelector: op.labelSelector }, { signal: ctx.signal });
    objects = list.items ?? [];
  }
  if (!objects.length) {
    ctx.notes.push(`No resources found in ${ctx.namespace} namespace.`);
    return { text: '', notes: ctx.notes, json: { kind: 'describe', items: [] } };
  }
  const texts: string[] = [];
  const items: Obj[] = [];
  const now = ctx.now.getTime();
  for (const obj of objects) {
    if (op.type.resource === 'deployments') {
      const rsList = await listObjects(ctx.client, type('replicasets'), { namespace: obj.metadata.namespace, labelSelector: formatSelector(obj.spec?.selector) }, { signal: ctx.signal }).catch(() => ({ items: [] }));
      const { newRS, oldRSs } = deploymentReplicaSets(obj, rsList.items ?? []);
      const events = await eventsFor(ctx, obj, 'Deployment');
      texts.push(describeDeployment({ deployment: obj, oldReplicaSets: oldRSs, newReplicaSet: newRS, events, now }));
      items.push({ object: stripManaged(obj), newReplicaSet: newRS?.metadata?.name ?? null, oldReplicaSets: oldRSs.map((r) => r.metadata?.name), events });
    } else {
      const events = await eventsFor(ctx, obj, 'Pod');
      texts.push(describePod(obj, events, now));
      items.push({ object: stripManaged(obj), events });
    }
  }
  return { text: texts.join('\n\n'), notes: ctx.notes, json: { kind: 'describe', items } };
}
