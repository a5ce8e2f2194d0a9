/** http cells: a GET or HEAD of an absolute http(s) URL, parameters filled in as a run fills them. */
import { InputError } from '../../common/errors';
import { parseHttpCell } from '../cells/httpCell';
import { substitute } from '../parameters';
import { findReferences } from '../references';
import type { CellPositions, Position } from './positions';

export interface HttpProblem {
  position: Position;
  message: string;
}

export function checkHttpCell(body: string, positions: CellPositions, values: ReadonlyMap<string, string>, placeholders: ReadonlySet<string>): HttpProblem[] {
  const start = positions.firstContentLine(['#', '//']);
  const filled = substitute(body, 'http', values);
  if (!filled.ok) return [{ position: start, message: filled.message }];
  try {
    parseHttpCell(filled.text);
    return [];
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const used = [...new Set(findReferences(body).map((r) => r.name))].filter((n) => placeholders.has(n));
    const note = used.length ? ` (checked with placeholder values for ${used.map((n) => `{{${n}}}`).join(', ')}, which have no default)` : '';
    return [{ position: headerLine(body, e.message, positions) ?? start, message: `${e.message.replace(/\.$/, '')}${note}.` }];
  }
}

/** A header-line problem quotes the line: point at it. */
function headerLine(body: string, message: string, positions: CellPositions): Position | undefined {
  const m = /^"(.*)" is not a header line/.exec(message);
  if (!m) return undefined;
  const lines = body.split('\n');
  const i = lines.findIndex((l) => l.trim().startsWith(m[1]) && m[1] !== '');
  return i < 0 ? undefined : positions.lineColumn(i + 1, lines[i].length - lines[i].trimStart().length + 1);
}
