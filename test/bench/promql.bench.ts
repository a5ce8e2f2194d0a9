/**
 * Parsing cost of a large range result: 20 series x 11,000 points (Prometheus' per-series limit), as the API
 * sends it. Compares parseQueryBody (JSON.parse + value conversion + shape checks) with JSON.parse alone on the
 * same body, in alternating rounds (the order flips every round), and reports median, spread and the ratio, in
 * wall time and in process CPU time (user + system, all threads: GC helpers included). CPU time is what the verdict
 * uses: on a shared machine wall time mostly measures the other processes.
 *   node esbuild.mjs --tests && node out/test/bench/promql.bench.js [--rounds N]
 * Exits 1 when the median CPU-time ratio exceeds 1.5.
 */
import { parseQueryBody } from '../../src/prometheus/results';

const SERIES = 20;
const POINTS = 11_000;
const argRounds = process.argv.indexOf('--rounds');
const ROUNDS = argRounds > 0 ? Number(process.argv[argRounds + 1]) : 31;
const WARMUP = 5;
const LIMIT = 1.5;

function body(): string {
  const start = 1714640400;
  const result = [];
  for (let s = 0; s < SERIES; s++) {
    const values: Array<[number, string]> = [];
    for (let i = 0; i < POINTS; i++) {
      // Deterministic values of the kinds the API sends: fractions, integers, exponents, the odd NaN/+Inf.
      const v = i % 997 === 0 ? 'NaN' : i % 1009 === 0 ? '+Inf' : String(((s + 1) * 1.000123456789 * Math.sin(i / 50) + s) / 7);
      values.push([start + i * 15, v]);
    }
    result.push({ metric: { __name__: 'llm_requests_total', model: `model-${s}`, tenant: `tenant-${s % 3}`, route: 'chat', status: 'success' }, values });
  }
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}

interface Sample {
  wall: number;
  cpu: number;
}

function time(f: () => unknown): Sample {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

const text = body();
const json: Sample[] = [];
const ours: Sample[] = [];
let sink = 0;
const plain = () => (sink += (JSON.parse(text) as { data: { result: unknown[] } }).data.result.length);
const full = () => {
  const p = parseQueryBody(text);
  sink += p.ok && p.response.result.resultType === 'matrix' ? p.response.result.series.length : 0;
};
for (let r = 0; r < WARMUP + ROUNDS; r++) {
  let a: Sample;
  let b: Sample;
  if (r % 2 === 0) {
    a = time(plain);
    b = time(full);
  } else {
    b = time(full);
    a = time(plain);
  }
  if (r < WARMUP) continue;
  json.push(a);
  ours.push(b);
}

const fmt = (x: number) => x.toFixed(1);
function line(name: string, xs: number[]): string {
  return `${name.padEnd(16)} median ${fmt(median(xs))} ms  (p10 ${fmt(quantile(xs, 0.1))}, p90 ${fmt(quantile(xs, 0.9))}, min ${fmt(Math.min(...xs))}, max ${fmt(Math.max(...xs))})`;
}
function ratio(kind: keyof Sample): string {
  const per = ours.map((o, i) => o[kind] / json[i][kind]);
  const m = median(ours.map((o) => o[kind])) / median(json.map((j) => j[kind]));
  return `${kind.padEnd(4)} ratio of medians ${m.toFixed(3)}; per-round ratio median ${median(per).toFixed(3)} (p10 ${quantile(per, 0.1).toFixed(3)}, p90 ${quantile(per, 0.9).toFixed(3)})`;
}
console.log(`body: ${(text.length / 1024 / 1024).toFixed(1)} MiB, ${SERIES} series x ${POINTS} points; ${ROUNDS} alternating rounds after ${WARMUP} warm-up (sink ${sink})`);
for (const kind of ['wall', 'cpu'] as const) {
  console.log(line(`JSON.parse ${kind}`, json.map((j) => j[kind])));
  console.log(line(`parse ${kind}`, ours.map((o) => o[kind])));
}
console.log(ratio('wall'));
console.log(ratio('cpu'));
const verdict = median(ours.map((o) => o.cpu)) / median(json.map((j) => j.cpu));
console.log(`limit ${LIMIT}: ${verdict <= LIMIT ? 'within' : 'EXCEEDED'}`);
process.exitCode = verdict <= LIMIT ? 0 : 1;
