import * as vscode from 'vscode';
import { findPromptChanges, DEFAULT_PROMPT_PATHS, type PromptChange } from '../../git/promptChanges';
import { revertCommits } from '../../git/revert';
import { hasRemote, push } from '../../git/remote';
import { repoRoot as gitRoot } from '../../git/git';
import { slugify } from '../../postmortem/slug';
import { InputError } from '../../common/errors';
import { registerCommand } from '../common/commands';
import { Commands } from '../common/ids';
import type { Log } from '../common/log';
import { resolveAuthor } from '../common/author';
import type { AlertsModel } from '../alerts/alertsModel';
import type { IncidentRecorder } from '../incidents/incidentRecorder';
import { pickIncident, type PickedIncident } from './incidentPicker';
import { workspaceRoot } from './postmortemCommands';
import { refreshGitExtension } from './gitExtension';

export const DIFF_SCHEME = 'oncall-prompt-diff';

/** Read-only documents with the diff of a prompt change: oncall-prompt-diff:/<sha>.diff */
class PromptDiffs implements vscode.TextDocumentContentProvider {
  readonly bySha = new Map<string, PromptChange>();
  provideTextDocumentContent(uri: vscode.Uri): string {
    const c = this.bySha.get(uri.path.replace(/^\//, '').replace(/\.diff$/, ''));
    if (!c) return 'This diff is no longer available: run Find Prompt Changes again.';
    return `commit ${c.sha}\nAuthor: ${c.author}\nDate:   ${c.date}\n\n    ${c.subject}\n${c.otherFiles.length ? `\nAlso changes (a revert undoes these too): ${c.otherFiles.join(', ')}\n` : ''}\n${c.diff}${c.diffTruncated ? '\n… (diff cut)' : ''}`;
  }
}

function windowStart(incident: PickedIncident): Date {
  const hours = vscode.workspace.getConfiguration('oncall').get<number>('prompts.lookbackHours', 24);
  return new Date((incident.startMs ?? Date.now()) - hours * 3600_000);
}

async function changesFor(incident: PickedIncident, root: string): Promise<PromptChange[]> {
  const paths = vscode.workspace.getConfiguration('oncall').get<string[]>('prompts.paths', [...DEFAULT_PROMPT_PATHS]);
  return findPromptChanges(root, { since: windowStart(incident), paths });
}

export function registerPromptCommands(deps: { model: AlertsModel; recorder: IncidentRecorder; log: Log }): vscode.Disposable[] {
  const { model, recorder, log } = deps;
  const diffs = new PromptDiffs();
  type Item = vscode.QuickPickItem & { change: PromptChange };
  const itemsOf = (changes: PromptChange[]): Item[] => changes.map((c) => ({
    label: c.subject,
    description: `${c.sha.slice(0, 10)} · ${c.author.replace(/\s*<.*>$/, '')} · ${c.date.slice(0, 16).replace('T', ' ')}${c.isMerge ? ' · merge' : ''}`,
    detail: `${c.files.join(', ')}${c.otherFiles.length ? ` (+${c.otherFiles.length} other files)` : ''}`,
    buttons: [{ iconPath: new vscode.ThemeIcon('diff'), tooltip: 'Show diff' }],
    change: c,
  }));
  const showDiff = async (c: PromptChange) => {
    diffs.bySha.set(c.sha, c);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${c.sha}.diff` }));
    await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(doc, 'diff'), { preview: true, preserveFocus: true });
  };
  const pickChanges = async (changes: PromptChange[], title: string, many: boolean): Promise<PromptChange[] | undefined> => {
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = title;
    qp.canSelectMany = many;
    qp.matchOnDetail = true;
    qp.items = itemsOf(changes);
    qp.onDidTriggerItemButton((e) => void showDiff(e.item.change));
    return new Promise((resolve) => {
      qp.onDidAccept(() => {
        resolve(many ? qp.selectedItems.map((i) => i.change) : qp.activeItems.map((i) => i.change));
        qp.hide();
      });
      qp.onDidHide(() => {
        resolve(undefined);
        qp.dispose();
      });
      qp.show();
    });
  };

  const revert = async (incident: PickedIncident, root: string, chosen: PromptChange[]) => {
    const merges = chosen.filter((c) => c.isMerge);
    const branch = `revert/${slugify(`${incident.id}`)}`;
    const detail = [...chosen.map((c) => `• ${c.sha.slice(0, 10)} ${c.subject}${c.isMerge ? ' (merge)' : ''}`), '', `Newest first, on the new branch ${branch}. Your current branch and uncommitted work are not touched; nothing is pushed.`].join('\n');
    const ok = await vscode.window.showWarningMessage(`Revert ${chosen.length} prompt commit${chosen.length === 1 ? '' : 's'}?`, { modal: true, detail }, 'Revert');
    if (ok !== 'Revert') return;
    let allowMerge = false;
    if (merges.length) {
      const m = await vscode.window.showWarningMessage(`${merges.length} of them ${merges.length === 1 ? 'is a merge commit' : 'are merge commits'}.`, { modal: true, detail: 'A merge is reverted against its first parent (git revert -m 1): everything the merged branch brought in is undone.' }, 'Revert with -m 1');
      if (m !== 'Revert with -m 1') return;
      allowMerge = true;
    }
    const result = await revertCommits(root, chosen.map((c) => c.sha), { branch, allowMerge });
    await refreshGitExtension(root);
    if (result.reverted.length && result.branch) {
      await recorder.record(incident.logFile, { type: 'git-revert', time: new Date().toISOString(), who: await resolveAuthor(model.settings.author, root), repo: root, branch: result.branch, reverted: result.reverted, newCommits: result.newCommits });
    }
    if (result.failed) {
      const f = result.failed;
      const conflicts = f.conflicts.length ? ` Conflicting paths: ${f.conflicts.join(', ')}.` : '';
      const done = result.reverted.length ? ` Reverted before it: ${result.reverted.map((s) => s.slice(0, 10)).join(', ')} on ${result.branch}.` : ' Nothing was reverted.';
      void vscode.window.showErrorMessage(`Reverting ${f.sha.slice(0, 10)} failed: ${f.reason}.${conflicts}${done} The revert was aborted; the repository is clean.`);
      return;
    }
    const msg = `Reverted ${result.reverted.length} commit${result.reverted.length === 1 ? '' : 's'} on ${result.branch}.${result.alreadyUndone.length ? ` ${result.alreadyUndone.length} were already undone.` : ''}`;
    if (result.branch && (await hasRemote(root))) {
      const choice = await vscode.window.showInformationMessage(`${msg} Push the branch for review?`, 'Push', 'Not Now');
      if (choice === 'Push') {
        const pushed = await push(root, result.branch);
        void vscode.window.showInformationMessage(`Pushed ${result.branch} to ${pushed.remote}.`);
      }
    } else {
      void vscode.window.showInformationMessage(msg);
    }
  };

  return [
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, diffs),
    registerCommand(log, Commands.findPromptChanges, async (arg?: unknown) => {
      const root = await gitRoot(workspaceRoot());
      const incident = await pickIncident(arg, model, recorder, log, 'Prompt changes before which incident?');
      if (!incident) return;
      const changes = await changesFor(incident, root);
      if (changes.length === 0) {
        void vscode.window.showInformationMessage(`No prompt changes since ${windowStart(incident).toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
        return;
      }
      const picked = await pickChanges(changes, `${changes.length} prompt change(s) since ${windowStart(incident).toISOString().slice(0, 16).replace('T', ' ')} UTC — select to revert, or click the diff icon`, true);
      if (picked?.length) await revert(incident, root, picked);
    }),
    registerCommand(log, Commands.revertPromptChanges, async (arg?: unknown) => {
      const root = await gitRoot(workspaceRoot());
      const incident = await pickIncident(arg, model, recorder, log, 'Revert prompt changes for which incident?');
      if (!incident) return;
      const changes = await changesFor(incident, root);
      if (changes.length === 0) throw new InputError(`No prompt changes since ${windowStart(incident).toISOString()} to revert.`);
      const picked = await pickChanges(changes, 'Select the prompt commits to revert', true);
      if (picked?.length) await revert(incident, root, picked);
    }),
  ];
}
