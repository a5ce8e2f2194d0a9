// `oncall prompts changes | revert` against a real git repository.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../../src/cli/dispatch';
import { commands } from '../../src/cli/commands/index';
import type { CliIo } from '../../src/cli/command';
import { readIncidentLog } from '../../src/incidents/incidentLog';
import { TestRepo } from '../unit/git/repoFixture';

function io(opts: { interactive?: boolean; answer?: string } = {}): CliIo & { stdout: string[]; stderr: string[]; asked: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const asked: string[] = [];
  return {
    stdout, stderr, asked,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    interactive: opts.interactive ?? false,
    ask: async (q) => {
      asked.push(q);
      return opts.answer ?? '';
    },
    signal: new AbortController().signal,
  };
}

describe('oncall prompts', () => {
  const repo = TestRepo.create('prompts-cli');
  after(() => repo.remove());
  repo.commit('base', '2024-05-01T08:00:00Z', { 'prompts/system.txt': 's1\n', 'app.py': 'a\n' });
  const p1 = repo.commit('system prompt v2', '2024-05-01T10:00:00Z', { 'prompts/system.txt': 's2\n' });
  repo.commit('app', '2024-05-01T11:00:00Z', { 'app.py': 'b\n' });
  const p2 = repo.commit('agent prompt', '2024-05-01T12:00:00Z', { 'agents/x.prompt': 'x\n' });

  test('changes --json lists the prompt commits of the window', async () => {
    const c = io();
    assert.equal(await runCli(['prompts', 'changes', '--repo', repo.dir, '--since', '2024-05-01T09:00:00Z', '--json'], c, commands), 0);
    const list = JSON.parse(c.stdout.join('\n')) as { sha: string; files: string[] }[];
    assert.deepEqual(list.map((x) => x.sha), [p2, p1]);
    const narrow = io();
    assert.equal(await runCli(['prompts', 'changes', '--repo', repo.dir, '--since', '2024-05-01T09:00:00Z', '--paths', 'prompts/**', '--json'], narrow, commands), 0);
    assert.deepEqual((JSON.parse(narrow.stdout.join('\n')) as { sha: string }[]).map((x) => x.sha), [p1]);
    const text = io();
    assert.equal(await runCli(['prompts', 'changes', '--repo', repo.dir, '--since', '2024-05-01T09:00:00Z', '--diff'], text, commands), 0);
    assert.match(text.stdout.join('\n'), /2 commits touching prompts\./);
    assert.match(text.stdout.join('\n'), /^\+s2$/m);
  });

  test('revert without a terminal and without --yes changes nothing', async () => {
    const head = repo.head();
    const c = io();
    assert.equal(await runCli(['prompts', 'revert', p1, '--repo', repo.dir], c, commands), 2);
    assert.match(c.stderr.join('\n'), /pass --yes/);
    assert.equal(repo.head(), head);
    assert.deepEqual(repo.branches(), ['refs/heads/main']);
  });

  test('on a terminal it asks; "n" changes nothing', async () => {
    const c = io({ interactive: true, answer: 'n' });
    assert.equal(await runCli(['prompts', 'revert', p1, '--repo', repo.dir], c, commands), 0);
    assert.equal(c.asked.length, 1);
    assert.match(c.stdout.join('\n'), /system prompt v2/);
    assert.match(c.stdout.join('\n'), /Nothing was changed\./);
    assert.deepEqual(repo.branches(), ['refs/heads/main']);
  });

  test('a refusal (uncommitted edit of a touched file) exits 2 and changes nothing', async () => {
    repo.write('prompts/system.txt', 'edited\n');
    const c = io();
    assert.equal(await runCli(['prompts', 'revert', p1, '--repo', repo.dir, '--yes'], c, commands), 2);
    assert.match(c.stderr.join('\n'), /prompts\/system\.txt/);
    assert.equal(repo.read('prompts/system.txt'), 'edited\n');
    assert.deepEqual(repo.branches(), ['refs/heads/main']);
    repo.git(['checkout', '--', 'prompts/system.txt']);
  });

  test('--yes reverts both on a new branch and records a git-revert event in the incident log', async () => {
    const log = join(repo.dir, '.oncall', 'incidents', 'x.jsonl');
    const c = io();
    assert.equal(await runCli(['prompts', 'revert', p1, p2, '--repo', repo.dir, '--yes', '--branch', 'revert/prompts', '--incident', log], c, commands), 0, c.stderr.join('\n'));
    assert.equal(repo.branch(), 'revert/prompts');
    assert.equal(repo.read('prompts/system.txt'), 's1\n');
    assert.equal(repo.exists('agents/x.prompt'), false);
    const events = (await readIncidentLog(log)).events;
    assert.equal(events.length, 1);
    const e = events[0];
    assert.equal(e.type, 'git-revert');
    if (e.type === 'git-revert') {
      assert.deepEqual(e.reverted, [p2, p1]);
      assert.equal(e.branch, 'revert/prompts');
      assert.equal(e.who, 'Test Author');
      assert.equal(e.newCommits.length, 2);
      assert.equal(e.newCommits[1], repo.head());
    }
  });
});

describe('oncall prompts revert: a merge commit', () => {
  const repo = TestRepo.create('prompts-cli-merge');
  after(() => repo.remove());
  repo.commit('base', '2024-05-01T08:00:00Z', { 'prompts/p.txt': 'line1\n', 'app.txt': 'a\n' });
  repo.git(['switch', '--quiet', '-c', 'side']);
  repo.commit('side: extend prompt', '2024-05-01T09:00:00Z', { 'prompts/p.txt': 'line1\nline2\n' });
  repo.git(['switch', '--quiet', 'main']);
  repo.commit('main: app change', '2024-05-01T09:30:00Z', { 'app.txt': 'b\n' });
  repo.git(['merge', '--quiet', '--no-ff', '-m', 'merge side', 'side'], '2024-05-01T10:00:00Z');
  const merge = repo.head();

  test('the confirmation marks it [merge]; without --allow-merge it is refused (exit 2), nothing changes', async () => {
    const asked = io({ interactive: true, answer: 'n' });
    assert.equal(await runCli(['prompts', 'revert', merge, '--repo', repo.dir, '--allow-merge'], asked, commands), 0);
    assert.match(asked.stdout.join('\n'), new RegExp(`${merge.slice(0, 12)} {2}merge side {2}\\[merge\\]`));
    assert.deepEqual(asked.asked, ['Proceed? [y/N] ']);
    assert.match(asked.stdout.join('\n'), /Nothing was changed\./);
    const c = io();
    assert.equal(await runCli(['prompts', 'revert', merge, '--repo', repo.dir, '--yes'], c, commands), 2);
    assert.match(c.stderr.join('\n'), /merge commit/);
    assert.equal(repo.head(), merge);
    assert.deepEqual(repo.branches(), ['refs/heads/main', 'refs/heads/side']);
  });

  test('with --allow-merge it is reverted against its first parent (-m 1) on a new branch', async () => {
    const c = io();
    assert.equal(await runCli(['prompts', 'revert', merge, '--repo', repo.dir, '--yes', '--allow-merge', '--branch', 'revert/merge-side'], c, commands), 0, c.stderr.join('\n'));
    assert.equal(repo.branch(), 'revert/merge-side');
    assert.equal(repo.read('prompts/p.txt'), 'line1\n', 'the side branch change is undone');
    assert.equal(repo.read('app.txt'), 'b\n', 'the first parent side is kept');
    assert.equal(repo.git(['rev-parse', 'HEAD^']).trim(), merge);
    assert.equal(repo.status(), '');
  });
});
