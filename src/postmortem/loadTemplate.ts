/** The postmortem template of a repository: its `.oncall/postmortem-template.md`, else ours. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../common/errors';
import { DEFAULT_POSTMORTEM_TEMPLATE, TEMPLATE_OVERRIDE_PATH } from './defaultTemplate';

export interface LoadedTemplate {
  template: string;
  /** The file it came from, or "default". */
  source: string;
}

export async function loadPostmortemTemplate(repoDir: string): Promise<LoadedTemplate> {
  const file = join(repoDir, TEMPLATE_OVERRIDE_PATH);
  try {
    const template = await readFile(file, 'utf8');
    if (template.trim() === '') throw new InputError(`${file} is empty; delete it to use the default template, or fill it in.`);
    return { template, source: file };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { template: DEFAULT_POSTMORTEM_TEMPLATE, source: 'default' };
    if (e instanceof InputError) throw e;
    throw new InputError(`Cannot read the postmortem template ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, { cause: e });
  }
}
