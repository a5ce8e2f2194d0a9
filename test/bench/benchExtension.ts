/**
 * Where the benchmarks find the built extension. scripts/bench.mjs packages it (npm run package) and unpacks
 * dist/oncall.vsix into a private folder named by ONCALL_BENCH_EXTENSION, so another engineer rebuilding dist/ in
 * the middle of a run cannot change what is measured. Run alone without it, the repository itself is used.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/codeServer';

/** The extension folder (package.json + dist/) to load. */
export function extensionDir(): string {
  const dir = process.env.ONCALL_BENCH_EXTENSION ?? repoRoot();
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main?: string };
  const main = join(dir, manifest.main ?? 'dist/extension.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run package\` (or \`node scripts/bench.mjs\`, which does)`);
  return dir;
}

/** What the folder is: the unpacked .vsix or the repository's dist/. */
export function extensionLabel(): string {
  return process.env.ONCALL_BENCH_EXTENSION ? 'the packaged extension (dist/oncall.vsix, production build, unpacked)' : 'the repository (its dist/ as last built)';
}

/** The compiled extension-host entry of the benchmarks (test/bench/exthost/entry.ts), next to the bench bundles. */
export function exthostEntry(): string {
  const p = join(__dirname, 'exthost', 'entry.js');
  if (!existsSync(p)) throw new Error(`${p} is missing: build the benchmarks (node scripts/bench.mjs builds them)`);
  return p;
}
