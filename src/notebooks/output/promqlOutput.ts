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

export interface PromqlOutputSeries {
  name: string;
  /** [unix seconds, value]; a non-finite value is null, so it is drawn as a gap and left out of the y range. */
  points: [number, number | null][];
}

export interface PromqlOutputNotice {
  kind: 'warning' | 'info' | 'notice';
  text: string;
}

export interface PromqlOutput {
  version: 1;
  query: string;
  resultType: string;
  /** Evaluation time (instant) or range, as ISO text, for the caption. */
  when: string;
  table?: PromqlOutputTable;
  series?: PromqlOutputSeries[];
  notices: PromqlOutputNotice[];
}
