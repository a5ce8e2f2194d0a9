/**
 * Where a postmortem goes: `<folder>/<YYYY-MM-DD>-<slug>.md`, and never over an existing file: the second one
 * of a day and slug gets `-2`, then `-3`...
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../common/errors';
import { slugify } from './slug';

export const DEFAULT_POSTMORTEM_FOLDER = 'postmortems';
const MAX_ATTEMPTS = 1000;

/** "YYYY-MM-DD" of a Date (UTC) or a validated date string. */
export function dateStamp(date: Date | string): string {
  if (date instanceof Date) {
    if (!Number.isFinite(date.getTime())) throw new InputError('The postmortem date is not a valid date.');
    return date.toISOString().slice(0, 10);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const d = new Date(date);
  if (!Number.isFinite(d.getTime())) throw new InputError(`"${date}" is not a date (YYYY-MM-DD).`);
  return d.toISOString().slice(0, 10);
}

/** The first free path: `<date>-<slug>.md`, else `<date>-<slug>-2.md`, `-3`... */
export function postmortemPath(folder: string, date: Date | string, slug: string, exists: (path: string) => boolean = existsSync): string {
  const base = `${dateStamp(date)}-${slugify(slug)}`;
  for (let n = 1; n <= MAX_ATTEMPTS; n++) {
    const p = join(folder, n === 1 ? `${base}.md` : `${base}-${n}.md`);
    if (!exists(p)) return p;
  }
  throw new InputError(`More than ${MAX_ATTEMPTS} postmortems named ${base} in ${folder}; choose another title.`);
}

/**
 * Writes a new postmortem file and returns its path. Uses exclusive creation, so even a file that appears between
 * the check and the write is never overwritten: the next free name is taken instead.
 */
export async function writeNewPostmortem(folder: string, date: Date | string, slug: string, markdown: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const taken = new Set<string>();
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const p = postmortemPath(folder, date, slug, (q) => taken.has(q) || existsSync(q));
    try {
      await writeFile(p, markdown, { encoding: 'utf8', flag: 'wx' });
      return p;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      taken.add(p);
    }
  }
  throw new InputError(`Could not find a free file name for ${slug} in ${folder}.`);
}
