// revertCommits against real git repositories: merges, conflicts, dirty work trees, operations in progress.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { revertCommits } from '../../src/git/revert';
import { GitError } from '../../src/git/git';
import { TestRepo } from '../unit/git/repoFixture';

/** Everything a refusal must leave as it was. */
function snapshot(repo: TestRepo, files: string[]) {
  return {
    head: repo.head(),
    branch: repo.branch(),
    branches: repo.branches(),
    status: repo.status(),
    files: Object.fromEntries(files.map((f) => [f, repo.exists(f) ? repo.read(f) : null])),
  };
}

function assertNoRevertInProgress(repo: TestRepo): void {
  assert.equal(existsSync(repo.gitPath('REVERT_HEAD')), false, 'no REVERT_HEAD');
  assert.equal(existsSync(repo.gitPath('sequencer')), false, 'no sequencer');
  assert.equal(existsSync(repo.gitPath('MERGE_HEAD')), false, 'no MERGE_HEAD');
}

const refused = (pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof GitError, `expected a GitError, got ${String(e)}`);
  assert.equal(e.kind, 'refused');
  assert.match(e.message, pattern);
  return true;
};

describe('revertCommits: merge commits', () => {
  const repo = TestRepo.create('revert-merge');
  after(() => repo.remove());
  repo.commit('base', '2024-05-01T08:00:00Z', { 'prompts/p.txt': 'line1\n', 'app.txt': 'a\n' });
  repo.git(['switch', '--quiet', '-c', 'side']);
  repo.commit('side: extend prompt', '2024-05-01T09:00:00Z', { 'prompts/p.txt': 'line1\nline2\n' });
  repo.git(['switch', '--quiet', 'main']);
  const m1 = repo.commit('main: app change', '2024-05-01T09:30:00Z', { 'app.txt': 'b\n' });
  repo.git(['merge', '--quiet', '--no-ff', '-m', 'merge side', 'side'], '2024-05-01T10:00:00Z');
  const merge = repo.head();

  test('a merge is refused without allowMerge, and nothing changes', async () => {
    const before = snapshot(repo, ['prompts/p.txt', 'app.txt']);
    await assert.rejects(revertCommits(repo.dir, [merge], { allowMerge: false }), refused(/merge commit .*Nothing was changed/));
    assert.deepEqual(snapshot(repo, ['prompts/p.txt', 'app.txt']), before);
  });

  test('with allowMerge it is reverted against the first parent (-m 1) on a new branch', async () => {
    const result = await revertCommits(repo.dir, [merge], { allowMerge: true, branch: 'revert/merge-side' });
    assert.equal(result.branch, 'revert/merge-side');
    assert.equal(result.previousBranch, 'main');
    assert.equal(result.baseSha, merge);
    assert.deepEqual(result.reverted, [merge]);
    assert.equal(result.newCommits.length, 1);
    assert.equal(result.failed, undefined);
    assert.equal(repo.branch(), 'revert/merge-side');
    assert.equal(repo.head(), result.newCommits[0]);
    assert.equal(repo.git(['rev-parse', 'HEAD^']).trim(), merge);
    assert.equal(repo.read('prompts/p.txt'), 'line1\n');
    assert.equal(repo.read('app.txt'), 'b\n', 'the first parent side is kept');
    assert.equal(repo.status(), '');
    assert.equal(repo.git(['rev-parse', 'main']).trim(), merge, 'main is untouched');
    assert.notEqual(m1, merge);
    assertNoRevertInProgress(repo);
  });
});

describe('revertCommits: a conflict part-way', () => {
  const repo = TestRepo.create('revert-conflict');
  after(() => repo.remove());
  repo.commit('base prompts', '2024-05-01T08:00:00Z', { 'prompts/a.txt': 'alpha v1\n', 'prompts/b.txt': 'beta v1\n', 'app.txt': 'app\n' });
  const older = repo.commit('alpha v2', '2024-05-01T09:00:00Z', { 'prompts/a.txt': 'alpha v2\n' });
  repo.commit('alpha v3 (later edit of the same line)', '2024-05-01T10:00:00Z', { 'prompts/a.txt': 'alpha v3\n' });
  const newer = repo.commit('beta v2', '2024-05-01T11:00:00Z', { 'prompts/b.txt': 'beta v2\n' });
  const base = repo.head();

  test('newest first: the newer revert succeeds, the older conflicts and is aborted, the repo is clean', async () => {
    // Given oldest first on purpose: the order is worked out from the history.
    const result = await revertCommits(repo.dir, [older, newer], { allowMerge: false, slug: 'incident-x' });
    assert.equal(result.branch, 'revert/incident-x');
    assert.deepEqual(result.reverted, [newer]);
    assert.equal(result.newCommits.length, 1);
    assert.ok(result.failed);
    assert.equal(result.failed.sha, older);
    assert.deepEqual(result.failed.conflicts, ['prompts/a.txt']);
    assert.deepEqual(result.failed.notAttempted, []);
    assert.match(result.failed.reason, /conflict in prompts\/a\.txt/);

    // No revert in progress, HEAD at the successful revert, nothing uncommitted.
    assertNoRevertInProgress(repo);
    const status = repo.git(['status', '--porcelain=v2', '--branch']);
    const lines = status.split('\n').filter((l) => l !== '');
    assert.deepEqual(lines.filter((l) => !l.startsWith('#')), [], `no changes expected, got:\n${status}`);
    assert.ok(lines.includes(`# branch.oid ${result.newCommits[0]}`), status);
    assert.ok(lines.includes('# branch.head revert/incident-x'), status);
    assert.equal(repo.head(), result.newCommits[0]);
    assert.equal(repo.git(['rev-parse', 'HEAD^']).trim(), base);
    assert.equal(repo.read('prompts/b.txt'), 'beta v1\n');
    assert.equal(repo.read('prompts/a.txt'), 'alpha v3\n');
  });

  test('when the only commit conflicts, the empty branch is removed and HEAD goes back', async () => {
    repo.git(['switch', '--quiet', 'main']);
    const branchesBefore = repo.branches();
    const result = await revertCommits(repo.dir, [older], { allowMerge: false, branch: 'revert/only-conflict' });
    assert.equal(result.branch, null);
    assert.deepEqual(result.reverted, []);
    assert.equal(result.failed?.sha, older);
    assert.equal(repo.branch(), 'main');
    assert.equal(repo.head(), base);
    assert.deepEqual(repo.branches(), branchesBefore);
    assert.equal(repo.status(), '');
    assertNoRevertInProgress(repo);
  });
});

describe('revertCommits: refusals change nothing', () => {
  const repo = TestRepo.create('revert-refuse');
  after(() => repo.remove());
  repo.commit('base', '2024-05-01T08:00:00Z', { 'prompts/a.txt': 'a1\n', 'prompts/b.txt': 'b1\n', 'notes.txt': 'n\n' });
  const changeA = repo.commit('a2', '2024-05-01T09:00:00Z', { 'prompts/a.txt': 'a2\n' });
  const changeB = repo.commit('b2', '2024-05-01T10:00:00Z', { 'prompts/b.txt': 'b2\n' });
  const files = ['prompts/a.txt', 'prompts/b.txt', 'notes.txt', 'scratch.txt'];

  test('uncommitted edits to a file the commits touch: refused, listing the file', async () => {
    repo.write('prompts/a.txt', 'a2 edited by hand\n');
    const before = snapshot(repo, files);
    await assert.rejects(revertCommits(repo.dir, [changeA], { allowMerge: false }), refused(/prompts\/a\.txt/));
    assert.deepEqual(snapshot(repo, files), before);
    repo.git(['checkout', '--', 'prompts/a.txt']);
  });

  test('an untracked file in the way counts as an uncommitted edit', async () => {
    repo.git(['rm', '--quiet', 'prompts/b.txt']);
    repo.git(['commit', '--quiet', '-m', 'drop b'], '2024-05-01T11:00:00Z');
    const dropB = repo.head();
    repo.write('prompts/b.txt', 'untracked b\n');
    const before = snapshot(repo, files);
    await assert.rejects(revertCommits(repo.dir, [dropB], { allowMerge: false }), refused(/prompts\/b\.txt/));
    assert.deepEqual(snapshot(repo, files), before);
    // Restore the history this suite started from.
    repo.git(['reset', '--quiet', '--hard', changeB]);
  });

  test('staged work anywhere: refused (git revert needs a clean index)', async () => {
    repo.write('notes.txt', 'staged note\n');
    repo.git(['add', 'notes.txt']);
    const before = snapshot(repo, files);
    await assert.rejects(revertCommits(repo.dir, [changeB], { allowMerge: false }), refused(/staged changes \(notes\.txt\)/));
    assert.deepEqual(snapshot(repo, files), before);
    repo.git(['reset', '--quiet', '--', 'notes.txt']);
    repo.git(['checkout', '--', 'notes.txt']);
  });

  test('a revert already in progress: refused', async () => {
    repo.write('prompts/a.txt', 'a3 by hand\n');
    repo.git(['commit', '--quiet', '-am', 'a3 by hand'], '2024-05-01T12:00:00Z');
    const conflictingHead = repo.head();
    assert.throws(() => repo.git(['revert', '--no-edit', changeA]));
    assert.ok(existsSync(repo.gitPath('REVERT_HEAD')));
    const before = snapshot(repo, files);
    await assert.rejects(revertCommits(repo.dir, [changeB], { allowMerge: false }), refused(/revert is already in progress/));
    assert.deepEqual(snapshot(repo, files), before);
    repo.git(['revert', '--abort']);
    assert.equal(repo.head(), conflictingHead);
    repo.git(['reset', '--quiet', '--hard', changeB]);
  });

  test('unknown commits, commits outside HEAD, duplicates and existing branches: refused', async () => {
    const before = snapshot(repo, files);
    await assert.rejects(revertCommits(repo.dir, ['0123456789abcdef0123456789abcdef01234567'], { allowMerge: false }), refused(/Unknown commit/));
    await assert.rejects(revertCommits(repo.dir, ['--hard'], { allowMerge: false }), refused(/not a commit/));
    await assert.rejects(revertCommits(repo.dir, [changeB, changeB.slice(0, 10)], { allowMerge: false }), refused(/listed twice/));
    repo.git(['branch', 'revert/taken']);
    await assert.rejects(revertCommits(repo.dir, [changeB], { allowMerge: false, branch: 'revert/taken' }), refused(/already exists/));
    repo.git(['branch', '-D', 'revert/taken']);
    repo.git(['switch', '--quiet', '-c', 'elsewhere', changeA]);
    await assert.rejects(revertCommits(repo.dir, [changeB], { allowMerge: false }), refused(/not in the history of HEAD/));
    repo.git(['switch', '--quiet', 'main']);
    repo.git(['branch', '-D', 'elsewhere']);
    assert.deepEqual(snapshot(repo, files), before);
  });

  test('an unrelated uncommitted edit does not block and survives the revert', async () => {
    repo.write('notes.txt', 'my unrelated edit\n');
    const result = await revertCommits(repo.dir, [changeB], { allowMerge: false });
    assert.deepEqual(result.reverted, [changeB]);
    assert.equal(result.branch, `revert/${changeB.slice(0, 8)}`);
    assert.equal(repo.read('prompts/b.txt'), 'b1\n');
    assert.equal(repo.read('notes.txt'), 'my unrelated edit\n');
    assert.equal(repo.status(), ' M notes.txt\n');
  });
});

describe('revertCommits: a change already undone', () => {
  const repo = TestRepo.create('revert-undone');
  after(() => repo.remove());
  repo.commit('base', '2024-05-01T08:00:00Z', { 'prompts/a.txt': 'a1\n', 'prompts/b.txt': 'b1\n' });
  const changeA = repo.commit('a2', '2024-05-01T09:00:00Z', { 'prompts/a.txt': 'a2\n' });
  repo.commit('a back to a1 by hand', '2024-05-01T10:00:00Z', { 'prompts/a.txt': 'a1\n' });
  const changeB = repo.commit('b2', '2024-05-01T11:00:00Z', { 'prompts/b.txt': 'b2\n' });

  test('is skipped and reported, and the other reverts go on', async () => {
    const result = await revertCommits(repo.dir, [changeA, changeB], { allowMerge: false, branch: 'revert/undone' });
    assert.deepEqual(result.reverted, [changeB]);
    assert.deepEqual(result.alreadyUndone, [changeA]);
    assert.equal(result.failed, undefined);
    assert.equal(repo.read('prompts/b.txt'), 'b1\n');
    assert.equal(repo.status(), '');
    assert.equal(existsSync(repo.gitPath('MERGE_MSG')), false, 'no leftover message for the next commit');
    assertNoRevertInProgress(repo);
  });
});
