import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../../src/cli/command';
import { runbookCellsCommand } from '../../../src/cli/commands/runbook-cells';
import { firstDifference, makeRunbookRoundtripCommand } from '../../../src/cli/commands/runbook-roundtrip';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    interactive: false,
    ask: async () => '',
    signal: new AbortController().signal,
  };
  return { io, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'oncall-runbook-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const RUNBOOK = '\uFEFF---\r\ntitle: Endpoint down\r\nparameters: [oops\r\n---\r\n# Down\r\n\r\n1. Check\r\n\r\n    ```promql {"name":"up"}\r\n    up == 0\r\n    ```\r\n\r\n~~~kubectl {name=restart}\r\nrollout restart deployment/x\r\n~~~';

describe('oncall runbook commands', () => {
  const file = join(dir, 'runbook.md');
  writeFileSync(file, RUNBOOK, 'utf8');

  test('runbook cells --json lists index, kind, language, attributes, first line and start line', async () => {
    const { io, out, err } = fakeIo();
    assert.equal(await runbookCellsCommand.run([file, '--json'], io), 0);
    assert.deepEqual(JSON.parse(out.join('\n')), [
      { index: 0, kind: 'markup', language: 'markdown', attributes: {}, firstLine: '# Down', startLine: 5 },
      { index: 1, kind: 'code', language: 'promql', attributes: { name: 'up' }, firstLine: 'up == 0', startLine: 9 },
      { index: 2, kind: 'code', language: 'kubectl', attributes: { name: 'restart' }, firstLine: 'rollout restart deployment/x', startLine: 13 },
    ]);
    assert.equal(err.length, 1);
    assert.match(err[0], /runbook\.md:4: error: Front matter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a \]$/);
  });

  test('runbook cells prints a table', async () => {
    const { io, out } = fakeIo();
    assert.equal(await runbookCellsCommand.run([file], io), 0);
    const lines = out.join('\n').split('\n');
    assert.match(lines[0], /^#\s+KIND\s+LANGUAGE\s+LINE\s+ATTRIBUTES\s+FIRST LINE$/);
    assert.match(lines[2], /^1\s+code\s+promql\s+9\s+\{"name":"up"\}\s+up == 0$/);
  });

  test('runbook roundtrip writes the exact bytes and exits 0 when identical', async () => {
    const written: Uint8Array[] = [];
    const { io, err } = fakeIo();
    const cmd = makeRunbookRoundtripCommand((b) => void written.push(b));
    assert.equal(await cmd.run([file], io), 0);
    assert.deepEqual(err, []);
    assert.deepEqual(Buffer.concat(written), Buffer.from(RUNBOOK, 'utf8'));
  });

  test('unreadable and non-UTF-8 files exit 1 with a message; no FILE is a usage error', async () => {
    const bad = join(dir, 'latin1.md');
    writeFileSync(bad, Buffer.from([0x23, 0x20, 0xe9, 0x0a]));
    for (const [f, re] of [
      [bad, /not valid UTF-8/],
      [join(dir, 'missing.md'), /cannot read .*missing\.md/],
    ] as const) {
      const { io, err } = fakeIo();
      assert.equal(await makeRunbookRoundtripCommand(() => undefined).run([f], io), 1);
      assert.match(err.join('\n'), re);
      const c = fakeIo();
      assert.equal(await runbookCellsCommand.run([f], c.io), 1);
      assert.match(c.err.join('\n'), re);
    }
    await assert.rejects(runbookCellsCommand.run([], fakeIo().io), /give the runbook FILE/);
  });

  test('firstDifference reports line, column and byte of the first change', () => {
    const a = Buffer.from('ab\ncd\nef');
    assert.equal(firstDifference(a, Buffer.from('ab\ncd\nef')), undefined);
    assert.deepEqual(firstDifference(a, Buffer.from('ab\ncX\nef')), { offset: 4, line: 2, column: 2 });
    assert.deepEqual(firstDifference(a, Buffer.from('ab\ncd\nef\n')), { offset: 8, line: 3, column: 3 });
  });
});
