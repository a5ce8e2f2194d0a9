/**
 * What the extension-host notebook tests share: the workspace root, the text of a cell's outputs and the cell-run
 * lines of the incident log.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** A cell-run line of the incident log, as the tests read it. */
export interface CellRunEvent {
  type: string;
  time: string;
  who: string;
  runbook: string;
  cell: { index: number; name: string };
  language: string;
  parameters: Record<string, string>;
  outcome: string;
  message?: string;
  outputDigest?: string;
}

/** The first workspace folder (every scenario opens one). */
export function root(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return f.uri;
}

/** The text of a cell's outputs (plain text and error messages). */
export function outputOf(cell: vscode.NotebookCell): string {
  const parts: string[] = [];
  for (const o of cell.outputs) {
    for (const item of o.items) {
      const text = new TextDecoder().decode(item.data);
      parts.push(item.mime === 'application/vnd.code.notebook.error' ? (JSON.parse(text) as { message: string }).message : text);
    }
  }
  return parts.join('\n');
}

/** The cell-run lines of the incident log for `runbook`, in the order they were written. */
export async function cellRuns(runbook: string): Promise<CellRunEvent[]> {
  const dir = vscode.Uri.joinPath(root(), '.oncall', 'incidents');
  const out: CellRunEvent[] = [];
  let entries: [string, vscode.FileType][] = [];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return out;
  }
  for (const [name] of entries) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name)));
    for (const line of text.split('\n')) {
      if (!line) continue;
      const e = JSON.parse(line) as CellRunEvent;
      if (e.type === 'cell-run' && e.runbook === runbook) out.push(e);
    }
  }
  return out;
}
