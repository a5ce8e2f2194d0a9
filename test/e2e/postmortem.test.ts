/**
 * Postmortems and prompt reverts in a real VS Code, on a real git repository and a real Alertmanager:
 *  - Create Postmortem from the command palette writes postmortems/<date>-<slug>.md and commits it, alone, on a
 *    new branch; the draft says the incident is ongoing and shows the silence from the incident log;
 *  - Find Prompt Changes lists the prompt commit of the last 24 h and reverts it onto a revert/ branch.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startAlertmanager, type TestAlertmanager } from '../support/alertmanager';
import { loadSampleIncident } from '../support/sampleIncident';
import { ORIGINAL_PROMPT, PROMPT_CHANGE_SUBJECT, PROMPT_FILE, sampleWorkspace } from '../support/sampleWorkspace';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { clickActivityBar, openWorkbench, runCommand, screenshot, waitForNotification, waitForTreeRow, type BrowserSession } from '../support/browser';
import { removeDir, tempDir } from '../support/process';
import { pickQuickItem } from '../support/workbenchUi';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

async function withVsCode(fn: (page: Page, folder: string, am: TestAlertmanager) => Promise<void>): Promise<void> {
  const am = await startAlertmanager();
  const folder = join(tempDir('e2e-postmortem'), 'llm-platform');
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  try {
    await loadSampleIncident(am);
    sampleWorkspace(folder);
    server = await startCodeServer({
      vsix: join(repoRoot(), 'dist', 'oncall.vsix'),
      folder,
      settings: {
        'oncall.alertmanagers': [{ name: 'demo', url: am.url }],
        'oncall.alerts.refreshIntervalSeconds': 0,
        'oncall.author': 'e2e-engineer',
        'oncall.notifications': { SEV1: 'none', SEV2: 'none', SEV3: 'none', SEV4: 'none' },
      },
    });
    browser = await openWorkbench(server.url, folder);
    await clickActivityBar(browser.page, 'On-Call');
    await waitForTreeRow(browser.page, /ModelEndpointDown/, 60_000);
    await fn(browser.page, folder, am);
  } finally {
    await browser?.close();
    await server?.stop();
    await am.stop();
    removeDir(join(folder, '..'));
  }
}

describe('postmortems and prompt changes in the real VS Code', () => {
  test('Create Postmortem from the palette writes the draft and commits it alone on a new branch', async () => {
    await withVsCode(async (page, folder) => {
      const before = git(folder, 'rev-parse', 'HEAD');
      await runCommand(page, 'On-Call: Create Postmortem');
      await pickQuickItem(page, 'ModelEndpointDown');
      const note = await waitForNotification(page, /committed on the new branch/, 60_000);
      await screenshot(page, 'postmortem-created');
      const branch = git(folder, 'branch', '--show-current');
      assert.match(branch, /^postmortem\/\d{4}-\d{2}-\d{2}-modelendpointdown/);
      assert.match(note, new RegExp(branch.replace(/[/.]/g, '\\$&')));
      assert.equal(git(folder, 'rev-parse', 'HEAD~1'), before, 'one commit on top of where we were');
      const files = git(folder, 'show', '--name-only', '--format=', 'HEAD').split('\n');
      assert.equal(files.length, 1);
      assert.match(files[0], /^postmortems\/\d{4}-\d{2}-\d{2}-modelendpointdown.*\.md$/);
      const text = readFileSync(join(folder, files[0]), 'utf8');
      assert.match(text, /ModelEndpointDown/);
      assert.match(text, /SEV1/);
      assert.match(text, /ongoing/i, 'a firing alert makes an ongoing incident');
      assert.doesNotMatch(text, /0001-01-01/);
      assert.match(text, /TODO/, 'unknown facts are left to a person');
    });
  });

  test('Find Prompt Changes lists the prompt commit and reverts it onto a revert/ branch', async () => {
    await withVsCode(async (page, folder) => {
      const changed = readFileSync(join(folder, PROMPT_FILE), 'utf8');
      assert.notEqual(changed, ORIGINAL_PROMPT);
      await runCommand(page, 'On-Call: Find Prompt Changes');
      await pickQuickItem(page, 'HighHallucinationRate');
      const widget = page.locator('.quick-input-widget');
      const row = widget.locator('.monaco-list-row', { hasText: PROMPT_CHANGE_SUBJECT }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await widget.locator('.monaco-list-row').count(), 1, 'only the prompt commit of the last 24 h');
      await row.locator('.monaco-checkbox, input[type=checkbox]').first().click();
      await screenshot(page, 'prompt-changes');
      await widget.getByRole('button', { name: 'OK' }).click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await dialog.innerText(), new RegExp(PROMPT_CHANGE_SUBJECT));
      await dialog.getByRole('button', { name: 'Revert', exact: true }).click();
      await waitForNotification(page, /Reverted 1 commit on revert\//, 60_000);
      const branch = git(folder, 'branch', '--show-current');
      assert.match(branch, /^revert\/.*highhallucinationrate/);
      assert.equal(readFileSync(join(folder, PROMPT_FILE), 'utf8'), ORIGINAL_PROMPT, 'the prompt is back to its earlier text');
      assert.equal(git(folder, 'status', '--porcelain', '--untracked-files=no'), '', 'nothing half-done');
      assert.equal(git(folder, 'log', '-1', '--format=%s'), `Revert "${PROMPT_CHANGE_SUBJECT}"`);
      // The revert is in the incident log of the alert.
      const logs = execFileSync('ls', [join(folder, '.oncall', 'incidents')], { encoding: 'utf8' });
      const file = logs.split('\n').find((f) => f.includes('highhallucinationrate'));
      assert.ok(file, `no incident log for the alert: ${logs}`);
      assert.match(readFileSync(join(folder, '.oncall', 'incidents', file), 'utf8'), /"type":"git-revert"/);
    });
  });
});
