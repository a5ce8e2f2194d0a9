/** `oncall promql`: one PromQL query against a Prometheus, as a table (instant), a series summary (range) or JSON. */
import type { CliCommand, CliIo } from '../command';
import { EXIT, UsageError } from '../command';
import { boolFlag, parseArgs, requireString, stringFlag } from '../args';
import { table } from '../textTable';
import { requiredPrometheus } from '../prometheusFlags';
import { parseDuration, parseTime, formatDuration } from '../../prometheus/duration';
import { PrometheusQueryError } from '../../prometheus/errors';
import { toTable, type QueryResponse, type QueryResult } from '../../prometheus/results';
import type { StepPlan } from '../../prometheus/step';
import { checkPromql } from '../../prometheus/syntax';
import { formatTimestamp, formatValue, type HistogramValue } from '../../prometheus/values';

const usage = `Usage: oncall promql --prometheus URL --query QUERY [--time T | --start S [--end E] [--step D]] [--json]

  --prometheus URL   Prometheus base URL (default: $ONCALL_PROMETHEUS_URL). A bearer token is read from
                     $ONCALL_PROMETHEUS_TOKEN and never printed.
  --query QUERY      The PromQL expression.
  --time T           Instant query at T (default: now).
  --start S          Range query from S; --end E (default now) and --step D (default 15s). The step is raised
                     when a series would exceed Prometheus' 11,000 points, with a notice.
                     Times: unix seconds, RFC 3339 (2024-05-02T10:00:00Z), now, now-1h. Durations: 15s, 1m, 1h30m.
  --timeout D        Time limit of the query (default 30s).
  --json             The result in the Prometheus API's shape (values as strings: "+Inf", "NaN"), plus warnings,
                     infos and, for ranges, the step used.

Exit codes: 0 ok, 1 Prometheus rejected the query or could not be reached, 2 usage error.`;

const FLAGS = {
  prometheus: { type: 'string' },
  query: { type: 'string' },
  time: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  step: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;


/** The result in the API's own shape, values printed as Prometheus prints them (JSON has no Infinity or NaN). */
export function apiShape(result: QueryResult): unknown {
  const h = (x: HistogramValue) => ({
    count: formatValue(x.count),
    sum: formatValue(x.sum),
    buckets: x.buckets.map((b) => [b.boundaryRule, formatValue(b.lower), formatValue(b.upper), formatValue(b.count)]),
  });
  switch (result.resultType) {
    case 'scalar':
      return { resultType: 'scalar', result: [result.time, formatValue(result.value)] };
    case 'string':
      return { resultType: 'string', result: [result.time, result.value] };
    case 'vector':
      return {
        resultType: 'vector',
        result: result.samples.map((s) =>
          s.histogram ? { metric: s.labels, histogram: [s.time, h(s.histogram)] } : { metric: s.labels, value: [s.time, formatValue(s.value ?? NaN)] },
        ),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: result.series.map((s) => ({
          metric: s.labels,
          ...(s.points.length || !s.histograms.length ? { values: s.points.map(([t, v]) => [t, formatValue(v)]) } : {}),
          ...(s.histograms.length ? { histograms: s.histograms.map(([t, x]) => [t, h(x)]) } : {}),
        })),
      };
  }
}

/** The text for people: a table, then one summary line. */
export function renderText(res: QueryResponse, step?: StepPlan, range?: { start: number; end: number }): string {
  const r = res.result;
  const t = toTable(r);
  const lines: string[] = [];
  if (t.rows.length) lines.push(table(t.columns.map((c) => (c === '__name__' ? 'name' : c)), t.rows));
  switch (r.resultType) {
    case 'vector':
      lines.push(`${r.samples.length} series${r.samples.length ? ` at ${formatTimestamp(r.samples[0].time)}` : ' (empty result: no series matched)'}.`);
      break;
    case 'matrix': {
      const points = r.series.reduce((n, s) => n + s.points.length + s.histograms.length, 0);
      const span = range ? ` from ${formatTimestamp(range.start)} to ${formatTimestamp(range.end)}` : '';
      lines.push(`${r.series.length} series, ${points} points${span}${step ? `, step ${formatDuration(step.step)}` : ''}${r.series.length ? '' : ' (empty result: no series matched)'}.`);
      break;
    }
    default:
      lines.push(`${r.resultType} result.`);
  }
  return lines.join('\n');
}

async function run(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const p = parseArgs(argv, FLAGS);
  if (p.positionals.length) throw new UsageError(`Unexpected argument ${JSON.stringify(p.positionals[0])}; pass the expression with --query.`);
  const query = requireString(p, 'query');
  const prom = requiredPrometheus(p, env);
  const time = stringFlag(p, 'time');
  const start = stringFlag(p, 'start');
  const end = stringFlag(p, 'end');
  const step = stringFlag(p, 'step');
  if (time !== undefined && (start !== undefined || end !== undefined || step !== undefined)) {
    throw new UsageError('--time is for an instant query; --start/--end/--step for a range query. Give one or the other.');
  }
  if (start === undefined && (end !== undefined || step !== undefined)) throw new UsageError('A range query needs --start (and optionally --end and --step).');
  const timeoutMs = parseDuration(stringFlag(p, 'timeout') ?? '30s') * 1000;
  const now = Date.now() / 1000;

  try {
    if (start !== undefined) {
      const range = { start: parseTime(start, now), end: parseTime(end ?? 'now', now) };
      const res = await prom.range(query, { ...range, step: parseDuration(step ?? '15s'), signal: io.signal, timeoutMs });
      report(io, res);
      if (res.step.raised) io.err(`notice: ${res.step.notice}`);
      if (boolFlag(p, 'json')) {
        io.out(JSON.stringify({ status: 'success', data: apiShape(res.result), warnings: res.warnings, infos: res.infos, step: res.step.step }, null, 2));
      } else {
        io.out(renderText(res, res.step, range));
      }
      return EXIT.ok;
    }
    const res = await prom.instant(query, { time: time === undefined ? undefined : parseTime(time, now), signal: io.signal, timeoutMs });
    report(io, res);
    if (boolFlag(p, 'json')) io.out(JSON.stringify({ status: 'success', data: apiShape(res.result), warnings: res.warnings, infos: res.infos }, null, 2));
    else io.out(renderText(res));
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof PrometheusQueryError)) throw e;
    io.err(`Prometheus rejected the query: ${e.errorType}: ${e.error}`);
    if (e.errorType === 'bad_data') {
      for (const problem of checkPromql(query)) {
        io.err(`  ${query.replace(/\s/g, ' ')}\n  ${' '.repeat(problem.from)}^ ${problem.message}`);
      }
    }
    for (const w of e.warnings) io.err(`warning: ${w}`);
    return EXIT.failure;
  }
}

function report(io: CliIo, res: QueryResponse): void {
  for (const w of res.warnings) io.err(`warning: ${w}`);
  for (const i of res.infos) io.err(`info: ${i}`);
}

export const promqlCommand: CliCommand & { runWithEnv: typeof run } = {
  path: ['promql'],
  summary: 'Run a PromQL query (instant or range) against a Prometheus.',
  usage,
  run: (args, io) => run(args, io),
  runWithEnv: run,
};

