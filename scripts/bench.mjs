// Runs the benchmarks of test/bench/ and writes docs/benchmarks.md.
//   node scripts/bench.mjs                      every benchmark, then docs/benchmarks.md (npm run bench)
//   node scripts/bench.mjs alerts notebooks     only these, printed (add --write to update their sections of docs/benchmarks.md)
//   node scripts/bench.mjs alerts -- --rounds 5 arguments after -- go to each benchmark
//   --no-package                                measure the repository's dist/ as it is instead of a fresh .vsix
//   --render                                    measure nothing: rewrite docs/benchmarks.md from docs/benchmarks.json
//                                               (after editing docs/benchmarks-changes.md)
// The benchmarks are bundled into a private temporary folder (another engineer's `node esbuild.mjs --tests`
// empties out/), and those that load the extension get the packaged .vsix unpacked into a private folder too.
// Each benchmark runs in its own process, one after the other (they measure time: never two at once); each
// prints its report and hands it over as JSON (ONCALL_BENCH_JSON). docs/benchmarks.json keeps the reports the
// markdown was made from, so a partial run with --write replaces only its own sections. docs/benchmarks-changes.md
// (written by hand: what was changed because of a missed aim, with the figures before and after) is appended.
import * as esbuild from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every benchmark, in the order a full run takes them (the costly ones last). */
const BENCHES = [
  { id: 'notebooks', file: 'notebooks.bench.js' },
  { id: 'promql', file: 'promql.bench.js' },
  { id: 'promql-render', file: 'promqlRender.bench.js', extension: true },
  { id: 'alerts', file: 'alerts.bench.js' },
  { id: 'kubernetes', file: 'kubernetes.bench.js' },
  { id: 'extension', file: 'extension.bench.js', extension: true },
];

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash < 0 ? argv : argv.slice(0, dash);
const passed = dash < 0 ? [] : argv.slice(dash + 1);
const flags = new Set(own.filter((a) => a.startsWith('--')));
const names = own.filter((a) => !a.startsWith('--'));
for (const n of names) {
  if (!BENCHES.some((b) => b.id === n)) {
    console.error(`unknown benchmark ${n}; known: ${BENCHES.map((b) => b.id).join(', ')}`);
    process.exit(2);
  }
}
const selected = names.length ? BENCHES.filter((b) => names.includes(b.id)) : BENCHES;
const full = names.length === 0;
const write = full || flags.has('--write');

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function machine() {
  const c = cpus();
  return `${c[0]?.model ?? 'unknown CPU'}, ${c.length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Linux, Node ${process.version}`;
}

function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'test/bench', 'package.json', 'esbuild.mjs'], { cwd: root, encoding: 'utf8' }).trim();
    return dirty ? `${head} (with uncommitted changes under src/ or test/bench/)` : head;
  } catch {
    return 'unknown';
  }
}

if (flags.has('--render')) {
  const stored = JSON.parse(readFileSync(join(root, 'docs', 'benchmarks.json'), 'utf8'));
  writeFileSync(join(root, 'docs', 'benchmarks.md'), render(stored.reports, stored.meta));
  console.error('[bench] rewrote docs/benchmarks.md from docs/benchmarks.json');
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'oncall-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// 1. The benchmarks, bundled (the packages they need stay external and load from the repository's node_modules).
const benchDir = join(work, 'bench');
await esbuild.build({
  entryPoints: tsFiles(join(root, 'test', 'bench')),
  outdir: benchDir,
  outbase: join(root, 'test', 'bench'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  external: ['vscode', 'playwright-core', 'esbuild'],
});

// 2. The extension as users get it: the production .vsix, unpacked.
const env = { ...process.env, NODE_PATH: join(root, 'node_modules') };
if (selected.some((b) => b.extension) && !flags.has('--no-package')) {
  console.error('[bench] packaging the extension (npm run package)…');
  const p = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (p.status !== 0) {
    console.error('[bench] npm run package failed');
    process.exit(1);
  }
  const ext = join(work, 'vsix');
  mkdirSync(ext);
  execFileSync('unzip', ['-q', join(root, 'dist', 'oncall.vsix'), '-d', ext]);
  env.ONCALL_BENCH_EXTENSION = join(ext, 'extension');
}

// 3. Each benchmark in its own process.
const reports = [];
const failed = [];
for (const b of selected) {
  console.error(`\n[bench] ${b.id} (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  const json = join(work, `${b.id}.json`);
  const r = spawnSync(process.execPath, [join(benchDir, b.file), ...passed], { cwd: root, stdio: 'inherit', env: { ...env, ONCALL_BENCH_JSON: json } });
  if (r.status === 0 && existsSync(json)) reports.push(JSON.parse(readFileSync(json, 'utf8')));
  else failed.push(`${b.id} (exit ${r.status ?? r.signal})`);
}

// 4. docs/benchmarks.md
function verdict(met) {
  return met === null ? 'figure only' : met ? 'met' : '**missed**';
}
function esc(c) {
  return String(c).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
function row(cells) {
  return `| ${cells.map(esc).join(' | ')} |`;
}

function render(all, meta) {
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (scripts/bench.mjs); do not edit by hand. Every figure is measured side by side with its floor',
    '(the least the work can cost) or its peer (the tool an engineer would use instead) in the same run, rounds alternating, because',
    'the machines are shared and noisy. Benchmarks never fail on a time: a missed aim is reported here.',
    '',
    `- Machine: ${meta.machine}`,
    `- Commit: ${meta.commit}; run ${meta.date}, ${meta.command}`,
    '- Rerun one: `npm run bench:<name>` or `node scripts/bench.mjs <name> [--write]` (the command under each section).',
    '',
    '## Summary',
    '',
    row(['benchmark', 'aim', 'target', 'measured', 'verdict']),
    '|---|---|---|---|---|',
    ...all.flatMap((r) => r.aims.map((a) => row([r.id, a.name, a.aim, a.figure, verdict(a.met)]))),
    '',
  ];
  for (const r of all) {
    lines.push(`## ${r.title}`, '', r.purpose, '');
    if (r.aims.length) lines.push(row(['aim', 'target', 'measured', 'verdict']), '|---|---|---|---|', ...r.aims.map((a) => row([a.name, a.aim, a.figure, verdict(a.met)])), '');
    lines.push(r.markdown, '', `Rerun alone: \`${r.command}\` · started ${r.startedAt}, load average at start ${r.loadAtStart.map((l) => l.toFixed(2)).join(' ')} · took ${(r.durationMs / 1000).toFixed(0)} s`, '');
  }
  const changes = join(root, 'docs', 'benchmarks-changes.md');
  if (existsSync(changes)) lines.push(readFileSync(changes, 'utf8').trim(), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

if (write && reports.length) {
  const store = join(root, 'docs', 'benchmarks.json');
  const previous = existsSync(store) && !full ? JSON.parse(readFileSync(store, 'utf8')) : { reports: [] };
  const byId = new Map(previous.reports.map((r) => [r.id, r]));
  for (const r of reports) byId.set(r.id, r);
  const all = BENCHES.map((b) => byId.get(b.id)).filter(Boolean);
  const meta = { machine: machine(), commit: gitCommit(), date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', command: full ? '`npm run bench`' : `\`node scripts/bench.mjs ${names.join(' ')} --write\` (other sections from earlier runs)` };
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(store, `${JSON.stringify({ meta, reports: all }, null, 2)}\n`);
  writeFileSync(join(root, 'docs', 'benchmarks.md'), render(all, meta));
  console.error(`\n[bench] wrote docs/benchmarks.md (${all.length} benchmarks)`);
}
if (failed.length) {
  console.error(`[bench] could not measure: ${failed.join(', ')}`);
  process.exitCode = 1;
}
