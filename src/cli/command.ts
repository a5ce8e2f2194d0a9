/** A subcommand of the `oncall` CLI. Each lives in src/cli/commands/ and is listed in commands/index.ts. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stdin and stdout are a terminal (the CLI may ask questions). */
  interactive: boolean;
  ask(question: string): Promise<string>;
  signal: AbortSignal;
  /** The clock (default: the system's); tests pin it. */
  now?: () => Date;
}

/** Exit codes: 0 ok, 1 failure, 2 usage error, 3 some sources failed. */
export const EXIT = { ok: 0, failure: 1, usage: 2, partial: 3 } as const;

export interface CliCommand {
  /** The words that select it, for example ['alerts'] or ['silence', 'add']. */
  path: string[];
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A usage error: the CLI prints the message and the command's usage, then exits 2. */
export class UsageError extends Error {}
