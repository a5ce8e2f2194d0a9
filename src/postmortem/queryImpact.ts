/**
 * Runs the impact queries against a Prometheus and reads the numbers. A failing query leaves its number unknown
 * (with a note) instead of failing the postmortem.
 */
import { describeError } from '../common/errors';
import type { PrometheusClient } from '../prometheus/client';
import { impactFromResults, impactQueries, type ImpactQueryOutcome, type ImpactReading } from './impact';

export interface ImpactWindow {
  /** ISO start of the incident. */
  start: string;
  /** ISO end of the incident; for an ongoing one, pass the current time. */
  end: string;
}

export async function queryImpact(
  prometheus: PrometheusClient,
  window: ImpactWindow,
  labels: Record<string, string>,
  signal?: AbortSignal,
): Promise<ImpactReading & { queries: ReturnType<typeof impactQueries> }> {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) {
    throw new RangeError(`The impact window ${window.start} – ${window.end} is not a valid time range.`);
  }
  const queries = impactQueries((end - start) / 1000, labels);
  const run = async (q: string): Promise<ImpactQueryOutcome> => {
    try {
      return (await prometheus.instant(q, { time: end / 1000, signal })).result;
    } catch (e) {
      if (signal?.aborted) throw e;
      return { error: describeError(e) };
    }
  };
  const [tenants, requests, cost] = [await run(queries.tenants), await run(queries.requests), await run(queries.cost)];
  return { ...impactFromResults({ tenants, requests, cost }), queries };
}
