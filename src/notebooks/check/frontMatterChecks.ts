/**
 * Front matter and parameters: YAML problems, ignored fields, and declared parameters that nothing can fill
 * (no default and no alert label), each at the line of the front matter that declares it.
 */
import type { FrontMatter, ParsedRunbook, RunbookMeta } from '../types';

export interface FrontMatterProblem {
  line: number;
  severity: 'error' | 'warning';
  code: 'front-matter' | 'parameter-without-value';
  message: string;
}

/** Finds the file line of a parameter's declaration (heuristic over the YAML text; 1 when not found). */
export class FrontMatterLines {
  private readonly lines: string[];
  private readonly parametersIndex: number;

  constructor(private readonly frontMatter: FrontMatter | undefined) {
    this.lines = frontMatter ? frontMatter.yaml.split(/\r\n|\r|\n/) : [];
    this.parametersIndex = this.lines.findIndex((l) => /^parameters[ \t]*:/.test(l));
  }

  /** The file line of `parameters:` or, given a name, of that parameter's key below it. */
  parameterLine(name?: string): number {
    if (!this.frontMatter) return 1;
    if (this.parametersIndex < 0) return 1;
    if (name !== undefined) {
      const key = new RegExp(`^[ \\t]+(?:${escape(name)}|"${escape(name)}"|'${escape(name)}')[ \\t]*:`);
      for (let i = this.parametersIndex + 1; i < this.lines.length; i++) {
        if (/^\S/.test(this.lines[i])) break; // the next top-level key
        if (key.test(this.lines[i])) return i + 2; // +1 for 1-based, +1 for the opening ---
      }
    }
    return this.parametersIndex + 2;
  }

  /** The file line of a top-level key such as `title`. */
  keyLine(key: string): number {
    const i = this.lines.findIndex((l) => new RegExp(`^${escape(key)}[ \\t]*:`).test(l));
    return i < 0 ? 1 : i + 2;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function checkFrontMatter(parsed: ParsedRunbook, meta: RunbookMeta, where: FrontMatterLines): FrontMatterProblem[] {
  const out: FrontMatterProblem[] = [];
  for (const d of parsed.frontMatter?.diagnostics ?? []) {
    out.push({ line: d.line ?? 1, severity: d.severity, code: 'front-matter', message: d.message });
  }
  for (const problem of meta.problems) {
    const param = /^parameter "([^"]*)"/.exec(problem)?.[1];
    const key = /^(title|alerts?|severity|parameters)\b/.exec(problem)?.[1];
    const line = param !== undefined ? where.parameterLine(param) : key === 'parameters' ? where.parameterLine() : key ? where.keyLine(key) : 1;
    out.push({ line, severity: 'warning', code: 'front-matter', message: `Front matter: ${problem}.` });
  }
  const raw = parsed.frontMatter?.data?.parameters;
  const rawSpecs = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  for (const spec of meta.parameters) {
    if (spec.default !== undefined && spec.default !== '') continue;
    const r = rawSpecs[spec.name];
    const label = r && typeof r === 'object' && !Array.isArray(r) ? (r as Record<string, unknown>).label : undefined;
    if (typeof label === 'string' && label.trim() !== '') continue;
    out.push({
      line: where.parameterLine(spec.name),
      severity: 'warning',
      code: 'parameter-without-value',
      message: `Parameter "${spec.name}" has neither a default nor a label: give it a default, or name the alert label that fills it (label: ${spec.name}); until then its cells stop and ask for a value.`,
    });
  }
  return out;
}
