/**
 * The mocha entry VS Code's extension host loads as extensionTestsPath (see test/support/extensionHost.ts):
 * runs every out/test/exthost/**\/*.test.js with the 'tdd' UI (suite/test) inside the real extension host.
 * The host's console reaches the browser unformatted, so this prints one ready-made line,
 * `exthost: N passed, M failed`, and, when ONCALL_EXTHOST_RESULT names a file, writes the details there as JSON.
 */
import Mocha from 'mocha';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ExtHostResult {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
  summary: string;
}

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (p.endsWith('.test.js')) out.push(p);
  }
  return out;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  if (process.env.ONCALL_EXTHOST_GREP) mocha.grep(process.env.ONCALL_EXTHOST_GREP);
  const files = testFiles(__dirname);
  for (const f of files) mocha.addFile(f);

  const result: ExtHostResult = { passed: 0, failed: 0, pending: 0, failures: [], summary: '' };
  try {
    await new Promise<void>((resolve, reject) => {
      try {
        const runner = mocha.run(() => resolve());
        runner.on('pass', () => result.passed++);
        runner.on('pending', () => result.pending++);
        runner.on('fail', (t, err: unknown) => {
          result.failed++;
          const e = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
          result.failures.push({ title: t.fullTitle(), error: e });
        });
      } catch (err) {
        reject(err); // a test file that throws while loading
      }
    });
  } catch (err) {
    result.failed++;
    result.failures.push({ title: 'loading the test files', error: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
  if (files.length === 0 || result.passed + result.failed === 0) {
    result.failed++;
    result.failures.push({ title: 'finding tests', error: `no tests ran from ${files.length} file(s) under ${__dirname}` });
  }
  result.summary = `exthost: ${result.passed} passed, ${result.failed} failed`;
  for (const f of result.failures) console.error(`exthost FAILED: ${f.title}\n${f.error}`);
  console.log(result.summary);
  const out = process.env.ONCALL_EXTHOST_RESULT;
  if (out) writeFileSync(out, JSON.stringify(result, null, 2));
  if (result.failed > 0) throw new Error(result.summary);
}
