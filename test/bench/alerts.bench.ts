/**
 * Benchmark: reading 1,000 / 10,000 / 50,000 alerts from a real Alertmanager (and 10,000 from an HA pair).
 *   node scripts/bench.mjs alerts        (or, built: node <bench dir>/bench/alerts.bench.js [--alerts 1000,10000] [--rounds N])
 * Side by side in the same rounds (the order rotates every round, after one warm-up, a full GC before each):
 *   floor   a bare http GET of /api/v2/alerts + JSON.parse (one keep-alive connection);
 *   ours    fetchAlerts (HttpClient GET, parse, dedup) + sortAlerts + groupAlerts by severity, as the panel does;
 *   amtool  `amtool alert query -o json --alertmanager.url=URL`, the command an engineer would type instead
 *           (its whole run: process start, request, decode, JSON output read to the end).
 * Wall time for all three, CPU time of this process for floor and ours, CPU time of the amtool process from the
 * kernel's accounting of finished children. Then the heap each parsed result holds, and the client-side cost
 * alone on one captured body. Alertmanager itself is the same server for all three sides.
 */
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { startAlertmanager, type TestAlertmanager } from '../support/alertmanager';
import { makeAlerts } from './benchAlerts';
import { AlertmanagerClient } from '../../src/alerts/alertmanagerClient';
import { fetchAlerts } from '../../src/alerts/fetchAll';
import { groupAlerts, sortAlerts } from '../../src/alerts/grouping';
import { parseAlerts } from '../../src/alerts/alertmanagerParse';
import {
  ReportBuilder, alternate, argNumber, argNumbers, childrenCpuMs, cpuTimes, gc, mib, ms, median, msCell, pairedRatios, ratio, runBench, stats, timeAsync,
  timeSync, walls, x, type Sample,
} from './harness';

const AMTOOL = process.env.ONCALL_AMTOOL ?? '/usr/bin/amtool';
const SIZES = argNumbers('alerts', [1_000, 10_000, 50_000]);
const PAIR_SIZES = argNumbers('pair-alerts', [10_000]);
const defaultRounds = (n: number) => (n <= 1_000 ? 21 : n <= 10_000 ? 11 : 7);
const LIMIT = 1.3;
function bareGetText(url: string, agent: http.Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { Accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const bareGet = async (url: string, agent: http.Agent): Promise<unknown> => JSON.parse(await bareGetText(url, agent)) as unknown;

/** amtool's whole run: wall time, and its CPU time from the kernel once it has been waited for. */
function runAmtool(amUrl: string, keepOutput = false): Promise<Sample & { output?: string }> {
  return new Promise((resolve, reject) => {
    const cpu0 = childrenCpuMs();
    const t0 = performance.now();
    const child = spawn(AMTOOL, ['alert', 'query', '-o', 'json', `--alertmanager.url=${amUrl}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      bytes += c.length;
      if (keepOutput) chunks.push(c);
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - t0;
      if (code !== 0) return reject(new Error(`amtool exited with ${code}: ${err.trim()}`));
      if (bytes === 0) return reject(new Error('amtool printed nothing'));
      resolve({ wall, cpu: childrenCpuMs() - cpu0, output: keepOutput ? Buffer.concat(chunks).toString('utf8') : undefined });
    });
  });
}

/** The result of the run being measured, kept alive across a GC (exported so it is never dead code). */
export const keep: { held: unknown } = { held: undefined };

/**
 * Heap held by a run's result: heap with the result alive minus heap once it is dropped (both after full GCs).
 * `flush` sends one small request on the same connection first: an idle keep-alive socket keeps its last response
 * reachable, which would otherwise hide the result's size.
 */
async function heapHeld(run: () => Promise<unknown>, flush: () => Promise<unknown>): Promise<number> {
  keep.held = undefined;
  gc();
  // Stored by an inner function so no frame of this one keeps a reference once keep.held is cleared.
  await (async () => {
    keep.held = await run();
  })();
  await flush();
  gc();
  const withResult = process.memoryUsage().heapUsed;
  keep.held = undefined;
  gc();
  return withResult - process.memoryUsage().heapUsed;
}

async function loaded(am: TestAlertmanager, n: number): Promise<void> {
  await am.postAlerts(makeAlerts(n));
  const agent = new http.Agent({ keepAlive: true });
  try {
    let count = 0;
    for (let i = 0; i < 100 && count < n; i++) count = ((await bareGet(`${am.url}/api/v2/alerts`, agent)) as unknown[]).length;
    if (count !== n) throw new Error(`Alertmanager holds ${count} alerts, expected ${n}`);
  } finally {
    agent.destroy();
  }
}

interface SizeResult {
  n: number;
  rounds: number;
  bodyBytes: number;
  floor: Sample[];
  ours: Sample[];
  amtool: Sample[];
  heapFloor: number;
  heapOurs: number;
  clientParse: number[];
  clientOurs: number[];
}

async function measureSize(n: number): Promise<SizeResult> {
  const rounds = argNumber('rounds', defaultRounds(n));
  const am = await startAlertmanager();
  const agent = new http.Agent({ keepAlive: true });
  try {
    const t0 = performance.now();
    await loaded(am, n);
    console.error(`[alerts] ${n} alerts posted and visible in ${(performance.now() - t0).toFixed(0)} ms; ${rounds} rounds`);
    const url = `${am.url}/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true`;
    const client = new AlertmanagerClient({ name: 'bench', url: am.url }, { timeoutMs: 120_000 });
    const ours = async () => {
      const result = await fetchAlerts([client]);
      if (result.errors.length || result.alerts.length !== n) throw new Error(`unexpected result: ${result.alerts.length} alerts, ${JSON.stringify(result.errors)}`);
      return [result, groupAlerts(sortAlerts(result.alerts, Date.now()), 'severity')];
    };
    // The peer must see the same alerts.
    const check = await runAmtool(am.url, true);
    const amtoolCount = (JSON.parse(check.output ?? '[]') as unknown[]).length;
    if (amtoolCount !== n) throw new Error(`amtool lists ${amtoolCount} alerts, expected ${n}`);

    const res = await alternate(
      {
        floor: () => timeAsync(() => bareGet(url, agent)),
        ours: () => timeAsync(ours),
        amtool: () => runAmtool(am.url).then(({ wall, cpu }) => ({ wall, cpu })),
      },
      { rounds, warmup: 1, before: gc },
    );

    const heapFloor: number[] = [];
    const heapOurs: number[] = [];
    for (let r = 0; r < 3; r++) {
      heapFloor.push(await heapHeld(() => bareGet(url, agent), () => bareGet(`${am.url}/api/v2/status`, agent)));
      heapOurs.push(await heapHeld(ours, () => client.getStatus()));
    }

    // The client side alone, on one captured body (no server, no network): where our part of the cost goes.
    const body = await bareGetText(url, agent);
    const client2 = await alternate(
      {
        parse: () => timeSync(() => JSON.parse(body)).cpu,
        ours: () => timeSync(() => {
          const list = parseAlerts(JSON.parse(body) as unknown[], 'bench', undefined, Date.now());
          groupAlerts(sortAlerts(list.items, Date.now()), 'severity');
        }).cpu,
      },
      { rounds: Math.max(rounds, 9), warmup: 2, before: gc },
    );
    return {
      n, rounds, bodyBytes: Buffer.byteLength(body), floor: res.floor, ours: res.ours, amtool: res.amtool,
      heapFloor: stats(heapFloor).median, heapOurs: stats(heapOurs).median, clientParse: client2.parse, clientOurs: client2.ours,
    };
  } finally {
    agent.destroy();
    await am.stop();
  }
}

interface PairResult {
  n: number;
  rounds: number;
  floor: Sample[];
  ours: Sample[];
}

/** Two Alertmanagers holding the same alerts (an HA pair): ours merges 2 x n copies into n alerts. */
async function measurePair(n: number): Promise<PairResult> {
  const rounds = argNumber('rounds', defaultRounds(n));
  const a = await startAlertmanager();
  const b = await startAlertmanager();
  const agent = new http.Agent({ keepAlive: true });
  try {
    await Promise.all([loaded(a, n), loaded(b, n)]);
    const q = '/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true';
    const clients = [new AlertmanagerClient({ name: 'a', url: a.url }, { timeoutMs: 120_000 }), new AlertmanagerClient({ name: 'b', url: b.url }, { timeoutMs: 120_000 })];
    const res = await alternate(
      {
        floor: () => timeAsync(() => Promise.all([bareGet(a.url + q, agent), bareGet(b.url + q, agent)])),
        ours: () =>
          timeAsync(async () => {
            const result = await fetchAlerts(clients);
            if (result.errors.length || result.alerts.length !== n || result.alerts[0].sources.length !== 2) throw new Error('the HA pair was not merged');
            return groupAlerts(sortAlerts(result.alerts, Date.now()), 'severity');
          }),
      },
      { rounds, warmup: 1, before: gc },
    );
    return { n, rounds, floor: res.floor, ours: res.ours };
  } finally {
    agent.destroy();
    await a.stop();
    await b.stop();
  }
}

async function main(): Promise<void> {
  const rep = new ReportBuilder(
    'alerts',
    'Alerts: fetch, parse, dedup and group',
    'An outage storm means thousands of alerts: the panel must read them about as fast as the bytes can be parsed, faster than the CLI an engineer would otherwise use, and its cost must grow no faster than the number of alerts.',
    'node scripts/bench.mjs alerts',
  );
  const results: SizeResult[] = [];
  for (const n of SIZES) results.push(await measureSize(n));
  const pairs: PairResult[] = [];
  for (const n of PAIR_SIZES) pairs.push(await measurePair(n));

  rep.text(
    `Method: one real Alertmanager per size (${SIZES.map((n) => n.toLocaleString('en')).join(' / ')} alerts posted, each ending in 3 h), ` +
      'three sides measured in the same rounds, the order rotating every round, a full GC before each measurement, one warm-up round thrown away. ' +
      '**floor** = bare `http.get` of `/api/v2/alerts` + `JSON.parse`; **ours** = `fetchAlerts` (the shared HttpClient, `parseAlerts`, dedup) + `sortAlerts` + `groupAlerts(…, "severity")`, what one panel refresh does; ' +
      '**amtool** = `amtool alert query -o json --alertmanager.url=URL` (checked to list the same number of alerts), its whole run. ' +
      'Times in ms, median (p10–p90). CPU = this process (floor, ours) or the amtool process (kernel accounting, 10 ms ticks); the server\'s time is in every wall time.',
  );
  rep.table(
    ['alerts', 'body', 'rounds', 'floor wall', 'ours wall', 'amtool wall', 'ours / floor wall', 'ours / amtool wall', 'floor CPU', 'ours CPU', 'amtool CPU', 'ours / floor CPU'],
    results.map((r) => [
      r.n.toLocaleString('en'), mib(r.bodyBytes), r.rounds,
      msCell(stats(walls(r.floor))), msCell(stats(walls(r.ours))), msCell(stats(walls(r.amtool))),
      `${x(ratio(walls(r.floor), walls(r.ours)))} (per round ${x(pairedRatios(walls(r.floor), walls(r.ours)).p10)}–${x(pairedRatios(walls(r.floor), walls(r.ours)).p90)})`,
      x(ratio(walls(r.amtool), walls(r.ours))),
      msCell(stats(cpuTimes(r.floor))), msCell(stats(cpuTimes(r.ours))), msCell(stats(cpuTimes(r.amtool))),
      x(ratio(cpuTimes(r.floor), cpuTimes(r.ours))),
    ]),
  );

  const perK = (r: SizeResult) => median(walls(r.ours)) / (r.n / 1000);
  const perKCpu = (r: SizeResult) => median(cpuTimes(r.ours)) / (r.n / 1000);
  rep.text('Growth and memory, per 1,000 alerts (ours): wall and CPU time per 1,000 alerts at each size, and the heap the result holds (the parsed alerts and the groups, after a full GC; the floor\'s parsed JSON for comparison).');
  rep.table(
    ['alerts', 'ours wall / 1,000', 'ours CPU / 1,000', 'heap held: ours', 'heap held: floor (plain JSON)', 'ours heap / 1,000 alerts', 'client side only: JSON.parse CPU', 'client side only: JSON.parse + parseAlerts + sort + group CPU', 'client-side ratio'],
    results.map((r) => [
      r.n.toLocaleString('en'), ms(perK(r)), ms(perKCpu(r)), mib(r.heapOurs), mib(r.heapFloor), `${(r.heapOurs / (r.n / 1000) / 1024).toFixed(0)} KiB`,
      msCell(stats(r.clientParse)), msCell(stats(r.clientOurs)), x(ratio(r.clientParse, r.clientOurs)),
    ]),
  );
  if (pairs.length) {
    rep.text('HA pair: two Alertmanagers holding the same alerts; ours reads both in parallel and merges each fingerprint into one alert listing both sources; the floor is the two bare GETs + JSON.parse in parallel.');
    rep.table(
      ['alerts (x2 copies)', 'rounds', 'floor wall', 'ours wall', 'ours / floor wall', 'floor CPU', 'ours CPU', 'ours / floor CPU'],
      pairs.map((p) => [
        p.n.toLocaleString('en'), p.rounds, msCell(stats(walls(p.floor))), msCell(stats(walls(p.ours))), x(ratio(walls(p.floor), walls(p.ours))),
        msCell(stats(cpuTimes(p.floor))), msCell(stats(cpuTimes(p.ours))), x(ratio(cpuTimes(p.floor), cpuTimes(p.ours))),
      ]),
    );
  }

  const floorRatios = results.map((r) => ratio(walls(r.floor), walls(r.ours)));
  rep.aim(
    'ours vs floor (wall)',
    `<= ${LIMIT}x at every size`,
    results.map((r, i) => `${r.n / 1000}k: ${x(floorRatios[i])}`).join(', ') + (pairs.length ? `; HA pair ${pairs.map((p) => `${p.n / 1000}k: ${x(ratio(walls(p.floor), walls(p.ours)))}`).join(', ')}` : ''),
    floorRatios.every((r) => r <= LIMIT) && pairs.every((p) => ratio(walls(p.floor), walls(p.ours)) <= LIMIT),
  );
  const amRatios = results.map((r) => ratio(walls(r.amtool), walls(r.ours)));
  rep.aim('ours vs amtool (wall)', 'faster (< 1x) at every size', results.map((r, i) => `${r.n / 1000}k: ${x(amRatios[i])}`).join(', '), amRatios.every((r) => r < 1));
  const big = results.filter((r) => r.n >= 10_000).sort((a, b) => a.n - b.n);
  if (big.length >= 2) {
    const growth = perK(big[big.length - 1]) / perK(big[0]);
    rep.aim(
      'growth',
      `linear: wall per 1,000 alerts at ${big[big.length - 1].n / 1000}k within 1.3x of that at ${big[0].n / 1000}k`,
      `${results.map((r) => `${r.n / 1000}k: ${ms(perK(r))} ms`).join(', ')} per 1,000 (x${growth.toFixed(2)})`,
      growth <= 1.3,
    );
  }
  rep.aim('memory held', 'per 1,000 alerts (figure)', results.map((r) => `${r.n / 1000}k: ${(r.heapOurs / (r.n / 1000) / 1024).toFixed(0)} KiB`).join(', '), null);
  rep.finish();
}

runBench(main);
