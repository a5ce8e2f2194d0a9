import * as vscode from 'vscode';
import { InputError } from '../../common/errors';
import { registerCommand } from '../common/commands';
import { Commands } from '../common/ids';
import type { Log } from '../common/log';
import { RUNBOOK_VIEW_TYPE } from './runbookSerializer';
import type { RunbookSessions } from './runbookSession';

function activeRunbook(): vscode.NotebookDocument | undefined {
  const nb = vscode.window.activeNotebookEditor?.notebook;
  return nb?.notebookType === RUNBOOK_VIEW_TYPE ? nb : undefined;
}

/**
 * The parameters of the active runbook: a status-bar item that shows them (and the alert they came from),
 * and the Edit Parameters command (also on the notebook toolbar).
 */
export class RunbookParametersUi implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('oncall.runbook.parameters', vscode.StatusBarAlignment.Left, 99);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly sessions: RunbookSessions, log: Log) {
    this.item.name = 'On-Call runbook parameters';
    this.item.command = Commands.editParameters;
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveNotebookEditor(() => this.update()),
      sessions.onDidChange(() => this.update()),
      registerCommand(log, Commands.editParameters, () => this.edit()),
    );
    this.update();
  }

  private update(): void {
    const nb = activeRunbook();
    if (!nb) {
      this.item.hide();
      return;
    }
    const session = this.sessions.get(nb);
    const resolved = session.resolve();
    const shown = [...resolved.values].map(([k, v]) => `${k}=${v.length > 24 ? `${v.slice(0, 23)}…` : v}`);
    const missing = resolved.missing.length ? ` $(warning) ${resolved.missing.length} missing` : '';
    this.item.text = `$(symbol-parameter) ${shown.join(' · ') || 'no parameters'}${missing}`;
    const lines = session.meta.parameters.map((p) => {
      const v = resolved.values.get(p.name);
      return `${p.name} = ${v === undefined ? '(missing)' : JSON.stringify(v)} [${resolved.sources.get(p.name) ?? 'none'}]${p.description ? ` — ${p.description}` : ''}`;
    });
    this.item.tooltip = `Runbook parameters${session.alert ? ` (from alert ${session.alert.labels.alertname ?? ''})` : ''}\n${lines.join('\n')}\nClick to edit.`;
    this.item.show();
  }

  private async edit(): Promise<void> {
    const nb = activeRunbook();
    if (!nb) throw new InputError('Open a runbook notebook first.');
    const session = this.sessions.get(nb);
    const specs = session.meta.parameters;
    if (specs.length === 0) throw new InputError('This runbook declares no parameters (add them under parameters: in its front matter).');
    const resolved = session.resolve();
    const pick = await vscode.window.showQuickPick(specs.map((p) => ({
      label: p.name,
      description: resolved.values.get(p.name) ?? '(missing)',
      detail: `${resolved.sources.get(p.name) ?? 'no value'}${p.description ? ` — ${p.description}` : ''}`,
    })), { title: `Parameters of ${session.title}`, placeHolder: 'Choose a parameter to change' });
    if (!pick) return;
    const value = await vscode.window.showInputBox({
      title: `Value of ${pick.label}`,
      value: resolved.values.get(pick.label) ?? '',
      prompt: 'Empty restores the value from the alert or the default.',
    });
    if (value === undefined) return;
    this.sessions.setOverride(nb, pick.label, value === '' ? undefined : value);
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
