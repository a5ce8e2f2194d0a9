import * as vscode from 'vscode';
import type { Alert } from '../../alerts/model';
import { InputError } from '../../common/errors';
import { registerCommand } from '../common/commands';
import { Commands, ContextKeys } from '../common/ids';
import type { Log } from '../common/log';
import type { AlertsModel } from '../alerts/alertsModel';
import { RUNBOOK_VIEW_TYPE } from './runbookSerializer';
import type { RunbookSessions } from './runbookSession';

/**
 * The alert of the active runbook, as icons on the runbook editor's title bar: a runbook opened from an alert
 * acknowledges, silences, finds prompt changes for and writes the postmortem of THAT alert, one click each, without
 * a picker and without going back to the Alerts panel. (The title bar, not the notebook toolbar: that one shows
 * labels and, beside its own Code/Markdown/Run All entries, has room for about two more at 1400 px with a side bar;
 * the rest would hide in its overflow menu.) The actions are the panel's own commands, given the alert (the newest Alertmanager
 * reports, or the one the runbook was opened from when Alertmanager has forgotten it).
 * The context key holds the alert's state ('gone' once Alertmanager no longer reports it) and is unset when the
 * active editor is not a runbook bound to an alert.
 */
export class RunbookAlertActions implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private shown: string | undefined;

  constructor(private readonly sessions: RunbookSessions, private readonly model: AlertsModel, log: Log) {
    const forward = (command: string) => () => vscode.commands.executeCommand(command, this.requireAlert());
    this.disposables.push(
      vscode.window.onDidChangeActiveNotebookEditor(() => this.update()),
      sessions.onDidChange(() => this.update()),
      model.onDidChange(() => this.update()),
      registerCommand(log, Commands.runbookAcknowledge, forward(Commands.acknowledge)),
      registerCommand(log, Commands.runbookSilence, forward(Commands.silence)),
      registerCommand(log, Commands.runbookFindPromptChanges, forward(Commands.findPromptChanges)),
      registerCommand(log, Commands.runbookCreatePostmortem, forward(Commands.createPostmortem)),
    );
    this.update();
  }

  /** The active runbook's alert, as Alertmanager reports it now when it still does. */
  private alert(): { alert: Alert; current: boolean } | undefined {
    const nb = vscode.window.activeNotebookEditor?.notebook;
    if (nb?.notebookType !== RUNBOOK_VIEW_TYPE) return undefined;
    const bound = this.sessions.get(nb).alert;
    if (!bound) return undefined;
    const now = this.model.snapshot.alerts.find((a) => a.fingerprint === bound.fingerprint);
    return now ? { alert: now, current: true } : { alert: bound, current: false };
  }

  private requireAlert(): Alert {
    const found = this.alert();
    if (!found) throw new InputError('Open a runbook from an alert first (Open Runbook on the alert).');
    return found.alert;
  }

  private update(): void {
    const found = this.alert();
    const state = found ? (found.current ? String(found.alert.state) : 'gone') : undefined;
    if (state === this.shown) return;
    this.shown = state;
    void vscode.commands.executeCommand('setContext', ContextKeys.runbookAlertState, state);
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
