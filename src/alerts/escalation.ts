/**
 * Escalation from the incident practice: who is involved grows with the time an alert has been firing.
 * Safety incidents (guardrail or safety alerts) start at level 2.
 */
import type { Alert } from './model';
import { formatAge } from './format';

export interface EscalationLevel {
  level: 1 | 2 | 3 | 4;
  /** Minutes since the start at which the level begins and ends (Infinity for the last). */
  fromMinutes: number;
  toMinutes: number;
  who: string;
}

export const ESCALATION_LEVELS: readonly EscalationLevel[] = [
  { level: 1, fromMinutes: 0, toMinutes: 15, who: 'On-call AI platform engineer' },
  { level: 2, fromMinutes: 15, toMinutes: 30, who: 'AI platform team lead + affected product owner' },
  { level: 3, fromMinutes: 30, toMinutes: 60, who: 'Engineering director + security (if safety incident)' },
  { level: 4, fromMinutes: 60, toMinutes: Infinity, who: 'VP Engineering + legal (if compliance/data incident)' },
];

export interface Escalation extends EscalationLevel {
  /** True when the alert is a safety incident (it starts at level 2). */
  safety: boolean;
}

export function isSafetyAlert(alert: Pick<Alert, 'labels'>): boolean {
  const name = alert.labels.alertname ?? '';
  return /guardrail|safety/i.test(name) || (alert.labels.category ?? '').toLowerCase() === 'safety';
}

/** Milliseconds the alert has been going (until its end when resolved); null when its start time is unknown. */
export function alertAgeMs(alert: Pick<Alert, 'startsAt' | 'endsAt'>, nowMs: number): number | null {
  const start = Date.parse(alert.startsAt);
  if (!Number.isFinite(start)) return null;
  const end = alert.endsAt !== null ? Date.parse(alert.endsAt) : nowMs;
  return Math.max(0, (Number.isFinite(end) ? end : nowMs) - start);
}

export function escalationOf(alert: Pick<Alert, 'labels' | 'startsAt' | 'endsAt'>, nowMs: number): Escalation {
  const minutes = (alertAgeMs(alert, nowMs) ?? 0) / 60_000;
  const safety = isSafetyAlert(alert);
  let found = ESCALATION_LEVELS.find((l) => minutes < l.toMinutes) ?? ESCALATION_LEVELS[3];
  if (safety && found.level < 2) found = ESCALATION_LEVELS[1];
  return { ...found, safety };
}

export interface ResponseStatus {
  /** null when the start time is unknown. */
  ageMs: number | null;
  /** The response time the severity demands; null without a known severity. */
  responseMs: number | null;
  /** A firing alert older than its severity's response time. */
  overdue: boolean;
  /** For example "firing 7m — past its 5 min response time". */
  text: string;
}

export function responseStatus(alert: Pick<Alert, 'labels' | 'startsAt' | 'endsAt' | 'state' | 'severity'>, nowMs: number): ResponseStatus {
  const ageMs = alertAgeMs(alert, nowMs);
  const responseMs = alert.severity ? alert.severity.responseMinutes * 60_000 : null;
  const resolved = alert.endsAt !== null;
  const what = resolved ? 'resolved after' : alert.state;
  const age = ageMs === null ? '(start time unknown)' : formatAge(ageMs);
  const overdue = !resolved && alert.state === 'firing' && ageMs !== null && responseMs !== null && ageMs > responseMs;
  let text = `${what} ${age}`;
  if (overdue) text += ` — past its ${alert.severity!.responseText} response time`;
  else if (!resolved && alert.state === 'firing' && responseMs !== null && ageMs !== null) {
    text += ` — within its ${alert.severity!.responseText} response time`;
  }
  return { ageMs, responseMs, overdue, text };
}
