/**
 * Workspace Trust in a real VS Code (code-server started WITHOUT --disable-workspace-trust, trust on, no startup
 * prompt, fresh user data so the folder is untrusted): the extension-host suite test/exthost/workspaceTrust.test.ts
 * checks that runbooks are read-only and no cell runs; here every trust dialog VS Code raises when a cell is run is
 * answered with Cancel and recorded.
 * Needs `node esbuild.mjs`, `node esbuild.mjs --tests` and `bash scripts/setup.sh` (code-server, Chromium).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExtensionHostTests } from '../support/extensionHost';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { openWorkbench, screenshot, type BrowserSession } from '../support/browser';
import { removeDir, tempDir } from '../support/process';
import { dialogBox, revealCell, runCell } from '../support/workbenchUi';

async function eventuallyFile(file: string, ok: (text: string) => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok(readFileSync(file, 'utf8'))) {
    if (Date.now() > deadline) assert.fail(`${file} never matched: ${readFileSync(file, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('Workspace Trust in the real extension host', () => {
  test('untrusted folder: runbooks open read-only and cannot be saved, no cell runs, no sh cell reaches a terminal', async (t) => {
    const folder = tempDir('e2e-untrusted');
    try {
      const run = await runExtensionHostTests({
        folder,
        untrusted: true,
        settings: { 'oncall.alerts.refreshIntervalSeconds': 0, 'oncall.author': 'exthost-engineer' },
        env: { ONCALL_TEST_SCENARIO: 'untrusted', ONCALL_EXTHOST_GREP: 'untrusted workspace' },
      });
      const report = `${run.summary}\n${run.failures.map((f) => `- ${f.title}: ${f.error.split('\n').slice(0, 12).join(' | ')}`).join('\n')}\n${run.console.slice(-15).join('\n')}`;
      const refused = run.console.filter((l) => /refused to show dialog in tests\. Contents: Do you trust the authors/.test(l));
      t.diagnostic(`trust dialogs VS Code raised (and refused in test mode): ${refused.length}`);
      assert.equal(run.failed, 0, report);
      assert.equal(run.passed, 4, report);
      // Run All and the single sh cell asked for trust first (VS Code's own notebook gate; a second request while one is pending gets no dialog of its own), and were refused.
      assert.ok(refused.length >= 1, report);
    } finally {
      removeDir(folder);
    }
  });

  test('untrusted folder in the workbench: typing into a runbook cell changes nothing, Save writes nothing, running the sh cell asks for trust and Cancel sends nothing to a terminal; after Trust the runbook edits and saves', async () => {
    const folder = tempDir('e2e-untrusted-ui');
    const text = '# Read only\n\n```promql\nup == 0\n```\n\n```sh {"name":"shell"}\necho planted-by-runbook\n```\n';
    const file = join(folder, 'trust.runbook.md');
    writeFileSync(file, text);
    let server: CodeServer | undefined;
    let browser: BrowserSession | undefined;
    try {
      server = await startCodeServer({
        vsix: join(repoRoot(), 'dist', 'oncall.vsix'),
        folder,
        untrusted: true,
        settings: { 'oncall.alerts.refreshIntervalSeconds': 0, 'oncall.author': 'e2e-engineer' },
      });
      browser = await openWorkbench(server.url, folder);
      const page = browser.page;
      try {
        await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: 30_000 });
        await page.keyboard.press('Control+P');
        await page.locator('.quick-input-widget input.input').fill('trust.runbook.md');
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'trust.runbook.md' }).first().waitFor({ state: 'visible', timeout: 30_000 });
        await page.keyboard.press('Enter');
        const cell = await revealCell(page, 'up == 0');
        await page.waitForTimeout(1000); // the read-only mark follows the editor's opening
        await cell.locator('.monaco-editor .view-lines').click();
        await page.keyboard.press('End');
        await page.keyboard.type(' or vector(1)');
        await page.keyboard.press('Control+S');
        await page.waitForTimeout(1500);
        const shown = (await cell.locator('.monaco-editor .view-lines').innerText()).replace(/\u00a0/g, ' ');
        assert.equal(shown.trim(), 'up == 0', 'the cell kept its text');
        assert.equal(readFileSync(file, 'utf8'), text, 'the file is unchanged');

        // Running the sh cell: VS Code asks for trust first; Cancel leaves it unrun.
        await runCell(page, 'echo planted-by-runbook');
        const dialog = await dialogBox(page, 30_000);
        const message = await dialog.innerText();
        assert.match(message, /trust/i);
        await screenshot(page, 'untrusted-run-dialog');
        await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^\s*Cancel\s*$/ }).first().click();
        await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
        await page.waitForTimeout(2000);
        assert.equal(await page.locator('.terminal-wrapper, .xterm').count(), 0, 'no terminal was opened');
        assert.equal(await page.locator('.notebook-editor .output').filter({ hasText: /planted|Sent to the terminal/ }).count(), 0, 'no output');
        assert.equal(existsSync(join(folder, '.oncall', 'incidents')), false, 'no incident log was written');

        // Trusting the folder (the same dialog, 'Trust Folder & Continue') makes the runbook editable and runnable:
        // the sh cell now reaches On-Call's own confirmation, and an edit saves.
        await runCell(page, 'echo planted-by-runbook');
        const again = await dialogBox(page, 30_000);
        assert.match(await again.innerText(), /trust/i);
        await again.locator('.dialog-buttons .monaco-button', { hasText: 'Trust Folder & Continue' }).first().click();
        await page.locator('.monaco-dialog-box', { hasText: 'Send this shell command to a terminal?' }).waitFor({ state: 'visible', timeout: 30_000 });
        await page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: /^\s*Cancel\s*$/ }).first().click();
        await page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: 10_000 });
        assert.equal(await page.locator('.terminal-wrapper, .xterm').count(), 0, 'declined at the confirmation: still no terminal');
        const trusted = await revealCell(page, 'up == 0');
        await trusted.locator('.monaco-editor .view-lines').click();
        await page.keyboard.press('End');
        await page.keyboard.type(' or vector(1)');
        await page.keyboard.press('Control+S');
        await eventuallyFile(file, (t) => t.includes('up == 0 or vector(1)'));
      } catch (e) {
        await screenshot(page, 'untrusted-ui-failure');
        throw e;
      }
    } finally {
      await browser?.close();
      await server?.stop();
      removeDir(folder);
    }
  });
});
