/**
 * Parsing cost of a large range result: 20 series x 11,000 points (Prometheus' per-series limit), as the API
 * sends it. Compares parseQueryBody (JSON.parse + value conversion + shape checks) with JSON.parse alone on the
 * same body, in alternating rounds (the order flips every round), and reports median, spread and the ratio.
 *   node esbuild.mjs --tests && node out/test/bench/promql.bench.js [--rounds N]
 * Exits 1 when the median ratio exceeds 1.5.
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

function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
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
const json: number[] = [];
const ours: number[] = [];
const ratios: number[] = [];
let sink = 0;
for (let r = 0; r < WARMUP + ROUNDS; r++) {
  let a: number;
  let b: number;
  if (r % 2 === 0) {
    a = time(() => (sink += (JSON.parse(text) as { data: { result: unknown[] } }).data.result.length));
    b = time(() => {
      const p = parseQueryBody(text);
      sink += p.ok && p.response.result.resultType === 'matrix' ? p.response.result.series.length : 0;
    });
  } else {
    b = time(() => {
      const p = parseQueryBody(text);
      sink += p.ok && p.response.result.resultType === 'matrix' ? p.response.result.series.length : 0;
    });
    a = time(() => (sink += (JSON.parse(text) as { data: { result: unknown[] } }).data.result.length));
  }
  if (r < WARMUP) continue;
  json.push(a);
  ours.push(b);
  ratios.push(b / a);
}

const fmt = (x: number) => x.toFixed(1);
const mJ = median(json);
const mO = median(ours);
console.log(`body: ${(text.length / 1024 / 1024).toFixed(1)} MiB, ${SERIES} series x ${POINTS} points; ${ROUNDS} alternating rounds after ${WARMUP} warm-up (sink ${sink})`);
console.log(`JSON.parse        median ${fmt(mJ)} ms  (p10 ${fmt(quantile(json, 0.1))}, p90 ${fmt(quantile(json, 0.9))}, min ${fmt(Math.min(...json))}, max ${fmt(Math.max(...json))})`);
console.log(`parseQueryBody    median ${fmt(mO)} ms  (p10 ${fmt(quantile(ours, 0.1))}, p90 ${fmt(quantile(ours, 0.9))}, min ${fmt(Math.min(...ours))}, max ${fmt(Math.max(...ours))})`);
console.log(`ratio             median of medians ${(mO / mJ).toFixed(3)}; per-round ratio median ${median(ratios).toFixed(3)} (p10 ${quantile(ratios, 0.1).toFixed(3)}, p90 ${quantile(ratios, 0.9).toFixed(3)}); limit ${LIMIT}`);
process.exitCode = mO / mJ <= LIMIT ? 0 : 1;
