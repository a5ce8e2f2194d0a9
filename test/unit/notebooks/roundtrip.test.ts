import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunbook, serializeRunbook, type RawCell } from '../../../src/notebooks/index';

function roundTrip(text: string): string {
  const p = parseRunbook(text);
  return serializeRunbook(p.cells, p.document);
}

function summary(cells: RawCell[]) {
  return cells.map((c) => ({ kind: c.kind, language: c.language, value: c.value, attributes: c.metadata.attributes }));
}

describe('runbook round trip', () => {
  test('numbered list with 4-space-indented kubectl fences: two cells without indentation, unedited save byte-identical', () => {
    const doc = [
      '# Restart the model server',
      '',
      '1. Check the rollout:',
      '',
      '    ```kubectl',
      '    rollout status deployment/llm-inference -n ai',
      '    ```',
      '',
      '2. Restart it:',
      '',
      '    ```kubectl {name=restart confirm=true}',
      '    rollout restart deployment/llm-inference -n ai',
      '      --timeout=2m',
      '    ```',
      '',
      'Done.',
      '',
    ].join('\n');
    const p = parseRunbook(doc);
    const code = p.cells.filter((c) => c.kind === 'code');
    assert.equal(code.length, 2);
    assert.deepEqual(
      code.map((c) => [c.language, c.value]),
      [
        ['kubectl', 'rollout status deployment/llm-inference -n ai'],
        ['kubectl', 'rollout restart deployment/llm-inference -n ai\n  --timeout=2m'],
      ],
    );
    assert.deepEqual(code[1].metadata.attributes, { name: 'restart', confirm: true });
    const markup = p.cells.filter((c) => c.kind === 'markup').map((c) => c.value);
    assert.deepEqual(markup, ['# Restart the model server\n\n1. Check the rollout:', '2. Restart it:', 'Done.']);
    assert.equal(serializeRunbook(p.cells, p.document), doc);
  });

  test('CRLF tilde fence and a four-backtick Markdown block: cells, byte-identical save, edit with ~~~ keeps the fence closed', () => {
    const doc = '~~~promql\r\nup{job="api"} == 0\r\n~~~\r\n\r\n````markdown\r\n```sh\r\necho hi\r\n```\r\n````';
    const p = parseRunbook(doc);
    assert.equal(p.eol, '\r\n');
    assert.equal(p.cells.length, 2);
    assert.equal(p.cells[0].kind, 'code');
    assert.equal(p.cells[0].language, 'promql');
    assert.equal(p.cells[0].value, 'up{job="api"} == 0');
    assert.equal(p.cells[1].kind, 'markup');
    assert.equal(p.cells[1].value, '````markdown\r\n```sh\r\necho hi\r\n```\r\n````');
    assert.equal(serializeRunbook(p.cells, p.document), doc);

    const edited = p.cells.map((c, i) => (i === 0 ? { ...c, value: `${c.value}\n~~~` } : c));
    const saved = serializeRunbook(edited, p.document);
    assert.doesNotMatch(saved, /(^|[^\r])\n/, 'every line ending stays CRLF');
    assert.ok(saved.startsWith('~~~~promql\r\nup{job="api"} == 0\r\n~~~\r\n~~~~\r\n'), JSON.stringify(saved));
    assert.ok(saved.endsWith('\r\n\r\n````markdown\r\n```sh\r\necho hi\r\n```\r\n````'));
    const again = parseRunbook(saved);
    assert.deepEqual(summary(again.cells), summary(edited));
  });

  const cases: Record<string, string> = {
    'empty document': '',
    'only blank lines': '\n\n  \n',
    'LF with final newline': '# T\n\n```promql\nup\n```\n',
    'no final newline': '# T\n\n```promql\nup\n```',
    'mixed line endings': '# T\r\n\n```sh\r\necho a\necho b\r\n```\n\rtext\r',
    'BOM': '\uFEFF# T\n\n```promql\nup\n```\n',
    'BOM and front matter': '\uFEFF---\ntitle: x\n---\n```promql\nup\n```\n',
    'tilde and longer fences': '~~~~~ PromQL\nrate(x[5m])\n~~~\n~~~~~~~\n\n`````sh\n```\n````\n`````\n',
    'fence closed by a longer fence with trailing spaces': '```promql\nup\n`````   \nafter\n',
    'fence with info spacing': '```   promql   {"name":"a"}   \nup\n```\n',
    'indented fences in list items': '- step\n\n  ```sh\n  echo 1\n\n  echo 2\n  ```\n- next\n   ```promql\n   up\n   ```\n',
    'fence on the list marker line': '1. ```kubectl\n   get pods\n   ```\n2. done\n',
    'tab-indented fence in a list': '1. \t~~~sh\n\techo hi\n\t~~~\n',
    'fence in a blockquote': '> ```promql\n> up\n>\n> down\n> ```\n',
    'html comment and placeholders': '<!-- license\n```sh\nnot a cell\n```\n-->\nRun `kubectl get pods -n <namespace>`\n\n```sh\nkubectl logs <pod>\n```\n',
    'fence inside an html block': '<details>\n<summary>x</summary>\n```promql\nup\n```\n</details>\n',
    'horizontal rules': '---\n\n***\n\n```promql\nup\n```\n\n---\n',
    'unclosed executable fence at end': '# T\n\n```promql\nup\n\n\n',
    'unclosed fence without final newline': '```sh',
    'unclosed fence in a list item ended by outdent': '- a\n  ```sh\n  echo\nback to text\n',
    'indented code is not a fence': '    ```sh\n    echo\n    ```\n',
    'one-line backtick span is not a fence': '```echo hi```\n\ntext\n',
    'front matter with ... closer': '---\ntitle: a\n...\n# Body\n',
    'empty front matter': '---\n---\n',
    'unclosed front matter is a rule': '---\ntitle: a\n\n# x\n',
    'malformed front matter': '---\ntitle: [oops\n---\n```promql\nup\n```\n',
    'front matter only, no final newline': '---\na: 1\n---',
    'CRLF front matter': '---\r\ntitle: a\r\n---\r\n\r\n```promql\r\nup\r\n```\r\n',
    'lone CR line endings': '# T\r\r```sh\recho\r```\r',
    'NUL in a body': '```sh\necho \0\n```\n',
    'table before a fence': '| a | b |\n|---|---|\n| 1 | 2 |\n```promql\nup\n```\n',
    'non-executable fences stay markdown': '```bash\nls\n```\n```yaml\na: 1\n```\n',
    'whitespace-only lines between cells': '```sh\na\n```\n   \n\t\n```sh\nb\n```\n  ',
  };
  for (const [name, text] of Object.entries(cases)) {
    test(`unedited save is byte-identical: ${name}`, () => {
      assert.equal(roundTrip(text), text);
    });
  }

  test('what becomes a cell in the unusual inputs', () => {
    const kinds = (t: string) => parseRunbook(t).cells.map((c) => `${c.kind}:${c.language}`);
    assert.deepEqual(kinds(cases['fence inside an html block']), ['markup:markdown']);
    assert.deepEqual(kinds(cases['indented code is not a fence']), ['markup:markdown']);
    assert.deepEqual(kinds(cases['one-line backtick span is not a fence']), ['markup:markdown']);
    assert.deepEqual(kinds(cases['html comment and placeholders']), ['markup:markdown', 'code:sh']);
    assert.deepEqual(kinds(cases['non-executable fences stay markdown']), ['markup:markdown']);
    assert.deepEqual(kinds(cases['fence in a blockquote']), ['code:promql']);
    assert.equal(parseRunbook(cases['fence in a blockquote']).cells[0].value, 'up\n\ndown');
    assert.deepEqual(kinds(cases['tilde and longer fences']), ['code:promql', 'code:sh']);
    assert.equal(parseRunbook(cases['tilde and longer fences']).cells[0].value, 'rate(x[5m])\n~~~');
    assert.equal(parseRunbook(cases['tilde and longer fences']).cells[1].value, '```\n````');
    const unclosed = parseRunbook(cases['unclosed executable fence at end']);
    assert.deepEqual(kinds(cases['unclosed executable fence at end']), ['markup:markdown', 'code:promql']);
    assert.equal(unclosed.cells[1].value, 'up\n\n');
    const outdent = parseRunbook(cases['unclosed fence in a list item ended by outdent']);
    assert.deepEqual(outdent.cells.map((c) => c.value), ['- a', 'echo', 'back to text']);
    assert.equal(parseRunbook(cases['fence on the list marker line']).cells[0].value, 'get pods');
    assert.equal(parseRunbook(cases['tab-indented fence in a list']).cells[0].value, 'echo hi');
    assert.equal(parseRunbook(cases['NUL in a body']).cells[0].value, 'echo \0');
    assert.equal(parseRunbook(cases['unclosed front matter is a rule']).frontMatter, undefined);
    assert.equal(parseRunbook(cases['horizontal rules']).frontMatter, undefined, 'a leading rule and blank line is not front matter');
    assert.deepEqual(kinds(cases['horizontal rules']), ['markup:markdown', 'code:promql', 'markup:markdown']);
    assert.equal(parseRunbook(cases['empty front matter']).frontMatter?.raw, '---\n---\n');
    assert.deepEqual(parseRunbook(cases['empty front matter']).frontMatter?.data, {});
    assert.equal(parseRunbook(cases['BOM']).document.bom, true);
    assert.equal(parseRunbook(cases['fence with info spacing']).cells[0].language, 'promql');
    assert.deepEqual(parseRunbook(cases['fence with info spacing']).cells[0].metadata.attributes, { name: 'a' });
    assert.equal(parseRunbook(cases['tilde and longer fences']).cells[0].language, 'promql', 'PromQL is read case-insensitively');
  });

  test('cell start lines count the front matter', () => {
    const p = parseRunbook('---\ntitle: x\n---\n# H\n\n```promql\nup\n```\n');
    assert.deepEqual(p.cells.map((c) => c.metadata.runbook?.line), [4, 6]);
  });
});
