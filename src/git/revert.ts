/**
 * Reverting prompt changes on a new branch. Every check happens before anything changes: unknown commits,
 * merges without allowMerge, an operation in progress, staged work, uncommitted edits to the files the commits
 * touch, an existing branch. Then: a branch from HEAD, one `git revert --no-edit` per commit, newest first
 * (`-m 1` for a merge). A conflict aborts that revert and stops: the branch keeps the reverts that succeeded
 * and the repository is left clean, with no revert in progress.
 */
import { rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { git, GitError, repoRoot, runGit } from './git';
import {
  assertNoOperationInProgress,
  assertValidBranchName,
  branchExists,
  changesTouching,
  currentBranch,
  headSha,
  operationInProgress,
  worktreeChanges,
} from './repoState';

export interface RevertOptions {
  /** Branch to create from HEAD (default `revert/<slug>`). */
  branch?: string;
  /** Used for the default branch name (default: the short shas). */
  slug?: string;
  /** Merge commits are reverted with `-m 1` only when this is true. */
  allowMerge: boolean;
  signal?: AbortSignal;
}

export interface RevertFailure {
  /** The commit whose revert failed. */
  sha: string;
  /** What went wrong, in words. */
  reason: string;
  /** Paths that conflicted (empty when it failed for another reason). */
  conflicts: string[];
  /** Older commits that were not attempted because of this failure. */
  notAttempted: string[];
}

export interface RevertResult {
  /** The branch created (and checked out) for the reverts; null when it was removed because nothing was reverted. */
  branch: string | null;
  /** The branch HEAD was on before (null: detached). */
  previousBranch: string | null;
  /** HEAD before anything changed. */
  baseSha: string;
  /** Full shas of the commits reverted, in the order they were reverted (newest first). */
  reverted: string[];
  /** The new revert commits, in the same order. */
  newCommits: string[];
  /** Commits skipped because their change is already undone on this branch (reverting them changes nothing). */
  alreadyUndone: string[];
  failed?: RevertFailure;
}

/** A commit as revertCommits sees it: parents, subject, commit time (unix seconds), files changed against its first parent. */
export interface CommitInfo {
  sha: string;
  parents: string[];
  subject: string;
  committedAt: number;
  files: string[];
}

/** Reverts `shas` on a new branch; see the file comment for the guarantees. */
export async function revertCommits(repo: string, shas: readonly string[], opts: RevertOptions): Promise<RevertResult> {
  const signal = opts.signal;
  if (shas.length === 0) throw new GitError('No commits to revert were given.', 'refused');
  const root = await repoRoot(repo, signal);
  await assertNoOperationInProgress(root, signal);
  const baseSha = await headSha(root, signal);
  const previousBranch = await currentBranch(root, signal);

  // Resolve and describe each commit; refuse duplicates, non-ancestors and (without allowMerge) merges.
  const commits: CommitInfo[] = [];
  for (const rev of shas) {
    const info = await describeCommit(root, rev, signal);
    if (commits.some((c) => c.sha === info.sha)) throw new GitError(`Commit ${info.sha.slice(0, 12)} is listed twice.`, 'refused');
    commits.push(info);
  }
  const merges = commits.filter((c) => c.parents.length > 1);
  if (merges.length > 0 && !opts.allowMerge) {
    const list = merges.map((c) => `${c.sha.slice(0, 12)} "${c.subject}"`).join(', ');
    throw new GitError(
      `Refusing to revert merge commit${merges.length > 1 ? 's' : ''} ${list}: reverting a merge undoes everything it brought in (against its first parent). Allow merges explicitly to revert with -m 1. Nothing was changed.`,
      'refused',
    );
  }
  for (const c of commits) {
    const ancestor = await isAncestor(root, c.sha, baseSha, signal);
    if (!ancestor) throw new GitError(`Commit ${c.sha.slice(0, 12)} is not in the history of HEAD${previousBranch ? ` (${previousBranch})` : ''}; there is nothing of it to revert here. Nothing was changed.`, 'refused');
  }

  // Uncommitted work: anything staged blocks git revert; edits to touched files would be overwritten.
  const changes = await worktreeChanges(root, signal);
  const touched = new Set(commits.flatMap((c) => c.files));
  const conflicting = changesTouching(changes, touched);
  if (conflicting.length > 0) {
    throw new GitError(
      `Refusing to revert: these files have uncommitted changes and the commits touch them: ${conflicting.map((c) => c.path).join(', ')}. Commit or set those edits aside first. Nothing was changed.`,
      'refused',
    );
  }
  const staged = changes.filter((c) => c.staged || c.unmerged);
  if (staged.length > 0) {
    throw new GitError(
      `Refusing to revert: the index has staged changes (${staged.map((c) => c.path).join(', ')}); git revert needs a clean index. Commit or unstage them first. Nothing was changed.`,
      'refused',
    );
  }

  const branch = opts.branch ?? `revert/${opts.slug ?? commits.map((c) => c.sha.slice(0, 8)).join('-')}`;
  await assertValidBranchName(root, branch, signal);
  if (await branchExists(root, branch, signal)) {
    throw new GitError(`Branch ${branch} already exists; choose another branch name. Nothing was changed.`, 'refused');
  }

  const ordered = await newestFirst(root, commits, signal);

  await runGit(root, ['switch', '--no-guess', '-c', branch, baseSha], { signal });

  const reverted: string[] = [];
  const newCommits: string[] = [];
  const alreadyUndone: string[] = [];
  for (let i = 0; i < ordered.length; i++) {
    const c = ordered[i];
    const before = await headSha(root);
    const args = ['revert', '--no-edit', ...(c.parents.length > 1 ? ['-m', '1'] : []), c.sha];
    try {
      // Not cancellable mid-way: a killed revert would leave a half-applied state; the loop checks the signal between commits.
      await runGit(root, args);
      const after = await headSha(root);
      if (after === before) throw new GitError(`git revert ${c.sha.slice(0, 12)} made no commit.`, 'failed', args);
      reverted.push(c.sha);
      newCommits.push(after);
    } catch (e) {
      const conflicts = await conflictedPaths(root);
      const reason = await cleanUpFailedRevert(root, before, e);
      if (conflicts.length === 0 && e instanceof GitError && /nothing to commit/i.test(e.stderr)) {
        // Its change is already undone here: nothing to revert, and no reason to stop the others.
        alreadyUndone.push(c.sha);
        await removeLeftoverMessage(root);
        continue;
      }
      const failure: RevertFailure = {
        sha: c.sha,
        reason: conflicts.length > 0 ? `conflict in ${conflicts.join(', ')}; the revert was aborted` : reason,
        conflicts,
        notAttempted: ordered.slice(i + 1).map((o) => o.sha),
      };
      return finish(root, { branch, previousBranch, baseSha, reverted, newCommits, alreadyUndone, failed: failure });
    }
    if (signal?.aborted && i < ordered.length - 1) {
      const failure: RevertFailure = {
        sha: ordered[i + 1].sha,
        reason: 'cancelled before this revert started',
        conflicts: [],
        notAttempted: ordered.slice(i + 2).map((o) => o.sha),
      };
      return finish(root, { branch, previousBranch, baseSha, reverted, newCommits, alreadyUndone, failed: failure });
    }
  }
  return finish(root, { branch, previousBranch, baseSha, reverted, newCommits, alreadyUndone });
}

/** When nothing was reverted, the empty branch is removed and HEAD goes back where it was. */
async function finish(root: string, result: RevertResult): Promise<RevertResult> {
  if (result.reverted.length > 0 || result.branch === null) return result;
  const back = result.previousBranch ?? result.baseSha;
  await runGit(root, ['switch', ...(result.previousBranch ? [] : ['--detach']), back]);
  await runGit(root, ['branch', '-D', result.branch]);
  return { ...result, branch: null };
}

/** Resolves `rev` in the repository at `root` (refusing option-like or unknown input) and describes it. */
export async function describeCommit(root: string, rev: string, signal?: AbortSignal): Promise<CommitInfo> {
  const text = rev.trim();
  if (text === '' || text.startsWith('-') || /\s/.test(text)) throw new GitError(`"${rev}" is not a commit.`, 'refused');
  let out: string;
  try {
    out = await git(root, ['log', '-1', '--no-walk', '--format=%H%x1f%P%x1f%ct%x1f%s', '--end-of-options', `${text}^{commit}`], { signal });
  } catch (e) {
    if (e instanceof GitError && e.kind === 'failed') throw new GitError(`Unknown commit "${rev}" in ${root}. Nothing was changed.`, 'refused', e.args, e.stderr, e.exitCode);
    throw e;
  }
  const [sha, parentText, ct, ...subject] = out.replace(/\n$/, '').split('\x1f');
  const parents = parentText.split(' ').filter((p) => p !== '');
  const base = parents.length > 0 ? [parents[0], sha] : ['--root', sha];
  const files = (await git(root, ['diff-tree', '-r', '-z', '--no-commit-id', '--name-only', '--no-renames', ...base], { signal }))
    .split('\0')
    .filter((p) => p !== '');
  return { sha, parents, subject: subject.join('\x1f'), committedAt: Number(ct), files };
}

async function isAncestor(root: string, ancestor: string, of: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await runGit(root, ['merge-base', '--is-ancestor', ancestor, of], { signal });
    return true;
  } catch (e) {
    if (e instanceof GitError && e.kind === 'failed' && e.exitCode === 1) return false;
    throw e;
  }
}

/** Orders commits so that a descendant always comes before its ancestors; unrelated ones by commit time, newest first. */
async function newestFirst(root: string, commits: CommitInfo[], signal?: AbortSignal): Promise<CommitInfo[]> {
  const n = commits.length;
  const anc: boolean[][] = commits.map(() => new Array<boolean>(n).fill(false));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j) anc[i][j] = await isAncestor(root, commits[i].sha, commits[j].sha, signal);
    }
  }
  const remaining = new Set(commits.map((_, i) => i));
  const out: CommitInfo[] = [];
  while (remaining.size > 0) {
    // A commit with no remaining descendant goes next; the newest of those first.
    const ready = [...remaining].filter((i) => ![...remaining].some((j) => j !== i && anc[i][j]));
    ready.sort((a, b) => commits[b].committedAt - commits[a].committedAt);
    const next = ready[0];
    out.push(commits[next]);
    remaining.delete(next);
  }
  return out;
}

/** An empty revert leaves its message in MERGE_MSG, which the next `git commit` would offer: remove it. */
async function removeLeftoverMessage(root: string): Promise<void> {
  if ((await operationInProgress(root)) !== null) return;
  const p = (await git(root, ['rev-parse', '--git-path', 'MERGE_MSG'])).trim();
  await rm(isAbsolute(p) ? p : join(root, p), { force: true });
}

async function conflictedPaths(root: string): Promise<string[]> {
  try {
    const out = await git(root, ['diff', '--name-only', '-z', '--diff-filter=U']);
    return out.split('\0').filter((p) => p !== '');
  } catch {
    return [];
  }
}

/**
 * After a failed `git revert`: abort it when git left one in progress, then make sure HEAD is still `before`
 * and no revert is in progress. Returns the reason in words.
 */
async function cleanUpFailedRevert(root: string, before: string, error: unknown): Promise<string> {
  const reason = error instanceof GitError ? error.message : String(error);
  if ((await operationInProgress(root)) !== null) {
    await runGit(root, ['revert', '--abort']);
  }
  const head = await headSha(root);
  if (head !== before) {
    throw new GitError(
      `After a failed revert HEAD is ${head.slice(0, 12)}, not ${before.slice(0, 12)} as expected; the repository needs a look (git status). The failure was: ${reason}`,
      'failed',
    );
  }
  const left = await operationInProgress(root);
  if (left) throw new GitError(`A ${left} is still in progress after aborting the failed revert; run git ${left} --abort. The failure was: ${reason}`, 'failed');
  return reason;
}
