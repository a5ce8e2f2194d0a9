import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chartYRange, parseQueryBody, ResultFormatError, seriesName, toPlainText, toSeries, toTable, type QueryResponse, type QueryResult,
} from '../../../src/prometheus/results';

function ok(body: unknown): QueryResponse {
  const r = parseQueryBody(JSON.stringify(body));
  assert.ok(r.ok, 'expected a success reply');
  return r.response;
}

function data(d: unknown): QueryResult {
  return ok({ status: 'success', data: d }).result;
}

describe('parseQueryBody', () => {
  test('scalar: a one-row table, no series for a chart', () => {
    const r = data({ resultType: 'scalar', result: [1714644000.5, '42'] });
    assert.deepEqual(r, { resultType: 'scalar', time: 1714644000.5, value: 42 });
    assert.deepEqual(toTable(r), { columns: ['time', 'value'], rows: [['2024-05-02T10:00:00.500Z', '42']] });
    assert.deepEqual(toSeries(r), { series: [] });
    assert.equal(chartYRange(toSeries(r).series), null);
    assert.equal(toPlainText(r), 'scalar: 42 @ 2024-05-02T10:00:00.500Z');
  });

  test('string: a one-row table, no series for a chart', () => {
    const r = data({ resultType: 'string', result: [1714644000.5, 'up'] });
    assert.deepEqual(r, { resultType: 'string', time: 1714644000.5, value: 'up' });
    assert.deepEqual(toTable(r), { columns: ['time', 'value'], rows: [['2024-05-02T10:00:00.500Z', 'up']] });
    assert.deepEqual(toSeries(r), { series: [] });
    assert.equal(toPlainText(r), 'string: "up" @ 2024-05-02T10:00:00.500Z');
  });

  test('vector: label columns (name first), special values parsed and printed', () => {
    const r = data({
      resultType: 'vector',
      result: [
        { metric: { __name__: 'x', model: 'a' }, value: [1714644000, '+Inf'] },
        { metric: { __name__: 'x', model: 'b', tenant: 't' }, value: [1714644000, '-Inf'] },
        { metric: { model: 'c' }, value: [1714644000, 'NaN'] },
        { metric: {}, value: [1714644000, '1e+21'] },
      ],
    });
    assert.equal(r.resultType, 'vector');
    if (r.resultType !== 'vector') return;
    assert.deepEqual(r.samples.map((s) => s.value), [Infinity, -Infinity, NaN, 1e21]);
    assert.deepEqual(toTable(r), {
      columns: ['__name__', 'model', 'tenant', 'value'],
      rows: [['x', 'a', '', '+Inf'], ['x', 'b', 't', '-Inf'], ['', 'c', '', 'NaN'], ['', '', '', '1e+21']],
    });
    assert.equal(
      toPlainText(r),
      ['x{model="a"} +Inf', 'x{model="b", tenant="t"} -Inf', '{model="c"} NaN', '{} 1e+21', '@ 2024-05-02T10:00:00Z'].join('\n'),
    );
    assert.deepEqual(toSeries(r), { series: [] });
  });

  test('empty vector', () => {
    const r = data({ resultType: 'vector', result: [] });
    assert.deepEqual(toTable(r), { columns: ['value'], rows: [] });
    assert.equal(toPlainText(r), '(empty vector: no series matched)');
  });

  test('matrix: points become numbers in place; chart range leaves non-finite points out', () => {
    const r = data({
      resultType: 'matrix',
      result: [
        { metric: { __name__: 'lat', model: 'a' }, values: [[100, '1'], [115, '+Inf'], [130, '3']] },
        { metric: { model: 'b' }, values: [[100, 'NaN'], [115, '-2'], [130, '-Inf']] },
      ],
    });
    const { series } = toSeries(r);
    assert.deepEqual(series.map((s) => s.name), ['lat{model="a"}', '{model="b"}']);
    assert.deepEqual(series[0].points, [[100, 1], [115, Infinity], [130, 3]]);
    assert.deepEqual(series[1].points, [[100, NaN], [115, -2], [130, -Infinity]]);
    assert.deepEqual(chartYRange(series), { min: -2, max: 3 });
    assert.deepEqual(toTable(r), {
      columns: ['__name__', 'model', 'points', 'min', 'max', 'last'],
      rows: [['lat', 'a', '3', '1', '3', '3'], ['', 'b', '3', '-2', '-2', '-Inf']],
    });
    assert.equal(
      toPlainText(r, { maxPointsPerSeries: 2 }),
      [
        'lat{model="a"}', '  1970-01-01T00:01:40Z 1', '  1970-01-01T00:01:55Z +Inf', '  … 1 more points',
        '{model="b"}', '  1970-01-01T00:01:40Z NaN', '  1970-01-01T00:01:55Z -2', '  … 1 more points',
      ].join('\n'),
    );
  });

  test('chart range of series with only non-finite values is null', () => {
    assert.equal(chartYRange([{ points: [[1, NaN], [2, Infinity]] }]), null);
    assert.equal(chartYRange([]), null);
  });

  test('native histograms in a vector are kept and shown', () => {
    const r = data({
      resultType: 'vector',
      result: [{ metric: { __name__: 'h' }, histogram: [1714644000, { count: '4', sum: '2', buckets: [[0, '0.5', '1', '4']] }] }],
    });
    assert.equal(r.resultType, 'vector');
    if (r.resultType !== 'vector') return;
    assert.deepEqual(r.samples[0].histogram, { count: 4, sum: 2, buckets: [{ boundaryRule: 0, lower: 0.5, upper: 1, count: 4 }] });
    assert.equal(r.samples[0].value, null);
    assert.deepEqual(toTable(r).rows, [['h', 'count=4 sum=2 buckets: (0.5,1]: 4']]);
    assert.equal(toPlainText(r).split('\n')[0], 'h count=4 sum=2 buckets: (0.5,1]: 4');
  });

  test('native histograms in a matrix are kept, charted by count and printed in full', () => {
    const r = data({
      resultType: 'matrix',
      result: [{
        metric: { __name__: 'h' },
        histograms: [[100, { count: '1', sum: '0.5', buckets: [[0, '0', '1', '1']] }], [115, { count: '3', sum: '2', buckets: [[0, '0', '1', '3']] }]],
      }],
    });
    const { series } = toSeries(r);
    assert.equal(series[0].histograms.length, 2);
    assert.deepEqual(series[0].histograms[1][1], { count: 3, sum: 2, buckets: [{ boundaryRule: 0, lower: 0, upper: 1, count: 3 }] });
    assert.deepEqual(series[0].points, [[100, 1], [115, 3]]);
    assert.deepEqual(toTable(r).rows, [['h', '2', '', '', 'count=3 sum=2 buckets: (0,1]: 3']]);
    assert.equal(toPlainText(r), ['h', '  1970-01-01T00:01:40Z count=1 sum=0.5 buckets: (0,1]: 1', '  1970-01-01T00:01:55Z count=3 sum=2 buckets: (0,1]: 3'].join('\n'));
  });

  test('warnings and infos are two distinct lists', () => {
    const r = ok({ status: 'success', data: { resultType: 'vector', result: [] }, warnings: ['w1'], infos: ['i1', 'i2'] });
    assert.deepEqual(r.warnings, ['w1']);
    assert.deepEqual(r.infos, ['i1', 'i2']);
    const none = ok({ status: 'success', data: { resultType: 'vector', result: [] } });
    assert.deepEqual([none.warnings, none.infos], [[], []]);
  });

  test('an error envelope is returned with errorType and error', () => {
    const r = parseQueryBody(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 5' }));
    assert.deepEqual(r, { ok: false, error: { errorType: 'bad_data', error: 'parse error at char 5', warnings: [], infos: [] } });
  });

  test('bodies that are not the API shape are refused with a reason', () => {
    const bad = [
      ['<html>', /not JSON/],
      ['[]', /status/],
      ['{"status":"success"}', /no data/],
      ['{"status":"success","data":{"resultType":"bogus","result":[]}}', /unknown resultType "bogus"/],
      ['{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}}', /vector sample 0: not a sample value: "x"/],
      ['{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1]]}]}}', /not \[time, value\]|point 0/],
      ['{"status":"success","data":{"resultType":"scalar","result":[1]}}', /scalar is not \[time, value\]/],
    ] as const;
    for (const [body, re] of bad) {
      assert.throws(() => parseQueryBody(body), (e: unknown) => e instanceof ResultFormatError && re.test(e.message), body);
    }
  });
});

test('seriesName', () => {
  assert.equal(seriesName({ __name__: 'up', job: 'x', instance: 'a:1' }), 'up{instance="a:1", job="x"}');
  assert.equal(seriesName({ __name__: 'up' }), 'up');
  assert.equal(seriesName({}), '{}');
  assert.equal(seriesName({ a: 'q"uote' }), '{a="q\\"uote"}');
});
