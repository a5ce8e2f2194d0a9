// The pure planning of runbook cells: which PromQL query a cell sends (instant, range, at the alert's start) and
// which request an http cell sends (GET or HEAD only, absolute http(s) URLs, header lines).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPromqlOutput, planPromqlCell } from '../../../src/notebooks/cells/promqlCell';
import { parseHttpCell } from '../../../src/notebooks/cells/httpCell';
import { InputError } from '../../../src/common/errors';
import { parseQueryBody } from '../../../src/prometheus/results';

const NOW = 1_714_644_000; // 2024-05-02T10:00:00Z
const ALERT_START = NOW - 7 * 60;

describe('planPromqlCell', () => {
  test('no attributes: an instant query now, the text trimmed', () => {
    assert.deepEqual(planPromqlCell({ query: '  up == 0\n', attributes: {}, now: NOW }), { kind: 'instant', query: 'up == 0', time: NOW });
  });

  test('range without step: ends now, about 240 points; with step: that step', () => {
    assert.deepEqual(planPromqlCell({ query: 'up', attributes: { range: '1h' }, now: NOW }), { kind: 'range', query: 'up', start: NOW - 3600, end: NOW, step: 15 });
    assert.deepEqual(planPromqlCell({ query: 'up', attributes: { range: '3h', step: '1m' }, now: NOW }), { kind: 'range', query: 'up', start: NOW - 10_800, end: NOW, step: 60 });
    assert.equal((planPromqlCell({ query: 'up', attributes: { range: '1m' }, now: NOW }) as { step: number }).step, 1, 'never a zero step');
  });

  test('at: alert is the start of the alert the runbook was opened from; a range is centred on it (never past now)', () => {
    assert.deepEqual(planPromqlCell({ query: 'up', attributes: { at: 'alert' }, now: NOW, alertStart: ALERT_START }), { kind: 'instant', query: 'up', time: ALERT_START });
    assert.deepEqual(
      planPromqlCell({ query: 'up', attributes: { at: 'alert', range: '10m', step: '30s' }, now: NOW, alertStart: ALERT_START }),
      { kind: 'range', query: 'up', start: ALERT_START - 300, end: ALERT_START + 300, step: 30 },
    );
    const wide = planPromqlCell({ query: 'up', attributes: { at: 'alert', range: '1h' }, now: NOW, alertStart: ALERT_START });
    assert.equal(wide.kind === 'range' && wide.end, NOW, 'the range stops at now');
  });

  test('at: alert without an alert is refused with what to do', () => {
    assert.throws(() => planPromqlCell({ query: 'up', attributes: { at: 'alert' }, now: NOW }), (e: unknown) => e instanceof InputError && /not opened from an alert/.test(e.message));
  });

  test('at: now, unix seconds and RFC 3339; anything else is refused', () => {
    assert.equal((planPromqlCell({ query: 'up', attributes: { at: 'now' }, now: NOW }) as { time: number }).time, NOW);
    assert.equal((planPromqlCell({ query: 'up', attributes: { at: 1714640000 }, now: NOW }) as { time: number }).time, 1714640000);
    assert.equal((planPromqlCell({ query: 'up', attributes: { at: '2024-05-02T09:00:00Z' }, now: NOW }) as { time: number }).time, NOW - 3600);
    assert.throws(() => planPromqlCell({ query: 'up', attributes: { at: 'yesterday' }, now: NOW }), (e: unknown) => e instanceof InputError && /"yesterday" is not a time/.test(e.message));
  });

  test('an empty cell and a bad range are refused before anything is sent', () => {
    assert.throws(() => planPromqlCell({ query: ' \n', attributes: {}, now: NOW }), /The PromQL cell is empty/);
    assert.throws(() => planPromqlCell({ query: 'up', attributes: { range: 'an hour' }, now: NOW }));
  });
});

describe('buildPromqlOutput', () => {
  const response = (data: unknown, extra: Record<string, unknown> = {}) => {
    const r = parseQueryBody(JSON.stringify({ status: 'success', data, ...extra }));
    assert.ok(r.ok);
    return r.response;
  };

  test('instant results are a table; warnings and infos are two kinds of notice', () => {
    const out = buildPromqlOutput(
      { kind: 'instant', query: 'x', time: NOW },
      response({ resultType: 'vector', result: [{ metric: { model: 'a' }, value: [NOW, '+Inf'] }] }, { warnings: ['w1'], infos: ['i1'] }),
    );
    assert.deepEqual(out.table, { columns: ['model', 'value'], rows: [['a', '+Inf']] });
    assert.equal(out.chart, undefined, 'no chart for an instant result');
    assert.deepEqual(out.notices, [{ kind: 'warning', text: 'w1' }, { kind: 'info', text: 'i1' }]);
    assert.equal(out.when, 'at 2024-05-02T10:00:00Z');
  });

  test('scalar and string results: a one-row table, no chart', () => {
    for (const data of [{ resultType: 'scalar', result: [1714644000.5, '42'] }, { resultType: 'string', result: [1714644000.5, 'up'] }]) {
      const out = buildPromqlOutput({ kind: 'instant', query: 'x', time: NOW }, response(data));
      assert.equal(out.table?.rows.length, 1);
      assert.equal(out.chart, undefined);
    }
  });

  test('range results are chart columns on one time axis; non-finite and missing points become gaps (null)', () => {
    const out = buildPromqlOutput(
      { kind: 'range', query: 'x', start: NOW - 60, end: NOW, step: 30 },
      response({
        resultType: 'matrix',
        result: [
          { metric: { model: 'a' }, values: [[NOW - 60, '1'], [NOW - 30, 'NaN'], [NOW, '+Inf']] },
          { metric: { model: 'b' }, values: [[NOW - 30, '-Inf'], [NOW, '2.5']] },
        ],
      }),
    );
    assert.deepEqual(out.chart, {
      names: ['{model="a"}', '{model="b"}'],
      times: [NOW - 60, NOW - 30, NOW],
      values: [[1, null, null], [null, null, 2.5]],
    });
    assert.equal(out.table, undefined);
    assert.equal(out.version, 2);
    assert.equal(out.when, '2024-05-02T09:59:00Z → 2024-05-02T10:00:00Z step 30s');
  });
});

describe('parseHttpCell', () => {
  test('GET by default, HEAD, header lines, comments and blank lines', () => {
    const get = parseHttpCell('# provider health\nhttps://status.example.com/api/v2/status.json\n');
    assert.equal(get.method, 'GET');
    assert.equal(get.url.toString(), 'https://status.example.com/api/v2/status.json');
    const head = parseHttpCell('head http://127.0.0.1:8080/healthz HTTP/1.1\r\nAccept: application/json\r\n\r\nX-Probe:  oncall\n');
    assert.equal(head.method, 'HEAD');
    assert.deepEqual(head.headers, { Accept: 'application/json', 'X-Probe': 'oncall' });
  });

  test('only read-only methods, absolute http(s) URLs and well-formed header lines', () => {
    const refused = (text: string, re: RegExp) => assert.throws(() => parseHttpCell(text), (e: unknown) => e instanceof InputError && re.test(e.message), text);
    refused('POST https://api.example.com/v1/chat', /only send GET or HEAD/);
    refused('DELETE https://api.example.com/x', /DELETE is not allowed/);
    refused('GET /healthz', /not an absolute URL/);
    refused('GET file:///etc/passwd', /Only http and https URLs/);
    refused('GET https://x.example\nnot a header', /is not a header line/);
    refused('\n# nothing\n', /The http cell is empty/);
    refused('GET https://a.example https://b.example', /first line of an http cell is "METHOD URL"/);
  });
});
