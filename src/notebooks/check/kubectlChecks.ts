/** kubectl cells: words without shell syntax, one command per cell, and a command the kubectl cells can run. */
import { substitute } from '../parameters';
import { findReferences } from '../references';
import { ShellSyntaxError, shellCommands } from '../shellWords';
import type { CellPositions, Position } from './positions';
import type { KubectlSupport } from './types';

export interface KubectlProblem {
  position: Position;
  code: 'kubectl-syntax' | 'kubectl-unsupported';
  message: string;
}

/**
 * `values` fill the parameters the way a run would (defaults, else a placeholder), so the support check sees
 * real-looking arguments; `placeholders` names the parameters that got a placeholder, for messages.
 */
export function checkKubectlCell(
  body: string,
  positions: CellPositions,
  values: ReadonlyMap<string, string>,
  placeholders: ReadonlySet<string>,
  isSupported: KubectlSupport,
): KubectlProblem[] {
  let commands: string[][];
  try {
    commands = shellCommands(body, { templates: true });
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    return [{ position: positions.lineColumn(e.line, e.column), code: 'kubectl-syntax', message: e.message.replace(/^line \d+, column \d+: /, '') }];
  }
  const start = positions.firstContentLine();
  if (commands.length === 0) return [{ position: start, code: 'kubectl-syntax', message: 'The kubectl cell holds no command.' }];
  if (commands.length > 1) {
    return [{
      position: start,
      code: 'kubectl-syntax',
      message: `The kubectl cell holds ${commands.length} commands (one per line); a cell runs one command: put each in its own cell, or end a line with \\ to continue it.`,
    }];
  }
  const filled = substitute(body, 'kubectl', values);
  if (!filled.ok) return [{ position: start, code: 'kubectl-syntax', message: filled.message }];
  const args = filled.args ?? [];
  let why: string | undefined;
  try {
    why = isSupported(args);
  } catch (e) {
    why = e instanceof Error ? e.message : String(e);
  }
  if (why === undefined) return [];
  const used = [...new Set(findReferences(body).map((r) => r.name))].filter((n) => placeholders.has(n));
  const note = used.length ? ` (checked with placeholder values for ${used.map((n) => `{{${n}}}`).join(', ')}, which have no default)` : '';
  return [{ position: start, code: 'kubectl-unsupported', message: `${why.replace(/\.$/, '')}${note}.` }];
}
