/**
 * One incident's events from several places (the incident log, what Alertmanager reports now), without
 * duplicates, in time order. Two events are the same when they have the same type and identity: the alert's
 * fingerprint for alert events, the silence id for silences and acks, the time for the rest.
 */
import type { IncidentEvent } from './events';

function identity(e: IncidentEvent): string {
  switch (e.type) {
    case 'alert-fired':
    case 'alert-resolved':
      return `${e.type}|${e.fingerprint ?? e.alertname}|${e.source}`;
    case 'acknowledged':
      return `${e.type}|${e.silenceId ?? e.time}`;
    case 'silence-created':
    case 'silence-expired':
      return `${e.type}|${e.source}|${e.id}`;
    default:
      return `${e.type}|${e.time}|${JSON.stringify(e)}`;
  }
}

export function mergeEvents(...lists: readonly (readonly IncidentEvent[])[]): IncidentEvent[] {
  const seen = new Set<string>();
  const out: IncidentEvent[] = [];
  for (const list of lists) {
    for (const e of list) {
      const id = identity(e);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(e);
    }
  }
  return out.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}
