/** The large range result the PromQL benchmarks parse and render. */

export const SERIES = 20;
export const POINTS = 11_000;
/** The body Prometheus sends for a 20 x 11,000 range query (deterministic values of every kind it sends). */
export function rangeBody(): string {
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
