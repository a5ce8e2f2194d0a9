/**
 * Go RE2 regular expressions (Alertmanager's =~ and !~ matchers) translated to JavaScript RegExps that match the
 * same strings. Alertmanager compiles "^(?:" + value + ")$" with Go's regexp package; so do we, reading the Go syntax
 * (regexp/syntax: Perl flags, classes, escapes) and writing JS syntax with the `u` flag (code points, like Go's runes).
 *
 * Differences handled by translation: `.` excludes only \n; \s is [\t\n\f\r ]; (?s) (?m) (?U) anywhere; POSIX classes
 * [[:alpha:]]; \Q…\E; \A \z; octal and \x{…} escapes; a `{` that is no repeat is a literal; `]` first in a class is a
 * literal; a lone `-` inside a class is a literal; named groups. Rejected with an InputError, as Go does: lookaround,
 * backreferences, \C, repeat counts over 1000, unknown escapes. Rejected because JS cannot do the same: (?i) that does
 * not cover the whole expression, and \b or \B under (?i) (Go's word boundary stays ASCII there, JS's does not).
 */
import { InputError } from '../common/errors';

interface Flags {
  dotNL: boolean;
  multiLine: boolean;
  ungreedy: boolean;
  foldCase: boolean;
}

const MAX_REPEAT = 1000;
const MAX_RUNE = 0x10ffff;
/** Go's \s. */
const SPACE: Array<[number, number]> = [[9, 10], [12, 13], [32, 32]];
const POSIX: Record<string, Array<[number, number]>> = {
  alnum: [[48, 57], [65, 90], [97, 122]],
  alpha: [[65, 90], [97, 122]],
  ascii: [[0, 0x7f]],
  blank: [[9, 9], [32, 32]],
  cntrl: [[0, 31], [127, 127]],
  digit: [[48, 57]],
  graph: [[33, 126]],
  lower: [[97, 122]],
  print: [[32, 126]],
  punct: [[33, 47], [58, 64], [91, 96], [123, 126]],
  space: [[9, 13], [32, 32]],
  upper: [[65, 90]],
  word: [[48, 57], [65, 90], [95, 95], [97, 122]],
  xdigit: [[48, 57], [65, 70], [97, 102]],
};
const CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '),
);

const cache = new Map<string, RegExp>();

/** The JS RegExp that matches exactly what Alertmanager's matcher regex `value` matches (anchored). Throws InputError. */
export function compileGoRegex(value: string): RegExp {
  let re = cache.get(value);
  if (!re) {
    re = new Translator(value).run();
    if (cache.size > 1000) cache.clear();
    cache.set(value, re);
  }
  return re;
}

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

function rangesToClass(ranges: Array<[number, number]>, negate: boolean): string {
  const list = negate ? complement(ranges) : ranges;
  return list.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('');
}

function complement(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [lo, hi] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

function isAlnum(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

function hasCase(c: string): boolean {
  return c.toLowerCase() !== c.toUpperCase();
}

class Translator {
  /** Code points of "^(?:" + value + ")$", the expression Go compiles. */
  private readonly s: string[];
  private i = 0;
  private out = '';
  private flags: Flags = { dotNL: false, multiLine: false, ungreedy: false, foldCase: false };
  private readonly groups: Flags[] = [];
  /** Whether the last item can take a repetition operator, and whether the last item was one. */
  private canRepeat = false;
  private lastWasRepeat = false;
  private sawFolded = false;
  private sawUnfolded = false;

  constructor(private readonly value: string) {
    this.s = Array.from(`^(?:${value})$`);
  }

  run(): RegExp {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      let repeat = false;
      switch (c) {
        case '(':
          this.openGroup();
          break;
        case ')':
          if (this.groups.length === 0) this.fail('an unexpected ")"', this.i);
          this.flags = this.groups.pop()!;
          this.emit(')');
          this.i++;
          break;
        case '|':
          this.out += '|';
          this.canRepeat = false;
          this.i++;
          break;
        case '^':
          this.emit(this.flags.multiLine ? '(?:(?<![^\\n]))' : '(?:^)');
          this.i++;
          break;
        case '$':
          this.emit(this.flags.multiLine ? '(?:(?![^\\n]))' : '(?:$)');
          this.i++;
          break;
        case '.':
          this.emit(this.flags.dotNL ? '[^]' : '[^\\n]');
          this.i++;
          break;
        case '[':
          this.parseClass();
          break;
        case '*':
        case '+':
        case '?':
          this.repeat(c, this.i + 1);
          repeat = true;
          break;
        case '{': {
          const r = this.parseRepeat();
          if (!r) {
            this.literal(123);
            this.i++;
          } else {
            this.repeat(r.text, r.end);
            repeat = true;
          }
          break;
        }
        case '\\':
          this.escape();
          break;
        default:
          this.literal(c.codePointAt(0)!);
          this.i++;
      }
      this.lastWasRepeat = repeat;
    }
    if (this.groups.length > 0) this.fail('a missing ")"', s.length);
    if (this.sawFolded && this.sawUnfolded) {
      throw new InputError(
        `The regex ${JSON.stringify(this.value)} turns case-insensitivity (?i) on for only part of the expression, which this tool cannot evaluate exactly. Put (?i) at the very start so it covers the whole regex.`,
      );
    }
    try {
      return new RegExp(this.out, this.sawFolded ? 'iu' : 'u');
    } catch (e) {
      throw new InputError(`The regex ${JSON.stringify(this.value)} cannot be used: ${(e as Error).message}.`);
    }
  }

  /** Position in the user's value (1-based), for messages. */
  private fail(what: string, at: number): never {
    const pos = Math.min(Math.max(at - 4, 0), Array.from(this.value).length) + 1;
    throw new InputError(`The regex ${JSON.stringify(this.value)} is not valid: ${what} at character ${pos}.`);
  }

  private emit(text: string): void {
    this.out += text;
    this.canRepeat = true;
  }

  private caseSensitive(): void {
    if (this.flags.foldCase) this.sawFolded = true;
    else this.sawUnfolded = true;
  }

  private literal(cp: number): void {
    const ch = String.fromCodePoint(cp);
    if (hasCase(ch)) this.caseSensitive();
    this.emit(isAlnum(ch) ? ch : hex(cp));
  }

  private repeat(op: string, after: number): void {
    const start = this.i;
    if (!this.canRepeat) this.fail(`nothing to repeat before "${op}"`, start);
    if (this.lastWasRepeat) this.fail(`a repetition of a repetition ("${op}")`, start);
    let lazy = false;
    let end = after;
    if (this.s[end] === '?') {
      lazy = true;
      end++;
    }
    if (this.flags.ungreedy) lazy = !lazy;
    this.out += op + (lazy ? '?' : '');
    this.i = end;
  }

  /** {n}, {n,} or {n,m} as Go reads them (no leading zeros); undefined when the brace is a literal. */
  private parseRepeat(): { text: string; end: number } | undefined {
    const rest = this.s.slice(this.i, this.i + 40).join('');
    const m = /^\{(0|[1-9][0-9]*)(?:(,)(0|[1-9][0-9]*)?)?\}/.exec(rest);
    if (!m) return undefined;
    const min = Number(m[1]);
    const max = m[2] ? (m[3] === undefined ? -1 : Number(m[3])) : min;
    if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
      this.fail(`an invalid repeat count ${m[0]} (at most ${MAX_REPEAT})`, this.i);
    }
    const text = m[2] ? (max < 0 ? `{${min},}` : `{${min},${max}}`) : `{${min}}`;
    return { text, end: this.i + m[0].length };
  }

  private openGroup(): void {
    const s = this.s;
    const start = this.i;
    if (s[this.i + 1] !== '?') {
      this.groups.push({ ...this.flags });
      this.out += '(?:';
      this.canRepeat = false;
      this.i++;
      return;
    }
    if (s[this.i + 2] === '<' || (s[this.i + 2] === 'P' && s[this.i + 3] === '<')) {
      const nameStart = this.i + (s[this.i + 2] === '<' ? 3 : 4);
      const end = s.indexOf('>', nameStart);
      const name = end < 0 ? '' : s.slice(nameStart, end).join('');
      if (end < 0 || !/^[A-Za-z0-9_]+$/.test(name)) {
        this.fail('an invalid named group (lookbehind is not supported by Alertmanager)', start);
      }
      this.groups.push({ ...this.flags });
      this.out += '(?:';
      this.canRepeat = false;
      this.i = end + 1;
      return;
    }
    const flags = { ...this.flags };
    let negate = false;
    let sawFlag = false;
    let j = this.i + 2;
    for (; j < s.length; j++) {
      const c = s[j];
      if (c === 'i' || c === 'm' || c === 's' || c === 'U') {
        const on = !negate;
        if (c === 'i') flags.foldCase = on;
        if (c === 'm') flags.multiLine = on;
        if (c === 's') flags.dotNL = on;
        if (c === 'U') flags.ungreedy = on;
        sawFlag = true;
      } else if (c === '-' && !negate) {
        negate = true;
        sawFlag = false;
      } else if ((c === ':' || c === ')') && !(negate && !sawFlag)) {
        if (c === ':') {
          this.groups.push({ ...this.flags });
          this.out += '(?:';
          this.canRepeat = false;
        }
        this.flags = flags;
        this.i = j + 1;
        return;
      } else {
        break;
      }
    }
    this.fail(`an invalid or unsupported group "${s.slice(start, j + 1).join('')}" (lookaround is not supported by Alertmanager)`, start);
  }

  private escape(): void {
    const s = this.s;
    const start = this.i;
    const c = s[this.i + 1];
    if (c === undefined) this.fail('a trailing backslash', start);
    switch (c) {
      case 'A':
        this.emit('(?:^)');
        this.i += 2;
        return;
      case 'z':
        this.emit('(?:$)');
        this.i += 2;
        return;
      case 'b':
      case 'B':
        if (this.flags.foldCase) this.fail(`\\${c} together with (?i), which this tool cannot evaluate exactly`, start);
        this.emit(`(?:\\${c})`);
        this.i += 2;
        return;
      case 'C':
        this.fail('\\C, which Alertmanager does not support', start);
        break;
      case 'Q': {
        let end = this.i + 2;
        while (end < s.length && !(s[end] === '\\' && s[end + 1] === 'E')) end++;
        // The wrapper's ")$" is never literal: Go reads \Q up to the end of its whole expression too.
        for (let k = this.i + 2; k < end; k++) this.literal(s[k].codePointAt(0)!);
        this.i = end < s.length ? end + 2 : end;
        return;
      }
      case 'p':
      case 'P':
        this.caseSensitive();
        this.emit(this.unicodeClass());
        return;
      case 'd':
      case 'D':
      case 'w':
      case 'W':
        if (c === 'w' || c === 'W') this.caseSensitive();
        this.emit(`\\${c}`);
        this.i += 2;
        return;
      case 's':
        this.emit(`[${rangesToClass(SPACE, false)}]`);
        this.i += 2;
        return;
      case 'S':
        this.emit(`[${rangesToClass(SPACE, true)}]`);
        this.i += 2;
        return;
    }
    this.literal(this.parseEscape());
  }

  /** A single-character escape at this.i (Go's parseEscape); returns its code point. */
  private parseEscape(): number {
    const s = this.s;
    const start = this.i;
    const c = s[this.i + 1];
    if (c === undefined) this.fail('a trailing backslash', start);
    this.i += 2;
    const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (simple[c] !== undefined) return simple[c];
    const cp = c.codePointAt(0)!;
    if (cp < 0x80 && !isAlnum(c)) return cp;
    if (c >= '0' && c <= '7') {
      const isOctal = (x: string | undefined) => x !== undefined && x >= '0' && x <= '7';
      if (c !== '0' && !isOctal(s[this.i])) this.fail(`a backreference \\${c}, which Alertmanager does not support`, start);
      let r = cp - 48;
      for (let k = 0; k < 2 && isOctal(s[this.i]); k++) r = r * 8 + (s[this.i++].codePointAt(0)! - 48);
      return r;
    }
    if (c === 'x') {
      if (s[this.i] === '{') {
        const end = s.indexOf('}', this.i);
        const digits = end < 0 ? '' : s.slice(this.i + 1, end).join('');
        if (/^[0-9A-Fa-f]+$/.test(digits) && parseInt(digits, 16) <= MAX_RUNE) {
          this.i = end + 1;
          return parseInt(digits, 16);
        }
      } else {
        const digits = s.slice(this.i, this.i + 2).join('');
        if (/^[0-9A-Fa-f]{2}$/.test(digits)) {
          this.i += 2;
          return parseInt(digits, 16);
        }
      }
      this.fail('an invalid \\x escape', start);
    }
    return this.fail(`an unknown escape \\${c}`, start);
  }

  /** \pL, \p{Greek}, \PN, \p{^Lu} as JS \p{…} / \P{…}. */
  private unicodeClass(): string {
    const s = this.s;
    const start = this.i;
    let negate = s[this.i + 1] === 'P';
    let name: string;
    if (s[this.i + 2] === '{') {
      const end = s.indexOf('}', this.i + 3);
      if (end < 0) this.fail('an unterminated \\p{…}', start);
      name = s.slice(this.i + 3, end).join('');
      this.i = end + 1;
    } else {
      if (s[this.i + 2] === undefined) this.fail('a \\p without a class name', start);
      name = s[this.i + 2];
      this.i += 3;
    }
    if (name.startsWith('^')) {
      negate = !negate;
      name = name.slice(1);
    }
    const p = negate ? 'P' : 'p';
    if (name === 'Any') return negate ? '[^\\u{0}-\\u{10ffff}]' : '[\\u{0}-\\u{10ffff}]';
    if (CATEGORIES.has(name)) return `\\${p}{${name}}`;
    if (/^[A-Za-z_]+$/.test(name)) {
      const text = `\\${p}{Script=${name}}`;
      try {
        new RegExp(text, 'u');
        return text;
      } catch {
        /* not a script JS knows */
      }
    }
    return this.fail(`an unknown Unicode class "${name}"`, start);
  }

  /** A bracket class with Go's rules, written as a JS class of explicit code points. */
  private parseClass(): void {
    const s = this.s;
    const start = this.i;
    this.i++;
    let negate = false;
    if (s[this.i] === '^') {
      negate = true;
      this.i++;
    }
    const parts: string[] = [];
    let first = true;
    while (this.i >= s.length || s[this.i] !== ']' || first) {
      if (this.i >= s.length) this.fail('a missing "]" for the class opened', start);
      first = false;
      if (s[this.i] === '[' && s[this.i + 1] === ':' && this.i + 2 < s.length) {
        const rest = s.slice(this.i + 2).join('');
        const k = rest.indexOf(':]');
        if (k >= 0) {
          const name = rest.slice(0, k);
          const neg = name.startsWith('^');
          const ranges = POSIX[neg ? name.slice(1) : name];
          if (!ranges) this.fail(`an unknown POSIX class [:${name}:]`, this.i);
          this.caseSensitive();
          parts.push(rangesToClass(ranges, neg));
          this.i += 2 + Array.from(rest.slice(0, k)).length + 2;
          continue;
        }
      }
      if (s[this.i] === '\\') {
        const e = s[this.i + 1];
        if (e === 'p' || e === 'P') {
          this.caseSensitive();
          const cls = this.unicodeClass();
          parts.push(cls.startsWith('[') ? cls.slice(1, -1) : cls);
          continue;
        }
        if (e === 'd' || e === 'D' || e === 'w' || e === 'W') {
          if (e === 'w' || e === 'W') this.caseSensitive();
          parts.push(`\\${e}`);
          this.i += 2;
          continue;
        }
        if (e === 's' || e === 'S') {
          parts.push(rangesToClass(SPACE, e === 'S'));
          this.i += 2;
          continue;
        }
      }
      const rangeStart = this.i;
      const lo = this.classChar(start);
      let hi = lo;
      if (s[this.i] === '-' && this.i + 1 < s.length && s[this.i + 1] !== ']') {
        this.i++;
        hi = this.classChar(start);
        if (hi < lo) this.fail('a class range whose end comes before its start', rangeStart);
      }
      for (let cp = lo; cp <= Math.min(hi, lo + 0x300); cp++) {
        if (hasCase(String.fromCodePoint(cp))) {
          this.caseSensitive();
          break;
        }
      }
      if (hi - lo > 0x300) this.caseSensitive();
      parts.push(lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`);
    }
    this.i++;
    this.emit(`[${negate ? '^' : ''}${parts.join('')}]`);
  }

  private classChar(classStart: number): number {
    if (this.i >= this.s.length) this.fail('a missing "]" for the class opened', classStart);
    if (this.s[this.i] === '\\') return this.parseEscape();
    return this.s[this.i++].codePointAt(0)!;
  }
}
