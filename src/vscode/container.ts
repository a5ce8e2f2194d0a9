import * as vscode from 'vscode';
import { Commands, ContextKeys, Views } from './common/ids';
import { Log } from './common/log';
import { CredentialStore } from './common/secrets';
import { onConfigChanged } from './common/config';
import { AlertsModel } from './alerts/alertsModel';
import { AlertsTreeProvider } from './alerts/alertsTreeProvider';
import { SilencesTreeProvider } from './alerts/silencesTreeProvider';
import { AlertsStatusBar } from './alerts/alertsStatusBar';
import { AlertNotifier } from './alerts/alertNotifier';
import { registerAlertCommands } from './alerts/alertCommands';
import { AlertContext } from './alerts/runbookLinks';
import { AlertDetailsProvider, DETAILS_SCHEME } from './alerts/alertDetails';
import { RUNBOOK_VIEW_TYPE, RunbookSerializer } from './notebooks/runbookSerializer';
import { RunbookSessions } from './notebooks/runbookSession';
import { RunbookController } from './notebooks/runbookController';
import { RunbookParametersUi } from './notebooks/runbookParametersUi';
import { RunbookAlertActions } from './notebooks/runbookAlertActions';
import { registerOpenAsRunbook } from './notebooks/openAsRunbook';
import { RunbookDiagnostics } from './notebooks/runbookDiagnostics';
import { UntrustedRunbooks } from './notebooks/untrustedRunbooks';
import { PromqlExecutor } from './notebooks/executors/promqlExecutor';
import { HttpExecutor } from './notebooks/executors/httpExecutor';
import { ShExecutor } from './notebooks/executors/shExecutor';
import { IncidentRecorder } from './incidents/incidentRecorder';
import { KubeSessionState } from './kubernetes/kubeSessionState';
import { KubectlExecutor } from './kubernetes/kubectlExecutor';
import { KubernetesUi } from './kubernetes/kubernetesUi';
import { registerPostmortemCommands } from './postmortem/postmortemCommands';
import { registerPromptCommands } from './postmortem/promptCommands';

/**
 * Builds every service of the extension once and owns their lifetimes: disposed in reverse order of creation.
 */
export class Container implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  readonly log: Log;
  readonly credentials: CredentialStore;
  readonly alerts: AlertsModel;
  readonly alertsTree: AlertsTreeProvider;
  readonly alertsView: vscode.TreeView<unknown>;
  readonly alertContext: AlertContext;
  readonly runbooks: RunbookSessions;
  readonly recorder: IncidentRecorder;

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = this.own(new Log());
    this.credentials = this.own(new CredentialStore(context.secrets, this.log));
    this.alerts = this.own(new AlertsModel(this.credentials, this.log));
    this.alertsTree = this.own(new AlertsTreeProvider(this.alerts));
    this.alertContext = this.own(new AlertContext());
    this.recorder = new IncidentRecorder(this.log, () => this.log.knownSecrets());
    const alertsView = (this.alertsView = this.own(vscode.window.createTreeView(Views.alerts, { treeDataProvider: this.alertsTree, showCollapseAll: true })) as vscode.TreeView<unknown>);
    const silences = this.own(new SilencesTreeProvider(this.alerts));
    this.own(vscode.window.createTreeView(Views.silences, { treeDataProvider: silences }));
    this.own(new AlertsStatusBar(this.alerts));
    this.own(new AlertNotifier(this.alerts, context.globalState));
    this.own(vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, new AlertDetailsProvider(this.alerts)));
    for (const d of registerAlertCommands({ model: this.alerts, log: this.log, credentials: this.credentials, extensionUri: context.extensionUri, alertContext: this.alertContext, recorder: this.recorder })) this.own(d);

    // Runbook notebooks.
    this.own(vscode.workspace.registerNotebookSerializer(RUNBOOK_VIEW_TYPE, new RunbookSerializer(), { transientOutputs: true }));
    this.own(new UntrustedRunbooks(this.log));
    this.runbooks = this.own(new RunbookSessions((uri) => this.alertContext.get(uri)));
    this.own(this.alertContext.onDidSet(({ uri, alert }) => {
      const nb = vscode.workspace.notebookDocuments.find((d) => d.uri.toString() === uri.toString());
      if (nb) this.runbooks.bindAlert(nb, alert);
    }));
    const kube = this.own(new KubeSessionState(context.workspaceState));
    const kubectl = new KubectlExecutor(kube, this.recorder);
    this.own(new KubernetesUi(kube, kubectl, this.recorder, this.log));
    this.own(new RunbookController(this.runbooks, this.recorder, this.log, [new PromqlExecutor(this.credentials), kubectl, new HttpExecutor(), new ShExecutor()]));
    this.own(new RunbookParametersUi(this.runbooks, this.log));
    this.own(new RunbookAlertActions(this.runbooks, this.alerts, this.log));
    for (const d of registerOpenAsRunbook(this.log)) this.own(d);
    this.own(new RunbookDiagnostics(this.credentials, this.log));

    // Postmortems and prompt changes.
    for (const d of registerPostmortemCommands({ model: this.alerts, recorder: this.recorder, credentials: this.credentials, log: this.log })) this.own(d);
    for (const d of registerPromptCommands({ model: this.alerts, recorder: this.recorder, log: this.log })) this.own(d);

    const updateBadge = () => {
      const n = this.alertsTree.firingCount();
      alertsView.badge = n > 0 ? { value: n, tooltip: `${n} firing alert${n === 1 ? '' : 's'}` } : undefined;
      alertsView.message = this.alerts.snapshot.errors.length
        ? `${this.alerts.snapshot.errors.length} Alertmanager(s) unreachable: their alerts are not shown.`
        : undefined;
      void vscode.commands.executeCommand('setContext', ContextKeys.alertsFiltered, this.alerts.filterExpression !== '');
    };
    this.own(this.alerts.onDidChange(updateBadge));
    this.own(this.alerts.onDidChangeLoading((busy) => void vscode.commands.executeCommand('setContext', ContextKeys.alertsLoading, busy)));
    this.own(onConfigChanged(() => void this.alerts.reconfigure()));
    this.own(this.credentials.onDidChange(() => void this.alerts.reconfigure()));
    void this.alerts.reconfigure();
    this.log.info('activate', `On-Call ${context.extension.packageJSON.version as string} active; commands under "${Commands.refreshAlerts.split('.')[0]}.*"`);
  }

  private own<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) {
      try {
        d.dispose();
      } catch {
        /* keep disposing the rest */
      }
    }
    this.disposables.length = 0;
  }
}
