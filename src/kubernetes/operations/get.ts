/**
 * kubectl get: tables from the server (as kubectl asks for them, with the full objects included for the JSON
 * result), or the objects as YAML / JSON / names. managedFields are hidden, as kubectl hides them.
 */
import type { GetOp } from '../args';
import { objectRef, type ResourceType } from '../resources';
import type { KubectlResult } from '../result';
import { isServerTable, renderTable, tableRecords, type ServerTable } from '../table';
import { toKubectlJson, toYaml } from '../yaml';
import type { OpContext } from './context';
import { stripManaged } from './mutate';
import { listObjects, readObject, TABLE_ACCEPT } from './objects';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function withKind(obj: Obj, type: ResourceType): Obj {
  return { apiVersion: type.apiVersion, kind: type.kind, ...stripManaged(obj) };
}

function nsOf(ctx: OpContext, op: GetOp, type: ResourceType): string | undefined {
  if (!type.namespaced) return undefined;
  return op.allNamespaces ? undefined : ctx.namespace;
}

export async function runGet(ctx: OpContext, op: GetOp): Promise<KubectlResult> {
  const table = op.output === 'table' || op.output === 'wide';
  const several = op.targets.length > 1;
  const sections: string[] = [];
  const objects: Obj[] = [];
  const records: Array<Record<string, unknown>> = [];
  let anyRow = false;

  for (const target of op.targets) {
    const { type } = target;
    const namespace = nsOf(ctx, op, type);
    const opts = table ? { accept: TABLE_ACCEPT, query: { includeObject: 'Object' }, signal: ctx.signal } : { signal: ctx.signal };
    const answers: Obj[] = [];
    if (target.names.length) {
      for (const name of target.names) answers.push(await readObject(ctx.client, type, namespace ?? ctx.namespace, name, opts));
    } else {
      answers.push(await listObjects(ctx.client, type, { namespace, labelSelector: op.labelSelector, fieldSelector: op.fieldSelector }, opts));
    }

    if (table) {
      const t = mergeTables(answers);
      const rows = t.rows ?? [];
      if (!rows.length) continue;
      anyRow = true;
      sections.push(renderTable(t, {
        wide: op.output === 'wide',
        withNamespace: op.allNamespaces && type.namespaced,
        ...(several ? { kindPrefix: `${type.singular}${type.group ? `.${type.group}` : ''}/` } : {}),
      }));
      records.push(...tableRecords(t, op.output === 'wide').map((r) => ({ kind: type.kind, ...r })));
      for (const row of rows) if (row.object) objects.push(withKind(row.object, type));
      continue;
    }
    for (const a of answers) {
      const items: Obj[] = Array.isArray(a.items) ? a.items : [a];
      for (const item of items) objects.push(withKind(item, type));
    }
  }

  const emptyText = () => {
    if (op.allNamespaces || op.targets.every((t) => !t.type.namespaced)) return 'No resources found';
    return `No resources found in ${ctx.namespace} namespace.`;
  };

  let text: string;
  if (table) {
    text = anyRow ? sections.join('\n') : '';
    if (!anyRow) ctx.notes.push(emptyText());
    return { text, notes: ctx.notes, json: { kind: 'get', rows: records, items: objects } };
  }
  const single = op.targets.length === 1 && op.targets[0].names.length === 1 && objects.length === 1;
  const doc = single ? objects[0] : { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
  switch (op.output) {
    case 'yaml':
      text = toYaml(doc, { fold: true });
      break;
    case 'json':
      text = toKubectlJson(doc);
      break;
    default:
      text = objects.map((o) => `${objectRef(typeOf(op, o), String(o.metadata?.name))}\n`).join('');
  }
  if (!objects.length && op.output === 'name') ctx.notes.push(emptyText());
  return { text, notes: ctx.notes, json: { kind: 'get', items: objects } };
}

function typeOf(op: GetOp, o: Obj): ResourceType {
  return op.targets.find((t) => t.type.kind === o.kind)?.type ?? op.targets[0].type;
}

function mergeTables(answers: Obj[]): ServerTable {
  const tables = answers.filter(isServerTable);
  if (!tables.length) return { kind: 'Table', columnDefinitions: [], rows: [] };
  return { kind: 'Table', columnDefinitions: tables[0].columnDefinitions, rows: tables.flatMap((t) => t.rows ?? []) };
}
