/**
 * The postmortem timeline: one row per incident-log event, in time order, times in UTC.
 * Text from alerts, comments and notes is made safe for a Markdown table cell.
 */
import type { Matcher } from '../alerts/model';
import { sortEvents, type CellTarget, type IncidentEvent } from '../incidents/events';

export interface TimelineRow {
  /** "YYYY-MM-DD HH:MM:SS" in UTC. */
  time: string;
  event: string;
}

/** The rows for `events`, in time order (equal times keep log order). */
export function timelineRows(events: readonly IncidentEvent[]): TimelineRow[] {
  return sortEvents(events).map((e) => ({ time: formatUtc(e.time), event: describeEvent(e) }));
}

/** Markdown table rows "| time | event |" (no header). */
export function timelineMarkdown(events: readonly IncidentEvent[]): string {
  return timelineRows(events)
    .map((r) => `| ${r.time} | ${cell(r.event)} |`)
    .join('\n');
}

/** "YYYY-MM-DD HH:MM:SS" in UTC. */
export function formatUtc(iso: string | Date): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  if (!Number.isFinite(d.getTime())) return String(iso);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** One event in words. */
export function describeEvent(e: IncidentEvent): string {
  switch (e.type) {
    case 'alert-fired':
      return `Alert fired: ${e.alertname}${labelText(e.labels)}${e.summary ? ` — ${e.summary}` : ''}`;
    case 'alert-resolved':
      return `Alert resolved: ${e.alertname}${labelText(e.labels ?? {})}`;
    case 'acknowledged':
      return `Acknowledged by ${e.who}${e.alertname ? ` (${e.alertname})` : ''}${e.comment ? `: "${e.comment}"` : ''}`;
    case 'silence-created':
      return `Silence created by ${e.who} until ${formatUtc(e.endsAt)} UTC for ${matchersText(e.matchers)}: "${e.comment}"`;
    case 'silence-expired':
      return `Silence ${e.id} expired by ${e.who}`;
    case 'cell-run': {
      const params = Object.entries(e.parameters).map(([k, v]) => `${k}=${v}`).join(', ');
      const where = `(${e.runbook}, cell ${e.cell.index})`;
      const against = `against ${targetText(e.target)}${params ? ` with ${params}` : ''}`;
      if (e.outcome === 'refused') {
        return `Runbook cell "${e.cell.name}" ${where} refused before sending for ${e.who} ${against} → nothing ran${e.message ? `: ${e.message}` : ''}`;
      }
      const outcome = e.outcome === 'ok' ? 'ok' : `${e.outcome}${e.message ? `: ${e.message}` : ''}`;
      return `Runbook cell "${e.cell.name}" ${where} run by ${e.who} ${against} → ${outcome}`;
    }
    case 'cluster-change':
      return `Cluster change by ${e.who}: ${e.operation} ${e.kind.toLowerCase()}/${e.name} in namespace ${e.namespace} (context ${e.context})`;
    case 'git-revert': {
      const news = e.newCommits.length > 0 ? ` (new commits ${e.newCommits.map(short).join(', ')})` : '';
      return `Git revert by ${e.who} of ${e.reverted.map(short).join(', ')} onto branch ${e.branch}${news}`;
    }
    case 'note':
      return `Note by ${e.who}: ${e.text}`;
  }
}

function short(sha: string): string {
  return /^[0-9a-f]{8,}$/i.test(sha) ? sha.slice(0, 7) : sha;
}

/** " (k=v, k=v)" without alertname, or "". */
function labelText(labels: Record<string, string>): string {
  const pairs = Object.entries(labels)
    .filter(([k]) => k !== 'alertname')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return pairs.length > 0 ? ` (${pairs.join(', ')})` : '';
}

export function matchersText(matchers: readonly Matcher[]): string {
  if (matchers.length === 0) return '{}';
  const op = (m: Matcher) => (m.isEqual === false ? (m.isRegex ? '!~' : '!=') : m.isRegex ? '=~' : '=');
  return `{${matchers.map((m) => `${m.name}${op(m)}"${m.value}"`).join(', ')}}`;
}

export function targetText(t: CellTarget): string {
  switch (t.kind) {
    case 'prometheus':
      return `Prometheus ${t.url}`;
    case 'kubernetes':
      return `Kubernetes context ${t.context}${t.namespace ? `, namespace ${t.namespace}` : ''}`;
    case 'http':
      return `HTTP ${t.url}`;
    case 'other':
      return t.description;
    default:
      return JSON.stringify(t);
  }
}

/** Text safe inside a Markdown table cell: one line, pipes escaped, no raw HTML. */
export function cell(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .trim();
}
