/**
 * The dispatcher of the `oncall` command line: picks the command by its path words (`oncall silence add …`), prints
 * usage for --help and for unknown commands, and maps failures to the exit codes of EXIT. main.ts wires it to the process.
 */
import { commands } from './commands/index';
import { EXIT, UsageError, type CliCommand, type CliIo } from './command';
import { InputError, isCancelled, describeError } from '../common/errors';

const PROGRAM = 'oncall';

/** The command whose path is the longest prefix of argv. */
export function findCommand(list: readonly CliCommand[], argv: readonly string[]): CliCommand | undefined {
  let best: CliCommand | undefined;
  for (const c of list) {
    if (c.path.length <= argv.length && c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best;
}

export function overview(list: readonly CliCommand[], prefix: readonly string[] = []): string {
  const shown = list.filter((c) => prefix.every((w, i) => c.path[i] === w));
  const width = Math.max(0, ...shown.map((c) => c.path.join(' ').length));
  const lines = shown.map((c) => `  ${PROGRAM} ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return [`Usage: ${PROGRAM} <command> [options]   (${PROGRAM} <command> --help for its options)`, '', 'Commands:', ...lines].join('\n');
}

function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Runs one invocation; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, list: readonly CliCommand[] = commands): Promise<number> {
  if (argv.length === 0 || ((argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') && argv.length === 1)) {
    (argv.length === 0 ? io.err : io.out)(overview(list));
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const cmd = findCommand(list, argv);
  if (!cmd) {
    const prefix = list.some((c) => c.path[0] === argv[0]) ? [argv[0]] : [];
    if (wantsHelp(argv) && prefix.length) {
      io.out(overview(list, prefix));
      return EXIT.ok;
    }
    const words = argv.slice(0, prefix.length + 1).join(' ');
    io.err(prefix.length && argv.length === 1 ? `${PROGRAM} ${words} needs a subcommand.` : `Unknown command: ${PROGRAM} ${words}`);
    io.err(overview(list, prefix));
    return EXIT.usage;
  }
  const args = argv.slice(cmd.path.length);
  if (wantsHelp(args)) {
    io.out(`${cmd.summary}\n\n${cmd.usage}`);
    return EXIT.ok;
  }
  try {
    return await cmd.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${PROGRAM} ${cmd.path.join(' ')}: ${e.message}`);
      io.err(cmd.usage);
      return EXIT.usage;
    }
    if (e instanceof InputError) {
      io.err(`${PROGRAM} ${cmd.path.join(' ')}: ${e.message}`);
      return EXIT.usage;
    }
    if (isCancelled(e) || io.signal.aborted) {
      io.err('Cancelled.');
      return EXIT.failure;
    }
    io.err(`${PROGRAM} ${cmd.path.join(' ')}: ${describeError(e)}`);
    return EXIT.failure;
  }
}
