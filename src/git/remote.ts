/**
 * Remotes. `push` publishes a branch; callers only call it after the engineer said yes.
 */
import { git, GitError, repoRoot, runGit } from './git';

/** The names of the configured remotes. */
export async function listRemotes(repo: string, signal?: AbortSignal): Promise<string[]> {
  const out = await git(repo, ['remote'], { signal });
  return out.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

export async function hasRemote(repo: string, signal?: AbortSignal): Promise<boolean> {
  return (await listRemotes(repo, signal)).length > 0;
}

export interface PushOptions {
  /** Remote name (default: origin, or the only remote there is). */
  remote?: string;
  signal?: AbortSignal;
  /** Default 120,000 ms. */
  timeoutMs?: number;
}

/** Pushes `branch` to the remote and sets it as upstream. Returns the remote used. */
export async function push(repo: string, branch: string, opts: PushOptions = {}): Promise<{ remote: string }> {
  const root = await repoRoot(repo, opts.signal);
  const remotes = await listRemotes(root, opts.signal);
  const remote = opts.remote ?? (remotes.includes('origin') ? 'origin' : remotes.length === 1 ? remotes[0] : undefined);
  if (!remote) {
    throw new GitError(
      remotes.length === 0 ? `${root} has no remote to push to; add one (git remote add origin URL).` : `Several remotes (${remotes.join(', ')}) and none is origin: say which one to push to.`,
      'refused',
    );
  }
  if (!remotes.includes(remote)) throw new GitError(`There is no remote called ${remote} (remotes: ${remotes.join(', ') || 'none'}).`, 'refused');
  if (branch.startsWith('-') || remote.startsWith('-')) throw new GitError(`"${branch}" is not a branch name.`, 'refused');
  await runGit(root, ['push', '--porcelain', '--set-upstream', remote, `refs/heads/${branch}:refs/heads/${branch}`], {
    signal: opts.signal,
    timeoutMs: opts.timeoutMs ?? 120_000,
  });
  return { remote };
}
