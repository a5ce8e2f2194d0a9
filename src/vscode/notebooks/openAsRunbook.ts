import * as vscode from 'vscode';
import * as path from 'node:path';
import { InputError } from '../../common/errors';
import { registerCommand } from '../common/commands';
import { Commands } from '../common/ids';
import type { Log } from '../common/log';
import { RUNBOOK_VIEW_TYPE } from './runbookSerializer';

/** True for Markdown files inside one of the configured runbook folders of a workspace folder. */
export function inRunbookFolder(uri: vscode.Uri, folders: string[]): boolean {
  if (!/\.md$/i.test(uri.path)) return false;
  const ws = vscode.workspace.getWorkspaceFolder(uri);
  if (!ws) return false;
  const rel = path.posix.relative(ws.uri.path, uri.path);
  return folders.some((f) => {
    const prefix = f.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    return prefix !== '' && (rel === prefix || rel.startsWith(`${prefix}/`));
  });
}

/**
 * "Open as Runbook" for any Markdown file, and the runbook folders of the settings: a Markdown file there that
 * opens in the text editor is reopened as a runbook notebook (other Markdown is left alone).
 */
export function registerOpenAsRunbook(log: Log): vscode.Disposable[] {
  return [
    registerCommand(log, Commands.openAsRunbook, async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target) throw new InputError('Open a Markdown file first, or use the command from the Explorer.');
      await vscode.commands.executeCommand('vscode.openWith', target, RUNBOOK_VIEW_TYPE);
    }),
    vscode.window.onDidChangeActiveTextEditor(async (editor) => {
      if (!editor || editor.document.languageId !== 'markdown' || editor.document.uri.scheme !== 'file') return;
      const folders = vscode.workspace.getConfiguration('oncall').get<string[]>('runbooks.folders', ['runbooks']);
      // Folders named "runbooks" are already covered by the manifest's selector.
      const extra = folders.filter((f) => f.replace(/\/+$/, '').split('/').pop() !== 'runbooks');
      if (extra.length === 0 || !inRunbookFolder(editor.document.uri, extra) || editor.document.isDirty) return;
      await vscode.commands.executeCommand('vscode.openWith', editor.document.uri, RUNBOOK_VIEW_TYPE);
    }),
  ];
}
