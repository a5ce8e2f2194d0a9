/**
 * A Prometheus HTTP API client (instant and range queries, series, label values) on the one HttpClient.
 * Error replies {status:"error", errorType, error} become PrometheusQueryError; replies that are not the API's
 * shape become HttpError 'invalid-response'; network problems stay HttpError from HttpClient.
 */
import { HttpError } from '../common/errors';
import { HttpClient, type HttpClientOptions, type RawResponse } from '../common/http';
import { parseDuration, parseTime } from './duration';
import { PrometheusQueryError } from './errors';
import { parseQueryBody, ResultFormatError, type Labels, type QueryResponse } from './results';
import { planStep, type StepPlan } from './step';

/** A time: unix seconds, a Date, or text parseTime accepts (RFC 3339, unix seconds, "now-1h"). */
export type TimeInput = number | Date | string;
/** A duration: seconds, or text such as "15s", "1m", "1h30m". */
export type DurationInput = number | string;

export interface InstantOptions {
  /** Evaluation time (default: the server's now). */
  time?: TimeInput;
  signal?: AbortSignal;
  /** Time limit for this query, sent to Prometheus as `timeout` too so it stops evaluating. */
  timeoutMs?: number;
}

export interface RangeOptions {
  start: TimeInput;
  end: TimeInput;
  step: DurationInput;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Raise the step so no series exceeds 11,000 points (default true). With false, Prometheus decides. */
  raiseStep?: boolean;
}

export interface RangeResponse extends QueryResponse {
  /** The step actually used and, if it was raised, why. */
  step: StepPlan;
}

export interface SeriesOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** URLs longer than this go as a form-encoded POST (Prometheus accepts both for every endpoint used here). */
const MAX_GET_URL = 4000;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

type Params = Array<[string, string]>;

export class PrometheusClient {
  readonly http: HttpClient;

  constructor(http: HttpClient | HttpClientOptions) {
    this.http = http instanceof HttpClient ? http : new HttpClient({ label: `Prometheus ${http.baseUrl}`, ...http });
  }

  get label(): string {
    return this.http.label;
  }

  /** An instant query (/api/v1/query). */
  async instant(query: string, opts: InstantOptions = {}): Promise<QueryResponse> {
    const params: Params = [['query', query]];
    if (opts.time !== undefined) params.push(['time', formatTime(toSeconds(opts.time))]);
    if (opts.timeoutMs !== undefined) params.push(['timeout', `${Math.max(1, Math.round(opts.timeoutMs))}ms`]);
    const res = await this.send('/api/v1/query', params, opts);
    return this.queryReply(res, '/api/v1/query');
  }

  /** A range query (/api/v1/query_range); the step is raised when the range would exceed 11,000 points per series. */
  async range(query: string, opts: RangeOptions): Promise<RangeResponse> {
    const start = toSeconds(opts.start);
    const end = toSeconds(opts.end);
    const requested = typeof opts.step === 'number' ? opts.step : parseDuration(opts.step);
    const plan = opts.raiseStep === false
      ? { step: requested, raised: false, notice: '', points: Math.floor((end - start) / requested) + 1 }
      : planStep(start, end, requested);
    const params: Params = [
      ['query', query],
      ['start', formatTime(start)],
      ['end', formatTime(end)],
      ['step', formatTime(plan.step)],
    ];
    if (opts.timeoutMs !== undefined) params.push(['timeout', `${Math.max(1, Math.round(opts.timeoutMs))}ms`]);
    const res = await this.send('/api/v1/query_range', params, opts);
    return { ...this.queryReply(res, '/api/v1/query_range'), step: plan };
  }

  /** The label sets of the series matching any of the selectors between start and end (/api/v1/series). */
  async series(match: string | string[], start?: TimeInput, end?: TimeInput, opts: SeriesOptions = {}): Promise<Labels[]> {
    const params: Params = (Array.isArray(match) ? match : [match]).map((m): [string, string] => ['match[]', m]);
    if (start !== undefined) params.push(['start', formatTime(toSeconds(start))]);
    if (end !== undefined) params.push(['end', formatTime(toSeconds(end))]);
    const data = await this.call('/api/v1/series', params, opts);
    if (!Array.isArray(data) || data.some((l) => !l || typeof l !== 'object')) throw this.invalid('/api/v1/series', 'data is not a list of label sets');
    return data as Labels[];
  }

  /**
   * Whether a metric (a name or a selector) has at least one series between start and end
   * (default: the last hour before the server's now).
   */
  async hasSeries(metric: string, opts: SeriesOptions & { start?: TimeInput; end?: TimeInput } = {}): Promise<boolean> {
    const end = opts.end !== undefined ? toSeconds(opts.end) : Date.now() / 1000;
    const start = opts.start !== undefined ? toSeconds(opts.start) : end - 3600;
    return (await this.series(metric, start, end, opts)).length > 0;
  }

  /** The values of a label (/api/v1/label/NAME/values), optionally only on series matching `match`. */
  async labelValues(label: string, opts: SeriesOptions & { match?: string | string[]; start?: TimeInput; end?: TimeInput } = {}): Promise<string[]> {
    const params: Params = [];
    for (const m of opts.match === undefined ? [] : Array.isArray(opts.match) ? opts.match : [opts.match]) params.push(['match[]', m]);
    if (opts.start !== undefined) params.push(['start', formatTime(toSeconds(opts.start))]);
    if (opts.end !== undefined) params.push(['end', formatTime(toSeconds(opts.end))]);
    const path = `/api/v1/label/${encodeURIComponent(label)}/values`;
    const data = await this.call(path, params, opts);
    if (!Array.isArray(data) || data.some((v) => typeof v !== 'string')) throw this.invalid(path, 'data is not a list of strings');
    return data as string[];
  }

  // -------------------------------------------------------------------------------------------------------

  /** GET with a query string, or a form-encoded POST when the URL would be long. */
  private send(path: string, params: Params, opts: SeriesOptions): Promise<RawResponse> {
    const encoded = new URLSearchParams(params).toString();
    const common = { signal: opts.signal, timeoutMs: opts.timeoutMs };
    if (this.http.baseUrl.length + path.length + encoded.length + 1 <= MAX_GET_URL) {
      return this.http.request('GET', `${path}?${encoded}`, undefined, common);
    }
    return this.http.request('POST', path, encoded, { ...common, headers: FORM });
  }

  private queryReply(res: RawResponse, path: string): QueryResponse {
    let parsed;
    try {
      parsed = parseQueryBody(res.body);
    } catch (e) {
      if (e instanceof ResultFormatError) {
        // Not the API's envelope: a proxy error page, a wrong URL... Let HttpClient describe a bad status.
        if (res.status < 200 || res.status > 299) this.http.expectJson(res, path);
        throw this.invalid(path, e.message, res.headers['content-type']);
      }
      throw e;
    }
    if (!parsed.ok) {
      const { errorType, error, warnings, infos } = parsed.error;
      throw new PrometheusQueryError(this.label, errorType, this.http.redact(error), res.status, warnings.map((w) => this.http.redact(w)), infos.map((i) => this.http.redact(i)));
    }
    if (res.status < 200 || res.status > 299) this.http.expectJson(res, path);
    return parsed.response;
  }

  /** A non-query endpoint: returns `data` of a success envelope. */
  private async call(path: string, params: Params, opts: SeriesOptions): Promise<unknown> {
    const res = await this.send(path, params, opts);
    let env: { status?: unknown; data?: unknown; errorType?: unknown; error?: unknown; warnings?: unknown; infos?: unknown };
    try {
      env = JSON.parse(res.body);
    } catch {
      this.http.expectJson(res, path); // throws for a bad status or a body that is not JSON
      throw this.invalid(path, 'the reply is not JSON', res.headers['content-type']);
    }
    if (env && env.status === 'error') {
      throw new PrometheusQueryError(
        this.label,
        typeof env.errorType === 'string' ? env.errorType : 'unknown',
        this.http.redact(typeof env.error === 'string' ? env.error : JSON.stringify(env.error ?? '')),
        res.status,
        strings(env.warnings).map((w) => this.http.redact(w)),
        strings(env.infos).map((i) => this.http.redact(i)),
      );
    }
    if (res.status < 200 || res.status > 299) this.http.expectJson(res, path);
    if (!env || env.status !== 'success') throw this.invalid(path, `status is ${JSON.stringify(env?.status)}, expected "success"`);
    return env.data;
  }

  private invalid(path: string, why: string, contentType?: string): HttpError {
    const type = contentType === undefined ? '' : `${contentType || 'no content type'}: `;
    return new HttpError(
      `${this.label} sent a reply to ${path} that is not a Prometheus API answer (${type}${this.http.redact(why)}). Is the URL pointing at Prometheus?`,
      'invalid-response',
      this.http.baseUrl + path,
    );
  }
}

function strings(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.map((w) => (typeof w === 'string' ? w : JSON.stringify(w))) : [];
}

/** Unix seconds of a TimeInput. */
export function toSeconds(t: TimeInput): number {
  if (typeof t === 'number') return t;
  if (t instanceof Date) return t.getTime() / 1000;
  return parseTime(t);
}

/** Seconds as the API wants them: plain decimal, millisecond precision. */
function formatTime(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}
