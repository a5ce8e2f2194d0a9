import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';

/** Who the engineer is: the oncall.author setting, else git's user.name, else the OS user. */
export async function resolveAuthor(configured: string, cwd: string | undefined): Promise<string> {
  if (configured.trim()) return configured.trim();
  const fromGit = await new Promise<string>((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: 3000 }, (err, stdout) => resolve(err ? '' : stdout.trim()));
  });
  if (fromGit) return fromGit;
  try {
    return userInfo().username;
  } catch {
    return 'on-call engineer';
  }
}
