/** kubectl cells: words without shell syntax, one command per cell, and a command the kubectl cells can run. */
import { substitute } from '../parameters';
import { findReferences } from '../references';
import { ShellSyntaxError, shellCommands } from '../shellWords';
import type { CellPositions, Position } from './positions';
import type { KubectlSupport } from './types';

/** Values tried for parameters without a default: a name, a number, a duration. */
export const PLACEHOLDER_VALUES: readonly string[] = ['example', '1', '5m'];

function judge(isSupported: KubectlSupport, args: string[]): string | undefined {
  try {
    return isSupported(args);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

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
  // A parameter without a default could hold anything: the command counts as supported if any of a few
  // typical values (a name, a number, a duration) makes it so.
  const used = [...new Set(findReferences(body).map((r) => r.name))].filter((n) => placeholders.has(n));
  const attempts = used.length ? PLACEHOLDER_VALUES : [undefined];
  let why: string | undefined;
  for (const [i, placeholder] of attempts.entries()) {
    const attemptValues = new Map(values);
    if (placeholder !== undefined) for (const n of used) attemptValues.set(n, placeholder);
    const filled = substitute(body, 'kubectl', attemptValues);
    if (!filled.ok) return [{ position: start, code: 'kubectl-syntax', message: filled.message }];
    const answer = judge(isSupported, filled.args ?? []);
    if (answer === undefined) return [];
    if (i === 0) why = answer;
  }
  if (why === undefined) return [];
  const note = used.length ? ` (checked with placeholder values for ${used.map((n) => `{{${n}}}`).join(', ')}, which have no default)` : '';
  return [{ position: start, code: 'kubectl-unsupported', message: `${why.replace(/\.$/, '')}${note}.` }];
}
