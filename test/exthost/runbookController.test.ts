/**
 * The runbook controller inside the real extension host, with http cells against a real HTTP server started here:
 * Run All runs cells in order and stops at the first failure, a cell's `timeout` attribute stops a request that does
 * not answer, Stop cancels the request in flight (the server sees the connection close), an undeclared parameter
 * stops a cell before anything is sent (the refused attempt is logged as "refused"), and every run is one line of the
 * incident execution log.
 * The node side (test/e2e/runbookController.test.ts) sets ONCALL_TEST_SCENARIO=runbook-controller.
 */
import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { cellRuns, outputOf, root } from './notebookHelpers';

const scenario = process.env.ONCALL_TEST_SCENARIO ?? '';


/** A real HTTP server: /ok answers at once, /slow never answers; it records each request and when its socket closed. */
class ProbeServer {
  readonly requests: { url: string; closedEarly: boolean }[] = [];
  private readonly server: Server;
  private readonly waiting = new Set<() => void>();

  constructor() {
    this.server = createServer((req: IncomingMessage, res) => {
      const entry = { url: req.url ?? '', closedEarly: false };
      this.requests.push(entry);
      this.changed();
      if (entry.url.startsWith('/slow')) {
        res.on('close', () => {
          entry.closedEarly = !res.writableEnded;
          this.changed();
        });
        return; // never answers
      }
      res.setHeader('X-Probe', 'oncall');
      res.end('healthy\n');
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  hits(prefix: string): number {
    return this.requests.filter((r) => r.url.startsWith(prefix)).length;
  }

  private changed(): void {
    for (const w of [...this.waiting]) w();
  }

  async until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(this.requests)}`);
      await new Promise<void>((resolve) => {
        const done = () => {
          this.waiting.delete(done);
          resolve();
        };
        this.waiting.add(done);
        setTimeout(done, 200);
      });
    }
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}




async function eventually<T>(what: string, get: () => Promise<T> | T, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function openRunbook(name: string, lines: string[]): Promise<vscode.NotebookDocument> {
  const uri = vscode.Uri.joinPath(root(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(lines.join('\n')));
  const nb = await vscode.workspace.openNotebookDocument(uri);
  assert.equal(nb.notebookType, 'oncall.runbook');
  await vscode.window.showNotebookDocument(nb);
  return nb;
}

suite('runbook controller', function () {
  let probe: ProbeServer;
  let base = '';

  suiteSetup(async function () {
    if (scenario !== 'runbook-controller') this.skip();
    const ext = vscode.extensions.getExtension('oncall-dev.oncall');
    assert.ok(ext, 'extension missing');
    await ext.activate();
    probe = new ProbeServer();
    base = await probe.start();
  });

  suiteTeardown(async () => {
    await probe?.stop();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Run All runs in order and stops at the first failure: a cell past its timeout attribute is stopped, the next never runs', async () => {
    const nb = await openRunbook('run-all.runbook.md', [
      '---', 'title: Controller drill', '---', '# Controller drill', '',
      '```http {"name":"first"}', `GET ${base}/ok?cell=1`, '```', '',
      '```http {"name":"slow","timeout":1}', `GET ${base}/slow?cell=2`, '```', '',
      '```http {"name":"never"}', `GET ${base}/ok?cell=3`, '```', '',
    ]);
    const code = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    assert.equal(code.length, 3);
    await vscode.commands.executeCommand('notebook.execute');
    await eventually('two cell runs in the incident log', () => cellRuns('run-all.runbook.md'), (r) => r.length >= 2);
    await new Promise((r) => setTimeout(r, 1000)); // would a third cell run, it would have started by now

    assert.deepEqual(probe.requests.map((r) => r.url), ['/ok?cell=1', '/slow?cell=2'], 'in order, and the third cell sent nothing');
    assert.equal(code[0].executionSummary?.success, true);
    assert.match(outputOf(code[0]), /^GET http:\/\/127\.0\.0\.1:\d+\/ok\?cell=1\nstatus 200 in \d+ ms\n/);
    assert.match(outputOf(code[0]), /^x-probe: oncall$/m, 'the headers are shown');
    assert.equal(code[1].executionSummary?.success, false);
    assert.match(outputOf(code[1]), /slow did not finish within 1 s and was stopped|did not answer within 1\.0 s/);
    assert.notEqual(code[2].executionSummary?.success, true, 'the cell after the failure did not succeed');
    assert.equal(outputOf(code[2]), '', 'the cell after the failure has no output');

    const final = await cellRuns('run-all.runbook.md');
    assert.deepEqual(final.map((e) => [e.cell.index, e.cell.name, e.language, e.outcome]), [[1, 'first', 'http', 'ok'], [2, 'slow', 'http', 'error']]);
    for (const e of final) {
      assert.ok(Number.isFinite(Date.parse(e.time)), e.time);
      assert.ok(e.who, 'who ran it');
      assert.deepEqual(e.parameters, {});
    }
    assert.match(final[0].outputDigest ?? '', /^sha256:[0-9a-f]{16,}$/, 'a digest of the output');
    assert.match(final[1].message ?? '', /did not finish within 1 s|did not answer within 1\.0 s/);
  });

  test('Stop cancels the request in flight: the server sees the connection close, the run is logged as cancelled', async () => {
    const nb = await openRunbook('stop.runbook.md', [
      '# Stop', '', '```http {"name":"hangs","timeout":60}', `GET ${base}/slow?stop=1`, '```', '',
    ]);
    const cell = nb.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code);
    assert.ok(cell);
    const running = vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: nb.uri });
    await probe.until('the request reaches the server', () => probe.hits('/slow?stop=1') === 1);
    await vscode.commands.executeCommand('notebook.cell.cancelExecution', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: nb.uri });
    await running;
    await probe.until('the connection closes', () => probe.requests.find((r) => r.url === '/slow?stop=1')?.closedEarly === true);
    const [run] = await eventually('the cancelled run in the log', () => cellRuns('stop.runbook.md'), (r) => r.length === 1);
    assert.equal(run.outcome, 'cancelled');
    assert.equal(cell.executionSummary?.success, false);
    assert.match(outputOf(cell), /hangs was stopped\./);
  });

  test('an undeclared parameter stops the cell before anything is sent, naming it', async () => {
    const nb = await openRunbook('params.runbook.md', [
      '---', 'title: Params', 'parameters:', '  model: { default: gpt-4o }', '---', '# Params', '',
      '```http {"name":"tenant check"}', `GET ${base}/ok?tenant={{tenant}}`, '```', '',
      '```http {"name":"model check"}', `GET ${base}/ok?model={{model}}`, '```', '',
    ]);
    const [bad, good] = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    const before = probe.requests.length;
    await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: bad.index, end: bad.index + 1 }], document: nb.uri });
    await eventually('the refused cell ends', () => bad.executionSummary?.success, (s) => s === false);
    assert.equal(probe.requests.length, before, 'nothing was sent');
    assert.match(outputOf(bad), /tenant/);
    // The refused attempt is in the incident execution log: outcome "refused", the reason, no output digest.
    const [refused] = await eventually('the refused attempt in the log', () => cellRuns('params.runbook.md'), (r) => r.length === 1);
    assert.equal(refused.outcome, 'refused');
    assert.equal(refused.cell.name, 'tenant check');
    assert.equal(refused.language, 'http');
    assert.match(refused.message ?? '', /tenant/);
    assert.equal(refused.outputDigest, undefined);
    assert.deepEqual(refused.parameters, { model: 'gpt-4o' });
    assert.ok(refused.who, 'who tried it');
    await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: good.index, end: good.index + 1 }], document: nb.uri });
    const runs = await eventually('the run with the default', () => cellRuns('params.runbook.md'), (r) => r.some((e) => e.outcome === 'ok'));
    assert.deepEqual(runs.at(-1)?.parameters, { model: 'gpt-4o' });
    assert.equal(runs.at(-1)?.cell.name, 'model check');
    assert.deepEqual(probe.requests.slice(before).map((r) => r.url), ['/ok?model=gpt-4o'], 'the default filled the URL, percent-encoded as data');
  });
});

suite('runbook controller: which Markdown opens as a runbook', function () {
  suiteSetup(async function () {
    if (scenario !== 'runbook-controller') this.skip();
    const ext = vscode.extensions.getExtension('oncall-dev.oncall');
    assert.ok(ext, 'extension missing');
    await ext.activate();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function write(rel: string, text: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(root(), ...rel.split('/'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  }

  /** What the editor area shows after opening `uri` the way a click in the Explorer does. */
  async function openedAs(uri: vscode.Uri, expect: 'runbook' | 'text'): Promise<void> {
    await vscode.commands.executeCommand('vscode.open', uri);
    await eventually(`${vscode.workspace.asRelativePath(uri)} opens as ${expect}`, () => {
      const nb = vscode.window.activeNotebookEditor?.notebook;
      const text = vscode.window.activeTextEditor?.document;
      if (nb?.uri.toString() === uri.toString()) return nb.notebookType === 'oncall.runbook' ? 'runbook' : `notebook ${nb.notebookType}`;
      if (text?.uri.toString() === uri.toString()) return 'text';
      return 'nothing yet';
    }, (v) => v === expect, 10_000);
  }

  const runbookText = '# Check\n\n```promql\nup == 0\n```\n';

  test('*.runbook.md and Markdown under runbooks/ open as runbooks; other Markdown stays in the text editor', async () => {
    await openedAs(await write('incident.runbook.md', runbookText), 'runbook');
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(root(), 'runbooks'));
    await openedAs(await write('runbooks/gpu.md', runbookText), 'runbook');
    await openedAs(await write('NOTES.md', runbookText), 'text');
  });

  test('Open as Runbook opens any Markdown file as a runbook notebook', async () => {
    const uri = await write('ANY.md', runbookText);
    await openedAs(uri, 'text');
    await vscode.commands.executeCommand('oncall.runbook.openAsRunbook', uri);
    await eventually('the notebook', () => vscode.window.activeNotebookEditor?.notebook, (nb) => nb?.uri.toString() === uri.toString() && nb.notebookType === 'oncall.runbook');
    const cells = vscode.window.activeNotebookEditor?.notebook.getCells().map((c) => [c.kind === vscode.NotebookCellKind.Code ? 'code' : 'markup', c.document.languageId]);
    assert.deepEqual(cells, [['markup', 'markdown'], ['code', 'promql']]);
  });

  test('a runbook folder from the setting (oncall.runbooks.folders) opens as runbooks too', async () => {
    const config = vscode.workspace.getConfiguration('oncall');
    await config.update('runbooks.folders', ['ops/playbooks'], vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(root(), 'ops', 'playbooks'));
      await openedAs(await write('ops/playbooks/restart.md', runbookText), 'runbook');
      await openedAs(await write('ops/README.md', runbookText), 'text');
    } finally {
      await config.update('runbooks.folders', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});

suite('runbook controller: where Open Runbook finds a runbook_url', function () {
  let extensionUri: vscode.Uri;
  suiteSetup(async function () {
    if (scenario !== 'runbook-controller') this.skip();
    const ext = vscode.extensions.getExtension('oncall-dev.oncall');
    assert.ok(ext, 'extension missing');
    await ext.activate();
    extensionUri = ext.extensionUri;
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(root(), 'runbooks'));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root(), 'runbooks', 'gpu.md'), new TextEncoder().encode('# GPU\n'));
  });

  test('the workspace first, then the runbooks shipped with the extension; a web page without a local runbook opens externally; a local file elsewhere is refused', async () => {
    const { resolveRunbook } = await import('../../src/vscode/alerts/runbookLinks');
    const where = async (url: string) => {
      const t = await resolveRunbook(url, extensionUri, ['runbooks']);
      if (t.kind === 'external') return `external:${t.uri.toString()}`;
      if (t.kind !== 'editor') return `${t.kind}: ${t.message}`;
      const uri = t.uri;
      if (uri.path.startsWith(`${root().path}/`)) return `workspace:${uri.path.slice(root().path.length + 1)}`;
      if (uri.path.startsWith(`${extensionUri.path}/`)) return `shipped:${uri.path.slice(extensionUri.path.length + 1)}`;
      return `elsewhere:${uri.toString()}`;
    };
    assert.equal(await where('runbooks/gpu.md'), 'workspace:runbooks/gpu.md');
    assert.equal(await where('./runbooks/quality-regression.runbook.md'), 'shipped:runbooks/quality-regression.runbook.md');
    assert.equal(await where('https://wiki.example.com/ai/gpu'), 'workspace:runbooks/gpu.md');
    assert.equal(await where('https://wiki.example.com/ai/model-endpoint-down'), 'shipped:runbooks/model-endpoint-down.runbook.md');
    assert.equal(await where('https://wiki.example.com/ai/no-such-page'), 'external:https://wiki.example.com/ai/no-such-page');
    assert.match(await where('runbooks/missing.md'), /^not-found: Runbook runbooks\/missing\.md was not found/);
    assert.match(await where(`runbooks/${'../'.repeat(30)}etc/hostname`), /^refused: .*must stay inside the workspace/, 'a relative path cannot climb out of the workspace');

    // Absolute paths and file: URLs: a runbook in the workspace or the shipped runbooks/ opens in the editor ...
    const gpu = vscode.Uri.joinPath(root(), 'runbooks', 'gpu.md');
    assert.equal(await where(gpu.path), 'workspace:runbooks/gpu.md');
    assert.equal(await where(gpu.toString()), 'workspace:runbooks/gpu.md');
    assert.equal(await where(vscode.Uri.joinPath(extensionUri, 'runbooks', 'triage.runbook.md').toString()), 'shipped:runbooks/triage.runbook.md');
    // ... a local file anywhere else (even one that exists, even inside the extension but outside runbooks/) does not.
    const outside = /^refused: .*local file outside the workspace and the runbooks shipped with On-Call/;
    assert.match(await where('/etc/hostname'), outside);
    assert.match(await where('file:///etc/hostname'), outside);
    assert.match(await where(vscode.Uri.joinPath(extensionUri, 'package.json').toString()), outside);
    assert.match(await where(`${gpu.toString()}/../../../../../../../etc/passwd`), outside);
    assert.match(await where('command:workbench.action.terminal.new'), /^refused: .*only web pages \(http, https\)/);
  });
});
