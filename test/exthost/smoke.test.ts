/** Inside the real extension host: the On-Call extension is there, activates, and registers every command it contributes. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'oncall-dev.oncall';

interface Manifest {
  contributes?: { commands?: { command: string }[] };
}

suite('extension smoke', () => {
  test('the extension is present and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among the loaded extensions`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('every contributed command is registered', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among the loaded extensions`);
    await ext.activate();
    // The manifest on disk, not ext.packageJSON, so the check reads what the .vsix would ship.
    const manifest = JSON.parse(readFileSync(join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest;
    const contributed = (manifest.contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  test('activation does not load the Kubernetes client: dist/kubernetes.js waits for a kubectl cell or command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among the loaded extensions`);
    await ext.activate();
    const modules = Object.keys(require.cache);
    assert.ok(modules.includes(join(ext.extensionPath, 'dist', 'extension.js')), 'the module cache lists the extension itself (the check below looks at the right cache)');
    const kube = modules.filter((p) => p === join(ext.extensionPath, 'dist', 'kubernetes.js') || p.includes(`${sep}@kubernetes${sep}client-node${sep}`));
    assert.deepEqual(kube, [], 'the Kubernetes client was loaded at activation');
  });
});
