import * as vscode from 'vscode';
import type { Alert } from '../../alerts/model';
import { runbookMeta } from '../../notebooks/runbookMeta';
import { resolveParameters, type ResolvedParameters } from '../../notebooks/parameters';
import type { RunbookMeta } from '../../notebooks/types';
import type { RunbookNotebookMetadata } from './runbookSerializer';

/**
 * The live state of one open runbook: the alert it was opened from, the engineer's parameter overrides,
 * and the values that result. Not saved into the Markdown.
 */
export class RunbookSession {
  readonly overrides = new Map<string, string>();
  alert: Alert | undefined;

  constructor(readonly notebook: vscode.NotebookDocument) {}

  get meta(): RunbookMeta {
    const md = this.notebook.metadata as Partial<RunbookNotebookMetadata>;
    return runbookMeta(md.frontMatter);
  }

  get title(): string {
    return this.meta.title ?? this.notebook.uri.path.split('/').pop() ?? 'runbook';
  }

  resolve(): ResolvedParameters {
    return resolveParameters(this.meta.parameters, this.alert?.labels, this.overrides);
  }
}

/** One session per open runbook notebook; fires when parameters or the bound alert change. */
export class RunbookSessions implements vscode.Disposable {
  private readonly sessions = new Map<string, RunbookSession>();
  private readonly changed = new vscode.EventEmitter<RunbookSession>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly alertFor: (uri: vscode.Uri) => Alert | undefined) {
    this.subscription = vscode.workspace.onDidCloseNotebookDocument((nb) => this.sessions.delete(nb.uri.toString()));
  }

  get(notebook: vscode.NotebookDocument): RunbookSession {
    const key = notebook.uri.toString();
    let s = this.sessions.get(key);
    if (!s) {
      s = new RunbookSession(notebook);
      s.alert = this.alertFor(notebook.uri);
      this.sessions.set(key, s);
    }
    return s;
  }

  bindAlert(notebook: vscode.NotebookDocument, alert: Alert | undefined): void {
    const s = this.get(notebook);
    s.alert = alert;
    this.changed.fire(s);
  }

  setOverride(notebook: vscode.NotebookDocument, name: string, value: string | undefined): void {
    const s = this.get(notebook);
    if (value === undefined) s.overrides.delete(name);
    else s.overrides.set(name, value);
    this.changed.fire(s);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
