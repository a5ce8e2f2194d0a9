/**
 * Parsing cost of a large range result: 20 series x 11,000 points (Prometheus' per-series limit), as the API
 * sends it. Compares parseQueryBody (JSON.parse + value conversion + shape checks) with JSON.parse alone on the
 * same body, in alternating rounds (the order flips every round), and reports median, spread and the ratio, in
 * wall time and in process CPU time (user + system, all threads: GC helpers included). CPU time is what the verdict
 * uses: on a shared machine wall time mostly measures the other processes.
 *   node scripts/bench.mjs promql        (or, built: node <bench dir>/bench/promql.bench.js [--rounds N])
 * The rendering of the same result in Chromium is promqlRender.bench.ts.
 */
import { parseQueryBody } from '../../src/prometheus/results';
import { POINTS, SERIES, rangeBody } from './benchPromql';
import { ReportBuilder, alternate, argNumber, cpuTimes, mib, msCell, pairedRatios, ratio, runBench, stats, timeSync, walls, x } from './harness';

const LIMIT = 1.5;

async function main(): Promise<void> {
  const rounds = argNumber('rounds', 31);
  const rep = new ReportBuilder(
    'promql',
    'PromQL: parsing a range result',
    'A PromQL cell over a long range can return 20 series of 11,000 points (Prometheus\' per-series limit): reading it must cost little more than the JSON parse every client pays.',
    'node scripts/bench.mjs promql',
  );
  const text = rangeBody();
  let sink = 0;
  const res = await alternate(
    {
      json: () => timeSync(() => (sink += (JSON.parse(text) as { data: { result: unknown[] } }).data.result.length)),
      ours: () =>
        timeSync(() => {
          const p = parseQueryBody(text);
          sink += p.ok && p.response.result.resultType === 'matrix' ? p.response.result.series.length : 0;
        }),
    },
    { rounds, warmup: 5 },
  );
  if (sink !== 2 * SERIES * (rounds + 5)) throw new Error(`the parse lost series (sink ${sink})`);
  rep.text(
    `Method: the same ${mib(text.length)} body (${SERIES} series x ${POINTS.toLocaleString('en')} points, values of every kind the API sends, NaN and +Inf included) parsed by \`JSON.parse\` alone (the floor) and by \`parseQueryBody\` (JSON.parse + conversion of every value to a number + shape checks), ${rounds} rounds alternating after 5 warm-up rounds. Times in ms, median (p10–p90). The verdict is on CPU time (this process, every thread).`,
  );
  rep.table(
    ['measure', 'JSON.parse (floor)', 'parseQueryBody (ours)', 'ratio of medians', 'per-round ratio (p10–p90)'],
    (['cpu', 'wall'] as const).map((k) => {
      const a = k === 'cpu' ? cpuTimes(res.json) : walls(res.json);
      const b = k === 'cpu' ? cpuTimes(res.ours) : walls(res.ours);
      const per = pairedRatios(a, b);
      return [k === 'cpu' ? 'CPU' : 'wall', msCell(stats(a)), msCell(stats(b)), x(ratio(a, b)), `${x(per.median)} (${x(per.p10)}–${x(per.p90)})`];
    }),
  );
  const r = ratio(cpuTimes(res.json), cpuTimes(res.ours));
  rep.aim('parseQueryBody vs JSON.parse (CPU)', `<= ${LIMIT}x`, x(r), r <= LIMIT);
  rep.finish();
}

runBench(main);
