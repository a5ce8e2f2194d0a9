/**
 * The impact of an incident, measured in Prometheus: affected tenants, requests and token cost in the incident's
 * window. This module writes the PromQL and reads the answers; the caller runs the queries (queryImpact.ts does it
 * with the PrometheusClient). A number that could not be measured stays undefined, and the postmortem shows a TODO.
 */
import type { QueryResult } from '../prometheus/results';
import { promString } from '../incidents/alertHistory';

export interface Impact {
  /** Tenants with errors or token cost in the window. */
  tenants?: number;
  /** Requests in the window. */
  requests?: number;
  /** Token cost in dollars in the window. */
  cost?: number;
}

export interface ImpactQueries {
  tenants: string;
  requests: string;
  cost: string;
}

/** Alert labels that scope the LLM metrics (the others, such as severity or instance, are not on them). */
export const IMPACT_SCOPE_LABELS: readonly string[] = ['tenant', 'model', 'route', 'provider', 'service'];

/** The labels of an alert that scope impact queries (IMPACT_SCOPE_LABELS that the alert carries). */
export function impactScopeLabels(alertLabels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of IMPACT_SCOPE_LABELS) if (typeof alertLabels[k] === 'string' && alertLabels[k] !== '') out[k] = alertLabels[k];
  return out;
}

const PROM_DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
/** Labels never used as matchers here: they are the alert's own, or used by the queries themselves. */
const SKIPPED = new Set(['alertname', 'alertstate', 'severity', 'status']);

/**
 * The PromQL for the impact over `window` (a PromQL duration such as "1h25m", or seconds), scoped by `labels`
 * (equality matchers; pass labels the llm_* metrics carry, see impactScopeLabels). Evaluate them at the
 * incident's end time.
 */
export function impactQueries(window: string | number, labels: Record<string, string> = {}): ImpactQueries {
  const range = typeof window === 'number' ? secondsToPromDuration(window) : window.trim();
  if (!PROM_DURATION.test(range)) throw new RangeError(`"${String(window)}" is not a PromQL duration (for example 45m or 1h30m).`);
  const matchers = Object.entries(labels)
    .filter(([k]) => !SKIPPED.has(k) && !k.startsWith('__') && /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${promString(v)}`);
  const sel = (extra: string[] = []) => `{${[...extra, ...matchers].join(',')}}`;
  const tenant = ['tenant!=""'];
  return {
    tenants:
      `count(count by (tenant) (` +
      `(increase(llm_requests_total${sel(['status="error"', ...tenant])}[${range}]) > 0)` +
      ` or (increase(llm_token_cost_dollars${sel(tenant)}[${range}]) > 0)))`,
    requests: `sum(increase(llm_requests_total${sel()}[${range}]))`,
    cost: `sum(increase(llm_token_cost_dollars${sel()}[${range}]))`,
  };
}

/** Seconds as a PromQL duration rounded UP to whole minutes (at least 1m): 5100 -> "1h25m". */
export function secondsToPromDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError(`The impact window must be a positive number of seconds (got ${seconds}).`);
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}`;
}

/** The answer to one impact query: a parsed result, or the error that prevented it. */
export type ImpactQueryOutcome = QueryResult | { error: string } | undefined;

export interface ImpactResults {
  tenants?: ImpactQueryOutcome;
  requests?: ImpactQueryOutcome;
  cost?: ImpactQueryOutcome;
}

export interface ImpactReading {
  impact: Impact;
  /** Why a number is missing, one line per missing number. */
  notes: string[];
}

/**
 * Numbers from the query answers. An empty answer, an error, or a value that is not finite leaves the number
 * undefined with a note: absence of data is never turned into a zero.
 */
export function impactFromResults(results: ImpactResults): ImpactReading {
  const impact: Impact = {};
  const notes: string[] = [];
  for (const key of ['tenants', 'requests', 'cost'] as const) {
    const read = readSingle(results[key]);
    if (typeof read === 'number') impact[key] = key === 'cost' ? read : Math.round(read);
    else notes.push(`${key}: ${read}`);
  }
  return { impact, notes };
}

function readSingle(outcome: ImpactQueryOutcome): number | string {
  if (outcome === undefined) return 'not queried';
  if ('error' in outcome) return `query failed: ${outcome.error}`;
  let value: number | null;
  if (outcome.resultType === 'scalar') value = outcome.value;
  else if (outcome.resultType === 'vector') {
    if (outcome.samples.length === 0) return 'no data in the window (the metric may not exist there)';
    if (outcome.samples.length > 1) return `expected one value, got ${outcome.samples.length} series`;
    value = outcome.samples[0].value;
  } else return `unexpected ${outcome.resultType} result`;
  if (value === null || !Number.isFinite(value)) return 'the value is not a number';
  if (value < 0) return 'the value is negative';
  return value;
}
