/**
 * When an incident's alerts stopped firing, from Prometheus's ALERTS series: Alertmanager forgets an alert once it
 * is resolved, so an incident log that saw the alert fire but not resolve would stay "ongoing" forever. For each
 * alert of the incident with no resolution after its last firing, the firing interval around that start is read
 * from ALERTS; one that ended before now becomes an alert-resolved event (source prometheus) at its last firing
 * sample. Problems are notes, never failures: the draft then keeps "ongoing" or its TODOs.
 */
import { describeError } from '../common/errors';
import type { AlertFiredEvent, AlertResolvedEvent, IncidentEvent } from '../incidents/events';
import { alertsSeriesSelector, firingIntervals, mergeIntervals, type FiringInterval } from '../incidents/alertHistory';
import type { PrometheusClient } from '../prometheus/client';

/** How far before the logged start the ALERTS series is read (the log may have seen the alert late). */
const LOOK_BEFORE_SECONDS = 15 * 60;
/** Finest step of the ALERTS query: the end found is within one step of the last firing evaluation. */
const MIN_STEP_SECONDS = 5;

export interface AlertResolution {
  events: AlertResolvedEvent[];
  notes: string[];
}

/** The alert-fired events whose alert has no resolution logged after them (the latest firing of each alert). */
function unresolved(events: readonly IncidentEvent[]): AlertFiredEvent[] {
  const last = new Map<string, { fired: AlertFiredEvent; resolved: boolean }>();
  const key = (alertname: string, fingerprint?: string) => fingerprint ?? `name:${alertname}`;
  for (const e of [...events].sort((a, b) => Date.parse(a.time) - Date.parse(b.time))) {
    if (e.type === 'alert-fired') last.set(key(e.alertname, e.fingerprint), { fired: e, resolved: false });
    if (e.type === 'alert-resolved') {
      for (const [k, v] of last) if (k === key(e.alertname, e.fingerprint) || (!e.fingerprint && v.fired.alertname === e.alertname)) v.resolved = true;
    }
  }
  return [...last.values()].filter((v) => !v.resolved).map((v) => v.fired);
}

/** A series belongs to the alert when each of its labels has the alert's value (the alert may carry more, e.g. external labels). */
function ofAlert(seriesLabels: Record<string, string>, alert: AlertFiredEvent): boolean {
  return Object.entries(seriesLabels).every(([k, v]) => k === '__name__' || k === 'alertstate' || alert.labels[k] === v);
}

export async function resolutionsFromAlertsSeries(
  prometheus: PrometheusClient,
  events: readonly IncidentEvent[],
  nowMs: number,
  signal?: AbortSignal,
): Promise<AlertResolution> {
  const out: AlertResolution = { events: [], notes: [] };
  // The query's grid ends exactly now (rounded up), so a resolution before now leaves the last point empty.
  const end = Math.ceil(nowMs / 1000);
  for (const fired of unresolved(events)) {
    const firedAt = Date.parse(fired.time) / 1000;
    if (!Number.isFinite(firedAt) || firedAt > end) continue;
    const from = Math.floor(firedAt - LOOK_BEFORE_SECONDS);
    const step = Math.max(MIN_STEP_SECONDS, Math.ceil((end - from) / 10_000));
    const start = end - Math.ceil((end - from) / step) * step;
    try {
      const reply = await prometheus.range(alertsSeriesSelector(fired.alertname), { start, end, step, signal });
      if (reply.result.resultType !== 'matrix') continue;
      const used = reply.step.step;
      const matrix = reply.result.series
        .filter((s) => ofAlert(s.labels, fired))
        .map((s) => ({ metric: s.labels, values: s.points.map(([t, v]): [number, string] => [t, String(v)]) }));
      const intervals: FiringInterval[] = mergeIntervals(firingIntervals(matrix, { stepSeconds: used }).flatMap((h) => h.intervals), 2 * used);
      // The interval of this firing: the first one that had not ended before the logged start.
      const current = intervals.find((iv) => iv.end >= firedAt - 2 * used);
      if (!current) {
        out.notes.push(`Prometheus has no firing ALERTS series for ${fired.alertname} around ${fired.time}, so its end is unknown`);
        continue;
      }
      // Still firing when the query's last grid point has a value (after a resolution Prometheus writes a staleness
      // marker, so later points are empty); a lag of a few seconds since the last firing point proves nothing.
      const lastGrid = start + Math.floor((end - start) / used) * used;
      if (current.end >= lastGrid) continue;
      out.events.push({
        type: 'alert-resolved', time: current.endIso, who: 'prometheus', source: 'prometheus', alertname: fired.alertname,
        ...(fired.fingerprint ? { fingerprint: fired.fingerprint } : {}), labels: { ...fired.labels }, server: prometheus.label,
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      out.notes.push(`when ${fired.alertname} resolved could not be read from Prometheus (${describeError(e)})`);
    }
  }
  return out;
}
