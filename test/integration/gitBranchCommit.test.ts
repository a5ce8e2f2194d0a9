// createBranchAndCommit, hasRemote and push against real git repositories (and a bare one as the remote).
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBranchAndCommit } from '../../src/git/branchCommit';
import { hasRemote, push } from '../../src/git/remote';
import { GitError } from '../../src/git/git';
import { TestRepo } from '../unit/git/repoFixture';

const refused = (pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof GitError, `expected a GitError, got ${String(e)}`);
  assert.equal(e.kind, 'refused');
  assert.match(e.message, pattern);
  return true;
};

describe('createBranchAndCommit', () => {
  const repo = TestRepo.create('pm-commit');
  after(() => repo.remove());
  const base = repo.commit('base', '2024-05-01T08:00:00Z', { 'notes.txt': 'notes\n', 'staged.txt': 's1\n', 'README.md': '# r\n' });

  test('commits only the postmortem; unrelated edits stay uncommitted (and staged ones stay staged)', async () => {
    repo.write('notes.txt', 'my unrelated edit\n');
    repo.write('staged.txt', 's2 staged\n');
    repo.git(['add', 'staged.txt']);
    repo.write('scratch.txt', 'untracked scratch\n');
    repo.write('postmortems/2024-05-01-token-cost.md', '# Postmortem\n');

    const result = await createBranchAndCommit(repo.dir, {
      branch: 'postmortem/2024-05-01-token-cost',
      files: ['postmortems/2024-05-01-token-cost.md'],
      message: 'Postmortem: token cost explosion',
    });
    assert.equal(result.branch, 'postmortem/2024-05-01-token-cost');
    assert.equal(result.previousBranch, 'main');
    assert.deepEqual(result.files, ['postmortems/2024-05-01-token-cost.md']);
    assert.equal(repo.head(), result.sha);
    assert.equal(repo.branch(), 'postmortem/2024-05-01-token-cost');
    assert.equal(repo.git(['rev-parse', 'HEAD^']).trim(), base);
    assert.equal(repo.git(['show', '--name-only', '--format=', result.sha]), 'postmortems/2024-05-01-token-cost.md\n');
    assert.equal(repo.git(['log', '-1', '--format=%s']).trim(), 'Postmortem: token cost explosion');
    assert.equal(repo.git(['rev-parse', 'main']).trim(), base, 'main is untouched');
    // The engineer's other work: exactly as it was.
    assert.equal(repo.read('notes.txt'), 'my unrelated edit\n');
    assert.equal(repo.read('staged.txt'), 's2 staged\n');
    assert.equal(repo.status(), ' M notes.txt\nM  staged.txt\n?? scratch.txt\n');
  });

  test('refuses an existing branch, a missing file, a partly staged file, a file outside the repo; nothing changes', async () => {
    const snap = () => ({ head: repo.head(), branch: repo.branch(), branches: repo.branches(), status: repo.status() });
    const before = snap();
    await assert.rejects(createBranchAndCommit(repo.dir, { branch: 'main', files: ['scratch.txt'], message: 'm' }), refused(/already exists/));
    await assert.rejects(createBranchAndCommit(repo.dir, { branch: 'pm/x', files: ['missing.md'], message: 'm' }), refused(/missing\.md does not exist/));
    await assert.rejects(createBranchAndCommit(repo.dir, { branch: 'pm/x', files: ['README.md'], message: 'm' }), refused(/README\.md has no changes/));
    await assert.rejects(createBranchAndCommit(repo.dir, { branch: 'pm/x', files: ['/etc/hostname'], message: 'm' }), refused(/not inside the repository/));
    await assert.rejects(createBranchAndCommit(repo.dir, { branch: 'bad..name', files: ['scratch.txt'], message: 'm' }), refused(/not a valid branch name/));
    repo.write('staged.txt', 's3 unstaged on top of the staged s2\n');
    const before2 = snap();
    await assert.rejects(createBranchAndCommit(repo.dir, { branch: 'pm/x', files: ['staged.txt'], message: 'm' }), refused(/staged changes and different unstaged changes/));
    assert.deepEqual(snap(), before2);
    repo.write('staged.txt', 's2 staged\n');
    assert.deepEqual(snap(), before);
  });

  test('a file ignored by .gitignore is refused with the reason', async () => {
    repo.write('.gitignore', 'ignored/\n');
    repo.write('ignored/pm.md', 'x\n');
    await assert.rejects(createBranchAndCommit(repo.dir, { branch: 'pm/ignored', files: ['ignored/pm.md'], message: 'm' }), refused(/ignored by git/));
    assert.equal(repo.branches().includes('refs/heads/pm/ignored'), false);
  });
});

describe('hasRemote and push', () => {
  const repo = TestRepo.create('pm-push');
  const bare = mkdtempSync(join(tmpdir(), 'oncall-bare-'));
  after(() => {
    repo.remove();
    rmSync(bare, { recursive: true, force: true });
  });
  repo.commit('base', '2024-05-01T08:00:00Z', { 'a.txt': 'a\n' });

  test('no remote: hasRemote is false and push refuses', async () => {
    assert.equal(await hasRemote(repo.dir), false);
    await assert.rejects(push(repo.dir, 'main'), refused(/no remote/));
  });

  test('pushes a branch to a real (bare) remote and sets its upstream', async () => {
    execFileSync('git', ['init', '--quiet', '--bare', bare]);
    repo.git(['remote', 'add', 'origin', bare]);
    assert.equal(await hasRemote(repo.dir), true);
    repo.git(['switch', '--quiet', '-c', 'postmortem/x']);
    const sha = repo.commit('pm', '2024-05-01T09:00:00Z', { 'pm.md': 'pm\n' });
    assert.deepEqual(await push(repo.dir, 'postmortem/x'), { remote: 'origin' });
    assert.equal(execFileSync('git', ['--git-dir', bare, 'rev-parse', 'refs/heads/postmortem/x'], { encoding: 'utf8' }).trim(), sha);
    assert.equal(repo.git(['rev-parse', '--abbrev-ref', 'postmortem/x@{upstream}']).trim(), 'origin/postmortem/x');
  });
});
