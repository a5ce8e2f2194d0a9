import * as vscode from 'vscode';
import { planKubectl } from '../../kubernetes/plan';
import type { KubectlResult, PriorState } from '../../kubernetes/result';
import { InputError } from '../../common/errors';
import { CellRefusedError } from '../../incidents/cellRun';
import type { CellExecutor, CellResult, CellRun } from '../notebooks/executors/executor';
import type { IncidentRecorder } from '../incidents/incidentRecorder';
import { resolveAuthor } from '../common/author';
import type { KubeSessionState } from './kubeSessionState';
import { kubernetesRuntime } from './loadRuntime';

/** A real change made from a cell, kept so "Revert Last Change" can restore it. */
export interface RecordedChange {
  prior: PriorState;
  title: string;
  incidentFile: string | undefined;
}

const MAX_DIFF_LINES = 60;

function shortDiff(diff: string): string {
  const lines = diff.split('\n');
  return lines.length <= MAX_DIFF_LINES ? diff : `${lines.slice(0, MAX_DIFF_LINES).join('\n')}\n… ${lines.length - MAX_DIFF_LINES} more lines (the full diff is in the cell output)`;
}

function outputOf(result: KubectlResult, extra = ''): vscode.NotebookCellOutput {
  const text = `${result.text}${result.notes.length ? `${result.text.endsWith('\n') || !result.text ? '' : '\n'}${result.notes.join('\n')}\n` : ''}${extra}`;
  return new vscode.NotebookCellOutput([
    vscode.NotebookCellOutputItem.text(text || '(no output)'),
    // Structured result for tools, under its own type so the editor shows the kubectl-like text.
    vscode.NotebookCellOutputItem.json(result.json, 'application/x.oncall.kubectl+json'),
  ]);
}

/**
 * kubectl cells as Kubernetes API calls. Reads run at once. A change is first sent as a server-side dry run; the
 * engineer sees its diff and a confirmation naming the context, API server, namespace and object; only then is it
 * applied (and refused if the patch would differ from what was confirmed). The object's prior state goes to the
 * incident log and to "Revert Last Change". Protected contexts refuse changes until unlocked.
 */
export class KubectlExecutor implements CellExecutor {
  readonly language = 'kubectl';
  readonly changes: RecordedChange[] = [];

  constructor(private readonly state: KubeSessionState, private readonly recorder: IncidentRecorder) {}

  async run(run: CellRun): Promise<CellResult> {
    if (!run.args) throw new InputError('The kubectl cell could not be split into arguments.');
    const session = await this.state.session();
    const plan = planKubectl(run.args, session);
    const target = { kind: 'kubernetes' as const, context: session.context, namespace: plan.target.namespace };
    const rt = kubernetesRuntime();
    if (!plan.mutatingVerb || !plan.mutating) {
      const result = await rt.executeKubectl(plan.op, session, { signal: run.signal });
      await run.execution.replaceOutput(outputOf(result));
      return { ok: true, message: `${plan.command} (${session.context})`, target, outputText: result.text };
    }
    const lockedBy = this.state.lockedBy(session.context);
    if (lockedBy) {
      throw new CellRefusedError(`Context "${session.context}" is protected (matches "${lockedBy}"): changes are refused. Run "On-Call: Unlock Protected Context" to allow changes for a limited time.`, target);
    }
    const preview = await rt.executeKubectl(plan.op, session, { dryRun: true, signal: run.signal });
    const nothing = !preview.changes?.some((c) => c.sent);
    if (nothing) {
      await run.execution.replaceOutput(outputOf(preview, '\nNothing to change: no request was sent for real.\n'));
      return { ok: true, message: `${plan.command}: nothing to change`, target, outputText: preview.text };
    }
    const where = `context "${session.context}" (${session.server}), namespace "${plan.target.namespace || '(cluster)'}"`;
    const detail = [`${plan.command}`, '', `Target: ${plan.target.kind} ${plan.target.name}`, `On ${where}`, '', 'Server-side dry run of the change:', shortDiff(preview.diff || '(no visible difference)')].join('\n');
    const choice = await vscode.window.showWarningMessage(`Apply this change to ${plan.target.kind} ${plan.target.name} in ${session.context}/${plan.target.namespace}?`, { modal: true, detail }, 'Apply Change');
    if (choice !== 'Apply Change') {
      await run.execution.replaceOutput(outputOf(preview, '\nNot applied: the engineer cancelled at the confirmation. (Above: the server-side dry run.)\n'));
      return { ok: false, message: 'cancelled at confirmation (nothing changed)', target, outputText: preview.text };
    }
    const done = await rt.executeKubectl(plan.op, session, { confirmed: preview, signal: run.signal });
    if (done.priorState) {
      const file = this.recorder.fileFor(run.session.alert, run.session.title, new Date());
      this.changes.push({ prior: done.priorState, title: plan.command, incidentFile: file });
      const who = await resolveAuthor(vscode.workspace.getConfiguration('oncall').get<string>('author', ''), vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
      for (const c of done.changes ?? []) {
        if (!c.sent) continue;
        await this.recorder.record(file, {
          type: 'cluster-change', time: new Date().toISOString(), who, context: session.context, server: session.server,
          namespace: c.ref.namespace ?? '', kind: c.ref.kind, name: c.ref.name, operation: plan.op.verb.replace(' ', '-'),
          priorState: c.before, patch: c.patch,
        });
      }
    }
    await run.execution.replaceOutput(outputOf(done, done.diff ? `\n${done.diff}\n` : ''));
    return { ok: true, message: `${plan.command} applied on ${session.context}`, target, outputText: done.text };
  }
}
