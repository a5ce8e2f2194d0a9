/**
 * The diff an engineer confirms before a mutation: the live object and the server's dry-run result as YAML (the
 * same YAML as `kubectl get -o yaml`), compared line by line and shown in unified style with three lines of context.
 * Bookkeeping that changes on every write (managedFields, resourceVersion, generation) is left out so that only the
 * change itself shows.
 */
import { toYaml } from './yaml';

export interface ObjectDiffOptions {
  /** Header names, for example "live deployment.apps/web" and "after (server dry run)". */
  from?: string;
  to?: string;
  /** Lines of context around each change (default 3). */
  context?: number;
}

/** Fields dropped from both sides before comparing. */
export function withoutNoise(obj: unknown): unknown {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return obj;
  const copy = { ...(obj as Record<string, unknown>) };
  const meta = copy.metadata;
  if (meta && typeof meta === 'object' && !Array.isArray(meta)) {
    const m = { ...(meta as Record<string, unknown>) };
    delete m.managedFields;
    delete m.resourceVersion;
    delete m.generation;
    copy.metadata = m;
  }
  return copy;
}

/** A unified diff of the two objects' YAML, or '' when they are the same (after dropping the noise). */
export function objectDiff(before: unknown, after: unknown, options: ObjectDiffOptions = {}): string {
  const a = toYaml(withoutNoise(before)).split('\n');
  const b = toYaml(withoutNoise(after)).split('\n');
  if (a[a.length - 1] === '') a.pop();
  if (b[b.length - 1] === '') b.pop();
  return unifiedDiff(a, b, options);
}

type Edit = { op: ' ' | '-' | '+'; line: string; a: number; b: number };

/** Unified diff of two line arrays ('' when equal). */
export function unifiedDiff(a: readonly string[], b: readonly string[], options: ObjectDiffOptions = {}): string {
  const edits = diffLines(a, b);
  if (!edits.some((e) => e.op !== ' ')) return '';
  const ctx = options.context ?? 3;
  const out: string[] = [`--- ${options.from ?? 'before'}`, `+++ ${options.to ?? 'after'}`];
  let i = 0;
  while (i < edits.length) {
    if (edits[i].op === ' ') {
      i++;
      continue;
    }
    // A hunk: from ctx lines before this change to ctx lines after the last change that is within 2*ctx of the next.
    let start = Math.max(0, i - ctx);
    while (start < i && edits[start].op !== ' ') start++;
    let end = i;
    let k = i;
    while (k < edits.length) {
      if (edits[k].op !== ' ') {
        end = k;
        k++;
        continue;
      }
      let run = 0;
      while (k + run < edits.length && edits[k + run].op === ' ') run++;
      if (k + run >= edits.length || run > 2 * ctx) break;
      k += run;
    }
    const stop = Math.min(edits.length, end + 1 + ctx);
    const hunk = edits.slice(start, stop);
    const aStart = hunk.find((e) => e.op !== '+')?.a ?? hunk[0].a;
    const bStart = hunk.find((e) => e.op !== '-')?.b ?? hunk[0].b;
    const aLen = hunk.filter((e) => e.op !== '+').length;
    const bLen = hunk.filter((e) => e.op !== '-').length;
    out.push(`@@ -${range(aStart, aLen)} +${range(bStart, bLen)} @@`);
    for (const e of hunk) out.push(`${e.op}${e.line}`);
    i = stop;
  }
  return out.join('\n') + '\n';
}

function range(start: number, len: number): string {
  // 1-based; an empty range names the line before it, as diff -u does.
  return len === 1 ? `${start + 1}` : `${len === 0 ? start : start + 1},${len}`;
}

/** Myers' O(ND) shortest edit script, as a list of kept, removed and added lines. */
function diffLines(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  // Walk back through the saved frontiers.
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      edits.push({ op: ' ', line: a[x], a: x, b: y });
    }
    if (d > 0) {
      if (x === prevX) {
        y--;
        edits.push({ op: '+', line: b[y], a: x, b: y });
      } else {
        x--;
        edits.push({ op: '-', line: a[x], a: x, b: y });
      }
    }
  }
  return edits.reverse();
}
