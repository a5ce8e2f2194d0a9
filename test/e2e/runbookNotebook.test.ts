/**
 * Runbook notebooks in a real VS Code: open the shipped quality-regression runbook from the alert in the panel,
 * see its parameters filled from the alert's labels, run a PromQL cell against a real Prometheus holding the
 * incident data, and see the chart drawn by the renderer and the plain-text output.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, startAlertmanager } from '../support/alertmanager';
import { startPrometheus } from '../support/prometheus';
import { loadSampleIncident } from '../support/sampleIncident';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { clickActivityBar, openWorkbench, runCommand, screenshot, waitForTreeRow, type BrowserSession } from '../support/browser';
import { removeDir, tempDir } from '../support/process';
import { answerInput, frameWith, runCell } from '../support/workbenchUi';

describe('runbook notebook in the real VS Code', () => {
  test('open the runbook from the alert, parameters come from its labels, a range PromQL cell draws a chart, an instant one a table, edited parameters are used', async () => {
    const prom = await startPrometheus({ data: {} });
    const am = await startAlertmanager();
    const folder = tempDir('e2e-runbook');
    let server: CodeServer | undefined;
    let browser: BrowserSession | undefined;
    try {
      await loadSampleIncident(am, Date.now(), prom.url);
      cpSync(join(repoRoot(), 'runbooks'), join(folder, 'runbooks'), { recursive: true });
      const original = readFileSync(join(folder, 'runbooks', 'quality-regression.runbook.md'));
      server = await startCodeServer({
        vsix: join(repoRoot(), 'dist', 'oncall.vsix'),
        folder,
        settings: {
          'oncall.alertmanagers': [{ name: 'demo', url: am.url }],
          'oncall.prometheus.url': prom.url,
          'oncall.alerts.refreshIntervalSeconds': 0,
          'oncall.author': 'e2e-engineer',
          'oncall.notifications': { SEV1: 'none', SEV2: 'none', SEV3: 'none', SEV4: 'none' },
        },
      });
      browser = await openWorkbench(server.url, folder);
      const page = browser.page;
      await clickActivityBar(page, 'On-Call');
      await waitForTreeRow(page, /HighHallucinationRate.*llama-3-70b.*SEV2/, 60_000);
      const row = page.locator('.part.sidebar [role="treeitem"]', { hasText: 'HighHallucinationRate — llama-3-70b' }).first();
      await row.hover();
      await row.locator('.action-label[aria-label^="Open Runbook"]').click();

      // The notebook opens with the parameters of the alert in the status bar.
      const status = page.locator('.statusbar-item', { hasText: 'model=llama-3-70b' });
      await status.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await status.innerText(), /namespace=ai/);

      // Run the first PromQL cell (the hallucination ratio over 3 h).
      const cell = page.locator('.notebook-editor .code-cell-row', { hasText: 'llm_hallucination_detected_total' }).first();
      await cell.hover();
      await cell.locator('.run-button-container .action-label').first().click();
      const frame = await frameWith(page, '.oncall-promql canvas', 60_000).catch(async (e: unknown) => {
        await screenshot(page, 'runbook-promql-failure');
        throw e;
      });
      const caption = await frame.locator('.oncall-promql .caption').first().innerText();
      assert.match(caption, /matrix/);
      const legend = await frame.locator('.oncall-promql .u-legend').innerText();
      assert.match(legend, /llama-3-70b/, 'the chart has a series for the hallucinating model');
      await cell.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.waitForTimeout(300); // let the output webview follow the scroll before the picture
      await screenshot(page, 'runbook-promql-chart');

      // An instant cell: the table of where the bad answers go, one row per tenant and route of the model.
      await runCell(page, 'sum by (tenant, route)');
      const tableFrame = await frameWith(page, '.oncall-promql > table', 60_000); // not the chart's legend (a table inside the chart)
      const table = tableFrame.locator('.oncall-promql > table').first();
      const header = (await table.locator('th').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(header, ['route', 'tenant', 'value']);
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td.textContent ?? '').trim())));
      assert.equal(rows.length, 6, `three tenants x two routes: ${JSON.stringify(rows)}`);
      for (const r of rows) assert.ok(Math.abs(Number(r[2]) - 0.25) < 0.005, `llama-3-70b hallucinates 25 % of its answers in the incident: ${JSON.stringify(r)}`);
      await screenshot(page, 'runbook-promql-table');

      // Edit Runbook Parameters (notebook toolbar / palette): model=gpt-4o; the status bar and the next run follow.
      await runCommand(page, 'On-Call: Edit Runbook Parameters…');
      const params = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: 'Parameters of' }) });
      await params.waitFor({ state: 'visible', timeout: 15_000 });
      await params.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^model$/ }) }).first().click();
      await answerInput(page, 'Value of model', 'gpt-4o');
      await page.locator('.statusbar-item', { hasText: 'model=gpt-4o' }).waitFor({ state: 'visible', timeout: 15_000 });
      await runCell(page, 'sum by (tenant, route)');
      const values = async () => (await table.locator('tbody tr td:last-child').allInnerTexts()).map(Number);
      await eventually('the table shows gpt-4o at its normal 2 %', async () => {
        const v = await values();
        return v.length === 6 && v.every((x) => Math.abs(x - 0.02) < 0.005);
      }, 60_000).catch(async (e: unknown) => assert.fail(`${String(e)}: ${JSON.stringify(await values())}`));

      // Nothing was written to the runbook by running it.
      assert.deepEqual(readFileSync(join(folder, 'runbooks', 'quality-regression.runbook.md')), original);
      // The run is in the incident log.
      const logs = readdirSync(join(folder, '.oncall', 'incidents'));
      assert.equal(logs.length, 1, `one incident log expected: ${logs.join(', ')}`);
      const events = readFileSync(join(folder, '.oncall', 'incidents', logs[0]), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const run = events.find((e) => e.type === 'cell-run');
      assert.ok(run, 'no cell-run event');
      assert.equal(events.filter((e) => e.type === 'cell-run').length, 3, 'the chart cell and the table cell twice');
      assert.deepEqual(events.filter((e) => e.type === 'cell-run').map((e) => (e.parameters as Record<string, string>).model), ['llama-3-70b', 'llama-3-70b', 'gpt-4o']);
      assert.equal(run.outcome, 'ok');
      assert.deepEqual((run.parameters as Record<string, string>).model, 'llama-3-70b');
      assert.match(logs[0], /highhallucinationrate/);
    } finally {
      await browser?.close();
      await server?.stop();
      await am.stop();
      await prom.stop();
      removeDir(folder);
    }
  });
});
