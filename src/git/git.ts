/**
 * The one way the core runs git: `execFile('git', args, { cwd })`, never a shell, never an interpolated command line.
 * Output is made parsable (LC_ALL=C), git never prompts (GIT_TERMINAL_PROMPT=0), and every failure becomes a
 * GitError that carries git's own stderr, with any credentials in URLs removed.
 */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { OnCallError } from '../common/errors';

export type GitErrorKind =
  | 'not-installed' // no git executable on PATH
  | 'not-a-repo' // the folder is not inside a git work tree
  | 'failed' // git ran and exited non-zero
  | 'timeout' // git did not finish within the time limit
  | 'cancelled' // the caller aborted
  | 'refused'; // we refused before changing anything (dirty files, operation in progress, bad input)

export class GitError extends OnCallError {
  constructor(
    message: string,
    readonly kind: GitErrorKind,
    /** The git arguments (never contains a credential: callers do not pass any). */
    readonly args: readonly string[] = [],
    /** git's stderr (its stdout when stderr was empty), credentials in URLs removed. */
    readonly stderr = '',
    readonly exitCode: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isGitError(e: unknown): e is GitError {
  return e instanceof GitError;
}

export interface GitRunOptions {
  signal?: AbortSignal;
  /** Milliseconds before git is killed (default 60,000). */
  timeoutMs?: number;
  /** Extra environment variables (merged over the process environment and our fixed ones). */
  env?: Record<string, string>;
  /** Largest stdout accepted, in bytes (default 64 MiB). */
  maxBuffer?: number;
}

export interface GitOutput {
  stdout: string;
  stderr: string;
}

export const GIT_DEFAULT_TIMEOUT_MS = 60_000;

/** The environment every git call gets: no prompts, C locale, no pager, no editor. */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    LANG: 'C',
    GIT_PAGER: 'cat',
    GIT_EDITOR: 'true',
    GIT_MERGE_AUTOEDIT: 'no',
    ...(process.env.GIT_SSH_COMMAND ? {} : { GIT_SSH_COMMAND: 'ssh -o BatchMode=yes' }),
    ...extra,
  };
}

/** Removes user:password@ from URLs (push errors quote remote URLs). */
export function stripUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]{0,31}:\/\/)[^/@\s]{1,512}@/gi, '$1***@');
}

/** Runs git in `cwd` and returns its output; throws GitError on any failure. */
export function runGit(cwd: string, args: readonly string[], opts: GitRunOptions = {}): Promise<GitOutput> {
  const label = `git ${args.slice(0, 2).join(' ')}`;
  if (opts.signal?.aborted) return Promise.reject(new GitError(`${label}: cancelled.`, 'cancelled', args));
  // spawn reports a missing cwd as ENOENT, exactly like a missing git: tell them apart first.
  if (!isDirectory(cwd)) return Promise.reject(new GitError(`The folder ${cwd} does not exist.`, 'not-a-repo', args));
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      {
        cwd,
        env: gitEnv(opts.env),
        timeout: opts.timeoutMs ?? GIT_DEFAULT_TIMEOUT_MS,
        maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024,
        signal: opts.signal,
        encoding: 'utf8',
        windowsHide: true,
      },
      (err, stdout, stderr) => {
        if (!err) {
          resolve({ stdout, stderr });
          return;
        }
        const e = err as NodeJS.ErrnoException & { code?: string | number; killed?: boolean; signal?: string | null };
        // Some failures are explained on stdout only (git revert: "nothing to commit").
        const cleanErr = stripUrlCredentials(String(stderr ?? '').trim() || String(stdout ?? '').trim());
        if (opts.signal?.aborted || e.name === 'AbortError') {
          reject(new GitError(`${label}: cancelled.`, 'cancelled', args, cleanErr, null, { cause: err }));
        } else if (e.code === 'ENOENT') {
          reject(new GitError('git is not installed or not on PATH. Install git and try again.', 'not-installed', args, '', null, { cause: err }));
        } else if (e.killed && e.signal === 'SIGTERM') {
          const secs = ((opts.timeoutMs ?? GIT_DEFAULT_TIMEOUT_MS) / 1000).toFixed(0);
          reject(new GitError(`${label} did not finish within ${secs} s in ${cwd}.`, 'timeout', args, cleanErr, null, { cause: err }));
        } else if (/not a git repository/i.test(cleanErr)) {
          reject(new GitError(`${cwd} is not inside a git repository.`, 'not-a-repo', args, cleanErr, numericCode(e.code), { cause: err }));
        } else {
          const code = numericCode(e.code);
          reject(new GitError(`${label} failed${code === null ? '' : ` (exit ${code})`}: ${firstLines(cleanErr) || 'no message'}`, 'failed', args, cleanErr, code, { cause: err }));
        }
      },
    );
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function numericCode(code: unknown): number | null {
  return typeof code === 'number' ? code : null;
}

function firstLines(text: string, n = 6): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.slice(0, n).join(' | ') + (lines.length > n ? ' | …' : '');
}

/** Runs git and returns stdout; a convenience for read-only queries. */
export async function git(cwd: string, args: readonly string[], opts: GitRunOptions = {}): Promise<string> {
  return (await runGit(cwd, args, opts)).stdout;
}

/** Runs git and reports success as a boolean (exit 0) instead of throwing for a non-zero exit. */
export async function gitSucceeds(cwd: string, args: readonly string[], opts: GitRunOptions = {}): Promise<boolean> {
  try {
    await runGit(cwd, args, opts);
    return true;
  } catch (e) {
    if (e instanceof GitError && e.kind === 'failed') return false;
    throw e;
  }
}

/** The top folder of the work tree that contains `dir`. */
export async function repoRoot(dir: string, signal?: AbortSignal): Promise<string> {
  const out = await git(dir, ['rev-parse', '--show-toplevel'], { signal });
  const top = out.trim();
  if (!top) throw new GitError(`${dir} is not inside a git work tree (a bare repository?).`, 'not-a-repo', ['rev-parse', '--show-toplevel']);
  return top;
}
