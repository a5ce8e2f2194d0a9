/**
 * Line bookkeeping over the original text. Line endings are `\r\n`, `\r` or `\n`, exactly the
 * ones markdown-it normalizes, so its line numbers (token.map) index these lines.
 */
import type { LineEnding } from './types';

export interface Lines {
  /** Offset of the first character of each line. */
  starts: number[];
  /** Offset just past the last character of each line's content (where its line ending begins). */
  ends: number[];
  /** Number of lines; a final line ending does not start another line. */
  count: number;
}

export function splitLines(text: string): Lines {
  const starts: number[] = [];
  const ends: number[] = [];
  const len = text.length;
  let start = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      starts.push(start);
      ends.push(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (start < len) {
    starts.push(start);
    ends.push(len);
  }
  return { starts, ends, count: starts.length };
}

/** The line ending after line `i` ('' for a last line without one). */
export function lineEndingAt(text: string, lines: Lines, i: number): LineEnding | '' {
  const e = lines.ends[i];
  const c = text.charCodeAt(e);
  if (c === 13) return text.charCodeAt(e + 1) === 10 ? '\r\n' : '\r';
  if (c === 10) return '\n';
  return '';
}

/** The more frequent of `\n` and `\r\n` (the first seen on a tie; `\n` when there is none). */
export function dominantEol(text: string): '\n' | '\r\n' {
  let lf = 0;
  let crlf = 0;
  let first: '\n' | '\r\n' | undefined;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) {
      crlf++;
      first ??= '\r\n';
    } else {
      lf++;
      first ??= '\n';
    }
  }
  if (crlf === lf) return first ?? '\n';
  return crlf > lf ? '\r\n' : '\n';
}

/** Splits text into lines on any line ending (no terminators kept). */
export function textLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** True for a line of only spaces and tabs (or nothing). */
export function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
