import * as vscode from 'vscode';
import { createPostmortem } from '../../postmortem/createPostmortem';
import { DEFAULT_POSTMORTEM_FOLDER } from '../../postmortem/postmortemPath';
import { repoRoot as gitRoot, isGitError } from '../../git/git';
import { describeError, InputError } from '../../common/errors';
import { registerCommand } from '../common/commands';
import { Commands } from '../common/ids';
import type { Log } from '../common/log';
import type { CredentialStore } from '../common/secrets';
import { resolveAuthor } from '../common/author';
import type { AlertsModel } from '../alerts/alertsModel';
import type { IncidentRecorder } from '../incidents/incidentRecorder';
import { prometheusFromSettings } from '../notebooks/executors/promqlExecutor';
import { pickIncident } from './incidentPicker';
import { refreshGitExtension } from './gitExtension';

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') throw new InputError('Open the service repository as a workspace folder first.');
  return folder.uri.fsPath;
}

/** Create Postmortem: the draft in postmortems/, facts from the incident log, alerts and Prometheus, committed on a new branch. */
export function registerPostmortemCommands(deps: { model: AlertsModel; recorder: IncidentRecorder; credentials: CredentialStore; log: Log }): vscode.Disposable[] {
  const { model, recorder, credentials, log } = deps;
  return [
    registerCommand(log, Commands.createPostmortem, async (arg?: unknown) => {
      const folder = workspaceRoot();
      const incident = await pickIncident(arg, model, recorder, log, 'Write a postmortem for which incident?');
      if (!incident) return;
      let root = folder;
      let useGit = true;
      try {
        root = await gitRoot(folder);
      } catch (e) {
        if (!isGitError(e) || e.kind !== 'not-a-repo') throw e;
        const go = await vscode.window.showWarningMessage(`${folder} is not a git repository.`, { modal: true, detail: 'Write the postmortem file without a branch or commit?' }, 'Write File Only');
        if (go !== 'Write File Only') return;
        useGit = false;
      }
      const config = vscode.workspace.getConfiguration('oncall');
      const prometheus = config.get<string>('prometheus.url') ? await prometheusFromSettings(credentials) : undefined;
      const warnings: string[] = [];
      const made = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'On-Call: drafting the postmortem…', cancellable: true }, async (_p, token) => {
        const ctrl = new AbortController();
        token.onCancellationRequested(() => ctrl.abort());
        return createPostmortem({
          root,
          events: incident.events,
          incidentId: incident.id,
          labels: incident.labels,
          author: await resolveAuthor(config.get<string>('author', ''), root),
          title: incident.title,
          prometheus,
          folderName: config.get<string>('postmortems.folder', DEFAULT_POSTMORTEM_FOLDER) || DEFAULT_POSTMORTEM_FOLDER,
          git: useGit,
          signal: ctrl.signal,
          warn: (m) => {
            warnings.push(m);
            log.warn('postmortem', m);
          },
        });
      });
      await vscode.window.showTextDocument(vscode.Uri.file(made.file), { preview: false });
      if (useGit) await refreshGitExtension(root);
      const todos = (made.draft.markdown.match(/TODO:/g) ?? []).length;
      const tail = `${todos ? ` ${todos} TODO${todos === 1 ? '' : 's'} left for you.` : ''}${warnings.length ? ` ${warnings.length} warning(s) in the log.` : ''}`;
      if (made.commitError !== undefined) {
        void vscode.window.showWarningMessage(`Wrote ${made.relative} but did not commit it: ${describeError(made.commitError)}`);
      } else if (made.branch) {
        void vscode.window.showInformationMessage(`Postmortem ${made.relative} committed on the new branch ${made.branch}.${tail}`);
      } else {
        void vscode.window.showInformationMessage(`Postmortem written to ${made.relative}.${tail}`);
      }
      log.info('postmortem', `${made.relative} (${made.branch ?? 'no branch'}) for ${incident.id}`);
    }),
  ];
}
