/**
 * Alertmanager label matchers, read and matched exactly as Alertmanager 0.25 does (pkg/labels/parse.go and
 * matcher.go): `name op value` with op one of = != =~ !~; comma separated; an optional leading `{` and trailing `}`;
 * values unquoted or double-quoted with the escapes \" \\ \n (any other backslash is literal); regexes anchored as
 * ^(?:re)$ with Go's syntax (see goRegex.ts); a label the alert lacks matches as the empty string.
 */
import { InputError } from '../common/errors';
import type { Matcher } from './model';
import { compileGoRegex } from './goRegex';

/** Go's \s in the matcher grammar: ASCII white space only. */
const isAsciiSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';
const isNameStart = (c: string | undefined): boolean => c !== undefined && /^[a-zA-Z_:]$/.test(c);
const isNameChar = (c: string | undefined): boolean => c !== undefined && /^[a-zA-Z0-9_:]$/.test(c);
const UNICODE_SPACE = /^\p{White_Space}$/u;

/**
 * Parses `team="db", severity=~"sev[12]"` (or `{…}`) into matchers. An empty text gives no matchers.
 * Throws InputError naming the character position (1-based) and what was expected there.
 */
export function parseMatchers(text: string): Matcher[] {
  if (/\p{Cs}/u.test(text)) throw new InputError('The matchers are not valid UTF-8 text (they contain a broken character).');
  let chars = Array.from(text);
  let offset = 0;
  if (chars[0] === '{') {
    chars = chars.slice(1);
    offset = 1;
  }
  if (chars[chars.length - 1] === '}') chars = chars.slice(0, -1);

  // Split on commas outside double quotes, exactly as Alertmanager does (an escaped quote does not toggle).
  const tokens: Array<{ chars: string[]; at: number }> = [];
  let insideQuotes = false;
  let escaped = false;
  let start = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === ',') {
      if (!insideQuotes) {
        tokens.push({ chars: chars.slice(start, i), at: offset + start });
        start = i + 1;
      }
    } else if (c === '"') {
      if (!escaped) insideQuotes = !insideQuotes;
      else escaped = false;
    } else if (c === '\\') {
      escaped = !escaped;
    } else {
      escaped = false;
    }
  }
  // Only the last part is trimmed (of any Unicode space) and dropped when empty: "a=b," is fine, "a=b,,c=d" is not.
  let last = chars.slice(start);
  let lastAt = offset + start;
  while (last.length && UNICODE_SPACE.test(last[0])) {
    last = last.slice(1);
    lastAt++;
  }
  while (last.length && UNICODE_SPACE.test(last[last.length - 1])) last = last.slice(0, -1);
  if (last.length) tokens.push({ chars: last, at: lastAt });

  return tokens.map((t) => parseOne(t.chars, t.at));
}

/** One matcher; `at` is the 0-based position of its first character in the whole text. */
function parseOne(c: string[], at: number): Matcher {
  const where = (i: number) => `at character ${at + i + 1}`;
  const shown = JSON.stringify(c.join('').trim());
  let i = 0;
  while (isAsciiSpace(c[i])) i++;
  if (!isNameStart(c[i])) {
    const found = c[i] === undefined ? 'nothing' : JSON.stringify(c[i]);
    throw new InputError(`Bad matcher ${shown}: expected a label name (a letter, _ or :) ${where(i)}, found ${found}. Write matchers like team="db".`);
  }
  const nameStart = i;
  while (isNameChar(c[i])) i++;
  const name = c.slice(nameStart, i).join('');
  while (isAsciiSpace(c[i])) i++;
  let op: '=' | '!=' | '=~' | '!~';
  if (c[i] === '=' && c[i + 1] === '~') op = '=~';
  else if (c[i] === '=') op = '=';
  else if (c[i] === '!' && c[i + 1] === '=') op = '!=';
  else if (c[i] === '!' && c[i + 1] === '~') op = '!~';
  else {
    const found = c[i] === undefined ? 'the end' : JSON.stringify(c[i]);
    throw new InputError(`Bad matcher ${shown}: expected one of = != =~ !~ after the label name "${name}" ${where(i)}, found ${found}.`);
  }
  i += op.length;
  while (isAsciiSpace(c[i])) i++;
  let end = c.length;
  while (end > i && isAsciiSpace(c[end - 1])) end--;
  const value = unescapeValue(c, i, end, shown, where);
  const m: Matcher = { name, value, isRegex: op === '=~' || op === '!~', isEqual: op === '=' || op === '=~' };
  if (m.isRegex) {
    try {
      compileGoRegex(value);
    } catch (e) {
      throw new InputError(`Bad matcher ${shown}: ${(e as Error).message}`);
    }
  }
  return m;
}

function unescapeValue(c: string[], from: number, to: number, shown: string, where: (i: number) => string): string {
  let i = from;
  let quoted = false;
  if (c[i] === '"' && i < to) {
    quoted = true;
    i++;
  }
  let out = '';
  let escaped = false;
  for (; i < to; i++) {
    const r = c[i];
    if (escaped) {
      escaped = false;
      if (r === 'n') out += '\n';
      else if (r === '"' || r === '\\') out += r;
      else out += `\\${r}`;
      continue;
    }
    if (r === '\\') {
      if (i < to - 1) escaped = true;
      else out += '\\';
    } else if (r === '"') {
      if (!quoted || i < to - 1) {
        throw new InputError(`Bad matcher ${shown}: unescaped double quote ${where(i)}; write \\" for a quote inside a value, and quote the whole value.`);
      }
      quoted = false;
    } else {
      out += r;
    }
  }
  if (quoted) throw new InputError(`Bad matcher ${shown}: expected a closing double quote for the value opened ${where(from)}.`);
  return out;
}

/** Alertmanager's text form: team="db", x=~"a.+", x!="y", x!~"z" (\\, \n and \" escaped). */
export function formatMatcher(m: Matcher): string {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  const name = /[\s{}!=~,\\"'`]/u.test(m.name) ? JSON.stringify(m.name) : m.name;
  return `${name}${op}"${m.value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`;
}

/** Matchers as one line that parseMatchers reads back: `alertname="X", team="db"`. */
export function formatMatchers(ms: readonly Matcher[]): string {
  return ms.map(formatMatcher).join(', ');
}

/** Whether one matcher accepts the labels; a missing label is the empty string. Throws InputError for a regex JS cannot match exactly. */
export function matcherMatches(m: Matcher, labels: Record<string, string>): boolean {
  const v = Object.hasOwn(labels, m.name) ? labels[m.name] : '';
  const hit = m.isRegex ? compileGoRegex(m.value).test(v) : v === m.value;
  return m.isEqual ? hit : !hit;
}

export function matchesAll(ms: readonly Matcher[], labels: Record<string, string>): boolean {
  for (const m of ms) if (!matcherMatches(m, labels)) return false;
  return true;
}

/** A matcher from Alertmanager's JSON (silences): isEqual absent means true, isRegex absent means false. */
export function fromApiMatcher(raw: unknown): Matcher {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(`A matcher must be an object with name and value, not ${JSON.stringify(raw)}.`);
  const o = raw as Record<string, unknown>;
  if (typeof o.name !== 'string' || o.name === '') throw new InputError(`A matcher has no name: ${JSON.stringify(raw)}.`);
  if (typeof o.value !== 'string') throw new InputError(`The matcher for "${o.name}" has no string value.`);
  if (o.isRegex !== undefined && typeof o.isRegex !== 'boolean') throw new InputError(`The matcher for "${o.name}" has a non-boolean isRegex.`);
  if (o.isEqual !== undefined && o.isEqual !== null && typeof o.isEqual !== 'boolean') throw new InputError(`The matcher for "${o.name}" has a non-boolean isEqual.`);
  return { name: o.name, value: o.value, isRegex: o.isRegex === true, isEqual: o.isEqual !== false };
}

/** Equality matchers for every label of an alert, sorted by name: the prefill of a silence for exactly this alert. */
export function matchersForAlert(labels: Record<string, string>): Matcher[] {
  return Object.keys(labels)
    .sort()
    .map((name) => ({ name, value: labels[name], isRegex: false, isEqual: true }));
}
