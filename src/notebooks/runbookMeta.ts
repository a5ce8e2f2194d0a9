/**
 * The runbook fields of the front matter:
 *   title: Model endpoint down
 *   alert: ModelEndpointDown        (a string or a list; `alerts:` is accepted too)
 *   severity: SEV1
 *   parameters:
 *     namespace: { default: ai, description: Kubernetes namespace }
 *     instance: { label: instance }  (filled from this alert label; default: the label of the same name)
 *     model: {}                      (no default)
 *     replicas: 3                    (a scalar is a default)
 */
import type { FrontMatter, ParameterSpec, RunbookMeta } from './types';

/** What a parameter name may look like; the same names `{{name}}` references accept. */
export const PARAMETER_NAME_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function runbookMeta(frontMatter: FrontMatter | Record<string, unknown> | undefined): RunbookMeta {
  const data = frontMatter === undefined ? undefined : isFrontMatter(frontMatter) ? frontMatter.data : frontMatter;
  const meta: RunbookMeta = { alerts: [], parameters: [], problems: [] };
  if (!data) return meta;

  const title = scalarText(data.title);
  if (title !== undefined) meta.title = title;
  else if (data.title !== undefined && data.title !== null) meta.problems.push('title must be text');

  for (const key of ['alert', 'alerts'] as const) {
    const v = data[key];
    if (v === undefined || v === null) continue;
    const list = Array.isArray(v) ? v : [v];
    for (const item of list) {
      const name = scalarText(item);
      if (name !== undefined && name.trim() !== '') meta.alerts.push(name.trim());
      else meta.problems.push(`${key}: every entry must be an alert name`);
    }
  }
  meta.alerts = [...new Set(meta.alerts)];

  const severity = scalarText(data.severity);
  if (severity !== undefined) meta.severity = severity;
  else if (data.severity !== undefined && data.severity !== null) meta.problems.push('severity must be text such as SEV1');

  const params = data.parameters;
  if (params !== undefined && params !== null) {
    if (typeof params !== 'object' || Array.isArray(params)) {
      meta.problems.push('parameters must be a mapping of name: { default, description, label }');
    } else {
      for (const [name, spec] of Object.entries(params as Record<string, unknown>)) {
        const parsed = parameterSpec(name, spec);
        if (typeof parsed === 'string') meta.problems.push(parsed);
        else meta.parameters.push(parsed);
      }
    }
  }
  return meta;
}

function parameterSpec(name: string, spec: unknown): ParameterSpec | string {
  if (!PARAMETER_NAME_RE.test(name)) {
    return `parameter "${name}" was ignored: names start with a letter or _ and hold only letters, digits, _ and -`;
  }
  const out: ParameterSpec = { name, label: name };
  if (spec === null || spec === undefined) return out;
  const scalar = scalarText(spec);
  if (scalar !== undefined) {
    out.default = scalar;
    return out;
  }
  if (typeof spec !== 'object' || Array.isArray(spec)) {
    return `parameter "${name}" was ignored: write it as ${name}: { default: ..., description: ..., label: ... }`;
  }
  const s = spec as Record<string, unknown>;
  const def = scalarText(s.default);
  if (def !== undefined) out.default = def;
  else if (s.default !== undefined && s.default !== null) return `parameter "${name}": default must be text or a number`;
  const description = scalarText(s.description);
  if (description !== undefined) out.description = description;
  const label = scalarText(s.label);
  if (label !== undefined && label.trim() !== '') out.label = label.trim();
  else if (s.label !== undefined && s.label !== null) return `parameter "${name}": label must be an alert label name`;
  return out;
}

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

function isFrontMatter(v: FrontMatter | Record<string, unknown>): v is FrontMatter {
  return typeof (v as FrontMatter).raw === 'string' && typeof (v as FrontMatter).yaml === 'string' && Array.isArray((v as FrontMatter).diagnostics);
}
