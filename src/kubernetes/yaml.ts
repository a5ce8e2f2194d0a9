/**
 * YAML as `kubectl get -o yaml` prints it (go-yaml v2 via sigs.k8s.io/yaml): keys sorted, sequences not indented
 * under their key, YAML 1.1 quoting (so "2", "true", "yes" and timestamps stay strings). With `fold`, long plain
 * strings are folded near 80 columns as kubectl folds them (go-yaml breaks at the first space past column 80, the
 * yaml package at the last space before it, so fold points can differ); diffs do not fold, so that a changed long
 * value shows as one line.
 */
import { stringify } from 'yaml';

export function toYaml(value: unknown, options: { fold?: boolean } = {}): string {
  return stringify(value, { version: '1.1', indentSeq: false, sortMapEntries: true, lineWidth: options.fold ? 80 : 0, minContentWidth: 0 });
}

/**
 * JSON as `kubectl get -o json` prints it (Go's json.MarshalIndent of an unstructured object): keys sorted,
 * four-space indentation, <, > and & escaped as Go escapes them, a final newline.
 */
export function toKubectlJson(value: unknown): string {
  const text = JSON.stringify(sortKeys(value), null, 4).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${text}\n`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v as Record<string, unknown>).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
  return out;
}
