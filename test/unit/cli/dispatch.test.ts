import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findCommand, runCli } from '../../../src/cli/dispatch';
import { EXIT, UsageError, type CliCommand, type CliIo } from '../../../src/cli/command';
import { commands } from '../../../src/cli/commands/index';

function io(): CliIo & { outText: string[]; errText: string[] } {
  const outText: string[] = [];
  const errText: string[] = [];
  return { outText, errText, out: (t) => outText.push(t), err: (t) => errText.push(t), interactive: false, ask: async () => '', signal: new AbortController().signal };
}

const calls: string[][] = [];
const fake: CliCommand[] = [
  { path: ['alerts'], summary: 'alerts', usage: 'Usage: alerts', run: async (args) => (calls.push(args), EXIT.ok) },
  { path: ['silence', 'add'], summary: 'add', usage: 'Usage: silence add', run: async () => { throw new UsageError('bad flag'); } },
  { path: ['silence', 'list'], summary: 'list', usage: 'Usage: silence list', run: async () => { throw new Error('boom'); } },
];

describe('CLI dispatcher', () => {
  test('the real command list has alerts and silence add/expire/list', () => {
    const paths = commands.map((c) => c.path.join(' '));
    for (const p of ['alerts', 'silence add', 'silence expire', 'silence list']) assert.ok(paths.includes(p), p);
    assert.equal(new Set(paths).size, paths.length, 'no two commands share a path');
    assert.equal(findCommand(commands, ['silence', 'expire', 'x'])?.path.join(' '), 'silence expire');
  });

  test('picks the command by its path words and passes the rest', async () => {
    const o = io();
    assert.equal(await runCli(['alerts', '--json'], o, fake), EXIT.ok);
    assert.deepEqual(calls.at(-1), ['--json']);
  });

  test('--help prints the usage and exits 0; no arguments exit 2', async () => {
    const o = io();
    assert.equal(await runCli(['silence', 'add', '--help'], o, fake), EXIT.ok);
    assert.match(o.outText.join('\n'), /Usage: silence add/);
    const top = io();
    assert.equal(await runCli(['--help'], top, fake), EXIT.ok);
    assert.match(top.outText.join('\n'), /oncall silence list/);
    assert.equal(await runCli([], io(), fake), EXIT.usage);
  });

  test('unknown commands and missing subcommands exit 2 with usage', async () => {
    const o = io();
    assert.equal(await runCli(['bogus'], o, fake), EXIT.usage);
    assert.match(o.errText.join('\n'), /Unknown command: oncall bogus/);
    const s = io();
    assert.equal(await runCli(['silence'], s, fake), EXIT.usage);
    assert.match(s.errText.join('\n'), /needs a subcommand[\s\S]*silence add/);
  });

  test('a UsageError exits 2 with the usage; any other failure exits 1', async () => {
    const o = io();
    assert.equal(await runCli(['silence', 'add'], o, fake), EXIT.usage);
    assert.match(o.errText.join('\n'), /bad flag[\s\S]*Usage: silence add/);
    const f = io();
    assert.equal(await runCli(['silence', 'list'], f, fake), EXIT.failure);
    assert.match(f.errText.join('\n'), /boom/);
  });

  test('real commands: missing --alertmanager and bad matchers are usage errors', async () => {
    const o = io();
    const saved = process.env.ONCALL_ALERTMANAGER_URL;
    delete process.env.ONCALL_ALERTMANAGER_URL;
    try {
      assert.equal(await runCli(['alerts'], o, commands), EXIT.usage);
      assert.match(o.errText.join('\n'), /--alertmanager URL is required/);
      const b = io();
      assert.equal(await runCli(['alerts', '--alertmanager', 'http://127.0.0.1:1', '--filter', 'a="b'], b, commands), EXIT.usage);
      assert.match(b.errText.join('\n'), /closing double quote/);
      const u = io();
      assert.equal(await runCli(['alerts', '--alertmanager', 'ftp://x'], u, commands), EXIT.usage);
    } finally {
      if (saved !== undefined) process.env.ONCALL_ALERTMANAGER_URL = saved;
    }
  });
});
