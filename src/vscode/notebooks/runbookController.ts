import * as vscode from 'vscode';
import { substitute } from '../../notebooks/parameters';
import { cellRunEvent, CellRefusedError, refusedCellRun, type CellRunFacts } from '../../incidents/cellRun';
import type { CellRunEvent, CellTarget } from '../../incidents/events';
import { describeError, isCancelled } from '../../common/errors';
import type { CellMetadata } from '../../notebooks/types';
import type { Log } from '../common/log';
import type { IncidentRecorder } from '../incidents/incidentRecorder';
import type { CellExecutor } from './executors/executor';
import { fromVsLanguage, RUNBOOK_VIEW_TYPE } from './runbookSerializer';
import type { RunbookSessions } from './runbookSession';
import { resolveAuthor } from '../common/author';

const DEFAULT_TIMEOUT_SECONDS = 30;

function cellName(cell: vscode.NotebookCell): string {
  const attrs = (cell.metadata as CellMetadata | undefined)?.attributes;
  return typeof attrs?.name === 'string' && attrs.name ? attrs.name : `cell ${cell.index + 1}`;
}

/**
 * Runs runbook cells in order, one at a time per notebook, each awaited. A run of several cells stops at the
 * first failure; Stop cancels the request in flight; each cell has a time limit (metadata `timeout`, seconds).
 * Every run is appended to the incident log, and so is every cell refused before sending (outcome "refused").
 * Nothing runs in an untrusted workspace.
 */
export class RunbookController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private readonly executors = new Map<string, CellExecutor>();
  private readonly queues = new Map<string, Promise<void>>();
  private order = 0;

  constructor(
    private readonly sessions: RunbookSessions,
    private readonly recorder: IncidentRecorder,
    private readonly log: Log,
    executors: CellExecutor[],
  ) {
    for (const e of executors) this.executors.set(e.language, e);
    this.controller = vscode.notebooks.createNotebookController('oncall.runbook.controller', RUNBOOK_VIEW_TYPE, 'On-Call Runbook');
    this.controller.supportedLanguages = ['promql', 'kubectl', 'http', 'shellscript'];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = 'PromQL, Kubernetes and HTTP cells';
    this.controller.executeHandler = (cells, notebook) => this.enqueue(cells, notebook);
  }

  private enqueue(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    const key = notebook.uri.toString();
    const code = cells.filter((c) => c.kind === vscode.NotebookCellKind.Code);
    // Create every execution now so queued cells show as pending and Stop cancels them all.
    const executions: [vscode.NotebookCell, vscode.NotebookCellExecution][] = [];
    for (const c of code) {
      try {
        executions.push([c, this.controller.createNotebookCellExecution(c)]);
      } catch (e) {
        this.log.warn('runbook', `${cellName(c)} is already running: ${describeError(e)}`);
      }
    }
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.runAll(executions, notebook)).catch((e) => this.log.error('runbook', describeError(e)));
    this.queues.set(key, next);
    return next;
  }

  private async runAll(executions: [vscode.NotebookCell, vscode.NotebookCellExecution][], notebook: vscode.NotebookDocument): Promise<void> {
    let stopped = false;
    for (const [cell, execution] of executions) {
      if (stopped || execution.token.isCancellationRequested) {
        execution.start(Date.now());
        await execution.clearOutput();
        execution.end(undefined, Date.now());
        continue;
      }
      const ok = await this.runOne(cell, execution, notebook);
      if (!ok && executions.length > 1) stopped = true;
    }
  }

  private async runOne(cell: vscode.NotebookCell, execution: vscode.NotebookCellExecution, notebook: vscode.NotebookDocument): Promise<boolean> {
    execution.executionOrder = ++this.order;
    execution.start(Date.now());
    const started = new Date();
    const name = cellName(cell);
    const language = fromVsLanguage(cell.document.languageId);
    const session = this.sessions.get(notebook);
    const facts = async (parameters: Record<string, string>, target: CellTarget): Promise<CellRunFacts> => ({
      time: started,
      who: await resolveAuthor(vscode.workspace.getConfiguration('oncall').get<string>('author', ''), vscode.workspace.workspaceFolders?.[0]?.uri.fsPath),
      runbook: vscode.workspace.asRelativePath(notebook.uri),
      cell: { index: cell.index, name },
      language,
      parameters,
      target,
    });
    const record = async (event: CellRunEvent) => this.recorder.record(this.recorder.fileFor(session.alert, session.title, started), event);
    /** Refused before anything was sent: the cell shows why, and the incident log keeps the attempt. */
    const refuse = async (reason: string, parameters: Record<string, string> = {}, target: CellTarget = { kind: 'other', description: language }) => {
      await execution.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error({ name: 'On-Call', message: this.log.redact(reason) })]));
      execution.end(false, Date.now());
      this.log.info('runbook', `${session.title} / ${name}: refused — ${reason}`);
      await record(refusedCellRun(await facts(parameters, target), reason));
      return false;
    };
    if (!vscode.workspace.isTrusted) return refuse('This workspace is not trusted, so runbook cells do not run. Trust the workspace (Manage Workspace Trust) if you trust these runbooks.');
    const executor = this.executors.get(language);
    if (!executor) return refuse(`${name}: On-Call cannot run ${cell.document.languageId} cells (it runs promql, kubectl, http and sh).`);

    const resolved = session.resolve();
    const parameters = Object.fromEntries(resolved.values);
    const declared = session.meta.parameters.map((p) => p.name);
    const filled = substitute(cell.document.getText(), language, resolved.values, { cell: name, declared });
    if (!filled.ok) return refuse(filled.message, parameters);

    const attributes = ((cell.metadata as CellMetadata | undefined)?.attributes ?? {}) as Record<string, unknown>;
    const configured = vscode.workspace.getConfiguration('oncall').get<number>('runbooks.cellTimeoutSeconds', DEFAULT_TIMEOUT_SECONDS);
    const seconds = Number(attributes.timeout) > 0 ? Number(attributes.timeout) : configured;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error('timeout')), seconds * 1000);
    const cancel = execution.token.onCancellationRequested(() => abort.abort());
    let ok = false;
    let message = '';
    let outputText = '';
    let target: CellTarget = { kind: 'other', description: language };
    let refused: CellRefusedError | undefined;
    try {
      const result = await executor.run({ cell, execution, session, text: filled.text, args: filled.args, attributes, signal: abort.signal, timeoutMs: seconds * 1000 });
      ok = result.ok;
      message = result.message;
      outputText = result.outputText;
      target = result.target;
    } catch (e) {
      if (e instanceof CellRefusedError) refused = e;
      const timedOut = abort.signal.aborted && !execution.token.isCancellationRequested;
      message = timedOut ? `${name} did not finish within ${seconds} s and was stopped (set a timeout attribute on the cell to allow longer).`
        : isCancelled(e) || execution.token.isCancellationRequested ? `${name} was stopped.`
        : describeError(e);
      if (!refused) await execution.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error({ name: 'On-Call', message: this.log.redact(message) })]));
    } finally {
      clearTimeout(timer);
      cancel.dispose();
    }
    if (refused) return refuse(refused.message, parameters, refused.target ?? target);
    const outcome = ok ? 'ok' : execution.token.isCancellationRequested ? 'cancelled' : 'error';
    execution.end(ok, Date.now());
    this.log.info('runbook', `${session.title} / ${name}: ${outcome}${message ? ` — ${message}` : ''}`);
    await record(cellRunEvent(await facts(parameters, target), { outcome, message, outputText }));
    return ok;
  }

  dispose(): void {
    this.controller.dispose();
  }
}
