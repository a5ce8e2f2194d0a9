/**
 * `checkRunbook`: everything that can be known about a runbook without running it. Each finding has the file
 * line (and column) it is about. Checks:
 *   unclosed fences        an executable fence that never closes swallows the rest of the document (error)
 *   front matter           YAML problems, ignored fields, parameters nothing can fill
 *   unknown parameters     `{{x}}` in a cell that the front matter does not declare (error)
 *   promql                 syntax (Prometheus' grammar, parameters filled in as a run fills them), range/step/at
 *   stale metrics          with a Prometheus: metrics with no series in the last 24 h (warning)
 *   kubectl                shell syntax the cells refuse, one command per cell, commands the cells cannot run
 *   http                   GET/HEAD of an absolute http(s) URL
 * Bad input never throws: it becomes findings. Only cancellation (the signal) propagates.
 */
import { describeError, isCancelled } from '../../common/errors';
import { isExecutableLanguage } from '../fenceInfo';
import { parseRunbook } from '../parse';
import { findReferences } from '../references';
import { runbookMeta } from '../runbookMeta';
import type { RawCell } from '../types';
import { checkFrontMatter, FrontMatterLines } from './frontMatterChecks';
import { checkHttpCell } from './httpChecks';
import { checkKubectlCell } from './kubectlChecks';
import { builtinKubectlSupport } from './kubectlVerbs';
import { CellPositions, FileLines, type Position } from './positions';
import { checkPromqlCell } from './promqlChecks';
import { metricsWithoutSeries, STALE_WINDOW_SECONDS } from './staleMetrics';
import type { CheckOptions, Finding, FindingCode, FindingSeverity } from './types';

/** Cells longer than this (characters) are not checked: no runbook step is that long. */
export const MAX_CHECKED_CELL_CHARS = 100_000;
/** The value a parameter without a default gets in kubectl and http cells while checking. */
export const CHECK_PLACEHOLDER = 'example';

export async function checkRunbook(text: string, file: string, options: CheckOptions = {}): Promise<Finding[]> {
  const findings: Finding[] = [];
  const add = (severity: FindingSeverity, code: FindingCode, at: number | Position, message: string) => {
    const pos = typeof at === 'number' ? { line: at } : at;
    findings.push({ file, line: Math.max(1, pos.line), ...('column' in pos ? { column: pos.column } : {}), severity, code, message });
  };

  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = countLines(text, nul);
    add('error', 'binary-file', line, 'The file holds NUL bytes (binary data), so it cannot open as a runbook. Is it the right file?');
    return findings;
  }

  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Every fence becomes a cell here, so unclosed fences in any language are seen; only executable ones are checked.
  const parsed = parseRunbook(text, { isExecutable: () => true });
  const meta = runbookMeta(parsed.frontMatter);
  const fmLines = new FrontMatterLines(parsed.frontMatter);
  for (const p of checkFrontMatter(parsed, meta, fmLines)) add(p.severity, p.code, p.line, p.message);

  const codeCells = parsed.cells.filter((c) => c.kind === 'code');
  const executableLines = new Set(codeCells.filter((c) => isExecutableLanguage(c.language)).map((c) => c.metadata.runbook?.line));
  const fmDiagnostics = new Set(parsed.frontMatter?.diagnostics ?? []);
  for (const d of parsed.diagnostics) {
    if (fmDiagnostics.has(d) || d.line === undefined || !executableLines.has(d.line)) continue;
    add(d.severity, 'cell-attributes', d.line, d.message);
  }

  // Parameters: declared names (when the front matter could be read) and the values a check run uses.
  const declared = parsed.frontMatter && !parsed.frontMatter.data ? undefined : new Set(meta.parameters.map((p) => p.name));
  const defaults = new Map(meta.parameters.filter((p) => p.default).map((p) => [p.name, p.default as string]));

  const fileLines = new FileLines(src);
  const isSupported = options.isSupportedKubectl ?? builtinKubectlSupport;
  const metrics: { name: string; position: Position }[] = [];

  for (const cell of codeCells) {
    const source = cell.metadata.runbook;
    if (!source) continue;
    const executable = isExecutableLanguage(cell.language);
    if (source.closing === null) {
      const fence = `${source.marker ?? '```'}${cell.language}`;
      const at = { line: source.line, column: (source.prefix?.length ?? 0) + 1 };
      const close = `add a closing ${source.marker ?? '```'} line after the cell's last line`;
      // Inside a list item or block quote the fence ends with its container; at the top level it runs to the end.
      const last = source.line + lineCount(source.text) - 1;
      const reach = cell === codeCells[codeCells.length - 1] && parsed.cells[parsed.cells.length - 1] === cell
        ? 'so it swallows the rest of the runbook'
        : `so everything up to line ${last}, where its list item or quote ends, is part of it`;
      if (executable) add('error', 'unclosed-fence', at, `The ${fence} fence never closes, ${reach}: ${close}.`);
      else add('warning', 'unclosed-fence', at, `The ${fence || 'code'} fence never closes, ${reach} (cells included): ${close}.`);
      // What an unclosed fence holds is not what the author meant as a cell: checking it would only add noise.
      continue;
    }
    if (!executable) continue;
    const positions = new CellPositions(cell.value, source.line, fileLines);
    const opener = fenceOpenerInside(cell.value, source.marker ?? '```');
    if (opener) {
      const p = positions.at(opener.offset);
      add('error', 'unclosed-fence', { line: source.line, column: (source.prefix?.length ?? 0) + 1 },
        `The ${source.marker ?? '```'}${cell.language} fence does not close before the ${opener.text} fence at line ${p.line}, so that fence's lines are part of this cell: add a closing ${source.marker ?? '```'} line before line ${p.line}.`);
      continue;
    }
    const refs = findReferences(cell.value);
    if (declared) {
      const reported = new Set<string>();
      for (const ref of refs) {
        if (declared.has(ref.name) || reported.has(ref.name)) continue;
        reported.add(ref.name);
        add('error', 'unknown-parameter', positions.at(ref.start),
          `Parameter {{${ref.name}}} is not declared: add it under parameters: in the front matter${nearest(ref.name, declared)}.`);
      }
    }
    const timeout = cell.metadata.attributes?.timeout;
    if (timeout !== undefined && !(Number(timeout) > 0)) {
      add('warning', 'cell-attributes', source.line, `timeout ${JSON.stringify(timeout)} is not a number of seconds; the default time limit is used instead.`);
    }
    if (cell.value.length > MAX_CHECKED_CELL_CHARS) {
      add('warning', 'cell-too-large', source.line, `The ${cell.language} cell is ${cell.value.length} characters long; cells over ${MAX_CHECKED_CELL_CHARS} are not checked.`);
      continue;
    }
    checkCell(cell, positions, refs.map((r) => r.name), defaults, isSupported, add, metrics);
  }

  if (options.prometheus && metrics.length > 0) await checkStale(options, metrics, add);
  return findings.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}

type Add = (severity: FindingSeverity, code: FindingCode, at: number | Position, message: string) => void;

function checkCell(
  cell: RawCell,
  positions: CellPositions,
  referenced: string[],
  defaults: ReadonlyMap<string, string>,
  isSupported: NonNullable<CheckOptions['isSupportedKubectl']>,
  add: Add,
  metrics: { name: string; position: Position }[],
): void {
  const values = new Map<string, string>();
  const placeholders = new Set<string>();
  for (const name of referenced) {
    const d = defaults.get(name);
    values.set(name, d ?? CHECK_PLACEHOLDER);
    if (d === undefined) placeholders.add(name);
  }
  switch (cell.language) {
    case 'promql': {
      const report = checkPromqlCell(cell.value, cell.metadata.attributes ?? {}, positions);
      for (const p of report.syntax) add('error', 'promql-syntax', p.position, p.message);
      if (report.attributes) add('error', 'cell-attributes', cell.metadata.runbook?.line ?? positions.at(0).line, report.attributes);
      metrics.push(...report.metrics);
      break;
    }
    case 'kubectl':
      for (const p of checkKubectlCell(cell.value, positions, values, placeholders, isSupported)) add('error', p.code, p.position, p.message);
      break;
    case 'http':
      for (const p of checkHttpCell(cell.value, positions, values, placeholders)) add('error', 'http-cell', p.position, p.message);
      break;
    default:
      // sh cells run in a terminal after confirmation; there is nothing to check beyond parameters.
      break;
  }
}

async function checkStale(options: CheckOptions, metrics: { name: string; position: Position }[], add: Add): Promise<void> {
  const prometheus = options.prometheus!;
  const url = prometheus.http.baseUrl.replace(/\/+$/, '');
  let missing: Set<string>;
  try {
    missing = await metricsWithoutSeries(prometheus, metrics.map((m) => m.name), { end: options.now ?? Date.now() / 1000, signal: options.signal });
  } catch (e) {
    if (isCancelled(e) || options.signal?.aborted) throw e;
    add('error', 'prometheus-unreachable', metrics[0].position,
      `Could not ask Prometheus ${url} which metrics exist, so stale metrics were not checked: ${describeError(e)}`);
    return;
  }
  const hours = STALE_WINDOW_SECONDS / 3600;
  for (const m of metrics) {
    if (!missing.has(m.name)) continue;
    add('warning', 'stale-metric', m.position, `metric ${m.name} has no series in Prometheus ${url} (last ${hours} h): the runbook may be stale.`);
  }
}

/** " (did you mean {{x}}?)" for a declared name one or two edits away. */
function nearest(name: string, declared: ReadonlySet<string>): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const d of declared) {
    const dist = editDistance(name.toLowerCase(), d.toLowerCase(), bestDistance);
    if (dist < bestDistance) {
      best = d;
      bestDistance = dist;
    }
  }
  return best ? ` (did you mean {{${best}}}?)` : '';
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * A line in a cell body that looks like the opening fence of another code block (```kubectl): the cell's own
 * fence was not closed and a later fence's closing line closed it instead.
 */
function fenceOpenerInside(body: string, marker: string): { offset: number; text: string } | undefined {
  const re = marker[0] === '`' ? /^[ \t]*(`{3,})[ \t]*[A-Za-z][^`\n]*$/gm : /^[ \t]*(~{3,})[ \t]*[A-Za-z][^\n]*$/gm;
  for (const m of body.matchAll(re)) {
    if (m[1].length >= marker.length) return { offset: m.index + m[0].length - m[0].trimStart().length, text: m[0].trim().split(/\s/)[0] };
  }
  return undefined;
}

function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

function countLines(text: string, upTo: number): number {
  let line = 1;
  for (let i = 0; i < upTo; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}
