/**
 * The Alerts panel inside the real extension host. The node-side test (test/e2e/alertsPanel.test.ts) starts the
 * servers, points the settings at them and says which scenario runs through ONCALL_TEST_SCENARIO.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Container } from '../../src/vscode/container';
import type { AlertNode, Node } from '../../src/vscode/alerts/alertNodes';

const scenario = process.env.ONCALL_TEST_SCENARIO ?? '';

async function container(): Promise<Container> {
  const ext = vscode.extensions.getExtension<{ container: Container }>('oncall-dev.oncall');
  assert.ok(ext, 'extension missing');
  const api = await ext.activate();
  return api.container;
}

/** Every tree item (depth first) with its label and description as VS Code would show them. */
async function items(c: Container): Promise<{ label: string; description: string; context: string }[]> {
  const out: { label: string; description: string; context: string }[] = [];
  const walk = async (nodes: Node[]) => {
    for (const n of nodes) {
      const item = c.alertsTree.getTreeItem(n);
      const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
      out.push({ label, description: String(item.description ?? ''), context: item.contextValue ?? '' });
      await walk(c.alertsTree.getChildren(n));
    }
  };
  await walk(c.alertsTree.getChildren());
  return out;
}

suite('alerts panel: five states (case 3)', function () {
  suiteSetup(function () {
    if (scenario !== 'states') this.skip();
  });

  test('pending, firing, silenced by s-1, inhibited by NodeDown and the raw "muted"; the firing badge reads 1', async () => {
    const c = await container();
    await c.alerts.refresh();
    const all = await items(c);
    const find = (name: string) => {
      const it = all.find((i) => i.label.startsWith(name));
      assert.ok(it, `no tree item for ${name}: ${JSON.stringify(all)}`);
      return it;
    };
    assert.match(find('PendingOne').description, /\bpending\b/);
    assert.match(find('NodeDown').description, /\bfiring\b/);
    assert.match(find('SilencedOne').description, /silenced by s-1/);
    assert.match(find('InhibitedOne').description, /inhibited by NodeDown/);
    assert.match(find('MutedOne').description, /\bmuted\b/);
    assert.equal(c.alertsTree.firingCount(), 1);
    assert.equal(c.alertsView.badge?.value, 1);
    for (const i of all) assert.doesNotMatch(`${i.label} ${i.description}`, /0001-01-01/);
  });
});

suite('alerts panel: real Alertmanagers', function () {
  suiteSetup(function () {
    if (scenario !== 'real') this.skip();
  });

  test('alerts of two Alertmanagers are merged by fingerprint and a dead source is an error entry', async () => {
    const c = await container();
    await c.alerts.refresh();
    const snap = c.alerts.snapshot;
    const names = snap.alerts.map((a) => a.labels.alertname).sort();
    assert.deepEqual(names, [...new Set(names)], 'an alert appears twice');
    const endpoint = snap.alerts.find((a) => a.labels.alertname === 'ModelEndpointDown');
    assert.ok(endpoint, 'ModelEndpointDown missing');
    assert.deepEqual([...endpoint.sources].sort(), ['am-a', 'am-b']);
    assert.equal(endpoint.endsAt, null, 'a firing alert has no end time');
    const all = await items(c);
    assert.ok(all.some((i) => i.label.startsWith('am-dead') && i.context === 'oncall:sourceError'), `no error entry for am-dead: ${JSON.stringify(all.map((i) => i.label))}`);
    assert.ok(all.some((i) => i.label.startsWith('ModelEndpointDown')), 'ModelEndpointDown not in the tree');
    assert.equal(snap.errors.length, 1);
    assert.match(snap.errors[0].message, /unreachable|refused/i);
  });

  test('a refresh where nothing changed rebuilds no tree item; one changed alert rebuilds one', async () => {
    const c = await container();
    await c.alerts.refresh();
    // Ages are shown to the minute: measure within one minute so the only change is the one we make.
    for (let attempt = 0; attempt < 3; attempt++) {
      const minute = Math.floor(Date.now() / 60_000);
      const before = { ...c.alertsTree.stats };
      await c.alerts.refresh();
      const same = { ...c.alertsTree.stats };
      const now = Date.now();
      for (const url of [process.env.ONCALL_TEST_AM_A ?? '', process.env.ONCALL_TEST_AM_B ?? '']) await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify([{
          labels: { alertname: 'TokenCostExplosion', severity: 'sev2', tenant: 'globex', namespace: 'ai' },
          annotations: { summary: 'Token spend exceeds $0.50/min for tenant globex', runbook_url: 'runbooks/token-cost-explosion.runbook.md', description: `changed at ${now}` },
          startsAt: new Date(now - 4 * 60_000).toISOString(),
          endsAt: new Date(now + 10 * 60_000).toISOString(),
        }]),
      });
      await c.alerts.refresh();
      const after = { ...c.alertsTree.stats };
      if (Math.floor(Date.now() / 60_000) !== minute) continue; // a minute ticked: ages changed; measure again
      assert.equal(same.itemsRebuilt - before.itemsRebuilt, 0, 'a refresh with nothing changed rebuilt items');
      assert.equal(same.structuralRefreshes - before.structuralRefreshes, 0, 'a refresh with nothing changed redrew the tree');
      assert.equal(after.itemsRebuilt - same.itemsRebuilt, 1, 'changing one alert did not rebuild exactly one item');
      assert.equal(after.structuralRefreshes - same.structuralRefreshes, 0);
      return;
    }
    assert.fail('three measurements in a row crossed a minute boundary');
  });
  test('response time and escalation in the tree; Acknowledge shows "acked by X" with its time and creates the ack silence', async () => {
    const c = await container();
    await c.alerts.refresh();
    const nodes: AlertNode[] = [];
    const walk = (list: Node[]) => {
      for (const n of list) {
        // The extension's classes are not this bundle's: an alert node is recognised by its alert.
        if ('alert' in n) nodes.push(n as AlertNode);
        walk(c.alertsTree.getChildren(n));
      }
    };
    walk(c.alertsTree.getChildren());
    const node = (name: string) => {
      const n = nodes.find((x) => x.alert.labels.alertname === name);
      assert.ok(n, `no tree item for ${name}`);
      return n;
    };
    const description = (name: string) => String(c.alertsTree.getTreeItem(node(name)).description ?? '');
    // The sample incident: ModelEndpointDown (SEV1) has fired for 7 min, past its 5-minute response time.
    assert.match(description('ModelEndpointDown'), /^SEV1 · firing \d+m · ⚠ past response time · L1$/);
    assert.match(description('LatencyP95Exceeded'), /^SEV2 · firing \d+m · ⚠ past response time · L3$/, 'past 15 min and at level 3 after 41 min');
    assert.match(description('GuardrailViolationSpike'), / · L2$/, 'a safety alert starts at level 2');
    assert.match(description('TokenCostExplosion'), /^SEV2 · firing \d+m · L1$/, 'within its response time');

    await vscode.commands.executeCommand('oncall.alerts.acknowledge', node('ModelEndpointDown'));
    await c.alerts.refresh();
    nodes.length = 0;
    walk(c.alertsTree.getChildren());
    const acked = description('ModelEndpointDown');
    assert.match(acked, /acked by exthost-engineer/);
    assert.doesNotMatch(acked, /past response time/, 'an acknowledged alert is no longer shown as unanswered');
    const tooltip = c.alertsTree.getTreeItem(node('ModelEndpointDown')).tooltip;
    const tip = typeof tooltip === 'string' ? tooltip : tooltip?.value ?? '';
    assert.match(tip, /Acknowledged by exthost\\-engineer since \d{4}\\-\d\d\\-\d\dT/, tip);
    const silences = (await (await fetch(`${process.env.ONCALL_TEST_AM_A ?? ''}/api/v2/silences`)).json()) as { createdBy: string; comment: string; status: { state: string }; matchers: { name: string; value: string }[] }[];
    const ack = silences.find((x) => x.status.state === 'active' && x.createdBy === 'exthost-engineer');
    assert.ok(ack, `no ack silence on the real Alertmanager: ${JSON.stringify(silences)}`);
    assert.ok(ack.matchers.some((m) => m.name === 'alertname' && m.value === 'ModelEndpointDown'));
  });
});
