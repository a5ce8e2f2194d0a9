/**
 * Helpers of the Kubernetes integration tests (kube*.test.ts):
 * - a recording proxy: a plain-HTTP listener on 127.0.0.1 that forwards every request to the real apiserver with
 *   the admin client certificate and records method, path, Content-Type and body — so tests observe on the wire
 *   what our code (and the real kubectl, pointed at the same proxy) sends;
 * - the real kubectl built by scripts/k8s/build.sh, run with execFile (never a shell);
 * - a session for our core from a kubeconfig.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as http from 'node:http';
import * as https from 'node:https';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { kubectlBinary } from '../support/kubeCluster';
import { loadKubeconfig, selectContext, type KubeSession } from '../../src/kubernetes/kubeconfig';

export interface RecordedRequest {
  method: string;
  /** Path and query, for example /apis/apps/v1/namespaces/ai/deployments/web?dryRun=All */
  url: string;
  contentType: string | undefined;
  userAgent: string | undefined;
  body: string;
}

export interface RecordingProxy {
  url: string;
  /** A kubeconfig that points at the proxy (http, no credentials: the proxy adds them). */
  kubeconfig: string;
  requests: RecordedRequest[];
  /** Recorded requests with a method, optionally by user agent ('kubectl' or ours). */
  patches(who?: 'kubectl' | 'oncall'): RecordedRequest[];
  clear(): void;
  stop(): Promise<void>;
}

interface AdminCredentials {
  server: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export function adminCredentials(kubeconfig: string): AdminCredentials {
  const doc = parseYaml(readFileSync(kubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: Record<string, string> }>;
    users: Array<{ user: Record<string, string> }>;
  };
  const c = doc.clusters[0].cluster;
  const u = doc.users[0].user;
  const b64 = (s: string) => Buffer.from(s, 'base64');
  return { server: c.server, ca: b64(c['certificate-authority-data']), cert: b64(u['client-certificate-data']), key: b64(u['client-key-data']) };
}

export async function startRecordingProxy(adminKubeconfig: string, dir: string): Promise<RecordingProxy> {
  const admin = adminCredentials(adminKubeconfig);
  const upstream = new URL(admin.server);
  const agent = new https.Agent({ ca: admin.ca, cert: admin.cert, key: admin.key, keepAlive: true });
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        userAgent: req.headers['user-agent'],
        body: body.toString('utf8'),
      });
      const headers = { ...req.headers, host: upstream.host };
      delete headers.authorization;
      const up = https.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', (e) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${e.message}`);
      });
      up.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  const kubeconfig = join(dir, 'proxy.kubeconfig');
  writeFileSync(kubeconfig, stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'proxy', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'proxy', user: {} }],
    contexts: [{ name: 'proxy', context: { cluster: 'proxy', user: 'proxy' } }],
    'current-context': 'proxy',
  }));
  return {
    url,
    kubeconfig,
    requests,
    patches: (who) =>
      requests.filter((r) => r.method === 'PATCH' && (!who || (who === 'kubectl' ? /^kubectl/.test(r.userAgent ?? '') : /^oncall/.test(r.userAgent ?? '')))),
    clear: () => void requests.splice(0),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

let cacheDir: string | undefined;

/** kubectl's discovery and HTTP cache, in a temporary folder of this process (not in ~/.kube/cache). */
export function kubectlCacheDir(): string {
  if (!cacheDir) {
    const d = mkdtempSync(join(tmpdir(), 'oncall-kubectl-cache-'));
    cacheDir = d;
    process.once('exit', () => rmSync(d, { recursive: true, force: true }));
  }
  return cacheDir;
}

/** Runs the real kubectl (execFile, no shell). */
export function kubectl(kubeconfig: string, args: string[], input?: string): Promise<KubectlRun> {
  return new Promise((resolve) => {
    const env = { ...process.env, KUBECONFIG: '', KUBECACHEDIR: kubectlCacheDir() };
    const child = execFile(kubectlBinary(), ['--kubeconfig', kubeconfig, ...args], { maxBuffer: 32 * 1024 * 1024, env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as NodeJS.ErrnoException & { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Runs kubectl and fails the test with its stderr if it fails. */
export async function kubectlOk(kubeconfig: string, args: string[], input?: string): Promise<string> {
  const r = await kubectl(kubeconfig, args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

export function sessionFor(kubeconfig: string, namespace?: string): KubeSession {
  return selectContext(loadKubeconfig({ kubeconfig }), namespace ? { namespace } : {});
}

/** Polls until `check` returns a value (not undefined), or fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** An object without what differs between twins or between runs: uids, versions, times, managedFields, status. */
export function comparable(obj: Obj, opts: { keepStatus?: boolean } = {}): Obj {
  const o = structuredClone(obj);
  const m = o.metadata ?? {};
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'namespace', 'selfLink']) delete m[k];
  if (m.annotations) {
    delete m.annotations['kubectl.kubernetes.io/last-applied-configuration'];
    if (!Object.keys(m.annotations).length) delete m.annotations;
  }
  const tmplAnn = o.spec?.template?.metadata?.annotations;
  if (tmplAnn?.['kubectl.kubernetes.io/restartedAt']) tmplAnn['kubectl.kubernetes.io/restartedAt'] = '<time>';
  if (!opts.keepStatus) delete o.status;
  return o;
}
