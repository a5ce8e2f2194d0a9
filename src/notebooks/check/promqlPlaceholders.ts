/**
 * A PromQL cell with every `{{name}}` filled in the way a real run fills it (promqlSubstitution.ts), using a
 * placeholder that fits every place a parameter can stand: "5m" is a valid string value and a valid duration,
 * so `model={{model}}` becomes `model="5m"` and `[{{window}}]` becomes `[5m]`. A reference in a place where no
 * value can work (`offset {{x}}` becomes `offset "5m"`) is left for the syntax check to report, as Prometheus
 * would. Offsets in the filled text map back to the cell text.
 */
import { substitutePromql } from '../promqlSubstitution';
import { findReferences, SubstitutionFailure, type Reference } from '../references';

export const PROMQL_PLACEHOLDER = '5m';

interface Piece {
  ref: Reference;
  /** Offsets of the replacement in the filled text. */
  start: number;
  end: number;
  /** The value went in as a quoted string literal. */
  quoted: boolean;
}

export interface FilledPromql {
  text: string;
  pieces: Piece[];
  /** The offset in the cell text of offset `offset` of the filled text (a replacement maps to its reference). */
  toCell(offset: number): number;
  /** The references whose replacement overlaps [from, to) of the filled text. */
  referencesIn(from: number, to: number): Piece[];
}

export function fillPromql(cellText: string): FilledPromql {
  const refs = findReferences(cellText);
  let text: string;
  try {
    text = substitutePromql(cellText, refs, () => PROMQL_PLACEHOLDER);
  } catch (e) {
    // Unreachable with this placeholder (no backquote, a valid duration); keep the text checkable anyway.
    if (!(e instanceof SubstitutionFailure)) throw e;
    text = cellText;
    return { text, pieces: [], toCell: (o) => o, referencesIn: () => [] };
  }
  // The text between references is kept verbatim, so each replacement starts where its gap ends; it is either
  // the placeholder as is or the placeholder as a "…" literal (its first character tells which).
  const pieces: Piece[] = [];
  let out = 0;
  let at = 0;
  for (const ref of refs) {
    out += ref.start - at;
    const quoted = text[out] === '"';
    const len = PROMQL_PLACEHOLDER.length + (quoted ? 2 : 0);
    pieces.push({ ref, start: out, end: out + len, quoted });
    out += len;
    at = ref.end;
  }
  const toCell = (offset: number): number => {
    let delta = 0;
    for (const p of pieces) {
      if (offset < p.start) break;
      if (offset < p.end) return p.ref.start;
      delta += p.ref.end - p.ref.start - (p.end - p.start);
    }
    return offset + delta;
  };
  const referencesIn = (from: number, to: number) => pieces.filter((p) => p.start < Math.max(to, from + 1) && p.end > from);
  return { text, pieces, toCell, referencesIn };
}
