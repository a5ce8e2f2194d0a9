import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMatcher, formatMatchers, fromApiMatcher, matcherMatches, matchersForAlert, matchesAll, parseMatchers } from '../../../src/alerts/matchers';
import { InputError } from '../../../src/common/errors';
import type { Matcher } from '../../../src/alerts/model';

const eq = (name: string, value: string): Matcher => ({ name, value, isRegex: false, isEqual: true });
const ne = (name: string, value: string): Matcher => ({ name, value, isRegex: false, isEqual: false });
const re = (name: string, value: string): Matcher => ({ name, value, isRegex: true, isEqual: true });
const nre = (name: string, value: string): Matcher => ({ name, value, isRegex: true, isEqual: false });

function rejects(text: string, pattern: RegExp): void {
  assert.throws(() => parseMatchers(text), (e: unknown) => e instanceof InputError && pattern.test(e.message), `expected ${text} to be rejected with ${pattern}`);
}

describe('parseMatchers: Alertmanager syntax', () => {
  test('the four operators', () => {
    assert.deepEqual(parseMatchers('a="1", b!="2", c=~"3", d!~"4"'), [eq('a', '1'), ne('b', '2'), re('c', '3'), nre('d', '4')]);
  });

  test('unquoted values, spaces around tokens, braces and a trailing comma', () => {
    assert.deepEqual(parseMatchers('{foo = "bar", dings != "bums", }'), [eq('foo', 'bar'), ne('dings', 'bums')]);
    assert.deepEqual(parseMatchers('foo=bar,dings!=bums'), [eq('foo', 'bar'), ne('dings', 'bums')]);
    assert.deepEqual(parseMatchers('  foo  =  bar baz  '), [eq('foo', 'bar baz')]);
    assert.deepEqual(parseMatchers('statuscode=~"5.."'), [re('statuscode', '5..')]);
  });

  test('an empty text, only braces, or only spaces give no matchers', () => {
    assert.deepEqual(parseMatchers(''), []);
    assert.deepEqual(parseMatchers('{}'), []);
    assert.deepEqual(parseMatchers('   '), []);
  });

  test('commas and escaped quotes inside quoted values', () => {
    assert.deepEqual(parseMatchers('{quote="She said: \\"Hi, ladies! That\'s gender-neutral…\\""}'), [
      eq('quote', 'She said: "Hi, ladies! That\'s gender-neutral…"'),
    ]);
    assert.deepEqual(parseMatchers('a="x,y",b=z'), [eq('a', 'x,y'), eq('b', 'z')]);
  });

  test('escapes: \\" \\\\ \\n, and any other backslash stays literal', () => {
    assert.deepEqual(parseMatchers('a="x\\\\y"'), [eq('a', 'x\\y')]);
    assert.deepEqual(parseMatchers('a="line\\nnext"'), [eq('a', 'line\nnext')]);
    assert.deepEqual(parseMatchers('a="tab\\t"'), [eq('a', 'tab\\t')]);
    assert.deepEqual(parseMatchers('a=b\\'), [eq('a', 'b\\')]);
    assert.deepEqual(parseMatchers('a="\\\\"'), [eq('a', '\\')]);
  });

  test('UTF-8 label values, quoted and unquoted', () => {
    assert.deepEqual(parseMatchers('model="gpt-4o-миниатюра 😀", team=平台'), [eq('model', 'gpt-4o-миниатюра 😀'), eq('team', '平台')]);
  });

  test('a value may start with = (a==b is a = "=b")', () => {
    assert.deepEqual(parseMatchers('a==b'), [eq('a', '=b')]);
    assert.deepEqual(parseMatchers('a=~~b'), [re('a', '~b')]);
  });

  test('label names: letters, digits, _ and :, not starting with a digit', () => {
    assert.deepEqual(parseMatchers('_a:b1="x"'), [eq('_a:b1', 'x')]);
    rejects('1a=b', /expected a label name .* at character 1/);
  });

  test('errors name the position and what was expected', () => {
    rejects('a b=c', /expected one of = != =~ !~ after the label name "a" at character 3, found "b"/);
    rejects('alertname', /expected one of = != =~ !~ .* at character 10, found the end/);
    rejects('a="b', /expected a closing double quote for the value opened at character 3/);
    rejects('a=b"c"', /unescaped double quote at character 4/);
    rejects('a="b"c"', /unescaped double quote/);
    rejects('x=y, a="b"c', /unescaped double quote at character 10/);
  });

  test('an empty part between commas is an error, as in Alertmanager', () => {
    rejects('a=b,,c=d', /expected a label name .* at character 5/);
  });

  test('a brace is only stripped at the very start and end', () => {
    rejects(' {a=b}', /expected a label name .* at character 2, found "\{"/);
  });

  test('a regex that Go would reject is rejected', () => {
    rejects('a=~"("', /missing "\)"/);
    rejects('a=~"x{1001}"', /invalid repeat count/);
    rejects('a=~"(?=x)"', /unsupported group/);
  });

  test('broken UTF-16 text (a lone surrogate) is rejected', () => {
    rejects('a="\ud800"', /not valid UTF-8/);
  });
});

describe('matching', () => {
  test('regexes are anchored at both ends', () => {
    assert.equal(matcherMatches(re('x', 'a.+'), { x: 'abc' }), true);
    assert.equal(matcherMatches(re('x', 'b'), { x: 'abc' }), false);
    assert.equal(matcherMatches(re('x', 'a|b'), { x: 'ab' }), false);
    assert.equal(matcherMatches(re('x', 'a|b'), { x: 'b' }), true);
  });

  test('a missing label matches as the empty string', () => {
    assert.equal(matcherMatches(eq('x', ''), {}), true);
    assert.equal(matcherMatches(ne('x', ''), {}), false);
    assert.equal(matcherMatches(re('x', '.*'), {}), true);
    assert.equal(matcherMatches(re('x', '.+'), {}), false);
    assert.equal(matcherMatches(nre('x', 'y'), {}), true);
    assert.equal(matcherMatches(ne('x', 'y'), {}), true);
  });

  test('a label named like an Object property is not found on the prototype', () => {
    assert.equal(matcherMatches(eq('constructor', ''), {}), true);
    assert.equal(matcherMatches(eq('toString', ''), { a: 'b' }), true);
  });

  test('matchesAll needs every matcher; no matchers match everything', () => {
    const labels = { alertname: 'HighLatency', model: 'gpt-4o', severity: 'sev2' };
    assert.equal(matchesAll(parseMatchers('alertname="HighLatency",model=~"gpt-.+"'), labels), true);
    assert.equal(matchesAll(parseMatchers('alertname="HighLatency",model!~"gpt-.+"'), labels), false);
    assert.equal(matchesAll([], labels), true);
  });

  test('equality compares exactly (case, spaces, Unicode)', () => {
    assert.equal(matcherMatches(eq('a', 'X'), { a: 'x' }), false);
    assert.equal(matcherMatches(eq('a', 'x '), { a: 'x' }), false);
    assert.equal(matcherMatches(eq('a', 'é'), { a: 'é' }), true);
    assert.equal(matcherMatches(eq('a', 'é'), { a: 'e\u0301' }), false);
  });
});

describe('formatMatcher', () => {
  test('the four operators with quoted values', () => {
    assert.equal(formatMatcher(eq('team', 'db')), 'team="db"');
    assert.equal(formatMatcher(re('x', 'a.+')), 'x=~"a.+"');
    assert.equal(formatMatcher(ne('x', 'y')), 'x!="y"');
    assert.equal(formatMatcher(nre('x', 'z')), 'x!~"z"');
  });

  test('quotes, backslashes and newlines are escaped, and the text parses back to the same matchers', () => {
    const tricky = [eq('a', 'say "hi"'), ne('b', 'c:\\dir'), re('c', 'x\ny'), nre('d', '\\d+,"'), eq('e', 'ünï 😀'), eq('f', '')];
    assert.equal(formatMatcher(tricky[0]), 'a="say \\"hi\\""');
    assert.equal(formatMatcher(tricky[1]), 'b!="c:\\\\dir"');
    assert.equal(formatMatcher(tricky[2]), 'c=~"x\\ny"');
    assert.deepEqual(parseMatchers(formatMatchers(tricky)), tricky);
  });
});

describe('fromApiMatcher and matchersForAlert', () => {
  test('isEqual absent means true, isRegex absent means false', () => {
    const m = fromApiMatcher({ name: 'team', value: 'db' });
    assert.deepEqual(m, eq('team', 'db'));
    assert.equal(formatMatcher(m), 'team="db"');
    assert.deepEqual(fromApiMatcher({ name: 'x', value: 'y.*', isRegex: true, isEqual: false }), nre('x', 'y.*'));
    assert.deepEqual(fromApiMatcher({ name: 'x', value: 'y', isRegex: false, isEqual: null }), eq('x', 'y'));
  });

  test('malformed matchers are InputErrors', () => {
    for (const bad of [null, 'team=db', [], { value: 'x' }, { name: 'a' }, { name: 'a', value: 1 }, { name: 'a', value: 'b', isRegex: 'yes' }]) {
      assert.throws(() => fromApiMatcher(bad), InputError, JSON.stringify(bad));
    }
  });

  test('matchersForAlert gives equality matchers for every label, sorted by name', () => {
    const ms = matchersForAlert({ severity: 'sev1', alertname: 'NodeDown', instance: 'n1' });
    assert.equal(formatMatchers(ms), 'alertname="NodeDown", instance="n1", severity="sev1"');
    assert.equal(matchesAll(ms, { alertname: 'NodeDown', instance: 'n1', severity: 'sev1' }), true);
    assert.equal(matchesAll(ms, { alertname: 'NodeDown', instance: 'n2', severity: 'sev1' }), false);
  });
});
