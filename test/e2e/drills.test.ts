/**
 * Incident drills: the whole loop an on-call engineer lives through, for the seed's three incident types, in a real
 * VS Code (code-server + Chromium) against real servers (see test/support/drill.ts): live incident data in
 * Prometheus with a test copy of the shipped rules alerting to a real Alertmanager, the Kubernetes control plane with
 * the seeded `ai` namespace, and a git repository with a recent prompt commit.
 *  1. Model endpoint down: SEV1 notification -> runbook -> up, pods, logs -> restart (confirmed) -> acknowledge -> postmortem.
 *  2. Quality regression: HighHallucinationRate -> runbook -> ratio chart -> prompt changes -> revert -> postmortem.
 *  3. Token-cost explosion: TokenCostExplosion -> runbook -> tenants by cost -> quota patch (confirmed) -> silence -> postmortem.
 * The engineer works like at 3 a.m.: the notification's Open Runbook, the runbook's cells, and the alert's actions on
 * the runbook's title bar (Acknowledge, Silence, Find Prompt Changes, Create Postmortem), which act on the runbook's
 * alert without a picker; the silence is one step (its comment) before the exact preview and its confirmation.
 * Each drill asserts what changed on the servers and in the repository, saves screenshots under test-artifacts/,
 * and reports the time from the alert reaching Alertmanager to the postmortem's commit, and the engineer's actions
 * (test-artifacts/drills.json). Timings are reported, never asserted.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../support/alertmanager';
import { activityBarItem, waitForNotification } from '../support/browser';
import { Drill } from '../support/drill';
import { INCIDENT } from '../support/incidentData';
import { clusterAvailable, kubeClusterSkipReason, kubectlBinary, startKubeCluster, type KubeCluster } from '../support/kubeCluster';
import { ORIGINAL_PROMPT, PROMPT_CHANGE_SUBJECT, PROMPT_FILE } from '../support/sampleWorkspace';
import { answerInput, clickEditorTitleAction, clickNotificationAction, dialogBox, frameWith, outputText, runCell } from '../support/workbenchUi';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

function kubectlJson<T>(cluster: KubeCluster, ...args: string[]): T {
  return JSON.parse(execFileSync(kubectlBinary(), ['--kubeconfig', cluster.kubeconfig, '-n', 'ai', 'get', ...args, '-o', 'json'], { encoding: 'utf8' })) as T;
}

interface AmAlert {
  labels: Record<string, string>;
  status: { state: string; silencedBy: string[] };
}

async function amAlert(drill: Drill): Promise<AmAlert | undefined> {
  const alerts = (await (await fetch(`${drill.am.url}/api/v2/alerts`)).json()) as AmAlert[];
  return alerts.find((a) => a.labels.alertname === drill.opts.alertname);
}

async function amSilence(drill: Drill, id: string): Promise<{ comment: string; createdBy: string; status: { state: string } }> {
  return (await (await fetch(`${drill.am.url}/api/v2/silence/${id}`)).json()) as { comment: string; createdBy: string; status: { state: string } };
}

/**
 * The alert shows up like it does at 3 a.m.: the badge of the On-Call panel counts it, the status bar counts it by
 * severity, and a notification of its severity names it; its "Open Runbook" button opens the alert's runbook (the
 * engineer's first click), parameters filled from the alert.
 */
async function alertArrivesAndOpenRunbook(drill: Drill, notification: RegExp, severity: string, parameter: string): Promise<void> {
  const { page } = drill;
  const badge = activityBarItem(page, 'On-Call').locator('.badge-content');
  await badge.waitFor({ state: 'visible', timeout: 90_000 });
  assert.equal((await badge.innerText()).trim(), '1', 'the badge counts the one firing alert');
  await page.locator('.statusbar-item', { hasText: `${severity} 1` }).waitFor({ state: 'visible', timeout: 30_000 });
  await waitForNotification(page, notification, 60_000);
  await drill.shot('1-alert-arrives');
  await drill.act('Open Runbook on the notification', () => clickNotificationAction(page, notification, 'Open Runbook'));
  await page.locator('.statusbar-item', { hasText: parameter }).waitFor({ state: 'visible', timeout: 30_000 });
  await drill.shot('2-runbook');
}

/** Create Postmortem on the runbook's title bar (for the runbook's alert); returns the committed file's text and when it was committed. */
async function createPostmortem(drill: Drill): Promise<{ text: string; committedAt: number; branch: string; before: string }> {
  const before = git(drill.folder, 'rev-parse', 'HEAD');
  await drill.act('Create Postmortem on the runbook', () => clickEditorTitleAction(drill.page, 'Create Postmortem'));
  await waitForNotification(drill.page, /committed on the new branch/, 60_000);
  const committedAt = Date.now();
  await drill.shot('9-postmortem');
  const branch = git(drill.folder, 'branch', '--show-current');
  assert.match(branch, new RegExp(`^postmortem/\\d{4}-\\d{2}-\\d{2}-${drill.opts.alertname.toLowerCase()}`));
  assert.equal(git(drill.folder, 'rev-parse', 'HEAD~1'), before, 'one commit on top of where the engineer was');
  const files = git(drill.folder, 'show', '--name-only', '--format=', 'HEAD').split('\n');
  assert.equal(files.length, 1, `the commit holds the postmortem alone: ${files.join(', ')}`);
  const text = readFileSync(join(drill.folder, files[0]), 'utf8');
  assert.equal(git(drill.folder, 'show', `HEAD:${files[0]}`), text.trim(), 'the committed text is the file');
  assert.match(text, new RegExp(drill.opts.alertname));
  assert.doesNotMatch(text, /0001-01-01/);
  return { text, committedAt, branch, before };
}

/** Timeline rows of a postmortem ("| time | event |"). */
function timeline(text: string): string[] {
  const section = text.split('## Timeline')[1]?.split('\n## ')[0] ?? '';
  return section.split('\n').filter((l) => /^\| \d{4}-/.test(l));
}

const clusterSkip = clusterAvailable() ? false : kubeClusterSkipReason();
/** One control plane serves drills 1 and 3 (they change different objects); started by the first that needs it. */
let clusterStarting: Promise<KubeCluster> | undefined;
const sharedCluster = () => (clusterStarting ??= startKubeCluster());

describe('incident drills in the real VS Code', () => {
  after(async () => {
    await (await clusterStarting?.catch(() => undefined))?.stop();
  });

  test('drill 1: model endpoint down — runbook diagnosis, confirmed restart, acknowledge, postmortem', { skip: clusterSkip }, async () => {
    const k8s = await sharedCluster();
    type Deploy = { spec: { template: { metadata: { annotations?: Record<string, string> } } } };
    const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
    assert.equal(kubectlJson<Deploy>(k8s, 'deployment', 'llm-inference').spec.template.metadata.annotations?.[RESTARTED_AT], undefined, 'not restarted yet');
    await Drill.run({ name: 'model-endpoint-down', alertname: 'ModelEndpointDown', cluster: k8s }, async (drill) => {
      const { page } = drill;
      await alertArrivesAndOpenRunbook(drill, /SEV1 ModelEndpointDown firing/, 'SEV1', 'deployment=llm-inference');

      // Diagnosis: is the instance of the alert up, the pods, their logs.
      await drill.act('run the alerting-instance cell', () => runCell(page, 'instance={{instance}}'));
      const frame = await frameWith(page, `.oncall-promql table`, 60_000);
      const upRow = frame.locator('.oncall-promql table tr', { hasText: INCIDENT.downInstance }).first();
      await upRow.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await upRow.innerText(), /\b0\s*$/, 'the instance of the alert is down (up = 0)');
      await drill.act('run the pods cell', () => runCell(page, 'get pods -l app=llm-inference'));
      assert.match(await outputText(page, /NAME\s+READY\s+STATUS/), /llm-inference-\S+\s+\d\/\d\s+Running/);
      await drill.act('run the logs cell', () => runCell(page, 'logs -l app=llm-inference'));
      await outputText(page, /CUDA out of memory/);
      await drill.shot('3-diagnosis');

      // The restart: server-side dry run, confirmation, applied.
      await drill.act('run the restart cell', () => runCell(page, 'rollout restart deployment/'));
      const dialog = await dialogBox(page);
      const confirmation = await dialog.innerText();
      assert.match(confirmation, /Deployment llm-inference/);
      assert.match(confirmation, /namespace "ai"/);
      assert.match(confirmation, /restartedAt/, 'the dry-run diff shows the annotation');
      await drill.shot('4-restart-confirmation');
      await drill.act('confirm: Apply Change', () => dialog.getByRole('button', { name: 'Apply Change' }).click());
      await outputText(page, /deployment\.apps\/llm-inference restarted/);
      const restartedAt = kubectlJson<Deploy>(k8s, 'deployment', 'llm-inference').spec.template.metadata.annotations?.[RESTARTED_AT];
      assert.ok(restartedAt && Math.abs(Date.parse(restartedAt) - Date.now()) < 5 * 60_000, `the deployment carries a fresh restart annotation: ${restartedAt}`);

      // Acknowledge: a short silence on Alertmanager, by the engineer.
      await drill.act('Acknowledge on the runbook', () => clickEditorTitleAction(page, 'Acknowledge Alert'));
      await eventually('Alertmanager reports the alert acknowledged (silenced)', async () => (await amAlert(drill))?.status.state === 'suppressed', 30_000);
      const ack = await amSilence(drill, (await amAlert(drill))!.status.silencedBy[0]);
      assert.equal(ack.createdBy, 'drill-engineer');
      await drill.shot('5-acknowledged');

      const pm = await createPostmortem(drill);
      const rows = timeline(pm.text);
      assert.ok(rows.some((r) => /Alert fired: ModelEndpointDown/.test(r)), rows.join('\n'));
      assert.ok(rows.some((r) => /Runbook cell "pods".*→ ok/.test(r)), 'the diagnosis is in the timeline');
      assert.ok(rows.some((r) => /Cluster change by drill-engineer: rollout-restart deployment\/llm-inference in namespace ai/.test(r)), 'the restart is in the timeline');
      assert.ok(rows.some((r) => /Acknowledged by drill-engineer/.test(r)), 'the acknowledgement is in the timeline');
      assert.match(pm.text, /SEV1/);
      drill.report(pm.committedAt);
    });
  });

  test('drill 2: quality regression — ratio chart, prompt commit reverted on a branch, postmortem shows the revert', async () => {
    await Drill.run({ name: 'quality-regression', alertname: 'HighHallucinationRate' }, async (drill) => {
      const { page, folder } = drill;
      const promptCommit = git(folder, 'rev-parse', 'HEAD');
      await alertArrivesAndOpenRunbook(drill, /SEV2 HighHallucinationRate firing/, 'SEV2', 'model=llama-3-70b');

      await drill.act('run the hallucination-ratio cell', () => runCell(page, 'llm_hallucination_detected_total[10m]'));
      const frame = await frameWith(page, '.oncall-promql canvas', 60_000);
      assert.match(await frame.locator('.oncall-promql .caption').first().innerText(), /matrix/);
      assert.match(await frame.locator('.oncall-promql .u-legend').first().innerText(), /llama-3-70b/, 'the chart has the hallucinating model');
      await drill.shot('3-ratio-chart');

      await drill.act('Find Prompt Changes on the runbook', () => clickEditorTitleAction(page, 'Find Prompt Changes'));
      const widget = page.locator('.quick-input-widget');
      const change = widget.locator('.monaco-list-row', { hasText: PROMPT_CHANGE_SUBJECT }).first();
      await change.waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await widget.locator('.monaco-list-row').count(), 1, 'only the prompt commit of the last 24 h');
      await drill.act('select the prompt commit', () => change.locator('.monaco-checkbox, input[type=checkbox]').first().click());
      await drill.shot('4-prompt-changes');
      await drill.act('OK', () => widget.getByRole('button', { name: 'OK' }).click());
      const dialog = await dialogBox(page, 15_000);
      assert.match(await dialog.innerText(), new RegExp(PROMPT_CHANGE_SUBJECT));
      await drill.act('confirm: Revert', () => dialog.getByRole('button', { name: 'Revert', exact: true }).click());
      await waitForNotification(page, /Reverted 1 commit on revert\//, 60_000);
      const revertBranch = git(folder, 'branch', '--show-current');
      assert.match(revertBranch, /^revert\/.*highhallucinationrate/);
      assert.equal(readFileSync(join(folder, PROMPT_FILE), 'utf8'), ORIGINAL_PROMPT, 'the prompt is back to its earlier text');
      assert.equal(git(folder, 'log', '-1', '--format=%s'), `Revert "${PROMPT_CHANGE_SUBJECT}"`);
      assert.equal(git(folder, 'rev-parse', 'HEAD~1'), promptCommit, 'the revert sits on the prompt commit');
      const revertCommit = git(folder, 'rev-parse', 'HEAD');
      assert.equal(git(folder, 'rev-parse', 'main'), promptCommit, 'main is untouched');
      await drill.shot('5-reverted');

      const pm = await createPostmortem(drill);
      assert.equal(pm.before, revertCommit, 'the postmortem branch starts from the revert');
      const rows = timeline(pm.text);
      const revertRow = rows.find((r) => /Git revert by drill-engineer/.test(r));
      assert.ok(revertRow, `the revert is in the timeline:\n${rows.join('\n')}`);
      assert.ok(revertRow.includes(promptCommit.slice(0, 7)) && revertRow.includes(revertBranch) && revertRow.includes(revertCommit.slice(0, 7)), revertRow);
      assert.ok(rows.some((r) => /Runbook cell "hallucination-ratio".*→ ok/.test(r)), rows.join('\n'));
      drill.report(pm.committedAt);
    });
  });

  test('drill 3: token-cost explosion — tenants by cost, confirmed quota patch, silence, postmortem with cost impact', { skip: clusterSkip }, async () => {
    const k8s = await sharedCluster();
    type ConfigMap = { data: Record<string, string> };
    assert.equal(kubectlJson<ConfigMap>(k8s, 'configmap', 'llm-quotas').data.max_tokens_per_request, '32768', 'the seeded quota');
    await Drill.run({ name: 'token-cost-explosion', alertname: 'TokenCostExplosion', cluster: k8s }, async (drill) => {
      const { page } = drill;
      await alertArrivesAndOpenRunbook(drill, /SEV2 TokenCostExplosion firing/, 'SEV2', 'tenant=globex');

      await drill.act('run the tenant-leaderboard cell', () => runCell(page, 'rate(llm_token_cost_dollars[1h])'));
      const frame = await frameWith(page, '.oncall-promql table', 60_000);
      const rows = frame.locator('.oncall-promql table tbody tr');
      await rows.first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await rows.count(), 3, 'one row per tenant');
      assert.match(await rows.first().innerText(), new RegExp(INCIDENT.costTenant), 'the exploding tenant tops the table');
      await drill.shot('3-tenants-by-cost');

      await drill.act('run the apply-caps cell', () => runCell(page, 'patch configmap llm-quotas'));
      const dialog = await dialogBox(page);
      const confirmation = await dialog.innerText();
      assert.match(confirmation, /ConfigMap llm-quotas/);
      assert.match(confirmation, /32768/, 'the dry-run diff shows the value it replaces');
      assert.match(confirmation, /4096/, 'the dry-run diff shows the new value');
      await drill.shot('4-quota-confirmation');
      await drill.act('confirm: Apply Change', () => dialog.getByRole('button', { name: 'Apply Change' }).click());
      await outputText(page, /configmap\/llm-quotas patched/);
      assert.deepEqual(kubectlJson<ConfigMap>(k8s, 'configmap', 'llm-quotas').data, { max_tokens_per_request: '4096', rpm_limit: '60' }, 'the quotas really changed');

      const comment = 'drill: quota caps applied to globex; watching spend';
      await drill.act('Silence on the runbook', () => clickEditorTitleAction(page, 'Silence Alert'));
      const summary = page.locator('.quick-input-widget .quick-input-message');
      await summary.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await summary.innerText(), /Silences alertname="TokenCostExplosion".*tenant="globex".* for 30 minutes \(1 current alert\)/, 'the matchers and duration are shown with the comment');
      await drill.act('comment, Enter', () => answerInput(page, 'Silence: comment', comment));
      const preview = await dialogBox(page, 15_000);
      const previewText = await preview.innerText();
      assert.match(previewText, /It silences this current alert:/);
      assert.match(previewText, /• TokenCostExplosion .*tenant=globex/);
      await drill.act('confirm: Create Silence', () => preview.getByRole('button', { name: 'Create Silence' }).click());
      await eventually('Alertmanager reports the alert silenced', async () => (await amAlert(drill))?.status.state === 'suppressed', 30_000);
      const silence = await amSilence(drill, (await amAlert(drill))!.status.silencedBy[0]);
      assert.equal(silence.comment, comment);
      await drill.shot('5-silenced');

      const startedAt = Date.now();
      const pm = await createPostmortem(drill);
      // Cost impact over the incident window, measured in Prometheus: globex spends $0.68/s during the incident.
      const impact = /\*\*Impact\*\*: (.*)/.exec(pm.text)?.[1] ?? '';
      const cost = Number(/\$([\d,]+\.\d\d) cost/.exec(impact)?.[1].replace(/,/g, ''));
      const start = Date.parse(`${/\*\*Duration\*\*: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/.exec(pm.text)?.[1].replace(' ', 'T')}Z`);
      assert.ok(Number.isFinite(cost), `a measured cost in the impact line: ${impact}`);
      const perSecond = 0.68; // EXPECTED.incident.tenantCostPerSecond.globex
      const minWindow = Math.max(60, Math.ceil((startedAt - start) / 60_000) * 60);
      const maxWindow = Math.max(60, Math.ceil((pm.committedAt - start) / 60_000) * 60);
      assert.ok(cost >= perSecond * minWindow * 0.7 && cost <= perSecond * maxWindow * 1.1, `cost ${cost} for a window of ${minWindow}-${maxWindow} s at $${perSecond}/s`);
      assert.match(impact, /1 tenant\b/, 'one tenant affected');
      const tl = timeline(pm.text);
      assert.ok(tl.some((r) => /Cluster change by drill-engineer: .*configmap\/llm-quotas in namespace ai/.test(r)), tl.join('\n'));
      assert.ok(tl.some((r) => r.includes(`"${comment}"`) && /Silence created by drill-engineer/.test(r)), tl.join('\n'));
      drill.report(pm.committedAt);
    });
  });
});
