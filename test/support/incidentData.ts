/**
 * Deterministic incident data for the AI services of the seed, as OpenMetrics text for
 * `promtool tsdb create-blocks-from openmetrics`, plus the exact values queries over it must return.
 *
 * Timeline (defaults): 3 h of samples every 15 s ending at `end` (a multiple of 15 s, never in the future);
 * the last 30 minutes are the incident, everything before is normal. Scrape index i = 0..720 at
 * start + 15 i; the incident starts at index 600 (end - 30m): a sample AT that index still belongs to normal.
 *
 * Traffic. llm_requests_total{model,tenant,route,status}: per series and per 5 minutes
 *   total = 100 x M[model] x N[tenant] x R[route]   M: gpt-4o 2, claude-3-5-sonnet 1, llama-3-70b 1
 *                                                    N: acme 3, globex 2, initech 1   R: chat 2, rag 1
 *   so per second: gpt-4o 12/s, claude 6/s, llama 6/s; acme 12/s, globex 8/s, initech 4/s (same in both phases).
 *   status="error" = total x error share (1 %; incident: gpt-4o 5 %), status="success" = the rest.
 * Counters. Every counter grows by an integer number of events per 5 minutes, spread over the 20 scrapes of
 *   5 minutes as value(i) = floor(cumulative(i) / 20) [/ divisor]. Any window of a multiple of 5 minutes that
 *   lies inside one phase therefore sees EXACTLY n events per 5 minutes, so rate() over 5m/10m/15m/1h at a
 *   time on the 15 s grid is exact (Prometheus 2.x: the window holds its two boundary samples, no
 *   extrapolation), up to floating-point rounding of the division.
 *   llm_hallucination_detected_total{model,tenant,route} = total x share (gpt-4o 2 %, claude 3 %, llama 4 %;
 *     incident: llama-3-70b 25 %)
 *   llm_guardrail_violations_total{model,tenant,route} = total x 1 % (incident: claude-3-5-sonnet 8 %)
 *   llm_token_cost_dollars{model,tenant,route} (dollars, a counter) = total x price (gpt-4o $0.01,
 *     claude $0.012, llama $0.002 per request) x 10 for tenant globex during the incident
 *     => $/s per tenant: acme 0.102, globex 0.068 (incident 0.68), initech 0.034
 *   llm_provider_requests_total{provider}: openai = gpt-4o traffic (3600 / 5m), anthropic = claude (1800 / 5m)
 *   llm_provider_errors_total{provider,code}: openai 429: 9 and 503: 9 per 5m (incident 120 and 600, i.e. 20 %),
 *     anthropic 429: 4 and 503: 5 (0.5 %)
 * Histograms (service="llm-gateway"): llm_request_duration_seconds{model} with le 0.25 0.5 1 2.5 5 10 30 +Inf;
 *   cumulative shares normal 5 20 50 90 98 99.5 100 %, incident gpt-4o 2 5 20 50 80 96 100 %
 *   => p95 normal 4.0625 s, incident gpt-4o 9.6875 s. llm_generation_duration_seconds{model},
 *   llm_retrieval_duration_seconds (rag traffic), llm_tool_execution_duration_seconds{tool} likewise (below).
 * Gauges. llm_eval_score{model,metric}: groundedness gpt-4o 0.91, claude 0.93, llama 0.88 (incident 0.62);
 *   relevance 0.89, 0.9, 0.86 (incident llama 0.74).
 *   up{job="llm-inference",instance="llm-inference-N:8080"} N=0,1,2: 1 (incident: llm-inference-2 is 0).
 *
 * Every number above comes from the tables below; EXPECTED is computed from the same tables, and the
 * integration tests compare Prometheus' answers with it.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const SCRAPE_SECONDS = 15;
export const DEFAULT_HOURS = 3;
export const INCIDENT_MINUTES = 30;
/** Scrapes per 5 minutes: counters are defined per 5 minutes and spread over these. */
const PER_5M = 20;

export type Phase = 'normal' | 'incident';
export type Labels = Record<string, string>;

export const MODELS = ['gpt-4o', 'claude-3-5-sonnet', 'llama-3-70b'] as const;
export const TENANTS = ['acme', 'globex', 'initech'] as const;
export const ROUTES = ['chat', 'rag'] as const;
export const PROVIDERS = ['openai', 'anthropic'] as const;
export const INSTANCES = ['llm-inference-0:8080', 'llm-inference-1:8080', 'llm-inference-2:8080'] as const;
type Model = (typeof MODELS)[number];

const MODEL_WEIGHT: Record<Model, number> = { 'gpt-4o': 2, 'claude-3-5-sonnet': 1, 'llama-3-70b': 1 };
const TENANT_WEIGHT: Record<string, number> = { acme: 3, globex: 2, initech: 1 };
const ROUTE_WEIGHT: Record<string, number> = { chat: 2, rag: 1 };
const MODEL_PROVIDER: Record<Model, string> = { 'gpt-4o': 'openai', 'claude-3-5-sonnet': 'anthropic', 'llama-3-70b': 'self-hosted' };

/** What goes wrong during the incident, by whom. */
export const INCIDENT = {
  downInstance: 'llm-inference-2:8080',
  hallucinatingModel: 'llama-3-70b' as Model,
  guardrailModel: 'claude-3-5-sonnet' as Model,
  slowModel: 'gpt-4o' as Model,
  erroringModel: 'gpt-4o' as Model,
  costTenant: 'globex',
  costMultiplier: 10,
  failingProvider: 'openai',
} as const;

const ERROR_SHARE = { normal: 0.01, incidentErroring: 0.05 };
const HALLUCINATION_SHARE: Record<Model, number> = { 'gpt-4o': 0.02, 'claude-3-5-sonnet': 0.03, 'llama-3-70b': 0.04 };
const HALLUCINATION_INCIDENT_SHARE = 0.25;
const GUARDRAIL_SHARE = { normal: 0.01, incident: 0.08 };
/** Price per request in units of $0.0001 (the cost counter's divisor is 10,000). */
const PRICE_UNITS: Record<Model, number> = { 'gpt-4o': 100, 'claude-3-5-sonnet': 120, 'llama-3-70b': 20 };
const COST_DIVISOR = 10_000;

export const REQUEST_BUCKETS = [0.25, 0.5, 1, 2.5, 5, 10, 30, Infinity];
const REQUEST_SHARES = {
  normal: [0.05, 0.2, 0.5, 0.9, 0.98, 0.995, 1, 1],
  incidentSlow: [0.02, 0.05, 0.2, 0.5, 0.8, 0.96, 1, 1],
};
const REQUEST_MEAN_SECONDS: Record<Model, number> = { 'gpt-4o': 1.5, 'claude-3-5-sonnet': 1.2, 'llama-3-70b': 0.9 };
const REQUEST_MEAN_SLOW = 4.5;
const GENERATION_SHARES = {
  normal: [0.08, 0.25, 0.55, 0.92, 0.985, 0.995, 1, 1],
  incidentSlow: [0.03, 0.08, 0.25, 0.55, 0.83, 0.97, 1, 1],
};
export const RETRIEVAL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, Infinity];
const RETRIEVAL_SHARES = [0.1, 0.4, 0.8, 0.96, 0.99, 1];
export const TOOL_BUCKETS = [0.1, 0.5, 1, 2.5, 5, Infinity];
const TOOL_SHARES = [0.1, 0.4, 0.7, 0.9, 0.98, 1];
const TOOL_CALLS_PER_5M: Record<string, number> = { web_search: 300, sql_query: 150 };

const EVAL_SCORES: Record<string, Record<Model, number>> = {
  groundedness: { 'gpt-4o': 0.91, 'claude-3-5-sonnet': 0.93, 'llama-3-70b': 0.88 },
  relevance: { 'gpt-4o': 0.89, 'claude-3-5-sonnet': 0.9, 'llama-3-70b': 0.86 },
};
const EVAL_INCIDENT: Record<string, number> = { groundedness: 0.62, relevance: 0.74 };

// ---------------------------------------------------------------------------------------------------------
// The series

export interface CounterSeries {
  kind: 'counter';
  name: string;
  labels: Labels;
  /** Events per 5 minutes (integers), per phase. */
  per5m: Record<Phase, number>;
  /** Printed value = floor(cumulative / 20) / divisor. */
  divisor: number;
}

export interface GaugeSeries {
  kind: 'gauge';
  name: string;
  labels: Labels;
  value: Record<Phase, number>;
}

export type Series = CounterSeries | GaugeSeries;

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  series: Series[];
}

/** Requests per 5 minutes of one (model, tenant, route). */
export function requestsPer5m(model: Model, tenant: string, route: string): number {
  return 100 * MODEL_WEIGHT[model] * TENANT_WEIGHT[tenant] * ROUTE_WEIGHT[route];
}

function modelRequestsPer5m(model: Model, route?: string): number {
  let n = 0;
  for (const t of TENANTS) for (const r of ROUTES) if (!route || r === route) n += requestsPer5m(model, t, r);
  return n;
}

/** An integer share of an integer count; refuses shares that would not be whole events. */
function share(count: number, fraction: number): number {
  const n = Math.round(count * fraction);
  if (Math.abs(n - count * fraction) > 1e-6) throw new Error(`incident data: ${fraction} of ${count} is not a whole number`);
  return n;
}

function counter(name: string, labels: Labels, normal: number, incident: number, divisor = 1): CounterSeries {
  return { kind: 'counter', name, labels, per5m: { normal, incident }, divisor };
}

function gauge(name: string, labels: Labels, normal: number, incident: number): GaugeSeries {
  return { kind: 'gauge', name, labels, value: { normal, incident } };
}

function histogram(name: string, labels: Labels, bounds: number[], count5m: Record<Phase, number>, shares: Record<Phase, number[]>, sum5m: Record<Phase, number>): Series[] {
  const out: Series[] = bounds.map((le, k) =>
    counter(`${name}_bucket`, { ...labels, le: le === Infinity ? '+Inf' : String(le) }, share(count5m.normal, shares.normal[k]), share(count5m.incident, shares.incident[k])),
  );
  out.push(counter(`${name}_sum`, labels, sum5m.normal, sum5m.incident));
  out.push(counter(`${name}_count`, labels, count5m.normal, count5m.incident));
  return out;
}

/** Every metric family of the data set, in output order. */
export function families(): Family[] {
  const requests: Series[] = [];
  const hallucinations: Series[] = [];
  const guardrails: Series[] = [];
  const cost: Series[] = [];
  for (const model of MODELS) {
    for (const tenant of TENANTS) {
      for (const route of ROUTES) {
        const total = requestsPer5m(model, tenant, route);
        const errN = share(total, ERROR_SHARE.normal);
        const errI = share(total, model === INCIDENT.erroringModel ? ERROR_SHARE.incidentErroring : ERROR_SHARE.normal);
        const l = { model, tenant, route };
        requests.push(counter('llm_requests_total', { ...l, status: 'success' }, total - errN, total - errI));
        requests.push(counter('llm_requests_total', { ...l, status: 'error' }, errN, errI));
        hallucinations.push(counter('llm_hallucination_detected_total', l, share(total, HALLUCINATION_SHARE[model]),
          share(total, model === INCIDENT.hallucinatingModel ? HALLUCINATION_INCIDENT_SHARE : HALLUCINATION_SHARE[model])));
        guardrails.push(counter('llm_guardrail_violations_total', l, share(total, GUARDRAIL_SHARE.normal),
          share(total, model === INCIDENT.guardrailModel ? GUARDRAIL_SHARE.incident : GUARDRAIL_SHARE.normal)));
        const units = total * PRICE_UNITS[model];
        cost.push(counter('llm_token_cost_dollars', l, units, tenant === INCIDENT.costTenant ? units * INCIDENT.costMultiplier : units, COST_DIVISOR));
      }
    }
  }

  const latency: Series[] = [];
  const generation: Series[] = [];
  for (const model of MODELS) {
    const n = modelRequestsPer5m(model);
    const slow = model === INCIDENT.slowModel;
    const labels = { service: 'llm-gateway', model };
    latency.push(...histogram('llm_request_duration_seconds', labels, REQUEST_BUCKETS, { normal: n, incident: n },
      { normal: REQUEST_SHARES.normal, incident: slow ? REQUEST_SHARES.incidentSlow : REQUEST_SHARES.normal },
      { normal: share(n, REQUEST_MEAN_SECONDS[model]), incident: share(n, slow ? REQUEST_MEAN_SLOW : REQUEST_MEAN_SECONDS[model]) }));
    generation.push(...histogram('llm_generation_duration_seconds', labels, REQUEST_BUCKETS, { normal: n, incident: n },
      { normal: GENERATION_SHARES.normal, incident: slow ? GENERATION_SHARES.incidentSlow : GENERATION_SHARES.normal },
      { normal: share(n, REQUEST_MEAN_SECONDS[model] * 0.8), incident: share(n, (slow ? REQUEST_MEAN_SLOW : REQUEST_MEAN_SECONDS[model]) * 0.8) }));
  }
  let rag = 0;
  for (const model of MODELS) rag += modelRequestsPer5m(model, 'rag');
  const retrieval = histogram('llm_retrieval_duration_seconds', { service: 'llm-gateway' }, RETRIEVAL_BUCKETS, { normal: rag, incident: rag },
    { normal: RETRIEVAL_SHARES, incident: RETRIEVAL_SHARES }, { normal: share(rag, 0.18), incident: share(rag, 0.18) });
  const tools: Series[] = [];
  for (const [tool, calls] of Object.entries(TOOL_CALLS_PER_5M)) {
    tools.push(...histogram('llm_tool_execution_duration_seconds', { service: 'llm-gateway', tool }, TOOL_BUCKETS, { normal: calls, incident: calls },
      { normal: TOOL_SHARES, incident: TOOL_SHARES }, { normal: share(calls, 1.2), incident: share(calls, 1.2) }));
  }

  const providerRequests: Series[] = [];
  const providerErrors: Series[] = [];
  const providerModel: Record<string, Model> = { openai: 'gpt-4o', anthropic: 'claude-3-5-sonnet' };
  const providerErrorCodes: Record<string, Record<string, Record<Phase, number>>> = {
    openai: { '429': { normal: 9, incident: 120 }, '503': { normal: 9, incident: 600 } },
    anthropic: { '429': { normal: 4, incident: 4 }, '503': { normal: 5, incident: 5 } },
  };
  for (const provider of PROVIDERS) {
    const n = modelRequestsPer5m(providerModel[provider]);
    providerRequests.push(counter('llm_provider_requests_total', { provider }, n, n));
    for (const [code, c] of Object.entries(providerErrorCodes[provider])) {
      providerErrors.push(counter('llm_provider_errors_total', { provider, code }, c.normal, c.incident));
    }
  }

  const evals: Series[] = [];
  for (const metric of Object.keys(EVAL_SCORES)) {
    for (const model of MODELS) {
      const v = EVAL_SCORES[metric][model];
      evals.push(gauge('llm_eval_score', { model, metric }, v, model === INCIDENT.hallucinatingModel ? EVAL_INCIDENT[metric] : v));
    }
  }
  const up = INSTANCES.map((instance) => gauge('up', { job: 'llm-inference', instance }, 1, instance === INCIDENT.downInstance ? 0 : 1));

  return [
    { name: 'llm_requests', type: 'counter', help: 'LLM requests served by the gateway.', series: requests },
    { name: 'llm_hallucination_detected', type: 'counter', help: 'Answers flagged as hallucinated by the online checker.', series: hallucinations },
    { name: 'llm_guardrail_violations', type: 'counter', help: 'Requests or answers blocked by a guardrail.', series: guardrails },
    { name: 'llm_token_cost_dollars', type: 'counter', help: 'Token spend in US dollars.', series: cost },
    { name: 'llm_request_duration_seconds', type: 'histogram', help: 'End-to-end request latency.', series: latency },
    { name: 'llm_generation_duration_seconds', type: 'histogram', help: 'Model generation latency.', series: generation },
    { name: 'llm_retrieval_duration_seconds', type: 'histogram', help: 'Retrieval latency of RAG requests.', series: retrieval },
    { name: 'llm_tool_execution_duration_seconds', type: 'histogram', help: 'Tool call latency.', series: tools },
    { name: 'llm_provider_requests', type: 'counter', help: 'Calls to upstream model providers.', series: providerRequests },
    { name: 'llm_provider_errors', type: 'counter', help: 'Failed calls to upstream model providers.', series: providerErrors },
    { name: 'llm_eval_score', type: 'gauge', help: 'Online evaluation score (0-1).', series: evals },
    { name: 'up', type: 'gauge', help: 'Whether the scrape target is up.', series: up },
  ];
}

// ---------------------------------------------------------------------------------------------------------
// The timeline

export interface DataOptions {
  /** Last sample time, unix seconds; rounded down to 15 s. Default: now. Must not be in the future. */
  end?: number;
  /** Hours of data (a whole number). Default 3. */
  hours?: number;
  /** false: no incident, normal values throughout. Default true. */
  incident?: boolean;
}

export interface Timeline {
  /** First sample, unix seconds. */
  start: number;
  /** Last sample, unix seconds. */
  end: number;
  /** First time of the incident phase (samples AFTER it are incident values); equals end + 15 without an incident. */
  incidentStart: number;
  /** Scrape index of incidentStart. */
  incidentIndex: number;
  /** Number of the last scrape index. */
  lastIndex: number;
  /** A time in the middle of the normal phase whose 1 h windows are all normal: end - 1h. */
  normalAt: number;
  /** A time whose windows up to 30 m lie in the incident: end (the last sample). */
  incidentAt: number;
}

export function timeline(opts: DataOptions = {}): Timeline {
  const nowS = Math.floor(Date.now() / 1000);
  const end = Math.floor((opts.end ?? nowS) / SCRAPE_SECONDS) * SCRAPE_SECONDS;
  if (end > nowS) throw new Error(`incident data: end ${new Date(end * 1000).toISOString()} is in the future; Prometheus would drop live samples.`);
  const hours = opts.hours ?? DEFAULT_HOURS;
  if (!Number.isInteger(hours) || hours < 1) throw new Error('incident data: hours must be a whole number >= 1');
  const lastIndex = (hours * 3600) / SCRAPE_SECONDS;
  const incidentIndex = opts.incident === false ? lastIndex + 1 : lastIndex - (INCIDENT_MINUTES * 60) / SCRAPE_SECONDS;
  const start = end - hours * 3600;
  return {
    start,
    end,
    incidentStart: start + incidentIndex * SCRAPE_SECONDS,
    incidentIndex,
    lastIndex,
    normalAt: end - 3600,
    incidentAt: end,
  };
}

/** The value of a series at scrape index i. */
export function valueAtIndex(s: Series, i: number, tl: Timeline): number {
  const inIncident = i > tl.incidentIndex;
  if (s.kind === 'gauge') return s.value[inIncident ? 'incident' : 'normal'];
  const normalScrapes = Math.min(i, tl.incidentIndex);
  const incidentScrapes = Math.max(0, i - tl.incidentIndex);
  const cumulative = s.per5m.normal * normalScrapes + s.per5m.incident * incidentScrapes;
  return Math.floor(cumulative / PER_5M) / s.divisor;
}

/** The value of a series at a time on the 15 s grid inside the data. */
export function valueAt(s: Series, t: number, tl: Timeline): number {
  const i = (t - tl.start) / SCRAPE_SECONDS;
  if (!Number.isInteger(i) || i < 0 || i > tl.lastIndex) throw new Error(`incident data: ${t} is not a sample time of the data`);
  return valueAtIndex(s, i, tl);
}

function labelText(name: string, labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

/** The OpenMetrics text: families in order, each series' samples in time order, seconds, `# EOF` last. */
export function generateOpenMetrics(opts: DataOptions = {}): { text: string; timeline: Timeline; series: number; samples: number } {
  const tl = timeline(opts);
  const out: string[] = [];
  let series = 0;
  let samples = 0;
  for (const f of families()) {
    out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.series) {
      series++;
      const head = `${labelText(s.name, s.labels)} `;
      for (let i = 0; i <= tl.lastIndex; i++) {
        out.push(`${head}${valueAtIndex(s, i, tl)} ${tl.start + i * SCRAPE_SECONDS}`);
        samples++;
      }
    }
  }
  out.push('# EOF', '');
  return { text: out.join('\n'), timeline: tl, series, samples };
}

/** Writes the data as TSDB blocks into `dataDir` (an empty folder for --storage.tsdb.path). */
export async function writeIncidentBlocks(dataDir: string, opts: DataOptions = {}, scratchDir: string = dataDir): Promise<Timeline> {
  const { text, timeline: tl } = generateOpenMetrics(opts);
  const file = join(scratchDir, 'incident.om.txt');
  writeFileSync(file, text);
  try {
    await promisify(execFile)('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir], { maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`promtool could not backfill the incident data: ${err.stderr || err.message}`);
  }
  return tl;
}

// ---------------------------------------------------------------------------------------------------------
// Expected answers, from the same tables

function matching(name: string, filter: (l: Labels) => boolean = () => true): CounterSeries[] {
  const out: CounterSeries[] = [];
  for (const f of families()) for (const s of f.series) if (s.kind === 'counter' && s.name === name && filter(s.labels)) out.push(s);
  return out;
}

/** Per-second rate of the sum of matching counters, for a window of a multiple of 5 minutes inside one phase. */
export function phaseRate(name: string, phase: Phase, filter?: (l: Labels) => boolean): number {
  let perFiveMinutes = 0;
  for (const s of matching(name, filter)) perFiveMinutes += s.per5m[phase] / s.divisor;
  return perFiveMinutes / 300;
}

/** rate(name[window]) summed over matching series at time t, as Prometheus 2.x computes it on this grid. */
export function rateAt(name: string, t: number, windowSeconds: number, tl: Timeline, filter?: (l: Labels) => boolean): number {
  let increase = 0;
  for (const s of matching(name, filter)) increase += valueAt(s, t, tl) - valueAt(s, t - windowSeconds, tl);
  return increase / windowSeconds;
}

/** phaseRate per value of one label. */
export function phaseRateBy(name: string, label: string, phase: Phase, filter?: (l: Labels) => boolean): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of matching(name, filter)) out[s.labels[label]] = (out[s.labels[label]] ?? 0) + s.per5m[phase] / s.divisor / 300;
  return out;
}

/** histogram_quantile as Prometheus computes it (linear interpolation inside the bucket), from cumulative counts. */
export function histogramQuantile(q: number, bounds: number[], cumulative: number[]): number {
  const total = cumulative[cumulative.length - 1];
  const rank = q * total;
  let b = cumulative.findIndex((c) => c >= rank);
  if (b === bounds.length - 1) return bounds[bounds.length - 2];
  if (b < 0) b = bounds.length - 1;
  const lower = b === 0 ? 0 : bounds[b - 1];
  const below = b === 0 ? 0 : cumulative[b - 1];
  return lower + (bounds[b] - lower) * ((rank - below) / (cumulative[b] - below));
}

function quantileOf(name: string, bounds: number[], phase: Phase, filter: (l: Labels) => boolean): number {
  const cumulative = bounds.map((le) => phaseRate(`${name}_bucket`, phase, (l) => filter(l) && l.le === (le === Infinity ? '+Inf' : String(le))));
  return histogramQuantile(0.95, bounds, cumulative);
}

function byModel(f: (model: Model) => number): Record<string, number> {
  return Object.fromEntries(MODELS.map((m) => [m, f(m)]));
}

function ratioByModel(numerator: string, phase: Phase, numeratorFilter: (l: Labels) => boolean = () => true): Record<string, number> {
  return byModel((m) => phaseRate(numerator, phase, (l) => l.model === m && numeratorFilter(l)) / phaseRate('llm_requests_total', phase, (l) => l.model === m));
}

function expectedFor(phase: Phase) {
  return {
    /** sum by (model) (rate(llm_hallucination_detected_total[10m])) / sum by (model) (rate(llm_requests_total[10m])) */
    hallucinationRatio: ratioByModel('llm_hallucination_detected_total', phase),
    /** ... guardrail violations / requests, by model */
    guardrailRatio: ratioByModel('llm_guardrail_violations_total', phase),
    /** 1 - errors / requests by model (5m) */
    successRate: byModel((m) => 1 - phaseRate('llm_requests_total', phase, (l) => l.model === m && l.status === 'error') / phaseRate('llm_requests_total', phase, (l) => l.model === m)),
    /** sum by (tenant) (rate(llm_token_cost_dollars[5m])), dollars per second */
    tenantCostPerSecond: phaseRateBy('llm_token_cost_dollars', 'tenant', phase),
    /** sum by (route) (rate(cost)) / sum by (route) (rate(requests{status="success"})), dollars per successful answer */
    costPerSuccessfulAnswer: Object.fromEntries(ROUTES.map((r) => [r,
      phaseRate('llm_token_cost_dollars', phase, (l) => l.route === r) / phaseRate('llm_requests_total', phase, (l) => l.route === r && l.status === 'success')])),
    /** sum by (provider) (rate(llm_provider_errors_total[5m])) / sum by (provider) (rate(llm_provider_requests_total[5m])) */
    providerErrorRatio: Object.fromEntries(PROVIDERS.map((p) => [p,
      phaseRate('llm_provider_errors_total', phase, (l) => l.provider === p) / phaseRate('llm_provider_requests_total', phase, (l) => l.provider === p)])),
    /** histogram_quantile(0.95, sum by (service, model, le) (rate(llm_request_duration_seconds_bucket[5m]))) */
    p95LatencySeconds: byModel((m) => quantileOf('llm_request_duration_seconds', REQUEST_BUCKETS, phase, (l) => l.model === m)),
    /** histogram_quantile(0.95, rate(llm_retrieval_duration_seconds_bucket[5m])) */
    p95RetrievalSeconds: quantileOf('llm_retrieval_duration_seconds', RETRIEVAL_BUCKETS, phase, () => true),
    groundedness: byModel((m) => (phase === 'incident' && m === INCIDENT.hallucinatingModel ? EVAL_INCIDENT.groundedness : EVAL_SCORES.groundedness[m])),
    up: Object.fromEntries(INSTANCES.map((i) => [i, phase === 'incident' && i === INCIDENT.downInstance ? 0 : 1])),
  };
}

/** The answers of the seed's queries in each phase (windows of 5m..15m at a time inside the phase). */
export const EXPECTED = { normal: expectedFor('normal'), incident: expectedFor('incident') };

/** Labels of models, for code that wants the provider of a model. */
export function providerOf(model: string): string {
  return MODEL_PROVIDER[model as Model] ?? 'unknown';
}
