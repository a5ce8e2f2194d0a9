/**
 * The `oncall` command line (the entry of dist/cli.js): runs the dispatcher with the process's arguments and streams;
 * Ctrl-C aborts the signal (a second Ctrl-C exits at once). io.out and io.err write one line (a newline is added).
 */
import * as readline from 'node:readline/promises';
import { commands } from './commands/index';
import { runCli } from './dispatch';
import type { CliIo } from './command';

function processIo(signal: AbortSignal): CliIo {
  return {
    out: (text) => void process.stdout.write(`${text}\n`),
    err: (text) => void process.stderr.write(`${text}\n`),
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    async ask(question) {
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question, { signal });
      } finally {
        rl.close();
      }
    },
    signal,
  };
}

async function main(): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    controller.abort();
  });
  process.exitCode = await runCli(process.argv.slice(2), processIo(controller.signal), commands);
}

void main();
