/**
 * The data a PromQL cell hands to the notebook renderer (mime type PROMQL_MIME). Plain JSON: the
 * renderer never receives markup, only strings and numbers it places with textContent or draws.
 */
export const PROMQL_MIME = 'application/vnd.oncall.promql+json';

export interface PromqlOutputTable {
  columns: string[];
  /** Every cell already formatted as text (values as Prometheus prints them: +Inf, -Inf, NaN, 1e+21). */
  rows: string[][];
}

/**
 * A range result as columns on one shared time axis, ready for the chart: the times are sent once, not once per
 * series and point (for 20 x 11,000 points this is 4.2 MiB of JSON instead of 6.8, and no alignment in the webview).
 */
export interface PromqlOutputChart {
  /** Unix seconds, strictly increasing: the times of every series merged. */
  times: number[];
  /** The label of each series, in the order of `values`. */
  names: string[];
  /** values[s][i] is series s at times[i]; null where it has no sample or a non-finite one (drawn as a gap). */
  values: (number | null)[][];
}

export interface PromqlOutputNotice {
  kind: 'warning' | 'info' | 'notice';
  text: string;
}

export interface PromqlOutput {
  version: 2;
  query: string;
  resultType: string;
  /** Evaluation time (instant) or range, as ISO text, for the caption. */
  when: string;
  table?: PromqlOutputTable;
  chart?: PromqlOutputChart;
  notices: PromqlOutputNotice[];
}
