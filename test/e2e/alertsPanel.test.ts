/**
 * The Alerts panel in a real VS Code (code-server) against real Alertmanagers:
 *  - inside the extension host: the five states of case 3, dedup across two Alertmanagers plus a dead one,
 *    and a refresh that changes nothing rebuilds nothing;
 *  - through Chromium, like an engineer: the tree shows the posted alerts, the badge counts the firing ones,
 *    and a silence created from the tree turns the alert silenced on the real Alertmanager.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAlertmanager, eventually, type TestAlertmanager } from '../support/alertmanager';
import { loadSampleIncident } from '../support/sampleIncident';
import { fiveStatesPayload, startFixtureServer } from '../support/fixtureServer';
import { runExtensionHostTests } from '../support/extensionHost';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { activityBarItem, clickActivityBar, notifications, openWorkbench, runCommand, screenshot, waitForNotification, waitForTreeRow, type BrowserSession } from '../support/browser';
import { freePort, removeDir, tempDir } from '../support/process';
import { answerInput, pickQuickItem } from '../support/workbenchUi';

function report(run: Awaited<ReturnType<typeof runExtensionHostTests>>): string {
  return `${run.summary}\n${run.failures.map((f) => `- ${f.title}: ${f.error.split('\n').slice(0, 3).join(' | ')}`).join('\n')}\n${run.console.slice(-15).join('\n')}`;
}

describe('alerts panel in the real extension host', () => {
  test('case 3: five states shown as pending, firing, silenced by s-1, inhibited by NodeDown, "muted"; badge 1', async () => {
    const fixture = await startFixtureServer({ '/api/v2/alerts': fiveStatesPayload(), '/api/v2/silences': [], '/api/v2/alerts/groups': [] });
    try {
      const run = await runExtensionHostTests({
        settings: { 'oncall.alertmanagers': [{ name: 'fixture', url: fixture.url }], 'oncall.alerts.groupBy': 'none', 'oncall.alerts.refreshIntervalSeconds': 0 },
        env: { ONCALL_TEST_SCENARIO: 'states', ONCALL_EXTHOST_GREP: 'alerts panel: five states' },
      });
      assert.equal(run.failed, 0, report(run));
      assert.equal(run.passed, 1, report(run));
      assert.ok((fixture.hits.get('/api/v2/alerts') ?? 0) > 0, 'the extension never asked the server for alerts');
    } finally {
      await fixture.stop();
    }
  });

  test('two real Alertmanagers plus a dead URL: one alert per fingerprint, an error entry, no rebuild when nothing changed; response time, escalation and acks in the tree', async () => {
    const a = await startAlertmanager();
    const b = await startAlertmanager();
    try {
      const now = Date.now();
      await loadSampleIncident(a, now);
      await loadSampleIncident(b, now);
      const dead = `http://127.0.0.1:${await freePort()}`;
      const run = await runExtensionHostTests({
        settings: {
          'oncall.alertmanagers': [{ name: 'am-a', url: a.url }, { name: 'am-b', url: b.url }, { name: 'am-dead', url: dead }],
          'oncall.alerts.refreshIntervalSeconds': 0,
          'oncall.requestTimeoutSeconds': 3,
          'oncall.author': 'exthost-engineer',
        },
        env: { ONCALL_TEST_SCENARIO: 'real', ONCALL_EXTHOST_GREP: 'alerts panel: real', ONCALL_TEST_AM_A: a.url, ONCALL_TEST_AM_B: b.url },
      });
      assert.equal(run.failed, 0, report(run));
      assert.equal(run.passed, 3, report(run));
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

async function amAlert(am: TestAlertmanager, alertname: string): Promise<{ status: { state: string; silencedBy: string[] } } | undefined> {
  const res = await fetch(`${am.url}/api/v2/alerts`);
  const alerts = (await res.json()) as { labels: Record<string, string>; status: { state: string; silencedBy: string[] } }[];
  return alerts.find((x) => x.labels.alertname === alertname);
}

describe('alerts panel through the UI (Chromium)', () => {
  test('the tree shows the real alerts, a silence created from the tree silences the alert, expiring it in the Silences view makes it fire again', async () => {
    const am = await startAlertmanager();
    const folder = tempDir('e2e-alerts');
    let server: CodeServer | undefined;
    let browser: BrowserSession | undefined;
    try {
      await loadSampleIncident(am);
      mkdirSync(join(folder, 'runbooks'), { recursive: true });
      cpSync(join(repoRoot(), 'runbooks'), join(folder, 'runbooks'), { recursive: true });
      server = await startCodeServer({
        vsix: join(repoRoot(), 'dist', 'oncall.vsix'),
        folder,
        settings: {
          'oncall.alertmanagers': [{ name: 'demo', url: am.url }],
          'oncall.alerts.refreshIntervalSeconds': 2,
          'oncall.author': 'e2e-engineer',
          'oncall.notifications': { SEV1: 'error', SEV2: 'none', SEV3: 'none', SEV4: 'none' },
        },
      });
      browser = await openWorkbench(server.url, folder);
      const page = browser.page;
      await clickActivityBar(page, 'On-Call');
      await waitForTreeRow(page, /ModelEndpointDown.*SEV1.*firing/, 60_000);
      await waitForTreeRow(page, /GPUMemoryPressure.*inhibited by NodeDown/);
      // The row says who silenced it, until when and why (the sample silence: 4 hours from now).
      await waitForTreeRow(page, /ProviderErrorRateHigh.*silenced by dana \(secondary on-call\) until \d\d:\d\d UTC \("OpenAI status page reports elevated errors; tracked in INC-4711"\)/);
      const badge = activityBarItem(page, 'On-Call').locator('.badge-content');
      await badge.waitFor({ state: 'visible', timeout: 15_000 });
      // The badge element can show before its number: wait for the number, then check it.
      await eventually('the badge shows a number', async () => /\d/.test(await badge.innerText()), 15_000).catch(() => undefined);
      assert.equal((await badge.innerText()).trim(), '7', 'the badge counts the seven firing sample alerts (one silenced, one inhibited)');

      // A new SEV1 is announced as an error notification (SEV2-4 are set to the panel only here).
      await waitForNotification(page, /^SEV1 ModelEndpointDown firing: /, 30_000);
      const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'ModelEndpointDown firing' }).first();
      assert.equal(await toast.locator('.codicon-error').count(), 1, 'an error notification for a SEV1');
      assert.ok(!(await notifications(page)).some((t) => /^SEV[234] /.test(t)), `no notification for SEV2-4: ${JSON.stringify(await notifications(page))}`);
      await runCommand(page, 'Notifications: Clear All Notifications');

      // The status bar counts firing alerts per severity, and clicking it brings the Alerts view back.
      const status = page.locator('.statusbar-item', { hasText: 'SEV1 2 · SEV2 3 · SEV3 1 · SEV4 1' });
      await status.waitFor({ state: 'visible', timeout: 15_000 });
      await clickActivityBar(page, 'Explorer');
      await status.click();
      await waitForTreeRow(page, /ModelEndpointDown.*SEV1/, 15_000);
      await screenshot(page, 'alerts-panel');

      // Silence ModelEndpointDown from its inline action.
      const item = page.locator('.part.sidebar [role="treeitem"]', { hasText: 'ModelEndpointDown' }).first();
      await item.hover();
      await item.locator('.action-label[aria-label^="Silence"]').click();
      // One step: the comment, with the alert's matchers and 30 minutes shown under it; a title button changes the duration.
      const commentBox = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: 'Silence: comment' }) });
      await commentBox.waitFor({ state: 'visible', timeout: 15_000 });
      const summary = commentBox.locator('.quick-input-message');
      assert.match(await summary.innerText(), /Silences alertname="ModelEndpointDown".* for 30 minutes \(1 current alert\)/);
      await commentBox.locator('.quick-input-titlebar .action-label[aria-label^="Change the duration"]').click();
      await pickQuickItem(page, '2 hours');
      await commentBox.waitFor({ state: 'visible', timeout: 15_000 });
      await summary.filter({ hasText: 'for 2 hours (1 current alert)' }).waitFor({ state: 'visible', timeout: 15_000 });
      await answerInput(page, 'Silence: comment', '');
      await commentBox.locator('.quick-input-message', { hasText: 'A comment is required' }).waitFor({ state: 'visible', timeout: 15_000 });
      await answerInput(page, 'Silence: comment', 'e2e: restarting the inference pods');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      const detail = await dialog.innerText();
      assert.match(detail, /ModelEndpointDown/, 'the preview names the alert it silences');
      assert.match(detail, /It silences this current alert:/, 'the preview counts exactly one alert');
      await screenshot(page, 'alerts-silence-preview');
      await dialog.getByRole('button', { name: 'Create Silence' }).click();

      await eventually('the real Alertmanager reports the alert silenced', async () => (await amAlert(am, 'ModelEndpointDown'))?.status.state === 'suppressed');
      const silenced = await amAlert(am, 'ModelEndpointDown');
      assert.equal(silenced?.status.silencedBy.length, 1);
      const made = (await (await fetch(`${am.url}/api/v2/silence/${silenced?.status.silencedBy[0]}`)).json()) as { startsAt: string; endsAt: string; comment: string };
      assert.equal(made.comment, 'e2e: restarting the inference pods');
      const lasts = (Date.parse(made.endsAt) - Date.parse(made.startsAt)) / 60_000;
      assert.ok(Math.abs(lasts - 120) < 1, `the silence lasts the chosen 2 hours, not the default: ${lasts} min`);
      await waitForTreeRow(page, /ModelEndpointDown.*silenced by e2e-engineer until \d\d:\d\d UTC \("e2e: restarting the inference pods"\)/, 30_000);
      await screenshot(page, 'alerts-after-silence');
      // The silence is in the incident log of the alert it silenced.
      const dir = join(folder, '.oncall', 'incidents');
      const files = readdirSync(dir).filter((f) => f.includes('modelendpointdown'));
      assert.equal(files.length, 1, `incident logs: ${readdirSync(dir).join(', ')}`);
      const events = readFileSync(join(dir, files[0]), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; comment?: string; who?: string; id?: string });
      // The log opens with the alert itself, so a postmortem written after Alertmanager forgot it still knows it.
      assert.deepEqual([events[0].type, (events[0] as { alertname?: string }).alertname], ['alert-fired', 'ModelEndpointDown']);
      assert.equal(events.filter((e) => e.type === 'alert-fired').length, 1);
      const created = events.find((e) => e.type === 'silence-created');
      assert.equal(created?.comment, 'e2e: restarting the inference pods');
      assert.equal(created?.who, 'e2e-engineer');
      assert.equal(created?.id, silenced?.status.silencedBy[0]);

      // Expire it from the Silences view: after the confirmation the alert fires again, and the expiry is logged.
      const silenceRow = page.locator('.part.sidebar [role="treeitem"]', { hasText: 'alertname="ModelEndpointDown"' }).first();
      await silenceRow.waitFor({ state: 'visible', timeout: 30_000 });
      await silenceRow.hover();
      await silenceRow.locator('.action-label[aria-label^="Expire Silence"]').click();
      const confirm = page.locator('.monaco-dialog-box');
      await confirm.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await confirm.innerText(), /Expire the silence alertname="ModelEndpointDown"/);
      await confirm.getByRole('button', { name: 'Expire', exact: true }).click();
      await eventually('the real Alertmanager reports the alert firing again', async () => (await amAlert(am, 'ModelEndpointDown'))?.status.state === 'active', 30_000);
      await waitForTreeRow(page, /ModelEndpointDown.*SEV1.*firing/, 30_000);
      await eventually('the expiry is in the incident log', async () => readFileSync(join(dir, files[0]), 'utf8').includes(`"type":"silence-expired"`), 15_000);
      const expired = readFileSync(join(dir, files[0]), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; id?: string }).find((e) => e.type === 'silence-expired');
      assert.equal(expired?.id, created?.id);
    } finally {
      await browser?.close();
      await server?.stop();
      await am.stop();
      removeDir(folder);
    }
  });
});
