/**
 * Runbook checks in a real VS Code (code-server): the extension-host suite test/exthost/runbookDiagnostics.test.ts
 * runs against a workspace holding the shipped runbooks plus broken ones, with oncall.prometheus.url pointing at a
 * real Prometheus that holds the incident data. Needs `node esbuild.mjs`, `node esbuild.mjs --tests` and
 * `bash scripts/setup.sh` (code-server, Chromium).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExtensionHostTests } from '../support/extensionHost';
import { repoRoot } from '../support/codeServer';
import { startPrometheus } from '../support/prometheus';
import { removeDir, tempDir } from '../support/process';

describe('runbook checks in the real extension host', () => {
  test('Check Runbooks fills the Problems panel (workspace, active notebook) and a save re-checks', async () => {
    const prom = await startPrometheus({ data: {} });
    const folder = tempDir('e2e-runbook-check');
    try {
      cpSync(join(repoRoot(), 'runbooks'), join(folder, 'runbooks'), { recursive: true });
      mkdirSync(join(folder, 'runbooks', 'notes'));
      writeFileSync(join(folder, 'runbooks', 'notes', 'pipe.md'), '# Notes\n```kubectl\nget pods | grep llm\n```\n');
      writeFileSync(join(folder, 'README.md'), '# workspace\n\n```promql\nsum(\n```\n');
      // Line 8: a PromQL syntax error; line 12: a metric the Prometheus has never seen.
      const bad = ['---', 'title: Bad', '---', '# Bad', '', 'Error share:', '```promql', 'sum(rate(llm_requests_total[5m])', '```', '', '```promql', 'llm_requests_legacy_total', '```', ''];
      writeFileSync(join(folder, 'bad.runbook.md'), bad.join('\n'));
      const run = await runExtensionHostTests({
        folder,
        settings: { 'oncall.prometheus.url': prom.url, 'oncall.alerts.refreshIntervalSeconds': 0 },
        env: { ONCALL_TEST_SCENARIO: 'runbook-check', ONCALL_EXTHOST_GREP: 'runbook diagnostics' },
      });
      const report = `${run.summary}\n${run.failures.map((f) => `- ${f.title}: ${f.error.split('\n').slice(0, 12).join(' | ')}`).join('\n')}\n${run.console.slice(-15).join('\n')}`;
      assert.equal(run.failed, 0, report);
      assert.equal(run.passed, 3, report);
    } finally {
      await prom.stop();
      removeDir(folder);
    }
  });
});
