/**
 * Fills `{{name}}` references in an http cell:
 *   GET https://host/api/v1/models/{{model}}?namespace={{namespace}}   request line: [METHOD] URL [HTTP/x]
 *   Accept: application/json                                          headers, up to the first blank line
 *
 *   {"model": "{{model}}"}                                            body
 * In the URL's path, query and fragment a value is percent-encoded (encodeURIComponent), so it stays one
 * segment or one query value; in the host it must be a host name or address with an optional port.
 * In a header a value may not hold a line break. In a JSON body (or one without a Content-Type) a value
 * inside "…" is JSON-escaped and elsewhere becomes a JSON string; a form body percent-encodes it; any other
 * body gets it as is. Lines before the request line starting with # or // are comments.
 */
import { SubstitutionFailure, replaceReferences, type Reference } from './references';

const HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

interface Span {
  start: number;
  end: number;
}

export function substituteHttp(text: string, refs: readonly Reference[], valueOf: (name: string) => string): string {
  // Work on a copy where each reference is masked to the same length, so that `{{ a }}` has no spaces.
  const masked = replaceReferences(text, refs, (r) => 'x'.repeat(r.end - r.start));
  const lineRe = /[^\r\n]*(\r\n|\r|\n|$)/g;
  const lines: Span[] = [];
  for (const m of masked.matchAll(lineRe)) {
    const start = m.index;
    const end = start + m[0].length - m[1].length;
    lines.push({ start, end });
    if (m[0] === '') break;
  }

  let requestLine = -1;
  for (let l = 0; l < lines.length; l++) {
    const s = masked.slice(lines[l].start, lines[l].end).trim();
    if (s === '' || s.startsWith('#') || s.startsWith('//')) continue;
    requestLine = l;
    break;
  }
  let headersEnd = lines.length;
  if (requestLine >= 0) {
    for (let l = requestLine + 1; l < lines.length; l++) {
      if (masked.slice(lines[l].start, lines[l].end).trim() === '') {
        headersEnd = l;
        break;
      }
    }
  }
  const url = requestLine >= 0 ? urlSpan(masked, lines[requestLine]) : undefined;
  const bodyStart = headersEnd < lines.length ? lines[headersEnd].end : text.length;
  const contentType = headerValue(masked, lines.slice(requestLine + 1, headersEnd), 'content-type')?.toLowerCase();
  const bodyQuotes = quotedSpans(text, bodyStart);
  const lineOf = (at: number) => lines.findIndex((s) => at >= s.start && at <= s.end);

  return replaceReferences(text, refs, (ref) => {
    const value = valueOf(ref.name);
    const line = lineOf(ref.start);
    if (requestLine < 0 || line < requestLine) {
      if (/[\r\n]/.test(value)) throw new SubstitutionFailure(`parameter "${ref.name}" holds a line break and is used in a comment line`, ref.name);
      return value;
    }
    if (line === requestLine) {
      if (!url || ref.start < url.start || ref.end > url.end) {
        throw new SubstitutionFailure(`parameter "${ref.name}" is on the request line outside the URL; only the URL takes parameters there`, ref.name);
      }
      return urlValue(masked, url, ref, value);
    }
    if (line < headersEnd) {
      if (/[\r\n\0]/.test(value)) throw new SubstitutionFailure(`parameter "${ref.name}" holds a line break or NUL and is used in a header, where it would start a new header`, ref.name);
      return value;
    }
    if (contentType === undefined || contentType.includes('json')) {
      const json = JSON.stringify(value);
      return bodyQuotes.some((q) => ref.start > q.start && ref.end <= q.end) ? json.slice(1, -1) : json;
    }
    if (contentType.includes('application/x-www-form-urlencoded')) return encodeURIComponent(value);
    return value;
  });
}

/** The URL token of a request line: `[METHOD ]URL[ HTTP/x]`. */
function urlSpan(masked: string, line: Span): Span | undefined {
  const s = masked.slice(line.start, line.end);
  const m = /^(\s*(?:[A-Za-z]+\s+)?)(\S+)(?:\s+HTTP\/[\d.]+)?\s*$/.exec(s);
  if (!m) return undefined;
  const start = line.start + m[1].length;
  return { start, end: start + m[2].length };
}

function urlValue(masked: string, url: Span, ref: Reference, value: string): string {
  const u = masked.slice(url.start, url.end);
  const schemeEnd = u.indexOf('://');
  const at = ref.start - url.start;
  if (schemeEnd >= 0) {
    if (at < schemeEnd + 3) throw new SubstitutionFailure(`parameter "${ref.name}" is in the URL scheme; write the scheme out`, ref.name);
    const rest = u.slice(schemeEnd + 3);
    const authorityEnd = schemeEnd + 3 + (rest.search(/[/?#]/) < 0 ? rest.length : rest.search(/[/?#]/));
    if (at < authorityEnd) {
      if (!HOST_RE.test(value)) {
        throw new SubstitutionFailure(`parameter "${ref.name}" is used as the URL host and must be a host name or address with an optional :port, not ${JSON.stringify(value)}`, ref.name);
      }
      return value;
    }
  }
  return encodeURIComponent(value);
}

function headerValue(masked: string, lines: readonly Span[], name: string): string | undefined {
  for (const l of lines) {
    const s = masked.slice(l.start, l.end);
    const colon = s.indexOf(':');
    if (colon > 0 && s.slice(0, colon).trim().toLowerCase() === name) return s.slice(colon + 1).trim();
  }
  return undefined;
}

/** Spans of "…" strings (backslash escapes honoured) from `from` on, quotes included. */
function quotedSpans(text: string, from: number): Span[] {
  const out: Span[] = [];
  for (let i = from; i < text.length; i++) {
    if (text[i] !== '"') continue;
    const start = i;
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    out.push({ start, end: i + 1 });
  }
  return out;
}
