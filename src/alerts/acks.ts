/**
 * Acknowledgements: an ack is a short silence whose comment starts with ACK_MARKER and whose matchers are exactly the
 * alert's labels (equality). It silences the alert for its duration and records who took it.
 */
import { ACK_MARKER, type Alert, type NewSilence, type Silence } from './model';
import { matchersForAlert, matchesAll } from './matchers';

export interface Ack {
  by: string;
  /** ISO time the ack was made. */
  since: string;
  until: string;
  silenceId: string;
  comment: string;
}

export function ackComment(by: string, note?: string): string {
  const text = note?.trim();
  return `${ACK_MARKER} acknowledged by ${by}${text ? `: ${text}` : ''}`;
}

export function isAck(silence: Pick<Silence, 'comment'>): boolean {
  return silence.comment.startsWith(ACK_MARKER);
}

/** The silence that acknowledges `alert` for `durationMs`, from now. */
export function newAckSilence(alert: Pick<Alert, 'labels'>, by: string, durationMs: number, nowMs: number, note?: string): NewSilence {
  return {
    matchers: matchersForAlert(alert.labels),
    startsAt: new Date(nowMs).toISOString(),
    endsAt: new Date(nowMs + durationMs).toISOString(),
    createdBy: by,
    comment: ackComment(by, note),
  };
}

/** The newest unexpired ack that covers the alert, or undefined. */
export function ackFor(alert: Pick<Alert, 'labels' | 'silencedBy'>, silences: readonly Silence[]): Ack | undefined {
  let best: Silence | undefined;
  for (const s of silences) {
    if (!isAck(s) || s.state === 'expired') continue;
    if (!s.matchers.every((m) => m.isEqual && !m.isRegex)) continue;
    if (!alert.silencedBy.includes(s.id) && !matchesAll(s.matchers, alert.labels)) continue;
    if (!best || Date.parse(s.startsAt) > Date.parse(best.startsAt)) best = s;
  }
  return best && { by: best.createdBy, since: best.startsAt, until: best.endsAt, silenceId: best.id, comment: best.comment };
}
