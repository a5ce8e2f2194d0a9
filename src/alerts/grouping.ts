/**
 * Order and grouping of alerts for the panel and the CLI: severity first (SEV1 first, unknown last), then oldest first.
 */
import type { Alert, AlertGroup, Severity } from './model';
import { compareSeverity } from './severity';

export type GroupBy = 'alertname' | 'severity' | 'alertmanager-groups' | 'none' | { label: string };

export interface AlertBucket {
  key: string;
  label: string;
  alerts: Alert[];
}

/** A sorted copy: SEV1 first, unknown severity last, then oldest first, then by name and fingerprint. */
export function sortAlerts(alerts: readonly Alert[], nowMs: number): Alert[] {
  const keyed = alerts.map((a) => {
    const t = Date.parse(a.startsAt);
    return { a, t: Number.isFinite(t) ? t : nowMs };
  });
  keyed.sort(
    (x, y) =>
      compareSeverity(x.a.severity, y.a.severity) ||
      x.t - y.t ||
      (x.a.labels.alertname ?? '').localeCompare(y.a.labels.alertname ?? '') ||
      (x.a.fingerprint < y.a.fingerprint ? -1 : x.a.fingerprint > y.a.fingerprint ? 1 : 0),
  );
  return keyed.map((k) => k.a);
}

function bucketOf(a: Alert, by: GroupBy): { key: string; label: string } {
  if (by === 'none') return { key: '', label: 'All alerts' };
  if (by === 'alertname') {
    const n = a.labels.alertname;
    return n === undefined ? { key: '\0none', label: '(no alertname)' } : { key: n, label: n };
  }
  if (by === 'severity') return a.severity ? { key: a.severity.level, label: a.severity.level } : { key: '\0none', label: 'no severity' };
  if (by === 'alertmanager-groups') {
    const r = a.receivers.join(', ');
    return { key: `receiver:${r}`, label: r ? `receiver ${r}` : 'no receiver' };
  }
  const v = Object.hasOwn(a.labels, by.label) ? a.labels[by.label] : undefined;
  return v === undefined ? { key: '\0none', label: `no ${by.label}` } : { key: v, label: `${by.label}=${v}` };
}

function worst(alerts: readonly Alert[]): Severity | undefined {
  let w: Severity | undefined;
  for (const a of alerts) if (compareSeverity(a.severity, w) < 0) w = a.severity;
  return w;
}

function sortBuckets(buckets: AlertBucket[]): AlertBucket[] {
  const keyed = buckets.map((b) => ({ b, w: worst(b.alerts) }));
  keyed.sort((x, y) => compareSeverity(x.w, y.w) || y.b.alerts.length - x.b.alerts.length || x.b.label.localeCompare(y.b.label));
  return keyed.map((k) => k.b);
}

/**
 * Groups alerts (kept in the order given: sort them first). Groups come worst severity first, then largest first.
 * 'alertmanager-groups' uses Alertmanager's own groups when given (fetchGroups), else groups by receiver.
 */
export function groupAlerts(alerts: readonly Alert[], by: GroupBy, amGroups?: readonly AlertGroup[]): AlertBucket[] {
  if (by === 'alertmanager-groups' && amGroups) {
    const order = new Map(alerts.map((a, i) => [a.fingerprint, i]));
    const byFp = new Map(alerts.map((a) => [a.fingerprint, a]));
    const buckets = amGroups.map((g) => {
      const labelText = Object.entries(g.labels).map(([k, v]) => `${k}=${v}`).join(', ');
      const list = g.alerts.map((a) => byFp.get(a.fingerprint)).filter((a): a is Alert => a !== undefined);
      list.sort((x, y) => (order.get(x.fingerprint) ?? 0) - (order.get(y.fingerprint) ?? 0));
      return { key: `${g.receiver}:${g.key}`, label: `${g.receiver}${labelText ? ` {${labelText}}` : ''}`, alerts: list };
    });
    return sortBuckets(buckets.filter((b) => b.alerts.length > 0));
  }
  const map = new Map<string, AlertBucket>();
  for (const a of alerts) {
    const { key, label } = bucketOf(a, by);
    let b = map.get(key);
    if (!b) map.set(key, (b = { key, label, alerts: [] }));
    b.alerts.push(a);
  }
  return sortBuckets([...map.values()]);
}

/** fingerprint -> alertname (or the fingerprint when the alert has no name), for "inhibited by NodeDown". */
export function nameOfFingerprint(alerts: readonly Alert[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of alerts) m.set(a.fingerprint, a.labels.alertname ?? a.fingerprint);
  return m;
}

/** How many alerts are in each state (firing, pending, silenced, inhibited, or raw text). */
export function stateCounts(alerts: readonly Alert[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of alerts) counts[a.state] = (counts[a.state] ?? 0) + 1;
  return counts;
}
