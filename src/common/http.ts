/**
 * The one HTTP client of the core (Alertmanager, Prometheus, http cells).
 * Timeouts, cancellation, a cap on response size, TLS options and credentials in one place;
 * every failure becomes an HttpError whose message never contains a credential.
 */
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import * as http from 'node:http';
import { HttpError } from './errors';

export type Credentials =
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string };

export interface TlsOptions {
  /** Path to a PEM file with the CA that signed the server's certificate. */
  caFile?: string;
  /** Skip certificate verification. A loud, per-server opt-in. */
  insecureSkipVerify?: boolean;
}

export interface HttpClientOptions extends TlsOptions {
  baseUrl: string;
  /** Per-request time limit in milliseconds (default 10,000). */
  timeoutMs?: number;
  /** Largest response body accepted, in bytes (default 64 MiB). */
  maxBodyBytes?: number;
  credentials?: Credentials;
  /** Name of the server for messages, for example "Alertmanager prod-eu". */
  label?: string;
}

export interface RequestOptions {
  signal?: AbortSignal;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from request to complete body. */
  elapsedMs: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export class HttpClient {
  private readonly axios: AxiosInstance;
  readonly baseUrl: string;
  readonly label: string;
  /** This client's own credential strings (token, password, encoded header), masked in every message. */
  private secrets: string[] = [];

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.label = options.label ?? this.baseUrl;
    let ca: Buffer | undefined;
    if (options.caFile) {
      try {
        ca = readFileSync(options.caFile);
      } catch (e) {
        throw new HttpError(
          `${this.label}: cannot read the CA file ${options.caFile} (${(e as NodeJS.ErrnoException).code ?? 'error'}). Fix the caFile setting.`,
          'tls',
          this.baseUrl,
        );
      }
      if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
        throw new HttpError(`${this.label}: the CA file ${options.caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----). Fix the caFile setting.`, 'tls', this.baseUrl);
      }
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.credentials?.kind === 'bearer') {
      headers.Authorization = `Bearer ${options.credentials.token}`;
      this.secrets.push(options.credentials.token);
    }
    if (options.credentials?.kind === 'basic') {
      const raw = `${options.credentials.username}:${options.credentials.password}`;
      const encoded = Buffer.from(raw, 'utf8').toString('base64');
      headers.Authorization = `Basic ${encoded}`;
      this.secrets.push(options.credentials.password, encoded);
    }
    // Longest first, so a secret that contains another is masked whole; very short ones would mask ordinary text.
    this.secrets = this.secrets.filter((x) => x.length >= 4).sort((a, b) => b.length - a.length);
    this.axios = axios.create({
      baseURL: this.baseUrl,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxContentLength: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      maxBodyLength: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true,
      maxRedirects: 3,
      headers,
      proxy: false,
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true, ca, rejectUnauthorized: !options.insecureSkipVerify }),
    });
  }

  /**
   * Masks this client's credentials in text that came from the server (an error body may quote the request's
   * Authorization header back).
   */
  redact(text: string): string {
    let out = text;
    for (const x of this.secrets) if (out.includes(x)) out = out.split(x).join('••••');
    return out;
  }

  get insecure(): boolean {
    return this.options.insecureSkipVerify === true;
  }

  /**
   * The warning to show (log channel, cell output) while certificate verification is off for this server;
   * undefined when it is on. Skipping verification is a per-server opt-in and must never be silent.
   */
  get tlsWarning(): string | undefined {
    if (!this.insecure) return undefined;
    const plain = this.baseUrl.startsWith('http:') ? ' (the URL is plain http, so the setting has no effect yet)' : '';
    return `${this.label}: TLS certificate verification is OFF (insecureSkipVerify)${plain}. Anyone on the network path can read and change this traffic, credentials included. Set caFile instead.`;
  }

  /** Sends a request; any status is returned. Network failures become HttpError. */
  async request(method: 'GET' | 'POST' | 'DELETE' | 'HEAD' | 'PUT', path: string, body?: unknown, opts: RequestOptions = {}): Promise<RawResponse> {
    const started = performance.now();
    const url = this.baseUrl + path;
    const config: AxiosRequestConfig = {
      method,
      url: path,
      params: opts.query ? stripUndefined(opts.query) : undefined,
      paramsSerializer: { indexes: null },
      signal: opts.signal,
      headers: opts.headers,
    };
    if (opts.timeoutMs !== undefined) config.timeout = opts.timeoutMs;
    if (body !== undefined) {
      config.data = typeof body === 'string' ? body : JSON.stringify(body);
      config.headers = { 'Content-Type': 'application/json', ...opts.headers };
    }
    try {
      const res = await this.axios.request<string>(config);
      const headersOut: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers ?? {})) {
        if (v !== undefined && v !== null) headersOut[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
      }
      return { status: res.status, headers: headersOut, body: typeof res.data === 'string' ? res.data : '', elapsedMs: performance.now() - started };
    } catch (e) {
      throw this.translate(e, url, opts.signal);
    }
  }

  /** GET and parse JSON, throwing HttpError for a non-2xx status or a body that is not JSON. */
  async getJson<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
    return this.expectJson<T>(await this.request('GET', path, undefined, opts), path);
  }

  async sendJson<T = unknown>(method: 'POST' | 'DELETE' | 'PUT', path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    return this.expectJson<T>(await this.request(method, path, body, opts), path, true);
  }

  /** Turns a raw response into parsed JSON, or an HttpError that quotes the server's own message. */
  expectJson<T>(res: RawResponse, path: string, emptyOk = false): T {
    const url = this.baseUrl + path;
    if (res.status < 200 || res.status > 299) {
      const wait = retryAfter(res.headers['retry-after']);
      throw new HttpError(
        `${this.label} answered ${res.status}${statusText(res.status)} for ${path}: ${this.redact(serverMessage(res.body))}${wait !== undefined ? ` (it asks to retry after ${wait} s)` : ''}`,
        'status',
        url,
        res.status,
        wait,
      );
    }
    if (emptyOk && res.body.trim() === '') return undefined as T;
    try {
      return JSON.parse(res.body) as T;
    } catch {
      const type = res.headers['content-type'] ?? 'no content type';
      throw new HttpError(
        `${this.label} sent a reply to ${path} that is not JSON (${type}, ${res.body.length} bytes, starting ${this.redact(JSON.stringify(res.body.slice(0, 60)))}). Is the URL pointing at the right server?`,
        'invalid-response',
        url,
        res.status,
      );
    }
  }

  private translate(e: unknown, url: string, signal?: AbortSignal): HttpError {
    if (e instanceof HttpError) return e;
    const ax = e as AxiosError;
    const code = ax?.code ?? (ax?.cause as NodeJS.ErrnoException | undefined)?.code;
    const where = this.label;
    if (signal?.aborted || axios.isCancel(e) || code === 'ERR_CANCELED') {
      return new HttpError(`${where}: request cancelled.`, 'cancelled', url);
    }
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_TIMEOUT') {
      const limit = ax.config?.timeout ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      return new HttpError(`${where} did not answer within ${(limit / 1000).toFixed(1)} s (${url}).`, 'timeout', url);
    }
    if (code === 'ERR_BAD_RESPONSE' && /aborted/.test(ax.message)) {
      // The answer started and the connection was cut before its end (axios: "stream has been aborted").
      const status = ax.response?.status;
      return new HttpError(`${where} cut the connection in the middle of its reply${status ? ` (status ${status})` : ''}: connection reset at ${url}. The reply was discarded.`, 'unreachable', url, undefined, undefined, { cause: e });
    }
    if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(ax.message)) {
      const cap = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      return new HttpError(`${where} sent a reply larger than the ${formatBytes(cap)} limit; the reply was discarded.`, 'too-large', url);
    }
    if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
      return new HttpError(
        `${where}: TLS certificate not trusted (${code}). Set caFile for this server, or, only if you accept the risk, insecureSkipVerify.`,
        'tls',
        url,
      );
    }
    const reason = code === 'ECONNREFUSED' ? 'connection refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'host not found'
      : code === 'ECONNRESET' ? 'connection reset'
      : code === 'EHOSTUNREACH' || code === 'ENETUNREACH' ? 'host unreachable'
      : code ?? (ax?.message || 'network error');
    return new HttpError(`${where} is unreachable (${reason}) at ${url}.`, 'unreachable', url, undefined, undefined, { cause: e });
  }
}

function stripUndefined(q: Record<string, string | number | boolean | string[] | undefined>): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined) out[k] = v;
  return out;
}

function statusText(status: number): string {
  const t = http.STATUS_CODES[status];
  return t ? ` ${t}` : '';
}

/** Pulls the human part out of an error body: a JSON string, {message}, {error}, or the text itself. */
export function serverMessage(body: string): string {
  const text = body.trim();
  if (!text) return '(empty body)';
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'string') return parsed;
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>;
      const parts = [o.errorType, o.error, o.message].filter((x) => typeof x === 'string' && x);
      if (parts.length) return parts.join(': ');
    }
  } catch {
    /* not JSON: use the text */
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function retryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const n = Number(value);
  if (Number.isFinite(n) && n >= 0) return n;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.round((date - Date.now()) / 1000)) : undefined;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(0)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} B`;
}
