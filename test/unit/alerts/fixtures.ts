/** Alerts for unit tests, built the way the client builds them from Alertmanager's JSON. */
import { parseAlert } from '../../../src/alerts/alertmanagerParse';
import type { Alert } from '../../../src/alerts/model';

export const NOW = Date.parse('2025-06-01T12:00:00Z');

export const minutesAgo = (m: number): string => new Date(NOW - m * 60_000).toISOString();

let counter = 0;

/** An alert as GET /api/v2/alerts reports it, parsed. */
export function alert(labels: Record<string, string>, opts: { startedMinutesAgo?: number; state?: string; silencedBy?: string[]; inhibitedBy?: string[]; fingerprint?: string; source?: string; annotations?: Record<string, string> } = {}): Alert {
  const a = parseAlert(
    {
      fingerprint: opts.fingerprint ?? `fp${++counter}`,
      labels,
      annotations: opts.annotations ?? {},
      startsAt: minutesAgo(opts.startedMinutesAgo ?? 1),
      endsAt: new Date(NOW + 4 * 60_000).toISOString(),
      updatedAt: minutesAgo(0),
      status: { state: opts.state ?? 'active', silencedBy: opts.silencedBy ?? [], inhibitedBy: opts.inhibitedBy ?? [] },
      receivers: [{ name: 'default' }],
    },
    opts.source ?? 'am1',
    undefined,
    NOW,
  );
  if (typeof a === 'string') throw new Error(a);
  return a;
}
