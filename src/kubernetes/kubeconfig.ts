/**
 * Reads kubeconfig the way kubectl (client-go's clientcmd) does, without loading @kubernetes/client-node:
 * - an explicit file (--kubeconfig) is the only file read, and it must exist;
 * - otherwise KUBECONFIG, a list of files separated by ':' (';' on Windows): missing files are skipped, the rest are
 *   merged in order, and the first file to define a cluster, user or context name (or a non-empty current-context)
 *   wins;
 * - otherwise ~/.kube/config;
 * - otherwise, inside a pod, the in-cluster service account.
 * Relative paths in a file (certificate-authority, client-certificate, client-key, token-file, and an exec plugin
 * command that contains a path separator) are resolved against that file's folder. The result lists the contexts
 * for a picker; `selectContext` turns it into the context, cluster, server and namespace an operation runs with.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { KubeconfigError, NoContextError } from './errors';

type Json = Record<string, unknown>;

export interface NamedEntry<T extends Json = Json> {
  name: string;
  /** The cluster / user / context fields as written in kubeconfig (kebab-case keys). */
  value: T;
  /** The file that defined it (first definition wins). */
  source: string;
}

export interface LoadedKubeconfig {
  clusters: NamedEntry[];
  users: NamedEntry[];
  contexts: NamedEntry[];
  /** '' when no file sets one: the caller must let the engineer pick. */
  currentContext: string;
  /** The files read, in order ('in-cluster' for the service account). */
  sources: string[];
  /** True when the configuration is the pod's service account. */
  inCluster: boolean;
}

export interface ContextSummary {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
  current: boolean;
}

/** What an operation runs against: the session of a notebook or of one CLI call. */
export interface KubeSession {
  config: LoadedKubeconfig;
  context: string;
  cluster: string;
  user: string;
  server: string;
  /** The namespace used when a cell gives no -n: the picker's choice, else the context's, else "default". */
  namespace: string;
}

export interface LoadKubeconfigOptions {
  /** An explicit kubeconfig file (kubectl --kubeconfig): only this file is read. */
  kubeconfig?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Where the service account is mounted (tests). */
  serviceAccountDir?: string;
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The kubeconfig files kubectl would read, in order (existing or not). */
export function kubeconfigFiles(options: LoadKubeconfigOptions = {}): string[] {
  if (options.kubeconfig) return [options.kubeconfig];
  const env = options.env ?? process.env;
  const list = env.KUBECONFIG;
  if (list) {
    const seen = new Set<string>();
    const files: string[] = [];
    for (const f of list.split(delimiter)) {
      if (!f || seen.has(f)) continue;
      seen.add(f);
      files.push(f);
    }
    return files;
  }
  return [join(options.home ?? homedir(), '.kube', 'config')];
}

export function loadKubeconfig(options: LoadKubeconfigOptions = {}): LoadedKubeconfig {
  const env = options.env ?? process.env;
  if (options.kubeconfig) {
    if (!existsSync(options.kubeconfig)) {
      throw new KubeconfigError(`The kubeconfig file ${options.kubeconfig} does not exist. Check the path given with --kubeconfig.`);
    }
    return merge([parseFile(options.kubeconfig)]);
  }
  const files = kubeconfigFiles(options);
  const existing = files.filter((f) => existsSync(f));
  if (existing.length) return merge(existing.map(parseFile));
  const saDir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && existsSync(join(saDir, 'token'))) {
    return inClusterConfig(env, saDir);
  }
  const where = env.KUBECONFIG ? `KUBECONFIG (${files.join(delimiter)}) names no existing file` : `${files[0]} does not exist and this is not a pod`;
  throw new KubeconfigError(`No kubeconfig found: ${where}. Set KUBECONFIG, create ~/.kube/config, or pass --kubeconfig.`);
}

/** Parses one kubeconfig text (paths resolved against `file`'s folder). Exported for tests and callers with text. */
export function parseKubeconfigText(text: string, file: string): { clusters: NamedEntry[]; users: NamedEntry[]; contexts: NamedEntry[]; currentContext: string } {
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: false });
  } catch (e) {
    throw new KubeconfigError(`${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return { clusters: [], users: [], contexts: [], currentContext: '' };
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new KubeconfigError(`${file} is not a kubeconfig (expected a mapping with clusters, users and contexts).`);
  const d = doc as Json;
  const base = dirname(resolve(file));
  const list = (key: 'clusters' | 'users' | 'contexts', inner: 'cluster' | 'user' | 'context'): NamedEntry[] => {
    const raw = d[key];
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) throw new KubeconfigError(`${file}: ${key} must be a list.`);
    return raw.map((item, i) => {
      if (!item || typeof item !== 'object') throw new KubeconfigError(`${file}: ${key}[${i}] must be a mapping with name and ${inner}.`);
      const it = item as Json;
      if (typeof it.name !== 'string' || it.name === '') throw new KubeconfigError(`${file}: ${key}[${i}] has no name.`);
      const value = it[inner] ?? {};
      if (typeof value !== 'object' || Array.isArray(value)) throw new KubeconfigError(`${file}: ${key}[${i}] (${it.name}): ${inner} must be a mapping.`);
      return { name: it.name, value: { ...(value as Json) }, source: file };
    });
  };
  const clusters = list('clusters', 'cluster');
  const users = list('users', 'user');
  const contexts = list('contexts', 'context');
  for (const c of clusters) resolvePath(c.value, 'certificate-authority', base);
  for (const u of users) {
    resolvePath(u.value, 'client-certificate', base);
    resolvePath(u.value, 'client-key', base);
    resolvePath(u.value, 'token-file', base);
    const exec = u.value.exec;
    if (exec && typeof exec === 'object') {
      const e = { ...(exec as Json) };
      // client-go resolves an exec command relative to the kubeconfig only when it contains a path separator.
      if (typeof e.command === 'string' && e.command.includes(sep) && !isAbsolute(e.command)) e.command = join(base, e.command);
      u.value.exec = e;
    }
  }
  const current = d['current-context'];
  return { clusters, users, contexts, currentContext: typeof current === 'string' ? current : '' };
}

function resolvePath(o: Json, key: string, base: string): void {
  const v = o[key];
  if (typeof v === 'string' && v !== '' && !isAbsolute(v)) o[key] = join(base, v);
}

function parseFile(file: string): ReturnType<typeof parseKubeconfigText> & { file: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KubeconfigError(`Cannot read the kubeconfig file ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  return { ...parseKubeconfigText(text, file), file };
}

function merge(files: Array<ReturnType<typeof parseKubeconfigText> & { file: string }>): LoadedKubeconfig {
  const out: LoadedKubeconfig = { clusters: [], users: [], contexts: [], currentContext: '', sources: files.map((f) => f.file), inCluster: false };
  const add = (into: NamedEntry[], entries: NamedEntry[]) => {
    for (const e of entries) if (!into.some((x) => x.name === e.name)) into.push(e);
  };
  for (const f of files) {
    add(out.clusters, f.clusters);
    add(out.users, f.users);
    add(out.contexts, f.contexts);
    if (!out.currentContext && f.currentContext) out.currentContext = f.currentContext;
  }
  return out;
}

function inClusterConfig(env: NodeJS.ProcessEnv, saDir: string): LoadedKubeconfig {
  const host = env.KUBERNETES_SERVICE_HOST!;
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT}`;
  let namespace = 'default';
  try {
    namespace = readFileSync(join(saDir, 'namespace'), 'utf8').trim() || 'default';
  } catch {
    /* no namespace file: default */
  }
  return {
    clusters: [{ name: 'in-cluster', value: { server, 'certificate-authority': join(saDir, 'ca.crt') }, source: 'in-cluster' }],
    users: [{ name: 'in-cluster', value: { 'token-file': join(saDir, 'token') }, source: 'in-cluster' }],
    contexts: [{ name: 'in-cluster', value: { cluster: 'in-cluster', user: 'in-cluster', namespace }, source: 'in-cluster' }],
    currentContext: 'in-cluster',
    sources: ['in-cluster'],
    inCluster: true,
  };
}

/** The contexts, for a picker. */
export function listContexts(config: LoadedKubeconfig): ContextSummary[] {
  return config.contexts.map((c) => {
    const cluster = str(c.value.cluster);
    const server = config.clusters.find((x) => x.name === cluster)?.value.server;
    const namespace = str(c.value.namespace);
    return {
      name: c.name,
      cluster,
      user: str(c.value.user),
      ...(namespace ? { namespace } : {}),
      ...(typeof server === 'string' ? { server } : {}),
      current: c.name === config.currentContext,
    };
  });
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * The session for a context (default: current-context) and namespace (default: the context's, else "default").
 * Throws NoContextError when nothing is selected (the caller shows a picker), KubeconfigError when the context,
 * its cluster, its server or its user is missing.
 */
export function selectContext(config: LoadedKubeconfig, choice: { context?: string; namespace?: string } = {}): KubeSession {
  const name = choice.context || config.currentContext;
  const names = config.contexts.map((c) => c.name);
  if (!name) throw new NoContextError(names, config.sources);
  const ctx = config.contexts.find((c) => c.name === name);
  if (!ctx) {
    throw new KubeconfigError(`context "${name}" does not exist in ${config.sources.join(', ')}${names.length ? `; contexts: ${names.join(', ')}` : ' (it defines no contexts)'}.`);
  }
  const clusterName = str(ctx.value.cluster);
  if (!clusterName) throw new KubeconfigError(`context "${name}" (${ctx.source}) names no cluster.`);
  const cluster = config.clusters.find((c) => c.name === clusterName);
  if (!cluster) throw new KubeconfigError(`context "${name}" refers to cluster "${clusterName}", which is not defined in ${config.sources.join(', ')}.`);
  const server = str(cluster.value.server);
  if (!server) throw new KubeconfigError(`cluster "${clusterName}" (${cluster.source}) has no server URL.`);
  try {
    const u = new URL(server);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw new KubeconfigError(`cluster "${clusterName}" (${cluster.source}) has server ${JSON.stringify(server)}, which is not an http(s) URL.`);
  }
  const userName = str(ctx.value.user);
  if (userName && !config.users.some((u) => u.name === userName)) {
    throw new KubeconfigError(`context "${name}" refers to user "${userName}", which is not defined in ${config.sources.join(', ')}.`);
  }
  const namespace = choice.namespace || str(ctx.value.namespace) || 'default';
  return { config, context: name, cluster: clusterName, user: userName, server: server.replace(/\/+$/, ''), namespace };
}
