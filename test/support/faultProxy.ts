/**
 * A loopback HTTP proxy with switchable faults, in front of any real HTTP(S) server (Alertmanager, Prometheus,
 * a Kubernetes API server). Tests flip faults at run time, from the test process (setFault) or from another
 * process such as the VS Code extension host (the control endpoint on its own port: POST /fault, POST /clear,
 * GET /stats, POST /reset-stats).
 *
 * Faults:
 *   pass          forward unchanged (the default)
 *   refuse        close the listener and every open connection: new connections are refused
 *   delay         forward at once, then hold the reply `ms` (a slow server: the work is done even when the
 *                 client gives up before the reply)
 *   reset         send the status line, headers and half the upstream body, then destroy the socket
 *   status        answer `status` (500, 502, 503, 429...) with an optional Retry-After and body
 *   truncated     a complete 200 reply whose JSON body is the first half of the upstream body
 *   invalid-json  a 200 application/json reply that is not JSON
 *   html          a 200 text/html page (a login page or a proxy's error page)
 *   huge          a 200 application/json body of `bytes` bytes (default 200 MB), streamed with backpressure
 *   echo-auth     a 500 whose body quotes the Authorization header the client sent (a leaky server)
 * A fault can be scoped to a method and/or a path prefix; requests outside the scope pass.
 *
 * The proxy records every request (method, path, Authorization, start, end, bytes sent) and the number in flight
 * per path, so tests can count POSTs or check that a refresh storm sent one request.
 *
 * Pointing it at a Kubernetes API server later: startFaultProxy({ target: 'https://127.0.0.1:6443',
 * upstreamTls: { ca, cert, key } }) with the cluster's CA and a client certificate from the kubeconfig; the proxy
 * speaks plain HTTP (or HTTPS with `tls: { key, cert }`) to the client, so the test kubeconfig's cluster.server
 * becomes proxy.url (and its CA the proxy's when `tls` is set) with a bearer token, or no user auth at all since the
 * proxy presents the client certificate upstream. Watch requests are streamed by `pass` like any other body.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: 'pass' }
  | { kind: 'refuse' }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset' }
  | { kind: 'status'; status: number; retryAfter?: string; body?: string; contentType?: string }
  | { kind: 'truncated' }
  | { kind: 'invalid-json' }
  | { kind: 'html' }
  | { kind: 'huge'; bytes?: number }
  | { kind: 'echo-auth' };

export type FaultKind = Fault['kind'];

/** Which requests a fault applies to (all when empty). */
export interface FaultScope {
  method?: string;
  /** A path prefix, for example /api/v2/alerts (the query string is not part of the path). */
  path?: string;
}

export interface ProxyRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path with the query string, as received. */
  url: string;
  authorization: string | undefined;
  /** The fault applied ('pass' when none). */
  fault: FaultKind;
  startedAt: number;
  endedAt: number | undefined;
  /** Status sent to the client (undefined when the connection was cut before a status line). */
  status: number | undefined;
  /** Body bytes written to the client. */
  bytesSent: number;
  /** The client went away before the reply was complete. */
  clientClosed: boolean;
}

export interface ProxyStats {
  requests: ProxyRequest[];
  inFlight: number;
  /** Largest number of requests in flight at once, per path. */
  maxInFlight: Record<string, number>;
}

export interface FaultProxyOptions {
  /** The real server, for example http://127.0.0.1:9093. */
  target: string;
  /** Reject with 401 any request whose Authorization header is not exactly this (e.g. "Bearer abc"). */
  requireAuthorization?: string;
  /** Serve HTTPS to the client with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** TLS options toward an https target: its CA and, for client-certificate auth, a certificate and key. */
  upstreamTls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized?: boolean };
}

export interface FaultProxy {
  /** The proxy's base URL (what the client under test is configured with). */
  url: string;
  port: number;
  /** The control endpoint's base URL (its own port). */
  controlUrl: string;
  setFault(fault: Fault, scope?: FaultScope): Promise<void>;
  /** Back to pass-through (reopens the listener after `refuse`). */
  clear(): Promise<void>;
  readonly requests: readonly ProxyRequest[];
  /** Requests seen, optionally only those of a method and/or path prefix. */
  count(filter?: FaultScope): number;
  stats(): ProxyStats;
  resetStats(): void;
  /** Resolves when no request is in flight (the proxy has seen every client hang up or finish). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const HUGE_DEFAULT = 200 * 1000 * 1000;
const HTML_PAGE = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>Please sign in</h1><form method="post"><input name="user"></form></body></html>\n';

interface Rule {
  fault: Fault;
  scope: FaultScope;
}

function inScope(scope: FaultScope, method: string, path: string): boolean {
  if (scope.method && scope.method.toUpperCase() !== method.toUpperCase()) return false;
  if (scope.path && !path.startsWith(scope.path)) return false;
  return true;
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(opts.target);
  const upstreamIsHttps = target.protocol === 'https:';
  const upstreamAgent = upstreamIsHttps
    ? new https.Agent({ keepAlive: true, ...opts.upstreamTls })
    : new http.Agent({ keepAlive: true });
  let rule: Rule = { fault: { kind: 'pass' }, scope: {} };
  let requests: ProxyRequest[] = [];
  let inFlight = 0;
  const inFlightByPath = new Map<string, number>();
  let maxInFlight: Record<string, number> = {};
  const sockets = new Set<Socket>();

  /** Forwards the request upstream; resolves with the upstream response (body not read yet). */
  const forward = (req: http.IncomingMessage, body: Buffer): Promise<http.IncomingMessage> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host };
      delete headers.connection;
      const up = (upstreamIsHttps ? https : http).request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: `${target.pathname.replace(/\/+$/, '')}${req.url ?? '/'}`,
          headers,
          agent: upstreamAgent,
        },
        resolve,
      );
      up.on('error', reject);
      up.end(body);
    });

  const readAll = (s: NodeJS.ReadableStream): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      s.on('data', (c: Buffer) => chunks.push(c));
      s.on('end', () => resolve(Buffer.concat(chunks)));
      s.on('error', reject);
    });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    const active = inScope(rule.scope, method, path) ? rule.fault : ({ kind: 'pass' } as Fault);
    const record: ProxyRequest = {
      method,
      path,
      url,
      authorization: req.headers.authorization,
      fault: active.kind,
      startedAt: Date.now(),
      endedAt: undefined,
      status: undefined,
      bytesSent: 0,
      clientClosed: false,
    };
    requests.push(record);
    inFlight++;
    const now = (inFlightByPath.get(path) ?? 0) + 1;
    inFlightByPath.set(path, now);
    maxInFlight[path] = Math.max(maxInFlight[path] ?? 0, now);
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      record.endedAt = Date.now();
      inFlight--;
      inFlightByPath.set(path, (inFlightByPath.get(path) ?? 1) - 1);
    };
    res.on('close', () => {
      if (!res.writableFinished) record.clientClosed = true;
      finish();
    });
    const send = (status: number, headers: Record<string, string>, body: string | Buffer) => {
      record.status = status;
      const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      res.writeHead(status, { ...headers, 'Content-Length': String(buf.length) });
      res.end(buf);
      record.bytesSent = buf.length;
    };

    const body = await readAll(req);
    if (opts.requireAuthorization !== undefined && req.headers.authorization !== opts.requireAuthorization) {
      send(401, { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': 'Bearer' }, 'Unauthorized: a valid bearer token is required\n');
      return;
    }

    switch (active.kind) {
      case 'status': {
        const headers: Record<string, string> = { 'Content-Type': active.contentType ?? 'text/plain; charset=utf-8' };
        if (active.retryAfter !== undefined) headers['Retry-After'] = active.retryAfter;
        send(active.status, headers, active.body ?? `${active.status} ${http.STATUS_CODES[active.status] ?? ''} (injected by the fault proxy)\n`);
        return;
      }
      case 'invalid-json':
        send(200, { 'Content-Type': 'application/json' }, '{"status": "success", "data": [1, 2,, oops}');
        return;
      case 'html':
        send(200, { 'Content-Type': 'text/html; charset=utf-8' }, HTML_PAGE);
        return;
      case 'echo-auth':
        send(500, { 'Content-Type': 'text/plain; charset=utf-8' }, `internal error while handling ${method} ${path}; request headers were: Authorization: ${req.headers.authorization ?? '(none)'}\n`);
        return;
      case 'huge':
        streamHuge(res, record, active.bytes ?? HUGE_DEFAULT);
        return;
      default:
        break;
    }

    // The request goes upstream at once, as to a slow server that does the work and answers late: a mutation
    // whose client gave up meanwhile still happens.
    let upstream: http.IncomingMessage;
    try {
      upstream = await forward(req, body);
    } catch (e) {
      if (!res.headersSent && !res.destroyed) send(502, { 'Content-Type': 'text/plain' }, `fault proxy: upstream failed: ${(e as Error).message}\n`);
      return;
    }
    if (active.kind === 'delay') {
      const full = await readAll(upstream);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, active.ms);
        res.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (res.destroyed || record.clientClosed) return;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(upstream.headers)) if (typeof v === 'string' && !/^(connection|keep-alive|content-length|transfer-encoding)$/i.test(k)) headers[k] = v;
      send(upstream.statusCode ?? 502, headers, full);
      return;
    }
    if (active.kind === 'reset' || active.kind === 'truncated') {
      const full = await readAll(upstream);
      const half = full.subarray(0, Math.floor(full.length / 2));
      if (active.kind === 'truncated') {
        send(upstream.statusCode ?? 200, { 'Content-Type': upstream.headers['content-type'] ?? 'application/json' }, half);
        return;
      }
      // Promise the whole body (at least one byte, so an empty reply is cut too), send half, then cut the connection.
      record.status = upstream.statusCode ?? 200;
      res.writeHead(record.status, { 'Content-Type': upstream.headers['content-type'] ?? 'application/json', 'Content-Length': String(Math.max(1, full.length)) });
      res.write(half, () => {
        record.bytesSent = half.length;
        if (res.socket) res.socket.resetAndDestroy();
      });
      return;
    }
    // pass and delay: stream the upstream reply through.
    record.status = upstream.statusCode ?? 502;
    const headers = { ...upstream.headers };
    delete headers.connection;
    delete headers['keep-alive'];
    res.writeHead(record.status, headers);
    upstream.on('data', (c: Buffer) => (record.bytesSent += c.length));
    upstream.pipe(res);
    res.on('close', () => upstream.destroy());
  };

  const proxyHandler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`fault proxy error: ${String(e)}\n`);
      else res.destroy();
    });
  };
  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, proxyHandler) : http.createServer(proxyHandler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server, 0);
  const scheme = opts.tls ? 'https' : 'http';

  const setFault = async (fault: Fault, scope: FaultScope = {}): Promise<void> => {
    const wasRefusing = rule.fault.kind === 'refuse';
    rule = { fault, scope };
    if (fault.kind === 'refuse') {
      await closeServer(server);
      for (const s of sockets) s.destroy();
      return;
    }
    // Other faults apply to new requests; keep-alive connections made before see them too.
    if (wasRefusing && !server.listening) await reopen();
  };
  const reopen = async (): Promise<void> => {
    // The port was ours a moment ago; another process may take it in between, so retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await listen(server, port);
        return;
      } catch (e) {
        if (attempt >= 50) throw e;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };

  const stats = (): ProxyStats => ({ requests: requests.map((r) => ({ ...r })), inFlight, maxInFlight: { ...maxInFlight } });
  const resetStats = () => {
    requests = [];
    maxInFlight = {};
    for (const [p, n] of inFlightByPath) if (n > 0) maxInFlight[p] = n;
  };

  // The control endpoint: JSON in, JSON out, on its own port (so `refuse` does not close it).
  const control = http.createServer((req, res) => {
    void readAll(req).then(async (raw) => {
      const reply = (status: number, value: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
      try {
        const route = `${req.method} ${(req.url ?? '').split('?')[0]}`;
        if (route === 'POST /fault') {
          const { fault, scope } = JSON.parse(raw.toString('utf8')) as { fault: Fault; scope?: FaultScope };
          await setFault(fault, scope);
          return reply(200, { ok: true });
        }
        if (route === 'POST /clear') {
          await setFault({ kind: 'pass' });
          return reply(200, { ok: true });
        }
        if (route === 'GET /stats') return reply(200, stats());
        if (route === 'POST /reset-stats') {
          resetStats();
          return reply(200, { ok: true });
        }
        return reply(404, { error: `unknown control route ${route}` });
      } catch (e) {
        return reply(400, { error: String(e) });
      }
    });
  });
  const controlPort = await listen(control, 0);

  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    setFault,
    clear: () => setFault({ kind: 'pass' }),
    get requests() {
      return requests;
    },
    count: (filter: FaultScope = {}) => requests.filter((r) => inScope(filter, r.method, r.path)).length,
    stats,
    resetStats,
    idle: async () => {
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await closeServer(server);
      await closeServer(control);
      upstreamAgent.destroy();
    },
  };
}

/** Streams `total` bytes of a JSON array as fast as the client reads, stopping when the client goes away. */
function streamHuge(res: http.ServerResponse, record: ProxyRequest, total: number): void {
  record.status = 200;
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const item = Buffer.from(`{"labels":{"alertname":"Huge","pad":"${'x'.repeat(1000)}"}},`, 'utf8');
  const chunk = Buffer.concat([...Array(64)].map(() => item));
  let sent = 0;
  let stopped = false;
  res.on('close', () => (stopped = true));
  const pump = () => {
    while (!stopped && sent < total) {
      const piece = sent === 0 ? Buffer.concat([Buffer.from('['), chunk]) : chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += piece.length;
      record.bytesSent = sent;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!stopped) res.end();
  };
  pump();
}

/** Control client for another process (the extension host): the same operations over the control URL. */
export function faultControl(controlUrl: string): {
  setFault(fault: Fault, scope?: FaultScope): Promise<void>;
  clear(): Promise<void>;
  stats(): Promise<ProxyStats>;
  resetStats(): Promise<void>;
} {
  const post = async (path: string, body?: unknown) => {
    const res = await fetch(`${controlUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body === undefined ? '' : JSON.stringify(body) });
    if (!res.ok) throw new Error(`fault proxy control ${path}: ${res.status} ${await res.text()}`);
  };
  return {
    setFault: (fault, scope) => post('/fault', { fault, scope }),
    clear: () => post('/clear'),
    stats: async () => {
      const res = await fetch(`${controlUrl}/stats`);
      if (!res.ok) throw new Error(`fault proxy control /stats: ${res.status}`);
      return (await res.json()) as ProxyStats;
    },
    resetStats: () => post('/reset-stats'),
  };
}
