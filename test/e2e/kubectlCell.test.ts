/**
 * kubectl cells in a real VS Code against a real Kubernetes control plane: the model-outage runbook opened from its
 * alert reads the pods, then its restart cell shows the server-side dry-run diff in a confirmation naming the
 * context, server, namespace and object; after "Apply Change" the deployment really carries the restart annotation,
 * and the change (with the prior state) is in the incident log. A cancelled confirmation changes nothing.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAlertmanager } from '../support/alertmanager';
import { loadSampleIncident } from '../support/sampleIncident';
import { sampleWorkspace } from '../support/sampleWorkspace';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { clickActivityBar, openWorkbench, runCommand, screenshot, waitForNotification, waitForTreeRow, type BrowserSession } from '../support/browser';
import { clusterAvailable, kubeClusterSkipReason, kubectlBinary, startKubeCluster } from '../support/kubeCluster';
import { removeDir, tempDir } from '../support/process';
import { answerInput, dialogBox, outputText, runCell } from '../support/workbenchUi';

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

function deployment(kubeconfig: string, name: string): { spec: { template: { metadata: { annotations?: Record<string, string> } } } } {
  return JSON.parse(execFileSync(kubectlBinary(), ['--kubeconfig', kubeconfig, '-n', 'ai', 'get', 'deployment', name, '-o', 'json'], { encoding: 'utf8' }));
}

describe('kubectl cells in the real VS Code', { skip: clusterAvailable() ? false : kubeClusterSkipReason() }, () => {
  test('an empty current-context asks for a context; a protected context refuses until unlocked (banner); the restart cell is dry-run, confirmed, applied, logged and reverted', async () => {
    const cluster = await startKubeCluster();
    const am = await startAlertmanager();
    const root = tempDir('e2e-kubectl');
    const folder = join(root, 'llm-platform');
    let server: CodeServer | undefined;
    let browser: BrowserSession | undefined;
    try {
      await loadSampleIncident(am);
      sampleWorkspace(folder);
      const before = deployment(cluster.kubeconfig, 'llm-inference').spec.template.metadata.annotations?.[RESTARTED_AT];
      assert.equal(before, undefined, 'the seeded deployment has not been restarted yet');
      // A kubeconfig without a current-context (the picker must ask), whose only context is protected.
      const admin = readFileSync(cluster.kubeconfig, 'utf8');
      const contextName = /^current-context: *"?([^"\n]+)"?$/m.exec(admin)?.[1];
      assert.ok(contextName, 'the cluster kubeconfig names its context');
      const kubeconfig = join(root, 'kubeconfig-no-current');
      writeFileSync(kubeconfig, admin.replace(/^current-context:.*$/m, 'current-context: ""'));
      server = await startCodeServer({
        vsix: join(repoRoot(), 'dist', 'oncall.vsix'),
        folder,
        settings: {
          'oncall.alertmanagers': [{ name: 'demo', url: am.url }],
          'oncall.alerts.refreshIntervalSeconds': 0,
          'oncall.author': 'e2e-engineer',
          'oncall.kubernetes.kubeconfig': kubeconfig,
          'oncall.kubernetes.protectedContexts': [contextName],
          'oncall.notifications': { SEV1: 'none', SEV2: 'none', SEV3: 'none', SEV4: 'none' },
        },
      });
      browser = await openWorkbench(server.url, folder);
      const page = browser.page;
      await clickActivityBar(page, 'On-Call');
      await waitForTreeRow(page, /ModelEndpointDown.*SEV1/, 60_000);
      const row = page.locator('.part.sidebar [role="treeitem"]', { hasText: 'ModelEndpointDown — ' }).first();
      await row.hover();
      await row.locator('.action-label[aria-label^="Open Runbook"]').click();
      await page.locator('.statusbar-item', { hasText: 'deployment=llm-inference' }).waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('.statusbar-item', { hasText: 'no Kubernetes context' }).waitFor({ state: 'visible', timeout: 30_000 });

      // Diagnosis: the pods of the model service. No current-context: the first cell asks for one, then runs.
      await runCell(page, 'get pods -l app=llm-inference');
      await answerInput(page, 'Kubernetes context for runbook cells');
      await answerInput(page, `Namespace in ${contextName}`, 'ai');
      const pods = await outputText(page, /NAME\s+READY\s+STATUS/);
      assert.match(pods, /llm-inference-\S+\s+\d\/\d\s+Running/);

      const contextStatus = page.locator('.statusbar-item', { hasText: `${contextName} / ai` });
      await contextStatus.waitFor({ state: 'visible', timeout: 15_000 }); // context / namespace in use

      // The context is protected: reads run, changes are refused until it is unlocked, and the unlock is visible.
      await runCell(page, 'rollout restart deployment/');
      await outputText(page, /is protected \(matches/);
      assert.equal(deployment(cluster.kubeconfig, 'llm-inference').spec.template.metadata.annotations?.[RESTARTED_AT], undefined, 'refused: nothing changed');
      await runCommand(page, 'On-Call: Unlock Protected Context…');
      await (await dialogBox(page, 15_000)).getByRole('button', { name: 'Unlock for 15 minutes' }).click();
      await page.locator('.statusbar-item', { hasText: `${contextName} / ai — UNLOCKED 15 min` }).waitFor({ state: 'visible', timeout: 15_000 });
      await screenshot(page, 'kubectl-protected-unlocked');

      // The restart: cancel first (nothing changes), then apply.
      await runCell(page, 'rollout restart deployment/');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 60_000 });
      const text = await dialog.innerText();
      assert.match(text, /Deployment llm-inference/);
      assert.match(text, /https:\/\/127\.0\.0\.1:\d+/, 'the confirmation names the API server');
      assert.match(text, /namespace "ai"/);
      assert.match(text, /restartedAt/, 'the dry-run diff shows the annotation');
      await screenshot(page, 'kubectl-restart-confirmation');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await outputText(page, /Not applied/);
      assert.equal(deployment(cluster.kubeconfig, 'llm-inference').spec.template.metadata.annotations?.[RESTARTED_AT], undefined, 'cancelled: nothing changed');

      await runCell(page, 'rollout restart deployment/');
      await dialog.waitFor({ state: 'visible', timeout: 60_000 });
      await dialog.getByRole('button', { name: 'Apply Change' }).click();
      // The cancelled run's output also holds the dry run's "restarted": wait for the output that replaced it.
      await outputText(page, /^(?![\s\S]*Not applied)[\s\S]*deployment\.apps\/llm-inference restarted/);
      const after = deployment(cluster.kubeconfig, 'llm-inference').spec.template.metadata.annotations?.[RESTARTED_AT];
      assert.ok(after && !Number.isNaN(Date.parse(after)), `restartedAt set: ${after}`);
      await screenshot(page, 'kubectl-restart-applied');

      // Revert Last Cluster Change: a dry run of the revert in the confirmation, then the prior template is back.
      await runCommand(page, 'On-Call: Revert Last Cluster Change…');
      const revert = await dialogBox(page, 60_000);
      assert.match(await revert.innerText(), /restartedAt/, 'the revert confirmation shows its dry-run diff');
      await revert.getByRole('button', { name: 'Revert Change' }).click();
      await waitForNotification(page, /^Reverted/, 60_000);
      assert.equal(deployment(cluster.kubeconfig, 'llm-inference').spec.template.metadata.annotations?.[RESTARTED_AT], undefined, 'the restart annotation is gone again');

      const dir = join(folder, '.oncall', 'incidents');
      const log = readdirSync(dir).find((f) => f.includes('modelendpointdown'));
      assert.ok(log, 'an incident log for the alert');
      const events = readFileSync(join(dir, log), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const changes = events.filter((e) => e.type === 'cluster-change');
      assert.deepEqual(changes.map((e) => e.operation), ['rollout-restart', 'revert'], 'the change and its revert are logged');
      const change = changes[0];
      assert.equal(change.name, 'llm-inference');
      assert.equal(change.operation, 'rollout-restart');
      assert.ok(change.priorState, 'with the prior state');
      const runs = events.filter((e) => e.type === 'cell-run').map((e) => e.outcome);
      assert.deepEqual(runs, ['ok', 'refused', 'error', 'ok'], 'pods ok, restart refused before sending (protected), cancelled restart, applied restart');
    } finally {
      await browser?.close();
      await server?.stop();
      await am.stop();
      await cluster.stop();
      removeDir(root);
    }
  });
});
