import * as vscode from 'vscode';
import { groupAlerts, nameOfFingerprint, sortAlerts } from '../../alerts/grouping';
import { SEVERITY_TABLE } from '../../alerts/severity';
import type { SeverityLevel } from '../../alerts/model';
import type { Alert } from '../../alerts/model';
import { Commands } from '../common/ids';
import type { AlertsModel } from './alertsModel';
import { AlertNode, GroupNode, InfoNode, type Node, type RenderContext, SourceErrorNode } from './alertNodes';

/** Counters that show how much work a refresh did (read by tests and benchmarks). */
export interface TreeStats {
  refreshes: number;
  /** Alert items whose rendering changed and were redrawn. */
  itemsRebuilt: number;
  /** Refreshes that changed the tree's structure (groups or membership) and redrew the root. */
  structuralRefreshes: number;
}

/**
 * Renders the model. Nodes are kept by fingerprint between refreshes; a refresh where nothing changed
 * fires no event at all, and one where only some alerts changed redraws only those items.
 */
export class AlertsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Node[] = [];
  private alertNodes = new Map<string, AlertNode>();
  private groupNodes = new Map<string, GroupNode>();
  private structure = '';
  readonly stats: TreeStats = { refreshes: 0, itemsRebuilt: 0, structuralRefreshes: 0 };
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: AlertsModel) {
    this.subscription = model.onDidChange(() => this.rebuild());
    this.rebuild();
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: Node): Node[] {
    return node ? node.getChildren() : this.roots;
  }

  /** Number of firing alerts that pass the filter (the badge). */
  firingCount(): number {
    return this.model.visibleAlerts().filter((a) => a.state === 'firing').length;
  }

  private rebuild(): void {
    this.stats.refreshes++;
    const snap = this.model.snapshot;
    const now = Date.now();
    const visible = sortAlerts(this.model.visibleAlerts(), now);
    const ctx: RenderContext = { now, nameOfFingerprint: nameOfFingerprint(snap.alerts), silences: snap.silences };

    const changedItems: Node[] = [];
    const nextAlertNodes = new Map<string, AlertNode>();
    const nodeFor = (a: Alert): AlertNode => {
      let node = nextAlertNodes.get(a.fingerprint) ?? this.alertNodes.get(a.fingerprint);
      if (!node) {
        node = new AlertNode(a, ctx);
      } else if (!nextAlertNodes.has(a.fingerprint) && node.update(a, ctx)) {
        changedItems.push(node);
      }
      nextAlertNodes.set(a.fingerprint, node);
      return node;
    };

    const roots: Node[] = [];
    for (const e of snap.errors) roots.push(new SourceErrorNode(e, snap.lastGood.get(e.source)));
    if (this.model.filterExpression) {
      roots.push(new InfoNode(`Filter: ${this.model.filterExpression} (${visible.length} of ${snap.alerts.length})`, 'filter', { command: Commands.clearFilter, title: 'Clear filter' }));
    }
    if (this.model.settings.alertmanagers.length === 0) {
      roots.push(new InfoNode('No Alertmanager configured: add one in settings (oncall.alertmanagers)', 'gear', { command: 'workbench.action.openSettings', title: 'Open settings', arguments: ['oncall.alertmanagers'] }));
    } else if (snap.fetchedAt === undefined) {
      roots.push(new InfoNode('Loading alerts…', 'loading~spin'));
    } else if (visible.length === 0 && snap.errors.length < this.model.allClients.length) {
      roots.push(new InfoNode('No alerts', 'check'));
    }

    const groupBy = this.model.settings.groupBy;
    const structureParts: string[] = roots.map((r) => r.signature);
    const nextGroupNodes = new Map<string, GroupNode>();
    if (groupBy === 'none') {
      for (const a of visible) {
        const n = nodeFor(a);
        roots.push(n);
        structureParts.push(a.fingerprint);
      }
    } else {
      const groups = groupBy === 'alertmanager-groups' && snap.groups
        ? snap.groups.map((g) => ({ key: g.key, label: Object.entries(g.labels).map(([k, v]) => `${k}=${v}`).join(', ') || g.receiver, alerts: sortAlerts(g.alerts.filter((a) => visible.includes(a) || visible.some((v) => v.fingerprint === a.fingerprint)), now) })).filter((g) => g.alerts.length > 0)
        : groupAlerts(visible, groupBy).map((g) => {
          const info = groupBy === 'severity' ? SEVERITY_TABLE[g.key as SeverityLevel] : undefined;
          return info ? { ...g, label: `${g.label} · respond within ${info.responseText}` } : g;
        });
      for (const g of groups) {
        const children = g.alerts.map(nodeFor);
        let gn = this.groupNodes.get(g.key);
        if (!gn) gn = new GroupNode(g.key, g.label, children);
        else if (gn.setChildren(children)) changedItems.push(gn);
        nextGroupNodes.set(g.key, gn);
        roots.push(gn);
        structureParts.push(`[${g.key}:${g.alerts.map((a) => a.fingerprint).join(',')}]`);
      }
    }
    this.alertNodes = nextAlertNodes;
    this.groupNodes = nextGroupNodes;
    const structure = structureParts.join('\n');
    if (structure !== this.structure) {
      this.structure = structure;
      this.roots = roots;
      this.stats.structuralRefreshes++;
      this.stats.itemsRebuilt += changedItems.length;
      this.changed.fire(undefined);
    } else if (changedItems.length > 0) {
      this.stats.itemsRebuilt += changedItems.length;
      this.changed.fire(changedItems);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
