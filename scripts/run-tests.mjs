// Runs the compiled tests of one or more suites with node's test runner, one file at a time.
//   node scripts/run-tests.mjs unit integration [--filter SUBSTRING]
// Suites are folders under out/test/ (build them with `node esbuild.mjs --tests`).
import { readdirSync, statSync, existsSync } from 'node:fs';
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
const res = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-concurrency=1', `--test-reporter=${reporter}`, ...files], { stdio: 'inherit' });
process.exit(res.status ?? 1);
