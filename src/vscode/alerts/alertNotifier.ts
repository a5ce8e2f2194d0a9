import * as vscode from 'vscode';
import type { Alert } from '../../alerts/model';
import { Commands } from '../common/ids';
import type { AlertsModel } from './alertsModel';

const REMEMBER_MS = 24 * 60 * 60 * 1000;
const STATE_KEY = 'oncall.notifiedFingerprints';

/**
 * Notifies once per fingerprint when an alert starts firing, mapped from its severity
 * (SEV1 error, SEV2 warning, SEV3 information, SEV4 panel only; configurable).
 */
export class AlertNotifier implements vscode.Disposable {
  private readonly notified: Map<string, number>;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: AlertsModel, private readonly state: vscode.Memento) {
    const saved = state.get<Record<string, number>>(STATE_KEY, {});
    const now = Date.now();
    this.notified = new Map(Object.entries(saved).filter(([, t]) => now - t < REMEMBER_MS));
    this.subscription = model.onDidChange(() => this.check());
  }

  private check(): void {
    const now = Date.now();
    let added = false;
    for (const a of this.model.snapshot.alerts) {
      if (a.state !== 'firing' || !a.severity || this.notified.has(a.fingerprint)) continue;
      this.notified.set(a.fingerprint, now);
      added = true;
      this.notify(a);
    }
    if (added) {
      for (const [fp, t] of this.notified) if (now - t > REMEMBER_MS) this.notified.delete(fp);
      void this.state.update(STATE_KEY, Object.fromEntries(this.notified));
    }
  }

  private notify(a: Alert): void {
    const kind = a.severity ? this.model.settings.notifications[a.severity.level] : 'none';
    if (kind === 'none') return;
    const text = `${a.severity?.level} ${a.labels.alertname ?? 'alert'} firing: ${a.annotations.summary ?? ''} — respond within ${a.severity?.responseText}`;
    const actions = [...(a.annotations.runbook_url ? ['Open Runbook'] : []), 'Acknowledge', 'Show'];
    const show = kind === 'error' ? vscode.window.showErrorMessage : kind === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(text, ...actions)).then((choice) => {
      if (choice === 'Open Runbook') void vscode.commands.executeCommand(Commands.openRunbook, { fingerprint: a.fingerprint });
      if (choice === 'Acknowledge') void vscode.commands.executeCommand(Commands.acknowledge, { fingerprint: a.fingerprint });
      if (choice === 'Show') void vscode.commands.executeCommand(Commands.focusAlerts);
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
