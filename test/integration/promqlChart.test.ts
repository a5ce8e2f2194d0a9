/**
 * The PromQL chart in a real Chromium: the notebook renderer (src/renderer, bundled as the extension bundles it)
 * draws a range result of 11,000 points per series, decimated to the min and max of each pixel column. The legend
 * must still show the true value of the sample under the cursor, and a zoomed range must be drawn again at full
 * resolution. The values are a zigzag (i, -(i+1), i+2, …) so a column's min or max is never its first sample's value.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from '../support/browser';
import { repoRoot } from '../support/codeServer';
import { parseQueryBody } from '../../src/prometheus/results';
import { buildPromqlOutput } from '../../src/notebooks/cells/promqlCell';

const POINTS = 11_000;
const T0 = 1_714_608_000; // 2024-05-02T00:00:00Z
const STEP = 60;
const zigzag = (i: number) => (i % 2 === 0 ? i : -i);

function payload(): string {
  const result = ['a', 'b'].map((model, s) => ({
    metric: { model },
    values: Array.from({ length: POINTS }, (_, i) => [T0 + i * STEP, String(zigzag(i) + s * 1_000_000)]),
  }));
  const parsed = parseQueryBody(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }));
  assert.ok(parsed.ok);
  return JSON.stringify(buildPromqlOutput({ kind: 'range', query: 'q', start: T0, end: T0 + (POINTS - 1) * STEP, step: STEP }, parsed.response));
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">
<div id="host" style="width:900px"></div>
<script type="module">
import { activate } from '/renderer.js';
const text = await (await fetch('/payload.json')).text();
activate({}).renderOutputItem({ id: 'chart', mime: 'application/vnd.oncall.promql+json', metadata: undefined, json: () => JSON.parse(text), text: () => text }, document.getElementById('host'));
window.rendered = true;
</script></body></html>`;

/** What the legend shows with the cursor at a fraction of the plot's width: the sample's index (from its time) and each series' value. */
async function hover(page: Page, fraction: number): Promise<{ index: number; values: number[] }> {
  const box = (await page.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * fraction, box.y + box.height / 2);
  await page.waitForTimeout(50);
  const cells = await page.locator('.u-legend .u-series .u-value').allInnerTexts();
  // uPlot's time format, in UTC (the page's time zone is set to UTC): 2024-05-02 6:10pm
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2})(am|pm)$/.exec(cells[0].trim());
  assert.ok(m, `legend time ${JSON.stringify(cells[0])}`);
  const hour = (Number(m[4]) % 12) + (m[6] === 'pm' ? 12 : 0);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hour, Number(m[5])) / 1000;
  return { index: (t - T0) / STEP, values: cells.slice(1).map((c) => Number(c.replace(/,/g, ''))) };
}

describe('PromQL chart in Chromium (renderer bundle, 2 x 11,000 points)', () => {
  let server: Server;
  let browser: BrowserSession;
  let page: Page;

  before(async () => {
    const bundle = await esbuild.build({
      entryPoints: [join(repoRoot(), 'src', 'renderer', 'index.ts')], bundle: true, platform: 'browser', format: 'esm', target: 'es2022',
      write: false, loader: { '.css': 'text' }, logLevel: 'error',
    });
    const files: Record<string, [string, string | Uint8Array]> = {
      '/': ['text/html', PAGE], '/renderer.js': ['text/javascript', bundle.outputFiles[0].contents], '/payload.json': ['application/json', payload()],
    };
    server = createServer((req, res) => {
      const f = files[req.url ?? ''];
      if (!f) res.writeHead(404).end();
      else res.writeHead(200, { 'Content-Type': f[0] }).end(f[1]);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    browser = await launchBrowser({ viewport: { width: 1000, height: 600 } });
    page = browser.page;
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'UTC' });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction('window.rendered === true');
  });

  after(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  test('decimated, the legend shows the true value of the sample at the cursor time', async () => {
    for (const fraction of [0.1, 0.37, 0.5, 0.83]) {
      const { index, values } = await hover(page, fraction);
      assert.ok(Number.isInteger(index) && index >= 0 && index < POINTS, `index ${index}`);
      assert.deepEqual(values, [zigzag(index), zigzag(index) + 1_000_000], `at ${fraction} of the width (sample ${index})`);
    }
    // The whole range is on screen: about 13 samples per pixel column, so neighbouring columns are far apart.
    const left = await hover(page, 0.5);
    const right = await hover(page, 0.5 + 4 / 850);
    assert.ok(right.index - left.index > 20, `4 px apart: samples ${left.index} and ${right.index}`);
    assert.equal(browser.console.filter((l) => l.startsWith('[pageerror]')).length, 0, browser.console.join('\n'));
  });

  test('zoomed to 2% of the range, the chart is drawn again at full resolution with true values', async () => {
    const box = (await page.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.42, box.y + 20, { steps: 5 });
    await page.mouse.up();
    await page.waitForTimeout(300);
    // About 220 samples over the plot's width: 40 positions 5 px apart meet about 50 samples, each a different one
    // at full resolution (drawn decimated as before, the cursor could only land on about one in six).
    const seen = new Set<number>();
    for (let k = 0; k < 40; k++) {
      const s = await hover(page, 0.3 + (k * 5) / box.width);
      assert.deepEqual(s.values, [zigzag(s.index), zigzag(s.index) + 1_000_000], `sample ${s.index}`);
      assert.ok(s.index > POINTS * 0.38 && s.index < POINTS * 0.44, `zoomed to 40–42%: sample ${s.index}`);
      seen.add(s.index);
    }
    assert.ok(seen.size >= 30, `40 positions 5 px apart met ${seen.size} different samples`);
    // Back to the whole range (double click): decimated again, true values still.
    await page.mouse.dblclick(box.x + box.width / 2, box.y + 20);
    await page.waitForTimeout(300);
    const whole = await hover(page, 0.25);
    assert.deepEqual(whole.values, [zigzag(whole.index), zigzag(whole.index) + 1_000_000]);
    assert.ok(whole.index > POINTS * 0.2 && whole.index < POINTS * 0.3, `whole range again: sample ${whole.index} at a quarter`);
  });
});
