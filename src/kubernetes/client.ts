/**
 * The one module that loads @kubernetes/client-node (keep it out of activation: import it only when a Kubernetes
 * cell or command runs). It turns a KubeSession into a client-node KubeConfig (TLS, client certificates, tokens,
 * exec credential plugins with their expiry, in-cluster service accounts), and wraps the typed CoreV1Api/AppsV1Api
 * calls with one middleware that
 * - sets the PATCH Content-Type exactly (client-node would send application/json-patch+json for every patch),
 * - adds query parameters and an Accept header (server-side Tables, as kubectl asks for them),
 * - carries the AbortSignal and a per-request time limit,
 * - keeps the server's JSON exactly as sent (the typed models drop unknown fields and turn times into Dates;
 *   kubectl-like output and diffs need the real object),
 * - collects the server's Warning headers,
 * - reuses one keep-alive TLS agent per credential instead of a new handshake per request;
 * and turns failures into KubeApiError (with the server's Status message) or KubeConnectionError.
 */
import * as k8s from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { KubeApiError, KubeConnectionError, KubeconfigError } from './errors';
import { BodyCutError, BodyTooLargeError, cappedHttpLibrary } from './cappedHttp';
import type { KubeSession } from './kubeconfig';

export interface CallOptions {
  /** PATCH body type (strategic merge, merge, JSON patch). */
  contentType?: string;
  /** Accept header (for example server-side Tables). */
  accept?: string;
  /** Extra query parameters the typed method has no argument for. */
  query?: Record<string, string>;
  signal?: AbortSignal;
  /** Per-request time limit (default 60 s). */
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  body: string;
}

/** Turns the merged kubeconfig of a session into client-node's KubeConfig (only the session's context). */
export function toKubeConfig(session: KubeSession): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  const cluster = session.config.clusters.find((c) => c.name === session.cluster);
  const user = session.config.users.find((u) => u.name === session.user);
  const userValue = { ...(user?.value ?? {}) };
  const files: Array<[string, unknown, string]> = [
    ['certificate-authority', cluster?.value['certificate-authority'], `cluster "${session.cluster}" (${cluster?.source})`],
    ['client-certificate', userValue['client-certificate'], `user "${session.user}" (${user?.source})`],
    ['client-key', userValue['client-key'], `user "${session.user}" (${user?.source})`],
    ['token-file', userValue['token-file'], `user "${session.user}" (${user?.source})`],
  ];
  for (const [field, path, owner] of files) {
    if (typeof path === 'string' && path && !existsSync(path)) {
      throw new KubeconfigError(`The ${field} file ${path} of ${owner} does not exist. Fix the kubeconfig or restore the file.`);
    }
  }
  checkAuth(userValue, `user "${session.user}" (${user?.source})`);
  if (typeof userValue['token-file'] === 'string' && !userValue.token) {
    // Read the token file at each use (re-read every minute), as kubectl does, so a rotated token is picked up.
    userValue['auth-provider'] = { name: 'tokenFile', config: { tokenFile: userValue['token-file'] } };
    delete userValue['token-file'];
  }
  const exec = userValue.exec as Record<string, unknown> | undefined;
  if (exec && typeof exec === 'object') {
    // kubectl tells exec plugins how they are run (client.authentication.k8s.io ExecCredential, not interactive).
    const info = JSON.stringify({ apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: false } });
    const env = Array.isArray(exec.env) ? [...(exec.env as unknown[])] : [];
    env.push({ name: 'KUBERNETES_EXEC_INFO', value: info });
    userValue.exec = { ...exec, env, args: Array.isArray(exec.args) ? exec.args : [] };
  }
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: cluster ? [{ name: cluster.name, cluster: cluster.value }] : [],
    users: user ? [{ name: user.name, user: userValue }] : [],
    contexts: [{ name: session.context, context: { cluster: session.cluster, user: user?.name ?? '', namespace: session.namespace } }],
    'current-context': session.context,
  };
  try {
    kc.loadFromString(JSON.stringify(doc));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const file = (e as NodeJS.ErrnoException).path;
    throw new KubeconfigError(
      code && file
        ? `Cannot read ${file} named by user "${session.user}" in the kubeconfig (${code}).`
        : `The kubeconfig entries of context "${session.context}" are not usable: ${(e as Error).message}`,
    );
  }
  return kc;
}

/** exec plugin API versions kubectl accepts (v1alpha1 was removed in 1.24). */
const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

/** Rejects auth settings kubectl would reject, before any request, instead of sending the request without auth. */
function checkAuth(user: Record<string, unknown>, owner: string): void {
  for (const field of ['token', 'username', 'password', 'client-certificate-data', 'client-key-data']) {
    if (user[field] !== undefined && typeof user[field] !== 'string') throw new KubeconfigError(`${owner}: ${field} must be a string.`);
  }
  const provider = user['auth-provider'];
  if (provider !== undefined) {
    const name = provider && typeof provider === 'object' ? (provider as Record<string, unknown>).name : undefined;
    if (name === 'gcp' || name === 'azure') {
      const plugin = name === 'gcp' ? 'gke-gcloud-auth-plugin' : 'kubelogin';
      throw new KubeconfigError(`${owner} uses the ${name} auth-provider, which kubectl removed in 1.26. Use the "${plugin}" exec credential plugin instead.`);
    }
    if (name !== 'oidc') {
      throw new KubeconfigError(`${owner} uses the auth-provider ${JSON.stringify(name ?? null)}, which is not supported (only oidc, or an exec credential plugin).`);
    }
  }
  const exec = user.exec;
  if (exec !== undefined) {
    if (!exec || typeof exec !== 'object' || Array.isArray(exec)) throw new KubeconfigError(`${owner}: exec must be a mapping with command and apiVersion.`);
    const e = exec as Record<string, unknown>;
    if (typeof e.command !== 'string' || e.command === '') throw new KubeconfigError(`${owner}: exec has no command.`);
    if (e.apiVersion !== undefined && !EXEC_API_VERSIONS.includes(String(e.apiVersion))) {
      throw new KubeconfigError(`${owner}: exec plugin apiVersion ${JSON.stringify(e.apiVersion)} is not supported (use ${EXEC_API_VERSIONS.join(' or ')}).`);
    }
  }
}

type Middleware = k8s.ObservableMiddleware;

/** A client for one session: the typed APIs plus the raw-JSON call wrapper. */
export class KubeClient {
  readonly kc: k8s.KubeConfig;
  readonly core: k8s.CoreV1Api;
  readonly apps: k8s.AppsV1Api;
  /** Warning headers the server sent (deprecations, unknown fields), in order, without duplicates. */
  readonly warnings: string[] = [];
  private readonly agents = new Map<string, http.Agent | https.Agent>();
  private readonly httpApi = cappedHttpLibrary();
  /** Requests other than GET handed to the network so far (a change may have reached the server). */
  writesSent = 0;

  constructor(readonly session: KubeSession) {
    this.kc = toKubeConfig(session);
    this.core = this.kc.makeApiClient(k8s.CoreV1Api);
    this.apps = this.kc.makeApiClient(k8s.AppsV1Api);
  }

  /** Runs one typed call and returns the server's JSON exactly as sent. */
  async json<T = unknown>(call: (options: k8s.ConfigurationOptions<Middleware>) => Promise<unknown>, options: CallOptions = {}): Promise<T> {
    const raw = await this.raw(call, options);
    if (raw.body.trim() === '') return undefined as T;
    try {
      return JSON.parse(raw.body) as T;
    } catch {
      throw new KubeApiError(`The API server ${this.session.server} sent a reply that is not JSON (${raw.body.length} bytes).`, raw.status, undefined);
    }
  }

  /** Runs one typed call and returns the body as text (pod logs). */
  async text(call: (options: k8s.ConfigurationOptions<Middleware>) => Promise<unknown>, options: CallOptions = {}): Promise<string> {
    return (await this.raw(call, options)).body;
  }

  private async raw(call: (options: k8s.ConfigurationOptions<Middleware>) => Promise<unknown>, options: CallOptions): Promise<RawResponse> {
    let captured: RawResponse | undefined;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const middleware: Middleware = {
      pre: (ctx) => {
        if (options.contentType) ctx.setHeaderParam('Content-Type', options.contentType);
        if (options.accept) ctx.setHeaderParam('Accept', options.accept);
        for (const [k, v] of Object.entries(options.query ?? {})) ctx.setQueryParam(k, v);
        ctx.setHeaderParam('User-Agent', 'oncall-kubectl-cells');
        const auth = ctx.getHeaders().Authorization;
        if (auth && auth !== auth.trim()) ctx.setHeaderParam('Authorization', auth.trim()); // token files end with a newline
        ctx.setSignal(signal);
        if (String(ctx.getHttpMethod()) !== 'GET') this.writesSent++;
        const agent = ctx.getAgent();
        if (agent) ctx.setAgent(this.sharedAgent(agent));
        return new k8s.Observable(Promise.resolve(ctx));
      },
      post: (res) =>
        new k8s.Observable(
          (async () => {
            const body = await res.body.text();
            captured = { status: res.httpStatusCode, body };
            this.collectWarnings(res.headers.warning);
            return new k8s.ResponseContext(res.httpStatusCode, res.headers, { text: async () => body, binary: async () => Buffer.from(body) });
          })(),
        ),
    };
    try {
      await call({ middleware: [middleware], middlewareMergeStrategy: 'append', httpApi: this.httpApi });
    } catch (e) {
      throw this.translate(e, captured, signal, options);
    }
    if (!captured) throw new KubeConnectionError(`No answer from the API server ${this.session.server}.`, false);
    return captured;
  }

  private collectWarnings(header: string | undefined): void {
    if (!header) return;
    // Warning: 299 - "text", possibly several, comma-separated.
    for (const m of header.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)) {
      const text = m[1].replace(/\\(.)/g, '$1');
      if (!this.warnings.includes(text)) this.warnings.push(text);
    }
  }

  /** One keep-alive agent per TLS identity (CA, client certificate, key, verification), instead of one per request. */
  private sharedAgent(agent: http.Agent | https.Agent): http.Agent | https.Agent {
    const ctor = agent.constructor;
    if (ctor !== https.Agent && ctor !== http.Agent) return agent; // proxy agents: leave as built
    const o = (agent as https.Agent & { options: https.AgentOptions }).options ?? {};
    const h = createHash('sha256');
    for (const part of [o.ca, o.cert, o.key, o.pfx, o.passphrase, String(o.rejectUnauthorized), o.servername, ctor.name]) {
      h.update(part === undefined ? '\0' : Buffer.isBuffer(part) ? part : String(part));
      h.update('\x01');
    }
    const key = h.digest('hex');
    let shared = this.agents.get(key);
    if (!shared) {
      shared = ctor === https.Agent ? new https.Agent({ ...o, keepAlive: true, maxSockets: 8 }) : new http.Agent({ keepAlive: true, maxSockets: 8 });
      this.agents.set(key, shared);
    }
    return shared;
  }

  /** Closes the kept-alive connections. */
  close(): void {
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }

  private translate(e: unknown, captured: RawResponse | undefined, signal: AbortSignal, options: CallOptions): Error {
    if (e instanceof KubeApiError || e instanceof KubeConnectionError || e instanceof KubeconfigError) return e;
    const status = (e as { code?: unknown }).code;
    if (typeof status === 'number' && status >= 300) {
      return apiError(status, captured?.body ?? String((e as { body?: unknown }).body ?? ''));
    }
    if (options.signal?.aborted) return new KubeConnectionError('Cancelled.', true, { cause: e });
    if (signal.aborted) {
      return new KubeConnectionError(`The API server ${this.session.server} did not answer within ${((options.timeoutMs ?? 60_000) / 1000).toFixed(0)} s.`, false, { cause: e });
    }
    const code = (e as NodeJS.ErrnoException).code ?? ((e as { cause?: NodeJS.ErrnoException }).cause?.code);
    const host = safeHost(this.session.server);
    if (e instanceof BodyTooLargeError) {
      return new KubeConnectionError(`The API server ${host} sent a reply larger than the ${Math.round(e.limit / 1024 / 1024)} MiB limit; it was discarded. Narrow the request (a namespace, a label selector, --tail for logs).`, false, { cause: e });
    }
    if (e instanceof BodyCutError) {
      return new KubeConnectionError(`The API server ${host} cut the connection in the middle of its reply${e.status ? ` (status ${e.status})` : ''}; the reply was discarded.`, false, { cause: e });
    }
    if (code === 'ECONNREFUSED') return new KubeConnectionError(`The connection to the server ${host} was refused - did you specify the right host or port?`, false, { cause: e });
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new KubeConnectionError(`Unable to connect to the server: dial tcp: lookup ${host}: no such host`, false, { cause: e });
    if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) && !/^ERR_OSSL_PEM|^ERR_OSSL_.*(KEY|ASN1)/.test(code)) {
      return new KubeConnectionError(`Unable to connect to the server ${host}: TLS certificate not trusted (${code}); check certificate-authority in the kubeconfig.`, false, { cause: e });
    }
    const message = (e as Error)?.message ?? String(e);
    const exec = this.kc.getCurrentUser()?.exec as { command?: string } | undefined;
    if (exec?.command && (code === 'ENOENT' || code === 'EACCES') && message.includes(exec.command)) {
      return new KubeConnectionError(`The exec credential plugin ${exec.command} of user "${this.session.user}" could not be started (${code}). Install it or fix exec.command in the kubeconfig.`, false, { cause: e });
    }
    if (e instanceof SyntaxError && captured) {
      // The typed APIs parse the reply themselves: a cut or garbled body surfaces here.
      return new KubeApiError(`The API server ${this.session.server} sent a reply that is not JSON (${captured.body.length} bytes, status ${captured.status}).`, captured.status, undefined);
    }
    if (exec?.command && e instanceof SyntaxError) {
      return new KubeConnectionError(`The exec credential plugin ${exec.command} of user "${this.session.user}" did not print an ExecCredential (JSON) on stdout.`, false, { cause: e });
    }
    if (code && /^ERR_OSSL_PEM|^ERR_OSSL_.*(KEY|ASN1)/.test(code)) {
      return new KubeConnectionError(`A certificate or key in the kubeconfig (context "${this.session.context}") is not valid PEM (${code}).`, false, { cause: e });
    }
    // client-node's own errors (for example a failing exec credential plugin) carry their text; never a token.
    return new KubeConnectionError(`Unable to connect to the server ${host}: ${message.split('\n')[0]}`, false, { cause: e });
  }
}

function safeHost(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}

interface Status {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { name?: string; kind?: string; causes?: Array<{ field?: string; message?: string }> };
}

/**
 * The error kubectl prints for a Status body: "The Deployment "web" is invalid: spec.replicas: ..." for Invalid
 * (one line per cause when there are several), "error: You must be logged in to the server (...)" for
 * Unauthorized, else "Error from server (Reason): message".
 */
export function apiError(status: number, body: string): KubeApiError {
  let parsed: Status | undefined;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const reason = parsed?.reason || REASONS[status];
  const message = parsed?.kind === 'Status' && parsed.message ? parsed.message : body.trim().slice(0, 500) || `HTTP ${status}`;
  if (reason === 'Invalid' && parsed?.kind === 'Status') {
    const d = parsed.details;
    const head = d?.kind ? `The ${d.kind} ${JSON.stringify(d.name ?? '')} is invalid` : 'The request is invalid';
    const causes = (d?.causes ?? []).map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : String(c.message ?? '')));
    const text = causes.length === 0 ? `${head}: ${message}` : causes.length === 1 ? `${head}: ${causes[0]}` : `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
    return new KubeApiError(text, status, reason, parsed);
  }
  if (reason === 'Unauthorized') return new KubeApiError(`error: You must be logged in to the server (${message})`, status, reason, parsed);
  return new KubeApiError(`Error from server${reason ? ` (${reason})` : ''}: ${message}`, status, reason, parsed);
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};
