/**
 * Defensive reading of Alertmanager API v2 JSON. Every field is checked: a wrong or missing field keeps the rest of
 * the entry (an alert is still shown with what is valid); an entry that cannot be read at all is skipped and named
 * in `problems`. Go's zero time is read as absent. A firing alert's endsAt is only a lease, so it becomes null; an
 * alert is resolved only when its endsAt is in the past.
 */
import type { Alert, AlertGroup, AlertState, Silence } from './model';
import { fromApiMatcher } from './matchers';
import { isZeroTime } from './format';
import { severityOf, type SeverityMapping } from './severity';

export interface Parsed<T> {
  items: T[];
  /** One line per entry that could not be read. */
  problems: string[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string map; the object itself when every value is a string (the common case: no copy). */
function stringMap(v: unknown): Record<string, string> {
  if (!isObj(v)) return {};
  for (const k in v) {
    if (typeof v[k] !== 'string') {
      const out: Record<string, string> = {};
      for (const [kk, vv] of Object.entries(v)) if (typeof vv === 'string') out[kk] = vv;
      return out;
    }
  }
  return v as Record<string, string>;
}

function stringList(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  for (const x of v) if (typeof x !== 'string') return v.filter((y): y is string => typeof y === 'string');
  return v as string[];
}

/** A time string, or null for an absent one or Go's zero time. Cheap first test: most times start with a year 1xxx–9xxx. */
function time(v: unknown): string | null {
  if (typeof v !== 'string' || v.length < 10) return null;
  const c = v.charCodeAt(0);
  if (c >= 49 && c <= 57 && v.charCodeAt(4) === 45) return v;
  return isZeroTime(v) ? null : v;
}

/** Alertmanager's status.state and its silencedBy/inhibitedBy, as the state an engineer sees. */
export function mapState(rawState: string, silencedBy: string[], inhibitedBy: string[]): AlertState {
  if (rawState === 'active') return 'firing';
  if (rawState === 'unprocessed') return 'pending';
  if (rawState === 'suppressed') {
    if (silencedBy.length > 0) return 'silenced';
    if (inhibitedBy.length > 0) return 'inhibited';
  }
  return rawState === '' ? 'unknown' : rawState;
}

function labelsKey(labels: Record<string, string>): string {
  return `labels:${JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]))}`;
}

export function parseAlert(raw: unknown, source: string, mapping: SeverityMapping | undefined, nowMs: number): Alert | string {
  if (!isObj(raw)) return `an entry that is not an object (${typeof raw})`;
  const labels = stringMap(raw.labels);
  let fingerprint = typeof raw.fingerprint === 'string' && raw.fingerprint !== '' ? raw.fingerprint : '';
  if (!fingerprint) {
    if (Object.keys(labels).length === 0) return 'an alert with neither fingerprint nor labels';
    fingerprint = labelsKey(labels);
  }
  const status = isObj(raw.status) ? raw.status : {};
  const rawState = typeof status.state === 'string' ? status.state : '';
  const silencedBy = stringList(status.silencedBy);
  const inhibitedBy = stringList(status.inhibitedBy);
  let endsAt = time(raw.endsAt);
  if (endsAt !== null) {
    const end = Date.parse(endsAt);
    if (!(end < nowMs)) endsAt = null;
  }
  const receivers: string[] = [];
  if (Array.isArray(raw.receivers)) {
    for (const r of raw.receivers) {
      if (typeof r === 'string') receivers.push(r);
      else if (isObj(r) && typeof r.name === 'string') receivers.push(r.name);
    }
  }
  return {
    fingerprint,
    labels,
    annotations: stringMap(raw.annotations),
    state: mapState(rawState, silencedBy, inhibitedBy),
    rawState,
    severity: severityOf(labels, mapping),
    startsAt: time(raw.startsAt) ?? '',
    endsAt,
    updatedAt: time(raw.updatedAt),
    generatorURL: typeof raw.generatorURL === 'string' && raw.generatorURL !== '' ? raw.generatorURL : null,
    silencedBy,
    inhibitedBy,
    receivers,
    sources: [source],
  };
}

export function parseAlerts(list: unknown[], source: string, mapping: SeverityMapping | undefined, nowMs: number): Parsed<Alert> {
  const items: Alert[] = [];
  const problems: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const a = parseAlert(list[i], source, mapping, nowMs);
    if (typeof a === 'string') problems.push(`alert #${i + 1}: ${a}`);
    else items.push(a);
  }
  return { items, problems };
}

export function parseGroups(list: unknown[], source: string, mapping: SeverityMapping | undefined, nowMs: number): Parsed<AlertGroup> {
  const items: AlertGroup[] = [];
  const problems: string[] = [];
  list.forEach((raw, i) => {
    if (!isObj(raw)) {
      problems.push(`group #${i + 1}: not an object`);
      return;
    }
    const labels = stringMap(raw.labels);
    const receiver = isObj(raw.receiver) && typeof raw.receiver.name === 'string' ? raw.receiver.name : '';
    const alerts = parseAlerts(Array.isArray(raw.alerts) ? raw.alerts : [], source, mapping, nowMs);
    problems.push(...alerts.problems.map((p) => `group #${i + 1}, ${p}`));
    items.push({ key: `${receiver}:${labelsKey(labels)}`, labels, receiver, alerts: alerts.items });
  });
  return { items, problems };
}

export function parseSilence(raw: unknown, source: string): Silence | string {
  if (!isObj(raw)) return `an entry that is not an object (${typeof raw})`;
  if (typeof raw.id !== 'string' || raw.id === '') return 'a silence without an id';
  if (!Array.isArray(raw.matchers)) return `silence ${raw.id} has no matchers list`;
  const matchers = [];
  for (const m of raw.matchers) {
    try {
      matchers.push(fromApiMatcher(m));
    } catch (e) {
      return `silence ${raw.id}: ${(e as Error).message}`;
    }
  }
  const status = isObj(raw.status) ? raw.status : {};
  return {
    id: raw.id,
    matchers,
    startsAt: time(raw.startsAt) ?? '',
    endsAt: time(raw.endsAt) ?? '',
    createdBy: typeof raw.createdBy === 'string' ? raw.createdBy : '',
    comment: typeof raw.comment === 'string' ? raw.comment : '',
    state: typeof status.state === 'string' ? status.state : 'unknown',
    updatedAt: time(raw.updatedAt),
    source,
  };
}

export function parseSilences(list: unknown[], source: string): Parsed<Silence> {
  const items: Silence[] = [];
  const problems: string[] = [];
  list.forEach((raw, i) => {
    const s = parseSilence(raw, source);
    if (typeof s === 'string') problems.push(`silence #${i + 1}: ${s}`);
    else items.push(s);
  });
  return { items, problems };
}

export interface AlertmanagerStatus {
  version: string | null;
  uptime: string | null;
  /** ready, settling, disabled, or null when not reported. */
  clusterStatus: string | null;
  peers: number;
  /** The loaded configuration (YAML), when reported. */
  config: string | null;
}

export function parseStatus(raw: unknown): AlertmanagerStatus {
  const o = isObj(raw) ? raw : {};
  const version = isObj(o.versionInfo) && typeof o.versionInfo.version === 'string' ? o.versionInfo.version : null;
  const cluster = isObj(o.cluster) ? o.cluster : {};
  return {
    version,
    uptime: time(o.uptime),
    clusterStatus: typeof cluster.status === 'string' ? cluster.status : null,
    peers: Array.isArray(cluster.peers) ? cluster.peers.length : 0,
    config: isObj(o.config) && typeof o.config.original === 'string' ? o.config.original : null,
  };
}
