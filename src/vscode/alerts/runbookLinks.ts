import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Alert } from '../../alerts/model';

/** Alerts whose runbook was opened, by runbook URI: the notebook layer reads them to fill parameters. */
export class AlertContext implements vscode.Disposable {
  private readonly byUri = new Map<string, Alert>();
  private readonly changed = new vscode.EventEmitter<{ uri: vscode.Uri; alert: Alert }>();
  readonly onDidSet = this.changed.event;
  set(uri: vscode.Uri, alert: Alert): void {
    this.byUri.set(uri.toString(), alert);
    this.changed.fire({ uri, alert });
  }
  dispose(): void {
    this.changed.dispose();
  }
  get(uri: vscode.Uri): Alert | undefined {
    return this.byUri.get(uri.toString());
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the local runbook for a runbook_url: a path relative to a workspace folder or to the shipped runbooks,
 * or, for a web URL, a workspace or shipped runbook whose file name matches the URL's last segment.
 */
export async function resolveRunbook(runbookUrl: string, extensionUri: vscode.Uri, runbookFolders: string[]): Promise<vscode.Uri | undefined> {
  const roots = [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri), extensionUri];
  let relative: string | undefined;
  if (/^file:/i.test(runbookUrl)) {
    const uri = vscode.Uri.parse(runbookUrl);
    return (await exists(uri)) ? uri : undefined;
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(runbookUrl)) relative = runbookUrl.replace(/^\.?\//, '');
  if (relative !== undefined) {
    if (path.isAbsolute(runbookUrl)) {
      const uri = vscode.Uri.file(runbookUrl);
      return (await exists(uri)) ? uri : undefined;
    }
    for (const root of roots) {
      const uri = vscode.Uri.joinPath(root, relative);
      // A path from an alert stays inside the folder it is relative to: ../ cannot reach other local files.
      if (!uri.path.startsWith(`${root.path.replace(/\/+$/, '')}/`)) continue;
      if (await exists(uri)) return uri;
    }
    return undefined;
  }
  // A web URL: try a local runbook with the same name (…/ai/model-outage -> model-outage.runbook.md).
  let last = '';
  try {
    last = decodeURIComponent(new URL(runbookUrl).pathname.split('/').filter(Boolean).pop() ?? '');
  } catch {
    return undefined;
  }
  const stem = last.replace(/\.(runbook\.)?md$/i, '');
  if (!stem || !/^[\w.-]+$/.test(stem)) return undefined;
  for (const root of roots) {
    for (const folder of [...runbookFolders, 'runbooks']) {
      for (const name of [`${stem}.runbook.md`, `${stem}.md`]) {
        const uri = vscode.Uri.joinPath(root, folder, name);
        if (await exists(uri)) return uri;
      }
    }
  }
  return undefined;
}
