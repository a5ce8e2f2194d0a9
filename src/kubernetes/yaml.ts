/**
 * YAML exactly as `kubectl get -o yaml` prints it (go-yaml v2 via sigs.k8s.io/yaml): keys sorted, sequences not
 * indented under their key, YAML 1.1 quoting (so "2", "true", "yes" and timestamps stay strings), no line folding.
 */
import { stringify } from 'yaml';

export function toYaml(value: unknown): string {
  return stringify(value, { version: '1.1', indentSeq: false, sortMapEntries: true, lineWidth: 0, minContentWidth: 0 });
}

/** JSON as `kubectl get -o json` prints it: four-space indentation, a final newline. */
export function toKubectlJson(value: unknown): string {
  return `${JSON.stringify(value, null, 4)}\n`;
}
