// Slugs and postmortem file names: never overwrite an existing file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slugify } from '../../../src/postmortem/slug';
import { postmortemPath, writeNewPostmortem } from '../../../src/postmortem/postmortemPath';

const dir = mkdtempSync(join(tmpdir(), 'oncall-pmnames-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('slugify: lowercase ASCII and dashes, at most 60 characters', () => {
  assert.equal(slugify('Token Cost Explosion — tenant Ünïcode!'), 'token-cost-explosion-tenant-unicode');
  assert.equal(slugify('  --HighHallucinationRate (gpt-4o)--  '), 'highhallucinationrate-gpt-4o');
  assert.equal(slugify('日本語'), 'incident');
  assert.equal(slugify('a'.repeat(59) + ' b c d'), 'a'.repeat(59));
  assert.equal(slugify('a'.repeat(70)), 'a'.repeat(60), 'one long word is cut hard');
  assert.equal(
    slugify('TokenCostExplosion: Token spend exceeds $0.50/min for tenant acme'),
    'tokencostexplosion-token-spend-exceeds-0-50-min-for-tenant',
    'cut between words',
  );
  assert.ok(slugify('word '.repeat(40)).length <= 60);
  assert.doesNotMatch(slugify('word '.repeat(40)), /-$/);
});

test('postmortemPath: -2, -3 ... for taken names', () => {
  const taken = new Set([join('pm', '2024-05-01-cost.md'), join('pm', '2024-05-01-cost-2.md')]);
  assert.equal(postmortemPath('pm', '2024-05-01', 'cost', () => false), join('pm', '2024-05-01-cost.md'));
  assert.equal(postmortemPath('pm', '2024-05-01', 'cost', (p) => taken.has(p)), join('pm', '2024-05-01-cost-3.md'));
  assert.equal(postmortemPath('pm', new Date('2024-05-01T23:00:00-05:00'), 'Cost!', () => false), join('pm', '2024-05-02-cost.md'));
});

test('writeNewPostmortem never overwrites, even a file it did not see coming', async () => {
  const folder = join(dir, 'postmortems');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, '2024-05-01-cost.md'), 'the original');
  const a = await writeNewPostmortem(folder, '2024-05-01', 'cost', 'second');
  const b = await writeNewPostmortem(folder, '2024-05-01', 'cost', 'third');
  assert.equal(a, join(folder, '2024-05-01-cost-2.md'));
  assert.equal(b, join(folder, '2024-05-01-cost-3.md'));
  assert.equal(readFileSync(join(folder, '2024-05-01-cost.md'), 'utf8'), 'the original');
  assert.equal(readFileSync(a, 'utf8'), 'second');
  assert.equal(readFileSync(b, 'utf8'), 'third');
  const all = await Promise.all([1, 2, 3, 4].map((i) => writeNewPostmortem(folder, '2024-05-01', 'cost', `race ${i}`)));
  assert.equal(new Set(all).size, 4, 'concurrent writers get distinct files');
  for (let i = 0; i < 4; i++) assert.equal(readFileSync(all[i], 'utf8'), `race ${i + 1}`);
});
