/**
 * Incident events from what an Alertmanager knows now: the alert (fired, and resolved once its endsAt is real) and
 * the silences on it (an acknowledgement silence becomes an `acknowledged` event). For a postmortem of an incident
 * that has no log, or to seed a new log.
 */
import type { Alert, Silence } from '../alerts/model';
import { isAck } from '../alerts/acks';
import { matchesAll } from '../alerts/matchers';
import type { IncidentEvent } from './events';
import { alertTimes } from './alertHistory';

export function eventsFromAlert(alert: Alert, silences: readonly Silence[] = []): IncidentEvent[] {
  const { firedAt, resolvedAt } = alertTimes(alert);
  const alertname = alert.labels.alertname ?? '(no alertname)';
  const server = alert.sources.length > 0 ? alert.sources.join(', ') : undefined;
  const events: IncidentEvent[] = [];
  if (firedAt) {
    events.push({
      type: 'alert-fired', time: firedAt, who: 'alertmanager', source: 'alertmanager', alertname, fingerprint: alert.fingerprint,
      labels: { ...alert.labels }, ...(alert.annotations.summary ? { summary: alert.annotations.summary } : {}), ...(server ? { server } : {}),
    });
  }
  for (const s of silences) {
    const covers = alert.silencedBy.includes(s.id) || (s.matchers.length > 0 && matchesAll(s.matchers, alert.labels));
    if (!covers || !Number.isFinite(Date.parse(s.startsAt))) continue;
    // A silence older than the alert that merely matches it is standing policy, not part of this incident.
    if (firedAt && Date.parse(s.startsAt) < Date.parse(firedAt) && !alert.silencedBy.includes(s.id)) continue;
    const time = new Date(s.startsAt).toISOString();
    if (isAck(s)) {
      events.push({ type: 'acknowledged', time, who: s.createdBy, alertname, fingerprint: alert.fingerprint, silenceId: s.id, comment: s.comment });
    } else {
      events.push({ type: 'silence-created', time, who: s.createdBy, id: s.id, source: s.source, matchers: s.matchers, comment: s.comment, endsAt: s.endsAt });
    }
  }
  if (resolvedAt) {
    events.push({ type: 'alert-resolved', time: resolvedAt, who: 'alertmanager', source: 'alertmanager', alertname, fingerprint: alert.fingerprint, ...(server ? { server } : {}) });
  }
  return events;
}
