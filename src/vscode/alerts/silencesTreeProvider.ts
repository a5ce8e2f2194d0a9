import * as vscode from 'vscode';
import { isAck } from '../../alerts/acks';
import type { AlertsModel } from './alertsModel';
import { InfoNode, type Node, SilenceNode, SourceErrorNode } from './alertNodes';

/** The Silences view: active and pending silences of every source, acknowledgements marked. */
export class SilencesTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Node[] = [];
  private signature = '';
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

  private rebuild(): void {
    const snap = this.model.snapshot;
    const roots: Node[] = snap.silenceErrors.map((e) => new SourceErrorNode(e, snap.lastGood.get(e.source)));
    const live = snap.silences
      .filter((s) => s.state !== 'expired')
      .sort((a, b) => a.endsAt.localeCompare(b.endsAt));
    for (const s of live) roots.push(new SilenceNode(s, isAck(s)));
    if (live.length === 0 && snap.fetchedAt !== undefined) roots.push(new InfoNode('No active silences', 'check'));
    const sig = roots.map((r) => r.signature).join('\n');
    if (sig === this.signature) return;
    this.signature = sig;
    this.roots = roots;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
