/**
 * A new branch with one commit of exactly the given files (a postmortem). Other uncommitted work, staged or not,
 * is never touched: it stays uncommitted, and stays staged if it was. Refusals happen before anything changes.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { git, GitError, repoRoot, runGit } from './git';
import { assertNoOperationInProgress, assertValidBranchName, branchExists, currentBranch, headSha, worktreeChanges } from './repoState';

export interface BranchCommitOptions {
  branch: string;
  /** Files to commit: relative to the repository root, or absolute paths inside it. */
  files: readonly string[];
  message: string;
  signal?: AbortSignal;
}

export interface BranchCommitResult {
  branch: string;
  /** The new commit. */
  sha: string;
  /** The branch HEAD was on before (null: detached). HEAD is now on `branch`. */
  previousBranch: string | null;
  /** The committed files, relative to the repository root. */
  files: string[];
}

/** Creates `branch` from HEAD, switches to it and commits only `files`. */
export async function createBranchAndCommit(repo: string, opts: BranchCommitOptions): Promise<BranchCommitResult> {
  const { signal } = opts;
  if (opts.files.length === 0) throw new GitError('No files to commit were given.', 'refused');
  if (opts.message.trim() === '') throw new GitError('The commit message is empty.', 'refused');
  const root = await repoRoot(repo, signal);
  const files = opts.files.map((f) => toRepoPath(root, repo, f));

  await assertNoOperationInProgress(root, signal);
  await assertValidBranchName(root, opts.branch, signal);
  if (await branchExists(root, opts.branch, signal)) {
    throw new GitError(`Branch ${opts.branch} already exists; choose another name. Nothing was changed.`, 'refused');
  }
  await headSha(root, signal);
  const previousBranch = await currentBranch(root, signal);

  const changes = await worktreeChanges(root, signal);
  const unmerged = changes.filter((c) => c.unmerged);
  if (unmerged.length > 0) {
    throw new GitError(`Refusing: the repository has unresolved conflicts (${unmerged.map((c) => c.path).join(', ')}). Resolve them first. Nothing was changed.`, 'refused');
  }
  const byPath = new Map(changes.map((c) => [c.path, c]));
  for (const f of files) {
    const c = byPath.get(f);
    if (!c) {
      const tracked = (await git(root, ['ls-files', '-z', '--', `:(literal)${f}`], { signal })) !== '';
      throw new GitError(
        tracked ? `${f} has no changes to commit. Nothing was changed.` : `${f} does not exist or is ignored by git (.gitignore); it cannot be committed. Nothing was changed.`,
        'refused',
      );
    }
    if (c.staged && c.unstaged && !c.untracked) {
      throw new GitError(
        `Refusing: ${f} has staged changes and different unstaged changes; it is unclear which version to commit. Stage or undo one of them first. Nothing was changed.`,
        'refused',
      );
    }
    if (c.origPath !== undefined) {
      throw new GitError(`Refusing: ${f} is part of a staged rename from ${c.origPath}; commit or undo that rename first. Nothing was changed.`, 'refused');
    }
  }

  const addedByUs = files.filter((f) => !byPath.get(f)?.staged);
  await runGit(root, ['switch', '--no-guess', '-c', opts.branch], { signal });
  const literal = files.map((f) => `:(literal)${f}`);
  try {
    await runGit(root, ['add', '--', ...literal]);
    // --only with paths: commit exactly these, whatever else is staged, and leave the rest of the index as it was.
    await runGit(root, ['commit', '--quiet', '--only', '-m', opts.message, '--', ...literal]);
  } catch (e) {
    await undoBranch(root, opts.branch, previousBranch, addedByUs);
    if (e instanceof GitError && /tell me who you are|user\.email|user\.name/i.test(e.stderr)) {
      throw new GitError('git does not know who you are: set user.name and user.email (git config user.name "…"; git config user.email "…") and try again. Nothing was committed.', 'refused', e.args, e.stderr, e.exitCode);
    }
    throw e;
  }
  const sha = await headSha(root);
  return { branch: opts.branch, sha, previousBranch, files };
}

/** After a failed commit: unstage what we staged, go back to the previous branch and delete the new one. */
async function undoBranch(root: string, branch: string, previousBranch: string | null, addedByUs: string[]): Promise<void> {
  try {
    if (addedByUs.length > 0) await runGit(root, ['reset', '--quiet', '--', ...addedByUs.map((f) => `:(literal)${f}`)]);
    if (previousBranch) await runGit(root, ['switch', previousBranch]);
    else await runGit(root, ['switch', '--detach', 'HEAD']);
    await runGit(root, ['branch', '-D', branch]);
  } catch {
    /* best effort: the original error is what the engineer needs to see */
  }
}

/** A path relative to the repository root, refusing anything outside it. */
function toRepoPath(root: string, repo: string, file: string): string {
  const abs = isAbsolute(file) ? file : resolve(repo, file);
  let real = abs;
  try {
    real = realpathSync(abs);
  } catch {
    /* a missing file is reported later, with its name */
  }
  const rel = relative(realpathSync(root), real);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new GitError(`${file} is not inside the repository ${root}.`, 'refused');
  return rel.split(sep).join('/');
}
