/**
 * Metrics a runbook reads that no longer exist: asks Prometheus which of the names have any series in a window
 * (default the last 24 hours) with one label-values request per batch (`/api/v1/label/__name__/values` with a
 * `match[]` per name), instead of one series request per name.
 */
import type { PrometheusClient } from '../../prometheus/client';
import { promqlString } from '../promqlSubstitution';

export const STALE_WINDOW_SECONDS = 24 * 3600;
const BATCH = 50;

/** The names among `names` with no series between `end - windowSeconds` and `end`. Network errors propagate. */
export async function metricsWithoutSeries(
  prometheus: PrometheusClient,
  names: readonly string[],
  opts: { end: number; windowSeconds?: number; signal?: AbortSignal },
): Promise<Set<string>> {
  const unique = [...new Set(names)];
  const present = new Set<string>();
  for (let i = 0; i < unique.length; i += BATCH) {
    const batch = unique.slice(i, i + BATCH);
    const found = await prometheus.labelValues('__name__', {
      match: batch.map((n) => `{__name__=${promqlString(n)}}`),
      start: opts.end - (opts.windowSeconds ?? STALE_WINDOW_SECONDS),
      end: opts.end,
      signal: opts.signal,
    });
    for (const n of found) present.add(n);
  }
  return new Set(unique.filter((n) => !present.has(n)));
}
