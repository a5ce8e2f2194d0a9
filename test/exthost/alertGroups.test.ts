/**
 * Alert groups in the real extension host: a group of an outage storm (more than LARGE_GROUP alerts) starts
 * collapsed, so VS Code does not build and keep thousands of items at once; smaller groups start expanded.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseAlerts } from '../../src/alerts/alertmanagerParse';
import { AlertNode, GroupNode, LARGE_GROUP, type RenderContext } from '../../src/vscode/alerts/alertNodes';

function alertNodes(n: number, ctx: RenderContext): AlertNode[] {
  const startsAt = new Date(ctx.now - 600_000).toISOString();
  const raw = Array.from({ length: n }, (_, i) => ({
    labels: { alertname: 'ModelEndpointDown', severity: 'critical', replica: String(i) },
    annotations: { summary: `replica ${i} is down` },
    startsAt,
    endsAt: new Date(ctx.now + 3_600_000).toISOString(),
    updatedAt: startsAt,
    fingerprint: i.toString(16).padStart(16, '0'),
    status: { state: 'active', silencedBy: [], inhibitedBy: [] },
    receivers: [{ name: 'default' }],
  }));
  const parsed = parseAlerts(raw, 'am', undefined, ctx.now);
  assert.equal(parsed.items.length, n, JSON.stringify(parsed.problems?.slice(0, 3)));
  return parsed.items.map((a) => new AlertNode(a, ctx));
}

suite('alert groups', () => {
  const ctx: RenderContext = { now: Date.now(), nameOfFingerprint: new Map(), silences: [] };

  test(`a group of more than ${LARGE_GROUP} alerts starts collapsed, one of ${LARGE_GROUP} expanded`, () => {
    const large = new GroupNode('SEV1', 'SEV1', alertNodes(LARGE_GROUP + 1, ctx)).getTreeItem();
    assert.equal(large.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.equal(large.description, `${LARGE_GROUP + 1} firing / ${LARGE_GROUP + 1}`);
    const small = new GroupNode('SEV2', 'SEV2', alertNodes(LARGE_GROUP, ctx)).getTreeItem();
    assert.equal(small.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
  });

  test('a group that grows past the limit is redrawn collapsed', () => {
    const group = new GroupNode('SEV1', 'SEV1', alertNodes(3, ctx));
    assert.equal(group.getTreeItem().collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.equal(group.setChildren(alertNodes(LARGE_GROUP + 10, ctx)), true, 'the change is reported, so VS Code redraws the group');
    assert.equal(group.getTreeItem().collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
  });
});
