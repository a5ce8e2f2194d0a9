import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGoRegex } from '../../../src/alerts/goRegex';
import { InputError } from '../../../src/common/errors';

/** Whether Alertmanager's regex `re` (anchored) matches `s`. */
const m = (re: string, s: string): boolean => compileGoRegex(re).test(s);

function rejected(re: string, pattern: RegExp): void {
  assert.throws(() => compileGoRegex(re), (e: unknown) => e instanceof InputError && pattern.test(e.message), re);
}

describe('Go RE2 regexes translated to JavaScript', () => {
  test('anchored: the whole value must match', () => {
    assert.equal(m('gpt-4.*', 'gpt-4o'), true);
    assert.equal(m('gpt', 'gpt-4o'), false);
    assert.equal(m('', ''), true);
    assert.equal(m('', 'x'), false);
  });

  test('. excludes only \\n (JS also excludes \\r and U+2028); (?s) includes \\n', () => {
    assert.equal(m('a.b', 'a\rb'), true);
    assert.equal(m('a.b', 'a\u2028b'), true);
    assert.equal(m('a.b', 'a\nb'), false);
    assert.equal(m('(?s)a.b', 'a\nb'), true);
    assert.equal(m('(?s:.).', '\n\n'), false);
    assert.equal(m('(?s:.)x', '\nx'), true);
  });

  test('. and classes work on code points (UTF-8 runes), not UTF-16 halves', () => {
    assert.equal(m('.', '😀'), true);
    assert.equal(m('..', '😀'), false);
    assert.equal(m('[^a]', '😀'), true);
    assert.equal(m('\\x{1F600}', '😀'), true);
  });

  test('\\s is Go\'s ASCII space [\\t\\n\\f\\r ], not JS\'s Unicode one', () => {
    assert.equal(m('\\s', ' '), true);
    assert.equal(m('\\s', '\v'), false);
    assert.equal(m('\\s', '\u00a0'), false);
    assert.equal(m('\\S', '\v'), true);
    assert.equal(m('[\\S]', '\u00a0'), true);
    assert.equal(m('[\\s]', '\t'), true);
  });

  test('POSIX classes', () => {
    assert.equal(m('[[:alpha:]]+', 'abcXYZ'), true);
    assert.equal(m('[[:alpha:]]+', 'ab1'), false);
    assert.equal(m('[[:^digit:]]+', 'abc'), true);
    assert.equal(m('[[:^digit:]]+', 'a1'), false);
    assert.equal(m('[[:xdigit:][:space:]]+', 'ff 0A'), true);
    rejected('[[:nope:]]', /unknown POSIX class/);
  });

  test('literal braces and brackets where Go reads them as literals', () => {
    assert.equal(m('a{,2}', 'a{,2}'), true);
    assert.equal(m('a{01}', 'a{01}'), true);
    assert.equal(m('x}', 'x}'), true);
    assert.equal(m('a{2}', 'aa'), true);
    assert.equal(m('a{2,}', 'aaaa'), true);
    assert.equal(m('a{1,2}', 'aaa'), false);
    assert.equal(m('[]a]+', ']a]'), true);
    assert.equal(m('[^]a]', ']'), false);
    assert.equal(m('x]', 'x]'), true);
  });

  test('a - next to a class escape is a literal, as in Go', () => {
    assert.equal(m('[\\d-z]+', '1-z'), true);
    assert.equal(m('[a-]+', 'a-'), true);
    assert.equal(m('[a-c]+', 'abc'), true);
    assert.equal(m('[a-c]+', 'abd'), false);
  });

  test('escapes: \\Q…\\E, octal, hex, C escapes, punctuation', () => {
    assert.equal(m('\\Qa.b\\E', 'a.b'), true);
    assert.equal(m('\\Qa.b\\E', 'axb'), false);
    assert.equal(m('\\101\\x42\\x{43}', 'ABC'), true);
    assert.equal(m('\\0', '\0'), true);
    assert.equal(m('\\t\\a', '\t\u0007'), true);
    assert.equal(m('\\-\\!\\_', '-!_'), true);
    assert.equal(m('\\A\\d+\\z', '123'), true);
  });

  test('Unicode classes', () => {
    assert.equal(m('\\pL+', 'héllo'), true);
    assert.equal(m('\\p{Greek}+', 'αβγ'), true);
    assert.equal(m('\\p{Greek}+', 'abc'), false);
    assert.equal(m('\\PL', '1'), true);
    assert.equal(m('\\p{^Lu}', 'a'), true);
    assert.equal(m('[\\p{Lu}\\d]+', 'A1'), true);
    rejected('\\p{Nope}', /unknown Unicode class/);
  });

  test('(?i) covering the whole expression', () => {
    assert.equal(m('(?i)gpt-4O', 'GPT-4o'), true);
    assert.equal(m('(?i)[a-c]+', 'ABC'), true);
    assert.equal(m('(?i)k', '\u212a'), true);
    rejected('a(?i)b', /part of the expression/);
    rejected('(?i:a)b', /part of the expression/);
    rejected('(?i)\\bfoo', /\\b together with \(\?i\)/);
  });

  test('(?m) makes ^ and $ match at \\n only (not at \\r as JS multiline would)', () => {
    assert.equal(m('(?m)a$\\n^b', 'a\nb'), true);
    assert.equal(m('a$\\n^b', 'a\nb'), false);
    assert.equal(m('(?m)a$\\r^b', 'a\rb'), false);
  });

  test('flags can be cleared and named groups are accepted', () => {
    assert.equal(m('(?s)(?-s:.)', '\n'), false);
    assert.equal(m('(?P<x>a)(?<y>b)', 'ab'), true);
    assert.equal(m('(?U)a+b', 'aab'), true);
  });

  test('a value can close the anchoring group early, as in Alertmanager (^(?:a)|(b)$)', () => {
    assert.equal(m('a)|(b', 'axyz'), true);
    assert.equal(m('a)|(b', 'zzb'), true);
    assert.equal(m('a)|(b', 'zzz'), false);
  });

  test('what Go rejects is rejected', () => {
    rejected('(?=a)', /unsupported group/);
    rejected('(?<=a)b', /invalid named group/);
    rejected('(a)\\1', /backreference/);
    rejected('\\C', /\\C/);
    rejected('\\8', /unknown escape/);
    rejected('\\é', /unknown escape/);
    rejected('a{1001}', /invalid repeat count/);
    rejected('a{3,2}', /invalid repeat count/);
    rejected('*a', /nothing to repeat/);
    rejected('a**', /repetition of a repetition/);
    rejected('[z-a]', /range/);
    rejected('[abc', /missing "\]"/);
    rejected('a\\', /trailing backslash|missing/);
    rejected('(?x)a', /unsupported group/);
  });

  test('lazy quantifiers are fine and the cache returns the same RegExp', () => {
    assert.equal(m('a+?b*?c??', 'aab'), true);
    assert.equal(compileGoRegex('x.+'), compileGoRegex('x.+'));
  });
});
