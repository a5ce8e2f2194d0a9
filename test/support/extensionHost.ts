/**
 * Runs the mocha suite in out/test/exthost/ INSIDE a real VS Code extension host: code-server started with the
 * smoke-test driver, the workbench opened in Chromium with an extensionDevelopmentPath / extensionTestsPath payload,
 * and the exit code received through window.codeAutomationExit (which the workbench calls when the host exits).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, folderUrl } from './browser';
import { repoRoot, startCodeServer } from './codeServer';
import { removeDir, tempDir } from './process';

export interface ExtensionHostOptions {
  /** The extension under development (default: the repository; its package.json main must be built). */
  extensionPath?: string;
  /** The compiled mocha entry (default: out/test/exthost/index.js; build with `node esbuild.mjs --tests`). */
  testsPath?: string;
  /** The workspace folder (default: a fresh empty temporary folder). */
  folder?: string;
  /** User settings merged over the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Extra environment for the extension host (e.g. ONCALL_EXTHOST_GREP to run only matching tests). */
  env?: Record<string, string>;
  /** Give up after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Open the folder untrusted (Restricted Mode): see CodeServerOptions.untrusted. */
  untrusted?: boolean;
}

export interface ExtensionHostRun {
  /** The extension host's exit code: 0 when every test passed. */
  exitCode: number;
  /** `exthost: N passed, M failed` (or a line saying why there is none). */
  summary: string;
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
  /** The browser console (mocha's spec output and anything the host logged), for failure messages. */
  console: string[];
  durationMs: number;
}

const SUMMARY = /exthost: (\d+) passed, (\d+) failed/;

export async function runExtensionHostTests(opts: ExtensionHostOptions = {}): Promise<ExtensionHostRun> {
  const t0 = Date.now();
  const root = repoRoot();
  const extensionPath = resolve(opts.extensionPath ?? root);
  const testsPath = resolve(opts.testsPath ?? join(root, 'out', 'test', 'exthost', 'index.js'));
  if (!existsSync(testsPath)) throw new Error(`no extension-host test entry at ${testsPath}: run \`node esbuild.mjs --tests\``);
  const manifest = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')) as { main?: string };
  if (manifest.main && !existsSync(join(extensionPath, manifest.main))) {
    throw new Error(`${join(extensionPath, manifest.main)} is missing: run \`node esbuild.mjs\``);
  }

  const scratch = tempDir('exthost');
  const folder = opts.folder ?? join(scratch, 'workspace');
  mkdirSync(folder, { recursive: true });
  const resultFile = join(scratch, 'result.json');
  writeFileSync(resultFile, '');

  const server = await startCodeServer({
    folder,
    smokeTestDriver: true,
    untrusted: opts.untrusted,
    settings: opts.settings,
    env: { ...opts.env, ONCALL_EXTHOST_RESULT: resultFile },
  }).catch((err: unknown) => {
    removeDir(scratch);
    throw err;
  });
  const browser = await launchBrowser().catch(async (err: unknown) => {
    await server.stop();
    removeDir(scratch);
    throw err;
  });
  try {
    let onExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((r) => (onExit = r));
    await browser.context.exposeFunction('codeAutomationExit', (code: unknown) => {
      onExit(typeof code === 'number' ? code : Number(code));
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(testsPath)],
    ];
    await browser.page.goto(folderUrl(server.url, folder, `&payload=${encodeURIComponent(JSON.stringify(payload))}`), {
      waitUntil: 'domcontentloaded',
      timeout: 60_000,
    });
    const timeoutMs = opts.timeoutMs ?? 300_000;
    let timer: NodeJS.Timeout | undefined;
    const exitCode = await Promise.race([
      exited,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `the extension host did not exit within ${timeoutMs} ms.\nbrowser console:\n${browser.console.slice(-40).join('\n')}\nserver log:\n${server.tail()}`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));

    let passed = 0;
    let failed = 0;
    let failures: ExtensionHostRun['failures'] = [];
    let summary: string | undefined;
    const raw = readFileSync(resultFile, 'utf8');
    if (raw.trim()) {
      const r = JSON.parse(raw) as { passed: number; failed: number; failures: ExtensionHostRun['failures']; summary: string };
      ({ passed, failed, failures, summary } = r);
    } else {
      const line = browser.console.map((l) => SUMMARY.exec(l)).find((m) => m);
      if (line) {
        passed = Number(line[1]);
        failed = Number(line[2]);
        summary = line[0];
      }
    }
    return {
      exitCode,
      summary: summary ?? `exthost: no summary (the host exited with ${exitCode} before the tests reported)`,
      passed,
      failed,
      failures,
      console: [...browser.console],
      durationMs: Date.now() - t0,
    };
  } finally {
    await browser.close();
    await server.stop();
    removeDir(scratch);
  }
}
