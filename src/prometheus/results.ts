/**
 * Query results of the Prometheus HTTP API (/api/v1/query and /api/v1/query_range): parsing every result
 * type (vector, matrix, scalar, string, native histograms) and turning results into shapes a renderer,
 * the CLI or a saved notebook output can use directly.
 *
 * Parsing converts the value strings of a matrix IN PLACE: the `[t, "v"]` arrays JSON.parse built become
 * the `[t, v]` points, so a large range result costs little more than JSON.parse itself.
 */
import { formatHistogram, formatTimestamp, formatValue, parseHistogram, parseValue, ValueFormatError, type HistogramValue } from './values';

export type Labels = Record<string, string>;

/** [unix seconds, value] */
export type Point = [number, number];
/** [unix seconds, native histogram] */
export type HistogramPoint = [number, HistogramValue];

export interface VectorSample {
  labels: Labels;
  /** Evaluation time, unix seconds. */
  time: number;
  /** The float value; null when the sample is a native histogram. */
  value: number | null;
  histogram: HistogramValue | null;
}

export interface MatrixSeries {
  labels: Labels;
  /** Float samples in time order. */
  points: Point[];
  /** Native-histogram samples in time order (empty for float series). */
  histograms: HistogramPoint[];
}

export type QueryResult =
  | { resultType: 'vector'; samples: VectorSample[] }
  | { resultType: 'matrix'; series: MatrixSeries[] }
  | { resultType: 'scalar'; time: number; value: number }
  | { resultType: 'string'; time: number; value: string };

export interface QueryResponse {
  result: QueryResult;
  /** Prometheus' `warnings` (possibly incomplete or wrong results). */
  warnings: string[];
  /** Prometheus' `infos` (hints that do not affect the result). */
  infos: string[];
}

/** Thrown when a body is not what the API promises; the client turns it into an HttpError. */
export class ResultFormatError extends Error {}

/** The API's error envelope: {status:"error", errorType, error}. */
export interface ApiErrorReply {
  errorType: string;
  error: string;
  warnings: string[];
  infos: string[];
}

export type ParsedReply = { ok: true; response: QueryResponse } | { ok: false; error: ApiErrorReply };

/** Parses a whole query reply body (success or error envelope). Throws ResultFormatError for anything else. */
export function parseQueryBody(body: string): ParsedReply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ResultFormatError(`the reply is not JSON (${body.length} bytes, starting ${JSON.stringify(body.slice(0, 60))})`);
  }
  return parseQueryEnvelope(parsed);
}

export function parseQueryEnvelope(parsed: unknown): ParsedReply {
  if (!parsed || typeof parsed !== 'object') throw new ResultFormatError('the reply is not a JSON object');
  const env = parsed as { status?: unknown; data?: unknown; errorType?: unknown; error?: unknown; warnings?: unknown; infos?: unknown };
  const warnings = stringList(env.warnings, 'warnings');
  const infos = stringList(env.infos, 'infos');
  if (env.status === 'error') {
    return {
      ok: false,
      error: {
        errorType: typeof env.errorType === 'string' && env.errorType ? env.errorType : 'unknown',
        error: typeof env.error === 'string' ? env.error : JSON.stringify(env.error ?? ''),
        warnings,
        infos,
      },
    };
  }
  if (env.status !== 'success') throw new ResultFormatError(`the reply has status ${JSON.stringify(env.status)}, expected "success" or "error"`);
  return { ok: true, response: { result: parseQueryData(env.data), warnings, infos } };
}

/** Parses the `data` member of a successful query reply. */
export function parseQueryData(data: unknown): QueryResult {
  if (!data || typeof data !== 'object') throw new ResultFormatError('the reply has no data object');
  const d = data as { resultType?: unknown; result?: unknown };
  switch (d.resultType) {
    case 'vector':
      return { resultType: 'vector', samples: parseVector(d.result) };
    case 'matrix':
      return { resultType: 'matrix', series: parseMatrix(d.result) };
    case 'scalar': {
      const [time, value] = pair(d.result, 'scalar');
      return { resultType: 'scalar', time, value: wrap(() => parseValue(value), 'scalar') };
    }
    case 'string': {
      const [time, value] = pair(d.result, 'string');
      if (typeof value !== 'string') throw new ResultFormatError('the string result holds no string');
      return { resultType: 'string', time, value };
    }
    default:
      throw new ResultFormatError(`unknown resultType ${JSON.stringify(d.resultType)}`);
  }
}

function parseVector(result: unknown): VectorSample[] {
  if (!Array.isArray(result)) throw new ResultFormatError('the vector result is not a list');
  const out: VectorSample[] = new Array(result.length);
  for (let i = 0; i < result.length; i++) {
    const s = result[i] as { metric?: unknown; value?: unknown; histogram?: unknown } | null;
    if (!s || typeof s !== 'object') throw new ResultFormatError(`vector sample ${i} is not an object`);
    const labels = labelsOf(s.metric, i);
    if (s.histogram !== undefined) {
      const [time, h] = pair(s.histogram, `vector sample ${i} histogram`);
      out[i] = { labels, time, value: null, histogram: wrap(() => parseHistogram(h), `vector sample ${i}`) };
    } else {
      const [time, v] = pair(s.value, `vector sample ${i}`);
      out[i] = { labels, time, value: wrap(() => parseValue(v), `vector sample ${i}`), histogram: null };
    }
  }
  return out;
}

function parseMatrix(result: unknown): MatrixSeries[] {
  if (!Array.isArray(result)) throw new ResultFormatError('the matrix result is not a list');
  const out: MatrixSeries[] = new Array(result.length);
  for (let i = 0; i < result.length; i++) {
    const s = result[i] as { metric?: unknown; values?: unknown; histograms?: unknown } | null;
    if (!s || typeof s !== 'object') throw new ResultFormatError(`matrix series ${i} is not an object`);
    const labels = labelsOf(s.metric, i);
    let points: Point[] = [];
    if (s.values !== undefined && s.values !== null) {
      if (!Array.isArray(s.values)) throw new ResultFormatError(`matrix series ${i}: values is not a list`);
      const values = s.values as unknown[];
      convertPoints(values, i);
      points = values as Point[];
    }
    const histograms: HistogramPoint[] = [];
    if (s.histograms !== undefined && s.histograms !== null) {
      if (!Array.isArray(s.histograms)) throw new ResultFormatError(`matrix series ${i}: histograms is not a list`);
      for (let j = 0; j < s.histograms.length; j++) {
        const [t, h] = pair(s.histograms[j], `matrix series ${i} histogram ${j}`);
        histograms.push([t, wrap(() => parseHistogram(h), `matrix series ${i} histogram ${j}`)]);
      }
    }
    out[i] = { labels, points, histograms };
  }
  return out;
}

/**
 * Turns each [t, "v"] of a matrix series into [t, v] in place. The hot loop of a large range result: one string to
 * number conversion per point and nothing else; anything unusual goes to the slow path, which explains it.
 */
function convertPoints(values: unknown[], series: number): void {
  const n = values.length;
  let j = 0;
  try {
    for (; j < n; j++) {
      const p = values[j] as unknown[];
      const raw = p[1];
      if (typeof raw === 'string') {
        const v = +raw;
        if (v === v && raw.length !== 0) {
          p[1] = v;
          if (typeof p[0] !== 'number') break;
          continue;
        }
      }
      p[1] = parseValue(raw);
      if (typeof p[0] !== 'number') break;
    }
  } catch (e) {
    throw new ResultFormatError(`matrix series ${series} point ${j}: ${e instanceof ValueFormatError ? e.message : 'not [time, value]'}`);
  }
  if (j < n) throw new ResultFormatError(`matrix series ${series}: point ${j} is not [time, value]`);
}

function labelsOf(metric: unknown, i: number): Labels {
  if (metric === undefined || metric === null) return {};
  if (typeof metric !== 'object' || Array.isArray(metric)) throw new ResultFormatError(`series ${i}: metric is not an object`);
  return metric as Labels;
}

function pair(raw: unknown, what: string): [number, unknown] {
  if (!Array.isArray(raw) || raw.length < 2) throw new ResultFormatError(`${what} is not [time, value]`);
  const t = raw[0];
  const time = typeof t === 'number' ? t : typeof t === 'string' ? Number(t) : NaN;
  if (!Number.isFinite(time)) throw new ResultFormatError(`${what} has no valid time`);
  return [time, raw[1]];
}

function wrap<T>(f: () => T, where: string): T {
  try {
    return f();
  } catch (e) {
    throw new ResultFormatError(`${where}: ${(e as Error).message}`);
  }
}

function stringList(raw: unknown, what: string): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ResultFormatError(`${what} is not a list`);
  return raw.map((w) => (typeof w === 'string' ? w : JSON.stringify(w)));
}

// ---------------------------------------------------------------------------------------------------------
// Renderer-friendly shapes

/** `name{a="1", b="2"}`, or `{a="1"}` without a name, or `{}` for no labels at all. */
export function seriesName(labels: Labels): string {
  const name = labels.__name__ ?? '';
  const parts: string[] = [];
  for (const k of Object.keys(labels).sort()) {
    if (k === '__name__') continue;
    parts.push(`${k}=${JSON.stringify(labels[k])}`);
  }
  if (parts.length === 0) return name || '{}';
  return `${name}{${parts.join(', ')}}`;
}

export interface Table {
  columns: string[];
  rows: string[][];
}

/**
 * A table of an instant result: one column per label (the metric name first, as "__name__"), then "value".
 * Scalars and strings are one row (time, value). A matrix becomes one row per series with its point count,
 * min, max and last value (the summary the CLI prints for range queries).
 */
export function toTable(result: QueryResult): Table {
  switch (result.resultType) {
    case 'scalar':
      return { columns: ['time', 'value'], rows: [[formatTimestamp(result.time), formatValue(result.value)]] };
    case 'string':
      return { columns: ['time', 'value'], rows: [[formatTimestamp(result.time), result.value]] };
    case 'vector': {
      const names = labelColumns(result.samples.map((s) => s.labels));
      const rows = result.samples.map((s) => [
        ...names.map((n) => s.labels[n] ?? ''),
        s.histogram ? formatHistogram(s.histogram) : formatValue(s.value ?? NaN),
      ]);
      return { columns: [...names, 'value'], rows };
    }
    case 'matrix': {
      const names = labelColumns(result.series.map((s) => s.labels));
      const rows = result.series.map((s) => {
        const stats = pointStats(s.points);
        const lastHistogram = s.histograms.length ? s.histograms[s.histograms.length - 1][1] : null;
        return [
          ...names.map((n) => s.labels[n] ?? ''),
          String(s.points.length + s.histograms.length),
          stats ? formatValue(stats.min) : '',
          stats ? formatValue(stats.max) : '',
          lastHistogram && (!s.points.length || s.histograms[s.histograms.length - 1][0] >= s.points[s.points.length - 1][0])
            ? formatHistogram(lastHistogram)
            : s.points.length ? formatValue(s.points[s.points.length - 1][1]) : '',
        ];
      });
      return { columns: [...names, 'points', 'min', 'max', 'last'], rows };
    }
  }
}

function labelColumns(all: Labels[]): string[] {
  const set = new Set<string>();
  for (const l of all) for (const k of Object.keys(l)) set.add(k);
  const hasName = set.delete('__name__');
  const sorted = [...set].sort();
  return hasName ? ['__name__', ...sorted] : sorted;
}

/** Min and max of the finite values of the points, or null when there is none. */
function pointStats(points: Point[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    const v = p[1];
    if (v === v && v !== Infinity && v !== -Infinity) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : null;
}

export interface ChartSeries {
  name: string;
  labels: Labels;
  /** Float points; non-finite values stay in (a renderer draws them as gaps). */
  points: Point[];
  /** Native-histogram points, kept for a table or tooltip: charts draw their count. */
  histograms: HistogramPoint[];
}

/**
 * The series of a range result, for a chart. Instant results (vector, scalar, string) have no series:
 * show them with toTable. A series of native histograms charts its count per point.
 */
export function toSeries(result: QueryResult): { series: ChartSeries[] } {
  if (result.resultType !== 'matrix') return { series: [] };
  return {
    series: result.series.map((s) => ({
      name: seriesName(s.labels),
      labels: s.labels,
      points: s.points.length || !s.histograms.length ? s.points : s.histograms.map(([t, h]): Point => [t, h.count]),
      histograms: s.histograms,
    })),
  };
}

/** The y range a chart needs: min and max over the finite values only; null when there is no finite value. */
export function chartYRange(series: Array<{ points: Point[] }>): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    const stats = pointStats(s.points);
    if (!stats) continue;
    if (stats.min < min) min = stats.min;
    if (stats.max > max) max = stats.max;
  }
  return min <= max ? { min, max } : null;
}

export interface PlainTextOptions {
  /** Points printed per range series; the rest is summarised in one line (default: all). */
  maxPointsPerSeries?: number;
}

/**
 * A plain-text rendering for saved outputs and terminals: stable, one fact per line, so two runs diff well.
 *   vector:  `name{labels} value` per sample
 *   matrix:  `name{labels}` then `  <ISO time> value` per point
 *   scalar/string: `scalar: value @ time`
 */
export function toPlainText(result: QueryResult, opts: PlainTextOptions = {}): string {
  const lines: string[] = [];
  switch (result.resultType) {
    case 'scalar':
      lines.push(`scalar: ${formatValue(result.value)} @ ${formatTimestamp(result.time)}`);
      break;
    case 'string':
      lines.push(`string: ${JSON.stringify(result.value)} @ ${formatTimestamp(result.time)}`);
      break;
    case 'vector':
      if (!result.samples.length) lines.push('(empty vector: no series matched)');
      for (const s of result.samples) {
        lines.push(`${seriesName(s.labels)} ${s.histogram ? formatHistogram(s.histogram) : formatValue(s.value ?? NaN)}`);
      }
      if (result.samples.length) lines.push(`@ ${formatTimestamp(result.samples[0].time)}`);
      break;
    case 'matrix': {
      if (!result.series.length) lines.push('(empty matrix: no series matched)');
      const max = opts.maxPointsPerSeries ?? Infinity;
      for (const s of result.series) {
        lines.push(seriesName(s.labels));
        const entries: Array<[number, string]> = [
          ...s.points.map(([t, v]): [number, string] => [t, formatValue(v)]),
          ...s.histograms.map(([t, h]): [number, string] => [t, formatHistogram(h)]),
        ];
        if (s.points.length && s.histograms.length) entries.sort((a, b) => a[0] - b[0]);
        const shown = entries.length > max ? entries.slice(0, max) : entries;
        for (const [t, text] of shown) lines.push(`  ${formatTimestamp(t)} ${text}`);
        if (shown.length < entries.length) lines.push(`  … ${entries.length - shown.length} more points`);
      }
      break;
    }
  }
  return lines.join('\n');
}
