/**
 * Fence info strings: the language word and the cell attributes after it.
 *   promql {"name":"a","range":"1h"}     JSON
 *   kubectl {name=restart confirm=true}  key=value in braces (Runme style, `{ name=x }` too)
 *   promql name=x                        bare key=value
 * key=value values are typed: true/false become booleans, plain decimals numbers; quoted values stay strings.
 */
import type { AttributeEncoding } from './types';

/** The languages that become code cells; every other fence stays in a Markdown cell. */
export const EXECUTABLE_LANGUAGES: ReadonlySet<string> = new Set(['promql', 'kubectl', 'http', 'sh']);

export interface FenceInfo {
  /** The language word as written (case kept). */
  language: string;
  attributes: Record<string, unknown>;
  /** How the attributes were written ('json' when there are none). */
  encoding: AttributeEncoding;
  /** key=value written without braces. */
  bare: boolean;
  /** Braces padded with spaces, as in `{ name=x }`. */
  spaced: boolean;
  /** The text after the language word, verbatim. */
  rest: string;
  /** Set when the attribute text cannot be read; it is then kept verbatim and attributes is empty. */
  error?: string;
}

export interface FenceInfoStyle {
  bare?: boolean;
  spaced?: boolean;
}

const NUMBER_RE = /^-?(?:0|[1-9]\d{0,15})(?:\.\d{1,15})?$/;
const KEY_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const PLAIN_VALUE_RE = /^[^\s"'{}=\\`]+$/;

/** The language word of an info string: everything up to the first space or `{`. */
export function fenceLanguage(info: string): string {
  const m = /^[^\s{]*/.exec(info.trimStart());
  return m ? m[0] : '';
}

export function isExecutableLanguage(language: string): boolean {
  return EXECUTABLE_LANGUAGES.has(language.toLowerCase());
}

export function parseFenceInfo(info: string): FenceInfo {
  const trimmed = info.trim();
  const language = fenceLanguage(trimmed);
  const rest = trimmed.slice(language.length);
  const body = rest.trim();
  const base: FenceInfo = { language, attributes: {}, encoding: 'json', bare: false, spaced: false, rest };
  if (body === '') return base;
  if (body.startsWith('{') && body.endsWith('}')) {
    const spaced = /^\{\s/.test(body) && /\s\}$/.test(body);
    try {
      const parsed: unknown = JSON.parse(body);
      // Attributes live in notebook metadata, which VS Code carries as JSON: keep only what survives that trip
      // (1e999 is Infinity, which JSON writes as null), so an unedited cell still compares equal on save.
      if (isPlainObject(parsed)) return { ...base, attributes: JSON.parse(JSON.stringify(parsed)) as Record<string, unknown>, encoding: 'json', spaced };
    } catch {
      // not JSON: try key=value below
    }
    const kv = parseKeyValues(body.slice(1, -1));
    if (typeof kv === 'string') return { ...base, error: kv };
    return { ...base, attributes: kv, encoding: 'kv', spaced };
  }
  if (body.startsWith('{')) return { ...base, error: `attributes ${body} do not end with }` };
  const kv = parseKeyValues(body);
  if (typeof kv === 'string') return { ...base, error: kv };
  return { ...base, attributes: kv, encoding: 'kv', bare: true };
}

/**
 * Writes a language and attributes as an info string in the given encoding. key=value falls back to JSON
 * when a key or value cannot be written that way (nested values, odd keys, line breaks).
 */
export function formatFenceInfo(
  language: string,
  attributes: Record<string, unknown> | undefined,
  encoding: AttributeEncoding = 'json',
  style: FenceInfoStyle = {},
): string {
  const attrs = attributes ?? {};
  if (Object.keys(attrs).length === 0) return language;
  const kv = encoding === 'kv' ? formatKeyValues(attrs) : undefined;
  let text: string;
  if (kv !== undefined && style.bare) text = kv;
  else if (kv !== undefined) text = style.spaced ? `{ ${kv} }` : `{${kv}}`;
  else text = JSON.stringify(attrs);
  return language === '' ? text : `${language} ${text}`;
}

/** Deep equality for attribute values (JSON data). */
export function sameAttributes(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameAttributes(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameAttributes(a[k], b[k]));
  }
  return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Parses `a=1 b="x y" c='z' d` (a bare key is true). Returns an error message on malformed text. */
function parseKeyValues(text: string): Record<string, unknown> | string {
  const out: Record<string, unknown> = {};
  const n = text.length;
  let i = 0;
  const isWs = (c: string) => c === ' ' || c === '\t';
  while (i < n) {
    while (i < n && isWs(text[i])) i++;
    if (i >= n) break;
    let key = '';
    while (i < n && !isWs(text[i]) && text[i] !== '=') key += text[i++];
    if (key === '') return `attribute at "${text.slice(i)}" has no name`;
    if (text[i] !== '=') {
      setOwn(out, key, true);
      continue;
    }
    i++;
    const q = text[i];
    if (q === '"' || q === "'") {
      i++;
      let value = '';
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '\\' && q === '"' && i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else if (c === q) {
          closed = true;
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) return `attribute ${key} has an unclosed ${q} quote`;
      setOwn(out, key, value);
    } else {
      let value = '';
      while (i < n && !isWs(text[i])) value += text[i++];
      setOwn(out, key, typedValue(value));
    }
  }
  return out;
}

function typedValue(v: string): unknown {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (NUMBER_RE.test(v)) {
    const num = Number(v);
    if (Number.isFinite(num) && String(num) === v) return num;
  }
  return v;
}

function formatKeyValues(attrs: Record<string, unknown>): string | undefined {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(attrs)) {
    if (!KEY_RE.test(k)) return undefined;
    if (typeof v === 'boolean') parts.push(`${k}=${v}`);
    else if (typeof v === 'number') {
      if (!Number.isFinite(v) || typedValue(String(v)) !== v) return undefined;
      parts.push(`${k}=${v}`);
    } else if (typeof v === 'string') {
      if (/[\r\n]/.test(v)) return undefined;
      if (PLAIN_VALUE_RE.test(v) && typedValue(v) === v) parts.push(`${k}=${v}`);
      else parts.push(`${k}="${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
    } else return undefined;
  }
  return parts.join(' ');
}
