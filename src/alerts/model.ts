/**
 * The alert model shared by the Alertmanager client, the CLI and the VS Code panel.
 * Pure data: no I/O, no vscode.
 */

/** The states an engineer sees. Anything Alertmanager reports that we do not know stays its raw text. */
export type KnownAlertState = 'firing' | 'pending' | 'silenced' | 'inhibited';
export type AlertState = KnownAlertState | (string & { readonly __raw?: never });

export type SeverityLevel = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

export interface Severity {
  level: SeverityLevel;
  /** Response time the level demands, in minutes (SEV4: next business day, counted as 24 h). */
  responseMinutes: number;
  /** Human text of the response time, for example "5 min" or "next business day". */
  responseText: string;
}

/** One configured Alertmanager. Credentials are not here: they live in SecretStorage. */
export interface AlertmanagerSource {
  name: string;
  url: string;
  caFile?: string;
  insecureSkipVerify?: boolean;
}

export interface Alert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: AlertState;
  /** Alertmanager's own status.state (active, suppressed, unprocessed, or anything else). */
  rawState: string;
  /** undefined when the alert carries no severity label that the mapping knows. */
  severity: Severity | undefined;
  /** ISO time the alert started. */
  startsAt: string;
  /** ISO end time of a resolved alert; null while the alert is firing (endsAt is then only a lease). */
  endsAt: string | null;
  updatedAt: string | null;
  generatorURL: string | null;
  silencedBy: string[];
  /** Fingerprints of the alerts that inhibit this one. */
  inhibitedBy: string[];
  receivers: string[];
  /** Names of the Alertmanagers that reported this alert (several for an HA pair). */
  sources: string[];
}

export interface SourceError {
  source: string;
  message: string;
}

export interface AlertsResult {
  alerts: Alert[];
  errors: SourceError[];
}

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** true for = and =~, false for != and !~. Alertmanager treats an absent isEqual as true. */
  isEqual: boolean;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  /** active, pending or expired (raw text kept when unknown). */
  state: string;
  updatedAt: string | null;
  /** The Alertmanager that holds the silence. */
  source: string;
}

export interface NewSilence {
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** An alert group as Alertmanager's /api/v2/alerts/groups reports it, merged across sources. */
export interface AlertGroup {
  key: string;
  labels: Record<string, string>;
  receiver: string;
  alerts: Alert[];
}

/** Marker put in a silence's comment to make it an acknowledgement. */
export const ACK_MARKER = '[oncall:ack]';
