/** PromQL cells: syntax (Prometheus' own grammar) with parameters filled in, and the cell's range/step/at attributes. */
import { InputError } from '../../common/errors';
import { checkPromql, metricNames } from '../../prometheus/syntax';
import { planPromqlCell } from '../cells/promqlCell';
import { fillPromql, PROMQL_PLACEHOLDER, type FilledPromql } from './promqlPlaceholders';
import type { CellPositions, Position } from './positions';

export interface PromqlProblemAt {
  position: Position;
  message: string;
}

export interface PromqlCellReport {
  syntax: PromqlProblemAt[];
  attributes: string | undefined;
  /** Metric names the query reads, each with where it first appears; empty when the query does not parse. */
  metrics: { name: string; position: Position }[];
}

export function checkPromqlCell(body: string, attributes: Record<string, unknown>, positions: CellPositions): PromqlCellReport {
  const filled = fillPromql(body);
  const problems = checkPromql(filled.text);
  const syntax = problems.map((p) => ({
    position: positions.at(filled.toCell(p.from)),
    message: describe(p.message, p.from, p.to, filled, positions),
  }));

  let attributesProblem: string | undefined;
  try {
    const now = Date.now() / 1000;
    planPromqlCell({ query: filled.text.trim() === '' ? 'x' : filled.text, attributes, now, alertStart: now });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    attributesProblem = e.message;
  }

  const metrics = problems.length > 0 ? [] : metricNames(filled.text)
    .filter((name) => name !== PROMQL_PLACEHOLDER)
    .map((name) => ({ name, position: positions.at(filled.toCell(firstUse(filled.text, name))) }));
  return { syntax, attributes: attributesProblem, metrics };
}

/** Offsets in the grammar's messages become file lines and columns; a problem at a parameter says how it was filled. */
function describe(message: string, from: number, to: number, filled: FilledPromql, positions: CellPositions): string {
  const text = message.replace(/\boffset (\d+)/g, (_m, n: string) => {
    const p = positions.at(filled.toCell(Number(n)));
    return `line ${p.line}, column ${p.column}`;
  });
  const quoted = filled.referencesIn(from, to).find((r) => r.quoted);
  if (quoted) {
    // The grammar's words would be about the placeholder; say what is really wrong.
    return `Parameter {{${quoted.ref.name}}} cannot stand here: outside quotes and [ranges] a parameter is filled in as a quoted string ("…"), which PromQL does not accept at this place.`;
  }
  return text;
}

/** Where a metric name first appears as a whole word (0 when it cannot be found, e.g. inside a quoted matcher). */
function firstUse(text: string, name: string): number {
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const before = text[i - 1];
    const after = text[i + name.length];
    if ((before === undefined || !/[\w:]/.test(before)) && (after === undefined || !/[\w:]/.test(after))) return i;
  }
  return 0;
}
