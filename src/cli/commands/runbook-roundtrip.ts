/**
 * `oncall runbook roundtrip FILE`: writes to stdout exactly the bytes an unedited save of the runbook
 * notebook would write, and exits 1 (with where they first differ) when those are not the file's bytes.
 */
import type { CliCommand, CliIo } from '../command';
import { EXIT, UsageError } from '../command';
import { parseArgs } from '../args';
import { describeError } from '../../common/errors';
import { encodeRunbook, parseRunbook, serializeRunbook } from '../../notebooks/index';
import { readRunbookFile } from './runbook-cells';

const usage = `Usage: oncall runbook roundtrip FILE

  Opens the runbook as notebook cells and saves it again without edits, writing the result to stdout
  byte for byte (no newline is added). The file itself is never changed.

Exit codes: 0 the save is identical to the file, 1 it differs (where is said on stderr) or the file cannot
be read, 2 usage error.`;

/** Where two byte strings first differ, as 1-based line and column of `a` and a byte offset. */
export function firstDifference(a: Uint8Array, b: Uint8Array): { offset: number; line: number; column: number } | undefined {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return undefined;
  let line = 1;
  let column = 1;
  for (let k = 0; k < i; k++) {
    if (a[k] === 10) {
      line++;
      column = 1;
    } else column++;
  }
  return { offset: i, line, column };
}

/** The command, writing raw bytes with `write` (io.out adds a newline, which a byte-exact copy must not). */
export function makeRunbookRoundtripCommand(write: (bytes: Uint8Array) => void): CliCommand {
  return {
    path: ['runbook', 'roundtrip'],
    summary: 'Write what an unedited save of a runbook would write; exit 1 if it differs from the file',
    usage,
    async run(args: string[], io: CliIo): Promise<number> {
      const p = parseArgs(args, {});
      if (p.positionals.length !== 1) throw new UsageError(p.positionals.length === 0 ? 'give the runbook FILE.' : 'give exactly one FILE.');
      const file = p.positionals[0];
      let bytes: Uint8Array;
      let text: string;
      try {
        ({ bytes, text } = await readRunbookFile(file));
      } catch (e) {
        io.err(`oncall runbook roundtrip: ${describeError(e)}`);
        return EXIT.failure;
      }
      const parsed = parseRunbook(text);
      const saved = encodeRunbook(serializeRunbook(parsed.cells, parsed.document));
      write(saved);
      const diff = firstDifference(bytes, saved);
      if (diff) {
        io.err(
          `oncall runbook roundtrip: a save would change ${file}: first difference at line ${diff.line}, column ${diff.column} (byte ${diff.offset}; ${bytes.length} bytes in the file, ${saved.length} written).`,
        );
        return EXIT.failure;
      }
      return EXIT.ok;
    },
  };
}

export const runbookRoundtripCommand = makeRunbookRoundtripCommand((bytes) => void process.stdout.write(bytes));
