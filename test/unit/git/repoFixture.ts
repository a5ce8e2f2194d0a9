/**
 * Real git repositories for tests, built in temp folders: local user.name/email, fixed author and committer
 * dates, no global or system configuration. Git runs through execFileSync, never a shell.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Keep the machine's global and system git configuration out of every test (the code under test inherits this). */
export function isolateGitConfig(): void {
  process.env.GIT_CONFIG_GLOBAL = '/dev/null';
  process.env.GIT_CONFIG_NOSYSTEM = '1';
}

export class TestRepo {
  private constructor(readonly dir: string) {}

  static create(prefix = 'git'): TestRepo {
    isolateGitConfig();
    const dir = mkdtempSync(join(tmpdir(), `oncall-${prefix}-`));
    const repo = new TestRepo(dir);
    repo.git(['init', '--quiet', '--initial-branch=main']);
    repo.git(['config', 'user.name', 'Test Author']);
    repo.git(['config', 'user.email', 'author@example.test']);
    repo.git(['config', 'commit.gpgsign', 'false']);
    repo.git(['config', 'core.autocrlf', 'false']);
    return repo;
  }

  /** Runs git in the repository; `date` (ISO) fixes both author and committer dates. */
  git(args: string[], date?: string): string {
    const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
    if (date) {
      // ISO in, git's internal "@<unix seconds> <offset>" out: exact and unambiguous.
      const ms = Date.parse(date);
      if (!Number.isFinite(ms)) throw new Error(`bad test date ${date}`);
      env.GIT_AUTHOR_DATE = env.GIT_COMMITTER_DATE = `@${Math.round(ms / 1000)} +0000`;
    }
    return execFileSync('git', args, { cwd: this.dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  write(path: string, content: string): void {
    const abs = join(this.dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  exists(path: string): boolean {
    return existsSync(join(this.dir, path));
  }

  /** Writes `files`, stages them and commits at `date`; returns the new sha. */
  commit(message: string, date: string, files: Record<string, string>): string {
    for (const [p, c] of Object.entries(files)) this.write(p, c);
    this.git(['add', '--', ...Object.keys(files)]);
    this.git(['commit', '--quiet', '-m', message], date);
    return this.head();
  }

  head(): string {
    return this.git(['rev-parse', 'HEAD']).trim();
  }

  branch(): string {
    return this.git(['symbolic-ref', '--short', 'HEAD']).trim();
  }

  branches(): string[] {
    return this.git(['for-each-ref', '--format=%(refname)', 'refs/heads/']).split('\n').filter((l) => l !== '').sort();
  }

  status(): string {
    return this.git(['status', '--porcelain=v1', '--untracked-files=all']);
  }

  /** Path of a file in the git dir (REVERT_HEAD, sequencer...). */
  gitPath(name: string): string {
    return join(this.dir, this.git(['rev-parse', '--git-path', name]).trim());
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
