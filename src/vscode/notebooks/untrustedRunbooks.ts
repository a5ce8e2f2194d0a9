import * as vscode from 'vscode';
import type { Log } from '../common/log';
import { RUNBOOK_VIEW_TYPE } from './runbookSerializer';

/** VS Code's own command: marks the active editor's file read-only for this session (files.readonlyInclude's mechanism). */
const SET_READONLY = 'workbench.action.files.setActiveEditorReadonlyInSession';

/**
 * In an untrusted workspace every runbook notebook shown in an editor is made read-only for the session (cells
 * cannot be edited, added or removed in the editor or through workspace edits), and the serializer refuses to save
 * (see RunbookSerializer), so a runbook opened without an editor cannot be written either.
 */
export class UntrustedRunbooks implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly locked = new Set<string>();

  constructor(private readonly log: Log) {
    if (vscode.workspace.isTrusted) return;
    this.disposables.push(vscode.window.onDidChangeActiveNotebookEditor((e) => void this.lock(e)));
    void this.lock(vscode.window.activeNotebookEditor);
  }

  private async lock(editor: vscode.NotebookEditor | undefined): Promise<void> {
    if (vscode.workspace.isTrusted || !editor || editor.notebook.notebookType !== RUNBOOK_VIEW_TYPE) return;
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
