/**
 * The same extension-host mocha suite (out/test/exthost/) in desktop VS Code, through @vscode/test-electron.
 * For machines that can download VS Code (our CI cannot: it uses code-server, see test/support/extensionHost.ts).
 *   node esbuild.mjs && node esbuild.mjs --tests && node out/test/electron/runTests.js
 * Scenario variables (ONCALL_TEST_SCENARIO, ONCALL_EXTHOST_GREP, ...) pass through the environment.
 */
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..', '..');
  const code = await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'exthost', 'index.js'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { ...process.env } as Record<string, string>,
  });
  process.exit(code);
}

main().catch((e: unknown) => {
  console.error(`VS Code tests could not run: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
