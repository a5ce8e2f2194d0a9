import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPromql, metricNames, unquote } from '../../../src/prometheus/syntax';

describe('checkPromql', () => {
  test('valid queries from the seed have no problems', () => {
    for (const q of [
      'up{job="llm-inference"} == 0',
      'sum by (model) (rate(llm_hallucination_detected_total[10m])) / sum by (model) (rate(llm_requests_total[10m])) > 0.15',
      'histogram_quantile(0.95, sum by (le) (rate(llm_request_duration_seconds_bucket[5m])))',
      'topk(10, sum(rate(llm_token_cost_dollars[1h])) by (tenant))',
      '1 - (\n  sum(rate(llm_requests_total{status="error"}[5m])) by (model)\n  / sum(rate(llm_requests_total[5m])) by (model)\n)',
      'max_over_time(up[1h:1m])',
      'rate((x[5m]))',
      'x # a comment',
    ]) {
      assert.deepEqual(checkPromql(q), [], q);
    }
  });

  test('empty query', () => {
    assert.deepEqual(checkPromql('  '), [{ message: 'The query is empty.', from: 0, to: 2 }]);
    assert.equal(checkPromql('# only a comment')[0].message, 'The query is empty.');
  });

  test('brackets: unclosed, mismatched, stray; strings not closed', () => {
    assert.deepEqual(checkPromql('sum(rate(x[5m])'), [{ message: '"(" at offset 3 is never closed: add ")".', from: 3, to: 4 }]);
    assert.deepEqual(checkPromql('sum(rate(x[5m)))'), [{ message: '")" at offset 13 does not match "[" at offset 10: expected "]".', from: 13, to: 14 }]);
    assert.deepEqual(checkPromql('x)'), [{ message: '")" at offset 1 closes nothing.', from: 1, to: 2 }]);
    assert.deepEqual(checkPromql('x{a="b}'), [{ message: 'The string starting at offset 4 is not closed: add ".', from: 4, to: 7 }]);
    assert.deepEqual(checkPromql('x{a="(}"}'), []);
  });

  test('grammar errors point at the offending token', () => {
    assert.deepEqual(checkPromql('foo{a="b"} +'), [{ message: 'The query ends too early: an operand, argument or closing part is missing.', from: 12, to: 12 }]);
    assert.deepEqual(checkPromql('1 +* 2'), [{ message: 'Unexpected "*" at offset 3.', from: 3, to: 4 }]);
    assert.deepEqual(checkPromql('unknownfn(x)'), [{ message: 'Unknown function "unknownfn".', from: 0, to: 9 }]);
  });

  test('range functions without a range', () => {
    assert.deepEqual(checkPromql('rate(x)'), [{ message: 'rate() needs a range vector as argument 1: add a range such as [5m] (for example rate(x[5m])).', from: 5, to: 6 }]);
    assert.equal(checkPromql('quantile_over_time(0.9, x)')[0].from, 24);
    assert.deepEqual(checkPromql('quantile_over_time(0.9, x[5m])'), []);
  });

  test('runbook parameters inserted as string literals parse', () => {
    assert.deepEqual(checkPromql('up{job="llm-inference", instance="llm-inference-2:8080"}'), []);
  });
});

describe('metricNames', () => {
  test('names, __name__ matchers and quoted names, deduplicated in order', () => {
    assert.deepEqual(
      metricNames('sum by (model) (rate(b_total[5m])) / sum(rate(a_total{x="1"}[5m])) + on() {__name__="c"} + {"d.e", f="g"} + b_total'),
      ['b_total', 'a_total', 'c', 'd.e'],
    );
  });
  test('regex name matchers, label names and functions are not metrics', () => {
    assert.deepEqual(metricNames('{__name__=~"llm_.*"} + sum by (model) (rate(up[5m])) + vector(1)'), ['up']);
  });
  test('a query with errors still yields the names that parse', () => {
    assert.deepEqual(metricNames('rate(llm_requests_total[5m]) +'), ['llm_requests_total']);
  });
});

test('unquote', () => {
  assert.equal(unquote('"a\\"b\\n"'), 'a"b\n');
  assert.equal(unquote("'it\\'s'"), "it's");
  assert.equal(unquote('`raw\\n`'), 'raw\\n');
  assert.equal(unquote('"\\u00e9"'), 'é');
});
