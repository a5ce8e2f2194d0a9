// Builds On-Call with esbuild. tsc only type-checks (npm run typecheck).
//   node esbuild.mjs               extension, CLI and notebook renderer into dist/
//   node esbuild.mjs --production  the same, minified, for the .vsix
//   node esbuild.mjs --tests       every test/**/*.ts into out/ (for node --test and the extension host)
//   node esbuild.mjs --watch       rebuild dist/ on change
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');

/** Every .ts file below a folder. */
function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

const builds = args.has('--tests')
  ? [{
      ...node,
      entryPoints: tsFiles('test'),
      outdir: 'out/test',
      outbase: 'test',
      // Tests load their dependencies from node_modules at run time, as users' tools do.
      packages: 'external',
      sourcemap: true,
      minify: false,
    }]
  : [
      // The extension: activation stays small; heavy modules are split into their own files.
      { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
      // Kubernetes (client-node): its own bundle, loaded on the first kubectl cell, never at activation.
      { ...node, entryPoints: { kubernetes: 'src/vscode/kubernetes/runtime.ts' }, outdir: 'dist' },
      // The command-line tool (the `oncall` bin).
      { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
      // The notebook renderer runs in the webview: browser, ESM, its own bundle.
      {
        bundle: true, platform: 'browser', format: 'esm', target: 'es2022', minify: production,
        sourcemap: !production, logLevel: 'warning',
        entryPoints: { renderer: 'src/renderer/index.ts' }, outdir: 'dist',
        loader: { '.css': 'text' },
      },
    ];

if (args.has('--tests')) rmSync('out', { recursive: true, force: true });
if (args.has('--watch')) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
