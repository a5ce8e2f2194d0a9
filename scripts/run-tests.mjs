// Runs the compiled tests of one or more suites with node's test runner, one file at a time.
//   node scripts/run-tests.mjs unit integration [--filter SUBSTRING]
// Suites are folders under out/test/ (build them with `node esbuild.mjs --tests`). They run one after another in
// the order given (node's runner would sort the files of one run by path, putting e2e before unit).
// Prints the spec report (or ONCALL_TEST_REPORTER) to stdout and closes with one line `N passed, M failed`
// over all suites (cancelled tests count as failed), counted from a TAP copy of each run. Exit code 0 only when
// every run succeeded and nothing failed. A test that runs longer than ONCALL_TEST_TIMEOUT_MS (default 10 minutes)
// fails instead of hanging the pipeline. Each suite runs in its own process group; processes a test left behind
// are killed when the suite ends (and named, so the leak can be fixed).
import { readdirSync, statSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

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

const runs = suites
  .map((s) => ({ suite: s, files: find(join('out', 'test', s)).filter((f) => !filter || f.includes(filter)) }))
  .filter((r) => r.files.length > 0);
if (runs.length === 0) {
  console.error(`no test files for ${suites.join(', ')}${filter ? ` matching ${filter}` : ''}: build them with node esbuild.mjs --tests`);
  process.exit(1);
}

/** The runner's closing counts (`# pass N` ...) from a TAP file; undefined if the runner died before writing them. */
function counts(tapFile) {
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

/** The command lines of the processes in a process group (Linux /proc), for naming leaks. */
function groupMembers(pgid) {
  const out = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state ppid pgrp ...
      if (Number(fields[2]) !== pgid) continue;
      out.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()}`);
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/** Runs node's test runner in its own process group; afterwards kills whatever the tests left running in it. */
function runGroup(args, suite) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', detached: true });
    const forward = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* gone */
      }
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (status, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      try {
        process.kill(-child.pid, 0);
        const left = groupMembers(child.pid);
        console.log(`${suite}: tests left ${left.length || 'some'} process(es) running; killing them:\n  ${left.join('\n  ')}`);
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* nothing left: good */
      }
      resolve({ status, signal });
    });
  });
}

const reporter = process.env.ONCALL_TEST_REPORTER ?? 'spec';
const testTimeout = Number(process.env.ONCALL_TEST_TIMEOUT_MS ?? 600_000);
const tapDir = mkdtempSync(join(tmpdir(), 'oncall-tap-'));
const total = { pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
const notes = [];
let status = 0;
for (const { suite, files } of runs) {
  if (runs.length > 1) console.log(`\n--- ${suite} (${files.length} file${files.length === 1 ? '' : 's'}) ---`);
  const tapFile = join(tapDir, `${suite.replace(/\W+/g, '_')}.tap`);
  const res = await runGroup(
    [
      '--enable-source-maps', '--test', '--test-concurrency=1', `--test-timeout=${testTimeout}`,
      `--test-reporter=${reporter}`, '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
      ...files,
    ],
    suite,
  );
  const c = counts(tapFile);
  if (!c) {
    notes.push(`${suite}: the test runner ended without a summary (${res.signal ?? `exit ${res.status}`}), counted as 1 failure`);
    total.fail += 1;
    status = status || res.status || 1;
    continue;
  }
  for (const k of Object.keys(total)) total[k] += c[k];
  if (c.fail + c.cancelled > 0 || res.status !== 0) status = status || res.status || 1;
  if (runs.length > 1) notes.push(`${suite}: ${c.pass} passed, ${c.fail + c.cancelled} failed`);
}
rmSync(tapDir, { recursive: true, force: true });

for (const n of notes) console.log(n);
if (total.cancelled) console.log(`${total.cancelled} cancelled (counted as failed)`);
if (total.skipped || total.todo) console.log(`${total.skipped} skipped, ${total.todo} todo`);
console.log(`${total.pass} passed, ${total.fail + total.cancelled} failed`);
process.exit(status);
