/**
 * Rendering a 20 x 11,000 range result in Chromium with the notebook renderer (dist/renderer.js).
 *   node scripts/bench.mjs promql-render     (or, built: node <bench dir>/bench/promqlRender.bench.js [--rounds N] [--warm N])
 * A plain page served on 127.0.0.1 loads the renderer bundle (ESM exporting `activate`) as VS Code's notebook
 * webview would, and calls activate(ctx).renderOutputItem(item, element) with an OutputItem-like object whose
 * json() parses the payload a PromQL cell sends (built from the same Prometheus reply by buildPromqlOutput).
 * Measured in the page from the call until uPlot has drawn (uPlot draws in a microtask after its constructor, so
 * the clock stops in the next macrotask, and the canvas is checked to hold ink), and until the next animation frame.
 * The floor, in the same page and rounds: uPlot alone (the same library build, same options, same width) drawing
 * every point of the data already parsed and aligned (ours decimates to min/max per pixel column first). Cold = the first render in a freshly loaded page; warm = later renders in it.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { repoRoot } from '../support/codeServer';
import { parseQueryBody } from '../../src/prometheus/results';
import { buildPromqlOutput } from '../../src/notebooks/cells/promqlCell';
import { PROMQL_MIME } from '../../src/notebooks/output/promqlOutput';
import { POINTS, SERIES, rangeBody } from './benchPromql';
import { extensionDir, extensionLabel } from './benchExtension';
import { ReportBuilder, argNumber, mib, ms, msCell, ratio, runBench, stats, x } from './harness';

const LIMIT_MS = 100;

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>renderer bench</title></head>
<body style="margin:0;background:#1e1e1e;color:#ccc;font-family:sans-serif">
<div id="host" style="width:900px"></div>
<script type="module">
import { activate } from '/renderer.js';
import uPlot from '/uplot.js';
const text = await (await fetch('/payload.json')).text();
const mime = ${JSON.stringify(PROMQL_MIME)};
const renderer = activate({ workspace: { isTrusted: true }, setState() {}, getState() { return undefined; } });
const host = document.getElementById('host');
const macrotask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
function inked(canvas) {
  if (!canvas) return 0;
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
  return n;
}
// The floor's input, prepared once outside any timing: the same points, parsed and aligned.
const parsed = JSON.parse(text);
const aligned = [parsed.chart.times, ...parsed.chart.values];
const PALETTE = ['#3b82f6', '#ef4444', '#10b981', '#f59e0b', '#8b5cf6', '#ec4899', '#14b8a6', '#f97316', '#6366f1', '#84cc16'];
const cssLink = document.createElement('link');
cssLink.rel = 'stylesheet';
cssLink.href = '/uplot.css';
document.head.appendChild(cssLink);
async function measure(draw) {
  const el = document.createElement('div');
  host.replaceChildren(el);
  const t0 = performance.now();
  draw(el);
  const sync = performance.now() - t0;
  await macrotask();
  const drawn = performance.now() - t0;
  await frame();
  const framed = performance.now() - t0;
  const root = el.querySelector('.oncall-promql');
  return { sync, drawn, framed, renderMs: root ? Number(root.dataset.renderMs) : NaN, ink: inked(el.querySelector('canvas')), points: aligned.length - 1 };
}
window.benchOurs = () => measure((el) => renderer.renderOutputItem({ id: 'bench', mime, metadata: undefined, json: () => JSON.parse(text), text: () => text, data: () => new TextEncoder().encode(text), blob: () => new Blob([text]) }, el));
window.benchFloor = () => measure((el) => {
  const holder = document.createElement('div');
  el.appendChild(holder);
  new uPlot({
    width: 900, height: 260,
    series: [{}, ...parsed.chart.names.map((name, i) => ({ label: name, stroke: PALETTE[i % PALETTE.length], width: 1, spanGaps: false }))],
    axes: [{ stroke: '#888', grid: { stroke: 'rgba(128,128,128,0.15)' } }, { stroke: '#888', grid: { stroke: 'rgba(128,128,128,0.15)' } }],
    legend: { show: true }, cursor: { drag: { x: true, y: false } },
  }, aligned, holder);
});
window.benchReady = true;
</script></body></html>`;

interface Run {
  sync: number;
  drawn: number;
  framed: number;
  renderMs: number;
  ink: number;
  /** Renderer main-thread task time during the run (CDP Performance.getMetrics TaskDuration), ms. */
  task: number;
}

function serve(files: Record<string, { type: string; body: string | Buffer }>): Promise<Server> {
  const server = createServer((req, res) => {
    const f = files[(req.url ?? '/').split('?')[0]];
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': f.type, 'Cache-Control': 'no-store' }).end(f.body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function main(): Promise<void> {
  const rounds = argNumber('rounds', 9);
  const warm = argNumber('warm', 5);
  const rep = new ReportBuilder(
    'promql-render',
    'PromQL: rendering the chart in Chromium',
    'The chart of a PromQL cell appears in the notebook\'s webview: 20 series of 11,000 points must be on screen in well under a tenth of a second, so running a cell feels immediate.',
    'node scripts/bench.mjs promql-render',
  );
  const ext = extensionDir();
  const rendererJs = readFileSync(join(ext, 'dist', 'renderer.js'));
  const parsedReply = parseQueryBody(rangeBody());
  if (!parsedReply.ok) throw new Error('the range body did not parse');
  const end = 1714640400 + (POINTS - 1) * 15;
  const payload = JSON.stringify(buildPromqlOutput({ kind: 'range', query: 'sum by (model) (rate(llm_requests_total[5m]))', start: 1714640400, end, step: 15 }, parsedReply.response));
  const uplotDir = join(repoRoot(), 'node_modules', 'uplot', 'dist');
  const server = await serve({
    '/': { type: 'text/html', body: PAGE },
    '/renderer.js': { type: 'text/javascript', body: rendererJs },
    '/uplot.js': { type: 'text/javascript', body: readFileSync(join(uplotDir, 'uPlot.esm.js')) },
    '/uplot.css': { type: 'text/css', body: readFileSync(join(uplotDir, 'uPlot.min.css')) },
    '/payload.json': { type: 'application/json', body: payload },
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await launchBrowser({ viewport: { width: 1000, height: 700 } });
  const cold: { ours: Run[]; floor: Run[] } = { ours: [], floor: [] };
  const hot: { ours: Run[]; floor: Run[] } = { ours: [], floor: [] };
  try {
    const page: Page = browser.page;
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskTime = async () => {
      const m = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      return (m.metrics.find((e) => e.name === 'TaskDuration')?.value ?? NaN) * 1000;
    };
    const once = async (side: 'ours' | 'floor'): Promise<Run> => {
      const t0 = await taskTime();
      const r = (await page.evaluate(side === 'ours' ? 'window.benchOurs()' : 'window.benchFloor()')) as Omit<Run, 'task'> & { points: number };
      const task = (await taskTime()) - t0;
      if (r.ink < 1000) throw new Error(`${side}: the canvas holds only ${r.ink} inked pixels after the render: nothing was drawn`);
      if (r.points !== SERIES) throw new Error(`${side}: ${r.points} series in the page, expected ${SERIES}`);
      return { ...r, task };
    };
    for (let r = 0; r < rounds + 1; r++) {
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction('window.benchReady === true', undefined, { timeout: 30_000 });
      const order: ('ours' | 'floor')[] = r % 2 === 0 ? ['ours', 'floor'] : ['floor', 'ours'];
      const first: { ours?: Run; floor?: Run } = {};
      for (const side of order) first[side] = await once(side);
      for (let w = 0; w < warm; w++) {
        for (const side of w % 2 === 0 ? [...order].reverse() : order) {
          const run = await once(side);
          if (r > 0) hot[side].push(run);
        }
      }
      if (r === 0) continue; // the first page load warms the browser's caches (fonts, disk): thrown away
      cold.ours.push(first.ours!);
      cold.floor.push(first.floor!);
    }
  } finally {
    await browser.close();
    await new Promise((r) => server.close(() => r(undefined)));
  }

  const row = (label: string, runs: Run[]) => [
    label, runs.length, msCell(stats(runs.map((r) => r.drawn))), msCell(stats(runs.map((r) => r.framed))), msCell(stats(runs.map((r) => r.sync))),
    runs.some((r) => Number.isFinite(r.renderMs)) ? msCell(stats(runs.map((r) => r.renderMs))) : '—', msCell(stats(runs.map((r) => r.task))),
  ];
  rep.text(
    `Method: ${extensionLabel()}: its \`dist/renderer.js\` (${(rendererJs.length / 1024).toFixed(0)} KiB) loaded as an ES module in a plain page on 127.0.0.1, headless Chromium (/usr/bin/chromium, software rendering), a 900 px wide output. ` +
      `The item's \`json()\` parses the ${mib(payload.length)} payload a PromQL cell sends (${SERIES} series x ${POINTS.toLocaleString('en')} points, built by \`buildPromqlOutput\`). ` +
      '**drawn** = from the renderOutputItem call until uPlot has drawn its canvas (the next macrotask; the canvas is checked to hold ink); **next frame** = until the following animation frame; **sync** = until renderOutputItem returns; ' +
      '**data-render-ms** = what the renderer itself records around uPlot\'s constructor (it does not include the draw); **main-thread tasks** = the page\'s task time (CDP `TaskDuration`). ' +
      `**floor** = uPlot alone (the same library, the same options: 1 px lines, 900 px wide) drawing every point of the data already parsed and aligned, in the same pages and rounds, the order alternating; ours decimates to the min and max of each pixel column before drawing (the legend shows true values), so it can be faster than the floor. ${rounds} fresh page loads (one more thrown away first), ${warm} warm renders of each side per page. Times in ms, median (p10–p90).`,
  );
  rep.table(['render', 'runs', 'drawn', 'next frame', 'sync', 'data-render-ms', 'main-thread tasks'], [
    row('ours, cold (first in a fresh page)', cold.ours),
    row('floor, cold', cold.floor),
    row('ours, warm', hot.ours),
    row('floor, warm', hot.floor),
  ]);
  const drawnCold = stats(cold.ours.map((r) => r.drawn)).median;
  const drawnWarm = stats(hot.ours.map((r) => r.drawn)).median;
  rep.text(
    `Ratio to the floor (drawn, medians): cold ${x(ratio(cold.floor.map((r) => r.drawn), cold.ours.map((r) => r.drawn)))}, warm ${x(ratio(hot.floor.map((r) => r.drawn), hot.ours.map((r) => r.drawn)))}. ` +
      'Ours pays the JSON parse of the payload and the decimation, which the floor is given for free or skips; the floor draws 20 x 11,000 points where ours draws 20 x about 1,800.',
  );
  rep.aim('render until drawn, cold', `< ${LIMIT_MS} ms`, `${ms(drawnCold)} ms (warm ${ms(drawnWarm)} ms)`, drawnCold < LIMIT_MS);
  rep.finish();
}

runBench(main);
