/**
 * Sample values of the Prometheus HTTP API, parsed and printed the way Prometheus does.
 *
 * The API sends every float as a JSON string: "1.5", "1e+21", "+Inf", "-Inf", "NaN".
 * `Number("+Inf")` is NaN in JavaScript, so values go through `parseValue`, never through `Number` alone.
 */

/** A native-histogram bucket: `boundaryRule` 0 = (lower,upper], 1 = [lower,upper), 2 = (lower,upper), 3 = [lower,upper]. */
export interface HistogramBucket {
  boundaryRule: number;
  lower: number;
  upper: number;
  count: number;
}

/** A native-histogram sample (the API's `histogram` / `histograms` objects), with numbers parsed. */
export interface HistogramValue {
  count: number;
  sum: number;
  buckets: HistogramBucket[];
}

/** Thrown for a value the API never sends; the parser turns it into an invalid-response error. */
export class ValueFormatError extends Error {}

/**
 * Parses one API sample value. Accepts the strings Prometheus writes (and plain numbers, which some
 * proxies produce). Throws ValueFormatError for anything else.
 */
export function parseValue(raw: unknown): number {
  if (typeof raw === 'string') {
    // Fast path: everything but the special values. `+s` is NaN for "+Inf" and "NaN", 0 for "".
    const n = +raw;
    if (n === n && raw.length > 0) return n;
    switch (raw) {
      case '+Inf':
      case 'Inf':
      case '+inf':
      case 'inf':
        return Infinity;
      case '-Inf':
      case '-inf':
        return -Infinity;
      case 'NaN':
      case 'nan':
        return NaN;
      default:
        throw new ValueFormatError(`not a sample value: ${JSON.stringify(raw.slice(0, 40))}`);
    }
  }
  if (typeof raw === 'number') return raw;
  throw new ValueFormatError(`not a sample value: ${describeRaw(raw)}`);
}

/**
 * Prints a float the way Prometheus' API does (Go strconv 'f' format, 'e' below 1e-6 and from 1e21):
 * "+Inf", "-Inf", "NaN", "1e+21", "1e-07", "0.25", "-0".
 */
export function formatValue(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v !== v) return 'NaN';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  // JavaScript switches to exponent notation at the same thresholds as Prometheus (< 1e-6, >= 1e21);
  // Go writes at least two exponent digits.
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const sign = s[e + 1];
  const digits = s.slice(e + 2);
  return `${s.slice(0, e)}e${sign}${digits.length < 2 ? `0${digits}` : digits}`;
}

/** Parses the API's native-histogram object: {count, sum, buckets: [[rule, lower, upper, count], ...]}. */
export function parseHistogram(raw: unknown): HistogramValue {
  if (!raw || typeof raw !== 'object') throw new ValueFormatError(`not a histogram: ${describeRaw(raw)}`);
  const o = raw as { count?: unknown; sum?: unknown; buckets?: unknown };
  const buckets: HistogramBucket[] = [];
  if (o.buckets !== undefined && o.buckets !== null) {
    if (!Array.isArray(o.buckets)) throw new ValueFormatError('histogram buckets are not a list');
    for (const b of o.buckets) {
      if (!Array.isArray(b) || b.length < 4) throw new ValueFormatError(`not a histogram bucket: ${describeRaw(b)}`);
      const rule = typeof b[0] === 'number' ? b[0] : parseValue(b[0]);
      buckets.push({ boundaryRule: rule, lower: parseValue(b[1]), upper: parseValue(b[2]), count: parseValue(b[3]) });
    }
  }
  return { count: parseValue(o.count), sum: parseValue(o.sum), buckets };
}

/** One bucket as interval notation: "(0.5,1]: 7". */
export function formatBucket(b: HistogramBucket): string {
  const open = b.boundaryRule === 1 || b.boundaryRule === 3 ? '[' : '(';
  const close = b.boundaryRule === 0 || b.boundaryRule === 3 ? ']' : ')';
  return `${open}${formatValue(b.lower)},${formatValue(b.upper)}${close}: ${formatValue(b.count)}`;
}

/** A native histogram on one line: "count=10 sum=3.5 buckets: (0,0.5]: 3, (0.5,1]: 7". */
export function formatHistogram(h: HistogramValue): string {
  const buckets = h.buckets.length ? h.buckets.map(formatBucket).join(', ') : '(none)';
  return `count=${formatValue(h.count)} sum=${formatValue(h.sum)} buckets: ${buckets}`;
}

/** An API timestamp (float seconds) as ISO 8601 UTC, without a ".000" for whole seconds. */
export function formatTimestamp(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const iso = new Date(Math.round(seconds * 1000)).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

function describeRaw(raw: unknown): string {
  if (raw === undefined) return 'nothing';
  try {
    const s = JSON.stringify(raw);
    return s === undefined ? typeof raw : s.length > 40 ? `${s.slice(0, 40)}…` : s;
  } catch {
    return typeof raw;
  }
}
