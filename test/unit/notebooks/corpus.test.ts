import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseRunbook, runbookMeta, serializeRunbook, type RawCell } from '../../../src/notebooks/index';

// Real runbooks from public repositories, kept beside the project (../shared), never copied into it.
const CORPUS = resolve(process.cwd(), '../shared/corpus/runbooks');

function corpusFiles(): string[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.md') && f !== 'SOURCES.md')
    .sort();
}

function summary(cells: RawCell[]) {
  return cells.map((c) => ({ kind: c.kind, language: c.language, value: c.value, attributes: c.metadata.attributes ?? {} }));
}

describe('runbook corpus', () => {
  test('every corpus runbook saves back byte-identical', (t) => {
    if (!existsSync(CORPUS)) {
      t.skip(`corpus folder ${CORPUS} is absent (it lives in ../shared beside the repository); nothing to check`);
      return;
    }
    const files = corpusFiles();
    assert.ok(files.length > 0, `no runbooks in ${CORPUS}`);
    let passed = 0;
    let cells = 0;
    let code = 0;
    for (const f of files) {
      const text = readFileSync(join(CORPUS, f), 'utf8');
      const p = parseRunbook(text);
      assert.equal(serializeRunbook(p.cells, p.document), text, f);
      runbookMeta(p.frontMatter);
      passed++;
      cells += p.cells.length;
      code += p.cells.filter((c) => c.kind === 'code').length;
    }
    t.diagnostic(`${passed} of ${files.length} corpus runbooks round-tripped byte-identical (${cells} cells, ${code} executable)`);
    assert.equal(passed, files.length);
  });

  test('with every fence taken as a code cell: unedited saves are identical and edited bodies read back the same', (t) => {
    if (!existsSync(CORPUS)) {
      t.skip(`corpus folder ${CORPUS} is absent (it lives in ../shared beside the repository); nothing to check`);
      return;
    }
    const all = { isExecutable: () => true };
    let fences = 0;
    for (const f of corpusFiles()) {
      const text = readFileSync(join(CORPUS, f), 'utf8');
      const p = parseRunbook(text, all);
      assert.equal(serializeRunbook(p.cells, p.document), text, f);
      const edited = p.cells.map((c, i) =>
        c.kind === 'code' ? { ...c, value: i % 2 ? `${c.value}\n\n\`\`\`\`\n~~~~\n\tindented` : 'replaced', metadata: { ...c.metadata, attributes: { edited: i } } } : c,
      );
      const out = serializeRunbook(edited, p.document);
      assert.deepEqual(summary(parseRunbook(out, all).cells), summary(edited), f);
      fences += edited.filter((c) => c.kind === 'code').length;
    }
    t.diagnostic(`${fences} fences edited and read back unchanged`);
  });
});
