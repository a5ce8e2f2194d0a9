/**
 * Benchmark: the extension inside a real VS Code (code-server, driven by Chromium): activation, the Alerts tree
 * after a refresh, and what the extension adds to the extension host's memory.
 *   npm run bench:extension        (node scripts/bench.mjs extension [-- --sessions N --alerts N])
 * Each session is a fresh code-server + extension host running test/bench/exthost/entry.ts:
 *   with      the packaged extension (scripts/bench.mjs unpacks dist/oncall.vsix; alone: the repository's dist/),
 *             pointed at a real Alertmanager holding 10,000 alerts and a real Prometheus holding the incident data:
 *             activate() timed by the extension itself; refreshes with none and with 1% of the alerts changed
 *             (the tree provider's rebuild timed, the items it asks VS Code to redraw produced and counted);
 *             then a 50-cell PromQL runbook is opened and run, and the host's memory is read after full GCs;
 *   without   the same workbench and folder with an empty extension instead: the host's memory (the baseline).
 * The sessions alternate (with, without, with, …). Bundle sizes come from the same extension folder, and what
 * the activation bundle is made of from an esbuild metafile of src/extension.ts.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { startAlertmanager } from '../support/alertmanager';
import { startPrometheus } from '../support/prometheus';
import { runExtensionHostTests } from '../support/extensionHost';
import { repoRoot } from '../support/codeServer';
import { removeDir, tempDir } from '../support/process';
import { makeAlerts } from './benchAlerts';
import { extensionDir, extensionLabel, exthostEntry } from './benchExtension';
import type { ExtHostFigures, TreeRound } from './exthost/entry';
import type { RssBreakdown } from './exthost/smaps';
import { ReportBuilder, argNumber, kib, mib, ms, msCellMinMax, msCell, runBench, stats, table, x } from './harness';

const ACTIVATION_LIMIT_MS = 15;
const MEMORY_LIMIT = 100 * 1024 * 1024;
const ALERTS = argNumber('alerts', 10_000);
const SESSIONS = argNumber('sessions', 3);
const TREE_ROUNDS = argNumber('tree-rounds', 5);
const CELLS = 50;

const QUERIES: [string, string][] = [
  ['requests-by-model', 'sum by (model) (rate(llm_requests_total[5m]))'],
  ['p95-by-model', 'histogram_quantile(0.95, sum by (model, le) (rate(llm_request_duration_seconds_bucket[5m])))'],
  ['cost-by-tenant', 'sum by (tenant) (rate(llm_token_cost_dollars_total[5m]))'],
  ['provider-error-ratio', 'sum by (provider) (rate(llm_provider_errors_total[5m])) / sum by (provider) (rate(llm_provider_requests_total[5m]))'],
  ['guardrail-ratio', 'sum by (model) (rate(llm_guardrail_violations_total[10m])) / sum by (model) (rate(llm_requests_total[10m]))'],
  ['eval-score', 'avg by (model) (llm_eval_score)'],
  ['requests-by-tenant-route', 'sum by (tenant, route) (rate(llm_requests_total[5m]))'],
  ['generation-p95', 'histogram_quantile(0.95, sum by (model, le) (rate(llm_generation_duration_seconds_bucket[5m])))'],
  ['up', 'up{job="llm-inference"}'],
  ['hallucinations', 'sum by (model) (rate(llm_hallucination_detected_total[10m]))'],
];

/** A runbook of 50 PromQL cells (every fifth an instant query, the others 3-hour ranges at 1-minute steps). */
function runbook(): string {
  const parts = ['---', 'title: Benchmark runbook', 'severity: SEV2', '---', '# Benchmark runbook', ''];
  for (let i = 0; i < CELLS; i++) {
    const [name, query] = QUERIES[i % QUERIES.length];
    const info = i % 5 === 4 ? { name: `${name}-${i}` } : { name: `${name}-${i}`, range: '3h', step: '1m' };
    parts.push(`## Step ${i + 1}`, '', '```promql ' + JSON.stringify(info), query, '```', '');
  }
  return parts.join('\n');
}

/** Sizes of the extension's bundles, and what the activation bundle is made of (by package). */
async function bundles(dir: string): Promise<{ files: [string, number][]; packages: [string, number][]; heavyInActivation: string[] }> {
  const dist = join(dir, 'dist');
  const files = readdirSync(dist).filter((f) => f.endsWith('.js')).map((f): [string, number] => [f, statSync(join(dist, f)).size]).sort((a, b) => b[1] - a[1]);
  const result = await esbuild.build({
    entryPoints: [join(repoRoot(), 'src', 'extension.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true,
    external: ['vscode'], write: false, metafile: true, outdir: join(repoRoot(), 'dist-metafile'), logLevel: 'error',
  });
  const byPackage = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, info] of Object.entries(output.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = m ? m[1] : input.startsWith('src/') ? 'src/ (our code)' : input;
      byPackage.set(key, (byPackage.get(key) ?? 0) + info.bytesInOutput);
    }
  }
  const packages = [...byPackage.entries()].sort((a, b) => b[1] - a[1]);
  const heavyInActivation = packages.map(([p]) => p).filter((p) => ['@kubernetes/client-node', 'uplot'].includes(p));
  return { files, packages, heavyInActivation };
}

function treeSummary(rounds: TreeRound[], changed: boolean) {
  const rs = rounds.filter((r) => (r.changed > 0) === changed);
  return {
    n: rs.length,
    refresh: stats(rs.map((r) => r.refreshMs)),
    rebuild: stats(rs.map((r) => r.rebuildMs)),
    produce: stats(rs.map((r) => r.produceMs)),
    items: stats(rs.map((r) => r.itemsProduced)),
    rebuilt: stats(rs.map((r) => r.itemsRebuilt)),
    whole: rs.filter((r) => r.wholeTree).length,
    changedCount: rs[0]?.changed ?? 0,
  };
}

async function main(): Promise<void> {
  const rep = new ReportBuilder(
    'extension',
    'VS Code: activation, Alerts tree refresh, extension-host memory',
    'The editor must not slow down because the extension is installed, and an outage storm of 10,000 alerts must neither freeze the panel nor bloat the extension host that every other extension shares.',
    'node scripts/bench.mjs extension',
  );
  const ext = extensionDir();
  const scratch = tempDir('bench-ext');
  console.error(`[extension] scratch folder (progress of each session): ${scratch}`);
  const am = await startAlertmanager();
  const prom = await startPrometheus({ data: {} });
  const sessions: ExtHostFigures[] = [];
  const baselines: ExtHostFigures[] = [];
  try {
    const now = Date.now();
    await am.postAlerts(makeAlerts(ALERTS, now));
    const folder = join(scratch, 'workspace');
    mkdirSync(join(folder, 'runbooks'), { recursive: true });
    const runbookFile = join(folder, 'runbooks', 'bench.runbook.md');
    writeFileSync(runbookFile, runbook());
    const empty = join(scratch, 'empty-extension');
    mkdirSync(empty);
    writeFileSync(join(empty, 'package.json'), JSON.stringify({ name: 'bench-empty', publisher: 'oncall-bench', version: '0.0.0', engines: { vscode: '^1.99.0' } }));
    const settings = {
      'oncall.alertmanagers': [{ name: 'bench', url: am.url }],
      'oncall.alerts.refreshIntervalSeconds': 0,
      'oncall.prometheus.url': prom.url,
      'oncall.runbooks.cellTimeoutSeconds': 60,
      'oncall.notifications': { SEV1: 'none', SEV2: 'none', SEV3: 'none', SEV4: 'none' },
    };
    for (let s = 0; s < SESSIONS * 2; s++) {
      const part = s % 2 === 0 ? 'with' : 'without';
      const out = join(scratch, `session-${s}.json`);
      const t0 = Date.now();
      const run = await runExtensionHostTests({
        extensionPath: part === 'with' ? ext : empty,
        testsPath: exthostEntry(),
        folder,
        settings,
        timeoutMs: 600_000,
        env: {
          ONCALL_BENCH_PART: part, ONCALL_BENCH_EXTHOST_OUT: out, ONCALL_BENCH_AM_URL: am.url, ONCALL_BENCH_ALERTS: String(ALERTS),
          ONCALL_BENCH_ALERTS_NOW: String(now), ONCALL_BENCH_RUNBOOK: runbookFile, ONCALL_BENCH_TREE_ROUNDS: String(TREE_ROUNDS),
        },
      });
      let figures: ExtHostFigures;
      try {
        figures = JSON.parse(readFileSync(out, 'utf8')) as ExtHostFigures;
      } catch {
        let trail = '';
        try {
          trail = readFileSync(`${out}.progress`, 'utf8');
        } catch {
          trail = '(no progress)';
        }
        throw new Error(`session ${s} (${part}) measured nothing: ${trail}\nexit ${run.exitCode}, ${run.summary}\n${run.failures.map((f) => f.error).join('\n')}\n${run.console.slice(-30).join('\n')}`);
      }
      (part === 'with' ? sessions : baselines).push(figures);
      const brk = (m: { rss: number; heapTotal: number; smaps?: RssBreakdown }) => m.smaps
        ? `files ${mib(m.smaps.file)}, brk ${mib(m.smaps.brk)}, ${m.smaps.arenaCount} arenas ${mib(m.smaps.arenas)}, other anon ${mib(m.smaps.otherAnon)}, V8 reserved ${mib(m.heapTotal)}` : '';
      for (const st of figures.stages ?? []) console.error(`[extension] session ${s} ${st.stage}: rss ${mib(st.memory.rss)}: ${brk(st.memory)}`);
      console.error(`[extension] session ${s} (${part}) end: ${brk(figures.memory)}`);
      console.error(`[extension] session ${s} (${part}): rss ${mib(figures.memory.rss)}, heap ${mib(figures.memory.heapUsed)}${figures.activationMs !== undefined ? `, activate() ${ms(figures.activationMs)} ms, cells ${figures.cells?.succeeded}/${figures.cells?.total} in ${ms(figures.cells?.ms ?? NaN)} ms` : ''} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
  } finally {
    await prom.stop();
    await am.stop();
    removeDir(scratch);
  }

  // Activation and bundles.
  const act = stats(sessions.map((f) => f.activationMs ?? NaN));
  const b = await bundles(ext);
  const loaded = sessions[0]?.loadedAtActivation ?? [];
  const loadedAfter = sessions[0]?.loadedAfterRunbook ?? [];
  rep.text(
    `### Activation\n\n${extensionLabel()}. \`activate()\` timed by the extension itself (\`performance.now()\` around it, returned in its API) in ${sessions.length} fresh extension hosts: ` +
      `**${msCellMinMax(act)} ms** (median, min–max). Files of its dist/ loaded once activated: ${loaded.map((f) => `\`${f}\``).join(', ') || 'none'}; after the 50 PromQL cells ran: ${loadedAfter.map((f) => `\`${f}\``).join(', ')} ` +
      '(kubernetes.js, with client-node, loads on the first kubectl cell or Kubernetes command; renderer.js runs in the notebook webview, never in the host).',
  );
  rep.text(`Bundles (production build, minified):\n\n${table(['file', 'size'], b.files.map(([f, size]) => [f, kib(size)]))}`);
  rep.text(
    `What the activation bundle holds, by package (esbuild metafile of src/extension.ts, minified bytes): ${b.packages.slice(0, 8).map(([p, size]) => `${p} ${kib(size)}`).join(', ')}. ` +
      `Heavy modules in it: ${b.heavyInActivation.length ? b.heavyInActivation.join(', ') : 'none (client-node and uPlot are in kubernetes.js and renderer.js)'}.`,
  );
  rep.aim('activate()', `< ${ACTIVATION_LIMIT_MS} ms`, `${ms(act.median)} ms (median of ${act.n} hosts)`, act.median < ACTIVATION_LIMIT_MS);
  const lazy = b.heavyInActivation.length === 0 && !loaded.includes('kubernetes.js') && !loadedAfter.includes('kubernetes.js');
  rep.aim('heavy modules load only when needed', 'client-node, uPlot not in the activation bundle nor loaded by it', `extension.js ${kib(b.files.find(([f]) => f === 'extension.js')?.[1] ?? NaN)}; loaded at activation: ${loaded.join(', ')}`, lazy);

  // Tree.
  const all = sessions.flatMap((f) => f.tree ?? []);
  const none = treeSummary(all, false);
  const some = treeSummary(all, true);
  rep.text(
    `### Alerts tree after a refresh\n\n${ALERTS.toLocaleString('en')} alerts in a real Alertmanager, grouped by severity; the view's refresh interval off, the bench refreshing. ` +
      `Rounds alternate a refresh with nothing changed and one after ${some.changedCount} alerts (1%, spread over the list) got a new description; ${TREE_ROUNDS} of each per session, after 2 warm-up refreshes, in ${sessions.length} sessions. ` +
      '**rebuild** = the tree provider diffing the new snapshot against its kept nodes (its private `rebuild`, wrapped with a clock); **produce** = `getTreeItem` of every node in the change event, the items VS Code then redraws; **refresh** = the whole `refresh()`: HTTP, parse, dedup, events, rebuild. Times in ms, median (p10–p90).',
  );
  rep.table(
    ['refresh', 'rounds', 'items produced', 'items rebuilt', 'events for the whole tree', 'produce', 'rebuild', 'whole refresh'],
    [
      ['nothing changed', none.n, ms(none.items.median), ms(none.rebuilt.median), none.whole, msCell(none.produce), msCell(none.rebuild), msCell(none.refresh)],
      ['1% changed', some.n, ms(some.items.median), ms(some.rebuilt.median), some.whole, msCell(some.produce), msCell(some.rebuild), msCell(some.refresh)],
    ],
  );
  const proportional = none.items.max === 0 && some.items.max <= some.changedCount && some.whole === 0;
  rep.aim(
    'tree items produced proportional to the change',
    'none when nothing changed; with 1% changed, only those items, never the whole tree',
    `${ms(none.items.max)} items (max) vs ${ms(some.items.median)} items for ${some.changedCount} changed; producing them ${ms(some.produce.median)} ms`,
    proportional,
  );
  rep.aim(
    'tree rebuild (the diff) with 1% vs none changed',
    'figure: the diff visits every alert',
    `${ms(some.rebuild.median)} vs ${ms(none.rebuild.median)} ms (${x(some.rebuild.median / none.rebuild.median)}); whole refresh ${ms(some.refresh.median)} vs ${ms(none.refresh.median)} ms`,
    null,
  );

  // Memory.
  const rssWith = stats(sessions.map((f) => f.memory.rss));
  const rssWithout = stats(baselines.map((f) => f.memory.rss));
  const heapWith = stats(sessions.map((f) => f.memory.heapUsed));
  const heapWithout = stats(baselines.map((f) => f.memory.heapUsed));
  const extWith = stats(sessions.map((f) => f.memory.external));
  const extWithout = stats(baselines.map((f) => f.memory.external));
  const cells = sessions.map((f) => f.cells).filter((c) => c !== undefined);
  rep.text(
    `### Extension-host memory\n\nAfter the tree rounds, the Alerts view is shown and a ${CELLS}-cell PromQL runbook (every fifth an instant query, the others 3-hour ranges at 1-minute steps against the backfilled incident data) is opened and run (` +
      `${cells.map((c) => `${c.succeeded}/${c.total} cells succeeded in ${ms(c.ms)} ms`).join('; ')}). Then three full GCs, and the extension host's \`process.memoryUsage()\`. ` +
      `The baseline is the same workbench and folder with an empty extension. ${sessions.length} + ${baselines.length} sessions, alternating; median (min–max).`,
  );
  const mibCell = (s: ReturnType<typeof stats>) => `${mib(s.median)} (${mib(s.min)}–${mib(s.max)})`;
  rep.table(['extension host', 'RSS', 'V8 heap used', 'external'], [
    ['with On-Call (10,000 alerts, 50 cells run)', mibCell(rssWith), mibCell(heapWith), mibCell(extWith)],
    ['without (empty extension)', mibCell(rssWithout), mibCell(heapWithout), mibCell(extWithout)],
    ['difference of medians', mib(rssWith.median - rssWithout.median), mib(heapWith.median - heapWithout.median), mib(extWith.median - extWithout.median)],
  ]);
  const rel = (fs: ExtHostFigures[]) => fs.map((f) => f.released).filter((m) => m !== undefined);
  const relWith = rel(sessions);
  const relWithout = rel(baselines);
  const relRss = { with: stats(relWith.map((m) => m.rss)), without: stats(relWithout.map((m) => m.rss)) };
  if (relWith.length && relWithout.length) {
    const part = (ms: typeof relWith, k: keyof RssBreakdown) => stats(ms.map((m) => m.smaps?.[k] ?? NaN)).median;
    rep.text(
      'Then one more GC of V8\'s last-resort kind (its low-memory path, `gc({ type: \'major\', flavor: \'last-resort\' })`), which also hands back the freed heap pages V8 keeps pooled for reuse: ' +
        'an ordinary full GC leaves them mapped and resident, and they are most of the RSS above. RSS by kind of mapping from /proc/self/smaps, medians:',
    );
    rep.table(['after the last-resort GC', 'RSS', 'files (code)', 'main malloc heap (brk)', 'thread malloc arenas', 'other anonymous (V8 heap pages, big mallocs)', 'V8 heap used'], [
      ['with On-Call', mibCell(relRss.with), mib(part(relWith, 'file')), mib(part(relWith, 'brk')), mib(part(relWith, 'arenas')), mib(part(relWith, 'otherAnon')), mib(stats(relWith.map((m) => m.heapUsed)).median)],
      ['without', mibCell(relRss.without), mib(part(relWithout, 'file')), mib(part(relWithout, 'brk')), mib(part(relWithout, 'arenas')), mib(part(relWithout, 'otherAnon')), mib(stats(relWithout.map((m) => m.heapUsed)).median)],
      ['difference of medians', mib(relRss.with.median - relRss.without.median), mib(part(relWith, 'file') - part(relWithout, 'file')), mib(part(relWith, 'brk') - part(relWithout, 'brk')),
        mib(part(relWith, 'arenas') - part(relWithout, 'arenas')), mib(part(relWith, 'otherAnon') - part(relWithout, 'otherAnon')), mib(stats(relWith.map((m) => m.heapUsed)).median - stats(relWithout.map((m) => m.heapUsed)).median)],
    ]);
  }
  const staged = sessions[sessions.length - 1]?.stages ?? [];
  if (staged.length) {
    rep.text(`Where it goes (the last session, after full GCs at each stage; the baseline's median for reference: RSS ${mib(rssWithout.median)}, heap ${mib(heapWithout.median)}):`);
    const sm = (st: { memory: { smaps?: RssBreakdown } }, k: 'file' | 'brk' | 'arenas' | 'otherAnon') => (st.memory.smaps ? mib(st.memory.smaps[k]) : '—');
    rep.table(['stage', 'RSS', 'V8 heap used', 'V8 heap reserved', 'external', 'RSS: files', 'RSS: main malloc heap', 'RSS: thread malloc arenas', 'RSS: other anonymous (V8 pages, big mallocs)'],
      staged.map((st) => [st.stage, mib(st.memory.rss), mib(st.memory.heapUsed), mib(st.memory.heapTotal), mib(st.memory.external), sm(st, 'file'), sm(st, 'brk'),
        st.memory.smaps ? `${mib(st.memory.smaps.arenas)} (${st.memory.smaps.arenaCount})` : '—', sm(st, 'otherAnon')]));
  }
  const held = (f: ExtHostFigures) => f.memory.heapUsed + f.memory.external;
  const heldWith = stats(sessions.map(held));
  const heldWithout = stats(baselines.map(held));
  const extraHeld = heldWith.median - heldWithout.median;
  rep.text(
    'The verdict is on the memory the extension holds: V8 heap used + external (buffers), after full GCs, which repeats within about 1 MiB between identical sessions. ' +
      'RSS is shown with it but varies by a hundred MiB or more between identical sessions: after an ordinary full GC, V8 keeps the freed heap pages of the alert refreshes pooled for reuse (resident, not counted in its heap size; the 256 KiB anonymous mappings above), and glibc keeps freed malloc memory in its heap; the last-resort GC table shows what is left once V8 hands its pool back.',
  );
  rep.aim('extension-host memory held (V8 heap + external)', `< ${mib(MEMORY_LIMIT)} more than without the extension`, `${mib(extraHeld)} more (with ${mib(heldWith.median)}, without ${mib(heldWithout.median)})`, extraHeld < MEMORY_LIMIT);
  rep.aim('extension-host RSS added', 'figure (noisy: see the spread)', `${mib(rssWith.median - rssWithout.median)} (with ${mib(rssWith.min)}–${mib(rssWith.max)}, without ${mib(rssWithout.min)}–${mib(rssWithout.max)})`, null);
  if (relWith.length && relWithout.length) {
    rep.aim('extension-host RSS added, after V8 hands back its pooled pages', 'figure', `${mib(relRss.with.median - relRss.without.median)} (with ${mib(relRss.with.min)}–${mib(relRss.with.max)}, without ${mib(relRss.without.min)}–${mib(relRss.without.max)})`, null);
  }
  rep.finish();
}

runBench(main);
