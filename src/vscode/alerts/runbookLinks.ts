import * as vscode from 'vscode';
import type { Alert } from '../../alerts/model';
import { planRunbookLink } from '../../alerts/runbookLink';

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
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

/** Where Open Runbook goes: a runbook in the editor, a web page outside VS Code, or nowhere (with the reason). */
export type RunbookTarget = { kind: 'editor'; uri: vscode.Uri } | { kind: 'external'; uri: vscode.Uri } | { kind: 'not-found' | 'refused'; message: string };

/**
 * Resolves a runbook_url (see planRunbookLink in the core): a Markdown runbook in a workspace folder or in the
 * extension's shipped runbooks/ opens in the editor, a web page without a local runbook of its name opens outside,
 * anything else (a local file elsewhere, another scheme) is refused with the reason.
 */
export async function resolveRunbook(runbookUrl: string, extensionUri: vscode.Uri, runbookFolders: string[]): Promise<RunbookTarget> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const plan = planRunbookLink(runbookUrl, { workspace: folders.map((f) => f.uri.path), extension: extensionUri.path, runbookFolders });
  if (plan.kind === 'refused') return plan;
  for (const c of plan.candidates) {
    const base = c.root === 'workspace' ? folders[c.index].uri : extensionUri;
    const uri = vscode.Uri.joinPath(base, ...c.relative.split('/'));
    if (await exists(uri)) return { kind: 'editor', uri };
  }
  if (plan.kind === 'web') return { kind: 'external', uri: vscode.Uri.parse(plan.url, true) };
  return { kind: 'not-found', message: `Runbook ${runbookUrl} was not found in the workspace or the shipped runbooks.` };
}
