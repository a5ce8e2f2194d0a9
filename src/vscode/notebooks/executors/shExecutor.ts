import * as vscode from 'vscode';
import type { CellExecutor, CellResult, CellRun } from './executor';

/**
 * sh cells are never run by On-Call. After an explicit confirmation that shows the exact text, they are
 * typed into an integrated terminal (without pressing Enter when the runbook asks for review), and only in a
 * trusted workspace (the controller checks trust before any executor).
 */
export class ShExecutor implements CellExecutor {
  readonly language = 'sh';
  private terminal: vscode.Terminal | undefined;

  async run(run: CellRun): Promise<CellResult> {
    const choice = await vscode.window.showWarningMessage(
      'Send this shell command to a terminal?',
      { modal: true, detail: `${run.text}\n\nOn-Call does not run shell commands itself; you will see it in the terminal.` },
      'Send to Terminal',
    );
    if (choice !== 'Send to Terminal') {
      await run.execution.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text('Not sent: cancelled by the engineer.')]));
      return { ok: false, message: 'cancelled at confirmation', target: { kind: 'other', description: 'terminal' }, outputText: '' };
    }
    if (!this.terminal || this.terminal.exitStatus !== undefined) this.terminal = vscode.window.createTerminal({ name: 'On-Call runbook' });
    this.terminal.show();
    this.terminal.sendText(run.text, run.attributes.execute !== false);
    const text = `Sent to the terminal "On-Call runbook":\n${run.text}`;
    await run.execution.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(text)]));
    return { ok: true, message: 'sent to terminal', target: { kind: 'other', description: 'integrated terminal' }, outputText: text };
  }
}
