/**
 * What state a repository is in before we change it: the branch, HEAD, an operation in progress
 * (revert, cherry-pick, merge, rebase, am, bisect) and the uncommitted changes (`git status --porcelain=v2 -z`).
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { git, gitSucceeds, GitError } from './git';

export type GitOperation = 'revert' | 'cherry-pick' | 'merge' | 'rebase' | 'am' | 'bisect';

/** Marker files in the git dir, and the operation each one means. `sequencer` is a multi-commit revert or cherry-pick. */
const MARKERS: [string, GitOperation][] = [
  ['REVERT_HEAD', 'revert'],
  ['CHERRY_PICK_HEAD', 'cherry-pick'],
  ['sequencer', 'revert'],
  ['MERGE_HEAD', 'merge'],
  ['rebase-merge', 'rebase'],
  ['rebase-apply', 'rebase'],
  ['BISECT_LOG', 'bisect'],
];

/** The operation in progress (a revert, merge, rebase...), or null when there is none. */
export async function operationInProgress(root: string, signal?: AbortSignal): Promise<GitOperation | null> {
  const args = ['rev-parse', ...MARKERS.flatMap(([name]) => ['--git-path', name])];
  const paths = (await git(root, args, { signal })).split('\n').filter((l) => l !== '');
  for (let i = 0; i < MARKERS.length && i < paths.length; i++) {
    const p = isAbsolute(paths[i]) ? paths[i] : join(root, paths[i]);
    if (!existsSync(p)) continue;
    const [name, op] = MARKERS[i];
    // rebase-apply is also left by `git am`.
    if (name === 'rebase-apply' && existsSync(join(p, 'applying'))) return 'am';
    return op;
  }
  return null;
}

/** Throws a refusal when an operation is in progress: we never start on top of a half-finished one. */
export async function assertNoOperationInProgress(root: string, signal?: AbortSignal): Promise<void> {
  const op = await operationInProgress(root, signal);
  if (op) {
    const finish = op === 'bisect' ? '`git bisect reset`' : `\`git ${op} --continue\` or \`git ${op} --abort\``;
    throw new GitError(`A ${op} is already in progress in ${root}. Finish it (${finish}) and try again; nothing was changed.`, 'refused');
  }
}

/** The current branch name, or null on a detached HEAD. */
export async function currentBranch(root: string, signal?: AbortSignal): Promise<string | null> {
  try {
    const out = await git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { signal });
    return out.trim() || null;
  } catch (e) {
    if (e instanceof GitError && e.kind === 'failed') return null;
    throw e;
  }
}

/** The full sha of HEAD; a refusal for a repository without commits. */
export async function headSha(root: string, signal?: AbortSignal): Promise<string> {
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { signal })).trim();
  } catch (e) {
    if (e instanceof GitError && e.kind === 'failed') throw new GitError(`${root} has no commits yet.`, 'refused', e.args, e.stderr, e.exitCode);
    throw e;
  }
}

export async function branchExists(root: string, name: string, signal?: AbortSignal): Promise<boolean> {
  return gitSucceeds(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${name}`], { signal });
}

/** Refuses a branch name git would not accept (and anything that looks like an option). */
export async function assertValidBranchName(root: string, name: string, signal?: AbortSignal): Promise<void> {
  const ok = name !== '' && !name.startsWith('-') && (await gitSucceeds(root, ['check-ref-format', '--branch', name], { signal }));
  if (!ok) throw new GitError(`"${name}" is not a valid branch name.`, 'refused');
}

export interface WorktreeChange {
  path: string;
  /** For a rename or copy: the path it came from. */
  origPath?: string;
  /** Changed in the index compared with HEAD. */
  staged: boolean;
  /** Changed in the work tree compared with the index. */
  unstaged: boolean;
  untracked: boolean;
  /** Has conflict entries. */
  unmerged: boolean;
}

/** Every uncommitted change (staged, unstaged, untracked, unmerged), from `git status --porcelain=v2 -z`. */
export async function worktreeChanges(root: string, signal?: AbortSignal): Promise<WorktreeChange[]> {
  const out = await git(root, ['status', '--porcelain=v2', '-z', '--untracked-files=all', '--ignore-submodules=none'], { signal });
  return parsePorcelainV2(out);
}

/** Parses `git status --porcelain=v2 -z` output (header lines, if any, are skipped). */
export function parsePorcelainV2(out: string): WorktreeChange[] {
  const fields = out.split('\0');
  const changes: WorktreeChange[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f === '' || f.startsWith('#')) continue;
    const kind = f[0];
    if (kind === '?') {
      changes.push({ path: f.slice(2), staged: false, unstaged: true, untracked: true, unmerged: false });
    } else if (kind === '1' || kind === '2' || kind === 'u') {
      // 1 XY sub mH mI mW hH hI path | 2 XY sub mH mI mW hH hI Xscore path \0 origPath | u XY sub m1 m2 m3 mW h1 h2 h3 path
      const skip = kind === '1' ? 8 : kind === '2' ? 9 : 10;
      const parts = f.split(' ');
      const xy = parts[1] ?? '..';
      const path = parts.slice(skip).join(' ');
      const change: WorktreeChange = {
        path,
        staged: xy[0] !== '.',
        unstaged: xy[1] !== '.',
        untracked: false,
        unmerged: kind === 'u',
      };
      if (kind === '2') change.origPath = fields[++i];
      changes.push(change);
    }
    // '!' (ignored) entries are not requested and not changes.
  }
  return changes;
}

/** The paths of the changes that touch any of `paths` (a rename counts for both its names). */
export function changesTouching(changes: WorktreeChange[], paths: Iterable<string>): WorktreeChange[] {
  const wanted = new Set(paths);
  return changes.filter((c) => wanted.has(c.path) || (c.origPath !== undefined && wanted.has(c.origPath)));
}
