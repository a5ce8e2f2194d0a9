/**
 * The sample service repository of the demo and the end-to-end tests: the shipped runbooks, prompt templates,
 * and a prompt change made an hour before "now" (the one a quality regression should be traced to).
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { repoRoot } from './codeServer';

export const PROMPT_CHANGE_SUBJECT = 'Make answers more engaging';
export const PROMPT_FILE = 'prompts/answer.prompt.md';
export const ORIGINAL_PROMPT = 'You are a careful assistant. Answer only from the retrieved context.\nIf the context does not contain the answer, say you do not know.\n';

function git(cwd: string, args: string[], when = new Date()): void {
  const date = when.toISOString();
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Priya (ML platform)', GIT_AUTHOR_EMAIL: 'priya@example.com', GIT_COMMITTER_NAME: 'Priya (ML platform)', GIT_COMMITTER_EMAIL: 'priya@example.com', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
}

/** A small service repository: the shipped runbooks and rules, prompts, and a prompt change made an hour ago. */
export function sampleWorkspace(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'prompts'), { recursive: true });
  cpSync(join(repoRoot(), 'runbooks'), join(dir, 'runbooks'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), '# llm-platform\n\nThe AI platform services. Runbooks live in runbooks/, prompt templates in prompts/.\n');
  writeFileSync(join(dir, PROMPT_FILE), ORIGINAL_PROMPT);
  writeFileSync(join(dir, '.gitignore'), '.oncall/incidents/\n');
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.name', 'On-Call Demo']);
  git(dir, ['config', 'user.email', 'oncall-demo@example.com']);
  git(dir, ['add', '.']);
  git(dir, ['commit', '-q', '-m', 'Platform repo with runbooks and prompts'], new Date(Date.now() - 3 * 86400_000));
  writeFileSync(join(dir, PROMPT_FILE), 'You are a creative assistant. Feel free to go beyond the retrieved context\nand fill gaps with your best guess.\n');
  git(dir, ['commit', '-q', '-am', PROMPT_CHANGE_SUBJECT], new Date(Date.now() - 60 * 60_000));
}

