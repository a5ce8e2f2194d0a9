/**
 * Markdown runbook -> cells. markdown-it (CommonMark, HTML on) finds the fenced code blocks with
 * their source lines; fences in an executable language (promql, kubectl, http, sh) become code cells and
 * everything else stays Markdown. Every byte is accounted for in the cells' metadata, so
 * serializeRunbook(parse(x).cells, parse(x).document) === x.
 */
import markdownIt, { type MarkdownIt, type Token } from 'markdown-it';
import { fenceLanguage, isExecutableLanguage, parseFenceInfo } from './fenceInfo';
import { readFrontMatter } from './frontMatter';
import { dominantEol, isBlank, lineEndingAt, splitLines, type Lines } from './lines';
import type { CellSource, Diagnostic, FrontMatter, ParsedRunbook, RawCell } from './types';

let parser: MarkdownIt | undefined;

/**
 * The shared block parser: plain CommonMark (HTML blocks on, so fences inside them stay HTML). No GFM tables:
 * markdown-it's table rule runs before the fence rule and would read a fence opener with a `|` in its info
 * string, followed by a `---` line, as a table header, which GitHub does not.
 */
export function markdownParser(): MarkdownIt {
  parser ??= markdownIt('commonmark', { html: true });
  return parser;
}

interface Fence {
  start: number; // first line (file lines)
  end: number; // one past the last line
  markup: string;
  content: string;
}

export interface ParseOptions {
  /**
   * Decides which fence languages become code cells (default: promql, kubectl, http, sh, any case).
   * Receives the language word as written; '' for a fence without one.
   */
  isExecutable?: (language: string) => boolean;
}

export function parseRunbook(text: string, options: ParseOptions = {}): ParsedRunbook {
  const bom = text.charCodeAt(0) === 0xfeff;
  const src = bom ? text.slice(1) : text;
  const lines = splitLines(src);
  const eol = dominantEol(src);
  const diagnostics: Diagnostic[] = [];

  let frontMatter: FrontMatter | undefined;
  let bodyLine = 0;
  const fm = readFrontMatter(src, lines);
  if (fm) {
    frontMatter = fm.frontMatter;
    bodyLine = fm.lineCount;
    diagnostics.push(...frontMatter.diagnostics);
  }

  const fences = executableFences(src, lines, bodyLine, options.isExecutable ?? isExecutableLanguage);
  const cells: RawCell[] = [];
  // Offset where the text not yet given to a cell begins (the previous cell's line ending, or the body start).
  let pending = bodyLine < lines.count ? lines.starts[bodyLine] : src.length;
  let line = bodyLine;

  const addMarkup = (from: number, to: number) => {
    // Lines [from, to) are Markdown: blank lines at either end go to the separators.
    let a = from;
    let b = to;
    while (a < b && isBlank(src, lines.starts[a], lines.ends[a])) a++;
    while (b > a && isBlank(src, lines.starts[b - 1], lines.ends[b - 1])) b--;
    if (a >= b) return;
    const start = lines.starts[a];
    const end = lines.ends[b - 1];
    const value = src.slice(start, end);
    const source: CellSource = { kind: 'markup', before: src.slice(pending, start), text: value, line: a + 1 };
    cells.push({ kind: 'markup', language: 'markdown', value, metadata: { runbook: source } });
    pending = end;
  };

  for (const f of fences) {
    addMarkup(line, f.start);
    const start = lines.starts[f.start];
    const end = lines.ends[f.end - 1];
    const opening = src.slice(start, lines.ends[f.start]);
    const markerAt = opening.indexOf(f.markup);
    const afterMarker = opening.slice(markerAt + f.markup.length);
    const info = parseFenceInfo(afterMarker);
    const contentLines = f.content === '' ? 0 : countNewlines(f.content) + (f.content.endsWith('\n') ? 0 : 1);
    const closed = contentLines === f.end - f.start - 2;
    const value = f.content.endsWith('\n') ? f.content.slice(0, -1) : f.content;
    const openingEol = lineEndingAt(src, lines, f.start);
    const source: CellSource = {
      kind: 'code',
      before: src.slice(pending, start),
      text: src.slice(start, end),
      line: f.start + 1,
      value,
      prefix: opening.slice(0, markerAt),
      marker: f.markup,
      afterMarker,
      closing: closed ? src.slice(lines.starts[f.end - 1], end) : null,
      eol: openingEol === '' ? eol : openingEol,
    };
    if (info.error) diagnostics.push({ severity: 'warning', line: f.start + 1, message: `Cell attributes could not be read (${info.error}); they are kept as written.` });
    cells.push({
      kind: 'code',
      language: info.language.toLowerCase(),
      value,
      metadata: { attributes: info.attributes, attributeEncoding: info.encoding, runbook: source },
    });
    pending = end;
    line = f.end;
  }
  addMarkup(line, lines.count);

  return {
    cells,
    frontMatter,
    eol,
    document: {
      bom,
      eol,
      ...(frontMatter ? { frontMatterRaw: frontMatter.raw } : {}),
      trailing: src.slice(pending),
    },
    diagnostics,
  };
}

/** The executable fences of the body (lines from `bodyLine` on), in file line numbers. */
function executableFences(src: string, lines: Lines, bodyLine: number, isExecutable: (language: string) => boolean): Fence[] {
  if (bodyLine >= lines.count) return [];
  const body = src.slice(lines.starts[bodyLine]);
  // Only line endings are normalized (as markdown-it's own normalize rule does); NULs stay, so bodies are exact.
  const normalized = body.replace(/\r\n?/g, '\n');
  const md = markdownParser();
  const tokens: Token[] = [];
  md.block.parse(normalized, md, {}, tokens);
  const out: Fence[] = [];
  for (const t of tokens) {
    if (t.type !== 'fence' || !t.map) continue;
    if (!isExecutable(fenceLanguage(t.info))) continue;
    out.push({ start: t.map[0] + bodyLine, end: t.map[1] + bodyLine, markup: t.markup, content: t.content });
  }
  return out;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
