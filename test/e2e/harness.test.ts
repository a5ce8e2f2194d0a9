/**
 * Proves the real-VS-Code test ground: the packaged .vsix installs into code-server, the workbench loads in
 * Chromium with the On-Call activity-bar item, and the mocha suite runs inside the real extension host.
 * Needs `npm run package` (dist/oncall.vsix), `node esbuild.mjs --tests` and `bash scripts/setup.sh`.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { activityBarItem, openWorkbench, screenshot, type BrowserSession } from '../support/browser';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { runExtensionHostTests } from '../support/extensionHost';
import { removeDir, tempDir } from '../support/process';

describe('real VS Code harness', () => {
  test('the packaged extension installs and the workbench shows the On-Call activity-bar item', async (t) => {
    const folder = tempDir('e2e-workspace');
    writeFileSync(join(folder, 'README.md'), '# on-call test workspace\n');
    let server: CodeServer | undefined;
    let browser: BrowserSession | undefined;
    try {
      server = await startCodeServer({ vsix: join(repoRoot(), 'dist', 'oncall.vsix'), folder });
      t.diagnostic(`code-server ready in ${server.readyMs} ms`);
      browser = await openWorkbench(server.url, folder);
      assert.equal(await browser.page.locator('.monaco-workbench').count(), 1);
      const item = activityBarItem(browser.page, 'On-Call');
      try {
        await item.waitFor({ state: 'visible', timeout: 30_000 });
      } catch {
        const labels = await browser.page
          .locator('.part.activitybar li.action-item > a[aria-label]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
        await screenshot(browser.page, 'harness-no-oncall-item');
        assert.fail(`no activity-bar item with "On-Call" in its aria-label; items: ${JSON.stringify(labels)}`);
      }
      assert.match((await item.locator('> a').getAttribute('aria-label')) ?? '', /On-Call/);
    } finally {
      await browser?.close();
      await server?.stop();
      removeDir(folder);
    }
  });

  test('the extension-host mocha suite runs inside the real extension host and passes', async (t) => {
    const run = await runExtensionHostTests();
    t.diagnostic(run.summary);
    t.diagnostic(`extension-host run took ${run.durationMs} ms`);
    const details = run.failures.map((f) => `- ${f.title}: ${f.error.split('\n')[0]}`).join('\n');
    assert.ok(run.passed + run.failed > 0, `no extension-host tests ran:\n${run.console.slice(-30).join('\n')}`);
    assert.equal(run.exitCode, 0, `${run.summary}\n${details}`);
    assert.equal(run.failed, 0, `${run.summary}\n${details}`);
  });
});
