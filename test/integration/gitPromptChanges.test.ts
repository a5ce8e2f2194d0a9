// findPromptChanges against real git repositories with fixed commit dates.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { findPromptChanges, parseTimeArg, toPathspecs } from '../../src/git/promptChanges';
import { GitError } from '../../src/git/git';
import { TestRepo } from '../unit/git/repoFixture';

describe('findPromptChanges: linear history', () => {
  const repo = TestRepo.create('prompts');
  after(() => repo.remove());
  const c1 = repo.commit('initial prompt and app', '2024-05-01T08:00:00Z', { 'prompts/system.txt': 'You are helpful.\n', 'app.py': 'print(1)\n' });
  repo.commit('app only', '2024-05-01T09:00:00Z', { 'app.py': 'print(2)\n' });
  const c3 = repo.commit('tighten system prompt', '2024-05-01T10:00:00Z', { 'prompts/system.txt': 'You are terse.\n' });
  repo.commit('readme', '2024-05-01T11:00:00Z', { 'README.md': '# app\n' });
  const c5 = repo.commit('triage agent prompt', '2024-05-01T12:00:00Z', { 'agents/triage.prompt': 'Triage the ticket.\n', 'docs/agents.md': 'triage\n' });
  const c6 = repo.commit('summarizer prompt', '2024-05-01T13:00:00Z', { 'src/deep/summarize.prompt.md': 'Summarize.\n' });
  repo.commit('look-alikes that are not prompts', '2024-05-01T14:00:00Z', { 'docs/prompts.md': 'about prompts\n', 'prompts-old/x.txt': 'old\n', 'promptsx.txt': 'x\n' });

  test('returns exactly the prompt commits inside the window, newest first', async () => {
    const changes = await findPromptChanges(repo.dir, { since: '2024-05-01T09:30:00Z', until: '2024-05-01T13:30:00Z' });
    assert.deepEqual(changes.map((c) => c.sha), [c6, c5, c3]);
    assert.deepEqual(changes.map((c) => c.subject), ['summarizer prompt', 'triage agent prompt', 'tighten system prompt']);
    assert.deepEqual(changes.map((c) => c.files), [['src/deep/summarize.prompt.md'], ['agents/triage.prompt'], ['prompts/system.txt']]);
    assert.deepEqual(changes[1].otherFiles, ['docs/agents.md']);
    assert.deepEqual(changes[2].otherFiles, []);
    assert.ok(changes.every((c) => !c.isMerge && c.parents.length === 1));
    assert.equal(changes[2].author, 'Test Author <author@example.test>');
    assert.equal(Date.parse(changes[2].date), Date.parse('2024-05-01T10:00:00Z'));
    assert.match(changes[2].diff, /^-You are helpful\.$/m);
    assert.match(changes[2].diff, /^\+You are terse\.$/m);
    assert.ok(!changes[1].diff.includes('docs/agents.md'), 'the diff is limited to prompt files');
  });

  test('without until, the window runs to now and includes the root commit when since is before it', async () => {
    const changes = await findPromptChanges(repo.dir, { since: '2024-05-01' });
    assert.deepEqual(changes.map((c) => c.sha), [c6, c5, c3, c1]);
    assert.equal(changes[3].parents.length, 0);
    assert.match(changes[3].diff, /^\+You are helpful\.$/m);
    assert.deepEqual(changes[3].otherFiles, ['app.py']);
  });

  test('custom paths narrow the search', async () => {
    const changes = await findPromptChanges(repo.dir, { since: '2024-05-01', paths: ['**/*.prompt'] });
    assert.deepEqual(changes.map((c) => c.sha), [c5]);
  });

  test('a relative since counts back from now', async () => {
    const now = new Date('2024-05-01T13:30:00Z');
    const changes = await findPromptChanges(repo.dir, { since: '2h', until: now, now });
    assert.deepEqual(changes.map((c) => c.sha), [c6, c5]);
  });

  test('an empty window and bad times are refused with a clear error', async () => {
    await assert.rejects(findPromptChanges(repo.dir, { since: '2024-05-02', until: '2024-05-01' }), (e: unknown) => e instanceof GitError && e.kind === 'refused' && /window is empty/.test(e.message));
    await assert.rejects(findPromptChanges(repo.dir, { since: 'yesterday-ish' }), (e: unknown) => e instanceof GitError && /not a time/.test(e.message));
  });

  test('a folder that is not a repository says so', async () => {
    await assert.rejects(findPromptChanges('/', { since: '1h' }), (e: unknown) => e instanceof GitError && e.kind === 'not-a-repo');
  });
});

describe('findPromptChanges: merges', () => {
  const repo = TestRepo.create('prompts-merge');
  after(() => repo.remove());
  repo.commit('base', '2024-05-01T08:00:00Z', { 'prompts/p.txt': 'line1\n', 'app.txt': 'a\n' });
  repo.git(['switch', '--quiet', '-c', 'side']);
  const side = repo.commit('side: extend prompt', '2024-05-01T09:00:00Z', { 'prompts/p.txt': 'line1\nline2\n' });
  repo.git(['switch', '--quiet', 'main']);
  const m1 = repo.commit('main: app change', '2024-05-01T09:30:00Z', { 'app.txt': 'b\n' });
  repo.git(['merge', '--quiet', '--no-ff', '-m', 'merge side', 'side'], '2024-05-01T10:00:00Z');
  const merge = repo.head();

  test('a merge that changes prompts against its first parent is listed with that diff', async () => {
    const changes = await findPromptChanges(repo.dir, { since: '2024-05-01T08:30:00Z' });
    assert.deepEqual(changes.map((c) => c.sha), [merge, side]);
    const mc = changes[0];
    assert.equal(mc.isMerge, true);
    assert.deepEqual(mc.parents, [m1, side]);
    assert.deepEqual(mc.files, ['prompts/p.txt']);
    assert.match(mc.diff, /^\+line2$/m);
    assert.deepEqual(mc.otherFiles, []);
  });
});

describe('argument helpers', () => {
  test('pathspecs get glob magic; options are refused', () => {
    assert.deepEqual(toPathspecs(['prompts/**', './x/*.prompt', ':(literal)a b']), [':(glob)prompts/**', ':(glob)x/*.prompt', ':(literal)a b']);
    assert.throws(() => toPathspecs(['--output=/tmp/x']), GitError);
    assert.throws(() => toPathspecs([' ']), GitError);
  });

  test('times: ISO, date, relative', () => {
    const now = new Date('2024-05-01T12:00:00Z');
    assert.equal(parseTimeArg('2024-05-01T10:00:00Z', now).toISOString(), '2024-05-01T10:00:00.000Z');
    assert.equal(parseTimeArg('2024-04-30', now).toISOString(), '2024-04-30T00:00:00.000Z');
    assert.equal(parseTimeArg('90m', now).toISOString(), '2024-05-01T10:30:00.000Z');
    assert.equal(parseTimeArg('1d', now).toISOString(), '2024-04-30T12:00:00.000Z');
  });
});
