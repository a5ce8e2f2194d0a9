/**
 * Runbook parameters: resolving their values (engineer override > alert label > default) and filling
 * `{{name}}` references in a cell, quoted for the cell's language so that a value is always data:
 *   promql   a PromQL string literal (see promqlSubstitution.ts)
 *   kubectl  the cell is split into words first (shellWords.ts, no shell syntax allowed), then each
 *            reference is replaced inside its word: a value is always part of one argument, verbatim
 *   http     percent-encoded in the URL, checked in headers, JSON-escaped in a JSON body (httpSubstitution.ts)
 *   sh       a single-quoted shell word (shSubstitution.ts); sh only runs in the terminal, after confirmation
 * A reference to an unknown or empty parameter is an error naming the parameter and the cell; nothing is
 * filled in then.
 */
import { substituteHttp } from './httpSubstitution';
import { substitutePromql } from './promqlSubstitution';
import { SubstitutionFailure, findReferences, replaceReferences, type Reference } from './references';
import { ShellSyntaxError, quoteShellWord, shellWords } from './shellWords';
import { substituteSh } from './shSubstitution';
import type { ParameterSpec } from './types';

export { referencedParameters, findReferences } from './references';
export type { Reference } from './references';

export type ParameterSource = 'override' | 'alert' | 'default';

export interface ResolvedParameters {
  /** Name -> value for every parameter that has a non-empty value. */
  values: Map<string, string>;
  /** Where each value came from. */
  sources: Map<string, ParameterSource>;
  /** Declared parameters without a value, in declaration order. */
  missing: string[];
}

type Values = ReadonlyMap<string, string> | Readonly<Record<string, string | undefined>>;

function lookup(values: Values | undefined, name: string): string | undefined {
  if (!values) return undefined;
  if (values instanceof Map) return values.get(name);
  const rec = values as Readonly<Record<string, string | undefined>>;
  return Object.prototype.hasOwnProperty.call(rec, name) ? rec[name] : undefined;
}

/** Values for the declared parameters: a non-empty override wins, then the alert label, then the default. */
export function resolveParameters(specs: readonly ParameterSpec[], alertLabels?: Values, overrides?: Values): ResolvedParameters {
  const values = new Map<string, string>();
  const sources = new Map<string, ParameterSource>();
  const missing: string[] = [];
  for (const spec of specs) {
    const candidates: [ParameterSource, string | undefined][] = [
      ['override', lookup(overrides, spec.name)],
      ['alert', lookup(alertLabels, spec.label)],
      ['default', spec.default],
    ];
    const found = candidates.find(([, v]) => typeof v === 'string' && v !== '');
    if (found) {
      values.set(spec.name, found[1] as string);
      sources.set(spec.name, found[0]);
    } else missing.push(spec.name);
  }
  return { values, sources, missing };
}

export type SubstitutionResult =
  | {
      ok: true;
      /** The filled-in cell text (kubectl: the command for display, `kubectl` and the quoted arguments). */
      text: string;
      /** kubectl: the arguments after `kubectl`, one per word, values verbatim. */
      args?: string[];
    }
  | {
      ok: false;
      /** What is wrong, naming the cell and the parameter, and what to do. */
      message: string;
      parameter?: string;
    };

export interface SubstituteOptions {
  /** How to name the cell in messages, for example its name attribute or "cell 3". */
  cell?: string;
  /** The declared parameter names; a reference to any other name is an error even if `values` has it. */
  declared?: Iterable<string>;
}

const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function substitute(cellText: string, language: string, values: Values, options: SubstituteOptions = {}): SubstitutionResult {
  const cell = options.cell ? `Cell "${options.cell}"` : 'The cell';
  const lang = language.toLowerCase();
  const refs = findReferences(cellText);
  const declared = options.declared ? new Set(options.declared) : undefined;

  for (const name of new Set(refs.map((r) => r.name))) {
    const fail = (why: string): SubstitutionResult => ({ ok: false, parameter: name, message: `${cell}: parameter "${name}" ${why}` });
    if (declared && !declared.has(name)) {
      return fail('is not declared; add it under parameters: in the runbook front matter, or fix the name.');
    }
    const value = lookup(values, name);
    if (value === undefined) {
      return fail(declared ? 'has no value; give it a default in the front matter, or enter one before running.' : 'is unknown: it is not among the runbook parameters.');
    }
    if (value === '') return fail('is empty; enter a value before running.');
    if (LONE_SURROGATE_RE.test(value)) return fail('holds broken Unicode text (a lone surrogate); enter it again.');
    if ((lang === 'kubectl' || lang === 'sh') && value.includes('\0')) return fail('holds a NUL character, which no command argument can carry.');
  }
  const valueOf = (name: string) => lookup(values, name) as string;

  try {
    switch (lang) {
      case 'promql':
        return { ok: true, text: substitutePromql(cellText, refs, valueOf) };
      case 'http':
        return { ok: true, text: substituteHttp(cellText, refs, valueOf) };
      case 'sh':
        return { ok: true, text: substituteSh(cellText, refs, valueOf) };
      case 'kubectl': {
        const args = kubectlArgs(cellText, valueOf);
        if (args.length === 0) return { ok: false, message: `${cell}: the cell holds no kubectl command.` };
        return { ok: true, text: ['kubectl', ...args].map(quoteShellWord).join(' '), args };
      }
      default:
        if (refs.length === 0) return { ok: true, text: cellText };
        return { ok: false, parameter: refs[0].name, message: `${cell}: ${language || 'this'} cells do not take parameters ({{${refs[0].name}}}).` };
    }
  } catch (e) {
    if (e instanceof SubstitutionFailure) return { ok: false, parameter: e.parameter, message: `${cell}: ${e.message}.` };
    if (e instanceof ShellSyntaxError) return { ok: false, message: `${cell}: ${e.message}` };
    throw e;
  }
}

/** Words first, then references inside each word: a value never splits or joins arguments. */
function kubectlArgs(text: string, valueOf: (name: string) => string): string[] {
  const words = shellWords(text, { templates: true });
  if (words[0] === 'kubectl') words.shift();
  return words.map((w) => {
    const refs: Reference[] = findReferences(w);
    return refs.length === 0 ? w : replaceReferences(w, refs, (r) => valueOf(r.name));
  });
}
