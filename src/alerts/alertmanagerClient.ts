/**
 * One Alertmanager (API v2) over the shared HttpClient: alerts, groups, silences, status; create and expire silences.
 * Responses are read defensively (alertmanagerParse.ts); a body that is not the promised JSON array is an
 * 'invalid-response' HttpError.
 */
import { HttpClient, type Credentials } from '../common/http';
import { HttpError, InputError } from '../common/errors';
import type { Alert, AlertGroup, AlertmanagerSource, NewSilence, Silence } from './model';
import type { SeverityMapping } from './severity';
import { matcherMatches } from './matchers';
import { parseAlerts, parseGroups, parseSilences, parseStatus, type AlertmanagerStatus, type Parsed } from './alertmanagerParse';

export type { AlertmanagerStatus } from './alertmanagerParse';

export interface AlertmanagerClientOptions {
  credentials?: Credentials;
  timeoutMs?: number;
  severityMapping?: SeverityMapping;
  /** The clock used to tell a resolved alert from a lease (tests). */
  now?: () => number;
}

const ALERTS_QUERY = { active: true, silenced: true, inhibited: true, unprocessed: true };

export class AlertmanagerClient {
  readonly name: string;
  readonly http: HttpClient;
  private readonly now: () => number;

  constructor(
    readonly source: AlertmanagerSource,
    private readonly opts: AlertmanagerClientOptions = {},
  ) {
    this.name = source.name;
    this.now = opts.now ?? Date.now;
    this.http = new HttpClient({
      baseUrl: source.url,
      caFile: source.caFile,
      insecureSkipVerify: source.insecureSkipVerify,
      credentials: opts.credentials,
      timeoutMs: opts.timeoutMs,
      label: `Alertmanager ${source.name}`,
    });
  }

  /** Every alert the server holds (active, silenced, inhibited, unprocessed), with entries it could not read. */
  async readAlerts(signal?: AbortSignal): Promise<Parsed<Alert>> {
    const path = '/api/v2/alerts';
    const body = await this.http.getJson<unknown>(path, { signal, query: ALERTS_QUERY });
    return parseAlerts(this.expectArray(body, path, 'alerts'), this.name, this.opts.severityMapping, this.now());
  }

  async getAlerts(signal?: AbortSignal): Promise<Alert[]> {
    return (await this.readAlerts(signal)).items;
  }

  async readAlertGroups(signal?: AbortSignal): Promise<Parsed<AlertGroup>> {
    const path = '/api/v2/alerts/groups';
    const body = await this.http.getJson<unknown>(path, { signal, query: ALERTS_QUERY });
    return parseGroups(this.expectArray(body, path, 'alert groups'), this.name, this.opts.severityMapping, this.now());
  }

  async getAlertGroups(signal?: AbortSignal): Promise<AlertGroup[]> {
    return (await this.readAlertGroups(signal)).items;
  }

  async readSilences(signal?: AbortSignal): Promise<Parsed<Silence>> {
    const path = '/api/v2/silences';
    const body = await this.http.getJson<unknown>(path, { signal });
    return parseSilences(this.expectArray(body, path, 'silences'), this.name);
  }

  async getSilences(signal?: AbortSignal): Promise<Silence[]> {
    return (await this.readSilences(signal)).items;
  }

  /** Creates a silence and returns its id. Throws InputError for a silence Alertmanager would refuse. */
  async createSilence(s: NewSilence, signal?: AbortSignal): Promise<string> {
    validateNewSilence(s);
    const path = '/api/v2/silences';
    let body: unknown;
    try {
      body = await this.http.sendJson<unknown>('POST', path, s, { signal });
    } catch (e) {
      // Never retried here: a POST that may have reached Alertmanager could create the silence twice.
      if (e instanceof HttpError && mayHaveReachedServer(e)) {
        throw new HttpError(
          `${e.message} The silence may have been created anyway: check the silences of ${this.name} before trying again.`,
          e.kind, e.url, e.status, e.retryAfterSeconds, { cause: e },
        );
      }
      throw e;
    }
    const id = body && typeof body === 'object' ? (body as Record<string, unknown>).silenceID : undefined;
    if (typeof id !== 'string' || id === '') {
      throw new HttpError(`Alertmanager ${this.name} accepted the silence but sent no silenceID; check its silences before retrying.`, 'invalid-response', this.http.baseUrl + path);
    }
    return id;
  }

  /** Expires (ends now) a silence. An unknown id is an HttpError with status 500 ("silence not found"). */
  async expireSilence(id: string, signal?: AbortSignal): Promise<void> {
    if (!id.trim()) throw new InputError('A silence id is needed to expire a silence.');
    await this.http.sendJson('DELETE', `/api/v2/silence/${encodeURIComponent(id.trim())}`, undefined, { signal });
  }

  async getStatus(signal?: AbortSignal): Promise<AlertmanagerStatus> {
    return parseStatus(await this.http.getJson<unknown>('/api/v2/status', { signal }));
  }

  private expectArray(body: unknown, path: string, what: string): unknown[] {
    if (Array.isArray(body)) return body;
    const shape = body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body;
    throw new HttpError(
      `Alertmanager ${this.name} sent ${shape} instead of a list of ${what} for ${path}. Is ${this.http.baseUrl} an Alertmanager (API v2)?`,
      'invalid-response',
      this.http.baseUrl + path,
    );
  }
}

/** Network errors that prove the request never left: nothing can have happened on the server. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Whether a failed request may still have been carried out by the server (its outcome is unknown). */
export function mayHaveReachedServer(e: HttpError): boolean {
  if (e.kind === 'tls') return false;
  if (e.kind === 'status') return (e.status ?? 0) >= 500;
  if (e.kind === 'unreachable') {
    const code = (e.cause as { code?: unknown } | undefined)?.code;
    return !(typeof code === 'string' && NOT_SENT.has(code));
  }
  return true; // timeout, cancelled, invalid-response, too-large: sent, outcome unknown
}

/** The checks Alertmanager makes on a new silence, done first so the message is ours and clear. */
export function validateNewSilence(s: NewSilence): void {
  if (s.matchers.length === 0) throw new InputError('A silence needs at least one matcher.');
  const start = Date.parse(s.startsAt);
  const end = Date.parse(s.endsAt);
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new InputError('A silence needs a valid start and end time.');
  if (end <= start) throw new InputError('A silence must end after it starts.');
  if (end <= Date.now()) throw new InputError('A silence must end in the future.');
  if (!s.createdBy.trim()) throw new InputError('A silence needs an author (createdBy).');
  if (!s.comment.trim()) throw new InputError('A silence needs a comment saying why.');
  if (s.matchers.every((m) => matcherMatches(m, {}))) {
    throw new InputError('At least one matcher of a silence must not match the empty string (else it would silence everything); Alertmanager refuses it.');
  }
}
