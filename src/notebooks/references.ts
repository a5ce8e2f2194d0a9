/** `{{name}}` / `{{ name }}` parameter references in cell text. */

export interface Reference {
  name: string;
  /** Offsets of the whole `{{ … }}` in the text. */
  start: number;
  end: number;
}

const REFERENCE_RE = /\{\{[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\}\}/g;

export function findReferences(text: string): Reference[] {
  const out: Reference[] = [];
  for (const m of text.matchAll(REFERENCE_RE)) out.push({ name: m[1], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The names a cell refers to, each once, in order of first use. */
export function referencedParameters(text: string): string[] {
  return [...new Set(findReferences(text).map((r) => r.name))];
}

/** A reference that cannot be filled in safely where it stands. */
export class SubstitutionFailure extends Error {
  constructor(
    message: string,
    readonly parameter: string,
  ) {
    super(message);
  }
}

/** Rebuilds text with each reference replaced by `replace(ref)`. */
export function replaceReferences(text: string, refs: readonly Reference[], replace: (ref: Reference) => string): string {
  let out = '';
  let at = 0;
  for (const r of refs) {
    out += text.slice(at, r.start) + replace(r);
    at = r.end;
  }
  return out + text.slice(at);
}
