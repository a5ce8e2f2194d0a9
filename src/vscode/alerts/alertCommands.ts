import * as vscode from 'vscode';
import type { Alert } from '../../alerts/model';
import { formatMatcher, matchersForAlert } from '../../alerts/matchers';
import { describeError, InputError } from '../../common/errors';
import { resolveAuthor } from '../common/author';
import { registerCommand } from '../common/commands';
import { Commands, Views } from '../common/ids';
import type { Log } from '../common/log';
import type { CredentialStore, ServerKind } from '../common/secrets';
import { AlertNode, GroupNode, SilenceNode } from './alertNodes';
import type { AlertsModel } from './alertsModel';
import { type AlertContext, resolveRunbook } from './runbookLinks';
import { acknowledge, silenceFlow, type SilenceResult } from './silenceFlow';
import { showAlertDetails } from './alertDetails';
import { RUNBOOK_VIEW_TYPE } from '../notebooks/runbookSerializer';
import type { IncidentRecorder } from '../incidents/incidentRecorder';
import { matchesAll } from '../../alerts/matchers';


function alertsOf(arg: unknown, model: AlertsModel): Alert[] {
  if (arg instanceof AlertNode) return [arg.alert];
  if (arg instanceof GroupNode) return arg.children.map((c) => c.alert);
  if (arg && typeof arg === 'object' && 'fingerprint' in arg) {
    const fp = (arg as { fingerprint: unknown }).fingerprint;
    const found = model.snapshot.alerts.find((a) => a.fingerprint === fp);
    if (found) return [found];
  }
  return [];
}

async function pickAlert(model: AlertsModel, title: string): Promise<Alert | undefined> {
  const items = model.visibleAlerts().map((a) => ({
    label: a.labels.alertname ?? a.fingerprint,
    description: `${a.severity?.level ?? ''} ${a.state}`,
    detail: Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(' '),
    alert: a,
  }));
  if (items.length === 0) throw new InputError('There are no alerts to choose from.');
  return (await vscode.window.showQuickPick(items, { title, matchOnDetail: true }))?.alert;
}

function report(result: SilenceResult | undefined, what: string): void {
  if (!result) return;
  if (result.failures.length === 0) {
    void vscode.window.showInformationMessage(`${what} on ${result.ids.map((i) => i.source).join(', ')} (${result.ids.map((i) => i.id).join(', ')}).`);
  } else {
    const failed = result.failures.map((f) => `${f.source}: ${f.message}`).join('; ');
    const done = result.ids.length ? ` Done on ${result.ids.map((i) => i.source).join(', ')}.` : '';
    void vscode.window.showErrorMessage(`${what} failed on ${failed}.${done}`);
  }
}

/**
 * Opens the alert's runbook: a runbook in the workspace or the shipped runbooks as a notebook bound to the alert, a
 * web page in the browser; a local file elsewhere or another kind of link is refused with the reason.
 */
export async function openRunbook(alert: Alert, model: AlertsModel, extensionUri: vscode.Uri, alertContext: AlertContext): Promise<void> {
  const url = alert.annotations.runbook_url;
  if (!url) throw new InputError(`${alert.labels.alertname ?? 'This alert'} has no runbook_url annotation.`);
  const target = await resolveRunbook(url, extensionUri, model.settings.runbookFolders);
  if (target.kind === 'editor') {
    alertContext.set(target.uri, alert);
    await vscode.commands.executeCommand('vscode.openWith', target.uri, RUNBOOK_VIEW_TYPE);
    return;
  }
  if (target.kind === 'external') {
    await vscode.env.openExternal(target.uri);
    return;
  }
  throw new InputError(target.message);
}

export function registerAlertCommands(deps: {
  model: AlertsModel;
  log: Log;
  credentials: CredentialStore;
  extensionUri: vscode.Uri;
  alertContext: AlertContext;
  recorder: IncidentRecorder;
}): vscode.Disposable[] {
  const { model, log, credentials, extensionUri, alertContext, recorder } = deps;
  /** The incident logs of the alerts a silence touches (one per incident). */
  const filesFor = (alerts: Alert[]) => [...new Set(alerts.map((a) => recorder.fileFor(a, a.labels.alertname ?? 'alert', new Date(a.startsAt))).filter((f): f is string => !!f))];
  const recordSilence = async (result: SilenceResult | undefined, target: Alert[], ack: boolean) => {
    if (!result) return;
    const time = new Date().toISOString();
    for (const file of filesFor(target)) {
      for (const { source, id } of result.ids) {
        await recorder.record(file, ack
          ? { type: 'acknowledged', time, who: result.silence.createdBy, alertname: target[0]?.labels.alertname, fingerprint: target[0]?.fingerprint, silenceId: id, comment: result.silence.comment }
          : { type: 'silence-created', time, who: result.silence.createdBy, id, source, matchers: result.silence.matchers, comment: result.silence.comment, endsAt: result.silence.endsAt });
      }
    }
  };
  const cwd = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const author = () => resolveAuthor(model.settings.author, cwd());

  return [
    registerCommand(log, Commands.refreshAlerts, () => model.refresh()),
    registerCommand(log, Commands.refreshSilences, () => model.refresh()),
    // Not `${Views.alerts}.focus`: that is this very command's id (VS Code's own view-focus command, which this one
    // replaces), so it would call itself. Opening the container shows and focuses the Alerts view.
    registerCommand(log, Commands.focusAlerts, () => vscode.commands.executeCommand(`workbench.view.extension.${Views.container}`)),
    registerCommand(log, Commands.showLog, () => log.show()),
    registerCommand(log, Commands.filterAlerts, async () => {
      const text = await vscode.window.showInputBox({
        title: 'Filter alerts',
        prompt: 'Alertmanager matchers, for example severity="sev1", model=~"gpt-4.*" (empty clears the filter)',
        value: model.filterExpression,
        validateInput: (v) => {
          try {
            model.validateFilter(v);
            return undefined;
          } catch (e) {
            return describeError(e);
          }
        },
      });
      if (text !== undefined) model.setFilter(text);
    }),
    registerCommand(log, Commands.clearFilter, () => model.setFilter('')),
    registerCommand(log, Commands.groupBy, async () => {
      const choice = await vscode.window.showQuickPick([
        { label: 'Alert name', value: 'alertname' },
        { label: 'Severity', value: 'severity' },
        { label: 'A label…', value: 'label' },
        { label: "Alertmanager's own groups", value: 'alertmanager-groups' },
        { label: 'No grouping', value: 'none' },
      ], { title: 'Group alerts by' });
      if (!choice) return;
      const config = vscode.workspace.getConfiguration('oncall');
      if (choice.value === 'label') {
        const label = await vscode.window.showInputBox({ title: 'Group by which label?', value: config.get<string>('alerts.groupByLabel') || 'model' });
        if (!label) return;
        await config.update('alerts.groupByLabel', label, vscode.ConfigurationTarget.Global);
      }
      await config.update('alerts.groupBy', choice.value, vscode.ConfigurationTarget.Global);
    }),
    registerCommand(log, Commands.silence, async (arg?: unknown) => {
      let target = alertsOf(arg, model);
      if (target.length === 0) {
        const a = await pickAlert(model, 'Silence which alert?');
        if (!a) return;
        target = [a];
      }
      const result = await silenceFlow(model, target, await author(), log);
      report(result, 'Silence created');
      await recordSilence(result, result ? model.snapshot.alerts.filter((a) => matchesAll(result.silence.matchers, a.labels)).concat(target).filter((a, i, all) => all.findIndex((b) => b.fingerprint === a.fingerprint) === i) : target, false);
    }),
    registerCommand(log, Commands.acknowledge, async (arg?: unknown) => {
      let target = alertsOf(arg, model);
      if (target.length === 0) {
        const a = await pickAlert(model, 'Acknowledge which alert?');
        if (!a) return;
        target = [a];
      }
      const who = await author();
      for (const a of target) {
        const result = await acknowledge(model, a, who, model.settings.ackDurationMinutes, log);
        report(result, `Acknowledged ${a.labels.alertname ?? ''} for ${model.settings.ackDurationMinutes} min`);
        await recordSilence(result, [a], true);
      }
    }),
    registerCommand(log, Commands.expireSilence, async (arg?: unknown) => {
      if (!(arg instanceof SilenceNode)) throw new InputError('Choose a silence in the Silences view to expire.');
      const s = arg.silence;
      const ok = await vscode.window.showWarningMessage(`Expire the silence ${s.matchers.map(formatMatcher).join(', ')} on ${s.source}?`, { modal: true, detail: `Created by ${s.createdBy}: ${s.comment}\nThe alerts it silences will notify again.` }, 'Expire');
      if (ok !== 'Expire') return;
      const client = model.clientFor(s.source);
      if (!client) throw new InputError(`${s.source} is no longer configured.`);
      await client.expireSilence(s.id);
      log.info('silence', `expired ${s.id} on ${s.source}`);
      const touched = model.snapshot.alerts.filter((a) => matchesAll(s.matchers, a.labels));
      for (const file of filesFor(touched)) await recorder.record(file, { type: 'silence-expired', time: new Date().toISOString(), who: await author(), id: s.id, source: s.source });
      void vscode.window.showInformationMessage(`Silence ${s.id} expired.`);
      await model.refresh();
    }),
    registerCommand(log, Commands.openRunbook, async (arg?: unknown) => {
      const alert = alertsOf(arg, model)[0] ?? (await pickAlert(model, 'Open the runbook of which alert?'));
      if (alert) await openRunbook(alert, model, extensionUri, alertContext);
    }),
    registerCommand(log, Commands.openInPrometheus, async (arg?: unknown) => {
      const alert = alertsOf(arg, model)[0];
      if (!alert?.generatorURL) throw new InputError('This alert has no generator URL.');
      await vscode.env.openExternal(vscode.Uri.parse(alert.generatorURL));
    }),
    registerCommand(log, Commands.copyLabels, async (arg?: unknown) => {
      const alert = alertsOf(arg, model)[0];
      if (!alert) return;
      await vscode.env.clipboard.writeText(`{${matchersForAlert(alert.labels).map(formatMatcher).join(', ')}}`);
      void vscode.window.setStatusBarMessage('On-Call: labels copied', 2000);
    }),
    registerCommand(log, Commands.showDetails, async (arg?: unknown) => {
      const alert = alertsOf(arg, model)[0];
      if (alert) await showAlertDetails(alert, model);
    }),
    registerCommand(log, Commands.setCredentials, async () => {
      const servers: { label: string; description?: string; serverKind: ServerKind; name: string }[] = model.settings.alertmanagers.map((s) => ({ label: s.name, description: s.url, serverKind: 'alertmanager' as const, name: s.name }));
      const prom = vscode.workspace.getConfiguration('oncall').get<string>('prometheus.url');
      if (prom) servers.push({ label: 'Prometheus', description: prom, serverKind: 'prometheus', name: 'default' });
      if (servers.length === 0) throw new InputError('Configure a server first (oncall.alertmanagers or oncall.prometheus.url).');
      const server = await vscode.window.showQuickPick(servers, { title: 'Set credentials for which server?' });
      if (!server) return;
      const kind = await vscode.window.showQuickPick([{ label: 'Bearer token', value: 'bearer' }, { label: 'Basic auth (user and password)', value: 'basic' }, { label: 'Remove stored credentials', value: 'clear' }], { title: `Credentials for ${server.label}` });
      if (!kind) return;
      if (kind.value === 'clear') {
        await credentials.clear(server.serverKind, server.name);
      } else if (kind.value === 'bearer') {
        const token = await vscode.window.showInputBox({ title: 'Bearer token', password: true, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Required') });
        if (!token) return;
        await credentials.set(server.serverKind, server.name, { kind: 'bearer', token: token.trim() });
      } else {
        const username = await vscode.window.showInputBox({ title: 'User name', ignoreFocusOut: true });
        if (!username) return;
        const password = await vscode.window.showInputBox({ title: 'Password', password: true, ignoreFocusOut: true });
        if (password === undefined) return;
        await credentials.set(server.serverKind, server.name, { kind: 'basic', username, password });
      }
      void vscode.window.showInformationMessage(`Credentials for ${server.label} ${kind.value === 'clear' ? 'removed' : 'stored in the OS secret storage'}.`);
    }),
  ];
}
