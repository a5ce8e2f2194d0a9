import * as vscode from 'vscode';
import type { SeverityLevel } from '../../alerts/model';
import { Commands } from '../common/ids';
import type { AlertsModel } from './alertsModel';

/** Counts of firing alerts per severity; clicking focuses the Alerts view. */
export class AlertsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('oncall.alerts', vscode.StatusBarAlignment.Left, 100);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: AlertsModel) {
    this.item.name = 'On-Call alerts';
    this.item.command = Commands.focusAlerts;
    this.subscription = model.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  private update(): void {
    const counts: Record<SeverityLevel | 'other', number> = { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0, other: 0 };
    for (const a of this.model.visibleAlerts()) if (a.state === 'firing') counts[a.severity?.level ?? 'other']++;
    const parts = (['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const).filter((l) => counts[l] > 0).map((l) => `${l} ${counts[l]}`);
    if (counts.other) parts.push(`other ${counts.other}`);
    const errors = this.model.snapshot.errors.length;
    this.item.text = `$(bell${parts.length ? '-dot' : ''}) ${parts.length ? parts.join(' · ') : 'no firing alerts'}${errors ? ` $(warning) ${errors}` : ''}`;
    this.item.tooltip = `On-Call: firing alerts per severity${errors ? `\n${errors} Alertmanager(s) unreachable` : ''}`;
    this.item.backgroundColor = counts.SEV1 ? new vscode.ThemeColor('statusBarItem.errorBackground') : counts.SEV2 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
