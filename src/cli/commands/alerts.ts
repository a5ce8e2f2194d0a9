/** `oncall alerts`: the current alerts of one or more Alertmanagers, as a table or as JSON. */
import type { CliCommand, CliIo } from '../command';
import { EXIT, UsageError } from '../command';
import { boolFlag, parseArgs, stringFlag } from '../args';
import { alertmanagerClients, ALERTMANAGER_FLAG_HELP } from '../alertmanagerFlags';
import { table, truncate } from '../textTable';
import { fetchAlerts, fetchSilences } from '../../alerts/fetchAll';
import { matchesAll, parseMatchers } from '../../alerts/matchers';
import { nameOfFingerprint, sortAlerts, stateCounts } from '../../alerts/grouping';
import { formatAge, isZeroTime, stateLabel } from '../../alerts/format';
import type { Alert, Silence, SourceError } from '../../alerts/model';

const usage = `Usage: oncall alerts --alertmanager URL[,URL...] [--filter MATCHERS] [--json]

  ${ALERTMANAGER_FLAG_HELP.replace(/\n/g, '\n  ')}
  --filter MATCHERS            Only alerts matching all matchers, Alertmanager syntax: 'team="db",severity=~"sev[12]"'.
  --json                       {"alerts":[...],"errors":[...]} instead of a table.

Exit codes: 0 ok, 1 every source failed, 2 usage error, 3 some sources failed.`;

/** The JSON form of one alert (no lease end time, no zero times). */
export function alertJson(a: Alert) {
  return {
    fingerprint: a.fingerprint,
    labels: a.labels,
    annotations: a.annotations,
    state: a.state,
    severity: a.severity ? a.severity.level : null,
    startsAt: isZeroTime(a.startsAt) ? null : a.startsAt,
    endsAt: a.endsAt === null || isZeroTime(a.endsAt) ? null : a.endsAt,
    silencedBy: a.silencedBy,
    inhibitedBy: a.inhibitedBy,
    sources: a.sources,
  };
}

/** 0 when every source answered cleanly, 1 when every source failed, 3 otherwise. */
export function exitCodeFor(result: { errors: readonly SourceError[]; failed: readonly string[] }, sources: number): number {
  if (sources > 0 && result.failed.length >= sources) return EXIT.failure;
  return result.errors.length ? EXIT.partial : EXIT.ok;
}

/** The JSON output: exactly {"alerts":[...],"errors":[...]}. */
export function renderAlertsJson(alerts: readonly Alert[], errors: readonly SourceError[]): string {
  return JSON.stringify({ alerts: alerts.map(alertJson), errors }, null, 2);
}

/** The table for people (sorted as given), with a summary line; a silenced alert's state names its silence's author, end and comment when `silences` has it. */
export function renderAlertsText(alerts: readonly Alert[], okSources: number, allSources: number, nowMs: number, silences: readonly Silence[] = []): string {
  const counts = Object.entries(stateCounts(alerts)).map(([s, n]) => `${n} ${s}`).join(', ');
  const summary = `${alerts.length} alert${alerts.length === 1 ? '' : 's'}${counts ? ` (${counts})` : ''} from ${okSources} of ${allSources} Alertmanager${allSources === 1 ? '' : 's'}.`;
  return alerts.length ? `${humanTable(alerts, nowMs, silences)}\n${summary}` : summary;
}

function humanTable(alerts: readonly Alert[], nowMs: number, silences: readonly Silence[]): string {
  const names = nameOfFingerprint(alerts);
  const rows = alerts.map((a) => {
    const start = Date.parse(a.startsAt);
    const age = Number.isFinite(start) ? formatAge(nowMs - start) : '?';
    const summary = a.annotations.summary ?? a.annotations.description ?? '';
    return [a.severity?.level ?? '-', truncate(stateLabel(a, names, silences, nowMs), 96), age, a.labels.alertname ?? '(no alertname)', truncate(summary, 70), a.sources.join(', ')];
  });
  return table(['severity', 'state', 'age', 'alertname', 'summary', 'sources'], rows);
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const p = parseArgs(argv, { alertmanager: { type: 'string', multiple: true }, filter: { type: 'string' }, json: { type: 'boolean' } });
  if (p.positionals.length) throw new UsageError(`Unexpected argument ${JSON.stringify(p.positionals[0])}.`);
  const clients = alertmanagerClients(p);
  const filterText = stringFlag(p, 'filter');
  const filter = filterText ? parseMatchers(filterText) : [];
  const result = await fetchAlerts(clients, io.signal);
  const nowMs = Date.now();
  const alerts = sortAlerts(filter.length ? result.alerts.filter((a) => matchesAll(filter, a.labels)) : result.alerts, nowMs);
  const code = exitCodeFor(result, clients.length);
  if (boolFlag(p, 'json')) {
    io.out(renderAlertsJson(alerts, result.errors));
    return code;
  }
  // Only to say who silenced what: without them a silenced alert shows its silence ids.
  const silences = alerts.some((a) => a.state === 'silenced') ? (await fetchSilences(clients, io.signal)).silences : [];
  io.out(renderAlertsText(alerts, clients.length - result.failed.length, clients.length, nowMs, silences));
  for (const e of result.errors) io.err(`error: ${e.source}: ${e.message}`);
  return code;
}

export const alertsCommand: CliCommand = {
  path: ['alerts'],
  summary: 'List the current alerts of one or more Alertmanagers',
  usage,
  run,
};
