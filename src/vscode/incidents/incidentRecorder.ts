import * as vscode from 'vscode';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import type { Alert } from '../../alerts/model';
import { appendEvent, DEFAULT_INCIDENT_FOLDER, incidentId, incidentIdForAlert, incidentLogPath } from '../../incidents/incidentLog';
import type { IncidentEvent } from '../../incidents/events';
import { eventsFromAlert } from '../../incidents/fromAlertmanager';
import { describeError } from '../../common/errors';
import type { Log } from '../common/log';

/**
 * Writes incident events to the workspace's incident log (one JSON-lines file per incident). The log of an alert
 * opens with the alert-fired event, so a postmortem written after Alertmanager forgot the alert still knows it.
 * A write failure is logged and shown once; it never breaks the action that caused it.
 */
export class IncidentRecorder {
  private warned = false;
  /** The alert-fired event that opens a new log of an alert: Alertmanager forgets the alert once it resolves. */
  private readonly opening = new Map<string, IncidentEvent[]>();

  constructor(private readonly log: Log, private readonly secrets: () => string[]) {}

  folder(): string | undefined {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!root || root.scheme !== 'file') return undefined;
    const configured = vscode.workspace.getConfiguration('oncall').get<string>('incidents.folder', DEFAULT_INCIDENT_FOLDER) || DEFAULT_INCIDENT_FOLDER;
    return path.resolve(root.fsPath, configured);
  }

  /** The log file of the incident an alert belongs to, or of an ad-hoc runbook session. */
  fileFor(alert: Alert | undefined, fallbackTitle: string, startedAt: Date): string | undefined {
    const folder = this.folder();
    if (!folder) return undefined;
    const id = alert ? incidentIdForAlert(alert) : incidentId({ startsAt: startedAt, title: fallbackTitle });
    const file = incidentLogPath(folder, id);
    if (alert && !this.opening.has(file)) this.opening.set(file, eventsFromAlert(alert).filter((e) => e.type === 'alert-fired'));
    return file;
  }

  async record(file: string | undefined, event: IncidentEvent): Promise<void> {
    if (!file) return;
    try {
      const opening = this.opening.get(file);
      if (opening && !existsSync(file)) for (const e of opening) await appendEvent(file, e, { secrets: this.secrets() });
      this.opening.delete(file);
      await appendEvent(file, event, { secrets: this.secrets() });
    } catch (e) {
      this.log.error('incident', `could not write to ${file}: ${describeError(e)}`);
      if (!this.warned) {
        this.warned = true;
        void vscode.window.showWarningMessage(`On-Call could not write the incident log (${describeError(e)}). The action itself went through.`);
      }
    }
  }
}
