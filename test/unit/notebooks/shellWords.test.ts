import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ShellSyntaxError, quoteShellWord, shellCommands, shellWords } from '../../../src/notebooks/index';

function rejects(text: string, re: RegExp, line?: number, column?: number) {
  assert.throws(
    () => shellWords(text),
    (e: unknown) => {
      assert.ok(e instanceof ShellSyntaxError, String(e));
      assert.match(e.message, re);
      if (line !== undefined) assert.equal(e.line, line);
      if (column !== undefined) assert.equal(e.column, column);
      return true;
    },
    text,
  );
}

describe('shell words', () => {
  test('quotes, escapes, comments and continuations', () => {
    assert.deepEqual(shellWords(`get pods -l 'app=a b' --x="y \\"z\\" \\$ \\\\ \\n" plain\\ word`), ['get', 'pods', '-l', 'app=a b', '--x=y "z" $ \\ \\n', 'plain word']);
    assert.deepEqual(shellWords("a '' \"\" b"), ['a', '', '', 'b']);
    assert.deepEqual(shellWords('a#b # a comment | ; & > <\n'), ['a#b']);
    assert.deepEqual(shellWords('get \\\n  pods \\\r\n  -n ai'), ['get', 'pods', '-n', 'ai']);
    assert.deepEqual(shellWords("jsonpath='{.items[*]}' {.x} ~/y *.txt $ a$ $."), ["jsonpath={.items[*]}", '{.x}', '~/y', '*.txt', '$', 'a$', '$.']);
    assert.deepEqual(shellCommands('get pods\n\n# note\ndescribe pod x\r\nlogs x'), [['get', 'pods'], ['describe', 'pod', 'x'], ['logs', 'x']]);
    assert.deepEqual(shellWords('a {{ name }} b{{x}}c', { templates: true }), ['a', '{{ name }}', 'b{{x}}c']);
    assert.deepEqual(shellWords('a {{ name }}'), ['a', '{{', 'name', '}}']);
  });

  test('shell syntax is refused, with line and column', () => {
    rejects('get pods | grep x', /line 1, column 10: an unquoted "\|"/, 1, 10);
    rejects('get pods\nx && y', /line 2, column 3: an unquoted "&"/, 2, 3);
    rejects('a; b', /";"/);
    rejects('a > f', /">"/);
    rejects('a 2>&1', /">"/);
    rejects('a < f', /"<"/);
    rejects('(a)', /"\("/);
    rejects('a `id`', /"`"/);
    rejects('a $(id)', /"\$\("/);
    rejects('a ${HOME}', /"\$\{"/);
    rejects('a $HOME', /"\$H"/);
    rejects('a "$(id)"', /"\$\("/);
    rejects('a "`id`"', /backquote/);
    rejects('a "x', /double quote is never closed/);
    rejects("a 'x", /single quote is never closed/);
    rejects('a \\', /backslash at the end/);
    rejects('a\nb', /holds 2 commands/);
  });

  test('quoteShellWord output reads back as the same word in a real shell', () => {
    const words = ['plain', '', "it's", 'a b', '$(id)', '`id`', '"q"', 'back\\slash', 'ü ✓', 'new\nline', '*', '-n'];
    for (const w of words) {
      const q = quoteShellWord(w);
      assert.deepEqual(shellWords(q), [w]);
      const res = spawnSync('/bin/sh', ['-c', `printf '%s' ${q}`], { encoding: 'utf8' });
      assert.equal(res.stdout, w);
    }
  });
});
