/**
 * Runbook checks inside the real extension host: On-Call: Check Runbooks over the workspace (with the configured
 * Prometheus), on the active runbook notebook, and the syntax-only re-check on save, read back from the Problems
 * panel's data (vscode.languages.getDiagnostics). The node side (test/e2e/runbookCheck.test.ts) builds the
 * workspace, starts Prometheus and sets ONCALL_TEST_SCENARIO=runbook-check.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const scenario = process.env.ONCALL_TEST_SCENARIO ?? '';
const CHECK = 'oncall.runbook.check';

function root(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return f.uri;
}

/** Diagnostics of a file as `line:col severity code` (0-based like VS Code's Range, shown 1-based). */
function shown(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'On-Call')
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${String(d.code)}`);
}

/** Waits until the diagnostics of `uri` satisfy `ok` (diagnostics arrive asynchronously after a save). */
async function diagnosticsWhen(uri: vscode.Uri, ok: (lines: string[]) => boolean, what: string): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const lines = shown(uri);
    if (ok(lines)) return lines;
    if (Date.now() > deadline) assert.fail(`${what}: diagnostics are ${JSON.stringify(lines)}`);
    await new Promise<void>((resolve) => {
      const sub = vscode.languages.onDidChangeDiagnostics(() => {
        sub.dispose();
        resolve();
      });
      setTimeout(() => {
        sub.dispose();
        resolve();
      }, 500);
    });
  }
}

suite('runbook diagnostics', function () {
  suiteSetup(async function () {
    if (scenario !== 'runbook-check') this.skip();
    const ext = vscode.extensions.getExtension('oncall-dev.oncall');
    assert.ok(ext, 'extension missing');
    await ext.activate();
  });

  test('Check Runbooks with no runbook open: every runbook of the workspace, findings on the file lines', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(CHECK);
    const ws = root();
    // bad.runbook.md: a PromQL syntax error on line 8 and a metric Prometheus has never seen on line 12.
    assert.deepEqual(shown(vscode.Uri.joinPath(ws, 'bad.runbook.md')), ['8:4 Error promql-syntax', '12:1 Warning stale-metric']);
    const stale = vscode.languages.getDiagnostics(vscode.Uri.joinPath(ws, 'bad.runbook.md'))[1];
    assert.match(stale.message, /^metric llm_requests_legacy_total has no series in Prometheus http:\/\/127\.0\.0\.1:\d+ \(last 24 h\)/);
    // A plain .md under runbooks/ is a runbook too.
    assert.deepEqual(shown(vscode.Uri.joinPath(ws, 'runbooks', 'notes', 'pipe.md')), ['3:10 Error kubectl-syntax']);
    const shipped = (await vscode.workspace.findFiles('runbooks/*.runbook.md')).sort((a, b) => a.path.localeCompare(b.path));
    assert.ok(shipped.length >= 7, `shipped runbooks in the workspace: ${shipped.length}`);
    for (const uri of shipped) assert.deepEqual(shown(uri), [], vscode.workspace.asRelativePath(uri));
    // README.md is not a runbook.
    assert.deepEqual(shown(vscode.Uri.joinPath(ws, 'README.md')), []);
  });

  test('Check Runbooks with a runbook notebook active checks that runbook', async () => {
    const uri = vscode.Uri.joinPath(root(), 'active.runbook.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# Active\n\n```promql\nrate(up)\n```\n'));
    const nb = await vscode.workspace.openNotebookDocument(uri);
    assert.equal(nb.notebookType, 'oncall.runbook');
    await vscode.window.showNotebookDocument(nb);
    assert.deepEqual(shown(uri), []);
    await vscode.commands.executeCommand(CHECK);
    assert.deepEqual(shown(uri), ['4:6 Error promql-syntax']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('saving a runbook re-checks it with the syntax checks only (no network: the stale warning goes)', async () => {
    const uri = vscode.Uri.joinPath(root(), 'bad.runbook.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'markdown');
    const edit = new vscode.WorkspaceEdit();
    // Fix the syntax error on line 8 and add an undeclared parameter on the same line.
    edit.replace(uri, doc.lineAt(7).range, 'sum(rate(llm_requests_total{tenant={{tenant}}}[5m]))');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    const lines = await diagnosticsWhen(uri, (l) => !l.some((x) => x.includes('promql-syntax')), 'after save');
    assert.deepEqual(lines, ['8:36 Error unknown-parameter']);
  });
});
