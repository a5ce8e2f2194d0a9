// `oncall runbook check`: compiler-style lines, the summary, exit codes 0 / 1 / 2, --json, several files.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/dispatch';
import { commands } from '../../../src/cli/commands/index';
import { makeRunbookCheckCommand } from '../../../src/cli/commands/runbook-check';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), interactive: false, ask: async () => '', signal: new AbortController().signal };
  return { io, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'oncall-runbook-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const good = join(dir, 'good.runbook.md');
writeFileSync(good, '---\nparameters:\n  ns: { default: ai }\n---\n# Good\n\n```promql\nup{namespace={{ns}}}\n```\n\n```kubectl\nget pods -n {{ns}}\n```\n');
const bad = join(dir, 'bad.runbook.md');
writeFileSync(bad, '---\r\nparameters:\r\n  model: {}\r\n---\r\n# Bad\r\n\r\n```promql\r\nsum(rate(x{model={{model}}}[5m])\r\n```\r\n\r\n```kubectl\r\nget pods | grep {{tenant}}\r\n```\r\n');

describe('oncall runbook check', () => {
  const cmd = makeRunbookCheckCommand({ env: {} });

  test('a clean runbook: no finding lines, a summary that says stale metrics were skipped, exit 0', async () => {
    const { io, out, err } = fakeIo();
    assert.equal(await cmd.run([good], io), 0);
    assert.deepEqual(out, ['1 file checked: 0 errors, 0 warnings; stale metrics not checked (no --prometheus).']);
    assert.deepEqual(err, []);
  });

  test('findings as file:line:col: severity: message [code], in file order, then the summary; exit 1', async () => {
    const { io, out } = fakeIo();
    assert.equal(await cmd.run([good, bad], io), 1);
    assert.equal(out.length, 5, out.join('\n'));
    assert.match(out[0], new RegExp(`^${escape(bad)}:3: warning: Parameter "model" has neither a default nor a label.* \\[parameter-without-value\\]$`));
    assert.match(out[1], new RegExp(`^${escape(bad)}:8:4: error: "\\(" at line 8, column 4 is never closed: add "\\)"\\. \\[promql-syntax\\]$`));
    assert.match(out[2], new RegExp(`^${escape(bad)}:12:10: error: an unquoted "\\|" would need a shell.* \\[kubectl-syntax\\]$`));
    assert.match(out[3], new RegExp(`^${escape(bad)}:12:17: error: Parameter \\{\\{tenant\\}\\} is not declared.* \\[unknown-parameter\\]$`));
    assert.equal(out[4], '2 files checked: 3 errors, 1 warning; stale metrics not checked (no --prometheus).');
  });

  test('--json: the findings and the summary, nothing else on stdout', async () => {
    const { io, out } = fakeIo();
    assert.equal(await cmd.run([bad, '--json'], io), 1);
    const parsed = JSON.parse(out.join('\n')) as { findings: Array<Record<string, unknown>>; summary: Record<string, unknown> };
    assert.deepEqual(parsed.summary, { files: 1, errors: 3, warnings: 1, staleMetricsChecked: false });
    assert.deepEqual(parsed.findings[1], { file: bad, line: 8, column: 4, severity: 'error', code: 'promql-syntax', message: '"(" at line 8, column 4 is never closed: add ")".' });
  });

  test('a file that cannot be read is an error finding (exit 1); the other files are still checked', async () => {
    const latin1 = join(dir, 'latin1.md');
    writeFileSync(latin1, Buffer.from([0x23, 0x20, 0xe9, 0x0a]));
    const { io, out } = fakeIo();
    assert.equal(await cmd.run([join(dir, 'missing.md'), latin1, good], io), 1);
    assert.match(out[0], /missing\.md:1: error: cannot read .*missing\.md.* \[unreadable-file\]$/);
    assert.match(out[1], /latin1\.md:1: error: .*not valid UTF-8.* \[unreadable-file\]$/);
    assert.equal(out[2], '3 files checked: 2 errors, 0 warnings; stale metrics not checked (no --prometheus).');
  });

  test('usage errors exit 2 through the dispatcher: no FILE, a bad --prometheus, an unknown flag', async () => {
    for (const args of [['runbook', 'check'], ['runbook', 'check', good, '--prometheus', 'ftp://x'], ['runbook', 'check', good, '--prometheus', 'http://u:p@x'], ['runbook', 'check', good, '--fix']]) {
      const { io, err } = fakeIo();
      assert.equal(await runCli(args, io, commands), 2, args.join(' '));
      assert.match(err[0], /^oncall runbook check: /);
    }
  });

  test('$ONCALL_PROMETHEUS_URL turns the stale-metric check on (an unreachable one is an error finding)', async () => {
    const { io, out } = fakeIo();
    const withEnv = makeRunbookCheckCommand({ env: { ONCALL_PROMETHEUS_URL: 'http://127.0.0.1:1' } });
    assert.equal(await withEnv.run([good], io), 1);
    assert.match(out[0], /good\.runbook\.md:8:1: error: Could not ask Prometheus http:\/\/127\.0\.0\.1:1 which metrics exist.* \[prometheus-unreachable\]$/);
    assert.match(out[1], /stale metrics checked against http:\/\/127\.0\.0\.1:1\.$/);
  });

  test('is listed in the command overview', async () => {
    const { io, out } = fakeIo();
    assert.equal(await runCli(['runbook', '--help'], io, commands), 0);
    assert.match(out.join('\n'), /oncall runbook check\s+Check runbooks/);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
