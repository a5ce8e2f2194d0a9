/**
 * When an alert fired and resolved: from an Alertmanager alert (startsAt; endsAt only once it is resolved),
 * and from Prometheus's ALERTS series over a window (a range query's matrix turned into firing intervals).
 * Pure functions.
 */
import type { Alert } from '../alerts/model';
import { isZeroTime } from '../alerts/format';

export interface AlertTimes {
  /** ISO time the alert started firing, or null when the alert carries no usable start. */
  firedAt: string | null;
  /** ISO time it resolved; null while it is still firing (a firing alert's endsAt is only a lease). */
  resolvedAt: string | null;
}

/** Fired and resolved times of an Alertmanager alert (the model's endsAt is null while it fires). */
export function alertTimes(alert: Pick<Alert, 'startsAt' | 'endsAt'>): AlertTimes {
  const firedAt = isZeroTime(alert.startsAt) ? null : new Date(alert.startsAt).toISOString();
  const resolvedAt = alert.endsAt === null || isZeroTime(alert.endsAt) ? null : new Date(alert.endsAt).toISOString();
  return { firedAt, resolvedAt };
}

/** One series of a Prometheus range query (matrix), as the API returns it. */
export interface MatrixSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

export interface FiringInterval {
  /** Unix seconds of the first sample seen firing. */
  start: number;
  /** Unix seconds of the last sample seen firing. */
  end: number;
  startIso: string;
  endIso: string;
  /** True when the last sample is within two steps of the window's end: still firing when the query ran. */
  ongoing: boolean;
}

export interface AlertSeriesHistory {
  /** The series labels without __name__ and alertstate. */
  labels: Record<string, string>;
  intervals: FiringInterval[];
}

export interface IntervalOptions {
  /** The range query's step in seconds; a gap of more than 2 x step between samples splits an interval. */
  stepSeconds: number;
  /** The end of the queried window in Unix seconds; lets the last interval be marked ongoing. */
  windowEnd?: number;
}

/**
 * Firing intervals of each ALERTS series in a matrix. Samples whose value is not a number above zero are
 * ignored, and so are series whose alertstate is not "firing" (pending ones).
 */
export function firingIntervals(matrix: readonly MatrixSeries[], opts: IntervalOptions): AlertSeriesHistory[] {
  if (!(opts.stepSeconds > 0)) throw new RangeError(`The step must be a positive number of seconds (got ${opts.stepSeconds}).`);
  const maxGap = 2 * opts.stepSeconds;
  const out: AlertSeriesHistory[] = [];
  for (const series of matrix) {
    const state = series.metric.alertstate;
    if (state !== undefined && state !== 'firing') continue;
    const times = series.values
      .filter(([t, v]) => Number.isFinite(t) && Number(v) > 0)
      .map(([t]) => t)
      .sort((a, b) => a - b);
    const intervals: FiringInterval[] = [];
    let start: number | undefined;
    let last: number | undefined;
    for (const t of times) {
      if (start === undefined || last === undefined) {
        start = last = t;
      } else if (t - last > maxGap) {
        intervals.push(interval(start, last, false));
        start = last = t;
      } else {
        last = t;
      }
    }
    if (start !== undefined && last !== undefined) {
      const ongoing = opts.windowEnd !== undefined && opts.windowEnd - last <= maxGap;
      intervals.push(interval(start, last, ongoing));
    }
    const labels = { ...series.metric };
    delete labels.__name__;
    delete labels.alertstate;
    out.push({ labels, intervals });
  }
  return out;
}

/** The union of intervals (of several series of one alert, for example): overlapping or touching ones merge. */
export function mergeIntervals(intervals: readonly FiringInterval[], maxGapSeconds = 0): FiringInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: FiringInterval[] = [];
  for (const iv of sorted) {
    const prev = out[out.length - 1];
    if (prev && iv.start - prev.end <= maxGapSeconds) {
      const end = Math.max(prev.end, iv.end);
      out[out.length - 1] = interval(prev.start, end, (prev.end >= iv.end && prev.ongoing) || (iv.end >= prev.end && iv.ongoing));
    } else {
      out.push(iv);
    }
  }
  return out;
}

function interval(start: number, end: number, ongoing: boolean): FiringInterval {
  return { start, end, startIso: new Date(start * 1000).toISOString(), endIso: new Date(end * 1000).toISOString(), ongoing };
}

/** `ALERTS{alertname="X",alertstate="firing",k="v",...}` with values escaped for PromQL. */
export function alertsSeriesSelector(alertname: string, labels: Record<string, string> = {}): string {
  const pairs: [string, string][] = [['alertname', alertname], ['alertstate', 'firing']];
  for (const [k, v] of Object.entries(labels)) {
    if (k === 'alertname' || k === 'alertstate' || k.startsWith('__')) continue;
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k)) continue;
    pairs.push([k, v]);
  }
  return `ALERTS{${pairs.map(([k, v]) => `${k}=${promString(v)}`).join(',')}}`;
}

/** A PromQL double-quoted string literal. */
export function promString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
