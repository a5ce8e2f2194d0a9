/**
 * The benchmarks' code INSIDE a real VS Code extension host (loaded as extensionTestsPath by
 * test/support/extensionHost.ts; the node side is test/bench/extension.bench.ts). ONCALL_BENCH_PART says what to do:
 *   with      activation time, the Alerts tree after refreshes with none / 1% of 10,000 alerts changed, then the
 *             extension host's memory after a 50-cell runbook has run;
 *   without   the extension host's memory with no extension loaded but this entry (the baseline).
 * The figures go as JSON to the file ONCALL_BENCH_EXTHOST_OUT. Nothing here stubs VS Code or the extension: the
 * tree provider's private rebuild is only wrapped with a clock.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { OnCallApi } from '../../../src/extension';
import type { Node } from '../../../src/vscode/alerts/alertNodes';
import { makeAlerts } from '../benchAlerts';
import { rssBreakdown, type RssBreakdown } from './smaps';

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** The RSS by kind of mapping (Linux only). */
  smaps?: RssBreakdown;
}

export interface TreeRound {
  changed: number;
  /** Wall time of the whole refresh (fetch, parse, dedup, the model's event, the tree's rebuild). */
  refreshMs: number;
  /** The tree provider's rebuild alone (diffing the snapshot against the kept nodes). */
  rebuildMs: number;
  /** Producing the tree items VS Code is told to redraw (getTreeItem of every node in the change event). */
  produceMs: number;
  itemsProduced: number;
  itemsRebuilt: number;
  /** Whether the event asked for the whole tree (undefined) rather than some items. */
  wholeTree: boolean;
}

export interface ExtHostFigures {
  part: string;
  activationMs?: number;
  /** Files of the extension's dist/ that are loaded after activation (and after the runbook ran). */
  loadedAtActivation?: string[];
  loadedAfterRunbook?: string[];
  tree?: TreeRound[];
  cells?: { total: number; succeeded: number; ms: number };
  /** The host's memory after each stage (full GCs first): where the memory goes. */
  stages?: { stage: string; memory: MemoryFigures }[];
  memory: MemoryFigures;
  /** After `memory` was read: one more GC of V8's last-resort kind (its low-memory path), which also hands the heap
   * pages V8 keeps pooled for reuse back to the system. What is left is what the process really holds. */
  released?: MemoryFigures;
}

/** A line in ONCALL_BENCH_EXTHOST_OUT.progress: where the host got to, for the node side's failure message. */
function progress(line: string): void {
  const out = process.env.ONCALL_BENCH_EXTHOST_OUT;
  if (out) appendFileSync(`${out}.progress`, `${new Date().toISOString()} ${line}\n`);
}

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function settledMemory(): Promise<MemoryFigures> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 500));
  }
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, smaps: rssBreakdown() };
}

/**
 * V8's last-resort GC (what a low-memory notification runs): besides collecting, it releases the freed heap pages
 * V8 keeps in its page pool, which an ordinary full GC leaves mapped and resident. A diagnostic for the RSS
 * figure, run after every other figure was taken (ONCALL_BENCH_SMAPS_DUMP=file also saves /proc/self/smaps then).
 */
async function lastResortMemory(): Promise<MemoryFigures> {
  const dump = process.env.ONCALL_BENCH_SMAPS_DUMP;
  if (dump) writeFileSync(`${dump}.${process.env.ONCALL_BENCH_PART}`, readFileSync('/proc/self/smaps', 'utf8'));
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as (o: unknown) => void)({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  await new Promise((r) => setTimeout(r, 1000));
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, smaps: rssBreakdown() };
}

function distFilesLoaded(extensionPath: string): string[] {
  const dist = `${extensionPath}/dist/`;
  return Object.keys(require.cache).filter((k) => k.startsWith(dist)).map((k) => k.slice(dist.length)).sort();
}

async function postAlerts(amUrl: string, alerts: unknown[]): Promise<void> {
  const res = await fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(alerts) });
  if (!res.ok) throw new Error(`posting alerts: HTTP ${res.status} ${await res.text()}`);
}

async function treeRounds(api: OnCallApi, amUrl: string, n: number, rounds: number): Promise<TreeRound[]> {
  const c = api.container;
  const tree = c.alertsTree as unknown as { rebuild(): void };
  const original = tree.rebuild.bind(tree);
  let rebuildMs = 0;
  tree.rebuild = () => {
    const t0 = performance.now();
    original();
    rebuildMs = performance.now() - t0;
  };
  let fired: Node | Node[] | undefined | null = null;
  const sub = c.alertsTree.onDidChangeTreeData((e) => (fired = e));
  const out: TreeRound[] = [];
  // Alerts started on a whole minute: their shown age changes only when the minute does. A round in which the
  // minute changed since the previous refresh (every item's age text changes) is measured again.
  const base = Number(process.env.ONCALL_BENCH_ALERTS_NOW);
  if (!Number.isFinite(base)) throw new Error('ONCALL_BENCH_ALERTS_NOW is not set');
  const changedCount = Math.max(1, Math.round(n / 100));
  let seq = 0;
  const nonce = Date.now().toString(36); // another session's changes must not look like this one's
  let minute = Math.floor(Date.now() / 60_000);
  try {
    for (let r = 0; r < rounds * 2 + 2; r++) {
      const changed = r % 2 === 1 ? changedCount : 0;
      if (changed) {
        // The description of 1% of the alerts, spread over the whole list, changes (same labels: same fingerprints).
        seq++;
        const all = makeAlerts(n, base, (i) => `changed by change ${seq} of ${nonce} (alert ${i})`);
        await postAlerts(amUrl, all.filter((_, i) => i % 100 === seq % 100));
      }
      const before = c.alertsTree.stats.itemsRebuilt;
      fired = null;
      rebuildMs = NaN;
      const t0 = performance.now();
      await c.alerts.refresh();
      const refreshMs = performance.now() - t0;
      const t1 = performance.now();
      let itemsProduced = 0;
      const event = fired as Node | Node[] | undefined | null;
      const produce = (nodes: readonly Node[], deep: boolean) => {
        for (const node of nodes) {
          c.alertsTree.getTreeItem(node);
          itemsProduced++;
          if (deep) produce(c.alertsTree.getChildren(node), true);
        }
      };
      if (event === undefined) produce(c.alertsTree.getChildren(), true);
      else if (event !== null) produce(Array.isArray(event) ? event : [event], false);
      const produceMs = performance.now() - t1;
      const itemsRebuilt = c.alertsTree.stats.itemsRebuilt - before;
      if (c.alerts.snapshot.alerts.length !== n) throw new Error(`the model holds ${c.alerts.snapshot.alerts.length} alerts, expected ${n}`);
      const now = Math.floor(Date.now() / 60_000);
      if (now !== minute) {
        minute = now;
        r--; // the age of every alert changed since the last refresh: measure this round again
        continue;
      }
      const seen = c.alerts.snapshot.alerts.filter((a) => a.annotations.description?.startsWith(`changed by change ${seq} of ${nonce} `)).length;
      progress(`round ${r}: changed ${changed}, seq ${seq}, snapshot shows ${seen} of change ${seq}, rebuilt ${itemsRebuilt}, produced ${itemsProduced}, event ${event === null ? 'none' : event === undefined ? 'whole tree' : 'items'}`);
      if (r < 2) continue; // warm-up: the first refreshes build every node
      out.push({ changed, refreshMs, rebuildMs, produceMs, itemsProduced, itemsRebuilt, wholeTree: event === undefined });
    }
  } finally {
    sub.dispose();
    tree.rebuild = original;
  }
  return out;
}

async function runRunbook(file: string): Promise<{ total: number; succeeded: number; ms: number }> {
  const doc = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
  if (doc.notebookType !== 'oncall.runbook') throw new Error(`${file} opened as ${doc.notebookType}`);
  await vscode.window.showNotebookDocument(doc);
  const code = doc.getCells().filter((cell) => cell.kind === vscode.NotebookCellKind.Code);
  progress(`runbook open: ${code.length} code cells`);
  const t0 = performance.now();
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 0, end: doc.cellCount }], document: doc.uri });
  progress('notebook.cell.execute returned');
  // Run All stops at the first failure: done when every cell has a result, or when one failed and nothing moved for 2 s.
  const deadline = Date.now() + 180_000;
  let last = -1;
  let still = 0;
  for (;;) {
    const done = code.filter((cell) => cell.executionSummary?.success !== undefined).length;
    if (done === code.length) break;
    still = done === last ? still + 1 : 0;
    last = done;
    if (still >= 20 && code.some((cell) => cell.executionSummary?.success === false)) break;
    if (Date.now() > deadline) throw new Error(`cells still running after 180 s: ${done} of ${code.length} done`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const failed = code.find((cell) => cell.executionSummary?.success === false);
  if (failed) {
    const text = failed.outputs.flatMap((o) => o.items).map((i) => new TextDecoder().decode(i.data)).join('\n').slice(0, 500);
    progress(`cell ${failed.index} failed: ${text}`);
  }
  return { total: code.length, succeeded: code.filter((cell) => cell.executionSummary?.success === true).length, ms: performance.now() - t0 };
}

export async function run(): Promise<void> {
  const part = process.env.ONCALL_BENCH_PART ?? '';
  const out = process.env.ONCALL_BENCH_EXTHOST_OUT;
  if (!out) throw new Error('ONCALL_BENCH_EXTHOST_OUT is not set');
  let figures: ExtHostFigures;
  if (part === 'without') {
    await new Promise((r) => setTimeout(r, 3000)); // as long as the other part's host is up before it measures, at least
    const memory = await settledMemory();
    figures = { part, memory, released: await lastResortMemory() };
  } else if (part === 'with') {
    const ext = vscode.extensions.getExtension<OnCallApi>('oncall-dev.oncall');
    if (!ext) throw new Error('the On-Call extension is not loaded');
    const api = await ext.activate();
    const loadedAtActivation = distFilesLoaded(ext.extensionPath);
    const stages: { stage: string; memory: MemoryFigures }[] = [];
    stages.push({ stage: 'activated (first refresh may be in flight)', memory: await settledMemory() });
    progress(`activated in ${api.activationMs} ms`);
    const amUrl = process.env.ONCALL_BENCH_AM_URL ?? '';
    const n = Number(process.env.ONCALL_BENCH_ALERTS ?? '10000');
    const tree = await treeRounds(api, amUrl, n, Number(process.env.ONCALL_BENCH_TREE_ROUNDS ?? '5'));
    progress(`tree: ${tree.length} rounds`);
    stages.push({ stage: `${n.toLocaleString('en')} alerts loaded, tree refreshed ${tree.length + 2} times`, memory: await settledMemory() });
    await vscode.commands.executeCommand('oncall.alerts.focus');
    progress('alerts view shown');
    await new Promise((r) => setTimeout(r, 2000));
    stages.push({ stage: 'Alerts view shown', memory: await settledMemory() });
    const runbook = process.env.ONCALL_BENCH_RUNBOOK ?? '';
    if (!existsSync(runbook)) throw new Error(`no runbook at ${runbook}`);
    const cells = await runRunbook(runbook);
    progress(`runbook: ${cells.succeeded}/${cells.total} cells in ${cells.ms} ms`);
    const memory = await settledMemory();
    stages.push({ stage: '50-cell runbook run', memory });
    const released = await lastResortMemory();
    figures = { part, activationMs: api.activationMs, loadedAtActivation, loadedAfterRunbook: distFilesLoaded(ext.extensionPath), tree, cells, stages, memory, released };
  } else {
    throw new Error(`unknown ONCALL_BENCH_PART ${JSON.stringify(part)}`);
  }
  writeFileSync(out, JSON.stringify(figures));
  const result = process.env.ONCALL_EXTHOST_RESULT;
  if (result) writeFileSync(result, JSON.stringify({ passed: 1, failed: 0, pending: 0, failures: [], summary: `exthost: bench part ${part} measured` }));
}
