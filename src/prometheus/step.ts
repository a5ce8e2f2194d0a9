/**
 * Choosing the step of a range query. Prometheus refuses a range query whose series would have more than
 * 11,000 points (bad_data "exceeded maximum resolution"); we raise the step before asking, and say so.
 */
import { InputError } from '../common/errors';
import { formatDuration } from './duration';

/** Prometheus' limit of points per series in a range query. */
export const MAX_POINTS_PER_SERIES = 11_000;

/** Steps we raise to, so a raised step reads well (seconds). Beyond the last one: whole hours. */
const NICE_STEPS = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5,
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];

export interface StepPlan {
  /** The step to send, in seconds (the requested one unless raised). */
  step: number;
  raised: boolean;
  /** Why the step was raised, for the person who asked; '' when it was not. */
  notice: string;
  /** Points each series will have at this step. */
  points: number;
}

/** Points per series of a range query from start to end (seconds) at step. */
export function pointsPerSeries(start: number, end: number, step: number): number {
  return Math.floor((end - start) / step + 1e-9) + 1;
}

/**
 * The step for a range query over [start, end] (unix seconds): the requested step, or the smallest
 * "nice" step (1s, 2s, 5s, 10s, 15s, 30s, 1m, ...) that keeps every series within 11,000 points.
 */
export function planStep(start: number, end: number, requestedStep: number, maxPoints = MAX_POINTS_PER_SERIES): StepPlan {
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new InputError('The range needs a finite start and end.');
  if (end < start) {
    throw new InputError(`The range ends (${new Date(end * 1000).toISOString()}) before it starts (${new Date(start * 1000).toISOString()}): swap start and end.`);
  }
  if (!Number.isFinite(requestedStep) || requestedStep <= 0) {
    throw new InputError(`The step must be a positive duration such as 15s or 1m, not ${requestedStep}.`);
  }
  const points = pointsPerSeries(start, end, requestedStep);
  if (points <= maxPoints) return { step: requestedStep, raised: false, notice: '', points };
  // floor(range/step) + 1 <= maxPoints  <=>  step >= range / (maxPoints - 1)
  const minimum = (end - start) / (maxPoints - 1);
  let step = NICE_STEPS.find((s) => s >= minimum) ?? Math.ceil(minimum / 3600) * 3600;
  if (pointsPerSeries(start, end, step) > maxPoints) step = Math.ceil(minimum * 1000 + 1) / 1000;
  const after = pointsPerSeries(start, end, step);
  const notice =
    `Step raised from ${formatDuration(requestedStep)} to ${formatDuration(step)}: over ${formatDuration(end - start)} ` +
    `the requested step gives ${points.toLocaleString('en-US')} points per series, more than Prometheus' limit of ` +
    `${maxPoints.toLocaleString('en-US')} (now ${after.toLocaleString('en-US')}).`;
  return { step, raised: true, notice, points: after };
}
