/** `oncall runbook cells FILE [--json]`: the cells a runbook opens as, with where each starts in the file. */
import { readFile } from 'node:fs/promises';
import type { CliCommand, CliIo } from '../command';
import { EXIT, UsageError } from '../command';
import { boolFlag, parseArgs } from '../args';
import { clean, table, truncate } from '../textTable';
import { describeError, InputError } from '../../common/errors';
import { decodeRunbook, parseRunbook, runbookMeta, type ParsedRunbook } from '../../notebooks/index';

const usage = `Usage: oncall runbook cells FILE [--json]

  Lists the cells the runbook opens as in the notebook: index, kind (markup or code), language, the fence
  attributes, the first line, and the line the cell starts on in the file. Fences in promql, kubectl, http
  and sh become code cells; everything else stays Markdown. Front matter problems are printed to stderr.
  --json   The same as a JSON array (plus nothing else on stdout).

Exit codes: 0 ok, 1 the file cannot be read, 2 usage error.`;

export interface CellRow {
  index: number;
  kind: 'markup' | 'code';
  language: string;
  attributes: Record<string, unknown>;
  firstLine: string;
  startLine: number;
}

export function cellRows(parsed: ParsedRunbook): CellRow[] {
  return parsed.cells.map((c, index) => ({
    index,
    kind: c.kind,
    language: c.language,
    attributes: c.metadata.attributes ?? {},
    firstLine: c.value.split(/\r\n|\r|\n/, 1)[0] ?? '',
    startLine: c.metadata.runbook?.line ?? 0,
  }));
}

/** Reads and decodes a runbook file; a read failure is an InputError with the path. */
export async function readRunbookFile(path: string): Promise<{ bytes: Uint8Array; text: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${describeError(e)}`);
  }
  return { bytes, text: decodeRunbook(bytes, path) };
}

export const runbookCellsCommand: CliCommand = {
  path: ['runbook', 'cells'],
  summary: 'List the notebook cells of a Markdown runbook',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const p = parseArgs(args, { json: { type: 'boolean' } });
    if (p.positionals.length !== 1) throw new UsageError(p.positionals.length === 0 ? 'give the runbook FILE.' : 'give exactly one FILE.');
    const file = p.positionals[0];
    let text: string;
    try {
      text = (await readRunbookFile(file)).text;
    } catch (e) {
      io.err(`oncall runbook cells: ${describeError(e)}`);
      return EXIT.failure;
    }
    const parsed = parseRunbook(text);
    const rows = cellRows(parsed);
    for (const d of parsed.diagnostics) io.err(`${file}${d.line ? `:${d.line}` : ''}: ${d.severity}: ${d.message}`);
    for (const problem of runbookMeta(parsed.frontMatter).problems) io.err(`${file}: warning: front matter: ${problem}`);
    if (boolFlag(p, 'json')) {
      io.out(JSON.stringify(rows, null, 2));
      return EXIT.ok;
    }
    if (rows.length === 0) {
      io.out('The runbook has no cells.');
      return EXIT.ok;
    }
    io.out(
      table(
        ['#', 'kind', 'language', 'line', 'attributes', 'first line'],
        rows.map((r) => [
          String(r.index),
          r.kind,
          r.language,
          String(r.startLine),
          Object.keys(r.attributes).length ? truncate(JSON.stringify(r.attributes), 40) : '',
          truncate(clean(r.firstLine), 60),
        ]),
      ),
    );
    return EXIT.ok;
  },
};
