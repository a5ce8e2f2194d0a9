/**
 * Reads several Alertmanagers at once (an HA pair, or several clusters) and merges what they report.
 *
 * The same fingerprint from several peers is ONE alert listing all its sources. Merge rule for the state:
 * firing wins if any peer says firing (the alert is not suppressed everywhere, so someone must look), then silenced,
 * then inhibited, then any other text Alertmanager sent, and pending (unprocessed) last: an unprocessed alert on one
 * peer only means that peer has not evaluated it yet, so a processed verdict from another peer is better information.
 * silencedBy, inhibitedBy, receivers and sources are unions; startsAt is the earliest; endsAt is null if any peer
 * still holds the alert open, else the latest end; annotations come from the most recently updated copy.
 *
 * A source that fails (unreachable, error status, garbage) becomes {source, message} in `errors`; the others still show.
 */
import { HttpError, describeError } from '../common/errors';
import type { Alert, AlertGroup, AlertsResult, Silence, SourceError } from './model';
import type { AlertmanagerClient } from './alertmanagerClient';
import type { Parsed } from './alertmanagerParse';

const STATE_RANK: Record<string, number> = { firing: 5, silenced: 4, inhibited: 3, pending: 1 };
const rank = (state: string): number => STATE_RANK[state] ?? 2;

function union(into: string[], from: string[]): string[] {
  if (from.length === 0) return into;
  if (into.length === 0) return from.slice();
  const out = into.slice();
  for (const x of from) if (!out.includes(x)) out.push(x);
  return out;
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** Merges `b` (another peer's copy of the same alert) into `a`, which the caller owns. */
export function mergeAlert(a: Alert, b: Alert): void {
  if (rank(b.state) > rank(a.state)) {
    a.state = b.state;
    a.rawState = b.rawState;
  }
  a.silencedBy = union(a.silencedBy, b.silencedBy);
  a.inhibitedBy = union(a.inhibitedBy, b.inhibitedBy);
  a.receivers = union(a.receivers, b.receivers);
  a.sources = union(a.sources, b.sources);
  if (b.startsAt && (!a.startsAt || Date.parse(b.startsAt) < Date.parse(a.startsAt))) a.startsAt = b.startsAt;
  a.endsAt = a.endsAt === null || b.endsAt === null ? null : later(a.endsAt, b.endsAt);
  if (b.updatedAt !== null && later(a.updatedAt, b.updatedAt) === b.updatedAt && b.updatedAt !== a.updatedAt) {
    a.annotations = b.annotations;
    a.generatorURL = b.generatorURL ?? a.generatorURL;
  }
  a.updatedAt = later(a.updatedAt, b.updatedAt);
}

/** Adds alerts into a fingerprint map, merging duplicates. */
function mergeInto(map: Map<string, Alert>, alerts: Alert[]): void {
  for (const x of alerts) {
    const have = map.get(x.fingerprint);
    if (have) mergeAlert(have, x);
    else map.set(x.fingerprint, x);
  }
}

async function settle<T>(clients: readonly AlertmanagerClient[], read: (c: AlertmanagerClient) => Promise<Parsed<T>>, signal?: AbortSignal) {
  const results = await Promise.allSettled(clients.map(read));
  if (signal?.aborted) throw new HttpError('Request cancelled.', 'cancelled', '');
  const ok: Array<{ client: AlertmanagerClient; items: T[] }> = [];
  const errors: SourceError[] = [];
  const failed: string[] = [];
  results.forEach((r, i) => {
    const source = clients[i].name;
    if (r.status === 'rejected') {
      errors.push({ source, message: describeError(r.reason) });
      failed.push(source);
      return;
    }
    ok.push({ client: clients[i], items: r.value.items });
    const p = r.value.problems;
    if (p.length) {
      const more = p.length > 3 ? ` and ${p.length - 3} more` : '';
      errors.push({ source, message: `${p.length} entr${p.length === 1 ? 'y' : 'ies'} could not be read and are not shown: ${p.slice(0, 3).join('; ')}${more}.` });
    }
  });
  return { ok, errors, failed };
}

/** Names of the sources that gave nothing at all (a source with unreadable entries has an error but is not failed). */
export interface FailedSources {
  failed: string[];
}

/** All alerts of all sources, read in parallel and merged by fingerprint. */
export async function fetchAlerts(clients: readonly AlertmanagerClient[], signal?: AbortSignal): Promise<AlertsResult & FailedSources> {
  const { ok, errors, failed } = await settle(clients, (c) => c.readAlerts(signal), signal);
  if (ok.length === 1) return { alerts: ok[0].items, errors, failed };
  const map = new Map<string, Alert>();
  for (const r of ok) mergeInto(map, r.items);
  return { alerts: [...map.values()], errors, failed };
}

/** Silences of all sources; the same id from several peers (HA gossip) is listed once, from the first source. */
export async function fetchSilences(clients: readonly AlertmanagerClient[], signal?: AbortSignal): Promise<{ silences: Silence[]; errors: SourceError[] } & FailedSources> {
  const { ok, errors, failed } = await settle(clients, (c) => c.readSilences(signal), signal);
  const byId = new Map<string, Silence>();
  for (const r of ok) for (const s of r.items) if (!byId.has(s.id)) byId.set(s.id, s);
  return { silences: [...byId.values()], errors, failed };
}

/** Alertmanager's own groups of all sources; a group with the same receiver and labels is merged. */
export async function fetchGroups(clients: readonly AlertmanagerClient[], signal?: AbortSignal): Promise<{ groups: AlertGroup[]; errors: SourceError[] } & FailedSources> {
  const { ok, errors, failed } = await settle(clients, (c) => c.readAlertGroups(signal), signal);
  const groups = new Map<string, { group: AlertGroup; alerts: Map<string, Alert> }>();
  for (const r of ok) {
    for (const g of r.items) {
      let entry = groups.get(g.key);
      if (!entry) groups.set(g.key, (entry = { group: g, alerts: new Map() }));
      mergeInto(entry.alerts, g.alerts);
    }
  }
  return { groups: [...groups.values()].map((e) => ({ ...e.group, alerts: [...e.alerts.values()] })), errors, failed };
}
