import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatHistogram, formatTimestamp, formatValue, parseHistogram, parseValue, ValueFormatError } from '../../../src/prometheus/values';

describe('parseValue', () => {
  test('special values become Infinity, -Infinity and NaN (Number("+Inf") would be NaN)', () => {
    assert.equal(Number('+Inf'), NaN);
    assert.equal(parseValue('+Inf'), Infinity);
    assert.equal(parseValue('-Inf'), -Infinity);
    assert.ok(Number.isNaN(parseValue('NaN')));
  });

  test('exponent and plain forms', () => {
    assert.equal(parseValue('1e+21'), 1e21);
    assert.equal(parseValue('1e-07'), 1e-7);
    assert.equal(parseValue('0.25'), 0.25);
    assert.equal(parseValue('-3'), -3);
    assert.equal(parseValue('0'), 0);
    assert.equal(parseValue(42), 42);
  });

  test('anything else is refused with the offending text', () => {
    assert.throws(() => parseValue('abc'), (e: unknown) => e instanceof ValueFormatError && /"abc"/.test(e.message));
    assert.throws(() => parseValue(''), ValueFormatError);
    assert.throws(() => parseValue(null), ValueFormatError);
    assert.throws(() => parseValue({}), ValueFormatError);
  });
});

describe('formatValue prints like Prometheus', () => {
  test('special values', () => {
    assert.equal(formatValue(Infinity), '+Inf');
    assert.equal(formatValue(-Infinity), '-Inf');
    assert.equal(formatValue(NaN), 'NaN');
  });

  test('exponent thresholds and Go exponent digits', () => {
    assert.equal(formatValue(1e21), '1e+21');
    assert.equal(formatValue(1.5e300), '1.5e+300');
    assert.equal(formatValue(123456789012345680000), '123456789012345680000');
    assert.equal(formatValue(1e-7), '1e-07');
    assert.equal(formatValue(0.000001), '0.000001');
    assert.equal(formatValue(-2.5e-9), '-2.5e-09');
  });

  test('ordinary values and zeros', () => {
    assert.equal(formatValue(0.25), '0.25');
    assert.equal(formatValue(42), '42');
    assert.equal(formatValue(0), '0');
    assert.equal(formatValue(-0), '-0');
  });

  test('round trip through parseValue', () => {
    for (const v of [1e21, -1e21, 1e-7, 0.1 + 0.2, 123.456, Infinity, -Infinity, 5e-324]) {
      assert.equal(parseValue(formatValue(v)), v);
    }
    assert.ok(Number.isNaN(parseValue(formatValue(NaN))));
  });
});

describe('native histograms', () => {
  const raw = { count: '10', sum: '3.5', buckets: [[0, '0', '0.5', '3'], [3, '0.5', '1', '7']] };

  test('parse keeps count, sum and every bucket', () => {
    const h = parseHistogram(raw);
    assert.deepEqual(h, {
      count: 10,
      sum: 3.5,
      buckets: [
        { boundaryRule: 0, lower: 0, upper: 0.5, count: 3 },
        { boundaryRule: 3, lower: 0.5, upper: 1, count: 7 },
      ],
    });
  });

  test('a histogram with infinite bounds and no buckets', () => {
    assert.deepEqual(parseHistogram({ count: '0', sum: '0' }), { count: 0, sum: 0, buckets: [] });
    assert.equal(parseHistogram({ count: '1', sum: '+Inf', buckets: [[1, '-Inf', '0', '1']] }).buckets[0].lower, -Infinity);
  });

  test('format shows count, sum and buckets with their boundary rules', () => {
    assert.equal(formatHistogram(parseHistogram(raw)), 'count=10 sum=3.5 buckets: (0,0.5]: 3, [0.5,1]: 7');
  });

  test('malformed histograms are refused', () => {
    assert.throws(() => parseHistogram('x'), ValueFormatError);
    assert.throws(() => parseHistogram({ count: '1', sum: '1', buckets: [[0, '1']] }), ValueFormatError);
  });
});

test('formatTimestamp drops .000 for whole seconds only', () => {
  assert.equal(formatTimestamp(1714644000), '2024-05-02T10:00:00Z');
  assert.equal(formatTimestamp(1714644000.5), '2024-05-02T10:00:00.500Z');
});
