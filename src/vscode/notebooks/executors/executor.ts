import type * as vscode from 'vscode';
import type { CellTarget } from '../../../incidents/events';
import type { RunbookSession } from '../runbookSession';

export interface CellRun {
  cell: vscode.NotebookCell;
  execution: vscode.NotebookCellExecution;
  session: RunbookSession;
  /** The cell text with parameters filled in. */
  text: string;
  /** kubectl: the arguments, one per word. */
  args?: string[];
  attributes: Record<string, unknown>;
  signal: AbortSignal;
  timeoutMs: number;
}

export interface CellResult {
  ok: boolean;
  /** One line for the incident log: what happened. */
  message: string;
  target: CellTarget;
  /** The text output, digested into the incident log. */
  outputText: string;
}

/** Runs the cells of one language. The controller owns ordering, timeouts, trust and logging. */
export interface CellExecutor {
  readonly language: string;
  run(run: CellRun): Promise<CellResult>;
}
