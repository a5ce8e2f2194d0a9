/**
 * Patch bodies computed from an object before and after a change, as kubectl computes them:
 * - createMergePatch: RFC 7386 JSON merge patch (evanphx/json-patch CreateMergePatch), used by annotate and label;
 * - createStrategicMergePatch: the two-way strategic merge patch of apimachinery's CreateTwoWayMergePatch for the
 *   fields kubectl's set env and rollout restart change (lists merged by key with $setElementOrder directives,
 *   removed list items as {"$patch":"delete"}, removed fields as null);
 * - revertOps: a JSON patch (RFC 6902) that undoes a change, guarded by `test` operations so it applies only while
 *   the changed fields still hold what the change wrote.
 */

type Json = unknown;
type JsonObject = Record<string, Json>;

export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'test';
  path: string;
  value?: Json;
}

export function isObject(v: Json): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Deep equality of JSON values (object key order ignored), as reflect.DeepEqual on decoded JSON. */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

function sortedObject(o: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

/** RFC 7386 merge patch that turns `original` into `modified` (keys sorted, as Go marshals maps). */
export function createMergePatch(original: JsonObject, modified: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const k of Object.keys(original)) {
    if (!Object.hasOwn(modified, k)) patch[k] = null;
  }
  for (const k of Object.keys(modified)) {
    const o = original[k];
    const m = modified[k];
    if (!Object.hasOwn(original, k)) {
      patch[k] = m;
    } else if (isObject(o) && isObject(m)) {
      const sub = createMergePatch(o, m);
      if (Object.keys(sub).length) patch[k] = sub;
    } else if (!jsonEqual(o, m)) {
      patch[k] = m;
    }
  }
  return sortedObject(patch);
}

/**
 * Lists that strategic merge patch merges by a key (patchStrategy "merge" in the Kubernetes API types), keyed by the
 * last two segments of their path. Other lists are replaced whole.
 */
const MERGE_KEYS: Record<string, string> = {
  'spec.containers': 'name',
  'spec.initContainers': 'name',
  'spec.ephemeralContainers': 'name',
  'spec.volumes': 'name',
  'spec.imagePullSecrets': 'name',
  'containers.env': 'name',
  'initContainers.env': 'name',
  'containers.ports': 'containerPort',
  'initContainers.ports': 'containerPort',
  'containers.volumeMounts': 'mountPath',
  'initContainers.volumeMounts': 'mountPath',
  'metadata.ownerReferences': 'uid',
};

function mergeKeyFor(path: readonly string[]): string | undefined {
  return MERGE_KEYS[path.slice(-2).join('.')];
}

/** The two-way strategic merge patch from `original` to `modified` (CreateTwoWayMergePatch with SetElementOrder). */
export function createStrategicMergePatch(original: JsonObject, modified: JsonObject): JsonObject {
  return diffMaps(original, modified, []);
}

function diffMaps(original: JsonObject, modified: JsonObject, path: string[]): JsonObject {
  const patch: JsonObject = {};
  for (const key of Object.keys(modified)) {
    const m = modified[key];
    if (!Object.hasOwn(original, key)) {
      patch[key] = m;
      continue;
    }
    const o = original[key];
    const kind = (v: Json) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
    if (kind(o) !== kind(m)) {
      patch[key] = m;
      continue;
    }
    if (isObject(o) && isObject(m)) {
      const sub = diffMaps(o, m, [...path, key]);
      if (Object.keys(sub).length) patch[key] = sub;
    } else if (Array.isArray(o) && Array.isArray(m)) {
      diffSlice(key, o, m, [...path, key], patch);
    } else if (!jsonEqual(o, m)) {
      patch[key] = m;
    }
  }
  for (const key of Object.keys(original)) {
    if (!Object.hasOwn(modified, key)) patch[key] = null;
  }
  return sortedObject(patch);
}

function diffSlice(key: string, original: Json[], modified: Json[], path: string[], patch: JsonObject): void {
  const mergeKey = mergeKeyFor(path);
  const maps = [...original, ...modified].every(isObject);
  if (!mergeKey || !maps) {
    if (!jsonEqual(original, modified)) patch[key] = modified;
    return;
  }
  if (original.length === 0) {
    if (modified.length) patch[key] = modified;
    return;
  }
  const keyOf = (x: Json) => String((x as JsonObject)[mergeKey]);
  const origByKey = new Map(original.map((x) => [keyOf(x), x as JsonObject]));
  const modKeys = new Set(modified.map(keyOf));
  const changes: JsonObject[] = [];
  // Changed and added items, in the order of the modified list (normalizeSliceOrder).
  for (const item of modified as JsonObject[]) {
    const before = origByKey.get(keyOf(item));
    if (!before) {
      changes.push(item);
      continue;
    }
    const sub = diffMaps(before, item, path);
    if (Object.keys(sub).length) changes.push(sortedObject({ ...sub, [mergeKey]: item[mergeKey] }));
  }
  // Removed items, sorted by key, after the others.
  const removed = (original as JsonObject[])
    .filter((x) => !modKeys.has(keyOf(x)))
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
    .map((x) => ({ $patch: 'delete', [mergeKey]: x[mergeKey] }));
  const list = [...changes, ...removed];
  const orderSame = original.length === modified.length && original.every((x, i) => keyOf(x) === keyOf(modified[i]));
  if (list.length) patch[key] = list;
  if (list.length || !orderSame) {
    patch[`$setElementOrder/${key}`] = modified.map((x) => ({ [mergeKey]: (x as JsonObject)[mergeKey] }));
  }
}

/** JSON pointer escaping (RFC 6901). */
export function pointer(path: readonly (string | number)[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * The JSON patch that turns `after` back into `before` for the fields under `roots` (paths such as
 * ['metadata','annotations'] or ['spec']). Each changed field gets a `test` of the value the change wrote, then the
 * operation that restores it; arrays of the same length are compared item by item, other arrays replaced whole.
 */
export function revertOps(before: JsonObject, after: JsonObject, roots: readonly (readonly string[])[]): JsonPatchOp[] {
  const tests: JsonPatchOp[] = [];
  const ops: JsonPatchOp[] = [];
  const get = (o: Json, path: readonly string[]): Json => path.reduce<Json>((v, k) => (isObject(v) ? v[k] : undefined), o);
  const walk = (b: Json, a: Json, path: (string | number)[]) => {
    if (jsonEqual(b, a)) return;
    const bObj = isObject(b) || b === undefined || b === null;
    const aObj = isObject(a) || a === undefined || a === null;
    if (bObj && aObj && (isObject(a) || isObject(b))) {
      const bo = isObject(b) ? b : {};
      const ao = isObject(a) ? a : {};
      if (!isObject(a)) {
        // The change removed a whole map: put it back.
        ops.push({ op: 'add', path: pointer(path), value: bo });
        return;
      }
      for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) walk(bo[k], ao[k], [...path, k]);
      return;
    }
    if (Array.isArray(b) && Array.isArray(a) && a.length === b.length) {
      a.forEach((x, i) => walk(b[i], x, [...path, i]));
      return;
    }
    const p = pointer(path);
    if (a === undefined) {
      ops.push({ op: 'add', path: p, value: b });
    } else {
      tests.push({ op: 'test', path: p, value: a });
      ops.push(b === undefined ? { op: 'remove', path: p } : { op: 'replace', path: p, value: b });
    }
  };
  for (const root of roots) walk(get(before, root), get(after, root), [...root]);
  return [...tests, ...ops];
}
