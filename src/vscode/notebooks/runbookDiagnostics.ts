import * as vscode from 'vscode';
import { InputError } from '../../common/errors';
import { checkRunbook, type Finding, type KubectlSupport } from '../../notebooks/check/index';
import { kubectlParserSupport } from '../../notebooks/check/kubectlParserSupport';
import { decodeRunbook } from '../../notebooks/decode';
import type { PrometheusClient } from '../../prometheus/client';
import { registerCommand, toAbortSignal } from '../common/commands';
import { Commands } from '../common/ids';
import type { Log } from '../common/log';
import type { CredentialStore } from '../common/secrets';
import { prometheusFromSettings } from './executors/promqlExecutor';
import { inRunbookFolder } from './openAsRunbook';
import { RUNBOOK_VIEW_TYPE } from './runbookSerializer';

export const DIAGNOSTICS_NAME = 'oncall-runbooks';

/**
 * Runbook checks in the Problems panel (collection "oncall-runbooks"), on the file's lines.
 *   On-Call: Check Runbooks   the active runbook, or every runbook of the workspace when none is active, with the
 *                             configured Prometheus (stale metrics) when there is one
 *   on save                   the saved runbook again, syntax checks only (no network)
 */
export class RunbookDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTICS_NAME);
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly credentials: CredentialStore,
    private readonly log: Log,
    /** How kubectl commands are judged (default: the kubectl cells' own argument parser). */
    private readonly isSupportedKubectl: KubectlSupport = kubectlParserSupport,
  ) {
    this.disposables.push(
      registerCommand(log, Commands.checkRunbook, (uri?: unknown) => this.checkCommand(uri)),
      vscode.workspace.onDidSaveNotebookDocument((nb) => {
        if (nb.notebookType === RUNBOOK_VIEW_TYPE) void this.recheck(nb.uri);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (doc.languageId === 'markdown' && doc.uri.scheme !== 'vscode-notebook-cell' && this.isRunbookUri(doc.uri)) void this.recheck(doc.uri, doc.getText());
      }),
      vscode.workspace.onDidDeleteFiles((e) => {
        for (const uri of e.files) this.collection.delete(uri);
      }),
    );
  }

  /** The findings now shown for a file (for tests and the status of a check). */
  diagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  /** Checks the given files and shows the findings; returns them. Network only when `prometheus` is given. */
  async check(uris: readonly vscode.Uri[], prometheus: PrometheusClient | undefined, signal?: AbortSignal): Promise<Finding[]> {
    const all: Finding[] = [];
    for (const uri of uris) {
      if (signal?.aborted) break;
      const findings = await this.checkOne(uri, undefined, prometheus, signal);
      all.push(...findings);
    }
    return all;
  }

  private async checkCommand(arg: unknown): Promise<void> {
    const target = arg instanceof vscode.Uri ? arg : this.activeRunbook();
    const uris = target ? [target] : await this.workspaceRunbooks();
    if (uris.length === 0) {
      throw new InputError('No runbook to check: open a runbook (*.runbook.md or a Markdown file under the runbook folders), or add one to the workspace.');
    }
    let prometheus: PrometheusClient | undefined;
    let skipped = '';
    try {
      prometheus = await prometheusFromSettings(this.credentials);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      skipped = ' Stale metrics were not checked: no Prometheus is configured (oncall.prometheus.url).';
    }
    const dirty = uris.some((u) => vscode.workspace.notebookDocuments.some((d) => d.uri.toString() === u.toString() && d.isDirty));
    const findings = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking ${uris.length === 1 ? 'the runbook' : `${uris.length} runbooks`}`, cancellable: true },
      (_progress, token) => this.check(uris, prometheus, toAbortSignal(token)),
    );
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.length - errors;
    const what = uris.length === 1 ? vscode.workspace.asRelativePath(uris[0]) : `${uris.length} runbooks`;
    const saved = dirty ? ' The saved file was checked: save to check your edits.' : '';
    this.log.info('runbook-check', `${what}: ${errors} errors, ${warnings} warnings${prometheus ? ` (stale metrics against ${prometheus.http.baseUrl})` : ''}`);
    if (findings.length === 0) {
      void vscode.window.showInformationMessage(`On-Call: ${what}: no problems found.${skipped}${saved}`);
      return;
    }
    // Not awaited: the command is done when the findings are in the Problems panel, not when the message closes.
    void vscode.window
      .showWarningMessage(`On-Call: ${what}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.${skipped}${saved}`, 'Show Problems')
      .then((choice) => {
        if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
  }

  /** On save: syntax checks only, never the network. */
  private async recheck(uri: vscode.Uri, text?: string): Promise<void> {
    try {
      await this.checkOne(uri, text, undefined, undefined);
    } catch (e) {
      this.log.warn('runbook-check', `re-check of ${uri.toString(true)} after save failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async checkOne(uri: vscode.Uri, text: string | undefined, prometheus: PrometheusClient | undefined, signal: AbortSignal | undefined): Promise<Finding[]> {
    const name = vscode.workspace.asRelativePath(uri);
    // A runbook open in the text editor is checked as shown there; otherwise (a notebook, a closed file) as saved.
    let content = text ?? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.uri.scheme !== 'vscode-notebook-cell')?.getText();
    if (content === undefined) {
      try {
        content = decodeRunbook(await vscode.workspace.fs.readFile(uri), name);
      } catch (e) {
        const finding: Finding = { file: name, line: 1, severity: 'error', code: 'unreadable-file', message: e instanceof Error ? e.message : String(e) };
        this.collection.set(uri, [toDiagnostic(finding)]);
        return [finding];
      }
    }
    const findings = await checkRunbook(content, name, { prometheus, signal, isSupportedKubectl: this.isSupportedKubectl });
    this.collection.set(uri, findings.map(toDiagnostic));
    return findings;
  }

  /** The runbook in the active notebook or text editor, if any. */
  private activeRunbook(): vscode.Uri | undefined {
    const nb = vscode.window.activeNotebookEditor?.notebook;
    if (nb && nb.notebookType === RUNBOOK_VIEW_TYPE) return nb.uri;
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && doc.languageId === 'markdown' && this.isRunbookUri(doc.uri)) return doc.uri;
    return undefined;
  }

  private isRunbookUri(uri: vscode.Uri): boolean {
    if (/\.runbook\.md$/i.test(uri.path)) return true;
    return inRunbookFolder(uri, this.folders());
  }

  private folders(): string[] {
    return vscode.workspace.getConfiguration('oncall').get<string[]>('runbooks.folders', ['runbooks']);
  }

  private async workspaceRunbooks(): Promise<vscode.Uri[]> {
    const globs = ['**/*.runbook.md', '**/runbooks/**/*.md', ...this.folders().map((f) => `${f.replace(/^\.?\/+/, '').replace(/\/+$/, '')}/**/*.md`)];
    const found = await vscode.workspace.findFiles(`{${[...new Set(globs)].join(',')}}`, '**/node_modules/**');
    const unique = new Map(found.map((u) => [u.toString(), u]));
    return [...unique.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
    this.disposables.length = 0;
  }
}

/** A finding on its file line; without a column the whole line is marked. */
export function toDiagnostic(f: Finding): vscode.Diagnostic {
  const line = Math.max(0, f.line - 1);
  const range = f.column !== undefined
    ? new vscode.Range(line, f.column - 1, line, f.column - 1)
    : new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER);
  const d = new vscode.Diagnostic(range, f.message, f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = 'On-Call';
  d.code = f.code;
  return d;
}
