/** `oncall silence add | expire | list`: silences on Alertmanager, with a preview before one is created. */
import { userInfo } from 'node:os';
import type { CliCommand, CliIo } from '../command';
import { EXIT, UsageError } from '../command';
import { boolFlag, parseArgs, parseDuration, requireString, stringFlag } from '../args';
import { alertmanagerClients, ALERTMANAGER_FLAG_HELP } from '../alertmanagerFlags';
import { clean, table, truncate } from '../textTable';
import { exitCodeFor } from './alerts';
import { fetchAlerts, fetchSilences } from '../../alerts/fetchAll';
import { formatMatchers, parseMatchers } from '../../alerts/matchers';
import { previewSilence } from '../../alerts/silencePreview';
import { formatTime, stateLabel } from '../../alerts/format';
import { nameOfFingerprint } from '../../alerts/grouping';
import { isAck } from '../../alerts/acks';
import type { NewSilence, Silence } from '../../alerts/model';
import { describeError } from '../../common/errors';

const AM = `  ${ALERTMANAGER_FLAG_HELP.replace(/\n/g, '\n  ')}`;

const addUsage = `Usage: oncall silence add --alertmanager URL --matchers MATCHERS --duration 2h --comment TEXT [--author NAME] [--dry-run]

${AM}
  --matchers MATCHERS          Alertmanager syntax, for example 'alertname="HighLatency",model=~"gpt-.+"'.
  --duration D                 How long, for example 30m, 2h, 1h30m, 1d.
  --comment TEXT               Why (required).
  --author NAME                Who (default: your user name).
  --dry-run                    Only show which current alerts it would silence.

It first prints which current alerts the silence would match and any warnings. With several URLs (an HA pair) the
silence is created on the first that accepts it; the peers share it.`;

const expireUsage = `Usage: oncall silence expire ID --alertmanager URL

${AM}`;

const listUsage = `Usage: oncall silence list --alertmanager URL [--expired] [--json]

${AM}
  --expired                    Include expired silences.
  --json                       {"silences":[...],"errors":[...]} instead of a table.`;

function defaultAuthor(): string {
  try {
    return process.env.USER || userInfo().username || 'oncall';
  } catch {
    return 'oncall';
  }
}

async function add(argv: string[], io: CliIo): Promise<number> {
  const p = parseArgs(argv, {
    alertmanager: { type: 'string', multiple: true },
    matchers: { type: 'string' },
    duration: { type: 'string' },
    comment: { type: 'string' },
    author: { type: 'string' },
    'dry-run': { type: 'boolean' },
  });
  if (p.positionals.length) throw new UsageError(`Unexpected argument ${JSON.stringify(p.positionals[0])}.`);
  const clients = alertmanagerClients(p);
  const matchers = parseMatchers(requireString(p, 'matchers'));
  if (matchers.length === 0) throw new UsageError('--matchers needs at least one matcher.');
  const durationMs = parseDuration(requireString(p, 'duration'));
  const dryRun = boolFlag(p, 'dry-run');
  const comment = dryRun ? (stringFlag(p, 'comment') ?? '') : requireString(p, 'comment');
  const author = stringFlag(p, 'author')?.trim() || defaultAuthor();

  const current = await fetchAlerts(clients, io.signal);
  const preview = previewSilence(matchers, current.alerts);
  const names = nameOfFingerprint(current.alerts);
  io.out(`Matchers: ${clean(formatMatchers(matchers))}`);
  io.out(`It would silence ${preview.matched.length} of the ${current.alerts.length} current alert${current.alerts.length === 1 ? '' : 's'}:`);
  for (const a of preview.matched.slice(0, 50)) {
    io.out(`  ${clean(a.labels.alertname ?? '(no alertname)')}  ${truncate(clean(formatMatchers(Object.entries(a.labels).filter(([k]) => k !== 'alertname').map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })))), 100)}  [${clean(stateLabel(a, names))}]`);
  }
  if (preview.matched.length > 50) io.out(`  … and ${preview.matched.length - 50} more`);
  for (const w of preview.warnings) io.out(`warning: ${clean(w)}`);
  for (const e of current.errors) io.err(`warning: could not read the current alerts of ${e.source}: ${e.message}`);
  if (dryRun) {
    io.out('Dry run: no silence was created.');
    return EXIT.ok;
  }
  const now = Date.now();
  const silence: NewSilence = {
    matchers,
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + durationMs).toISOString(),
    createdBy: author,
    comment,
  };
  const failures: string[] = [];
  for (const c of clients) {
    try {
      const id = await c.createSilence(silence, io.signal);
      io.out(`Created silence ${id} on ${c.name}, until ${formatTime(silence.endsAt)}.`);
      return EXIT.ok;
    } catch (e) {
      if (io.signal.aborted || clients.length === 1) throw e;
      failures.push(`${c.name}: ${describeError(e)}`);
    }
  }
  for (const f of failures) io.err(`error: ${f}`);
  return EXIT.failure;
}

async function expire(argv: string[], io: CliIo): Promise<number> {
  const p = parseArgs(argv, { alertmanager: { type: 'string', multiple: true } });
  if (p.positionals.length !== 1) throw new UsageError('Give exactly one silence ID.');
  const id = p.positionals[0].trim();
  if (!id) throw new UsageError('The silence ID is empty.');
  const clients = alertmanagerClients(p);
  const failures: string[] = [];
  for (const c of clients) {
    try {
      await c.expireSilence(id, io.signal);
      io.out(`Expired silence ${clean(id)} on ${c.name}.`);
      return EXIT.ok;
    } catch (e) {
      if (io.signal.aborted || clients.length === 1) throw e;
      failures.push(`${c.name}: ${describeError(e)}`);
    }
  }
  for (const f of failures) io.err(`error: ${f}`);
  return EXIT.failure;
}

function silenceJson(s: Silence) {
  return { id: s.id, state: s.state, matchers: s.matchers, startsAt: s.startsAt || null, endsAt: s.endsAt || null, createdBy: s.createdBy, comment: s.comment, ack: isAck(s), source: s.source };
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const p = parseArgs(argv, { alertmanager: { type: 'string', multiple: true }, expired: { type: 'boolean' }, json: { type: 'boolean' } });
  if (p.positionals.length) throw new UsageError(`Unexpected argument ${JSON.stringify(p.positionals[0])}.`);
  const clients = alertmanagerClients(p);
  const result = await fetchSilences(clients, io.signal);
  const shown = result.silences
    .filter((s) => boolFlag(p, 'expired') || s.state !== 'expired')
    .sort((a, b) => (a.endsAt < b.endsAt ? -1 : a.endsAt > b.endsAt ? 1 : 0));
  const code = exitCodeFor(result, clients.length);
  if (boolFlag(p, 'json')) {
    io.out(JSON.stringify({ silences: shown.map(silenceJson), errors: result.errors }, null, 2));
    return code;
  }
  if (shown.length) {
    const rows = shown.map((s) => [s.id, s.state, formatTime(s.endsAt), s.createdBy, truncate(formatMatchers(s.matchers), 60), truncate(s.comment, 50)]);
    io.out(table(['id', 'state', 'ends', 'created by', 'matchers', 'comment'], rows));
  }
  io.out(`${shown.length} silence${shown.length === 1 ? '' : 's'}.`);
  for (const e of result.errors) io.err(`error: ${e.source}: ${e.message}`);
  return code;
}

export const silenceCommands: CliCommand[] = [
  { path: ['silence', 'add'], summary: 'Silence alerts for a while (shows what it would silence first)', usage: addUsage, run: add },
  { path: ['silence', 'expire'], summary: 'End a silence now', usage: expireUsage, run: expire },
  { path: ['silence', 'list'], summary: 'List the silences', usage: listUsage, run: list },
];
