import * as vscode from 'vscode';
import type { AlertmanagerSource, SeverityLevel } from '../../alerts/model';
import type { GroupBy } from '../../alerts/grouping';

export type NotificationKind = 'error' | 'warning' | 'information' | 'none';

/** Typed access to the `oncall.*` settings. The only place that reads configuration. */
export interface OnCallConfig {
  alertmanagers: AlertmanagerSource[];
  refreshIntervalSeconds: number;
  requestTimeoutSeconds: number;
  groupBy: GroupBy;
  severityMapping: Record<string, SeverityLevel>;
  notifications: Record<SeverityLevel, NotificationKind>;
  author: string;
  ackDurationMinutes: number;
  runbookFolders: string[];
}

const LEVELS: SeverityLevel[] = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];

export function readConfig(): OnCallConfig {
  const c = vscode.workspace.getConfiguration('oncall');
  const rawSources = c.get<unknown[]>('alertmanagers', []);
  const alertmanagers: AlertmanagerSource[] = [];
  for (const [i, s] of (Array.isArray(rawSources) ? rawSources : []).entries()) {
    if (!s || typeof s !== 'object') continue;
    const o = s as Record<string, unknown>;
    if (typeof o.url !== 'string' || !o.url) continue;
    alertmanagers.push({
      name: typeof o.name === 'string' && o.name ? o.name : `alertmanager-${i + 1}`,
      url: o.url,
      caFile: typeof o.caFile === 'string' && o.caFile ? o.caFile : undefined,
      insecureSkipVerify: o.insecureSkipVerify === true,
    });
  }
  const groupSetting = c.get<string>('alerts.groupBy', 'severity');
  const groupLabel = c.get<string>('alerts.groupByLabel', '');
  const groupBy: GroupBy =
    groupSetting === 'label' && groupLabel ? { label: groupLabel }
    : groupSetting === 'severity' || groupSetting === 'none' || groupSetting === 'alertmanager-groups' ? groupSetting
    : 'alertname';
  const mappingRaw = c.get<Record<string, string>>('severityMapping', {});
  const severityMapping: Record<string, SeverityLevel> = {};
  for (const [k, v] of Object.entries(mappingRaw ?? {})) {
    const level = String(v).toUpperCase() as SeverityLevel;
    if (LEVELS.includes(level)) severityMapping[k.toLowerCase()] = level;
  }
  const notifRaw = c.get<Record<string, string>>('notifications', {});
  const defaults: Record<SeverityLevel, NotificationKind> = { SEV1: 'error', SEV2: 'warning', SEV3: 'information', SEV4: 'none' };
  const notifications = { ...defaults };
  for (const level of LEVELS) {
    const v = notifRaw?.[level];
    if (v === 'error' || v === 'warning' || v === 'information' || v === 'none') notifications[level] = v;
  }
  return {
    alertmanagers,
    refreshIntervalSeconds: Math.max(0, c.get<number>('alerts.refreshIntervalSeconds', 15)),
    requestTimeoutSeconds: Math.max(1, c.get<number>('requestTimeoutSeconds', 10)),
    groupBy,
    severityMapping,
    notifications,
    author: c.get<string>('author', ''),
    ackDurationMinutes: Math.max(1, c.get<number>('alerts.ackDurationMinutes', 30)),
    runbookFolders: c.get<string[]>('runbooks.folders', ['runbooks']),
  };
}

/** Fires when any oncall.* setting changes. */
export function onConfigChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('oncall')) listener();
  });
}
