// Security properties of the manifest and the webview code, checked against the real files:
//  - Workspace Trust: limited support, and every setting that chooses a server, TLS, a kubeconfig (whose exec
//    plugins run commands), a protected context or a folder On-Call writes to is restricted, so a cloned repo's
//    .vscode/settings.json cannot send stored credentials elsewhere or lift a protection while untrusted;
//  - the controller refuses to run cells in an untrusted workspace before choosing an executor (sh included);
//  - the notebook renderer, bundled as shipped (uPlot included), never parses data as HTML and never evaluates
//    strings; it needs no messaging; On-Call opens no webview of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] } };
  contributes: {
    configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[];
    notebookRenderer: { id: string; entrypoint: string; requiresMessaging?: string }[];
  };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const configuration = manifest.contributes.configuration;
const settings = (Array.isArray(configuration) ? configuration : [configuration]).flatMap((c) => Object.keys(c.properties));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('Workspace Trust: limited, and every server, TLS, kubeconfig, protection and output-folder setting is restricted', () => {
  const trust = manifest.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  assert.match(trust.description ?? '', /no cell runs/);
  const restricted = new Set(trust.restrictedConfigurations ?? []);
  const sensitive = settings.filter((s) => /\.(url|alertmanagers|caFile|insecureSkipVerify|kubeconfig|protectedContexts)$|\.(folder|paths)$/.test(s));
  assert.ok(sensitive.length >= 8, `found ${sensitive.length} sensitive settings`);
  for (const s of sensitive) assert.ok(restricted.has(s), `${s} must be in capabilities.untrustedWorkspaces.restrictedConfigurations`);
  for (const s of restricted) assert.ok(settings.includes(s), `restrictedConfigurations names ${s}, which is not a contributed setting`);
});

test('the runbook controller checks trust before it picks an executor, so no sh cell reaches a terminal', () => {
  const text = readFileSync('src/vscode/notebooks/runbookController.ts', 'utf8');
  const trust = text.search(/if \(!vscode\.workspace\.isTrusted\) return \w+\(/);
  const pick = text.indexOf('this.executors.get(');
  assert.ok(trust > 0 && pick > 0 && trust < pick, 'the trust check comes first in runOne');
  // The terminal is reached only through the sh executor, which only the controller calls.
  const terminals = sources('src').filter((f) => /createTerminal|sendText/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(terminals, [join('src', 'vscode', 'notebooks', 'executors', 'shExecutor.ts')]);
});

test('the notebook renderer as shipped (with uPlot) never parses HTML or evaluates strings, and needs no messaging', () => {
  // The esbuild command line (a process that exits), with the options of esbuild.mjs for the renderer.
  const code = execFileSync(join('node_modules', '.bin', 'esbuild'), ['src/renderer/index.ts', '--bundle', '--platform=browser', '--format=esm', '--target=es2022', '--loader:.css=text', '--log-level=error'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(code.length > 10_000, 'the bundle includes uPlot');
  for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'createContextualFragment', 'DOMParser', 'srcdoc', 'eval(', 'new Function', 'javascript:']) {
    assert.ok(!code.includes(sink), `the renderer bundle uses ${sink}`);
  }
  const renderers = manifest.contributes.notebookRenderer;
  assert.equal(renderers.length, 1);
  assert.equal(renderers[0].requiresMessaging, 'never');
});

test('On-Call opens no webview of its own (the renderer runs in VS Code\'s notebook webview and its CSP)', () => {
  const webviews = sources('src').filter((f) => /createWebviewPanel|registerWebviewViewProvider|registerCustomEditorProvider/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(webviews, [], 'a webview of our own needs a strict Content-Security-Policy and a test of it');
});
