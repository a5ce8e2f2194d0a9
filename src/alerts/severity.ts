/**
 * Severities from the incident practice: a label value (the `severity` label, lowercased) maps to SEV1–SEV4,
 * and each level demands a response time and a way of notifying people.
 */
import type { Severity, SeverityLevel } from './model';

/** Lowercased label value -> level. */
export type SeverityMapping = Record<string, SeverityLevel>;

export const DEFAULT_SEVERITY_MAPPING: SeverityMapping = {
  sev1: 'SEV1', critical: 'SEV1', page: 'SEV1', p1: 'SEV1',
  sev2: 'SEV2', high: 'SEV2', major: 'SEV2', error: 'SEV2', p2: 'SEV2',
  sev3: 'SEV3', warning: 'SEV3', medium: 'SEV3', minor: 'SEV3', p3: 'SEV3',
  sev4: 'SEV4', info: 'SEV4', low: 'SEV4', none: 'SEV4', p4: 'SEV4',
};

export interface SeverityInfo extends Severity {
  criteria: string;
  notification: string;
}

/** The severity table of the incident practice. SEV4's "next business day" counts as 24 h. */
export const SEVERITY_TABLE: Readonly<Record<SeverityLevel, SeverityInfo>> = {
  SEV1: { level: 'SEV1', criteria: 'User-facing outage, compliance risk, data leak', responseMinutes: 5, responseText: '5 min', notification: 'Page on-call + incident commander' },
  SEV2: { level: 'SEV2', criteria: 'Major degradation in key flows', responseMinutes: 15, responseText: '15 min', notification: 'Page on-call' },
  SEV3: { level: 'SEV3', criteria: 'Limited impact or internal-only issue', responseMinutes: 60, responseText: '1 hour', notification: 'Slack alert' },
  SEV4: { level: 'SEV4', criteria: 'Cosmetic or low-priority regression', responseMinutes: 24 * 60, responseText: 'next business day', notification: 'Ticket' },
};

const RANK: Record<SeverityLevel, number> = { SEV1: 1, SEV2: 2, SEV3: 3, SEV4: 4 };

/** The severity of an alert from its `severity` label, or undefined when the label is absent or unknown. */
export function severityOf(labels: Record<string, string>, mapping: SeverityMapping = DEFAULT_SEVERITY_MAPPING): Severity | undefined {
  const raw = labels.severity;
  if (typeof raw !== 'string' || !Object.hasOwn(labels, 'severity')) return undefined;
  const key = raw.trim().toLowerCase();
  if (!Object.hasOwn(mapping, key)) return undefined;
  return SEVERITY_TABLE[mapping[key]];
}

/** Orders SEV1 first and an unknown severity last (for Array.sort). */
export function compareSeverity(a: Severity | undefined, b: Severity | undefined): number {
  return (a ? RANK[a.level] : 5) - (b ? RANK[b.level] : 5);
}
