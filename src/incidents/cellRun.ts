/**
 * The incident-log line of one runbook cell: a cell that ran (ok, error, cancelled, with a digest of its output) or
 * one that was refused before anything was sent (an unknown or empty parameter, an untrusted workspace, a locked
 * protected context): outcome "refused", the reason, and no output digest, so the review of an incident sees the
 * attempt too.
 */
import { InputError } from '../common/errors';
import type { CellRunEvent, CellTarget } from './events';
import { digestOutput } from './incidentLog';

/** What is known about a cell run before its outcome. */
export interface CellRunFacts {
  time: Date;
  who: string;
  runbook: string;
  cell: { index: number; name: string };
  language: string;
  parameters: Record<string, string>;
  target: CellTarget;
}

/** Thrown by an executor that refuses a cell before sending anything; `target` says where it would have gone. */
export class CellRefusedError extends InputError {
  constructor(message: string, readonly target?: CellTarget) {
    super(message);
  }
}

function base(f: CellRunFacts): Omit<CellRunEvent, 'outcome'> {
  return {
    type: 'cell-run',
    time: f.time.toISOString(),
    who: f.who,
    runbook: f.runbook,
    cell: { index: f.cell.index, name: f.cell.name },
    language: f.language,
    parameters: { ...f.parameters },
    target: f.target,
  };
}

/** A cell that was sent: its outcome, message and the digest of its output (the output itself is not logged). */
export function cellRunEvent(f: CellRunFacts, r: { outcome: 'ok' | 'error' | 'cancelled'; message?: string; outputText?: string }): CellRunEvent {
  return { ...base(f), outcome: r.outcome, message: r.message || undefined, outputDigest: r.outputText ? digestOutput(r.outputText) : undefined };
}

/** A cell refused before sending: outcome "refused" with the reason; nothing ran, so there is no output digest. */
export function refusedCellRun(f: CellRunFacts, reason: string): CellRunEvent {
  if (!reason.trim()) throw new RangeError('A refused cell run needs its reason.');
  return { ...base(f), outcome: 'refused', message: reason };
}
