// Parsers of git's machine output: status --porcelain=v2 -z and log -z --name-only with our record separators.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePorcelainV2, changesTouching } from '../../../src/git/repoState';
import { parseLog } from '../../../src/git/promptChanges';
import { stripUrlCredentials } from '../../../src/git/git';

test('porcelain v2: ordinary, renamed, unmerged, untracked entries; names with spaces', () => {
  const out = [
    '# branch.oid 0123',
    '# branch.head main',
    '1 .M N... 100644 100644 100644 aaa aaa notes.txt',
    '1 A. N... 000000 100644 100644 000 bbb dir/new file.md',
    '2 R. N... 100644 100644 100644 ccc ccc R100 prompts/new name.txt',
    'prompts/old name.txt',
    'u UU N... 100644 100644 100644 100644 d1 d2 d3 prompts/conflict.txt',
    '? scratch.txt',
    '',
  ].join('\0');
  const changes = parsePorcelainV2(out);
  assert.deepEqual(changes, [
    { path: 'notes.txt', staged: false, unstaged: true, untracked: false, unmerged: false },
    { path: 'dir/new file.md', staged: true, unstaged: false, untracked: false, unmerged: false },
    { path: 'prompts/new name.txt', origPath: 'prompts/old name.txt', staged: true, unstaged: false, untracked: false, unmerged: false },
    { path: 'prompts/conflict.txt', staged: true, unstaged: true, untracked: false, unmerged: true },
    { path: 'scratch.txt', staged: false, unstaged: true, untracked: true, unmerged: false },
  ]);
  assert.deepEqual(changesTouching(changes, ['prompts/old name.txt', 'scratch.txt']).map((c) => c.path), ['prompts/new name.txt', 'scratch.txt']);
});

test('log records: a subject containing the separators does not split a record', () => {
  const sha1 = 'a'.repeat(40);
  const sha2 = 'b'.repeat(40);
  const out =
    `\x1e${sha1}\x1f${sha2}\x1fAnn <a@x>\x1f2024-05-01T10:00:00+00:00\x1f2024-05-01T10:00:00+00:00\x1fodd \x1e subject \x1f here\0\nprompts/a.txt\0prompts/b c.txt\0` +
    `\x1e${sha2}\x1f\x1fBob <b@x>\x1f2024-05-01T09:00:00+00:00\x1f2024-05-01T09:00:00+00:00\x1froot\0\nx.prompt\0`;
  const commits = parseLog(out);
  assert.equal(commits.length, 2);
  assert.equal(commits[0].subject, 'odd \x1e subject \x1f here');
  assert.deepEqual(commits[0].files, ['prompts/a.txt', 'prompts/b c.txt']);
  assert.deepEqual(commits[0].parents, [sha2]);
  assert.deepEqual(commits[1].parents, []);
  assert.equal(commits[1].isMerge, false);
  assert.deepEqual(commits[1].files, ['x.prompt']);
});

test('credentials in URLs are removed from git messages', () => {
  assert.equal(stripUrlCredentials("fatal: unable to access 'https://bob:s3cret@git.example/r.git/': 403"), "fatal: unable to access 'https://***@git.example/r.git/': 403");
});
