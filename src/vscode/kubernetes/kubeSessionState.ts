import * as vscode from 'vscode';
import { listContexts, loadKubeconfig, selectContext, type KubeSession, type LoadedKubeconfig } from '../../kubernetes/kubeconfig';
import { NoContextError } from '../../kubernetes/errors';
import { protectingPattern } from '../../kubernetes/protectedContexts';
import { InputError } from '../../common/errors';

const STATE_KEY = 'oncall.kubernetes.choice';

/**
 * Which cluster kubectl cells act on: the kubeconfig read the way kubectl reads it, the context and namespace
 * the engineer picked (remembered per workspace), and the temporary unlock of a protected context.
 */
export class KubeSessionState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private choice: { context?: string; namespace?: string };
  private unlockedUntil = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly state: vscode.Memento) {
    this.choice = state.get(STATE_KEY, {});
  }

  private kubeconfigSetting(): string | undefined {
    return vscode.workspace.getConfiguration('oncall').get<string>('kubernetes.kubeconfig') || undefined;
  }

  load(): LoadedKubeconfig {
    return loadKubeconfig({ kubeconfig: this.kubeconfigSetting() });
  }

  /** The session now, asking for a context when none is selected. */
  async session(): Promise<KubeSession> {
    const config = this.load();
    try {
      return selectContext(config, this.choice);
    } catch (e) {
      if (!(e instanceof NoContextError)) throw e;
      if (!(await this.pick(config))) throw new InputError('No Kubernetes context selected: the kubectl cell did not run.');
      return selectContext(config, this.choice);
    }
  }

  /** The current context and namespace for display, without prompting; undefined when none can be determined. */
  peek(): { context: string; namespace: string; server: string } | { error: string } {
    try {
      const s = selectContext(this.load(), this.choice);
      return { context: s.context, namespace: s.namespace, server: s.server };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Context and namespace picker. Returns false when the engineer cancelled. */
  async pick(config = this.load()): Promise<boolean> {
    const contexts = listContexts(config);
    if (contexts.length === 0) throw new InputError(`The kubeconfig (${config.sources.join(', ') || 'none found'}) defines no contexts.`);
    const ctx = await vscode.window.showQuickPick(contexts.map((c) => ({ label: c.name, description: `${c.server ?? ''}${c.current ? ' (current-context)' : ''}`, detail: `cluster ${c.cluster}, user ${c.user}${c.namespace ? `, namespace ${c.namespace}` : ''}`, c })), { title: 'Kubernetes context for runbook cells' });
    if (!ctx) return false;
    const ns = await vscode.window.showInputBox({ title: `Namespace in ${ctx.label}`, value: ctx.c.namespace ?? this.choice.namespace ?? 'default', prompt: 'Cells without -n act in this namespace.' });
    if (ns === undefined) return false;
    this.choice = { context: ctx.label, namespace: ns.trim() || undefined };
    await this.state.update(STATE_KEY, this.choice);
    this.changed.fire();
    return true;
  }

  /** The protecting pattern when the context is protected and locked now. */
  lockedBy(context: string): string | undefined {
    const patterns = vscode.workspace.getConfiguration('oncall').get<string[]>('kubernetes.protectedContexts', ['*prod*']);
    const pattern = protectingPattern(context, patterns);
    if (!pattern) return undefined;
    return (this.unlockedUntil.get(context) ?? 0) > Date.now() ? undefined : pattern;
  }

  isProtected(context: string): boolean {
    const patterns = vscode.workspace.getConfiguration('oncall').get<string[]>('kubernetes.protectedContexts', ['*prod*']);
    return protectingPattern(context, patterns) !== undefined;
  }

  unlockedRemainingMs(context: string): number {
    return Math.max(0, (this.unlockedUntil.get(context) ?? 0) - Date.now());
  }

  unlock(context: string, minutes: number): void {
    this.unlockedUntil.set(context, Date.now() + minutes * 60_000);
    this.changed.fire();
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.changed.fire();
      if ([...this.unlockedUntil.values()].every((t) => t <= Date.now()) && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    }, 30_000);
  }

  lock(context: string): void {
    this.unlockedUntil.delete(context);
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.changed.dispose();
  }
}
