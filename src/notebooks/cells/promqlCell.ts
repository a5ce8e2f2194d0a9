/**
 * Planning and presenting a PromQL cell, without I/O: which query to send (instant or range, at what
 * times) from the cell's attributes, and the renderer payload built from the reply.
 */
import { InputError } from '../../common/errors';
import { parseDuration } from '../../prometheus/duration';
import type { QueryResponse, QueryResult } from '../../prometheus/results';
import { toSeries, toTable } from '../../prometheus/results';
import type { StepPlan } from '../../prometheus/step';
import type { PromqlOutput, PromqlOutputNotice } from '../output/promqlOutput';
import { alignSeries } from '../output/alignSeries';

export type PromqlPlan =
  | { kind: 'instant'; query: string; time: number }
  | { kind: 'range'; query: string; start: number; end: number; step: number };

export interface PromqlPlanInput {
  query: string;
  attributes: Record<string, unknown>;
  /** Unix seconds. */
  now: number;
  /** Start of the alert the runbook was opened from (unix seconds), for `at: alert`. */
  alertStart?: number;
}

function attr(attributes: Record<string, unknown>, name: string): string | undefined {
  const v = attributes[name];
  if (v === undefined || v === null || v === '') return undefined;
  return String(v);
}

/** Reads `range`, `step` and `at` ("alert", "now", unix seconds or RFC 3339) from the cell attributes. */
export function planPromqlCell(input: PromqlPlanInput): PromqlPlan {
  const query = input.query.trim();
  if (!query) throw new InputError('The PromQL cell is empty.');
  const atText = attr(input.attributes, 'at');
  let at = input.now;
  if (atText === 'alert') {
    if (input.alertStart === undefined) throw new InputError('This cell runs "at: alert", but the runbook was not opened from an alert. Open it from the Alerts panel, or remove the at attribute.');
    at = input.alertStart;
  } else if (atText && atText !== 'now') {
    const n = Number(atText);
    const parsed = Number.isFinite(n) ? n : Date.parse(atText) / 1000;
    if (!Number.isFinite(parsed)) throw new InputError(`at: "${atText}" is not a time: use "alert", "now", unix seconds or an RFC 3339 time.`);
    at = parsed;
  }
  const rangeText = attr(input.attributes, 'range');
  if (!rangeText) return { kind: 'instant', query, time: at };
  const range = parseDuration(rangeText);
  const stepText = attr(input.attributes, 'step');
  const step = stepText ? parseDuration(stepText) : Math.max(1, Math.round(range / 240));
  // With at: alert, the range is centred on the alert start so the change is visible; otherwise it ends at `at`.
  const end = atText === 'alert' ? Math.min(input.now, at + range / 2) : at;
  return { kind: 'range', query, start: end - range, end, step };
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** The payload for the notebook renderer: a table for instant results, chart columns (one shared time axis) for ranges. */
export function buildPromqlOutput(plan: PromqlPlan, response: QueryResponse & { step?: StepPlan }): PromqlOutput {
  const notices: PromqlOutputNotice[] = [
    ...response.warnings.map((text) => ({ kind: 'warning' as const, text })),
    ...response.infos.map((text) => ({ kind: 'info' as const, text })),
  ];
  if (response.step?.raised) notices.push({ kind: 'notice', text: response.step.notice });
  const result: QueryResult = response.result;
  const when = plan.kind === 'instant' ? `at ${iso(plan.time)}` : `${iso(plan.start)} → ${iso(plan.end)} step ${response.step?.step ?? plan.step}s`;
  const out: PromqlOutput = { version: 2, query: plan.query, resultType: result.resultType, when, notices };
  if (result.resultType === 'matrix') {
    const series = toSeries(result).series;
    if (series.length > 0) out.chart = { names: series.map((s) => s.name), ...alignSeries(series) };
    else out.table = { columns: ['result'], rows: [['(no series: the query matched nothing in this range)']] };
  } else {
    out.table = toTable(result);
    if (out.table.rows.length === 0) out.table = { columns: ['result'], rows: [['(empty vector: the query matched nothing at this time)']] };
  }
  return out;
}
