// Runs the compiled tests of one or more suites with node's test runner, one file at a time.
//   node scripts/run-tests.mjs unit integration [--filter SUBSTRING]
// Suites are folders under out/test/ (build them with `node esbuild.mjs --tests`).
// Prints the spec report (or ONCALL_TEST_REPORTER) to stdout and closes with one line `N passed, M failed`
// (cancelled tests count as failed), counted from a TAP copy of the same run. Exit code: node's test runner's.
import { readdirSync, statSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const argv = process.argv.slice(2);
const fi = argv.indexOf('--filter');
const filter = fi >= 0 ? argv[fi + 1] : undefined;
const suites = argv.filter((a, i) => !a.startsWith('--') && (fi < 0 || i !== fi + 1));

function find(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (p.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const files = suites.flatMap((s) => find(join('out', 'test', s))).filter((f) => !filter || f.includes(filter));
if (files.length === 0) {
  console.error(`no test files for ${suites.join(', ')}${filter ? ` matching ${filter}` : ''}: build them with node esbuild.mjs --tests`);
  process.exit(1);
}
const reporter = process.env.ONCALL_TEST_REPORTER ?? 'spec';
const tapDir = mkdtempSync(join(tmpdir(), 'oncall-tap-'));
const tapFile = join(tapDir, 'report.tap');
const res = spawnSync(
  process.execPath,
  [
    '--enable-source-maps', '--test', '--test-concurrency=1',
    `--test-reporter=${reporter}`, '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  { stdio: 'inherit' },
);

/** The runner's closing counts (`# pass N` ...) from the TAP copy; undefined if the runner died before writing them. */
function counts() {
  let tap = '';
  try {
    tap = readFileSync(tapFile, 'utf8');
  } catch {
    return undefined;
  }
  const n = (key) => {
    const all = [...tap.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))];
    return all.length ? Number(all[all.length - 1][1]) : undefined;
  };
  const pass = n('pass');
  const fail = n('fail');
  if (pass === undefined || fail === undefined) return undefined;
  return { pass, fail, cancelled: n('cancelled') ?? 0, skipped: n('skipped') ?? 0, todo: n('todo') ?? 0 };
}

const c = counts();
rmSync(tapDir, { recursive: true, force: true });
let status = res.status ?? 1;
if (!c) {
  console.log(`the test runner ended without a summary (${res.signal ?? `exit ${res.status}`})`);
  console.log('0 passed, 1 failed');
  process.exit(status || 1);
}
if (c.cancelled) console.log(`${c.cancelled} cancelled (counted as failed)`);
if (c.skipped || c.todo) console.log(`${c.skipped} skipped, ${c.todo} todo`);
const failed = c.fail + c.cancelled;
if (failed > 0 && status === 0) status = 1;
console.log(`${c.pass} passed, ${failed} failed`);
process.exit(status);
