import * as vscode from 'vscode';
import type { Alert } from '../../alerts/model';
import { escalationOf, responseStatus } from '../../alerts/escalation';
import { formatEnd, stateLabel } from '../../alerts/format';
import { nameOfFingerprint } from '../../alerts/grouping';
import { ackFor } from '../../alerts/acks';
import type { AlertsModel } from './alertsModel';

export const DETAILS_SCHEME = 'oncall-alert';

/** Read-only documents describing one alert, addressed oncall-alert:/<fingerprint>.md */
export class AlertDetailsProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly model: AlertsModel) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const fp = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const a = this.model.snapshot.alerts.find((x) => x.fingerprint === fp);
    if (!a) return `# Alert ${fp}\n\nThis alert is no longer reported by any Alertmanager.\n`;
    return renderDetails(a, this.model);
  }
}

function renderDetails(a: Alert, model: AlertsModel): string {
  const now = Date.now();
  const status = responseStatus(a, now);
  const esc = escalationOf(a, now);
  const ack = ackFor(a, model.snapshot.silences);
  const lines = [
    `# ${a.labels.alertname ?? '(no alertname)'}`,
    '',
    a.annotations.summary ?? '',
    '',
    `- State: ${stateLabel(a, nameOfFingerprint(model.snapshot.alerts), model.snapshot.silences, now)}`,
    `- Severity: ${a.severity ? `${a.severity.level} (respond within ${a.severity.responseText})` : 'unknown'}`,
    `- Response: ${status.text}`,
    `- Escalation: level ${esc.level} — ${esc.who}`,
    `- Started: ${a.startsAt}`,
    `- Ends: ${formatEnd(a)}`,
    `- Acknowledged: ${ack ? `by ${ack.by} since ${ack.since}` : 'no'}`,
    `- Sources: ${a.sources.join(', ')}`,
    `- Fingerprint: ${a.fingerprint}`,
    '',
    '## Labels',
    '',
    ...Object.entries(a.labels).map(([k, v]) => `- ${k}: ${JSON.stringify(v)}`),
    '',
    '## Annotations',
    '',
    ...Object.entries(a.annotations).map(([k, v]) => `- ${k}: ${JSON.stringify(v)}`),
    '',
  ];
  return lines.join('\n');
}

export async function showAlertDetails(alert: Alert, _model: AlertsModel): Promise<void> {
  const uri = vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${alert.fingerprint}.md` });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
}
