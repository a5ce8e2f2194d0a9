/**
 * sh cells in a real VS Code (code-server): never run silently. Running one shows a confirmation with the exact
 * text; Cancel sends nothing; "Send to Terminal" types it into an integrated terminal, where a real shell runs it
 * (the command writes a file the test reads back). On-Call itself never executes shell text.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { openWorkbench, screenshot, type BrowserSession } from '../support/browser';
import { eventually } from '../support/alertmanager';
import { removeDir, tempDir } from '../support/process';
import { dialogBox, outputText, runCell } from '../support/workbenchUi';

describe('sh cells in the real VS Code', () => {
  test('a confirmation shows the exact text; Cancel sends nothing; Send to Terminal runs it in a terminal shell', async () => {
    const folder = tempDir('e2e-sh-cell');
    let server: CodeServer | undefined;
    let browser: BrowserSession | undefined;
    try {
      writeFileSync(join(folder, 'restart.runbook.md'), ['# Restart by hand', '', '```sh', 'echo sent-by-oncall > sh-marker.txt', '```', ''].join('\n'));
      server = await startCodeServer({
        vsix: join(repoRoot(), 'dist', 'oncall.vsix'),
        folder,
        settings: { 'oncall.alerts.refreshIntervalSeconds': 0, 'oncall.notifications': { SEV1: 'none', SEV2: 'none', SEV3: 'none', SEV4: 'none' } },
      });
      browser = await openWorkbench(server.url, folder);
      const page = browser.page;
      // Open the runbook with Quick Open, as an engineer would.
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await input.fill('restart.runbook.md');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'restart.runbook.md' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await input.press('Enter');

      await runCell(page, 'echo sent-by-oncall');
      let dialog = await dialogBox(page, 30_000);
      const text = await dialog.innerText();
      assert.match(text, /Send this shell command to a terminal\?/);
      assert.match(text, /echo sent-by-oncall > sh-marker\.txt/, 'the confirmation shows the exact text');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await outputText(page, /Not sent: cancelled by the engineer\./);
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(existsSync(join(folder, 'sh-marker.txt')), false, 'cancelled: nothing ran');

      await runCell(page, 'echo sent-by-oncall');
      dialog = await dialogBox(page, 30_000);
      await screenshot(page, 'sh-cell-confirmation');
      await dialog.getByRole('button', { name: 'Send to Terminal' }).click();
      await outputText(page, /Sent to the terminal "On-Call runbook":\necho sent-by-oncall > sh-marker\.txt/);
      await eventually('the terminal shell ran the command', async () => existsSync(join(folder, 'sh-marker.txt')), 60_000);
      assert.equal(readFileSync(join(folder, 'sh-marker.txt'), 'utf8'), 'sent-by-oncall\n');
      await page.locator('.part.panel', { hasText: 'On-Call runbook' }).waitFor({ state: 'visible', timeout: 15_000 }); // the terminal it went to
      await screenshot(page, 'sh-cell-terminal');
    } finally {
      await browser?.close();
      await server?.stop();
      removeDir(folder);
    }
  });
});
