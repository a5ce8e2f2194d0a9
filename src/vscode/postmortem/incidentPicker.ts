import * as vscode from 'vscode';
import { basename } from 'node:path';
import { existsSync } from 'node:fs';
import type { Alert } from '../../alerts/model';
import { eventsFromAlert } from '../../incidents/fromAlertmanager';
import { incidentIdForAlert, INCIDENT_LOG_EXTENSION, listIncidentLogs, readIncidentLog } from '../../incidents/incidentLog';
import type { IncidentEvent } from '../../incidents/events';
import { mergeEvents } from '../../incidents/mergeEvents';
import { impactScopeLabels } from '../../postmortem/impact';
import { InputError } from '../../common/errors';
import type { AlertsModel } from '../alerts/alertsModel';
import { AlertNode, GroupNode } from '../alerts/alertNodes';
import type { IncidentRecorder } from '../incidents/incidentRecorder';
import type { Log } from '../common/log';

/** An incident as the postmortem and prompt commands see it. */
export interface PickedIncident {
  id: string;
  title: string;
  alert: Alert | undefined;
  events: IncidentEvent[];
  /** Labels that scope impact queries. */
  labels: Record<string, string>;
  /** The incident's log file, when the workspace has one. */
  logFile: string | undefined;
  /** When it started (ms), for windows. */
  startMs: number | undefined;
}

async function eventsOfLog(file: string | undefined, log: Log): Promise<IncidentEvent[]> {
  if (!file || !existsSync(file)) return [];
  const read = await readIncidentLog(file);
  for (const w of read.warnings) log.warn('incident', `${basename(file)} line ${w.line}: ${w.message}`);
  return read.events;
}

/** The incident of an alert: its log (if any) merged with what Alertmanager reports now. */
export async function incidentOfAlert(alert: Alert, model: AlertsModel, recorder: IncidentRecorder, log: Log): Promise<PickedIncident> {
  const file = recorder.fileFor(alert, alert.labels.alertname ?? 'alert', new Date(alert.startsAt));
  const events = mergeEvents(await eventsOfLog(file, log), eventsFromAlert(alert, model.snapshot.silences));
  return {
    id: incidentIdForAlert(alert),
    title: `${alert.labels.alertname ?? 'Alert'}${alert.annotations.summary ? `: ${alert.annotations.summary}` : ''}`,
    alert,
    events,
    labels: impactScopeLabels(alert.labels),
    logFile: file,
    startMs: Date.parse(alert.startsAt),
  };
}

/** An alert handed over by another command (a runbook's toolbar passes the alert it was opened from). */
function isAlert(arg: unknown): arg is Alert {
  if (!arg || typeof arg !== 'object') return false;
  const a = arg as Partial<Alert>;
  return typeof a.fingerprint === 'string' && typeof a.startsAt === 'string' && !!a.labels && typeof a.labels === 'object' && !!a.annotations && typeof a.annotations === 'object';
}

/** The alert an item of the panel (or a runbook opened from it) stands for, or the engineer's pick among current alerts and recent incident logs. */
export async function pickIncident(arg: unknown, model: AlertsModel, recorder: IncidentRecorder, log: Log, title: string): Promise<PickedIncident | undefined> {
  if (arg instanceof AlertNode) return incidentOfAlert(arg.alert, model, recorder, log);
  if (isAlert(arg)) return incidentOfAlert(model.snapshot.alerts.find((a) => a.fingerprint === arg.fingerprint) ?? arg, model, recorder, log);
  if (arg instanceof GroupNode && arg.children[0]) return incidentOfAlert(arg.children[0].alert, model, recorder, log);
  type Item = vscode.QuickPickItem & { alert?: Alert; file?: string };
  const items: Item[] = [];
  const alerts = model.snapshot.alerts.filter((a) => a.state !== 'inhibited');
  if (alerts.length) items.push({ label: 'Current alerts', kind: vscode.QuickPickItemKind.Separator });
  for (const a of alerts) {
    items.push({ label: `$(flame) ${a.labels.alertname ?? a.fingerprint}`, description: `${a.severity?.level ?? ''} ${a.state} since ${a.startsAt.slice(0, 16).replace('T', ' ')} UTC`, detail: a.annotations.summary, alert: a });
  }
  const folder = recorder.folder();
  const logs = folder ? await listIncidentLogs(folder).catch(() => []) : [];
  const known = new Set(alerts.map((a) => incidentIdForAlert(a)));
  const past = logs.filter((l) => !known.has(basename(l.file, INCIDENT_LOG_EXTENSION))).slice(0, 30);
  if (past.length) items.push({ label: 'Incident logs', kind: vscode.QuickPickItemKind.Separator });
  for (const l of past) items.push({ label: `$(history) ${basename(l.file, INCIDENT_LOG_EXTENSION)}`, file: l.file });
  if (items.length === 0) throw new InputError('There is no current alert and no incident log in this workspace to write about.');
  const pick = await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true });
  if (!pick) return undefined;
  if (pick.alert) return incidentOfAlert(pick.alert, model, recorder, log);
  const events = await eventsOfLog(pick.file, log);
  if (events.length === 0) throw new InputError(`${pick.file} has no readable events.`);
  const fired = events.find((e) => e.type === 'alert-fired');
  const id = basename(pick.file ?? '', INCIDENT_LOG_EXTENSION);
  return {
    id,
    title: fired?.type === 'alert-fired' ? `${fired.alertname}${fired.summary ? `: ${fired.summary}` : ''}` : id,
    alert: undefined,
    events,
    labels: fired?.type === 'alert-fired' ? impactScopeLabels(fired.labels) : {},
    logFile: pick.file,
    startMs: fired ? Date.parse(fired.time) : Date.parse(events[0].time),
  };
}
