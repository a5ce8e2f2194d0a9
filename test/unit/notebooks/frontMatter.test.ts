import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunbook, runbookMeta, serializeRunbook } from '../../../src/notebooks/index';

function saveUnedited(text: string): string {
  const p = parseRunbook(text);
  return serializeRunbook(p.cells, p.document);
}

const EXAMPLE = [
  '---',
  'title: Model endpoint down',
  'alert: ModelEndpointDown          # alertname(s) this runbook serves (string or list)',
  'severity: SEV1',
  'parameters:',
  '  namespace: { default: ai, description: Kubernetes namespace of the model service }',
  '  deployment: { default: llm-inference }',
  '  instance: { label: instance }',
  '  model: {}',
  '  replicas: 3',
  '  empty:',
  '---',
  '# Model endpoint down',
  '',
].join('\n');

describe('front matter', () => {
  test('the runbook fields and parameters', () => {
    const p = parseRunbook(EXAMPLE);
    assert.deepEqual(p.diagnostics, []);
    const meta = runbookMeta(p.frontMatter);
    assert.equal(meta.title, 'Model endpoint down');
    assert.deepEqual(meta.alerts, ['ModelEndpointDown']);
    assert.equal(meta.severity, 'SEV1');
    assert.deepEqual(meta.parameters, [
      { name: 'namespace', label: 'namespace', default: 'ai', description: 'Kubernetes namespace of the model service' },
      { name: 'deployment', label: 'deployment', default: 'llm-inference' },
      { name: 'instance', label: 'instance' },
      { name: 'model', label: 'model' },
      { name: 'replicas', label: 'replicas', default: '3' },
      { name: 'empty', label: 'empty' },
    ]);
    assert.deepEqual(meta.problems, []);
    assert.equal(saveUnedited(EXAMPLE), EXAMPLE);
  });

  test('a list of alerts, a label mapping and problems reported', () => {
    const meta = runbookMeta({
      alert: ['A', 'B', 'A'],
      parameters: { pod: { label: 'pod_name' }, 'bad name': {}, x: [1], y: { default: { a: 1 } } },
      severity: ['x'],
    });
    assert.deepEqual(meta.alerts, ['A', 'B']);
    assert.deepEqual(meta.parameters, [{ name: 'pod', label: 'pod_name' }]);
    assert.equal(meta.severity, undefined);
    assert.equal(meta.problems.length, 4);
    assert.ok(meta.problems.some((m) => m.includes('"bad name" was ignored')));
    assert.deepEqual(runbookMeta(undefined), { alerts: [], parameters: [], problems: [] });
  });

  test('an alias bomb is rejected with a clear error and kept verbatim', () => {
    const lines = ['---', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    lines.push('---', '```promql', 'up', '```', '');
    const doc = lines.join('\n');
    const p = parseRunbook(doc);
    assert.equal(p.frontMatter?.data, undefined);
    assert.equal(p.diagnostics.length, 1);
    assert.match(p.diagnostics[0].message, /too many YAML aliases/);
    assert.equal(p.cells.length, 1, 'the body is still read');
    assert.equal(saveUnedited(doc), doc);
  });

  test('front matter over 64 KiB is rejected with a clear error and kept verbatim', () => {
    const big = `---\n${Array.from({ length: 3000 }, (_, i) => `key${i}: ${'x'.repeat(20)}`).join('\n')}\n---\n# Body\n`;
    const p = parseRunbook(big);
    assert.equal(p.frontMatter?.data, undefined);
    assert.match(p.diagnostics[0].message, /Front matter is \d+ KiB; the limit is 64 KiB/);
    assert.equal(saveUnedited(big), big);
  });

  test('malformed YAML: a diagnostic with its line, the text kept verbatim, no throw', () => {
    const docs = [
      '---\ntitle: [unclosed\nx: y\n---\n# Body\n',
      '---\n- just\n- a list\n---\n# Body\n',
      '---\na: 1\na: 2\n---\n',
      '---\n\tbad: tab\n---\n',
    ];
    for (const doc of docs) {
      const p = parseRunbook(doc);
      assert.equal(p.frontMatter?.data, undefined, doc);
      assert.ok(p.diagnostics.length > 0 && p.diagnostics.every((d) => d.message.length > 20), doc);
      assert.equal(saveUnedited(doc), doc);
    }
    assert.equal(parseRunbook(docs[0]).diagnostics[0].line, 3);
    assert.match(parseRunbook(docs[1]).diagnostics[0].message, /must be a YAML mapping/);
  });

  test('unknown tags never construct anything: the value stays text, with a warning', () => {
    const doc = '---\nkey: !!js/function "function () {}"\n---\n';
    const p = parseRunbook(doc);
    assert.deepEqual(p.frontMatter?.data, { key: 'function () {}' });
    assert.equal(p.diagnostics[0].severity, 'warning');
    assert.equal(saveUnedited(doc), doc);
  });

  test('unusual front matter: ... closer, CRLF, trailing spaces on the delimiters, no body', () => {
    for (const doc of ['---\ntitle: a\n...\nbody\n', '---\r\ntitle: a\r\n---\r\n', '---  \ntitle: a\n---\t\n', '---\ntitle: a\n---']) {
      const p = parseRunbook(doc);
      assert.deepEqual(p.frontMatter?.data, { title: 'a' }, JSON.stringify(doc));
      assert.equal(saveUnedited(doc), doc);
    }
  });
});
