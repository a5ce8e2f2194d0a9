/**
 * Cells -> Markdown runbook. An unedited cell is written as its original bytes; an edited code cell gets its
 * fence rewritten around the new body (same container indentation, same marker unless the body needs a
 * longer one, attributes in the author's encoding); an edited Markdown cell is written as its value.
 * Cells keep the separators they had.
 */
import { fenceLanguage, formatFenceInfo, parseFenceInfo, sameAttributes } from './fenceInfo';
import { textLines } from './lines';
import type { CellSource, RawCell, RunbookDocumentMetadata } from './types';

export function serializeRunbook(cells: readonly RawCell[], document?: RunbookDocumentMetadata): string {
  const eol = document?.eol ?? '\n';
  const out: string[] = [];
  if (document?.bom) out.push('\uFEFF');
  // Only the last character written matters: '' at the start of the document.
  let last = '';
  const remember = (text: string) => {
    if (text !== '') last = text[text.length - 1];
  };
  if (document?.frontMatterRaw !== undefined) {
    out.push(document.frontMatterRaw);
    remember(document.frontMatterRaw);
  }
  const atStart = () => last === '';
  const endsWithBreak = () => last === '\n' || last === '\r';

  for (const cell of cells) {
    const source = sourceOf(cell);
    const text = cell.kind === 'code' ? codeText(cell, source, eol) : markupText(cell, source, eol);
    if (text === undefined) continue;
    let before = source?.before;
    if (before === undefined) before = atStart() ? '' : endsWithBreak() ? eol : eol + eol;
    else if (!atStart() && !endsWithBreak() && !/^[\r\n]/.test(before)) before = eol + before;
    out.push(before, text);
    remember(before);
    remember(text);
  }
  let trailing = document?.trailing ?? (cells.length > 0 ? eol : '');
  if (trailing !== '' && !atStart() && !endsWithBreak() && !/^[\r\n]/.test(trailing)) trailing = eol + trailing;
  out.push(trailing);
  return out.join('');
}

function sourceOf(cell: RawCell): CellSource | undefined {
  const s = cell.metadata?.runbook;
  if (!s || typeof s !== 'object' || typeof s.before !== 'string' || typeof s.text !== 'string') return undefined;
  return s;
}

/** A Markdown cell's text, or undefined to drop an empty cell created in the editor. */
function markupText(cell: RawCell, source: CellSource | undefined, eol: string): string | undefined {
  const value = cell.value;
  if (source && source.kind === 'markup') {
    if (value === source.text) return source.text;
    // Editors may normalize line endings without any edit: that is still the original text.
    if (normalizeEol(value) === normalizeEol(source.text)) return source.text;
  }
  if (!source && value.trim() === '') return undefined;
  return eol === '\r\n' && !value.includes('\r') ? value.replace(/\n/g, '\r\n') : value;
}

function codeText(cell: RawCell, source: CellSource | undefined, eol: string): string {
  const attributes = cell.metadata?.attributes ?? {};
  const language = cell.language;
  if (source && source.kind === 'code' && source.afterMarker !== undefined && source.marker !== undefined) {
    const original = parseFenceInfo(source.afterMarker);
    const sameLanguage = original.language.toLowerCase() === language.toLowerCase();
    const sameAttrs = original.error !== undefined ? isEmpty(attributes) || sameAttributes(attributes, original.attributes) : sameAttributes(attributes, original.attributes);
    if (sameLanguage && sameAttrs && cell.value === source.value) return source.text;
    if (sameLanguage && sameAttrs && source.value !== undefined && normalizeEol(cell.value) === normalizeEol(source.value)) return source.text;

    let afterMarker: string;
    if (sameLanguage && sameAttrs) afterMarker = source.afterMarker;
    else {
      const lead = /^[ \t]*/.exec(source.afterMarker)?.[0] ?? '';
      if (sameAttrs) {
        // Only the language changed: keep the author's attribute text.
        const trimmed = source.afterMarker.trim();
        afterMarker = lead + language + trimmed.slice(fenceLanguage(trimmed).length);
      } else {
        const encoding = cell.metadata?.attributeEncoding ?? original.encoding;
        const lang = sameLanguage ? original.language : language;
        afterMarker = lead + formatFenceInfo(lang, attributes, encoding, { bare: original.bare, spaced: original.spaced });
      }
    }
    const lineEnd = source.eol ?? eol;
    return writeFence({
      prefix: source.prefix ?? '',
      marker: source.marker,
      afterMarker,
      body: cell.value,
      closing: source.closing ?? null,
      eol: lineEnd,
    });
  }
  const encoding = cell.metadata?.attributeEncoding ?? 'json';
  return writeFence({ prefix: '', marker: '```', afterMarker: formatFenceInfo(language, attributes, encoding), body: cell.value, closing: null, eol });
}

interface FenceParts {
  prefix: string;
  /** The marker the fence had (or the preferred one for a new fence). */
  marker: string;
  afterMarker: string;
  body: string;
  /** The original closing line, reused when the marker stays the same. */
  closing: string | null;
  eol: string;
}

/** Writes a fence whose marker is long enough that no body line closes it. */
export function writeFence(p: FenceParts): string {
  let char = p.marker[0] === '~' ? '~' : '`';
  // A backtick fence's info string may not contain a backtick: switch to tildes.
  if (char === '`' && p.afterMarker.includes('`')) char = '~';
  const bodyLines = p.body === '' ? [] : textLines(p.body);
  const needed = Math.max(3, longestFenceRun(bodyLines, char) + 1);
  const length = char === p.marker[0] ? Math.max(p.marker.length, needed) : needed;
  const marker = char.repeat(length);
  // Continuation lines keep blockquote markers; list markers become spaces of the same width.
  const cont = p.prefix.replace(/[^ \t>]/g, ' ');
  const blankCont = cont.replace(/[ \t]+$/, '');
  const lines = [p.prefix + marker + p.afterMarker];
  for (const l of bodyLines) lines.push(l === '' ? blankCont : cont + l);
  lines.push(p.closing !== null && marker === p.marker ? p.closing : cont + marker);
  return lines.join(p.eol);
}

/** The longest run of `char` on a line that could close a fence (only the run and spaces/tabs). */
function longestFenceRun(lines: readonly string[], char: string): number {
  let longest = 0;
  const re = char === '`' ? /^[ \t]*(`{3,})[ \t]*$/ : /^[ \t]*(~{3,})[ \t]*$/;
  for (const l of lines) {
    const m = re.exec(l);
    if (m && m[1].length > longest) longest = m[1].length;
  }
  return longest;
}

function normalizeEol(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

function isEmpty(o: Record<string, unknown>): boolean {
  return Object.keys(o).length === 0;
}
