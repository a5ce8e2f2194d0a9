/**
 * Fills `{{name}}` references in PromQL. A value becomes a double-quoted PromQL string literal
 * (`model={{model}}` -> `model="gpt-4o"`), escaped so it can never end the string. Where a literal would not
 * fit, the value is escaped for its place instead:
 *   inside a quoted string ("…{{x}}…", '…', `…`)  the escaped characters, no extra quotes
 *   inside a range or subquery [{{window}}]        a duration such as 5m or 1h30m (checked), unquoted
 */
import { SubstitutionFailure, replaceReferences, type Reference } from './references';

const DURATION_RE = /^(?:(?:\d+(?:ms|s|m|h|d|w|y))+|\d+(?:\.\d+)?)$/;

/** A PromQL double-quoted string literal holding exactly `value`. */
export function promqlString(value: string): string {
  return `"${escapePromql(value, '"')}"`;
}

/** Escapes `value` for the inside of a PromQL string quoted with `quote` (Go escape rules). */
export function escapePromql(value: string, quote: '"' | "'"): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

type Context = '"' | "'" | '`' | 'comment' | 'range' | 'expression';

export function substitutePromql(text: string, refs: readonly Reference[], valueOf: (name: string) => string): string {
  const contexts = promqlContexts(text, refs);
  let k = 0;
  return replaceReferences(text, refs, (ref) => {
    const value = valueOf(ref.name);
    const context = contexts[k++];
    switch (context) {
      case '"':
      case "'":
        return escapePromql(value, context);
      case '`':
        if (value.includes('`')) {
          throw new SubstitutionFailure(`parameter "${ref.name}" contains a backquote and is used inside a \`…\` raw string; use a "…" string there instead`, ref.name);
        }
        return value;
      case 'range':
        if (!DURATION_RE.test(value)) {
          throw new SubstitutionFailure(`parameter "${ref.name}" is used in a range [...] and must be a duration such as 5m or 1h30m, not ${JSON.stringify(value)}`, ref.name);
        }
        return value;
      default:
        return promqlString(value);
    }
  });
}

/** The lexical context of each reference (refs sorted by offset). */
function promqlContexts(text: string, refs: readonly Reference[]): Context[] {
  const out: Context[] = [];
  let k = 0;
  let quote: '"' | "'" | '`' | undefined;
  let comment = false;
  let brackets = 0;
  const n = text.length;
  for (let i = 0; i < n && k < refs.length; ) {
    if (i >= refs[k].start) {
      out.push(quote ?? (comment ? 'comment' : brackets > 0 ? 'range' : 'expression'));
      i = Math.max(i, refs[k].end);
      k++;
      continue;
    }
    const c = text[i];
    if (comment) {
      if (c === '\n' || c === '\r') comment = false;
    } else if (quote) {
      if (c === '\\' && quote !== '`') {
        i += 2;
        continue;
      }
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '#') comment = true;
    else if (c === '[') brackets++;
    else if (c === ']' && brackets > 0) brackets--;
    i++;
  }
  return out;
}
