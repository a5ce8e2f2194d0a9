// Every contributed command is registered, every registered command is contributed, and menus name real commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const contributed = manifest.contributes.commands.map((c) => c.command);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Command ids registered in src/vscode: registerCommand(log, Commands.x, ...) resolved through ids.ts. */
function registeredIds(): Set<string> {
  const ids = readFileSync('src/vscode/common/ids.ts', 'utf8');
  const table = new Map<string, string>();
  for (const m of ids.matchAll(/^\s+(\w+): '(oncall\.[\w.]+)'/gm)) table.set(m[1], m[2]);
  const out = new Set<string>();
  for (const file of sources('src/vscode')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/registerCommand\(\s*\w+,\s*Commands\.(\w+)/g)) {
      const id = table.get(m[1]);
      assert.ok(id, `${file} registers Commands.${m[1]}, which ids.ts does not define`);
      out.add(id);
    }
    for (const m of text.matchAll(/registerCommand\(\s*\w+,\s*'(oncall\.[\w.]+)'/g)) out.add(m[1]);
  }
  return out;
}

test('every contributed command has the On-Call category and is registered', () => {
  const registered = registeredIds();
  for (const c of manifest.contributes.commands) {
    assert.equal(c.category, 'On-Call', `${c.command} has no category`);
    assert.ok(registered.has(c.command), `${c.command} is contributed but never registered`);
  }
});

test('every registered command is contributed in package.json', () => {
  for (const id of registeredIds()) assert.ok(contributed.includes(id), `${id} is registered but not contributed`);
});

test('menus only name contributed commands', () => {
  for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
    for (const item of items) assert.ok(contributed.includes(item.command), `${menu} names unknown command ${item.command}`);
  }
});
