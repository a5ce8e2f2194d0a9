/**
 * Fills `{{name}}` references in an sh cell (which only ever runs in the engineer's terminal, after they
 * confirm it). Every value becomes a single-quoted shell word, so no character of it is special to the shell.
 * The scanner follows the quoting around each reference, and the value is quoted for that place:
 *   plain text, $( … ), ` … `, ${ … }   'value'          (a ' inside becomes '\'')
 *   inside '…'                            value with ' as '\''
 *   inside "…"                            "'value'"        (closes the double quotes, then reopens them)
 *   inside $'…'                           ''value'$'
 *   in a # comment                        'value', refused if it holds a line break (that would end the comment)
 *   in a here-document body               refused: quotes mean nothing there
 */
import { SubstitutionFailure, replaceReferences, type Reference } from './references';

type Frame =
  | { type: 'normal' | 'squote' | 'dquote' | 'dsquote' | 'backtick' | 'dbrace' | 'comment' }
  | { type: 'dparen'; depth: number }
  | { type: 'heredoc'; delimiter: string; dash: boolean };

interface Context {
  type: Frame['type'];
  /** How many `…` command substitutions enclose the reference. */
  backticks: number;
}

/** A single-quoted shell word holding exactly `value`. */
export function shellSingleQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function substituteSh(text: string, refs: readonly Reference[], valueOf: (name: string) => string): string {
  const contexts = shContexts(text, refs);
  let k = 0;
  return replaceReferences(text, refs, (ref) => {
    const context = contexts[k++] ?? { type: 'normal', backticks: 0 };
    let quoted = quoteFor(context.type, ref.name, valueOf(ref.name));
    // Inside `…` the shell first removes one level of \ before \, ` and $: add it back once per level.
    for (let b = 0; b < context.backticks; b++) quoted = quoted.replace(/[\\`$]/g, '\\$&');
    return quoted;
  });
}

function quoteFor(type: Frame['type'], name: string, value: string): string {
  switch (type) {
    case 'squote':
      return value.replace(/'/g, `'\\''`);
    case 'dquote':
      return `"${shellSingleQuote(value)}"`;
    case 'dsquote':
      return `'${shellSingleQuote(value)}$'`;
    case 'comment':
      if (/[\r\n]/.test(value)) {
        throw new SubstitutionFailure(`parameter "${name}" holds a line break and is used in a # comment, where it would end the comment`, name);
      }
      return shellSingleQuote(value);
    case 'heredoc':
      throw new SubstitutionFailure(`parameter "${name}" is used inside a here-document, where it cannot be quoted safely; pass it as an argument instead (for example printf '%s\\n' {{${name}}})`, name);
    default:
      return shellSingleQuote(value);
  }
}

function shContexts(text: string, refs: readonly Reference[]): Context[] {
  const out: Context[] = [];
  const stack: Frame[] = [{ type: 'normal' }];
  const pendingHeredocs: { delimiter: string; dash: boolean }[] = [];
  const n = text.length;
  let k = 0;
  let lineStart = true;
  let i = 0;
  const top = () => stack[stack.length - 1];
  const wordStart = (at: number) => at === 0 || /[\s;&|()<>]/.test(text[at - 1]);

  while (i < n && k < refs.length) {
    const frame = top();
    if (frame.type === 'heredoc' && lineStart) {
      const eol = text.slice(i).search(/\r\n|\r|\n/);
      const lineEnd = eol < 0 ? n : i + eol;
      const line = text.slice(i, lineEnd);
      if ((frame.dash ? line.replace(/^\t+/, '') : line) === frame.delimiter) {
        stack.pop();
        i = lineEnd;
        continue;
      }
    }
    if (i >= refs[k].start) {
      out.push({ type: frame.type, backticks: stack.filter((f) => f.type === 'backtick').length });
      i = Math.max(i, refs[k].end);
      k++;
      lineStart = false;
      continue;
    }
    const c = text[i];
    const next = text[i + 1];
    lineStart = false;
    if (c === '\n' || c === '\r') {
      lineStart = true;
      if (c === '\r' && next === '\n') i++;
      if (frame.type === 'comment') stack.pop();
      if (top().type !== 'heredoc' && pendingHeredocs.length > 0 && top().type === 'normal') {
        // Bodies follow in order: push them so the first is on top.
        for (const h of pendingHeredocs.reverse()) stack.push({ type: 'heredoc', ...h });
        pendingHeredocs.length = 0;
      }
      i++;
      continue;
    }
    switch (frame.type) {
      case 'comment':
      case 'heredoc':
        i++;
        continue;
      case 'squote':
        if (c === "'") stack.pop();
        i++;
        continue;
      case 'dsquote':
        if (c === '\\') i += 2;
        else {
          if (c === "'") stack.pop();
          i++;
        }
        continue;
      case 'dquote':
      case 'backtick':
        if (c === '\\') {
          i += 2;
          continue;
        }
        if (frame.type === 'dquote' && c === '"') stack.pop();
        else if (frame.type === 'backtick' && c === '`') stack.pop();
        else if (c === '`') stack.push({ type: 'backtick' });
        else if (c === '$' && next === '(') {
          stack.push({ type: 'dparen', depth: 0 });
          i++;
        } else if (c === '$' && next === '{') {
          stack.push({ type: 'dbrace' });
          i++;
        } else if (frame.type === 'backtick' && c === "'") stack.push({ type: 'squote' });
        else if (frame.type === 'backtick' && c === '"') stack.push({ type: 'dquote' });
        i++;
        continue;
      default: {
        // normal, dparen, dbrace
        if (c === '\\') {
          i += 2;
          continue;
        }
        if (c === "'") stack.push({ type: 'squote' });
        else if (c === '$' && next === "'") {
          stack.push({ type: 'dsquote' });
          i++;
        } else if (c === '$' && next === '"') {
          stack.push({ type: 'dquote' });
          i++;
        } else if (c === '"') stack.push({ type: 'dquote' });
        else if (c === '`') stack.push({ type: 'backtick' });
        else if (c === '$' && next === '(') {
          stack.push({ type: 'dparen', depth: 0 });
          i++;
        } else if (c === '$' && next === '{') {
          stack.push({ type: 'dbrace' });
          i++;
        } else if (c === '#' && frame.type !== 'dbrace' && wordStart(i)) stack.push({ type: 'comment' });
        else if (frame.type === 'dparen' && c === '(') frame.depth++;
        else if (frame.type === 'dparen' && c === ')') {
          if (frame.depth === 0) stack.pop();
          else frame.depth--;
        } else if (frame.type === 'dbrace' && c === '}') stack.pop();
        else if (c === '<' && next === '<' && text[i + 2] !== '<') {
          const m = /^<<(-?)[ \t]*(?:'([^'\r\n]*)'|"([^"\r\n]*)"|([^\s;&|<>()'"]+))/.exec(text.slice(i, i + 300));
          if (m) {
            pendingHeredocs.push({ delimiter: m[2] ?? m[3] ?? (m[4] ?? '').replace(/\\/g, ''), dash: m[1] === '-' });
            i += m[0].length;
            continue;
          }
        }
        i++;
      }
    }
  }
  return out;
}
