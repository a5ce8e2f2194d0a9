import * as vscode from 'vscode';
import type { Log } from '../common/log';
import { RUNBOOK_VIEW_TYPE } from './runbookSerializer';

/** VS Code's own command: marks the active editor's file read-only for this session (files.readonlyInclude's mechanism). */
const SET_READONLY = 'workbench.action.files.setActiveEditorReadonlyInSession';
/** Back to what the settings say (files.readonlyInclude etc.) once the workspace is trusted. */
const RESET_READONLY = 'workbench.action.files.resetActiveEditorReadonlyInSession';

/**
 * In an untrusted workspace every runbook notebook shown in an editor is made read-only for the session (cells
 * cannot be edited, added or removed in the editor or through workspace edits), and the serializer refuses to save
 * (see RunbookSerializer), so a runbook opened without an editor cannot be written either. Once the workspace is
 * trusted, each runbook locked here is made editable again: the active one at once, the others when next shown.
 */
export class UntrustedRunbooks implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly locked = new Set<string>();

  constructor(private readonly log: Log) {
    if (vscode.workspace.isTrusted) return;
    this.disposables.push(vscode.window.onDidChangeActiveNotebookEditor((e) => void this.update(e)));
    this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.update(vscode.window.activeNotebookEditor)));
    void this.update(vscode.window.activeNotebookEditor);
  }

  private async update(editor: vscode.NotebookEditor | undefined): Promise<void> {
    if (vscode.workspace.isTrusted) await this.unlock(editor);
    else await this.lock(editor);
  }

  private async unlock(editor: vscode.NotebookEditor | undefined): Promise<void> {
    if (!editor || !this.locked.has(editor.notebook.uri.toString()) || vscode.window.activeNotebookEditor !== editor) return;
    await vscode.commands.executeCommand(RESET_READONLY);
    this.locked.delete(editor.notebook.uri.toString());
    this.log.info('runbook', `${vscode.workspace.asRelativePath(editor.notebook.uri)} is editable again: the workspace is trusted`);
  }

  private async lock(editor: vscode.NotebookEditor | undefined): Promise<void> {
    if (!editor || editor.notebook.notebookType !== RUNBOOK_VIEW_TYPE) return;
    const key = editor.notebook.uri.toString();
    if (this.locked.has(key)) return;
    // The command acts on the workbench's active editor: only when it is still this one.
    if (vscode.window.activeNotebookEditor !== editor) return;
    await vscode.commands.executeCommand(SET_READONLY);
    this.locked.add(key);
    this.log.info('runbook', `${vscode.workspace.asRelativePath(editor.notebook.uri)} opened read-only: the workspace is not trusted`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
