/**
 * A real Kubernetes control plane for tests: etcd, kube-apiserver, kube-controller-manager and kube-scheduler
 * (Kubernetes 1.34, built from Go modules by scripts/k8s/build.sh and cached outside the checkout) plus kwok, which
 * fakes the nodes, makes pods Running and serves their logs through the apiserver. Everything listens on 127.0.0.1
 * with free ports and lives in its own temporary folder. The scripts are run with execFile, never through a shell.
 *
 *   test('...', { skip: kubeClusterSkipReason() }, async () => { const c = await startKubeCluster(); ... await c.stop(); });
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from './codeServer';
import { removeDir, tempDir } from './process';

export interface KubeVersions {
  /** e.g. v1.34.4 */
  kubernetes: string;
  /** e.g. 3.6.17 */
  etcd: string;
  /** e.g. 0.8.0 */
  kwok: string;
}

export interface KubeCluster {
  /** Path of a self-contained admin kubeconfig (client certificate embedded). */
  kubeconfig: string;
  /** https://127.0.0.1:PORT */
  server: string;
  /** The temporary folder holding the cluster's state (removed by stop()). */
  stateDir: string;
  /** Stops every component process and removes stateDir. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartKubeClusterOptions {
  /** Seed namespace `ai` (llm-inference with two revisions, llm-gateway, configmap llm-quotas, pod logs). Default true. */
  seed?: boolean;
  /** Fake nodes (default 2). */
  nodes?: number;
  /** Start plus seed budget (default 5 minutes: a cold start on a busy 2-core machine). */
  timeoutMs?: number;
}

const BINARIES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'etcd', 'kwok', 'kwokctl'];

function scriptsDir(): string {
  return join(repoRoot(), 'scripts', 'k8s');
}

function cacheDir(): string {
  return process.env.ONCALL_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'oncall');
}

/** The versions scripts/k8s/versions.env pins (environment overrides as in the scripts). */
export function kubeVersions(): KubeVersions {
  const pinned: Record<string, string> = {};
  for (const line of readFileSync(join(scriptsDir(), 'versions.env'), 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(\S+)\s*$/.exec(line);
    if (m) pinned[m[1]] = m[2];
  }
  const pick = (key: string): string => {
    const value = process.env[key] || pinned[key];
    if (!value) throw new Error(`scripts/k8s/versions.env has no ${key}`);
    return value;
  };
  return { kubernetes: pick('K8S_VERSION'), etcd: pick('ETCD_VERSION').replace(/^v/, ''), kwok: pick('KWOK_VERSION').replace(/^v/, '') };
}

/** Where build.sh caches the binaries: $ONCALL_CACHE/k8s-vX-etcd-Y-kwok-Z/bin (or K8S_BIN_DIR). */
export function kubeBinDir(): string {
  if (process.env.K8S_BIN_DIR) return process.env.K8S_BIN_DIR;
  const v = kubeVersions();
  return join(cacheDir(), `k8s-${v.kubernetes}-etcd-${v.etcd}-kwok-${v.kwok}`, 'bin');
}

/** Path of the built kubectl (same version as the apiserver), for differential tests. */
export function kubectlBinary(): string {
  return join(kubeBinDir(), 'kubectl');
}

/** Why a real cluster cannot be started here, or undefined when every binary is in the cache. */
export function kubeClusterSkipReason(): string | undefined {
  let dir: string;
  try {
    dir = kubeBinDir();
  } catch (err) {
    return `no Kubernetes versions: ${(err as Error).message}`;
  }
  const missing = BINARIES.filter((b) => !existsSync(join(dir, b)));
  if (missing.length === 0) return undefined;
  return `Kubernetes binaries not built (missing ${missing.join(', ')} in ${dir}): run scripts/k8s/build.sh (tens of minutes cold)`;
}

/** True when every binary a cluster needs is in the cache. */
export function clusterAvailable(): boolean {
  return kubeClusterSkipReason() === undefined;
}

interface RunResult {
  stdout: string;
  stderr: string;
}

/** The scripts' environment: this Node first on PATH (start.sh uses it to pick free ports), no KUBECONFIG. */
function scriptEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  delete env.KUBECONFIG;
  return env;
}

function runScript(script: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile('bash', [join(scriptsDir(), script), ...args], { env: scriptEnv(), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      if (err) {
        const how = err.killed ? `timed out after ${timeoutMs} ms` : `exited with ${String(err.code ?? err.signal)}`;
        reject(new Error(`scripts/k8s/${script} ${how}:\n${lastLines(`${stdout}\n${stderr}`, 40)}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

/**
 * Starts a cluster in a new temporary folder (and seeds it unless told not to). start.sh runs with --foreground as
 * a child of this process: it supervises the components (a child subreaper, so each is reaped) and stops them when
 * stop() sends it SIGTERM, or when this process dies. On failure everything started is stopped again and the
 * error carries the scripts' last output.
 */
export async function startKubeCluster(options: StartKubeClusterOptions = {}): Promise<KubeCluster> {
  const reason = kubeClusterSkipReason();
  if (reason) throw new Error(reason);
  const timeoutMs = options.timeoutMs ?? 300_000;
  const deadline = Date.now() + timeoutMs;
  const stateDir = tempDir('k8s');
  const logFile = join(stateDir, 'supervisor.log');
  const args = [join(scriptsDir(), 'start.sh'), stateDir, '--foreground'];
  if (options.nodes !== undefined) args.push('--nodes', String(options.nodes));
  const fd = openSync(logFile, 'a');
  const supervisor = spawn('bash', args, { env: scriptEnv(), stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => supervisor.once('exit', () => resolve()));
  const supervisorTail = (): string => {
    try {
      return lastLines(readFileSync(logFile, 'utf8'), 40);
    } catch {
      return '';
    }
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      if (supervisor.exitCode === null && supervisor.signalCode === null) {
        supervisor.kill('SIGTERM');
        const timer = setTimeout(() => supervisor.kill('SIGKILL'), 60_000);
        await exited;
        clearTimeout(timer);
      }
      // Whatever the supervisor left (it was killed, or died early): stop.sh finds it by the pid files.
      await runScript('stop.sh', [stateDir], 60_000);
    } finally {
      removeDir(stateDir);
    }
  };

  try {
    const readyFile = join(stateDir, 'ready');
    while (!existsSync(readyFile)) {
      if (supervisor.exitCode !== null || supervisor.signalCode !== null) {
        throw new Error(`scripts/k8s/start.sh exited (${String(supervisor.exitCode ?? supervisor.signalCode)}) before the cluster was ready:\n${supervisorTail()}`);
      }
      if (Date.now() > deadline) throw new Error(`cluster not ready after ${timeoutMs} ms:\n${supervisorTail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    if (options.seed ?? true) await runScript('seed.sh', [stateDir], Math.max(1000, deadline - Date.now()));
    const kubeconfig = join(stateDir, 'kubeconfig');
    const server = readFileSync(join(stateDir, 'server'), 'utf8').trim();
    return { kubeconfig, server, stateDir, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
