/**
 * Workspace Trust inside the real extension host, with the folder opened untrusted (Restricted Mode; the node side,
 * test/e2e/workspaceTrust.test.ts, sets ONCALL_TEST_SCENARIO=untrusted and answers VS Code's trust dialogs with
 * Cancel): runbooks open read-only (no cell edit, insert or save reaches the file), no cell runs (no request reaches a
 * real HTTP server, no incident-log line), and an sh cell never reaches a terminal. Typing into a read-only cell is
 * checked in the workbench UI by the node side.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';

const scenario = process.env.ONCALL_TEST_SCENARIO ?? '';

function root(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return f.uri;
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function write(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(root(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** applyEdit's answer, or false when it throws (both mean: refused). */
async function applied(edit: vscode.WorkspaceEdit): Promise<boolean> {
  try {
    return await vscode.workspace.applyEdit(edit);
  } catch {
    return false;
  }
}

async function incidentLogLines(): Promise<string[]> {
  try {
    const dir = vscode.Uri.joinPath(root(), '.oncall', 'incidents');
    const lines: string[] = [];
    for (const [name] of await vscode.workspace.fs.readDirectory(dir)) lines.push(...(await readText(vscode.Uri.joinPath(dir, name))).split('\n').filter(Boolean));
    return lines;
  } catch {
    return [];
  }
}

suite('untrusted workspace', function () {
  let server: Server;
  let base = '';
  const requests: string[] = [];
  const terminalsOpened: string[] = [];
  let terminalListener: vscode.Disposable | undefined;

  suiteSetup(async function () {
    if (scenario !== 'untrusted') this.skip();
    const ext = vscode.extensions.getExtension('oncall-dev.oncall');
    assert.ok(ext, 'extension missing');
    await ext.activate();
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end('healthy\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    terminalListener = vscode.window.onDidOpenTerminal((t) => terminalsOpened.push(t.name));
  });

  suiteTeardown(async () => {
    terminalListener?.dispose();
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the folder really is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('a runbook in an editor cannot be saved: an edit (workspace edits pass by the editor) never reaches the file', async () => {
    const text = '# Read only\n\n```promql\nup == 0\n```\n';
    const uri = await write('readonly.runbook.md', text);
    const nb = await vscode.workspace.openNotebookDocument(uri);
    assert.equal(nb.notebookType, 'oncall.runbook');
    await vscode.window.showNotebookDocument(nb);
    const insert = new vscode.WorkspaceEdit();
    insert.set(uri, [vscode.NotebookEdit.insertCells(0, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'sum(up)', 'promql')])]);
    await applied(insert);
    const saved = await Promise.resolve(nb.save()).catch(() => false);
    assert.equal(saved, false, 'the save is refused');
    assert.equal(await readText(uri), text, 'the file on disk is unchanged');
  });

  test('a runbook opened without an editor cannot be saved either', async () => {
    const text = '# Hidden\n\n```promql\nup\n```\n';
    const uri = await write('hidden.runbook.md', text);
    const nb = await vscode.workspace.openNotebookDocument(uri);
    const e = new vscode.WorkspaceEdit();
    e.set(uri, [vscode.NotebookEdit.insertCells(nb.cellCount, [new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, 'planted', 'markdown')])]);
    await applied(e);
    const saved = await Promise.resolve(nb.save()).catch(() => false);
    assert.equal(saved, false, 'the save is refused');
    assert.equal(await readText(uri), text, 'the file on disk is unchanged');
  });

  test('no cell runs: Run All and a single sh cell reach neither the server nor a terminal, and nothing is logged', async () => {
    const uri = await write('run.runbook.md', [
      '# Run', '',
      '```http {"name":"probe"}', `GET ${base}/probe`, '```', '',
      '```sh {"name":"shell"}', 'echo planted-by-runbook', '```', '',
    ].join('\n'));
    const nb = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(nb);
    const [http, sh] = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    // VS Code asks for trust before any notebook execution; in tests its dialog service refuses to show the dialog,
    // which answers 'not trusted' (the node side finds the dialog's text in the console). The commands may never settle.
    const settle = (p: Thenable<unknown>) => Promise.race([Promise.resolve(p).then(() => 'done', (e: unknown) => `refused: ${String(e)}`), new Promise((r) => setTimeout(() => r('pending'), 3000))]);
    await settle(vscode.commands.executeCommand('notebook.execute', nb.uri));
    await settle(vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: sh.index, end: sh.index + 1 }], document: nb.uri }));
    await new Promise((r) => setTimeout(r, 1500)); // a run that had started would have sent its request by now
    assert.deepEqual(requests, [], 'no request reached the server');
    assert.deepEqual(terminalsOpened, [], 'no terminal was opened');
    assert.equal(vscode.window.terminals.filter((t) => t.name === 'On-Call runbook').length, 0);
    for (const c of [http, sh]) {
      assert.notEqual(c.executionSummary?.success, true, `${c.document.getText()} did not succeed`);
      assert.equal(c.outputs.length, 0, 'no output');
    }
    assert.deepEqual((await incidentLogLines()).filter((l) => l.includes('"cell-run"')), [], 'no cell-run line in the incident log');
  });
});
