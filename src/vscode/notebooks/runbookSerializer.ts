import * as vscode from 'vscode';
import { parseRunbook } from '../../notebooks/parse';
import { serializeRunbook } from '../../notebooks/serialize';
import type { CellMetadata, RawCell, RunbookDocumentMetadata } from '../../notebooks/types';
import { InputError } from '../../common/errors';

export const RUNBOOK_VIEW_TYPE = 'oncall.runbook';

export const UNTRUSTED_SAVE_MESSAGE = 'This workspace is not trusted, so runbooks are read-only and nothing was saved. Trust the workspace (Manage Workspace Trust) to edit them.';

/** Runbook language -> VS Code language id, and back. */
const TO_VSCODE: Record<string, string> = { promql: 'promql', kubectl: 'kubectl', http: 'http', sh: 'shellscript' };
const FROM_VSCODE: Record<string, string> = { promql: 'promql', kubectl: 'kubectl', http: 'http', shellscript: 'sh', sh: 'sh', bash: 'sh' };

export function toVsLanguage(language: string): string {
  return TO_VSCODE[language] ?? language;
}

export function fromVsLanguage(languageId: string): string {
  return FROM_VSCODE[languageId] ?? languageId;
}

/** Notebook metadata keys the serializer keeps (JSON-safe). */
export interface RunbookNotebookMetadata {
  runbook: RunbookDocumentMetadata;
  frontMatter: Record<string, unknown> | undefined;
  diagnostics: { severity: string; message: string; line?: number }[];
}

/**
 * Markdown runbook <-> notebook. An unedited save writes back the author's bytes exactly (the core keeps
 * what it needs in cell and notebook metadata). Outputs are never written into the Markdown. Nothing is saved in an
 * untrusted workspace (runbooks are read-only there).
 */
export class RunbookSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content);
    } catch {
      throw new InputError('This file is not UTF-8 text, so it cannot open as a runbook. Open it with the text editor instead; nothing was changed.');
    }
    if (text.includes('\0')) throw new InputError('This file contains NUL bytes (binary data), so it cannot open as a runbook. Nothing was changed.');
    const parsed = parseRunbook(text);
    const cells = parsed.cells.map((c) => {
      const cell = new vscode.NotebookCellData(
        c.kind === 'code' ? vscode.NotebookCellKind.Code : vscode.NotebookCellKind.Markup,
        c.value,
        c.kind === 'code' ? toVsLanguage(c.language) : 'markdown',
      );
      cell.metadata = c.metadata;
      return cell;
    });
    const data = new vscode.NotebookData(cells);
    const metadata: RunbookNotebookMetadata = {
      runbook: parsed.document,
      frontMatter: parsed.frontMatter?.data,
      diagnostics: parsed.diagnostics.map((d) => ({ severity: d.severity, message: d.message, line: d.line })),
    };
    data.metadata = metadata as unknown as Record<string, unknown>;
    return data;
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    if (!vscode.workspace.isTrusted) throw new InputError(UNTRUSTED_SAVE_MESSAGE);
    const meta = data.metadata as Partial<RunbookNotebookMetadata> | undefined;
    const cells: RawCell[] = data.cells.map((c) => ({
      kind: c.kind === vscode.NotebookCellKind.Code ? 'code' : 'markup',
      language: c.kind === vscode.NotebookCellKind.Code ? fromVsLanguage(c.languageId) : 'markdown',
      value: c.value,
      metadata: (c.metadata ?? {}) as CellMetadata,
    }));
    const text = serializeRunbook(cells, meta?.runbook);
    return new TextEncoder().encode(text);
  }
}
