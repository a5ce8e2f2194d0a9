/**
 * Load on the runbook controller inside the real extension host, with PromQL cells against a real Prometheus holding
 * the incident data (the node side, test/e2e/runbookLoad.test.ts, starts it, sets oncall.prometheus.url and
 * ONCALL_TEST_SCENARIO=runbook-load): Run All over a 100-cell runbook runs every cell in order, each with its own
 * output, and writes 100 cell-run lines; two runbooks run at once keep their outputs and their order apart.
 * Each cell's query carries its notebook and number through Prometheus (label_replace), so an output that landed in
 * the wrong cell or notebook shows.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cellRuns, outputOf, root } from './notebookHelpers';

const scenario = process.env.ONCALL_TEST_SCENARIO ?? '';





/** A runbook of `n` PromQL cells; cell i asks Prometheus for the number of request series, tagged `${tag}${i}x`. */
async function writeRunbook(name: string, tag: string, n: number): Promise<vscode.NotebookDocument> {
  const lines = ['---', `title: Load ${tag}`, '---', `# Load ${tag}`, ''];
  for (let i = 1; i <= n; i++) {
    lines.push(`\`\`\`promql {"name":"${tag}${i}"}`, `label_replace(count(llm_requests_total) * 0 + ${i}, "cell", "${tag}${i}x", "", "")`, '```', '');
  }
  const uri = vscode.Uri.joinPath(root(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(lines.join('\n')));
  const nb = await vscode.workspace.openNotebookDocument(uri);
  assert.equal(nb.notebookType, 'oncall.runbook');
  return nb;
}

function runAll(nb: vscode.NotebookDocument): Thenable<unknown> {
  return vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 0, end: nb.cellCount }], document: nb.uri });
}

async function until(what: string, ok: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) assert.fail(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every code cell succeeded, in cell order, with its own output; the log has one cell-run line per cell, in order. */
async function checkRun(nb: vscode.NotebookDocument, tag: string, others: string[]): Promise<void> {
  const code = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
  const rel = vscode.workspace.asRelativePath(nb.uri);
  await until(`${rel}: every cell ended`, () => code.every((c) => c.executionSummary?.success !== undefined), 120_000);
  await until(`${rel}: ${code.length} cell-run lines`, async () => (await cellRuns(rel)).length >= code.length, 20_000);
  const orders: number[] = [];
  code.forEach((c, k) => {
    const i = k + 1;
    const out = outputOf(c);
    assert.equal(c.executionSummary?.success, true, `${tag}${i}: ${out}`);
    assert.match(out, new RegExp(`\\b${tag}${i}x\\b`), `${tag}${i} shows its own result: ${out}`);
    for (const o of others) assert.doesNotMatch(out, new RegExp(`\\b${o}\\d+x\\b`), `${tag}${i} holds no result of notebook ${o}`);
    assert.doesNotMatch(out, new RegExp(`\\b${tag}(?!${i}x\\b)\\d+x\\b`), `${tag}${i} holds no other cell's result`);
    orders.push(c.executionSummary?.executionOrder ?? -1);
  });
  for (let k = 1; k < orders.length; k++) assert.ok(orders[k] > orders[k - 1], `cells ran in order: ${JSON.stringify(orders)}`);
  const runs = await cellRuns(rel);
  assert.equal(runs.length, code.length, `one cell-run line per cell in ${rel}`);
  assert.deepEqual(runs.map((r) => r.cell.name), code.map((_, k) => `${tag}${k + 1}`), 'the log lists the cells in order');
  assert.ok(runs.every((r) => r.outcome === 'ok'));
}

suite('runbook load', function () {
  suiteSetup(async function () {
    if (scenario !== 'runbook-load') this.skip();
    const ext = vscode.extensions.getExtension('oncall-dev.oncall');
    assert.ok(ext, 'extension missing');
    await ext.activate();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Run All over a 100-cell runbook: every cell runs, in order, with its own output; 100 cell-run lines', async function () {
    this.timeout(180_000);
    const nb = await writeRunbook('load-100.runbook.md', 'L', 100);
    await vscode.window.showNotebookDocument(nb);
    await runAll(nb);
    await checkRun(nb, 'L', []);
  });

  test('two runbooks run at once: each output lands in its own notebook, each keeps its order', async function () {
    this.timeout(180_000);
    const a = await writeRunbook('load-a.runbook.md', 'A', 40);
    const b = await writeRunbook('load-b.runbook.md', 'B', 40);
    await vscode.window.showNotebookDocument(a, { viewColumn: vscode.ViewColumn.One });
    await vscode.window.showNotebookDocument(b, { viewColumn: vscode.ViewColumn.Two });
    await Promise.all([runAll(a), runAll(b)]);
    await checkRun(a, 'A', ['B', 'L']);
    await checkRun(b, 'B', ['A', 'L']);
    // They really overlapped: B's first cell started before A's last one ended.
    const [ra, rb] = [await cellRuns('load-a.runbook.md'), await cellRuns('load-b.runbook.md')];
    assert.ok(rb[0].time <= ra[ra.length - 1].time, `the runs overlapped: A ${ra[0].time}..${ra[ra.length - 1].time}, B ${rb[0].time}..${rb[rb.length - 1].time}`);
  });
});
