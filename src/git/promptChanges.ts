/**
 * Recent prompt changes: the commits in a time window that touch prompt files, newest first, with their diff.
 * Paths are git pathspecs with `:(glob)` magic, so `prompts/**` and `**\/*.prompt` match at any depth.
 * A merge commit is listed when its diff against its FIRST parent touches prompts, and its diff is that one.
 */
import { git, GitError, repoRoot } from './git';

export const DEFAULT_PROMPT_PATHS: readonly string[] = ['prompts/**', '**/*.prompt', '**/*.prompt.*'];

/** Largest diff kept per commit; a longer one is cut and says so. */
export const MAX_DIFF_CHARS = 256 * 1024;

export interface PromptChange {
  sha: string;
  parents: string[];
  /** "Name <email>". */
  author: string;
  /** Author date, ISO 8601 with offset as git prints it (%aI). */
  date: string;
  /** Committer date (%cI): the one the time window filters on. */
  committedAt: string;
  subject: string;
  /** Prompt files the commit changes (against its first parent). */
  files: string[];
  /** Other files the same commit changes: reverting it reverts these too. */
  otherFiles: string[];
  isMerge: boolean;
  /** Unified diff of the prompt files against the first parent (cut at MAX_DIFF_CHARS). */
  diff: string;
  diffTruncated: boolean;
}

export interface FindPromptChangesOptions {
  /** Start of the window: a Date, an ISO time, or a duration back from now such as 24h, 90m, 2d. */
  since: Date | string;
  until?: Date | string;
  /** Pathspecs relative to the repository root (default DEFAULT_PROMPT_PATHS). */
  paths?: readonly string[];
  /** The history to search (default HEAD). */
  rev?: string;
  signal?: AbortSignal;
  /** "Now" for relative times (tests). */
  now?: Date;
}

/** Commits touching prompt files in the window, newest first. */
export async function findPromptChanges(repo: string, opts: FindPromptChangesOptions): Promise<PromptChange[]> {
  const now = opts.now ?? new Date();
  const since = parseTimeArg(opts.since, now, 'since');
  const until = opts.until === undefined ? undefined : parseTimeArg(opts.until, now, 'until');
  if (until && until.getTime() < since.getTime()) {
    throw new GitError(`The window is empty: until (${until.toISOString()}) is before since (${since.toISOString()}).`, 'refused');
  }
  const rev = opts.rev ?? 'HEAD';
  if (rev.startsWith('-')) throw new GitError(`"${rev}" is not a revision.`, 'refused');
  const specs = toPathspecs(opts.paths ?? DEFAULT_PROMPT_PATHS);
  const root = await repoRoot(repo, opts.signal);

  const args = [
    'log',
    '-z',
    '--name-only',
    '--full-history',
    '--diff-merges=first-parent',
    '--no-renames',
    `--format=%x1e%H%x1f%P%x1f%an <%ae>%x1f%aI%x1f%cI%x1f%s`,
    `--since=${since.toISOString()}`,
    ...(until ? [`--until=${until.toISOString()}`] : []),
    rev,
    '--',
    ...specs,
  ];
  const out = await git(root, args, { signal: opts.signal });
  const commits = parseLog(out).filter((c) => c.files.length > 0);

  const result: PromptChange[] = [];
  for (const c of commits) {
    const base = c.parents.length > 0 ? [c.parents[0], c.sha] : ['--root', c.sha];
    const all = await git(root, ['diff-tree', '-r', '-z', '--no-commit-id', '--name-only', '--no-renames', ...base], { signal: opts.signal });
    const prompt = new Set(c.files);
    const otherFiles = all.split('\0').filter((p) => p !== '' && !prompt.has(p));
    let diff = await git(root, ['diff-tree', '-p', '-r', '--no-commit-id', '--no-color', '--no-renames', '--no-ext-diff', '--no-textconv', ...base, '--', ...specs], { signal: opts.signal });
    const diffTruncated = diff.length > MAX_DIFF_CHARS;
    if (diffTruncated) diff = `${diff.slice(0, MAX_DIFF_CHARS)}\n… diff cut at ${MAX_DIFF_CHARS} characters (git show ${c.sha.slice(0, 12)} for all of it)\n`;
    result.push({ ...c, otherFiles, diff, diffTruncated });
  }
  return result;
}

type LogCommit = Omit<PromptChange, 'otherFiles' | 'diff' | 'diffTruncated'>;

/** Parses `git log -z --name-only --format=%x1e%H%x1f%P%x1f...`. */
export function parseLog(out: string): LogCommit[] {
  const records = splitRecords(out);
  const commits: LogCommit[] = [];
  for (const rec of records) {
    const nul = rec.indexOf('\0');
    const header = nul < 0 ? rec : rec.slice(0, nul);
    const rest = nul < 0 ? '' : rec.slice(nul + 1);
    const [sha, parentText, author, date, committedAt, ...subjectParts] = header.split(US);
    const parents = (parentText ?? '').split(' ').filter((p) => p !== '');
    const files = rest.replace(/^\n/, '').split('\0').filter((p) => p !== '' && p !== '\n');
    commits.push({
      sha,
      parents,
      author: author ?? '',
      date: date ?? '',
      committedAt: committedAt ?? '',
      subject: subjectParts.join(US),
      files,
      isMerge: parents.length > 1,
    });
  }
  return commits;
}

const RS = '\x1e';
const US = '\x1f';
const SHA = /^[0-9a-f]{40,64}$/;

/** Splits at each RS that starts a record (RS, a full sha, US); an RS inside a subject does not split. */
function splitRecords(out: string): string[] {
  const records: string[] = [];
  let start = -1;
  let at = out.indexOf(RS);
  while (at >= 0) {
    const us = out.indexOf(US, at + 1);
    if (us > 0 && SHA.test(out.slice(at + 1, us))) {
      if (start >= 0) records.push(out.slice(start, at));
      start = at + 1;
    }
    at = out.indexOf(RS, at + 1);
  }
  if (start >= 0) records.push(out.slice(start));
  return records;
}

/** Adds `:(glob)` magic to each path that has no magic of its own; refuses anything that looks like an option. */
export function toPathspecs(paths: readonly string[]): string[] {
  const cleaned = paths.map((p) => p.trim()).filter((p) => p !== '');
  if (cleaned.length === 0) throw new GitError('No prompt paths given: pass at least one path pattern such as prompts/**.', 'refused');
  return cleaned.map((p) => {
    if (p.startsWith(':')) return p;
    if (p.startsWith('-')) throw new GitError(`"${p}" is not a path pattern.`, 'refused');
    return `:(glob)${p.replace(/^\.\/+/, '').replace(/^\/+/, '')}`;
  });
}

const RELATIVE = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/i;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** A Date, an ISO/RFC 3339 time, a date (YYYY-MM-DD, UTC) or a duration back from `now` (30m, 24h, 2d, 1w). */
export function parseTimeArg(value: Date | string, now: Date, name = 'time'): Date {
  if (value instanceof Date) {
    if (!Number.isFinite(value.getTime())) throw new GitError(`The ${name} time is not a valid date.`, 'refused');
    return value;
  }
  const text = value.trim();
  const rel = RELATIVE.exec(text);
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNIT_MS[rel[2].toLowerCase()]);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const d = new Date(`${text}T00:00:00Z`);
    if (Number.isFinite(d.getTime())) return d;
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) {
    const d = new Date(text.replace(' ', 'T'));
    if (Number.isFinite(d.getTime())) return d;
  }
  throw new GitError(`"${value}" is not a time for ${name}: use an ISO time (2024-05-01T10:00:00Z), a date (2024-05-01) or a duration back from now (30m, 24h, 2d).`, 'refused');
}
