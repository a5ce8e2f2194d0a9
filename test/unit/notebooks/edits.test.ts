import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunbook, serializeRunbook, type RawCell } from '../../../src/notebooks/index';

/** The stretch where two strings differ: [start, endInA) in a and [start, endInB) in b. */
function changedRegion(a: string, b: string) {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let ea = a.length;
  let eb = b.length;
  while (ea > start && eb > start && a[ea - 1] === b[eb - 1]) {
    ea--;
    eb--;
  }
  return { start, removed: a.slice(start, ea), added: b.slice(start, eb) };
}

function summary(cells: RawCell[]) {
  return cells.map((c) => ({ kind: c.kind, language: c.language, value: c.value, attributes: c.metadata.attributes ?? {} }));
}

function edit(cells: RawCell[], index: number, change: Partial<RawCell> & { attributes?: Record<string, unknown> }): RawCell[] {
  return cells.map((c, i) => {
    if (i !== index) return c;
    const { attributes, ...rest } = change;
    return { ...c, ...rest, metadata: attributes ? { ...c.metadata, attributes } : c.metadata };
  });
}

const RUNBOOK = [
  '---',
  'title: Model endpoint down',
  'alert: ModelEndpointDown',
  '---',
  '# Model endpoint down',
  '',
  '```promql {"name":"endpoint-up","range":"1h","step":"1m"}',
  'up{job="llm-inference", namespace={{namespace}}}',
  '```',
  '',
  '1. Restart:',
  '',
  '    ```kubectl {name=restart confirm=true}',
  '    rollout restart deployment/{{deployment}} -n {{namespace}}',
  '    ```',
  '',
  '> ```sh',
  '> kubectl get pods',
  '> ```',
  '',
  'The end.',
  '',
].join('\n');

describe('editing cells', () => {
  test('editing one code cell changes only that fence body, re-indented with the container indentation', () => {
    const p = parseRunbook(RUNBOOK);
    const k = p.cells.findIndex((c) => c.language === 'kubectl');
    const out = serializeRunbook(edit(p.cells, k, { value: 'rollout restart deployment/x -n ai\n\nrollout status deployment/x -n ai' }), p.document);
    const d = changedRegion(RUNBOOK, out);
    assert.equal(d.removed, '{{deployment}} -n {{namespace}}');
    assert.equal(d.added, 'x -n ai\n\n    rollout status deployment/x -n ai');
    assert.ok(RUNBOOK.slice(0, d.start).endsWith('    ```kubectl {name=restart confirm=true}\n    rollout restart deployment/'));
  });

  test('editing a fence in a blockquote keeps the > markers', () => {
    const p = parseRunbook(RUNBOOK);
    const k = p.cells.findIndex((c) => c.language === 'sh');
    const out = serializeRunbook(edit(p.cells, k, { value: 'a\n\nb' }), p.document);
    assert.ok(out.includes('> ```sh\n> a\n>\n> b\n> ```\n'), out);
    assert.deepEqual(summary(parseRunbook(out).cells), summary(edit(p.cells, k, { value: 'a\n\nb' })));
  });

  test('a fence opened on a list marker line gets its continuation lines indented to the content', () => {
    const doc = '1. ```kubectl\n   get pods\n   ```\n2. next\n';
    const p = parseRunbook(doc);
    const edited = edit(p.cells, 0, { value: 'get pods\n-n ai' });
    const out = serializeRunbook(edited, p.document);
    assert.equal(out, '1. ```kubectl\n   get pods\n   -n ai\n   ```\n2. next\n');
    assert.deepEqual(summary(parseRunbook(out).cells), summary(edited));
  });

  test('a body line that would close the fence gets a longer fence (backticks and tildes)', () => {
    const doc = '```promql\nup\n```\n\n~~~sh\necho\n~~~\n';
    const p = parseRunbook(doc);
    let cells = edit(p.cells, 0, { value: 'up\n```\n`````' });
    cells = edit(cells, 1, { value: 'echo\n  ~~~~  ' });
    const out = serializeRunbook(cells, p.document);
    assert.equal(out, '``````promql\nup\n```\n`````\n``````\n\n~~~~~sh\necho\n  ~~~~  \n~~~~~\n');
    assert.deepEqual(summary(parseRunbook(out).cells), summary(cells));
  });

  test('an attribute value with a backquote switches a backtick fence to tildes', () => {
    const p = parseRunbook('```sh {"name":"a"}\necho\n```\n');
    const cells = edit(p.cells, 0, { attributes: { name: 'a`b' } });
    const out = serializeRunbook(cells, p.document);
    assert.equal(out, '~~~sh {"name":"a`b"}\necho\n~~~\n');
    assert.deepEqual(summary(parseRunbook(out).cells), summary(cells));
  });

  test('attributes are written back in the author encoding, only when they changed', () => {
    const p = parseRunbook(RUNBOOK);
    const q = p.cells.findIndex((c) => c.language === 'promql');
    const k = p.cells.findIndex((c) => c.language === 'kubectl');
    let cells = edit(p.cells, q, { attributes: { name: 'endpoint-up', range: '6h', step: '1m' } });
    cells = edit(cells, k, { attributes: { name: 'restart', confirm: false, note: 'needs approval' } });
    const out = serializeRunbook(cells, p.document);
    assert.ok(out.includes('```promql {"name":"endpoint-up","range":"6h","step":"1m"}\n'));
    assert.ok(out.includes('    ```kubectl {name=restart confirm=false note="needs approval"}\n'));
    assert.deepEqual(changedRegion(RUNBOOK, out).start > 0, true);
    // Equal attributes in another key order or a copied object are not a change.
    const same = edit(p.cells, q, { attributes: { range: '1h', name: 'endpoint-up', step: '1m' } });
    assert.equal(serializeRunbook(same, p.document), RUNBOOK);
  });

  test('spaced and bare key=value styles are kept on rewrite', () => {
    const doc = '```sh { name=a }\necho\n```\n```promql name=x\nup\n```\n';
    const p = parseRunbook(doc);
    let cells = edit(p.cells, 0, { attributes: { name: 'b' } });
    cells = edit(cells, 1, { attributes: { name: 'y', range: '1h' } });
    assert.equal(serializeRunbook(cells, p.document), '```sh { name=b }\necho\n```\n```promql name=y range=1h\nup\n```\n');
  });

  test('changing the language keeps the attribute text; unchanged language keeps the author casing', () => {
    const doc = '```PromQL {"name":"a"}\nup\n```\n';
    const p = parseRunbook(doc);
    assert.equal(p.cells[0].language, 'promql');
    assert.equal(serializeRunbook(edit(p.cells, 0, { value: 'down' }), p.document), '```PromQL {"name":"a"}\ndown\n```\n');
    assert.equal(serializeRunbook(edit(p.cells, 0, { language: 'sh' }), p.document), '```sh {"name":"a"}\nup\n```\n');
  });

  test('new cells get fresh fences and blank-line separators; the document line ending is used', () => {
    const p = parseRunbook('# T\r\n\r\n```promql\r\nup\r\n```\r\n');
    const fresh: RawCell[] = [
      { kind: 'code', language: 'kubectl', value: 'get pods\n-n ai', metadata: { attributes: { name: 'pods', confirm: false }, attributeEncoding: 'kv' } },
      { kind: 'code', language: 'sh', value: 'echo ```', metadata: {} },
      { kind: 'code', language: 'promql', value: 'a\n```\nb', metadata: { attributes: { name: 'x' } } },
      { kind: 'markup', language: 'markdown', value: '## Notes\nsecond line', metadata: {} },
    ];
    const cells = [...p.cells, ...fresh];
    const out = serializeRunbook(cells, p.document);
    assert.equal(
      out,
      '# T\r\n\r\n```promql\r\nup\r\n```\r\n\r\n```kubectl {name=pods confirm=false}\r\nget pods\r\n-n ai\r\n```\r\n\r\n```sh\r\necho ```\r\n```\r\n\r\n' +
        '````promql {"name":"x"}\r\na\r\n```\r\nb\r\n````\r\n\r\n## Notes\r\nsecond line\r\n',
    );
    // Markdown cells hold their exact text, so the new one reads back with the document's CRLF.
    const crlf = cells.map((c) => (c.kind === 'markup' ? { ...c, value: c.value.replace(/\r?\n/g, '\r\n') } : c));
    assert.deepEqual(summary(parseRunbook(out).cells), summary(crlf));
  });

  test('a document built only from new cells', () => {
    const cells: RawCell[] = [
      { kind: 'markup', language: 'markdown', value: '# New', metadata: {} },
      { kind: 'code', language: 'promql', value: 'up', metadata: {} },
    ];
    assert.equal(serializeRunbook(cells), '# New\n\n```promql\nup\n```\n');
  });

  test('edited markup cells are written as their value; separators stay as the author had them', () => {
    const doc = '# A\n\n\n```sh\nx\n```\n\nText\n\n\n\n```sh\ny\n```\n';
    const p = parseRunbook(doc);
    const i = p.cells.findIndex((c) => c.value === 'Text');
    const out = serializeRunbook(edit(p.cells, i, { value: 'New text\nline 2' }), p.document);
    assert.equal(out, '# A\n\n\n```sh\nx\n```\n\nNew text\nline 2\n\n\n\n```sh\ny\n```\n');
  });

  test('a markup value whose only change is line endings (editor normalization) keeps the original bytes', () => {
    const doc = 'a\r\nb\nc\n\n```sh\nx\n```\n';
    const p = parseRunbook(doc);
    assert.equal(serializeRunbook(edit(p.cells, 0, { value: 'a\nb\nc' }), p.document), doc);
  });

  test('deleting and reordering cells never glues two cells onto one line', () => {
    const doc = '---\ntitle: x\n---\n# A\n```sh\nx\n```\nB';
    const p = parseRunbook(doc);
    const [a, code, b] = p.cells;
    const out = serializeRunbook([b, code, a], p.document);
    // B keeps its own separator (the line ending before it), so it follows the front matter after a blank line.
    assert.equal(out, '---\ntitle: x\n---\n\nB\n```sh\nx\n```\n# A');
    assert.deepEqual(summary(parseRunbook(out).cells), summary([b, code, a]));
    assert.equal(serializeRunbook([a], p.document), '---\ntitle: x\n---\n# A');
  });

  test('an edited unclosed fence gets closed; unedited it stays unclosed', () => {
    const doc = '# T\n\n```promql\nup\n';
    const p = parseRunbook(doc);
    assert.equal(serializeRunbook(p.cells, p.document), doc);
    const cells = edit(p.cells, 1, { value: 'down' });
    const out = serializeRunbook(cells, p.document);
    assert.equal(out, '# T\n\n```promql\ndown\n```\n');
    assert.deepEqual(summary(parseRunbook(out).cells), summary(cells));
  });

  test('front matter is written back verbatim even when malformed', () => {
    const doc = '---\ntitle: [oops\n---\n```promql\nup\n```\n';
    const p = parseRunbook(doc);
    assert.equal(p.frontMatter?.data, undefined);
    assert.ok(p.diagnostics.some((d) => d.severity === 'error' && /not valid YAML/.test(d.message)));
    assert.equal(serializeRunbook(edit(p.cells, 0, { value: 'down' }), p.document), '---\ntitle: [oops\n---\n```promql\ndown\n```\n');
  });

  test('found by the property tests: edits that would change the structure around them do not', () => {
    // A body line `---` must not close a front matter that the document never had.
    const a = parseRunbook('---\nunclosed: true\n1. a\n   ```promql\n```promql');
    const ea = edit(a.cells, a.cells.length - 1, { value: '---' });
    assert.deepEqual(summary(parseRunbook(serializeRunbook(ea, a.document)).cells), summary(ea));
    // A `|` in new attributes followed by a `---` line must not turn the fence into a table.
    const b = parseRunbook('```promql\n```\n```promql\n---');
    const eb = edit(b.cells, 1, { attributes: { name: '\\|' } });
    assert.deepEqual(summary(parseRunbook(serializeRunbook(eb, b.document)).cells), summary(eb));
  });

  test('cell metadata survives a JSON round trip (as VS Code stores it)', () => {
    const p = parseRunbook(RUNBOOK);
    const cells = JSON.parse(JSON.stringify(p.cells)) as RawCell[];
    const document = JSON.parse(JSON.stringify(p.document));
    assert.equal(serializeRunbook(cells, document), RUNBOOK);
  });
});
