/**
 * `oncall postmortem create`: a postmortem draft from an incident log (or from what an Alertmanager knows about one
 * alert), with impact measured in Prometheus when given, written to a new file and committed on a new branch.
 */
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { CliCommand, CliIo } from '../command';
import { EXIT, UsageError } from '../command';
import { boolFlag, parseArgs, requireString, stringFlag, type ParsedArgs } from '../args';
import { alertmanagerClients, ALERTMANAGER_FLAG_HELP } from '../alertmanagerFlags';
import { clean } from '../textTable';
import { refusalsExit2 } from './prompts';
import { fetchAlerts, fetchSilences } from '../../alerts/fetchAll';
import type { Alert } from '../../alerts/model';
import { prometheusFromFlags } from '../prometheusFlags';
import { InputError, describeError } from '../../common/errors';
import type { IncidentEvent } from '../../incidents/events';
import { eventsFromAlert } from '../../incidents/fromAlertmanager';
import { incidentIdForAlert, readIncidentLog, INCIDENT_LOG_EXTENSION } from '../../incidents/incidentLog';
import { impactScopeLabels } from '../../postmortem/impact';
import { DEFAULT_POSTMORTEM_FOLDER } from '../../postmortem/postmortemPath';
import { createPostmortem } from '../../postmortem/createPostmortem';
import { git, GitError, repoRoot } from '../../git/git';
import { hasRemote } from '../../git/remote';

const usage = `Usage: oncall postmortem create (--incident LOGFILE | --alertmanager URL --fingerprint F) --repo DIR
                               [--prometheus URL] [--title T] [--author NAME] [--folder DIR] [--no-git] [--json]

  --incident LOGFILE     The incident log (.oncall/incidents/<id>.jsonl) to draft from.
  ${ALERTMANAGER_FLAG_HELP.replace(/\n/g, '\n  ')}
  --fingerprint F        With --alertmanager: the alert (its fingerprint, or a unique prefix of 8+ characters).
                         Alertmanager forgets resolved alerts; for those use the incident log.
  --repo DIR             The repository the postmortem goes into (its .oncall/postmortem-template.md is used
                         when present).
  --prometheus URL       Measure the impact (tenants, requests, cost) in this Prometheus (default:
                         $ONCALL_PROMETHEUS_URL when set; token from $ONCALL_PROMETHEUS_TOKEN). Without it the
                         impact stays TODO.
  --title T              The title (default: the first alert and its summary).
  --author NAME          Who drafts it (default: git user.name).
  --folder DIR           Folder inside the repository (default: ${DEFAULT_POSTMORTEM_FOLDER}).
  --no-git               Only write the file; no branch, no commit.
  --json                 {file, branch, commit, warnings} on stdout.

The file is never overwritten (a second one of the same day and title gets -2). Unless --no-git, it is committed
alone on a new branch postmortem/<file name>; your other uncommitted work is left as it is. Nothing is pushed.`;

const FLAGS = {
  incident: { type: 'string' },
  alertmanager: { type: 'string', multiple: true },
  fingerprint: { type: 'string' },
  repo: { type: 'string' },
  prometheus: { type: 'string' },
  title: { type: 'string' },
  author: { type: 'string' },
  folder: { type: 'string' },
  'no-git': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

interface Source {
  events: IncidentEvent[];
  incidentId: string;
  /** Labels that scope the impact queries. */
  labels: Record<string, string>;
}

async function fromLog(file: string, io: CliIo): Promise<Source> {
  const log = await readIncidentLog(file);
  for (const w of log.warnings) io.err(`warning: ${file}: ${w.message}`);
  if (log.events.length === 0) throw new InputError(`The incident log ${file} has no readable events.`);
  const fired = log.events.find((e) => e.type === 'alert-fired');
  const name = basename(file);
  return {
    events: log.events,
    incidentId: name.endsWith(INCIDENT_LOG_EXTENSION) ? name.slice(0, -INCIDENT_LOG_EXTENSION.length) : name,
    labels: fired?.type === 'alert-fired' ? impactScopeLabels(fired.labels) : {},
  };
}

async function fromAlertmanager(p: ParsedArgs, io: CliIo): Promise<Source> {
  const fp = requireString(p, 'fingerprint').trim().toLowerCase();
  if (!/^[0-9a-f]{8,}$/.test(fp)) throw new UsageError('--fingerprint takes an alert fingerprint: hex, at least 8 characters.');
  const clients = alertmanagerClients(p);
  const current = await fetchAlerts(clients, io.signal);
  for (const e of current.errors) io.err(`warning: ${e.source}: ${e.message}`);
  const matches = current.alerts.filter((a) => a.fingerprint.toLowerCase().startsWith(fp));
  if (matches.length > 1) throw new InputError(`--fingerprint ${fp} matches ${matches.length} alerts; give more characters.`);
  const alert: Alert | undefined = matches[0];
  if (!alert) {
    if (current.alerts.length === 0 && current.errors.length > 0) throw new Error('No Alertmanager could be read; see the warnings above.');
    throw new InputError(`No alert with fingerprint ${fp} on ${clients.map((c) => c.name).join(', ')}. Alertmanager forgets resolved alerts: draft from the incident log instead (--incident).`);
  }
  const silences = await fetchSilences(clients, io.signal);
  for (const e of silences.errors) io.err(`warning: silences of ${e.source}: ${e.message}`);
  return { events: eventsFromAlert(alert, silences.silences), incidentId: incidentIdForAlert(alert), labels: impactScopeLabels(alert.labels) };
}


async function defaultAuthor(repo: string): Promise<string> {
  const fromGit = await git(repo, ['config', 'user.name']).then((s) => s.trim(), () => '');
  if (fromGit) return fromGit;
  try {
    return process.env.USER || userInfo().username || '';
  } catch {
    return '';
  }
}

async function create(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const p = parseArgs(argv, FLAGS);
  if (p.positionals.length) throw new UsageError(`Unexpected argument ${JSON.stringify(p.positionals[0])}.`);
  const incident = stringFlag(p, 'incident');
  const viaAlertmanager = p.flags.alertmanager !== undefined || stringFlag(p, 'fingerprint') !== undefined;
  if (incident && viaAlertmanager) throw new UsageError('Give either --incident or --alertmanager with --fingerprint, not both.');
  if (!incident && !viaAlertmanager) throw new UsageError('Give --incident LOGFILE, or --alertmanager URL with --fingerprint F.');
  const repo = requireString(p, 'repo');
  const noGit = boolFlag(p, 'no-git');
  const folderName = stringFlag(p, 'folder') ?? DEFAULT_POSTMORTEM_FOLDER;
  if (folderName.startsWith('/') || folderName.split(/[\\/]/).includes('..')) throw new UsageError('--folder must be a folder inside the repository.');
  const prometheus = prometheusFromFlags(p, env);
  const root = noGit ? repo : await repoRoot(repo, io.signal);

  const source = incident ? await fromLog(incident, io) : await fromAlertmanager(p, io);
  const author = stringFlag(p, 'author')?.trim() || (await defaultAuthor(root));
  const made = await createPostmortem({
    root, events: source.events, incidentId: source.incidentId, labels: source.labels, author, title: stringFlag(p, 'title'),
    prometheus, folderName, git: !noGit, signal: io.signal, warn: (m) => io.err(`warning: ${m}`), now: io.now,
  });
  const { file, relative, draft, impact, branch, commit, previousBranch } = made;
  if (made.commitError !== undefined) {
    io.err(`Wrote ${relative}, but did not commit it: ${clean(describeError(made.commitError))}`);
    return made.commitError instanceof GitError && made.commitError.kind === 'refused' ? EXIT.usage : EXIT.failure;
  }

  if (boolFlag(p, 'json')) {
    io.out(JSON.stringify({ file, branch, commit, ongoing: draft.ongoing, impact, warnings: draft.warnings }, null, 2));
    return EXIT.ok;
  }
  io.out(`Wrote ${relative}${draft.ongoing ? ' (the incident is still ongoing)' : ''}.`);
  if (branch && commit) {
    io.out(`Committed it alone as ${commit.slice(0, 12)} on the new branch ${branch}, which is now checked out (it was ${previousBranch ?? 'a detached HEAD'}); other uncommitted changes were left as they were.`);
    if (await hasRemote(root, io.signal)) io.out(`Nothing was pushed. To publish: git -C ${JSON.stringify(root)} push -u origin ${branch}`);
  }
  const todos = (draft.markdown.match(/TODO:/g) ?? []).length;
  if (todos) io.out(`${todos} TODO${todos === 1 ? '' : 's'} left for a person to fill in.`);
  return EXIT.ok;
}

export const postmortemCommands: CliCommand[] = [
  { path: ['postmortem', 'create'], summary: 'Draft a postmortem from an incident log and commit it on a new branch', usage, run: refusalsExit2((a, io) => create(a, io)) },
];
