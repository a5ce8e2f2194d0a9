import * as vscode from 'vscode';
import { InputError } from '../../common/errors';
import { registerCommand } from '../common/commands';
import { Commands } from '../common/ids';
import type { Log } from '../common/log';
import { resolveAuthor } from '../common/author';
import type { IncidentRecorder } from '../incidents/incidentRecorder';
import { RUNBOOK_VIEW_TYPE } from '../notebooks/runbookSerializer';
import type { KubectlExecutor } from './kubectlExecutor';
import type { KubeSessionState } from './kubeSessionState';
import { kubernetesRuntime } from './loadRuntime';

/**
 * The cluster in use, always visible while a runbook is open (context / namespace in the status bar, a warning
 * colour while a protected context is unlocked), and the commands: pick context, unlock/lock, revert last change.
 */
export class KubernetesUi implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('oncall.kubernetes.context', vscode.StatusBarAlignment.Left, 98);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly state: KubeSessionState, private readonly executor: KubectlExecutor, private readonly recorder: IncidentRecorder, log: Log) {
    this.item.name = 'On-Call Kubernetes context';
    this.item.command = Commands.selectKubeContext;
    this.disposables.push(
      this.item,
      state.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('oncall.kubernetes') && this.update()),
      registerCommand(log, Commands.selectKubeContext, async () => {
        await this.state.pick();
      }),
      registerCommand(log, Commands.unlockKubeContext, () => this.unlock()),
      registerCommand(log, Commands.lockKubeContext, () => {
        const now = this.state.peek();
        if ('context' in now) this.state.lock(now.context);
      }),
      registerCommand(log, Commands.revertLastChange, () => this.revertLast()),
    );
    this.update();
  }

  private update(): void {
    const nb = vscode.window.activeNotebookEditor?.notebook;
    if (nb?.notebookType !== RUNBOOK_VIEW_TYPE) {
      this.item.hide();
      return;
    }
    const now = this.state.peek();
    if ('error' in now) {
      this.item.text = '$(cloud) no Kubernetes context';
      this.item.tooltip = `${now.error}\nClick to pick a context.`;
      this.item.backgroundColor = undefined;
    } else {
      const remaining = this.state.unlockedRemainingMs(now.context);
      const prot = this.state.isProtected(now.context);
      this.item.text = `$(${prot && !remaining ? 'lock' : prot ? 'unlock' : 'cloud'}) ${now.context} / ${now.namespace}${remaining ? ` — UNLOCKED ${Math.ceil(remaining / 60_000)} min` : ''}`;
      this.item.tooltip = `kubectl cells act on context ${now.context} (${now.server}), namespace ${now.namespace} unless a cell says -n.${prot ? remaining ? '\nThis protected context is UNLOCKED: changes are allowed.' : '\nProtected: changes are refused until unlocked.' : ''}\nClick to change.`;
      this.item.backgroundColor = remaining ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    }
    this.item.show();
  }

  private async unlock(): Promise<void> {
    const now = this.state.peek();
    if ('error' in now) throw new InputError(now.error);
    if (!this.state.isProtected(now.context)) {
      void vscode.window.showInformationMessage(`Context ${now.context} is not protected (setting oncall.kubernetes.protectedContexts).`);
      return;
    }
    const pick = await vscode.window.showWarningMessage(`Allow changes to the protected context ${now.context}?`, { modal: true, detail: `${now.server}\nChanges are still dry-run and confirmed one by one. The lock comes back by itself.` }, 'Unlock for 15 minutes', 'Unlock for 60 minutes');
    if (!pick) return;
    this.state.unlock(now.context, pick.includes('60') ? 60 : 15);
  }

  private async revertLast(): Promise<void> {
    const last = this.executor.changes.at(-1);
    if (!last) throw new InputError('No change was made from a runbook cell in this window.');
    const session = await this.state.session();
    const rt = kubernetesRuntime();
    const preview = await rt.revertChange(last.prior, session, { dryRun: true });
    const ok = await vscode.window.showWarningMessage(`Revert "${last.title}" on ${last.prior.context}?`, { modal: true, detail: `Made at ${last.prior.at}.\nServer-side dry run of the revert:\n${preview.diff || '(no visible difference)'}` }, 'Revert Change');
    if (ok !== 'Revert Change') return;
    const done = await rt.revertChange(last.prior, session);
    this.executor.changes.pop();
    const who = await resolveAuthor(vscode.workspace.getConfiguration('oncall').get<string>('author', ''), vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
    for (const c of done.changes ?? []) {
      await this.recorder.record(last.incidentFile, { type: 'cluster-change', time: new Date().toISOString(), who, context: session.context, server: session.server, namespace: c.ref.namespace ?? '', kind: c.ref.kind, name: c.ref.name, operation: 'revert', priorState: c.before, patch: c.patch });
    }
    void vscode.window.showInformationMessage(`Reverted: ${done.text.trim() || last.title}`);
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
