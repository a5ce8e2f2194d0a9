/**
 * YAML front matter: a first line `---`, YAML, and a closing `---` (or `...`) line.
 * Parsed safely (size cap, few aliases, plain data only); it never throws: problems become diagnostics
 * and the raw text is always kept so a save writes it back unchanged.
 */
import { parseDocument } from 'yaml';
import type { Lines } from './lines';
import type { Diagnostic, FrontMatter } from './types';

/** Front matter YAML larger than this is not parsed. */
export const FRONT_MATTER_MAX_BYTES = 64 * 1024;
/** Alias expansions allowed while turning YAML into data (a billion-laughs guard). */
export const FRONT_MATTER_MAX_ALIASES = 20;

const OPEN_RE = /^---[ \t]*$/;
const CLOSE_RE = /^(?:---|\.\.\.)[ \t]*$/;
const FENCE_RE = /^(?:```|~~~)/;

/**
 * Finds front matter at the top of `text` (BOM already removed). Returns it and the number of lines it spans.
 * A first line `---` followed by a blank line is a horizontal rule, not front matter (front matter starts
 * right away), so a document that opens with a rule keeps its cells; so is one followed by a code fence
 * at the margin before the closing line (that is never YAML).
 */
export function readFrontMatter(text: string, lines: Lines): { frontMatter: FrontMatter; lineCount: number } | undefined {
  if (lines.count < 2 || !OPEN_RE.test(text.slice(lines.starts[0], lines.ends[0]))) return undefined;
  if (text.slice(lines.starts[1], lines.ends[1]).trim() === '') return undefined;
  for (let i = 1; i < lines.count; i++) {
    const line = text.slice(lines.starts[i], lines.ends[i]);
    // A fence at the margin is never YAML: the `---` is a rule, and a later `---` (say in a code cell) does not
    // turn everything above it into front matter.
    if (FENCE_RE.test(line)) return undefined;
    if (!CLOSE_RE.test(line)) continue;
    const end = i + 1 < lines.count ? lines.starts[i + 1] : text.length;
    const raw = text.slice(0, end);
    const yaml = text.slice(lines.starts[1], lines.starts[i]);
    return { frontMatter: parseFrontMatterYaml(raw, yaml), lineCount: i + 1 };
  }
  return undefined;
}

/** Parses front matter YAML into a mapping, with diagnostics instead of exceptions. Lines are 1-based in the file. */
export function parseFrontMatterYaml(raw: string, yaml: string): FrontMatter {
  const diagnostics: Diagnostic[] = [];
  const result: FrontMatter = { raw, yaml, data: undefined, diagnostics };
  const bytes = Buffer.byteLength(yaml, 'utf8');
  if (bytes > FRONT_MATTER_MAX_BYTES) {
    diagnostics.push({
      severity: 'error',
      line: 1,
      message: `Front matter is ${Math.ceil(bytes / 1024)} KiB; the limit is ${FRONT_MATTER_MAX_BYTES / 1024} KiB. It was not read (and is kept unchanged on save): move long content into the runbook body.`,
    });
    return result;
  }
  try {
    const doc = parseDocument(yaml, { prettyErrors: true, uniqueKeys: true, merge: false, strict: true });
    for (const e of doc.errors) diagnostics.push({ severity: 'error', line: lineOf(e.linePos), message: `Front matter is not valid YAML: ${firstLine(e.message)}` });
    for (const w of doc.warnings) diagnostics.push({ severity: 'warning', line: lineOf(w.linePos), message: `Front matter: ${firstLine(w.message)}` });
    if (doc.errors.length > 0) return result;
    const data: unknown = doc.toJS({ maxAliasCount: FRONT_MATTER_MAX_ALIASES });
    if (data === null || data === undefined) {
      result.data = {};
    } else if (typeof data === 'object' && !Array.isArray(data)) {
      result.data = data as Record<string, unknown>;
    } else {
      diagnostics.push({ severity: 'error', line: 2, message: 'Front matter must be a YAML mapping (key: value lines); it was ignored and is kept unchanged on save.' });
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const text = /alias/i.test(message)
      ? `Front matter uses too many YAML aliases (more than ${FRONT_MATTER_MAX_ALIASES} expansions); it was not read. Write the values out instead of using anchors.`
      : `Front matter could not be read: ${firstLine(message)}`;
    diagnostics.push({ severity: 'error', line: 1, message: text });
  }
  return result;
}

function lineOf(linePos: readonly { line: number }[] | undefined): number | undefined {
  // +1: the YAML starts on the line after the opening ---.
  return linePos && linePos.length > 0 ? linePos[0].line + 1 : undefined;
}

/** The first line of a yaml message, without its own position (ours is the file line). */
function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).replace(/ at line \d+, column \d+:?\s*$/, '').trim();
}
