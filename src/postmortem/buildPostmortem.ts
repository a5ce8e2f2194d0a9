/**
 * A postmortem draft in Markdown from an incident log, a template and measured impact. What the log and the
 * caller do not say becomes a visible "TODO: ..." for a person: no time, number or cause is ever made up.
 */
import type { SeverityLevel } from '../alerts/model';
import { SEVERITY_TABLE, severityOf, compareSeverity, type SeverityMapping } from '../alerts/severity';
import { sortEvents, type AlertFiredEvent, type AlertResolvedEvent, type IncidentEvent } from '../incidents/events';
import { DEFAULT_POSTMORTEM_TEMPLATE } from './defaultTemplate';
import type { Impact } from './impact';
import { renderTemplate } from './template';
import { cell, formatUtc, timelineMarkdown } from './timeline';

export interface ActionItem {
  action: string;
  owner?: string;
  due?: string;
  status?: string;
}

export interface PostmortemInput {
  events: readonly IncidentEvent[];
  /** Default: the first alert's name and summary. */
  title?: string;
  /** SEV1–SEV4 (or any text); default: the highest severity among the alerts' labels. */
  severity?: SeverityLevel | string;
  /** ISO start; default: the first alert-fired event. */
  start?: string;
  /** ISO end, or null for an ongoing incident; default: the last resolution once every alert resolved. */
  end?: string | null;
  detection?: string;
  /** Measured numbers (see impact.ts); anything missing becomes a TODO. */
  impact?: Impact;
  rootCause?: string;
  actionItems?: ActionItem[];
  incidentId?: string;
  author?: string;
  /** The template text (default DEFAULT_POSTMORTEM_TEMPLATE; see loadTemplate.ts for a repository's own). */
  template?: string;
  severityMapping?: SeverityMapping;
  /** The clock for generatedAt (tests). */
  now?: Date;
}

export interface PostmortemDraft {
  markdown: string;
  warnings: string[];
  title: string;
  /** ISO start, or null when unknown. */
  start: string | null;
  /** ISO end; null while ongoing or when unknown (see ongoing). */
  end: string | null;
  ongoing: boolean;
  /** The placeholder values used. */
  values: Record<string, string>;
}

/** The Markdown of the postmortem (see renderPostmortem for the warnings and derived facts). */
export function buildPostmortem(input: PostmortemInput): string {
  return renderPostmortem(input).markdown;
}

export function renderPostmortem(input: PostmortemInput): PostmortemDraft {
  const events = sortEvents(input.events);
  const fired = events.filter((e): e is AlertFiredEvent => e.type === 'alert-fired');
  const alerts = distinctAlerts(fired);

  const title = input.title?.trim() || defaultTitle(fired[0]);
  const start = input.start ?? fired[0]?.time ?? null;
  const { end, ongoing } = input.end !== undefined ? { end: input.end, ongoing: input.end === null } : deriveEnd(events, alerts);

  const values: Record<string, string> = {
    title: oneLine(title),
    incidentId: input.incidentId ?? 'TODO: incident id',
    date: start ? new Date(start).toISOString().slice(0, 10) : 'TODO: date',
    generatedAt: `${formatUtc(input.now ?? new Date())} UTC`,
    author: input.author?.trim() || 'TODO: author',
    severity: severityText(input.severity, fired, input.severityMapping),
    start: start ? `${formatUtc(start)} UTC` : 'TODO: start time',
    end: ongoing ? 'ongoing' : end ? `${formatUtc(end)} UTC` : 'TODO: end time',
    duration: ongoing ? 'ongoing' : start && end ? formatDuration(Date.parse(end) - Date.parse(start)) : 'TODO: duration',
    period: '',
    detection: input.detection?.trim() || defaultDetection(fired[0]),
    ...impactValues(input.impact ?? {}),
    timeline: timelineMarkdown(events) || '| TODO: time | TODO: no events were logged |',
    alerts: alertList(alerts),
    labels: commonLabels(alerts),
    runbooks: runbookList(events),
    rootCause: input.rootCause?.trim() || 'TODO: root cause — what failed, why, and why it was not caught earlier.',
    actionItems: actionRows(input.actionItems ?? []),
  };
  values.period = ongoing
    ? `${values.start} – ongoing`
    : start && end ? `${values.start} – ${values.end} (${values.duration})` : `${values.start} – ${values.end}`;

  const { text, warnings } = renderTemplate(input.template ?? DEFAULT_POSTMORTEM_TEMPLATE, values);
  if (start && end && Date.parse(end) < Date.parse(start)) warnings.push(`The end (${end}) is before the start (${start}); check the incident log.`);
  return { markdown: text, warnings, title, start, end: ongoing ? null : end, ongoing, values };
}

/** "Xh Ym" (hours may exceed 24), floor to the minute. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'TODO: duration';
  const minutes = Math.floor(ms / 60_000);
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

interface AlertKey {
  key: string;
  first: AlertFiredEvent;
}

function alertKey(e: { alertname: string; fingerprint?: string; labels?: Record<string, string> }): string {
  if (e.fingerprint) return `fp:${e.fingerprint}`;
  const labels: Record<string, string> = { ...(e.labels ?? {}), alertname: e.alertname };
  return `labels:${Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',')}`;
}

function distinctAlerts(fired: AlertFiredEvent[]): AlertKey[] {
  const seen = new Map<string, AlertKey>();
  for (const e of fired) {
    const key = alertKey(e);
    if (!seen.has(key)) seen.set(key, { key, first: e });
  }
  return [...seen.values()];
}

/** Ended when every alert's last event is a resolution: the end is the latest resolution. */
function deriveEnd(events: IncidentEvent[], alerts: AlertKey[]): { end: string | null; ongoing: boolean } {
  if (alerts.length === 0) return { end: null, ongoing: false };
  const lastState = new Map<string, { resolved: boolean; time: string }>();
  for (const e of events) {
    if (e.type === 'alert-fired') lastState.set(alertKey(e), { resolved: false, time: e.time });
    if (e.type === 'alert-resolved') for (const k of resolvedKeys(e, alerts)) lastState.set(k, { resolved: true, time: e.time });
  }
  let end: string | null = null;
  for (const a of alerts) {
    const s = lastState.get(a.key);
    if (!s || !s.resolved) return { end: null, ongoing: true };
    if (end === null || Date.parse(s.time) > Date.parse(end)) end = s.time;
  }
  return { end, ongoing: false };
}

/** The alerts a resolution is about: by fingerprint, else by name and (when given) labels. */
function resolvedKeys(e: AlertResolvedEvent, alerts: AlertKey[]): string[] {
  if (e.fingerprint && alerts.some((a) => a.key === `fp:${e.fingerprint}`)) return [`fp:${e.fingerprint}`];
  return alerts
    .filter((a) => a.first.alertname === e.alertname && (!e.labels || sameLabels(a.first.labels, e.labels)))
    .map((a) => a.key);
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const strip = (l: Record<string, string>) => Object.entries(l).filter(([k]) => k !== 'alertname');
  const ea = strip(a);
  const eb = strip(b);
  return ea.length === eb.length && ea.every(([k, v]) => b[k] === v);
}

function defaultTitle(first: AlertFiredEvent | undefined): string {
  if (!first) return 'TODO: title';
  return first.summary ? `${first.alertname}: ${first.summary}` : first.alertname;
}

function defaultDetection(first: AlertFiredEvent | undefined): string {
  if (!first) return 'TODO: how was it detected (alert / customer report / manual)?';
  const where = first.server ? `${first.source} ${first.server}` : first.source;
  return `Alert ${first.alertname} (${where}) at ${formatUtc(first.time)} UTC`;
}

function severityText(given: string | undefined, fired: AlertFiredEvent[], mapping?: SeverityMapping): string {
  const describe = (level: SeverityLevel) => `${level} — ${SEVERITY_TABLE[level].criteria}`;
  if (given?.trim()) {
    const upper = given.trim().toUpperCase();
    return Object.hasOwn(SEVERITY_TABLE, upper) ? describe(upper as SeverityLevel) : given.trim();
  }
  const severities = fired.map((e) => severityOf(e.labels, mapping)).filter((s) => s !== undefined);
  if (severities.length === 0) return 'TODO: severity (SEV1–SEV4); no alert carried a known severity label';
  severities.sort(compareSeverity);
  return describe(severities[0].level);
}

function impactValues(impact: Impact): Record<string, string> {
  const tenants = isCount(impact.tenants) ? formatCount(impact.tenants) : undefined;
  const requests = isCount(impact.requests) ? formatCount(impact.requests) : undefined;
  const cost = isAmount(impact.cost) ? formatDollars(impact.cost) : undefined;
  return {
    'impact.tenants': tenants ?? 'TODO: affected tenants',
    'impact.requests': requests ?? 'TODO: affected requests',
    'impact.cost': cost ?? 'TODO: cost',
    impact: [
      tenants !== undefined ? `${tenants} tenant${impact.tenants === 1 ? '' : 's'}` : 'TODO: affected tenants',
      requests !== undefined ? `${requests} request${impact.requests === 1 ? '' : 's'}` : 'TODO: affected requests',
      cost !== undefined ? `${cost} cost` : 'TODO: cost',
    ].join(', '),
  };
}

function isCount(n: number | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

function isAmount(n: number | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function formatDollars(n: number): string {
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function alertList(alerts: AlertKey[]): string {
  if (alerts.length === 0) return '- TODO: no alert was logged for this incident';
  return alerts
    .map(({ first }) => {
      const labels = Object.entries(first.labels)
        .filter(([k]) => k !== 'alertname')
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      return `- ${oneLine(first.alertname)}${labels ? ` (${oneLine(labels)})` : ''}, fired ${formatUtc(first.time)} UTC${first.summary ? ` — ${oneLine(first.summary)}` : ''}`;
    })
    .join('\n');
}

function commonLabels(alerts: AlertKey[]): string {
  if (alerts.length === 0) return 'TODO: labels';
  const [head, ...rest] = alerts.map((a) => a.first.labels);
  const shared = Object.entries(head).filter(([k, v]) => rest.every((l) => l[k] === v));
  if (shared.length === 0) return 'none shared';
  return shared.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${oneLine(v)}`).join(', ');
}

function runbookList(events: IncidentEvent[]): string {
  const books = [...new Set(events.flatMap((e) => (e.type === 'cell-run' ? [e.runbook] : [])))];
  // A runbook whose every cell was refused before sending did not run: it is listed, and says so.
  const ran = new Set(events.flatMap((e) => (e.type === 'cell-run' && e.outcome !== 'refused' ? [e.runbook] : [])));
  return books.length > 0
    ? books.map((b) => `- ${oneLine(b)}${ran.has(b) ? '' : ' (cells refused before sending; nothing ran)'}`).join('\n')
    : '- none run from the incident log';
}

function actionRows(items: ActionItem[]): string {
  if (items.length === 0) return '| TODO: action | TODO: owner | TODO: due date | Open |';
  return items
    .map((i) => `| ${cell(i.action)} | ${cell(i.owner?.trim() || 'TODO: owner')} | ${cell(i.due?.trim() || 'TODO: due date')} | ${cell(i.status?.trim() || 'Open')} |`)
    .join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
