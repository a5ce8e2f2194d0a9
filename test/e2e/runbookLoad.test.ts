/**
 * Load on runbooks in a real VS Code (code-server): the extension-host suite test/exthost/runbookLoad.test.ts runs a
 * 100-cell runbook with Run All and two 40-cell runbooks at once, PromQL cells against the real Prometheus started
 * here with the incident data.
 * Needs `node esbuild.mjs`, `node esbuild.mjs --tests` and `bash scripts/setup.sh` (code-server, Chromium, Prometheus).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { runExtensionHostTests } from '../support/extensionHost';
import { startPrometheus } from '../support/prometheus';
import { removeDir, tempDir } from '../support/process';

describe('runbook load in the real extension host', () => {
  test('Run All over 100 PromQL cells, and two runbooks running at once, against a real Prometheus', async (t) => {
    const prom = await startPrometheus({ data: {} });
    const folder = tempDir('e2e-runbook-load');
    try {
      const run = await runExtensionHostTests({
        folder,
        timeoutMs: 480_000,
        settings: { 'oncall.alerts.refreshIntervalSeconds': 0, 'oncall.author': 'exthost-engineer', 'oncall.prometheus.url': prom.url },
        env: { ONCALL_TEST_SCENARIO: 'runbook-load', ONCALL_EXTHOST_GREP: 'runbook load' },
      });
      t.diagnostic(`${run.summary} in ${run.durationMs} ms`);
      const report = `${run.summary}\n${run.failures.map((f) => `- ${f.title}: ${f.error.split('\n').slice(0, 12).join(' | ')}`).join('\n')}\n${run.console.slice(-15).join('\n')}\n${prom.tail()}`;
      assert.equal(run.failed, 0, report);
      assert.equal(run.passed, 2, report);
    } finally {
      removeDir(folder);
      await prom.stop();
    }
  });
});
