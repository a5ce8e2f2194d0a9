import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatFenceInfo, parseFenceInfo } from '../../../src/notebooks/index';

describe('fence info and attributes', () => {
  test('JSON attributes', () => {
    const info = parseFenceInfo('promql {"name":"a","range":"1h","step":"1m"}');
    assert.equal(info.language, 'promql');
    assert.equal(info.encoding, 'json');
    assert.deepEqual(info.attributes, { name: 'a', range: '1h', step: '1m' });
    assert.equal(formatFenceInfo(info.language, info.attributes, info.encoding), 'promql {"name":"a","range":"1h","step":"1m"}');
  });

  test('key=value in braces, typed numbers and booleans', () => {
    const info = parseFenceInfo('kubectl {name=restart interactive=false retries=3 ratio=0.5 id=007}');
    assert.equal(info.encoding, 'kv');
    assert.equal(info.bare, false);
    assert.deepEqual(info.attributes, { name: 'restart', interactive: false, retries: 3, ratio: 0.5, id: '007' });
    assert.equal(formatFenceInfo('kubectl', info.attributes, 'kv'), 'kubectl {name=restart interactive=false retries=3 ratio=0.5 id=007}');
  });

  test('bare key=value and quoted values', () => {
    const bare = parseFenceInfo('promql name=x');
    assert.deepEqual([bare.encoding, bare.bare, bare.attributes], ['kv', true, { name: 'x' }]);
    const quoted = parseFenceInfo(`sh {title="a b" other='c d' esc="say \\"hi\\" \\\\ ok" flag}`);
    assert.deepEqual(quoted.attributes, { title: 'a b', other: 'c d', esc: 'say "hi" \\ ok', flag: true });
    const spaced = parseFenceInfo('sh { name=x }');
    assert.deepEqual([spaced.encoding, spaced.spaced, spaced.attributes], ['kv', true, { name: 'x' }]);
  });

  test('kv round trip quotes what would otherwise change type or split', () => {
    const attrs = { a: 'true', b: '12', c: 'x y', d: 'q"uote', e: '', f: 'back\\slash', g: 7, h: true, i: 'a=b', j: '{x}' };
    const text = formatFenceInfo('sh', attrs, 'kv');
    assert.equal(text, 'sh {a="true" b="12" c="x y" d="q\\"uote" e="" f="back\\\\slash" g=7 h=true i="a=b" j="{x}"}');
    assert.deepEqual(parseFenceInfo(text).attributes, attrs);
    assert.deepEqual(parseFenceInfo(formatFenceInfo('sh', attrs, 'kv', { bare: true })).attributes, attrs);
  });

  test('kv falls back to JSON for values it cannot hold', () => {
    const attrs = { nested: { a: 1 }, list: [1, 2] };
    const text = formatFenceInfo('http', attrs, 'kv');
    assert.equal(text, 'http {"nested":{"a":1},"list":[1,2]}');
    assert.deepEqual(parseFenceInfo(text).attributes, attrs);
    assert.equal(formatFenceInfo('sh', { s: 'two\nlines' }, 'kv'), 'sh {"s":"two\\nlines"}');
    assert.equal(formatFenceInfo('sh', { 'odd key': 1 }, 'kv'), 'sh {"odd key":1}');
  });

  test('JSON round trip with unicode, quotes and escapes', () => {
    const attrs = { name: 'ünïcödé ✓', q: 'a"b\\c', n: null, deep: { x: [true, 1.5] } };
    const text = formatFenceInfo('promql', attrs, 'json');
    assert.deepEqual(parseFenceInfo(text).attributes, attrs);
  });

  test('no attributes, language only, unusual info strings', () => {
    assert.deepEqual(parseFenceInfo('  sh  ').attributes, {});
    assert.equal(parseFenceInfo('sh').language, 'sh');
    assert.equal(parseFenceInfo('promql{"a":1}').language, 'promql');
    assert.deepEqual(parseFenceInfo('promql{"a":1}').attributes, { a: 1 });
    assert.equal(formatFenceInfo('sh', {}, 'json'), 'sh');
    const broken = parseFenceInfo('sh {"name": ');
    assert.match(broken.error ?? '', /do not end with/);
    assert.deepEqual(broken.attributes, {});
    const unclosed = parseFenceInfo(`sh {name="x}`);
    assert.match(unclosed.error ?? '', /unclosed " quote/);
  });

  test('a __proto__ key is plain data', () => {
    const kv = parseFenceInfo('sh {__proto__=x}');
    assert.equal(Object.getPrototypeOf(kv.attributes), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(kv.attributes, '__proto__')?.value, 'x');
    const json = parseFenceInfo('sh {"__proto__":{"polluted":1}}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(json.attributes), Object.prototype);
  });
});
