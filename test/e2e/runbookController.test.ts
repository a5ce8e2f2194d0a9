/**
 * The runbook controller in a real VS Code (code-server): the extension-host suite test/exthost/runbookController.test.ts
 * runs http cells against a real HTTP server it starts itself (Run All stopping at the first failure, a cell timeout,
 * Stop cancelling the request in flight, an undeclared parameter refused before sending, the incident execution log).
 * Needs `node esbuild.mjs`, `node esbuild.mjs --tests` and `bash scripts/setup.sh` (code-server, Chromium).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { runExtensionHostTests } from '../support/extensionHost';
import { removeDir, tempDir } from '../support/process';

describe('runbook controller in the real extension host', () => {
  test('Run All stops at the first failure, a cell timeout and Stop end the request, parameters are checked first, each run is logged; which Markdown opens as a runbook; where runbook_url leads', async () => {
    const folder = tempDir('e2e-runbook-controller');
    try {
      const run = await runExtensionHostTests({
        folder,
        settings: { 'oncall.alerts.refreshIntervalSeconds': 0, 'oncall.author': 'exthost-engineer' },
        env: { ONCALL_TEST_SCENARIO: 'runbook-controller', ONCALL_EXTHOST_GREP: 'runbook controller' },
      });
      const report = `${run.summary}\n${run.failures.map((f) => `- ${f.title}: ${f.error.split('\n').slice(0, 12).join(' | ')}`).join('\n')}\n${run.console.slice(-15).join('\n')}`;
      assert.equal(run.failed, 0, report);
      assert.equal(run.passed, 7, report);
    } finally {
      removeDir(folder);
    }
  });
});
