/** `oncall prompts changes | revert`: recent prompt commits in a repository, and reverting them on a new branch. */
import { userInfo } from 'node:os';
import type { CliCommand, CliIo } from '../command';
import { EXIT, UsageError } from '../command';
import { boolFlag, listFlag, parseArgs, requireString, stringFlag } from '../args';
import { clean, table, truncate } from '../textTable';
import { DEFAULT_PROMPT_PATHS, findPromptChanges, type PromptChange } from '../../git/promptChanges';
import { describeCommit, revertCommits, type RevertResult } from '../../git/revert';
import { git, GitError, repoRoot } from '../../git/git';
import { hasRemote } from '../../git/remote';
import { appendEvent } from '../../incidents/incidentLog';

const changesUsage = `Usage: oncall prompts changes --repo DIR --since TIME [--until TIME] [--paths GLOBS] [--diff] [--json]

  --repo DIR       The git repository (any folder inside its work tree).
  --since TIME     Start of the window: an ISO time (2024-05-01T10:00:00Z), a date (2024-05-01, UTC) or a duration
                   back from now (30m, 24h, 2d). Commits are filtered on their commit time.
  --until TIME     End of the window (default: now).
  --paths GLOBS    Comma-separated, repeatable path patterns relative to the repository root
                   (default: ${DEFAULT_PROMPT_PATHS.join(',')}). ** matches any number of folders.
  --diff           Print each commit's diff of the prompt files.
  --json           [{sha, parents, author, date, committedAt, subject, files, otherFiles, isMerge, diff}] newest first.

A merge commit is listed when its diff against its first parent touches prompts.`;

const revertUsage = `Usage: oncall prompts revert SHA... --repo DIR [--branch B] [--allow-merge] [--incident LOGFILE] [--yes]

  --repo DIR           The git repository.
  --branch B           The branch to create from HEAD for the reverts (default: revert/<short shas>).
  --allow-merge        Allow reverting merge commits (with -m 1: against their first parent).
  --incident LOGFILE   Record the revert in this incident log (a git-revert event).
  --yes                Do not ask for confirmation (required when there is no terminal).

Nothing changes when a commit is unknown or is a merge without --allow-merge, when files the commits touch have
uncommitted edits, when anything is staged, or when a revert, merge or rebase is in progress. The reverts run newest
first; on a conflict that revert is aborted and the branch keeps the ones that succeeded. Nothing is pushed.

Exit codes: 0 all reverted, 1 a revert failed or git failed, 2 usage error or refused.`;

function splitPaths(values: string[]): string[] | undefined {
  const paths = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  return paths.length > 0 ? paths : undefined;
}

function changeJson(c: PromptChange) {
  return {
    sha: c.sha, parents: c.parents, author: c.author, date: c.date, committedAt: c.committedAt, subject: c.subject,
    files: c.files, otherFiles: c.otherFiles, isMerge: c.isMerge, diff: c.diff, diffTruncated: c.diffTruncated,
  };
}

async function changes(argv: string[], io: CliIo): Promise<number> {
  const p = parseArgs(argv, {
    repo: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    paths: { type: 'string', multiple: true },
    diff: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (p.positionals.length) throw new UsageError(`Unexpected argument ${JSON.stringify(p.positionals[0])}.`);
  const repo = requireString(p, 'repo');
  const found = await findPromptChanges(repo, {
    since: requireString(p, 'since'),
    until: stringFlag(p, 'until'),
    paths: splitPaths(listFlag(p, 'paths')),
    signal: io.signal,
  });
  if (boolFlag(p, 'json')) {
    io.out(JSON.stringify(found.map(changeJson), null, 2));
    return EXIT.ok;
  }
  if (found.length > 0) {
    const rows = found.map((c) => [
      c.sha.slice(0, 12),
      c.date.replace('T', ' ').slice(0, 19),
      truncate(c.author.replace(/\s*<.*>$/, ''), 24),
      truncate(`${c.isMerge ? '[merge] ' : ''}${c.subject}`, 60),
      truncate(c.files.join(', ') + (c.otherFiles.length ? ` (+${c.otherFiles.length} other)` : ''), 60),
    ]);
    io.out(table(['sha', 'date', 'author', 'subject', 'prompt files'], rows));
  }
  io.out(`${found.length} commit${found.length === 1 ? '' : 's'} touching prompts.`);
  if (boolFlag(p, 'diff')) {
    for (const c of found) {
      io.out('');
      io.out(`commit ${c.sha}${c.isMerge ? ' (merge; diff against its first parent)' : ''}`);
      // Diff lines are the repository's text: keep tabs, neutralise other control characters.
      io.out(c.diff.replace(/\n$/, '').split('\n').map((l) => clean(l.replace(/\t/g, '    '))).join('\n'));
    }
  }
  return EXIT.ok;
}

function whoAmI(): string {
  try {
    return process.env.USER || userInfo().username || 'oncall';
  } catch {
    return 'oncall';
  }
}

async function revert(argv: string[], io: CliIo): Promise<number> {
  const p = parseArgs(argv, {
    repo: { type: 'string' },
    branch: { type: 'string' },
    'allow-merge': { type: 'boolean' },
    incident: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
  });
  if (p.positionals.length === 0) throw new UsageError('Give at least one commit SHA to revert.');
  const repo = requireString(p, 'repo');
  const allowMerge = boolFlag(p, 'allow-merge');
  const branch = stringFlag(p, 'branch');
  const incident = stringFlag(p, 'incident');
  if (!boolFlag(p, 'yes') && !io.interactive) {
    throw new UsageError('This changes the repository (a new branch with revert commits): run it in a terminal to confirm, or pass --yes.');
  }

  const root = await repoRoot(repo, io.signal);
  const infos = [];
  for (const sha of p.positionals) infos.push(await describeCommit(root, sha, io.signal));
  io.out(`In ${root}, revert on a new branch${branch ? ` ${branch}` : ''} (newest first):`);
  for (const c of infos) {
    io.out(`  ${c.sha.slice(0, 12)}  ${truncate(clean(c.subject), 70)}${c.parents.length > 1 ? '  [merge]' : ''}`);
    io.out(`      ${truncate(clean(c.files.join(', ')), 100)}`);
  }
  if (!boolFlag(p, 'yes')) {
    const answer = (await io.ask('Proceed? [y/N] ')).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') {
      io.out('Nothing was changed.');
      return EXIT.ok;
    }
  }

  const result = await revertCommits(root, infos.map((c) => c.sha), { allowMerge, branch, signal: io.signal });
  report(result, io);
  if (incident && result.branch && result.reverted.length > 0) {
    const who = (await git(root, ['config', 'user.name']).catch(() => '')).trim() || whoAmI();
    await appendEvent(incident, { type: 'git-revert', time: new Date().toISOString(), who, repo: root, branch: result.branch, reverted: result.reverted, newCommits: result.newCommits });
    io.out(`Recorded in the incident log ${incident}.`);
  }
  if (result.branch && result.reverted.length > 0 && (await hasRemote(root, io.signal))) {
    io.out(`Nothing was pushed. To publish: git -C ${JSON.stringify(root)} push -u origin ${result.branch}`);
  }
  return result.failed ? EXIT.failure : EXIT.ok;
}

function report(r: RevertResult, io: CliIo): void {
  for (let i = 0; i < r.reverted.length; i++) io.out(`Reverted ${r.reverted[i].slice(0, 12)} as ${r.newCommits[i].slice(0, 12)}.`);
  for (const sha of r.alreadyUndone) io.out(`Skipped ${sha.slice(0, 12)}: its change is already undone on this branch.`);
  if (r.failed) {
    io.err(`Could not revert ${r.failed.sha.slice(0, 12)}: ${clean(r.failed.reason)}.`);
    if (r.failed.notAttempted.length) io.err(`Not attempted: ${r.failed.notAttempted.map((s) => s.slice(0, 12)).join(', ')}.`);
    io.err('The repository is clean: no revert is in progress.');
  }
  if (r.branch) io.out(`On branch ${r.branch} (was ${r.previousBranch ?? `a detached HEAD at ${r.baseSha.slice(0, 12)}`}).`);
  else io.out(`Nothing was reverted; still on ${r.previousBranch ?? r.baseSha.slice(0, 12)}.`);
}

/** A refusal (nothing changed: bad input, dirty files, an operation in progress) exits 2 with git's reason. */
export function refusalsExit2(run: (argv: string[], io: CliIo) => Promise<number>): (argv: string[], io: CliIo) => Promise<number> {
  return async (argv, io) => {
    try {
      return await run(argv, io);
    } catch (e) {
      if (e instanceof GitError && (e.kind === 'refused' || e.kind === 'not-a-repo')) {
        io.err(clean(e.message));
        return EXIT.usage;
      }
      throw e;
    }
  };
}

export const promptsCommands: CliCommand[] = [
  { path: ['prompts', 'changes'], summary: 'Commits that changed prompt files in a time window', usage: changesUsage, run: refusalsExit2(changes) },
  { path: ['prompts', 'revert'], summary: 'Revert prompt commits on a new branch (asks first)', usage: revertUsage, run: refusalsExit2(revert) },
];
