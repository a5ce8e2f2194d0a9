/**
 * Benchmark: reading 10,000 alerts from a real Alertmanager.
 *   node esbuild.mjs --tests && node out/test/bench/alerts.bench.js [--rounds N] [--alerts N]
 * Alternating in the same run: (a) the floor, a bare http GET of /api/v2/alerts plus JSON.parse; (b) ours,
 * fetchAlerts + groupAlerts. Prints the median and spread of each, their ratio (aim: at most 1.3x), and the heap/RSS
 * held by each parsed result, as a markdown table.
 */
import * as http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startAlertmanager, type PostableAlert } from '../support/alertmanager';
import { AlertmanagerClient } from '../../src/alerts/alertmanagerClient';
import { fetchAlerts } from '../../src/alerts/fetchAll';
import { groupAlerts } from '../../src/alerts/grouping';
import { parseAlerts } from '../../src/alerts/alertmanagerParse';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const ALERTS = arg('alerts', 10_000);
const ROUNDS = arg('rounds', 15);
const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4', 'warning', 'critical'];
const NAMES = ['ModelEndpointDown', 'HighHallucinationRate', 'TokenCostExplosion', 'LatencyP95Exceeded', 'GuardrailViolationSpike', 'ModelQualityDrop', 'ProviderErrorRateHigh'];

function makeAlerts(n: number): PostableAlert[] {
  return Array.from({ length: n }, (_, i) => ({
    labels: {
      alertname: NAMES[i % NAMES.length],
      severity: SEVERITIES[i % SEVERITIES.length],
      instance: `10.0.${Math.floor(i / 250)}.${i % 250}:8080`,
      job: 'llm-inference',
      model: `model-${i % 40}`,
      tenant: `tenant-${i % 300}`,
      replica: String(i),
    },
    annotations: {
      summary: `Alert ${i}: something is wrong with model-${i % 40}`,
      description: `A longer description of alert number ${i}, for the engineer on call.`,
      runbook_url: 'https://runbooks.internal/ai/model-outage',
    },
  }));
}

function bareGet(url: string, agent: http.Agent): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { Accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (e) {
            reject(e);
          }
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

interface Sample {
  ms: number;
  heap: number;
  rss: number;
}

/** The result of the run being measured, kept alive across a gc (exported so it is never dead code). */
export const keep: { held: unknown } = { held: undefined };

/**
 * Time of one run; heap held = heap with the result alive minus heap once it is dropped (both after full GCs);
 * RSS delta = RSS with the result minus RSS before. `flush` sends one small request on the same connection first:
 * an idle keep-alive socket keeps its last response reachable (the bare listener closures, axios's current request),
 * which would otherwise hide the result's size.
 */
async function measure(run: () => Promise<unknown>, flush: () => Promise<unknown>): Promise<Sample> {
  keep.held = undefined;
  gc();
  const rssBefore = process.memoryUsage().rss;
  const t = performance.now();
  // Stored by an inner function so no frame of this one keeps a reference once keep.held is cleared.
  await (async () => {
    keep.held = await run();
  })();
  const ms = performance.now() - t;
  await flush();
  gc();
  const withResult = process.memoryUsage();
  keep.held = undefined;
  gc();
  const without = process.memoryUsage();
  return { ms, heap: withResult.heapUsed - without.heapUsed, rss: withResult.rss - rssBefore };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const am = await startAlertmanager();
  try {
    const t0 = performance.now();
    await am.postAlerts(makeAlerts(ALERTS));
    const url = `${am.url}/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true`;
    const agent = new http.Agent({ keepAlive: true });
    let count = 0;
    for (let i = 0; i < 100 && count < ALERTS; i++) count = ((await bareGet(url, agent)) as unknown[]).length;
    if (count !== ALERTS) throw new Error(`Alertmanager holds ${count} alerts, expected ${ALERTS}`);
    console.log(`Posted ${ALERTS} alerts in ${(performance.now() - t0).toFixed(0)} ms; ${ROUNDS} rounds each, alternating, after one warm-up.\n`);

    const client = new AlertmanagerClient({ name: 'bench', url: am.url }, { timeoutMs: 60_000 });
    const floor = () => bareGet(url, agent);
    const floorFlush = () => bareGet(`${am.url}/api/v2/status`, agent);
    const oursFlush = () => client.getStatus();
    const ours = async () => {
      const result = await fetchAlerts([client]);
      if (result.errors.length || result.alerts.length !== ALERTS) throw new Error(`unexpected result: ${JSON.stringify(result.errors)}`);
      return [result, groupAlerts(result.alerts, 'alertname')];
    };
    await measure(floor, floorFlush);
    await measure(ours, oursFlush);
    const a: Sample[] = [];
    const b: Sample[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      a.push(await measure(floor, floorFlush));
      b.push(await measure(ours, oursFlush));
    }
    const row = (name: string, s: Sample[]) => {
      const ms = s.map((x) => x.ms);
      return `| ${name} | ${median(ms).toFixed(1)} | ${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)} | ${mib(median(s.map((x) => x.heap)))} | ${mib(median(s.map((x) => x.rss)))} |`;
    };
    const ratio = median(b.map((x) => x.ms)) / median(a.map((x) => x.ms));
    console.log('| run | median ms | spread ms (min–max) | heap held | RSS delta |');
    console.log('|---|---|---|---|---|');
    console.log(row('(a) floor: http GET + JSON.parse', a));
    console.log(row('(b) ours: fetchAlerts + groupAlerts', b));
    console.log(`\nRatio (b)/(a) of medians: ${ratio.toFixed(2)}x (aim: at most 1.3x) — ${ratio <= 1.3 ? 'within the aim' : 'OVER the aim'}.`);

    // The client side alone, on one captured body (no server time): where our part of the cost goes.
    const body = await new Promise<string>((resolve, reject) => {
      http.get(url, { agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
      }).on('error', reject);
    });
    const parseOnly: number[] = [];
    const ourSide: number[] = [];
    for (let r = 0; r < ROUNDS * 2; r++) {
      let t = performance.now();
      JSON.parse(body);
      parseOnly.push(performance.now() - t);
      t = performance.now();
      const list = parseAlerts(JSON.parse(body) as unknown[], 'bench', undefined, Date.now());
      groupAlerts(list.items, 'alertname');
      ourSide.push(performance.now() - t);
    }
    console.log(`\nClient side only, same ${mib(Buffer.byteLength(body))} body, ${ROUNDS * 2} rounds: JSON.parse ${median(parseOnly).toFixed(1)} ms; JSON.parse + parseAlerts + groupAlerts ${median(ourSide).toFixed(1)} ms (median).`);
    agent.destroy();
  } finally {
    await am.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
